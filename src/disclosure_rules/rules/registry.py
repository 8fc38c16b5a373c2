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
from ..markers import PROJECT, call_registrations, implementations
from ..ruleset.kinds import KindRegistry, RuleKind, current, refresh, using
from . import builtin

__all__ = ["BUILTIN_PLUGIN", "KindRegistry", "build_registry", "current", "refresh", "using"]

BUILTIN_PLUGIN = "disclosure_rules.rules"
HOOK = "disclosure_rules_rule_kinds"


def build_registry(pm: pluggy.PluginManager | None = None) -> KindRegistry:
    """Call every ``disclosure_rules_rule_kinds`` implementation (the built-in kinds first,
    then those of ``pm``'s plugins) and check what it registers.

    :raises PluginError: listing every bad registration, each naming its plugin and kind.
    """
    registry = KindRegistry()
    problems: list[str] = []
    # the built-in kinds are a plugin of a manager of their own, so they come first and need no
    # installed plugin
    own = pluggy.PluginManager(PROJECT)
    own.register(builtin, name=BUILTIN_PLUGIN)
    impls = implementations(own, HOOK) + (implementations(pm, HOOK) if pm is not None else [])

    def register_for(plugin: str) -> dict[str, Any]:
        def register(kind: RuleKind) -> None:
            problems.extend(registry.add(kind, plugin))

        return {"register": register}

    call_registrations(HOOK, impls, register_for, problems)
    if problems:
        raise PluginError("插件注册的规则种类有误：\n" + "\n".join(f"  - {p}" for p in problems))
    return registry
