"""``disclosure_rules.verdicts``: the old import path of
:mod:`disclosure_rules.engine.verdicts`, kept so plugins written against it keep working.

Any other name of that module is looked up there on first use."""

from __future__ import annotations

from typing import Any

import disclosure_rules.engine.verdicts as _moved
from disclosure_rules.engine.verdicts import (
    MAX_LISTED,
    Dated,
    Gap,
    Subject,
    by_day,
    checkpoints,
    count_by_due,
    count_in_period,
    describe,
    fresh_age,
    fresh_gap,
    gaps_of,
    item_undated,
    none_to_check,
    share,
    within_limit,
)

__all__ = [
    "MAX_LISTED",
    "Dated",
    "Gap",
    "Subject",
    "by_day",
    "checkpoints",
    "count_by_due",
    "count_in_period",
    "describe",
    "fresh_age",
    "fresh_gap",
    "gaps_of",
    "item_undated",
    "none_to_check",
    "share",
    "within_limit",
]


def __getattr__(name: str) -> Any:
    return getattr(_moved, name)
