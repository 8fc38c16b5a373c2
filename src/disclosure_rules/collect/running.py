"""Running collectors with containment.

Each collector runs in its own worker thread (at most ``workers`` at a time) with its timeout.
A collector that raises, hangs past its timeout, or yields records that do not fit the rule set
gets an ``error`` in its :class:`~disclosure_rules.evidence.CollectorReport` saying why — so its
unit's findings on its kinds become ``error`` — and every other collector's evidence is kept.

The error of a collector that raised reads ``采集器 X 出错：<message>``: the message alone for a
:class:`~disclosure_rules.errors.DisclosureRulesError` (raised on purpose, e.g. an
:class:`~disclosure_rules.httpclient.HttpError`, its message written for the office), preceded
by the exception's class name for anything else (``ValueError: …``: a bug, and the name helps
whoever fixes it).

What is kept of a faulty collector:

* raised or timed out: nothing (a half batch is not evidence; the thread of a hung collector is
  abandoned and asked to stop at its next record);
* finished but some records rejected: its good records, and the error names the first problems.
  A record is rejected when the host finds it does not fit the rule set, or when the collector
  itself yields a :class:`~disclosure_rules.errors.Problem` in its place (a record it could not
  build, located by the collector: file, row, column); both count the same.
* yielded a :class:`~disclosure_rules.collectors.KindProblem` (a gap in some of its kinds: a
  column it could not read to the end): all its records; the error quotes the gap and the
  report's ``kind_errors`` name the kinds, so only the unit's findings on those kinds become
  ``error`` — unless a record was also rejected or it raised, which concerns every kind.

A plugin configured in ``collect.yaml`` but not installed, or blocked through
``DISCLOSURE_RULES_BLOCK_PLUGINS``, registers no collector, so nothing would say its units were
not collected: :func:`unavailable_plugins` gives it failed reports instead (see there), and
``collect`` exits 2.
"""

from __future__ import annotations

import hashlib
import json
import os
import queue
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime
from pathlib import Path
from typing import Any

import attrs
import pluggy
from attrs import field, frozen

from ..errors import DisclosureRulesError, Location, Problem, did_you_mean
from ..evidence.records import (
    CollectionRun,
    CollectorReport,
    Evidence,
    EvidenceBatch,
    check_record,
    run_path_for,
)
from ..ruleset.model import Ruleset
from .cache import CollectCache
from .collectors import (
    CollectConfig,
    CollectContext,
    Collector,
    HttpClient,
    KindProblem,
    Progress,
)
from .plugins import BLOCK_ENV

__all__ = [
    "MAX_RECORDS",
    "BatchSink",
    "CollectionResult",
    "build_http_client",
    "output_paths",
    "run_collectors",
    "unavailable_plugins",
    "write_outputs",
]

#: A collector yielding more records than this is stopped and reported as an error.
MAX_RECORDS = 200_000
#: How many rejection problems the report's error quotes.
QUOTED_PROBLEMS = 3


#: ``on_batch`` of :func:`run_collectors`: (collector, report, kept records, problems).
BatchSink = Callable[[Collector, CollectorReport, tuple[Evidence, ...], tuple[Problem, ...]], None]


@frozen
class CollectionResult:
    """Checked evidence of every collector that delivered, and the run's reports."""

    evidence: tuple[Evidence, ...]
    run: CollectionRun
    problems: Mapping[str, tuple[Problem, ...]] = field(factory=dict)  # per collector name

    @property
    def batch(self) -> EvidenceBatch:
        return EvidenceBatch(
            self.evidence, tuple(p for found in self.problems.values() for p in found)
        )

    def write(self, out: str | Path) -> tuple[Path, Path]:
        return write_outputs(self, out)


def build_http_client(config: CollectConfig) -> HttpClient:
    """The shared client, with the limits and allowed hosts of ``collect.yaml``'s ``http``."""
    http = config.http
    extra = {"user_agent": http.user_agent} if http.user_agent else {}
    return HttpClient(
        allowed_hosts=http.allowed_hosts,
        connect_timeout=http.connect_timeout,
        read_timeout=http.read_timeout,
        max_bytes=http.max_bytes,
        **extra,
    )


class _Job:
    def __init__(self, collector: Collector, timeout: float, context: CollectContext | None,
                 error: str | None) -> None:
        self.collector = collector
        self.timeout = timeout
        self.context = context
        self.items: list[Any] = []  # appended by the worker thread
        self.raised: str | None = None  # set by the worker thread
        self.cancel = threading.Event()
        # The outcome, fixed by the host when the job finishes or is abandoned; an abandoned
        # thread that wakes up later cannot change it.
        self.error = error
        self.delivered: tuple[Any, ...] = ()
        self.started = 0.0
        self.seconds = 0.0

    def work(self, done: queue.Queue[_Job]) -> None:
        name = self.collector.name
        try:
            produced = self.collector.collect(self.context)  # type: ignore[arg-type]
            if produced is None:
                self.raised = (f"采集器 {name} 出错：collect() 返回了 None；"
                               "应 yield 记录或返回可迭代对象")
                return
            for item in produced:
                if self.cancel.is_set():
                    break
                self.items.append(item)
                if len(self.items) > MAX_RECORDS:
                    self.raised = f"采集器 {name} 产出的记录超过上限 {MAX_RECORDS} 条，已停止"
                    break
        except DisclosureRulesError as exc:  # raised on purpose: a message for the office
            self.raised = f"采集器 {name} 出错：{exc}"
        except BaseException as exc:  # a bug: the class name helps whoever fixes it
            self.raised = f"采集器 {name} 出错：{type(exc).__name__}: {exc}"
        finally:
            done.put(self)


def run_collectors(
    collectors: Iterable[Collector],
    *,
    ruleset: Ruleset,
    as_of: date,
    config: CollectConfig | None = None,
    http: HttpClient | None = None,
    progress: Callable[[Collector], Progress] | None = None,
    on_report: Callable[[CollectorReport], None] | None = None,
    on_batch: BatchSink | None = None,
    workers: int | None = None,
    unavailable: Iterable[CollectorReport] = (),
    cache: CollectCache | None = None,
) -> CollectionResult:
    """Run every collector, each contained, and check what they yield against ``ruleset``.

    :param collectors: as returned by :func:`disclosure_rules.plugins.get_collectors`.
    :param config: supplies plugin settings, timeouts, workers and the HTTP limits.
    :param http: a client to share (default: built from ``config`` and closed at the end).
    :param progress: a :class:`Progress` per collector (default: silent).
    :param on_report: called with each collector's report as soon as it is known.
    :param on_batch: called in the calling thread once per collector, as soon as it has
        finished (or failed), with the collector, its report, its kept records and the problems
        of its rejected ones: an evidence store writes each batch then, so a run killed later
        keeps every batch finished before.
    :param workers: collectors run at once (default ``config.workers``).
    :param unavailable: failed reports of configured plugins that are missing or blocked
        (:func:`unavailable_plugins`), recorded in the run after the collectors' own.
    :param cache: the evidence store's collector cache: each collector's context gets its
        own view of it (:attr:`CollectContext.cache`), so it can skip what has not changed.
    """
    config = config or CollectConfig()
    collectors = list(collectors)
    own_http = http is None
    client = http or build_http_client(config)
    started = datetime.now().astimezone()
    try:
        jobs = [_prepare(c, ruleset, as_of, config, client, progress, cache)
                for c in collectors]
        checked: dict[int, tuple[CollectorReport, list[Evidence], list[Problem]]] = {}

        def finished(job: _Job) -> None:
            checked[id(job)] = outcome = _check(job, ruleset, started)
            if on_batch is not None:
                on_batch(job.collector, outcome[0], tuple(outcome[1]), tuple(outcome[2]))

        for job in jobs:
            if job.error is not None:  # never scheduled: its outcome is already fixed
                finished(job)
        _schedule(jobs, max(1, workers or config.workers), finished)
    finally:
        if own_http:
            client.close()

    evidence: list[Evidence] = []
    seen: set[str] = set()
    reports: list[CollectorReport] = []
    problems: dict[str, tuple[Problem, ...]] = {}
    for job in jobs:
        report, kept, found = checked[id(job)]
        for record in kept:
            if record.sha256 not in seen:
                seen.add(record.sha256)
                evidence.append(record)
        reports.append(report)
        if found:
            problems[job.collector.name] = tuple(found)
        if on_report is not None:
            on_report(report)
    for report in unavailable:
        reports.append(report)
        if on_report is not None:
            on_report(report)
    run = CollectionRun(ruleset.id, as_of, tuple(reports), started,
                        datetime.now().astimezone())
    return CollectionResult(tuple(evidence), run, problems)


def _prepare(
    collector: Collector,
    ruleset: Ruleset,
    as_of: date,
    config: CollectConfig,
    http: HttpClient,
    progress: Callable[[Collector], Progress] | None,
    cache: CollectCache | None = None,
) -> _Job:
    settings = config.settings(collector.plugin)
    timeout = config.timeout_for(collector)
    hosts = settings.get("allowed_hosts", [])
    if isinstance(hosts, str):
        hosts = [hosts]
    if not isinstance(hosts, list) or not all(isinstance(h, str) for h in hosts):
        where = config.location(f"plugins.{collector.plugin}.allowed_hosts")
        return _Job(collector, timeout, None, f"{where}: allowed_hosts 应为主机名列表")
    context = CollectContext(
        as_of=as_of,
        unit=collector.unit,
        settings=settings,
        ruleset=ruleset,
        http=http.allowing(hosts),
        progress=progress(collector) if progress is not None else Progress(),
        base_dir=config.base_dir,
        collector=collector.name,
        collector_version=collector.version,
        cache=cache.view(collector.name) if cache is not None else None,
    )
    return _Job(collector, timeout, context, None)


def _schedule(jobs: list[_Job], workers: int, on_finished: Callable[[_Job], None]) -> None:
    done: queue.Queue[_Job] = queue.Queue()
    pending = [job for job in jobs if job.error is None]
    pending.reverse()
    running: dict[int, _Job] = {}
    while pending or running:
        while pending and len(running) < workers:
            job = pending.pop()
            job.started = time.monotonic()
            running[id(job)] = job
            threading.Thread(
                target=job.work, args=(done,), name=f"collector {job.collector.name}", daemon=True
            ).start()
        deadline = min(job.started + job.timeout for job in running.values())
        try:
            finished = done.get(timeout=max(0.0, deadline - time.monotonic()))
        except queue.Empty:
            now = time.monotonic()
            for key, job in list(running.items()):
                if now >= job.started + job.timeout:
                    del running[key]
                    job.cancel.set()  # the thread stops at its next record, if it ever returns
                    job.seconds = now - job.started
                    job.error = f"采集器 {job.collector.name} 超时（{job.timeout:g} 秒），已放弃"
                    on_finished(job)
            continue
        if running.pop(id(finished), None) is not None:
            finished.seconds = time.monotonic() - finished.started
            finished.error = finished.raised
            finished.delivered = tuple(finished.items)
            on_finished(finished)


def _check(
    job: _Job, ruleset: Ruleset, started: datetime
) -> tuple[CollectorReport, list[Evidence], list[Problem]]:
    collector = job.collector
    if job.error is not None:
        report = CollectorReport(collector.name, collector.unit, collector.kinds,
                                 error=job.error, seconds=job.seconds)
        return report, [], []
    kept: list[Evidence] = []
    problems: list[Problem] = []
    rejections: list[Problem] = []  # of rejected records: they concern every kind
    gaps: dict[str, list[Problem]] = {}  # kind → the KindProblems naming it
    rejected = 0
    for number, item in enumerate(job.delivered, start=1):
        location = Location(f"采集器 {collector.name} 第 {number} 条记录")
        if isinstance(item, Problem):  # a record the collector could not build, or a gap
            problem = _located(item, collector)
            problems.append(problem)
            kinds = _scope(item, collector)
            for kind in kinds:
                gaps.setdefault(kind, []).append(problem)
            if not kinds:
                rejected += 1
                rejections.append(problem)
            continue
        raw = _raw(item, collector, started)
        record, found = check_record(raw, ruleset, location=location)
        if record is not None:
            found = _belongs(record, collector, location)
        if found:
            rejected += 1
            problems.extend(found)
            rejections.extend(found)
        elif record is not None:
            kept.append(record)
    parts = []
    if rejected:
        parts.append(f"采集器 {collector.name} 有 {rejected} 条记录被拒绝：{_quote(rejections)}")
    kind_errors: dict[str, str] = {}
    if gaps:
        labels = "、".join(_label(ruleset, kind) for kind in gaps)
        gap_problems = list(dict.fromkeys(p for found in gaps.values() for p in found))
        parts.append(f"采集器 {collector.name} 未能读全{labels}：{_quote(gap_problems)}")
        if not rejected:  # else the error concerns every kind anyway
            kind_errors = {kind: f"采集器 {collector.name} 未能读全{_label(ruleset, kind)}："
                                 f"{_quote(found)}" for kind, found in gaps.items()}
    error = "；".join(parts) or None
    report = CollectorReport(collector.name, collector.unit, collector.kinds, len(kept),
                             rejected, error, job.seconds, kind_errors)
    return report, kept, problems


def _quote(problems: list[Problem]) -> str:
    """The first problems, and how many more there are."""
    quoted = "；".join(str(p) for p in problems[:QUOTED_PROBLEMS])
    more = (f"（另有 {len(problems) - QUOTED_PROBLEMS} 处问题）"
            if len(problems) > QUOTED_PROBLEMS else "")
    return quoted + more


def _scope(problem: Problem, collector: Collector) -> tuple[str, ...]:
    """The kinds a yielded problem concerns; () for every kind of the collector (a plain
    Problem, or a KindProblem naming no kind or a kind the collector does not declare)."""
    if not isinstance(problem, KindProblem) or not problem.kinds:
        return ()
    if not set(problem.kinds) <= set(collector.kinds):
        return ()
    return tuple(dict.fromkeys(problem.kinds))


def _label(ruleset: Ruleset, kind: str) -> str:
    spec = ruleset.kind_map.get(kind)
    return f"“{spec.label}”（{kind}）" if spec is not None and spec.label else f"“{kind}”"


def _located(problem: Problem, collector: Collector) -> Problem:
    """A collector's own problem, naming the collector when it names no file."""
    if problem.location.file:
        return problem
    return attrs.evolve(problem, location=attrs.evolve(problem.location,
                                                       file=f"采集器 {collector.name}"))


def _raw(item: Any, collector: Collector, started: datetime) -> Any:
    """The item as a raw record, with the collector's provenance filled in where missing."""
    if isinstance(item, Evidence):
        item = item.to_json()
    if not isinstance(item, Mapping):
        return item
    raw = dict(item)
    given = raw.get("provenance")
    prov = dict(given) if isinstance(given, Mapping) else {}
    prov["collector"] = prov.get("collector") or collector.name
    prov["collector_version"] = prov.get("collector_version") or collector.version
    prov["collected_at"] = prov.get("collected_at") or started.isoformat(timespec="seconds")
    prov.setdefault("source", "")
    raw["provenance"] = prov
    return raw


def _belongs(record: Evidence, collector: Collector, location: Location) -> list[Problem]:
    problems = []
    if record.unit != collector.unit:
        problems.append(Problem(
            Location(location.file, path="unit"),
            f"记录属于单位“{record.unit}”，但采集器代表单位“{collector.unit}”",
            "每个采集器只能产出它所代表单位的证据",
        ))
    if record.kind not in collector.kinds:
        problems.append(Problem(
            Location(location.file, path="kind"),
            f"证据类型“{record.kind}”不在采集器声明的 kinds（{'、'.join(collector.kinds)}）中",
            "请在 Collector(kinds=...) 中声明它",
        ))
    return problems


# -- configured plugins that are not there -------------------------------------------------------


def unavailable_plugins(
    pm: pluggy.PluginManager, config: CollectConfig, ruleset: Ruleset
) -> tuple[CollectorReport, ...]:
    """A failed report per unit for each ``plugins:`` section of ``config`` that no loaded
    plugin answers to (not installed, blocked, or misspelt).

    The plugin never ran, so which units and kinds it would have covered is read from its
    settings: every unit named under a ``unit``/``units`` key (a group stands for its units;
    every unit of the rule set when none is named) and every declared kind named under a
    ``kind``/``kinds`` key (every kind when none is).  Too wide rather than too narrow: a
    finding made ``error`` by mistake is visible, a missing collection judged 未通过 is not.
    """
    loaded = [name for name, plugin in pm.list_name_plugin() if plugin is not None]
    reports: list[CollectorReport] = []
    for section in config.plugins:
        if section in loaded:
            continue
        where = config.location(f"plugins.{section}")
        if pm.is_blocked(section):
            reason = (f"{where}: 插件“{section}”已被环境变量 {BLOCK_ENV} 屏蔽，未采集；"
                      f"如需采集，请从 {BLOCK_ENV} 中去掉它，或从 collect.yaml 的 plugins 中删去它")
        else:
            hint = did_you_mean(section, loaded)
            reason = (f"{where}: 插件“{section}”未安装，未采集；请安装该插件"
                      "（disclosure-rules plugins 列出已安装的插件），"
                      "或从 collect.yaml 的 plugins 中删去它" + (f"（{hint}）" if hint else ""))
        units, kinds = _claimed(config.settings(section), ruleset)
        reports.extend(CollectorReport(f"{section}:{unit}", unit, kinds, error=reason)
                       for unit in units)
    return tuple(reports)


def _claimed(settings: Any, ruleset: Ruleset) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(unit ids, kind names) named anywhere in a plugin's settings; all units and ``()`` (every
    kind) when none is named."""
    units: dict[str, None] = {}
    kinds: dict[str, None] = {}
    stack = [settings]
    while stack:
        node = stack.pop()
        if isinstance(node, Mapping):
            for key, value in node.items():
                names = [value] if isinstance(value, str) else value
                if key in ("unit", "units") and isinstance(names, list):
                    for name in names:
                        if isinstance(name, str):
                            units.update(dict.fromkeys(ruleset.units.resolve(name)))
                elif key in ("kind", "kinds") and isinstance(names, list):
                    kinds.update(dict.fromkeys(
                        n for n in names if isinstance(n, str) and n in ruleset.kind_map))
                else:
                    stack.append(value)
        elif isinstance(node, list):
            stack.extend(node)
    every = tuple(u.id for u in ruleset.units.units)
    return tuple(units) or every, tuple(kinds)


# -- output --------------------------------------------------------------------------------------


def output_paths(out: str | Path) -> tuple[Path, Path]:
    """``OUT`` (with or without ``.jsonl``) → (``OUT.jsonl``, ``OUT.run.json``)."""
    out = Path(out)
    stem = out.with_suffix("") if out.suffix == ".jsonl" else out
    jsonl = stem.with_name(stem.name + ".jsonl")
    return jsonl, run_path_for(jsonl)  # where ``check`` looks for it


def write_outputs(result: CollectionResult, out: str | Path) -> tuple[Path, Path]:
    """Write the evidence (one ``Evidence.to_json()`` per line) and the run sidecar, each to a
    temporary file renamed into place, so a reader never sees a half-written file.  The run
    file records the sha256 of the evidence file (``CollectionRun.evidence_sha256``)."""
    jsonl, run_json = output_paths(out)
    jsonl.parent.mkdir(parents=True, exist_ok=True)
    temps: list[tuple[Path, Path]] = []
    digest = hashlib.sha256()
    try:
        tmp = _temp_for(jsonl)
        temps.append((tmp, jsonl))
        with open(tmp, "wb") as handle:
            for record in result.evidence:
                line = json.dumps(record.to_json(), ensure_ascii=False, sort_keys=True) + "\n"
                data = line.encode("utf-8")
                digest.update(data)
                handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        tmp = _temp_for(run_json)
        temps.append((tmp, run_json))
        # the run file names the evidence file it belongs to by its sha256: ``check`` uses it
        # for that file only
        attrs.evolve(result.run, evidence_sha256=digest.hexdigest()).write(tmp)
        for tmp, final in temps:
            os.replace(tmp, final)
    finally:
        for tmp, _ in temps:
            tmp.unlink(missing_ok=True)
    return jsonl, run_json


def _temp_for(path: Path) -> Path:
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    return Path(name)
