"""``disclosure_rules.durable_backend``: the old import path of
:mod:`disclosure_rules.engine.durable_backend`, kept so plugins written against it keep working.

Any other name of that module is looked up there on first use."""

from __future__ import annotations

from typing import Any

import disclosure_rules.engine.durable_backend as _moved
from disclosure_rules.engine.durable_backend import (
    DEFAULT_SESSION_FACTS,
    ITEM,
    MAX_SESSION_FACTS,
    PROBE,
    RULE,
    Matcher,
    QuietHost,
    Session,
    ShardOutcome,
    fnv1a32,
    match_shard,
    session_facts,
    unique_ids,
)

__all__ = [
    "DEFAULT_SESSION_FACTS",
    "ITEM",
    "MAX_SESSION_FACTS",
    "PROBE",
    "RULE",
    "Matcher",
    "QuietHost",
    "Session",
    "ShardOutcome",
    "fnv1a32",
    "match_shard",
    "session_facts",
    "unique_ids",
]


def __getattr__(name: str) -> Any:
    return getattr(_moved, name)
