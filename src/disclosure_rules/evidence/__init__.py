"""Evidence: records and their checking against the rule set, record keys, archive limits.

The names below are those of :mod:`.records`, re-exported so that
``from disclosure_rules.evidence import Evidence`` keeps working;
any other name of it is looked up there on first use."""

from __future__ import annotations

from typing import Any

from . import records as _moved
from .records import (
    MAX_FIELDS,
    MAX_LINE_BYTES,
    MAX_RUN_BYTES,
    MAX_TEXT,
    OLD_RUN_SCHEMAS,
    QUOTED_BAD_LINES,
    REFUSE_AFTER_BAD_LINES,
    RUN_SCHEMA,
    CollectionFailure,
    CollectionRun,
    CollectorReport,
    Evidence,
    EvidenceBatch,
    FieldValue,
    Provenance,
    canonical_json,
    check_evidence,
    check_record,
    check_records,
    file_sha256,
    load_evidence,
    raw_record,
    read_jsonl,
    run_path_for,
    source_of,
)

__all__ = [
    "MAX_FIELDS",
    "MAX_LINE_BYTES",
    "MAX_RUN_BYTES",
    "MAX_TEXT",
    "OLD_RUN_SCHEMAS",
    "QUOTED_BAD_LINES",
    "REFUSE_AFTER_BAD_LINES",
    "RUN_SCHEMA",
    "CollectionFailure",
    "CollectionRun",
    "CollectorReport",
    "Evidence",
    "EvidenceBatch",
    "FieldValue",
    "Provenance",
    "canonical_json",
    "check_evidence",
    "check_record",
    "check_records",
    "file_sha256",
    "load_evidence",
    "raw_record",
    "read_jsonl",
    "run_path_for",
    "source_of",
]


def __getattr__(name: str) -> Any:
    return getattr(_moved, name)
