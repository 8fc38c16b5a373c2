"""The built-in rule kinds, registered through the same hook as a plugin's."""

from __future__ import annotations

from collections.abc import Callable

from ..markers import hookimpl
from ..ruleset.kinds import RuleKind
from . import (
    absent,
    accompanied,
    attested,
    count,
    fresh,
    present,
    responded,
    share,
    submitted,
    timely,
    updated_after,
)

#: In the order docs/rulesets.md describes them.
MODULES = (present, accompanied, timely, fresh, updated_after, responded, share, attested,
           absent, count, submitted)


@hookimpl
def disclosure_rules_rule_kinds(register: Callable[[RuleKind], None]) -> None:
    for module in MODULES:
        register(module.KIND)
