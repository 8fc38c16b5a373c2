"""``disclosure_rules.ruleset_lint``: the old import path of
:mod:`disclosure_rules.ruleset.lint`, kept so plugins written against it keep working.

Any other name of that module is looked up there on first use."""

from __future__ import annotations

from typing import Any

import disclosure_rules.ruleset.lint as _moved
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


def __getattr__(name: str) -> Any:
    return getattr(_moved, name)
