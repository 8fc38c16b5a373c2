"""``disclosure_rules.reasons``: the old import path of
:mod:`disclosure_rules.engine.reasons`, kept so plugins written against it keep working.

Any other name of that module is looked up there on first use."""

from __future__ import annotations

from typing import Any

import disclosure_rules.engine.reasons as _moved
from disclosure_rules.engine.reasons import (
    Lang,
    document,
    render,
)

__all__ = [
    "Lang",
    "document",
    "render",
]


def __getattr__(name: str) -> Any:
    return getattr(_moved, name)
