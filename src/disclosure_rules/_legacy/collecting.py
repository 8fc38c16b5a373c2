"""``disclosure_rules.collecting``: the old import path of
:mod:`disclosure_rules.collect.running`, kept so plugins written against it keep working.

Any other name of that module is looked up there on first use."""

from __future__ import annotations

from typing import Any

import disclosure_rules.collect.running as _moved
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


def __getattr__(name: str) -> Any:
    return getattr(_moved, name)
