"""``disclosure_rules.yaml_nodes``: the old import path of
:mod:`disclosure_rules.ruleset.yaml_nodes`, kept so plugins written against it keep working.

Any other name of that module is looked up there on first use."""

from __future__ import annotations

from typing import Any

import disclosure_rules.ruleset.yaml_nodes as _moved
from disclosure_rules.ruleset.yaml_nodes import (
    MAX_BYTES,
    MAX_DEPTH,
    MAX_NODE_VISITS,
    MAX_NODES,
    Reader,
    compose,
    read_text,
)

__all__ = [
    "MAX_BYTES",
    "MAX_DEPTH",
    "MAX_NODES",
    "MAX_NODE_VISITS",
    "Reader",
    "compose",
    "read_text",
]


def __getattr__(name: str) -> Any:
    return getattr(_moved, name)
