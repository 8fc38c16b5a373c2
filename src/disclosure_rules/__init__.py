"""disclosure-rules: 政务公开 duty tables as executable rules.

The stable API for embedding tools is what this module exports::

    from disclosure_rules import load_ruleset, load_evidence, evaluate

    ruleset = load_ruleset("rulesets/2019.yaml")
    batch = load_evidence(["evidence.jsonl"], ruleset)
    result = evaluate(ruleset, batch.records, date(2019, 12, 31), rejected=batch.problems)
    result.to_json()   # versioned: "schema": "disclosure-rules/result/1"

Everything else is internal and may change.  ``hookimpl`` is the marker plugins use.
"""

from __future__ import annotations

from .engine import Evaluator, evaluate
from .errors import (
    DisclosureRulesError,
    EngineError,
    EvidenceError,
    InputError,
    PluginError,
    RulesetError,
)
from .evidence import CollectionFailure, CollectionRun, Evidence, Provenance, load_evidence
from .findings import Finding, Result, Status, TaskSummary, UnitSummary
from .markers import hookimpl
from .model import Ruleset
from .ruleset_loader import load_ruleset, load_waivers

__version__ = "0.1.0"

__all__ = [
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
    "evaluate",
    "hookimpl",
    "load_evidence",
    "load_ruleset",
    "load_waivers",
]
