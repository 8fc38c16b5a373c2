"""``disclosure_rules.ruleset_loader``: the old import path of
:mod:`disclosure_rules.ruleset.loader`, kept so plugins written against it keep working.

Any other name of that module is looked up there on first use."""

from __future__ import annotations

from typing import Any

import disclosure_rules.ruleset.loader as _moved
from disclosure_rules.ruleset.loader import (
    DEFAULT_BOUNDS,
    PARAM_BOUNDS,
    SCHEMA_VERSION,
    load_ruleset,
    load_units,
    load_waivers,
    loads_ruleset,
)

__all__ = [
    "DEFAULT_BOUNDS",
    "PARAM_BOUNDS",
    "SCHEMA_VERSION",
    "load_ruleset",
    "load_units",
    "load_waivers",
    "loads_ruleset",
]


def __getattr__(name: str) -> Any:
    return getattr(_moved, name)
