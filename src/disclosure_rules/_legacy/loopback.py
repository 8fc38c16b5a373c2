"""``disclosure_rules.loopback``: the old import path of
:mod:`disclosure_rules.collect.loopback`, kept so plugins written against it keep working.

Any other name of that module is looked up there on first use."""

from __future__ import annotations

from typing import Any

import disclosure_rules.collect.loopback as _moved
from disclosure_rules.collect.loopback import (
    serve_directory,
)

__all__ = [
    "serve_directory",
]


def __getattr__(name: str) -> Any:
    return getattr(_moved, name)
