"""``disclosure_rules.table_columns``: the old import path of
:mod:`disclosure_rules.importing.columns`, kept so plugins written against it keep working.

Any other name of that module is looked up there on first use."""

from __future__ import annotations

from typing import Any

import disclosure_rules.importing.columns as _moved
from disclosure_rules.importing.columns import (
    COLUMN_LABELS,
    REQUIRED,
    column_of,
)

__all__ = [
    "COLUMN_LABELS",
    "REQUIRED",
    "column_of",
]


def __getattr__(name: str) -> Any:
    return getattr(_moved, name)
