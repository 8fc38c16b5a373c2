"""``disclosure_rules.loopback``: the old import path of
:mod:`disclosure_rules.collect.loopback`, kept so plugins written against it keep working."""

from __future__ import annotations

from disclosure_rules.collect.loopback import (
    serve_directory,
)

__all__ = [
    "serve_directory",
]
