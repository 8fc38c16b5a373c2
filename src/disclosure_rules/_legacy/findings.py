"""``disclosure_rules.findings``: the old import path of
:mod:`disclosure_rules.results.findings`, kept so plugins written against it keep working.

Any other name of that module is looked up there on first use."""

from __future__ import annotations

from typing import Any

import disclosure_rules.results.findings as _moved
from disclosure_rules.results.findings import (
    COLLECTION_UNKNOWN,
    DECIDED,
    READABLE_SCHEMAS,
    SCHEMA,
    SCHEMA_V1,
    SCORE_RULE,
    EvidenceRef,
    Finding,
    RuleInfo,
    Status,
    TaskInfo,
    TaskSummary,
    UnitSummary,
    cited_records,
    outline,
    summarise,
)
from disclosure_rules.results.result import Result

__all__ = [
    "COLLECTION_UNKNOWN",
    "DECIDED",
    "READABLE_SCHEMAS",
    "SCHEMA",
    "SCHEMA_V1",
    "SCORE_RULE",
    "EvidenceRef",
    "Finding",
    "Result",
    "RuleInfo",
    "Status",
    "TaskInfo",
    "TaskSummary",
    "UnitSummary",
    "cited_records",
    "outline",
    "summarise",
]


def __getattr__(name: str) -> Any:
    return getattr(_moved, name)
