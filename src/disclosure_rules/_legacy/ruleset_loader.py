"""``disclosure_rules.ruleset_loader``: the old import path of
:mod:`disclosure_rules.ruleset.loader`, kept so plugins written against it keep working."""

from __future__ import annotations

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
