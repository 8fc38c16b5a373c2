"""``disclosure_rules.changes``: the old import path of
:mod:`disclosure_rules.results.changes`, kept so plugins written against it keep working."""

from __future__ import annotations

from disclosure_rules.results.changes import (
    Change,
    FindingKey,
    diff_findings,
)

__all__ = [
    "Change",
    "FindingKey",
    "diff_findings",
]
