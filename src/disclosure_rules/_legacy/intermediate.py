"""``disclosure_rules.intermediate``: the old import path of
:mod:`disclosure_rules.engine.intermediate`, kept so plugins written against it keep working.

Any other name of that module is looked up there on first use."""

from __future__ import annotations

from typing import Any

import disclosure_rules.engine.intermediate as _moved
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


def __getattr__(name: str) -> Any:
    return getattr(_moved, name)
