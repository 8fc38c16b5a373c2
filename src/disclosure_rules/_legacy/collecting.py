"""``disclosure_rules.collecting``: the old import path of
:mod:`disclosure_rules.collect.running`, kept so plugins written against it keep working."""

from __future__ import annotations

from disclosure_rules.collect.running import (
    MAX_RECORDS,
    QUOTED_PROBLEMS,
    BatchSink,
    CollectionResult,
    build_http_client,
    output_paths,
    run_collectors,
    unavailable_plugins,
    write_outputs,
)

__all__ = [
    "MAX_RECORDS",
    "QUOTED_PROBLEMS",
    "BatchSink",
    "CollectionResult",
    "build_http_client",
    "output_paths",
    "run_collectors",
    "unavailable_plugins",
    "write_outputs",
]
