"""``disclosure_rules.collect_config``: the old import path of
:mod:`disclosure_rules.collect.config`, kept so plugins written against it keep working.

Any other name of that module is looked up there on first use."""

from __future__ import annotations

from typing import Any

import disclosure_rules.collect.config as _moved
from disclosure_rules.collect.config import (
    OUTPUT_FORMATS,
    CollectConfig,
    HttpSettings,
    TimedCollector,
)

__all__ = [
    "OUTPUT_FORMATS",
    "CollectConfig",
    "HttpSettings",
    "TimedCollector",
]


def __getattr__(name: str) -> Any:
    return getattr(_moved, name)
