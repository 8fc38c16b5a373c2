"""The pluggy markers of the ``disclosure_rules`` project, and how a registration hook is called.

Plugins import the implementation marker from the package top::

    from disclosure_rules import hookimpl
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

import pluggy

from .errors import PluginError

PROJECT = "disclosure_rules"
"""The pluggy project name; also the entry-point group plugins are published under."""

hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)

__all__ = ["PROJECT", "call_registrations", "hookimpl", "hookspec", "implementations"]


def implementations(pm: pluggy.PluginManager, hook: str) -> list[tuple[str, pluggy.HookImpl]]:
    """(plugin name, implementation) of ``hook`` on ``pm``, in registration order."""
    return [(pm.get_name(impl.plugin) or impl.plugin_name, impl)
            for impl in getattr(pm.hook, hook).get_hookimpls()]


def call_registrations(hook: str, impls: Iterable[tuple[str, pluggy.HookImpl]],
                       arguments: Callable[[str], Mapping[str, Any]],
                       problems: list[str]) -> None:
    """Call each implementation of a registration hook (``disclosure_rules_collectors``,
    ``…_report_writers``, ``…_rule_kinds``) one by one, with the arguments it names out of
    ``arguments(plugin)`` (its ``register`` knows the plugin, so what it registers is checked
    and credited to it).

    A wrapper cannot register anything: it is a problem, added to ``problems`` in its turn
    (where the ``register`` functions add theirs).

    :raises PluginError: naming the plugin and the hook when an implementation raises.
    """
    for plugin, impl in impls:
        if impl.hookwrapper or impl.wrapper:
            problems.append(f"插件 {plugin}：{hook} 不能是 wrapper")
            continue
        given = arguments(plugin)
        try:
            impl.function(*(given[name] for name in impl.argnames))
        except Exception as exc:
            raise PluginError(f"插件 {plugin} 在 {hook} 中出错：{type(exc).__name__}: {exc}") \
                from exc
