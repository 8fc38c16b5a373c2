"""``disclosure_rules.hookspecs``: the old import path of
:mod:`disclosure_rules.collect.hookspecs`, kept so plugins written against it keep working."""

from __future__ import annotations

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
