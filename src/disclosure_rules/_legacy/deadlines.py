"""``disclosure_rules.deadlines``: the old import path of
:mod:`disclosure_rules.ruleset.deadlines`, kept so plugins written against it keep working.

Any other name of that module is looked up there on first use."""

from __future__ import annotations

from typing import Any

import disclosure_rules.ruleset.deadlines as _moved
from disclosure_rules.ruleset.deadlines import (
    DEFAULT_TIMELY_WORKING_DAYS,
    REST_DAY_BASIS,
    REST_DAY_RULES,
    ContinuousDeadline,
    Deadline,
    ExternalDeadline,
    FixedDeadline,
    Lang,
    Period,
    PeriodEnd,
    RestDayRule,
    TimelyDeadline,
    moved_text,
    parse_deadline,
    period_end,
    rest_day_basis,
)

__all__ = [
    "DEFAULT_TIMELY_WORKING_DAYS",
    "REST_DAY_BASIS",
    "REST_DAY_RULES",
    "ContinuousDeadline",
    "Deadline",
    "ExternalDeadline",
    "FixedDeadline",
    "Lang",
    "Period",
    "PeriodEnd",
    "RestDayRule",
    "TimelyDeadline",
    "moved_text",
    "parse_deadline",
    "period_end",
    "rest_day_basis",
]


def __getattr__(name: str) -> Any:
    return getattr(_moved, name)
