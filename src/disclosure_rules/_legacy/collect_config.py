"""``disclosure_rules.collect_config``: the old import path of
:mod:`disclosure_rules.collect.config`, kept so plugins written against it keep working."""

from __future__ import annotations

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
