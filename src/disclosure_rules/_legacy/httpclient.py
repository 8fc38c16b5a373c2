"""``disclosure_rules.httpclient``: the old import path of
:mod:`disclosure_rules.collect.httpclient`, kept so plugins written against it keep working.

Any other name of that module is looked up there on first use."""

from __future__ import annotations

from typing import Any

import disclosure_rules.collect.httpclient as _moved
from disclosure_rules.collect.httpclient import (
    MAX_REDIRECTS,
    HttpClient,
    HttpError,
    HttpResponse,
    decode_html,
)

__all__ = [
    "MAX_REDIRECTS",
    "HttpClient",
    "HttpError",
    "HttpResponse",
    "decode_html",
]


def __getattr__(name: str) -> Any:
    return getattr(_moved, name)
