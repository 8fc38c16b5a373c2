"""``disclosure_rules.collectors``: the old import path of
:mod:`disclosure_rules.collect.collectors`, kept so plugins written against it keep working.

Any other name of that module is looked up there on first use."""

from __future__ import annotations

from typing import Any

import disclosure_rules.collect.collectors as _moved
from disclosure_rules.collect.collectors import (
    CollectConfig,
    CollectContext,
    Collector,
    CollectorCache,
    HttpClient,
    HttpError,
    HttpResponse,
    HttpSettings,
    KindProblem,
    Location,
    Problem,
    Progress,
    RawRecord,
    decode_html,
)

__all__ = [
    "CollectConfig",
    "CollectContext",
    "Collector",
    "CollectorCache",
    "HttpClient",
    "HttpError",
    "HttpResponse",
    "HttpSettings",
    "KindProblem",
    "Location",
    "Problem",
    "Progress",
    "RawRecord",
    "decode_html",
]


def __getattr__(name: str) -> Any:
    return getattr(_moved, name)
