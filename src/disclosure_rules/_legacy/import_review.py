"""``disclosure_rules.import_review``: the old import path of
:mod:`disclosure_rules.importing.review`, kept so plugins written against it keep working."""

from __future__ import annotations

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
