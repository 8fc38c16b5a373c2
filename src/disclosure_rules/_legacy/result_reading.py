"""``disclosure_rules.result_reading``: the old import path of the result reader, kept so
plugins written against it keep working.  ``result_from_json`` lives beside
:class:`~disclosure_rules.results.result.Result` now (:mod:`disclosure_rules.results.result`),
the field-by-field reading in :mod:`disclosure_rules.results.reading`.

Any other name of that module is looked up there on first use."""

from __future__ import annotations

from typing import Any

import disclosure_rules.results.result as _moved
from disclosure_rules.results.result import (
    Result,
    result_from_json,
)

__all__ = [
    "Result",
    "result_from_json",
]


def __getattr__(name: str) -> Any:
    return getattr(_moved, name)
