"""``disclosure_rules.workdays``: the old import path of
:mod:`disclosure_rules.ruleset.workdays`, kept so plugins written against it keep working.

Any other name of that module is looked up there on first use."""

from __future__ import annotations

from typing import Any

import disclosure_rules.ruleset.workdays as _moved
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


def __getattr__(name: str) -> Any:
    return getattr(_moved, name)
