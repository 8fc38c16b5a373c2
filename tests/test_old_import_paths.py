"""The flat import paths of before the folders keep working for plugins written against them.

Each old path (``disclosure_rules.collectors``, ``.model``, ``.ruleset_loader`` …) is a thin
module re-exporting the moved module's names; the names the plugins, the docs and the tests
imported from it resolve to the very objects of the new module.
"""

from __future__ import annotations

import importlib

import pytest

import disclosure_rules

#: old module → (new module, the names imported from the old path by plugins, docs and tests).
OLD_PATHS: dict[str, tuple[str, tuple[str, ...]]] = {
    "model": ("ruleset.model", (
        "Assignment", "Condition", "EvidenceKind", "FieldSpec", "FieldType", "Op", "Role",
        "Rule", "Ruleset", "Task", "Unit", "UnitRegistry", "Waiver"
    )),
    "ruleset_loader": ("ruleset.loader", (
        "PARAM_BOUNDS", "load_ruleset", "load_waivers", "loads_ruleset"
    )),
    "deadlines": ("ruleset.deadlines", (
        "ContinuousDeadline", "Deadline", "ExternalDeadline", "FixedDeadline", "TimelyDeadline",
        "parse_deadline"
    )),
    "workdays": ("ruleset.workdays", ("WorkingCalendar", "YearSchedule", "default_calendar")),
    "yaml_nodes": ("ruleset.yaml_nodes", ("MAX_BYTES", "Reader", "compose", "read_text")),
    "yaml_hints": ("ruleset.yaml_hints", ("describe_syntax_error",)),
    "ruleset_lint": ("ruleset.lint", ("lint_text",)),
    "ruleset_diff": ("ruleset.diff", ("diff_rulesets",)),
    "evidence": ("evidence.records", (
        "CollectionFailure", "CollectionRun", "CollectorReport", "Evidence", "MAX_TEXT",
        "Provenance", "canonical_json", "check_record", "load_evidence", "run_path_for"
    )),
    "keys": ("evidence.keys", ("canonical_doc_number", "normalize_key")),
    "archives": ("evidence.archives", ("zip_refusal",)),
    "importer": ("importing.importer", (
        "ImportedTable", "ResponsiblePart", "heading_level", "is_group_phrase",
        "normalize_punctuation", "parse_responsible", "parse_table", "split_heading",
        "strip_pinyin", "to_json_data", "to_simplified", "to_skeleton_yaml"
    )),
    "import_review": ("importing.review", ("rule_hints", "unknown_names")),
    "table_columns": ("importing.columns", ("column_of",)),
    "table_grid": ("importing.grid", ("parse_grid",)),
    "table_sources": ("importing.sources", ("to_grid",)),
    "findings": ("results.findings", (
        "EvidenceRef", "Finding", "Status", "outline", "summarise"
    )),
    "result_reading": ("results.result", ("Result", "result_from_json")),
    "changes": ("results.changes", ("diff_findings",)),
    "engine": ("engine.evaluator", (
        "BACKENDS", "DEFAULT_SHARD_SESSIONS", "Evaluator", "evaluate", "iter_sessions",
        "match_durable", "match_index", "partition", "raw_findings"
    )),
    "intermediate": ("engine.intermediate", ("Plan", "PlanContext", "compile_plan")),
    "durable_backend": ("engine.durable_backend", (
        "ITEM", "Matcher", "PROBE", "QuietHost", "RULE", "Session", "fnv1a32", "match_shard",
        "unique_ids"
    )),
    "reference": ("engine.reference", ("ReferenceContext",)),
    "semantics": ("engine.semantics", ("UNDATED", "kind_label")),
    "verdicts": ("engine.verdicts", ("Subject", "describe")),
    "reasons": ("engine.reasons", ("render",)),
    "ruleset_tests": ("engine.ruleset_tests", (
        "coverage", "default_test_files", "load_cases", "run_case"
    )),
    "hookspecs": ("collect.hookspecs", (
        "disclosure_rules_collectors", "disclosure_rules_report_writers",
        "disclosure_rules_rule_kinds"
    )),
    "plugins": ("collect.plugins", (
        "BLOCK_ENV", "get_collectors", "get_plugin_manager", "get_report_writers",
        "plugin_infos", "unknown_plugin_sections"
    )),
    "collectors": ("collect.collectors", (
        "CollectConfig", "CollectContext", "Collector", "HttpClient", "HttpError",
        "HttpResponse", "KindProblem", "Location", "Problem", "decode_html"
    )),
    "collect_config": ("collect.config", ("CollectConfig",)),
    "collecting": ("collect.running", (
        "output_paths", "run_collectors", "unavailable_plugins", "write_outputs"
    )),
    "httpclient": ("collect.httpclient", ("HttpClient", "HttpError")),
    "loopback": ("collect.loopback", ("serve_directory",)),
}

#: What ``from disclosure_rules import ...`` offered before the folders.
PUBLIC_API = (
    "Added", "CollectionFailure", "CollectionRun", "DisclosureRulesError", "EngineError",
    "Evaluator", "Evidence", "EvidenceError", "Finding", "InputError", "PluginError",
    "Provenance", "Result", "Ruleset", "RulesetError", "Status", "TaskSummary", "UnitSummary",
    "__version__", "check_evidence", "evaluate", "hookimpl", "load_evidence", "load_ruleset",
    "load_waivers",
)


#: Names an old path offers that moved to another module than the rest of its names.
MOVED_ELSEWHERE: dict[str, dict[str, str]] = {
    "findings": {"Result": "results.result"},
    "table_sources": {"to_grid": "importing.grid"},
}


def _home(old: str, name: str, new_module: object) -> object:
    elsewhere = MOVED_ELSEWHERE.get(old, {})
    return importlib.import_module(f"disclosure_rules.{elsewhere[name]}") \
        if name in elsewhere else new_module


@pytest.mark.parametrize("old", sorted(OLD_PATHS))
def test_old_import_path_gives_the_moved_modules_objects(old: str) -> None:
    new, names = OLD_PATHS[old]
    old_module = importlib.import_module(f"disclosure_rules.{old}")
    new_module = importlib.import_module(f"disclosure_rules.{new}")
    for name in names:
        assert getattr(old_module, name) is getattr(_home(old, name, new_module), name), \
            f"{old}.{name}"


@pytest.mark.parametrize("old", sorted(OLD_PATHS))
def test_old_import_path_exports_exactly_what_it_re_exports(old: str) -> None:
    new, names = OLD_PATHS[old]
    old_module = importlib.import_module(f"disclosure_rules.{old}")
    new_module = importlib.import_module(f"disclosure_rules.{new}")
    # Listed, except the names the moved module itself gives lazily (its own __getattr__).
    assert {name for name in names if name in vars(_home(old, name, new_module))} \
        <= set(old_module.__all__)
    for name in old_module.__all__:
        assert getattr(old_module, name) is getattr(_home(old, name, new_module), name), \
            f"{old}.{name}"
    # Whatever the moved module declares public is offered at the old path too.
    assert set(getattr(new_module, "__all__", ())) <= set(old_module.__all__)


def test_old_import_paths_of_modules_that_stayed_still_import() -> None:
    for name in ("errors", "markers", "testing", "cli", "rules.registry", "reports.writer"):
        importlib.import_module(f"disclosure_rules.{name}")


def test_the_public_api_is_unchanged() -> None:
    assert set(PUBLIC_API) <= set(disclosure_rules.__all__)
    for name in PUBLIC_API:
        assert getattr(disclosure_rules, name) is not None
    from disclosure_rules.engine.evaluator import evaluate
    from disclosure_rules.ruleset.loader import load_ruleset

    assert disclosure_rules.evaluate is evaluate
    assert disclosure_rules.load_ruleset is load_ruleset


def test_old_import_path_finds_names_it_does_not_list_in_the_moved_module() -> None:
    # The built-in rule classes came from disclosure_rules.model; they live in their kinds'
    # modules now, and the old path finds them there (and RULE_KINDS from the kinds in use).
    from disclosure_rules.model import (
        RULE_KIND_LABELS,
        RULE_KINDS,
        AccompaniedRule,
        AttestedRule,
        FreshRule,
        PresentRule,
        RespondedRule,
        ShareRule,
        TimelyRule,
        UpdatedAfterRule,
    )
    from disclosure_rules.rules import (
        accompanied,
        attested,
        fresh,
        present,
        responded,
        share,
        timely,
        updated_after,
    )
    from disclosure_rules.ruleset.kinds import current

    assert (PresentRule, AccompaniedRule, TimelyRule, FreshRule, UpdatedAfterRule, RespondedRule,
            ShareRule, AttestedRule) == (
        present.PresentRule, accompanied.AccompaniedRule, timely.TimelyRule, fresh.FreshRule,
        updated_after.UpdatedAfterRule, responded.RespondedRule, share.ShareRule,
        attested.AttestedRule)
    assert {kind.name: kind.params for kind in current()} == RULE_KINDS
    assert RULE_KIND_LABELS["present"] == current().get("present").label
    legacy_model = importlib.import_module("disclosure_rules.model")
    assert legacy_model.Rule is importlib.import_module("disclosure_rules.ruleset.model").Rule
    engine = importlib.import_module("disclosure_rules.engine")
    assert engine._order is importlib.import_module("disclosure_rules.engine.evaluator")._order
    with pytest.raises(AttributeError):
        _ = legacy_model.no_such_name
