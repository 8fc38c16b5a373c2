"""``disclosure_rules.yaml_hints``: the old import path of
:mod:`disclosure_rules.ruleset.yaml_hints`, kept so plugins written against it keep working.

Any other name of that module is looked up there on first use."""

from __future__ import annotations

from typing import Any

import disclosure_rules.ruleset.yaml_hints as _moved
from disclosure_rules.ruleset.yaml_hints import (
    SyntaxReport,
    describe_syntax_error,
)

__all__ = [
    "SyntaxReport",
    "describe_syntax_error",
]


def __getattr__(name: str) -> Any:
    return getattr(_moved, name)
