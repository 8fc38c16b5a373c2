"""``disclosure_rules.table_columns``: the old import path of
:mod:`disclosure_rules.importing.columns`, kept so plugins written against it keep working."""

from __future__ import annotations

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
