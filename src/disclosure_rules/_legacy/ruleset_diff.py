"""``disclosure_rules.ruleset_diff``: the old import path of
:mod:`disclosure_rules.ruleset.diff`, kept so plugins written against it keep working.

Any other name of that module is looked up there on first use."""

from __future__ import annotations

from typing import Any

import disclosure_rules.ruleset.diff as _moved
from disclosure_rules.ruleset.diff import (
    MATCH_WORDS,
    Change,
    RulesetDiff,
    TaskDiff,
    diff_rulesets,
    summary_counts,
    to_json,
    to_markdown,
    to_text,
)

__all__ = [
    "MATCH_WORDS",
    "Change",
    "RulesetDiff",
    "TaskDiff",
    "diff_rulesets",
    "summary_counts",
    "to_json",
    "to_markdown",
    "to_text",
]


def __getattr__(name: str) -> Any:
    return getattr(_moved, name)
