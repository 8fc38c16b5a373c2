"""disclosure-rules: 政务公开 duty tables as executable rules.

The stable API for embedding tools is what this module exports::

    from disclosure_rules import load_ruleset, load_evidence, evaluate

    ruleset = load_ruleset("rulesets/2019.yaml")
    batch = load_evidence(["evidence.jsonl"], ruleset)
    result = evaluate(ruleset, batch.records, date(2019, 12, 31), rejected=batch.problems)
    result.to_json()   # versioned: "schema": "disclosure-rules/result/1"

Evidence built by a program goes through the same door as evidence files: ``evaluate()`` and
``Evaluator.add()`` check every record (rejected ones land in ``Result.rejected``), and
``check_evidence(record, ruleset)`` turns one raw mapping or Evidence into checked evidence or
located problems.

Everything else is internal and may change.  ``hookimpl`` is the marker plugins use.
"""

from __future__ import annotations

import os as _os

from .engine.evaluator import Added, Evaluator, evaluate
from .errors import (
    DisclosureRulesError,
    EngineError,
    EvidenceError,
    InputError,
    PluginError,
    RulesetError,
)
from .evidence.records import (
    CollectionFailure,
    CollectionRun,
    Evidence,
    Provenance,
    check_evidence,
    load_evidence,
)
from .markers import hookimpl
from .results.findings import (
    Finding,
    Status,
    TaskSummary,
    UnitSummary,
)
from .results.result import Result
from .ruleset import kinds as _kinds
from .ruleset.loader import load_ruleset, load_waivers
from .ruleset.model import Ruleset
from .version import __version__


def _builtin_kinds() -> _kinds.KindRegistry:
    from .rules.registry import build_registry

    return build_registry()


def _installed_kinds() -> _kinds.KindRegistry:
    from .collect.plugins import get_plugin_manager
    from .rules.registry import build_registry

    return build_registry(get_plugin_manager())


# The rule-set layer asks which rule kinds are in use and knows none: the kinds (rules/) and the
# installed plugins (collect/) are layers above it, so the package wires them in here.  Every
# import of a submodule runs this module first, and no module asks for a kind while it is being
# imported, so the wiring is in place before the first question (docs/architecture.md).
_kinds.configure(builtin=_builtin_kinds, installed=_installed_kinds)

# The modules' flat import paths of before the folders (``disclosure_rules.collectors``,
# ``.model``, ``.ruleset_loader`` …) are thin re-exports in _legacy/, kept for plugins written
# against them (docs/architecture.md, "Old import paths").
__path__.append(_os.path.join(_os.path.dirname(__file__), "_legacy"))

__all__ = [
    "Added",
    "CollectionFailure",
    "CollectionRun",
    "DisclosureRulesError",
    "EngineError",
    "Evaluator",
    "Evidence",
    "EvidenceError",
    "Finding",
    "InputError",
    "PluginError",
    "Provenance",
    "Result",
    "Ruleset",
    "RulesetError",
    "Status",
    "TaskSummary",
    "UnitSummary",
    "__version__",
    "check_evidence",
    "evaluate",
    "hookimpl",
    "load_evidence",
    "load_ruleset",
    "load_waivers",
]
