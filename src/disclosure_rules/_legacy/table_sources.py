"""``disclosure_rules.table_sources``: the old import path of
:mod:`disclosure_rules.importing.sources`, kept so plugins written against it keep working.

Any other name of that module is looked up there on first use."""

from __future__ import annotations

from typing import Any

import disclosure_rules.importing.sources as _moved
from disclosure_rules.importing.grid import to_grid
from disclosure_rules.importing.sources import (
    FORMS,
    MAX_GRID_COLUMNS,
    MAX_GRID_ROWS,
    MAX_LINE_CHARS,
    MAX_OFFICE_BYTES,
    GridCell,
    GridTable,
    decode_text,
    read_source,
    sniff_form,
    to_grids,
)

__all__ = [
    "FORMS",
    "MAX_GRID_COLUMNS",
    "MAX_GRID_ROWS",
    "MAX_LINE_CHARS",
    "MAX_OFFICE_BYTES",
    "GridCell",
    "GridTable",
    "decode_text",
    "read_source",
    "sniff_form",
    "to_grid",
    "to_grids",
]


def __getattr__(name: str) -> Any:
    return getattr(_moved, name)
