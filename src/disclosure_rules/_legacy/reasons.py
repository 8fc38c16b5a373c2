"""``disclosure_rules.reasons``: the old import path of
:mod:`disclosure_rules.engine.reasons`, kept so plugins written against it keep working."""

from __future__ import annotations

from disclosure_rules.engine.reasons import (
    Lang,
    document,
    render,
)

__all__ = [
    "Lang",
    "document",
    "render",
]
