"""``disclosure_rules.ruleset_lint``: the old import path of
:mod:`disclosure_rules.ruleset.lint`, kept so plugins written against it keep working."""

from __future__ import annotations

from disclosure_rules.ruleset.lint import (
    CHECKS,
    lint_ruleset,
    lint_text,
)

__all__ = [
    "CHECKS",
    "lint_ruleset",
    "lint_text",
]
