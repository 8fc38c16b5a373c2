"""``disclosure_rules.ruleset_tests``: the old import path of
:mod:`disclosure_rules.engine.ruleset_tests`, kept so plugins written against it keep working.

Any other name of that module is looked up there on first use."""

from __future__ import annotations

from typing import Any

import disclosure_rules.engine.ruleset_tests as _moved
from disclosure_rules.engine.ruleset_tests import (
    Case,
    CaseOutcome,
    Coverage,
    Expectation,
    coverage,
    default_test_files,
    expand_test_paths,
    load_cases,
    no_tests_error,
    run_case,
)

__all__ = [
    "Case",
    "CaseOutcome",
    "Coverage",
    "Expectation",
    "coverage",
    "default_test_files",
    "expand_test_paths",
    "load_cases",
    "no_tests_error",
    "run_case",
]


def __getattr__(name: str) -> Any:
    return getattr(_moved, name)
