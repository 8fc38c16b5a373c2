"""``disclosure_rules.semantics``: the old import path of
:mod:`disclosure_rules.engine.semantics`, kept so plugins written against it keep working."""

from __future__ import annotations

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
