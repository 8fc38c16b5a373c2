"""``disclosure_rules.archives``: the old import path of
:mod:`disclosure_rules.evidence.archives`, kept so plugins written against it keep working.

Any other name of that module is looked up there on first use."""

from __future__ import annotations

from typing import Any

import disclosure_rules.evidence.archives as _moved
from disclosure_rules.evidence.archives import (
    MAX_PARTS,
    MAX_RATIO,
    zip_refusal,
)

__all__ = [
    "MAX_PARTS",
    "MAX_RATIO",
    "zip_refusal",
]


def __getattr__(name: str) -> Any:
    return getattr(_moved, name)
