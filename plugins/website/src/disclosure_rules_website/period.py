"""How far back a crawl must read: the rule set's period, with a margin for its longest window.

Lists are read newest first; entries older than :func:`crawl_since` cannot change a verdict of
the rule set's year (the longest window — 20 working days to interpret, 14 days between
updates — reaches back at most that far), so the crawl stops there, and a limit that cuts only
such entries is not a gap.
"""

from __future__ import annotations

from datetime import date, timedelta

from disclosure_rules.model import (
    AccompaniedRule,
    FreshRule,
    RespondedRule,
    Ruleset,
    TimelyRule,
)

#: The least margin, in calendar days, whatever the rules say.
MIN_MARGIN_DAYS = 31
#: Calendar days a run of working days can span at most: weekends, plus a week of holidays
#: (春节 and 国庆 close up to 8 days in a row).
HOLIDAY_DAYS = 15


def _calendar_days(working_days: int) -> int:
    return working_days * 7 // 5 + 1 + HOLIDAY_DAYS


def margin_days(ruleset: Ruleset) -> int:
    """The longest window of the rule set's rules, in calendar days (at least a month)."""
    longest = MIN_MARGIN_DAYS
    for _task, rule in ruleset.rules():
        if isinstance(rule, AccompaniedRule | TimelyRule):
            longest = max(longest, _calendar_days(rule.within))
        elif isinstance(rule, RespondedRule):
            longest = max(longest, _calendar_days(rule.within + rule.extension_days))
        elif isinstance(rule, FreshRule):
            longest = max(longest, rule.max_age_days)
    return longest


def crawl_since(ruleset: Ruleset) -> date:
    """The oldest date a crawl for ``ruleset`` needs: 1 January of its year minus the margin."""
    return date(ruleset.year, 1, 1) - timedelta(days=margin_days(ruleset))
