"""The hooks a ``disclosure_rules`` plugin may implement.

These docstrings are the plugin reference (``docs/plugins.md`` mirrors them, and a test checks
that every hook is documented there with its exact argument list).

A plugin is a module (or any object) with functions marked ``@hookimpl``; it is found through the
``disclosure_rules`` entry-point group of an installed distribution, or registered in-process
with ``get_plugin_manager(plugins=[module])``.  A hook implementation may accept any subset of
the arguments below, by name.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from .markers import hookspec

if TYPE_CHECKING:
    from .collectors import CollectConfig, Collector

__all__ = ["disclosure_rules_collectors"]


@hookspec
def disclosure_rules_collectors(
    register: Callable[[Collector], None], config: CollectConfig
) -> None:
    """Offer evidence collectors: call ``register(Collector(...))`` once for each collector.

    A plugin usually registers one collector per unit named in its settings (its section
    ``plugins: <plugin name>:`` of ``collect.yaml``, read with ``config.settings(name)``).
    Registering nothing is fine: the plugin is installed but not configured.

    The host fills in ``Collector.plugin`` and checks every registration at start-up; a
    duplicate collector name, a unit the rule set does not know, an evidence kind it does not
    declare, a ``collect`` that is not callable or a timeout that is not positive stops the
    run with a :class:`~disclosure_rules.errors.PluginError` naming the plugin and what to fix.
    An exception raised here is reported the same way.

    All implementations are called (this is not a ``firstresult`` hook); the return value is
    ignored.

    :param register: call with a :class:`~disclosure_rules.collectors.Collector`; returns None.
    :param config: the parsed ``collect.yaml``
        (:class:`~disclosure_rules.collectors.CollectConfig`); ``config.settings(plugin_name)``
        is the plugin's own section, an empty mapping when absent.
    """
