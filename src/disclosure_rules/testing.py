"""Helpers for plugin authors' tests: run one collector the way ``disclosure-rules collect``
does, without a config file, a terminal or other plugins.

::

    from datetime import date
    from disclosure_rules.testing import collectors_of, make_ruleset, run_collector
    import my_plugin

    def test_my_collector(tmp_path):
        ruleset = make_ruleset(units={"tech": "科技科"},
                               kinds={"publication": {"published": "date!", "url": "text"}})
        [collector] = collectors_of(my_plugin, ruleset=ruleset,
                                    settings={"units": ["tech"], "folder": str(tmp_path)})
        result = run_collector(collector, ruleset=ruleset, as_of=date(2019, 12, 31),
                               settings={"folder": str(tmp_path)})
        assert result.error is None
        assert [r.key for r in result.records] == [...]

``run_collector`` applies the same containment as a real run: an exception, a timeout, a
rejected record or a :class:`~disclosure_rules.errors.Problem` the collector yields shows up as
``result.error`` (and ``result.problems``, ``result.report.rejected``), never as a crash.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from pathlib import Path
from typing import Any

import attrs
from attrs import frozen

from .collect.collectors import CollectConfig, Collector, HttpClient
from .collect.plugins import _check_collector, get_collectors, get_plugin_manager
from .collect.running import run_collectors
from .errors import PluginError, Problem
from .evidence.records import CollectorReport, Evidence
from .ruleset.model import EvidenceKind, FieldSpec, FieldType, Ruleset, Unit, UnitRegistry
from .ruleset.workdays import default_calendar

__all__ = ["CollectorResult", "collectors_of", "make_ruleset", "run_collector"]


@frozen
class CollectorResult:
    """What one collector delivered: the accepted records, the problems of rejected ones (the
    host's and those the collector yielded), and the error its unit's findings would show
    (None when all went well)."""

    records: tuple[Evidence, ...]
    problems: tuple[Problem, ...]
    error: str | None
    report: CollectorReport

    @property
    def ok(self) -> bool:
        return self.error is None


def make_ruleset(
    *,
    units: Mapping[str, str] | Iterable[str],
    kinds: Mapping[str, Mapping[str, str | FieldSpec]],
    id: str = "test-ruleset",
    year: int = 2019,
) -> Ruleset:
    """A rule set with only units and evidence kinds (no tasks), enough to check evidence.

    :param units: ``{id: name}``, or ids alone (the name is the id).
    :param kinds: ``{kind: {field: type}}`` with a type of ``date``, ``text``, ``int``,
        ``number``, ``bool`` or ``ref``, suffixed with ``!`` when required (``"date!"``), or a
        :class:`~disclosure_rules.model.FieldSpec`.  The first date field places a record in time.
    """
    pairs = units.items() if isinstance(units, Mapping) else ((u, u) for u in units)
    registry = UnitRegistry(tuple(Unit(uid, name) for uid, name in pairs))
    declared = []
    for kind, fields in kinds.items():
        specs = []
        for name, spec in fields.items():
            if isinstance(spec, FieldSpec):
                specs.append(spec)
                continue
            required = spec.endswith("!")
            specs.append(FieldSpec(name, FieldType(spec.rstrip("!")), required=required))
        date_field = next((s.name for s in specs if s.type is FieldType.DATE), None)
        declared.append(EvidenceKind(kind, kind, tuple(specs), date_field))
    return Ruleset(id, id, year, registry, tuple(declared), (), default_calendar())


def _ruleset(ruleset: Ruleset | str | Path) -> Ruleset:
    if isinstance(ruleset, Ruleset):
        return ruleset
    from .ruleset.loader import load_ruleset

    return load_ruleset(ruleset)


def _config(
    plugin: str,
    settings: Mapping[str, Any] | None,
    base_dir: str | Path | None,
    allowed_hosts: Iterable[str],
    timeouts: Mapping[str, float] | None = None,
) -> CollectConfig:
    data: dict[str, Any] = {"http": {"allowed_hosts": list(allowed_hosts)}}
    if settings is not None:
        data["plugins"] = {plugin: dict(settings)}
    if timeouts:
        data["timeouts"] = dict(timeouts)
    path = Path(base_dir) / "collect.yaml" if base_dir is not None else None
    return CollectConfig.from_mapping(data, path=path)


def collectors_of(
    plugin: object,
    *,
    ruleset: Ruleset | str | Path | None = None,
    settings: Mapping[str, Any] | None = None,
    name: str = "plugin",
    base_dir: str | Path | None = None,
    config: CollectConfig | None = None,
) -> tuple[Collector, ...]:
    """The collectors ``plugin`` (a module or object with ``@hookimpl`` functions) registers,
    checked as the host checks them, with only this plugin loaded.

    :param settings: the plugin's section of ``collect.yaml`` (under ``plugins: <name>:``).
    :param name: the plugin name the settings are filed under (the entry-point name).
    :param config: a whole :class:`CollectConfig` instead of ``settings``/``base_dir``.
    """
    pm = get_plugin_manager(load_entrypoints=False, plugins=[(name, plugin)])
    config = config or _config(name, settings, base_dir, ())
    return get_collectors(pm, config, _ruleset(ruleset) if ruleset is not None else None)


def run_collector(
    collector: Collector,
    *,
    ruleset: Ruleset | str | Path,
    as_of: date | None = None,
    settings: Mapping[str, Any] | None = None,
    base_dir: str | Path | None = None,
    allowed_hosts: Iterable[str] = (),
    http: HttpClient | None = None,
    timeout: float | None = None,
) -> CollectorResult:
    """Run one collector with containment and check its records against ``ruleset``.

    :param ruleset: a :class:`~disclosure_rules.model.Ruleset` or the path of a rule-set file.
    :param as_of: the audit date (default: 31 December of the rule set's year).
    :param settings: the plugin's settings as ``collect.yaml`` would give them.
    :param base_dir: where relative paths in the settings resolve (default: cwd).
    :param allowed_hosts: hosts the context's HTTP client may reach (e.g. ``127.0.0.1:8765``).
    :param http: a client to use instead (it is not closed).
    :param timeout: overrides the collector's timeout, in seconds.
    :raises PluginError: the collector itself is invalid (unknown unit, undeclared kind...).
    """
    rules = _ruleset(ruleset)
    plugin = collector.plugin or "plugin"
    checked, problems = _check_collector(attrs.evolve(collector, plugin=plugin), plugin, rules, {})
    if checked is None:
        raise PluginError("采集器有误：\n" + "\n".join(f"  - {p}" for p in problems))
    timeouts = {checked.name: timeout} if timeout is not None else None
    config = _config(plugin, settings, base_dir, allowed_hosts, timeouts)
    result = run_collectors(
        [checked], ruleset=rules, as_of=as_of or date(rules.year, 12, 31), config=config,
        http=http,
    )
    [report] = result.run.reports
    return CollectorResult(
        result.evidence, result.problems.get(checked.name, ()), report.error, report
    )
