"""The rule-kind registry: the built-in kinds come through the hook, their documentation is
docs/rulesets.md's, the modules that use kinds name none, and a broken kind is a PluginError
naming it."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import ClassVar

import attrs
import pytest
import yaml
from attrs import frozen

from disclosure_rules import evaluate, hookimpl
from disclosure_rules.collect.plugins import get_plugin_manager
from disclosure_rules.errors import PluginError
from disclosure_rules.rules import RuleKind, builtin, present
from disclosure_rules.rules.registry import build_registry, current, using
from disclosure_rules.ruleset.deadlines import FixedDeadline
from disclosure_rules.ruleset.model import Rule
from engine_builders import ruleset

ROOT = Path(__file__).parent.parent
SRC = ROOT / "src" / "disclosure_rules"
BUILTIN = ["present", "accompanied", "timely", "fresh", "updated_after", "responded", "share",
           "attested", "absent", "count", "submitted"]


def test_builtin_kinds_are_registered_through_the_hook_in_documented_order():
    registry = build_registry()
    assert registry.names() == BUILTIN
    assert {k.plugin for k in registry} == {"disclosure_rules.rules"}
    assert [m.KIND for m in builtin.MODULES] == [attrs.evolve(k, plugin="") for k in registry]


def test_docs_rule_kind_section_is_each_kinds_doc_in_registry_order():
    text = (ROOT / "docs" / "rulesets.md").read_text(encoding="utf-8")
    positions = []
    for kind in build_registry():
        assert kind.doc and kind.doc in text, f"docs/rulesets.md 中没有 {kind.name} 的说明"
        positions.append(text.index(kind.doc))
        example = re.search(r"```yaml\n(.*?)```", kind.doc, re.S)
        assert example is not None, kind.name
        rules = yaml.safe_load(example.group(1))
        assert rules and all(rule["kind"] == kind.name for rule in rules)
    assert positions == sorted(positions)


def test_every_template_has_chinese_and_english_text():
    for kind in build_registry():
        for code, (zh, en) in kind.templates.items():
            assert zh and en, (kind.name, code)


def test_modules_that_use_kinds_name_none():
    names = "|".join(["PresentRule", "AccompaniedRule", "TimelyRule", "FreshRule",
                      "UpdatedAfterRule", "RespondedRule", "ShareRule", "AttestedRule"])
    for module in ("engine/intermediate.py", "engine/reference.py", "engine/reasons.py",
                   "ruleset/loader.py", "engine/semantics.py", "engine/verdicts.py",
                   "commands/show.py"):
        text = (SRC / module).read_text(encoding="utf-8")
        assert not re.search(names, text), module
        assert "isinstance(rule," not in text, module


# -- broken kinds ----------------------------------------------------------------------------


@frozen(kw_only=True)
class _ListRule(Rule):
    kind: ClassVar[str] = "listy"
    evidence: str
    values: list[str]  # the loader cannot read a list of strings


class _Plugin:
    def __init__(self, kind: object) -> None:
        self.kind = kind

    @hookimpl
    def disclosure_rules_rule_kinds(self, register):
        register(self.kind)


def _registry(kind: object):
    return build_registry(get_plugin_manager(load_entrypoints=False,
                                             plugins=[("brokenkind", _Plugin(kind))]))


def test_a_parameters_class_the_loader_cannot_read_is_a_plugin_error_naming_the_kind():
    kind = attrs.evolve(present.KIND, name="listy", params=_ListRule)
    with pytest.raises(PluginError, match=r"插件 brokenkind 的规则种类“listy”：参数 values"):
        _registry(kind)


def test_a_params_class_of_another_kind_or_not_a_rule_is_a_plugin_error():
    with pytest.raises(PluginError, match=r"“twin”.*kind 为“present”"):
        _registry(attrs.evolve(present.KIND, name="twin"))
    with pytest.raises(PluginError, match="“plain”：params 须为继承"):
        _registry(attrs.evolve(present.KIND, name="plain", params=dict))
    with pytest.raises(PluginError, match=r"与插件 disclosure_rules\.rules 注册的规则种类重名"):
        _registry(present.KIND)
    with pytest.raises(PluginError, match=r"需要 disclosure_rules\.rules\.RuleKind"):
        _registry("present")


@frozen(kw_only=True)
class _BoomRule(Rule):
    kind: ClassVar[str] = "boom"
    evidence: str

    def evidence_kinds(self) -> tuple[str, ...]:
        return (self.evidence,)


def _boom(ctx):
    raise ZeroDivisionError("division by zero")


@pytest.mark.parametrize("backend", ["durable", "index", "reference"])
def test_a_raising_plan_or_reference_is_a_plugin_error_naming_the_kind(backend):
    kind = RuleKind(name="boom", params=_BoomRule, label="爆", label_en="boom", plan=_boom,
                    reference=_boom)
    rs = ruleset([(_BoomRule(id="b", evidence="doc"), FixedDeadline(date(2019, 6, 30), "6月"))])
    named = "规则种类“boom”（插件 brokenkind）"
    with using(_registry(kind)), pytest.raises(PluginError, match=named):
        evaluate(rs, [], date(2019, 12, 31), backend=backend)


def test_current_registry_without_plugins_holds_the_builtin_kinds():
    assert current().names()[:len(BUILTIN)] == BUILTIN
    assert current().get("present") is not None


# -- can_fail in the lint ----------------------------------------------------------------------

MINI = ROOT / "tests" / "fixtures" / "mini.yaml"


def test_a_rule_no_evidence_can_fail_is_a_located_warning_and_validate_strict_rejects_it(
        tmp_path):
    from disclosure_rules.cli import main
    from disclosure_rules.ruleset.lint import lint_text

    text = MINI.read_text(encoding="utf-8")
    assert lint_text(text) == []
    never = text.replace("""      - id: t1-publication
        kind: present
        evidence: publication
""", """      - id: t1-publication
        kind: present
        evidence: publication
      - id: t1-count
        kind: count
        evidence: publication
        min_count: 1
      - id: t1-any
        kind: share
        evidence: publication
        having: {url: {exists: true}}
        threshold: 0
""")
    [problem] = lint_text(never, source="never.yaml")
    assert problem.location.path == "tasks[0].rules[2]"
    assert problem.location.line is not None
    assert "t1-any" in problem.message and "不会不通过" in problem.message
    path = tmp_path / "never.yaml"
    path.write_text(never, encoding="utf-8")
    assert main(["validate", str(path)]) == 0
    assert main(["validate", "--strict", str(path)]) == 1
