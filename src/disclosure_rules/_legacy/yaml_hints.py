"""``disclosure_rules.yaml_hints``: the old import path of
:mod:`disclosure_rules.ruleset.yaml_hints`, kept so plugins written against it keep working."""

from __future__ import annotations

from disclosure_rules.ruleset.yaml_hints import (
    SyntaxReport,
    describe_syntax_error,
)

__all__ = [
    "SyntaxReport",
    "describe_syntax_error",
]
