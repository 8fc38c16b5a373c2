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
    from .reports.writer import ReportWriter

__all__ = ["disclosure_rules_collectors", "disclosure_rules_report_writers"]


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
    good records are kept (see :class:`~disclosure_rules.collectors.Collector`).

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


@hookspec
def disclosure_rules_report_writers(register: Callable[[ReportWriter], None]) -> None:
    """Offer report formats: call ``register(ReportWriter(...))`` once for each format.

    A :class:`~disclosure_rules.reports.writer.ReportWriter` has a ``name`` (the value of
    ``disclosure-rules report --format``), the file ``suffixes`` that choose it for
    ``check --out`` (e.g. ``(".csv",)``), a one-line ``description`` and ``write(result,
    stream, options)``, which writes the whole report as bytes to ``stream``.  ``result`` is a
    :class:`~disclosure_rules.findings.Result` (read back from JSON or fresh from a check);
    ``options`` is a :class:`~disclosure_rules.reports.writer.ReportOptions` with ``lang``
    (``zh``/``en``), ``unit`` (a unit id: show only that unit, as its to-do list),
    ``show_all`` (list every finding, not only those that need action), ``width`` and
    ``color`` (for terminal text).  A writer reads only the Result: no rule set, no network.

    The built-in formats (text, html, xlsx, md, junit, json) are registered by the plugin
    ``reports`` through this same hook.  The host fills in ``ReportWriter.plugin`` and checks
    every registration: a name already taken (by a built-in format or another plugin), a name
    that is not lower-case letters, digits, ``-`` or ``_``, a suffix without its dot or claimed
    twice, or a ``write`` that is not callable stops with a
    :class:`~disclosure_rules.errors.PluginError` naming the plugin and what to fix.  An
    exception raised here is reported the same way; one raised by ``write`` is reported naming
    the plugin and the format.

    All implementations are called (this is not a ``firstresult`` hook); the return value is
    ignored.

    :param register: call with a :class:`~disclosure_rules.reports.writer.ReportWriter`;
        returns None.
    """
