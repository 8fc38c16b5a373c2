"""``disclosure_rules.table_grid``: the old import path of
:mod:`disclosure_rules.importing.grid`, kept so plugins written against it keep working."""

from __future__ import annotations

from disclosure_rules.importing.grid import (
    find_header,
    parse_grid,
)

__all__ = [
    "find_header",
    "parse_grid",
]
