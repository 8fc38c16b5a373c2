"""The engine: compiling rules into a plan, the backends that match it (durable-rules, index,
reference), the verdicts and their reasons.

The names below are those of :mod:`.evaluator`, re-exported so that
``from disclosure_rules.engine import evaluate`` keeps working;
any other name of it is looked up there on first use."""

from __future__ import annotations

from typing import Any

from . import evaluator as _moved
from .evaluator import (
    BACKENDS,
    DEFAULT_SHARD_SESSIONS,
    Added,
    Evaluator,
    apply_failures,
    apply_waivers,
    check_invariants,
    evaluate,
    iter_sessions,
    match_durable,
    match_index,
    partition,
    raw_findings,
    resolve_units,
)

__all__ = [
    "BACKENDS",
    "DEFAULT_SHARD_SESSIONS",
    "Added",
    "Evaluator",
    "apply_failures",
    "apply_waivers",
    "check_invariants",
    "evaluate",
    "iter_sessions",
    "match_durable",
    "match_index",
    "partition",
    "raw_findings",
    "resolve_units",
]


def __getattr__(name: str) -> Any:
    return getattr(_moved, name)
