"""``disclosure_rules.workdays``: the old import path of
:mod:`disclosure_rules.ruleset.workdays`, kept so plugins written against it keep working."""

from __future__ import annotations

from disclosure_rules.ruleset.workdays import (
    EPOCH,
    WorkingCalendar,
    YearSchedule,
    default_calendar,
    missing_year_message,
)

__all__ = [
    "EPOCH",
    "WorkingCalendar",
    "YearSchedule",
    "default_calendar",
    "missing_year_message",
]
