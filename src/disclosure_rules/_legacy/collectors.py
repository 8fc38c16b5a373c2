"""``disclosure_rules.collectors``: the old import path of
:mod:`disclosure_rules.collect.collectors`, kept so plugins written against it keep working."""

from __future__ import annotations

from disclosure_rules.collect.collectors import (
    CollectConfig,
    CollectContext,
    Collector,
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
