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

from ..markers import hookspec

if TYPE_CHECKING:
    from ..reports.writer import ReportWriter
    from ..ruleset.kinds import RuleKind
    from ..ruleset.model import Ruleset
    from .collectors import CollectConfig, Collector

__all__ = [
    "disclosure_rules_collectors",
    "disclosure_rules_report_writers",
    "disclosure_rules_rule_kinds",
]


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


@hookspec
def disclosure_rules_rule_kinds(register: Callable[[RuleKind], None]) -> None:
    """Offer rule kinds: call ``register(RuleKind(...))`` once for each kind.

    A rule kind is what a rule set's ``kind:`` names (the built-in ``present``, ``timely`` …
    are registered through this hook too, by :mod:`disclosure_rules.rules.builtin`).  A
    :class:`~disclosure_rules.rules.RuleKind` holds the kind's ``name``; its parameters
    ``params``, an attrs class derived from :class:`~disclosure_rules.model.Rule` whose
    ``kind`` class variable is the name (the loader reads its fields from YAML: ``str``,
    ``int``, ``float``, ``bool``, ``date``, ``tuple[Condition, ...]``, each optionally
    ``| None``); ``label`` (Chinese) and ``label_en``; ``plan(ctx)``, which adds the kind's
    probes, items and slots to the plan of the matching backends
    (:class:`~disclosure_rules.intermediate.PlanContext`); ``reference(ctx)``, the plain
    statement of the kind's meaning that returns one rule × unit's findings
    (:class:`~disclosure_rules.reference.ReferenceContext`) and that every backend must
    equal; ``templates``, the reasons of its finding codes (code → (Chinese, English));
    optionally ``check`` (located problems with the evidence kinds a rule names),
    ``can_fail``, ``doc``, ``kind_params`` and ``working_days``.

    The host checks every registration when the kinds are first needed (a rule set naming a
    kind that is not built in loads the installed plugins); a name that is not a lowercase
    identifier or is taken, a ``params`` that is not such a class or has a parameter type the
    loader cannot read, a missing label, a callable that is not one, or a template that
    differs from another kind's under the same code stops the run with a
    :class:`~disclosure_rules.errors.PluginError` naming the plugin and the kind.  So does an
    exception raised here, or raised by the kind's ``plan``, ``reference`` or ``check`` while
    a rule set is loaded or evaluated.

    All implementations are called (this is not a ``firstresult`` hook); the return value is
    ignored.

    :param register: call with a :class:`~disclosure_rules.rules.RuleKind`; returns None.
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
