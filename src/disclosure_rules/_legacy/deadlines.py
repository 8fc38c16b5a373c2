"""``disclosure_rules.deadlines``: the old import path of
:mod:`disclosure_rules.ruleset.deadlines`, kept so plugins written against it keep working."""

from __future__ import annotations

from disclosure_rules.ruleset.deadlines import (
    DEFAULT_TIMELY_WORKING_DAYS,
    ContinuousDeadline,
    Deadline,
    ExternalDeadline,
    FixedDeadline,
    Lang,
    Period,
    TimelyDeadline,
    parse_deadline,
)

__all__ = [
    "DEFAULT_TIMELY_WORKING_DAYS",
    "ContinuousDeadline",
    "Deadline",
    "ExternalDeadline",
    "FixedDeadline",
    "Lang",
    "Period",
    "TimelyDeadline",
    "parse_deadline",
]
