"""Rule kinds: one module per kind, each holding its parameters, plan, reference semantics,
reason templates, checks and documentation; registered through the
``disclosure_rules_rule_kinds`` hook (:mod:`.builtin`) and built into a registry by
:mod:`.registry`.  What a kind is (:class:`RuleKind`) and which kinds are in use live below,
in :mod:`disclosure_rules.ruleset.kinds`, so that the loader and the engine ask about kinds
without importing this package; the built-in rules' parameter classes are importable from here.
"""

from __future__ import annotations

from ..ruleset.kinds import RuleChecker, RuleKind
from .absent import AbsentRule
from .accompanied import AccompaniedRule
from .attested import AttestedRule
from .count import CountRule
from .fresh import FreshRule
from .present import PresentRule
from .responded import RespondedRule
from .share import ShareRule
from .submitted import SubmittedRule
from .timely import TimelyRule
from .updated_after import UpdatedAfterRule

__all__ = [
    "AbsentRule",
    "AccompaniedRule",
    "AttestedRule",
    "CountRule",
    "FreshRule",
    "PresentRule",
    "RespondedRule",
    "RuleChecker",
    "RuleKind",
    "ShareRule",
    "SubmittedRule",
    "TimelyRule",
    "UpdatedAfterRule",
]
