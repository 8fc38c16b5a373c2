"""``disclosure_rules.result_reading``: the old import path of
:mod:`disclosure_rules.results.reading`, kept so plugins written against it keep working.

Any other name of that module is looked up there on first use."""

from __future__ import annotations

from typing import Any

import disclosure_rules.results.reading as _moved
from disclosure_rules.results.reading import (
    result_from_json,
)

__all__ = [
    "result_from_json",
]


def __getattr__(name: str) -> Any:
    return getattr(_moved, name)
