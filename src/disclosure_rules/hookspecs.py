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
    from .model import Ruleset

__all__ = ["disclosure_rules_collectors"]


@hookspec
def disclosure_rules_collectors(
    register: Callable[[Collector], None], config: CollectConfig, ruleset: Ruleset | None
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

    A collector's ``collect`` yields records and, for a record it could not build, a
    :class:`~disclosure_rules.errors.Problem` locating it (file, line = row, column, path);
    the host counts such a problem as a rejected record: the collector's report gets an error
    quoting the first problems, its unit's findings on its kinds become ``error``, and its
    good records are kept (see :class:`~disclosure_rules.collectors.Collector`).  A gap that
    concerns only some of its kinds (a column it could not read to the end) is a
    :class:`~disclosure_rules.collectors.KindProblem` naming them: only the unit's findings on
    those kinds become ``error``.

    All implementations are called (this is not a ``firstresult`` hook); the return value is
    ignored.  An implementation may take only the arguments it needs, by name:
    ``(register)``, ``(register, config)`` and ``(register, config, ruleset)`` all work.

    :param register: call with a :class:`~disclosure_rules.collectors.Collector`; returns None.
    :param config: the parsed ``collect.yaml``
        (:class:`~disclosure_rules.collectors.CollectConfig`); ``config.settings(plugin_name)``
        is the plugin's own section, an empty mapping when absent.
    :param ruleset: the rule set the run checks (:class:`~disclosure_rules.model.Ruleset`:
        its units, evidence kinds with their labels and fields, tasks and rules), e.g. to map
        a ledger's sheet labels to evidence kinds.  ``None`` only when collectors are listed
        without a rule set (``disclosure-rules plugins --config`` with neither ``--ruleset``
        nor ``ruleset:`` in the config); units and kinds are not checked then, so register
        what you can without it (``collect`` always has one, as ``context.ruleset``).
    """
