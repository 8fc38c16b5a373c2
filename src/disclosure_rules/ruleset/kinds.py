"""What a rule kind is, and which kinds are in use.

The loader, the compiler, the reference evaluator, the reasons and ``show`` ask the kinds in
use (:func:`current`) about a rule and never name a kind.  This module sits in the rule-set
layer, below every module that asks, and knows no kind itself: the kinds are registered through
the ``disclosure_rules_rule_kinds`` hook (the built-in ones in :mod:`disclosure_rules.rules`,
a province's own in its plugin) by :func:`disclosure_rules.rules.registry.build_registry`,
and the package wires that builder in (:func:`configure`), so nothing here imports upwards.

Every registration is checked by :meth:`KindRegistry.add`; a bad one (not a :class:`RuleKind`,
a parameters class that is not an attrs :class:`~disclosure_rules.ruleset.model.Rule` of the
same ``kind``, a parameter type the loader cannot read, a name taken, a template clashing with
another kind's) is a :class:`~disclosure_rules.errors.PluginError` naming plugin and kind.

A kind's ``plan`` takes the engine's :class:`~disclosure_rules.engine.intermediate.PlanContext`
and its ``reference`` a :class:`~disclosure_rules.engine.reference.ReferenceContext` and
returns :class:`~disclosure_rules.results.findings.Finding` objects; they are typed loosely
here because those classes live in higher layers.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import attrs
from attrs import define, field, frozen

from ..errors import PluginError
from .model import Rule

if TYPE_CHECKING:
    from yaml.nodes import Node

    from .model import Condition, EvidenceKind, FieldType, Ruleset, Task

#: code → (Chinese, English) reason template; ``{names}`` are detail values or the fragments
#: :mod:`disclosure_rules.reasons` makes from the detail.
Templates = Mapping[str, tuple[str, str]]


class RuleChecker:
    """What a kind's ``check`` may ask of the loader: located problems and field checks.

    The loader passes its own reader-backed implementation; this class only names the methods
    (a kind calls them, it never builds one)."""

    kinds: Mapping[str, EvidenceKind]

    def problem(self, node: Node | None, path: str, message: str,
                hint: str | None = None) -> None:  # pragma: no cover - interface
        raise NotImplementedError

    def expect_field(self, kind: EvidenceKind, name: str, field_type: FieldType | None,
                     node: Node | None, path: str,
                     ref_kind: str | None = None) -> None:  # pragma: no cover - interface
        raise NotImplementedError

    def need_date_field(self, kind: EvidenceKind, m: Mapping[str, Node],
                        path: str) -> None:  # pragma: no cover - interface
        raise NotImplementedError

    def check_choices(self, kind: EvidenceKind, conditions: tuple[Condition, ...],
                      path: str) -> None:  # pragma: no cover - interface
        raise NotImplementedError


def _no_check(checker: RuleChecker, rule: Rule, m: Mapping[str, Node], path: str) -> None:
    return None


def _can_always_fail(rule: Rule, task: Task, ruleset: Ruleset) -> bool:
    return True


@frozen
class RuleKind:
    """One kind of rule.

    :param name: the ``kind:`` of a rule in YAML; equal to ``params.kind``.
    :param params: the rule's parameters, an attrs class derived from
        :class:`~disclosure_rules.model.Rule` (the loader reads its fields from YAML).
    :param label: what the kind checks, in the office's words (``show``, reports).
    :param label_en: the same in English.
    :param plan: ``plan(ctx)`` adds the kind's slots — probes, items and a decide function for
        each finding-to-be — to the plan (:class:`~disclosure_rules.intermediate.PlanContext`).
        A kind that joins records asks the backends (durable-rules, index) to join them; only a
        kind that needs no join adds slots without probes and decides in Python.
    :param reference: ``reference(ctx)`` → the findings of one rule × unit, written plainly
        over the visible records (:class:`~disclosure_rules.reference.ReferenceContext`); the
        oracle every backend is compared with.
    :param templates: the reason templates of the codes the kind's findings carry.
    :param check: ``check(checker, rule, node_map, path)`` adds located problems for what
        the kind needs of the declared evidence kinds (fields, their types, date fields).
    :param can_fail: ``can_fail(rule, task, ruleset)`` — whether some evidence can make the
        rule fail (a rule that can only pass checks nothing).
    :param fragments: ``fragments(detail, zh)`` → more ``{names}`` for the kind's templates,
        made from a finding's detail in one language (Chinese when ``zh``).
    :param doc: the kind's section of docs/rulesets.md (Markdown, with its YAML example).
    :param kind_params: parameters that name an evidence kind (checked to be declared).
    :param working_days: whether the kind counts working days (its rule set then needs the
        calendar of its year).
    """

    name: str
    params: type[Rule]
    label: str
    label_en: str
    plan: Callable[[Any], None]
    reference: Callable[[Any], list[Any]]
    templates: Templates = field(factory=dict)
    check: Callable[[RuleChecker, Rule, Mapping[str, Node], str], None] = _no_check
    can_fail: Callable[[Rule, Task, Ruleset], bool] = _can_always_fail
    fragments: Callable[[Mapping[str, Any], bool], Mapping[str, Any]] | None = None
    doc: str = ""
    kind_params: tuple[str, ...] = ("evidence",)
    working_days: bool = False
    plugin: str = ""  # filled in by the registry: who registered the kind


_NAME = re.compile(r"^[a-z][a-z0-9_]*$")

#: Parameter types the loader reads from YAML (an attrs field's annotation, ``X | None`` too).
READABLE = frozenset({"str", "int", "float", "bool", "date", "tuple[Condition, ...]",
                      "tuple[UnitRef, ...]"})


@define
class KindRegistry:
    """Rule kinds by name, in registration order (the built-in ones first)."""

    kinds: dict[str, RuleKind] = field(factory=dict)
    templates: dict[str, tuple[str, str]] = field(factory=dict)
    template_owner: dict[str, str] = field(factory=dict)

    def get(self, name: str) -> RuleKind | None:
        return self.kinds.get(name)

    def of(self, rule: Rule) -> RuleKind:
        return _registered(self.get(rule.kind), rule)

    def names(self) -> list[str]:
        return list(self.kinds)

    def __iter__(self) -> Iterator[RuleKind]:
        return iter(self.kinds.values())

    def add(self, kind: Any, plugin: str) -> list[str]:
        """Check one registration; add it when good, else return its problems."""
        problems = _problems(kind, plugin, self)
        if problems:
            return problems
        assert isinstance(kind, RuleKind)
        kind = attrs.evolve(kind, plugin=plugin)
        self.kinds[kind.name] = kind
        for code, pair in kind.templates.items():
            self.templates.setdefault(code, pair)
            self.template_owner.setdefault(code, kind.name)
        return []


def _problems(kind: Any, plugin: str, registry: KindRegistry) -> list[str]:
    if not isinstance(kind, RuleKind):
        return [f"插件 {plugin}：register() 需要 disclosure_rules.rules.RuleKind 对象，"
                f"实际为 {type(kind).__name__}"]
    label = f"插件 {plugin} 的规则种类“{kind.name}”"
    if not isinstance(kind.name, str) or not _NAME.match(kind.name):
        return [f"{label}：名称须为小写 ASCII 标识（如 dead_links）"]
    problems: list[str] = []
    if kind.name in registry.kinds:
        other = registry.kinds[kind.name].plugin
        problems.append(f"{label}与插件 {other} 注册的规则种类重名")
    params = kind.params
    if not (isinstance(params, type) and issubclass(params, Rule) and attrs.has(params)):
        problems.append(f"{label}：params 须为继承 disclosure_rules.model.Rule 的 attrs 类")
    else:
        if getattr(params, "kind", None) != kind.name:
            problems.append(f"{label}：params 类 {params.__name__} 的 kind 为"
                            f"“{getattr(params, 'kind', '')}”，应为“{kind.name}”")
        if params.evidence_kinds is Rule.evidence_kinds:
            problems.append(f"{label}：params 类 {params.__name__} 须定义 evidence_kinds()，"
                            "返回它读取的证据类型")
        common = {f.name for f in attrs.fields(Rule)}
        for f in attrs.fields(params):
            if f.name in common:
                continue
            annotation = str(f.type).replace(" | None", "")
            if annotation not in READABLE:
                problems.append(f"{label}：参数 {f.name} 的类型 {f.type} 无法从 YAML 读取；"
                                f"可用：{'、'.join(sorted(READABLE))}")
    if not isinstance(kind.label, str) or not kind.label.strip():
        problems.append(f"{label}：缺少中文名称 label")
    for name in ("plan", "reference", "check", "can_fail"):
        if not callable(getattr(kind, name)):
            problems.append(f"{label}：{name} 不可调用")
    problems.extend(_template_problems(kind.templates, label, registry))
    return problems


def _template_problems(templates: Templates, label: str, registry: KindRegistry) -> list[str]:
    problems = []
    if not isinstance(templates, Mapping):
        return [f"{label}：templates 须为 代码 → (中文, 英文) 的映射"]
    for code, pair in templates.items():
        if not (isinstance(pair, tuple) and len(pair) == 2
                and all(isinstance(t, str) for t in pair)):
            problems.append(f"{label}：理由模板 {code} 须为 (中文, 英文) 两个字符串")
        elif code in registry.templates and registry.templates[code] != pair:
            problems.append(f"{label}：理由模板 {code} 与规则种类"
                            f"“{registry.template_owner[code]}”的不同；请换一个代码")
    return problems


#: Builds a registry: the built-in kinds alone, or with the installed plugins' kinds.
Builder = Callable[[], KindRegistry]


def _registered(kind: RuleKind | None, rule: Rule) -> RuleKind:
    if kind is None:
        raise PluginError(f"规则 {rule.id} 的种类“{rule.kind}”没有注册：请安装提供它的插件，"
                          "或改用 docs/rulesets.md 所列的规则种类")
    return kind


class _Current:
    """The registry in use: the built-in kinds, and the installed plugins' once a rule set
    names a kind the built-in ones lack; ``using`` swaps in another (tests, embedding)."""

    def __init__(self) -> None:
        self.builtin: KindRegistry | None = None
        self.installed: KindRegistry | None = None
        self.override: list[KindRegistry] = []
        self.build_builtin: Builder | None = None
        self.build_installed: Builder | None = None

    def _build(self, builder: Builder | None) -> KindRegistry:
        if builder is None:
            raise PluginError("规则种类尚未接入：请先 import disclosure_rules"
                              "（包的 __init__ 调用 kinds.configure）")
        return builder()

    def lookup(self) -> KindRegistry:
        if self.override:
            return self.override[-1]
        if self.installed is not None:
            return self.installed
        if self.builtin is None:
            self.builtin = self._build(self.build_builtin)
        return self.builtin

    def with_plugins(self) -> KindRegistry:
        if self.override:
            return self.override[-1]
        if self.installed is None:
            self.installed = self._build(self.build_installed)
        return self.installed


_CURRENT = _Current()


class _View:
    """What :func:`current` returns: lookups fall back to the installed plugins' kinds."""

    def get(self, name: str) -> RuleKind | None:
        kind = _CURRENT.lookup().get(name)
        if kind is None and not _CURRENT.override and _NAME.match(name or ""):
            kind = _CURRENT.with_plugins().get(name)
        return kind

    def of(self, rule: Rule) -> RuleKind:
        return _registered(self.get(rule.kind), rule)

    def names(self) -> list[str]:
        return _CURRENT.lookup().names()

    def templates(self) -> Mapping[str, tuple[str, str]]:
        return _CURRENT.lookup().templates

    def __iter__(self) -> Iterator[RuleKind]:
        return iter(_CURRENT.lookup())


def current() -> _View:
    """The rule kinds in use (see the module docstring)."""
    return _View()


def refresh() -> None:
    """Forget the installed plugins' kinds (after installing or removing a plugin)."""
    _CURRENT.installed = None


def configure(*, builtin: Builder, installed: Builder) -> None:
    """Say how the registries in use are built: ``builtin`` the built-in kinds alone,
    ``installed`` with the kinds of the installed plugins (entry-point group
    ``disclosure_rules``).  The package calls it once on import; either is built on first use.
    """
    _CURRENT.build_builtin = builtin
    _CURRENT.build_installed = installed
    _CURRENT.builtin = _CURRENT.installed = None


@contextmanager
def using(registry: KindRegistry) -> Iterator[KindRegistry]:
    """Use ``registry`` (e.g. built from a manager with in-process plugins) inside the block."""
    _CURRENT.override.append(registry)
    try:
        yield registry
    finally:
        _CURRENT.override.pop()
