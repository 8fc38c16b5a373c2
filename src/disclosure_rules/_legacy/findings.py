"""``disclosure_rules.findings``: the old import path of
:mod:`disclosure_rules.results.findings`, kept so plugins written against it keep working."""

from __future__ import annotations

from disclosure_rules.results.findings import (
    COLLECTION_UNKNOWN,
    DECIDED,
    READABLE_SCHEMAS,
    SCHEMA,
    SCHEMA_V1,
    SCORE_RULE,
    EvidenceRef,
    Finding,
    Result,
    RuleInfo,
    Status,
    TaskInfo,
    TaskSummary,
    UnitSummary,
    cited_records,
    outline,
    summarise,
)

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
