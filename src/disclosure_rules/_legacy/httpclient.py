"""``disclosure_rules.httpclient``: the old import path of
:mod:`disclosure_rules.collect.httpclient`, kept so plugins written against it keep working."""

from __future__ import annotations

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
