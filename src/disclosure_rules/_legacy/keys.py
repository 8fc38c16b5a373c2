"""``disclosure_rules.keys``: the old import path of
:mod:`disclosure_rules.evidence.keys`, kept so plugins written against it keep working.

Any other name of that module is looked up there on first use."""

from __future__ import annotations

from typing import Any

import disclosure_rules.evidence.keys as _moved
from disclosure_rules.evidence.keys import (
    DOC_CLOSE,
    DOC_OPEN,
    canonical_doc_number,
    normalize_key,
)

__all__ = [
    "DOC_CLOSE",
    "DOC_OPEN",
    "canonical_doc_number",
    "normalize_key",
]


def __getattr__(name: str) -> Any:
    return getattr(_moved, name)
