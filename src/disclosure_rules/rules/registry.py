"""The registry of rule kinds: every kind registered through ``disclosure_rules_rule_kinds``.

The built-in kinds are a plugin like any other (:mod:`disclosure_rules.rules.builtin`),
registered on a plugin manager of their own, so loading a rule set that uses only them needs
no installed plugin.  A rule set that names another kind makes the registry load the
installed plugins (entry-point group ``disclosure_rules``) once and look again.

Every registration is checked here; a bad one (not a :class:`RuleKind`, a parameters class
that is not an attrs :class:`~disclosure_rules.model.Rule` of the same ``kind``, a parameter
type the loader cannot read, a name taken, a template clashing with another kind's) is a
:class:`~disclosure_rules.errors.PluginError` naming the plugin and the kind.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

import attrs
import pluggy
from attrs import define, field

from ..errors import PluginError
from ..ruleset.model import Rule
from .kind import RuleKind, Templates

__all__ = ["KindRegistry", "build_registry", "current", "refresh", "using"]

_NAME = re.compile(r"^[a-z][a-z0-9_]*$")

#: Parameter types the loader reads from YAML (an attrs field's annotation, ``X | None`` too).
READABLE = frozenset({"str", "int", "float", "bool", "date", "tuple[Condition, ...]",
                      "tuple[UnitRef, ...]"})
BUILTIN_PLUGIN = "disclosure_rules.rules"


@define
class KindRegistry:
    """Rule kinds by name, in registration order (the built-in ones first)."""

    kinds: dict[str, RuleKind] = field(factory=dict)
    templates: dict[str, tuple[str, str]] = field(factory=dict)
    template_owner: dict[str, str] = field(factory=dict)

    def get(self, name: str) -> RuleKind | None:
        return self.kinds.get(name)

    def of(self, rule: Rule) -> RuleKind:
        kind = self.get(rule.kind)
        if kind is None:
            raise PluginError(f"规则 {rule.id} 的种类“{rule.kind}”未注册")
        return kind

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


def build_registry(pm: pluggy.PluginManager | None = None) -> KindRegistry:
    """Call every ``disclosure_rules_rule_kinds`` implementation (the built-in kinds first,
    then those of ``pm``'s plugins) and check what it registers.

    :raises PluginError: listing every bad registration, each naming its plugin and kind.
    """
    from . import builtin

    registry = KindRegistry()
    problems: list[str] = []
    impls: list[tuple[str, Any]] = [(BUILTIN_PLUGIN, builtin.disclosure_rules_rule_kinds)]
    if pm is not None:
        for impl in pm.hook.disclosure_rules_rule_kinds.get_hookimpls():
            name = pm.get_name(impl.plugin) or impl.plugin_name
            if impl.hookwrapper or impl.wrapper:
                problems.append(f"插件 {name}：disclosure_rules_rule_kinds 不能是 wrapper")
                continue
            impls.append((name, impl.function))
    for plugin, function in impls:
        def register(kind: RuleKind, _plugin: str = plugin) -> None:
            problems.extend(registry.add(kind, _plugin))

        try:
            function(register)
        except Exception as exc:
            raise PluginError(f"插件 {plugin} 在 disclosure_rules_rule_kinds 中出错："
                              f"{type(exc).__name__}: {exc}") from exc
    if problems:
        raise PluginError("插件注册的规则种类有误：\n" + "\n".join(f"  - {p}" for p in problems))
    return registry


class _Current:
    """The registry in use: the built-in kinds, and the installed plugins' once a rule set
    names a kind the built-in ones lack; ``using`` swaps in another (tests, embedding)."""

    def __init__(self) -> None:
        self.builtin: KindRegistry | None = None
        self.installed: KindRegistry | None = None
        self.override: list[KindRegistry] = []

    def lookup(self) -> KindRegistry:
        if self.override:
            return self.override[-1]
        if self.installed is not None:
            return self.installed
        if self.builtin is None:
            self.builtin = build_registry()
        return self.builtin

    def with_plugins(self) -> KindRegistry:
        if self.override:
            return self.override[-1]
        if self.installed is None:
            from ..collect.plugins import get_plugin_manager

            self.installed = build_registry(get_plugin_manager())
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
        kind = self.get(rule.kind)
        if kind is None:
            raise PluginError(f"规则 {rule.id} 的种类“{rule.kind}”未注册")
        return kind

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


@contextmanager
def using(registry: KindRegistry) -> Iterator[KindRegistry]:
    """Use ``registry`` (e.g. built from a manager with in-process plugins) inside the block."""
    _CURRENT.override.append(registry)
    try:
        yield registry
    finally:
        _CURRENT.override.pop()
