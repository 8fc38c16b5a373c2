"""``disclosure_rules.semantics``: the old import path of
:mod:`disclosure_rules.engine.semantics`, kept so plugins written against it keep working.

Any other name of that module is looked up there on first use."""

from __future__ import annotations

from typing import Any

import disclosure_rules.engine.semantics as _moved
from disclosure_rules.engine.semantics import (
    UNDATED,
    UnitDue,
    all_hold,
    condition_holds,
    condition_text,
    field_value,
    item_limit,
    kind_label,
    period_label,
    periods,
    record_day,
    unit_due,
    visible,
    year_span,
)

__all__ = [
    "UNDATED",
    "UnitDue",
    "all_hold",
    "condition_holds",
    "condition_text",
    "field_value",
    "item_limit",
    "kind_label",
    "period_label",
    "periods",
    "record_day",
    "unit_due",
    "visible",
    "year_span",
]


def __getattr__(name: str) -> Any:
    return getattr(_moved, name)
