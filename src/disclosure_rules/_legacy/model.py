"""``disclosure_rules.model``: the old import path of
:mod:`disclosure_rules.ruleset.model`, kept so plugins written against it keep working.

Any other name of that module is looked up there on first use."""

from __future__ import annotations

from typing import Any

import disclosure_rules.ruleset.model as _moved
from disclosure_rules.ruleset.model import (
    CHECKED_ROLES,
    Assignment,
    Condition,
    EvidenceKind,
    FieldSpec,
    FieldType,
    Op,
    Role,
    Rule,
    Ruleset,
    Task,
    Unit,
    UnitGroup,
    UnitRegistry,
    Waiver,
)

__all__ = [
    "CHECKED_ROLES",
    "Assignment",
    "Condition",
    "EvidenceKind",
    "FieldSpec",
    "FieldType",
    "Op",
    "Role",
    "Rule",
    "Ruleset",
    "Task",
    "Unit",
    "UnitGroup",
    "UnitRegistry",
    "Waiver",
]


def __getattr__(name: str) -> Any:
    return getattr(_moved, name)
