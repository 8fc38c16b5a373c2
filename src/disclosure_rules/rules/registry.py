"""Building the registry of rule kinds from the ``disclosure_rules_rule_kinds`` hook.

The built-in kinds are a plugin like any other (:mod:`disclosure_rules.rules.builtin`), called
first, so loading a rule set that uses only them needs no installed plugin; a plugin manager's
plugins (the installed ones, or in-process ones in tests and embedding tools) come after.  What
each registers is checked by :class:`~disclosure_rules.ruleset.kinds.KindRegistry`.

Which registry is in use (:func:`current`, :func:`using`, :func:`refresh`) is kept by
:mod:`disclosure_rules.ruleset.kinds`, below every module that asks it; they are re-exported
here for plugin authors and tests.
"""

from __future__ import annotations

from typing import Any

import pluggy

from ..errors import PluginError
from ..ruleset.kinds import KindRegistry, RuleKind, current, refresh, using
from . import builtin

__all__ = ["BUILTIN_PLUGIN", "KindRegistry", "build_registry", "current", "refresh", "using"]

BUILTIN_PLUGIN = "disclosure_rules.rules"


def build_registry(pm: pluggy.PluginManager | None = None) -> KindRegistry:
    """Call every ``disclosure_rules_rule_kinds`` implementation (the built-in kinds first,
    then those of ``pm``'s plugins) and check what it registers.

    :raises PluginError: listing every bad registration, each naming its plugin and kind.
    """
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
