"""``disclosure_rules.changes``: the old import path of
:mod:`disclosure_rules.results.changes`, kept so plugins written against it keep working.

Any other name of that module is looked up there on first use."""

from __future__ import annotations

from typing import Any

import disclosure_rules.results.changes as _moved
from disclosure_rules.results.changes import (
    Change,
    FindingKey,
    diff_findings,
)

__all__ = [
    "Change",
    "FindingKey",
    "diff_findings",
]


def __getattr__(name: str) -> Any:
    return getattr(_moved, name)
