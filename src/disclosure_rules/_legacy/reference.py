"""``disclosure_rules.reference``: the old import path of
:mod:`disclosure_rules.engine.reference`, kept so plugins written against it keep working.

Any other name of that module is looked up there on first use."""

from __future__ import annotations

from typing import Any

import disclosure_rules.engine.reference as _moved
from disclosure_rules.engine.reference import (
    ReferenceContext,
    evaluate_reference,
)

__all__ = [
    "ReferenceContext",
    "evaluate_reference",
]


def __getattr__(name: str) -> Any:
    return getattr(_moved, name)
