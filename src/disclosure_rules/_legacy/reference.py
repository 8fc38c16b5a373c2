"""``disclosure_rules.reference``: the old import path of
:mod:`disclosure_rules.engine.reference`, kept so plugins written against it keep working."""

from __future__ import annotations

from disclosure_rules.engine.reference import (
    ReferenceContext,
    evaluate_reference,
)

__all__ = [
    "ReferenceContext",
    "evaluate_reference",
]
