"""``disclosure_rules.intermediate``: the old import path of
:mod:`disclosure_rules.engine.intermediate`, kept so plugins written against it keep working."""

from __future__ import annotations

from disclosure_rules.engine.intermediate import (
    Decide,
    Matches,
    Plan,
    PlanContext,
    Slot,
    by_unit,
    compile_plan,
    fixed,
)

__all__ = [
    "Decide",
    "Matches",
    "Plan",
    "PlanContext",
    "Slot",
    "by_unit",
    "compile_plan",
    "fixed",
]
