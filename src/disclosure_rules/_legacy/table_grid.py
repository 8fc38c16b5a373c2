"""``disclosure_rules.table_grid``: the old import path of
:mod:`disclosure_rules.importing.grid`, kept so plugins written against it keep working.

Any other name of that module is looked up there on first use."""

from __future__ import annotations

from typing import Any

import disclosure_rules.importing.grid as _moved
from disclosure_rules.importing.grid import (
    find_header,
    parse_grid,
    to_grid,
)

__all__ = [
    "find_header",
    "parse_grid",
    "to_grid",
]


def __getattr__(name: str) -> Any:
    return getattr(_moved, name)
