"""``disclosure_rules.import_review``: the old import path of
:mod:`disclosure_rules.importing.review`, kept so plugins written against it keep working.

Any other name of that module is looked up there on first use."""

from __future__ import annotations

from typing import Any

import disclosure_rules.importing.review as _moved
from disclosure_rules.importing.review import (
    RuleHint,
    UnknownName,
    rule_hints,
    unknown_names,
)

__all__ = [
    "RuleHint",
    "UnknownName",
    "rule_hints",
    "unknown_names",
]


def __getattr__(name: str) -> Any:
    return getattr(_moved, name)
