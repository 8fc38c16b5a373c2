"""``disclosure_rules.archives``: the old import path of
:mod:`disclosure_rules.evidence.archives`, kept so plugins written against it keep working."""

from __future__ import annotations

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
