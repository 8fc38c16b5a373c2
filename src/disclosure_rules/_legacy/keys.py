"""``disclosure_rules.keys``: the old import path of
:mod:`disclosure_rules.evidence.keys`, kept so plugins written against it keep working."""

from __future__ import annotations

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
