"""``disclosure_rules.hookspecs``: the old import path of
:mod:`disclosure_rules.collect.hookspecs`, kept so plugins written against it keep working.

Any other name of that module is looked up there on first use."""

from __future__ import annotations

from typing import Any

import disclosure_rules.collect.hookspecs as _moved
from disclosure_rules.collect.hookspecs import (
    disclosure_rules_collectors,
    disclosure_rules_report_writers,
    disclosure_rules_rule_kinds,
)

__all__ = [
    "disclosure_rules_collectors",
    "disclosure_rules_report_writers",
    "disclosure_rules_rule_kinds",
]


def __getattr__(name: str) -> Any:
    return getattr(_moved, name)
