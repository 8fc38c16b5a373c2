"""``disclosure_rules.model``: the old import path of
:mod:`disclosure_rules.ruleset.model`, kept so plugins written against it keep working.

Any other name of that module is looked up there on first use."""

from __future__ import annotations

import importlib
from typing import Any

import disclosure_rules.ruleset.model as _moved
from disclosure_rules.ruleset.kinds import current as current_kinds
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


#: The built-in rule classes, importable from here as before (``from disclosure_rules.model
#: import PresentRule``); they live in their kinds' modules now.
_BUILTIN_CLASSES = {
    "PresentRule": "present",
    "AccompaniedRule": "accompanied",
    "TimelyRule": "timely",
    "FreshRule": "fresh",
    "UpdatedAfterRule": "updated_after",
    "RespondedRule": "responded",
    "ShareRule": "share",
    "AttestedRule": "attested",
}


def __getattr__(name: str) -> Any:
    """The built-in rule classes (from their kinds' modules), ``RULE_KINDS`` /
    ``RULE_KIND_LABELS`` of the kinds in use, and any other name of the moved module."""
    if name in _BUILTIN_CLASSES:
        module = importlib.import_module(f"disclosure_rules.rules.{_BUILTIN_CLASSES[name]}")
        return getattr(module, name)
    if name in ("RULE_KINDS", "RULE_KIND_LABELS"):
        kinds = list(current_kinds())
        if name == "RULE_KINDS":
            return {k.name: k.params for k in kinds}
        return {k.name: k.label for k in kinds}
    return getattr(_moved, name)
