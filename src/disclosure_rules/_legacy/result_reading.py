"""``disclosure_rules.result_reading``: the old import path of
:mod:`disclosure_rules.results.reading`, kept so plugins written against it keep working."""

from __future__ import annotations

from disclosure_rules.results.reading import (
    result_from_json,
)

__all__ = [
    "result_from_json",
]
