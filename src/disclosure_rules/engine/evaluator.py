"""The engine: evidence + rule set + as_of → a Result.

Flow, one direction::

    records ──dedupe──► Evaluator ──compile (intermediate)──► Plan (probes, items, slots)
                                   ──iter_sessions (lazy)──► shards ──match_shard──► pairs
                                   ──decide (verdicts)──► raw findings ──invariants──►
                                   ──collector errors, waivers, reasons──► Result

Backends: ``durable`` (durable-rules, the default), ``index`` (the same plan matched with a
plain dict index: the practical lower bound) and ``reference`` (the oracle of
:mod:`reference`, which needs no plan).  All three give identical findings; the property tests
hold them to it.

Partitions are independent, so shards of sessions are submitted to a
``concurrent.futures.Executor``, a bounded window of shards at a time: in-process by default
(one session's facts at a time), a ``ProcessPoolExecutor`` on one machine,
``distributed.Client(...).get_executor()`` on a cluster.  Memory: see docs/engine.md §8.

:class:`Evaluator` is the incremental API: add evidence as it arrives and ask for the current
result; only the rules that read the kinds of the new evidence are evaluated again.
"""

from __future__ import annotations

import bisect
import hashlib
import itertools
import os
import time
from array import array
from collections import defaultdict, deque
from collections.abc import Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Executor, Future
from datetime import date
from typing import Any

import attrs
from attrs import frozen

from ..errors import EngineError, InputError, Location, Problem, did_you_mean
from ..evidence.records import CollectionFailure, Evidence, check_record, source_of
from ..results.findings import (
    Finding,
    Status,
    cited_records,
    outline,
    summarise,
)
from ..results.result import Result
from ..ruleset.model import Ruleset
from .durable_backend import (
    DEFAULT_SESSION_FACTS,
    MAX_SESSION_FACTS,
    Session,
    ShardOutcome,
    match_shard,
)
from .intermediate import Matches, Plan, compile_plan
from .reasons import render
from .reference import evaluate_reference
from .scope import outside_scope

BACKENDS = ("durable", "index", "reference")
#: Sessions per executor task (one durable rule set each).
DEFAULT_SHARD_SESSIONS = 50


# -- partitioning and matching -----------------------------------------------------------------


def iter_sessions(plan: Plan, capacity: int = DEFAULT_SESSION_FACTS) -> Iterator[Session]:
    """Sessions of at most ``capacity`` facts, made one at a time.  All probes and items of a
    key go to one session; a key with more facts than fit is split into probe-chunk ×
    item-chunk sessions (a pair matches in exactly one of them).  Keys without items or without
    probes are left out: they cannot match, and absence is decided in Python.

    Only the fact ids grouped by key are built up front (flat arrays, no fact tuples); the
    facts of a session are materialised when it is made, so the memory of matching is one
    session (in process) or one window of shards (executor), not every session of the
    evaluation."""
    if not 2 <= capacity <= MAX_SESSION_FACTS:
        raise EngineError(f"会话容量应在 2 到 {MAX_SESSION_FACTS} 之间，而不是 {capacity}")
    pk, plo, phi = plan.probe_keys, plan.probe_lo, plan.probe_hi
    ik, iday = plan.item_keys, plan.item_days
    n_keys = plan.next_key
    # fact ids grouped by key with a counting sort into flat arrays: 8 bytes a fact and two
    # per key, instead of a dict of per-key lists
    p_at, p_ids = _group_by_key(pk, n_keys)
    i_at, i_ids = _group_by_key(ik, n_keys)
    done = bytearray(n_keys)

    def keys() -> Iterator[tuple[array[int], array[int]]]:
        # keys in the order of their first probe, as the sessions have always been cut
        for key in pk:
            if done[key]:
                continue
            done[key] = 1
            if i_at[key] < i_at[key + 1]:  # a probe without items cannot match
                yield p_ids[p_at[key]:p_at[key + 1]], i_ids[i_at[key]:i_at[key + 1]]

    def probe_facts(pids: Iterable[int]) -> list[tuple[int, int, int, int]]:
        return [(p, pk[p], plo[p], phi[p]) for p in pids]

    def item_facts(iids: Iterable[int]) -> list[tuple[int, int, int]]:
        return [(i, ik[i], iday[i]) for i in iids]

    cur_p: list[tuple[int, int, int, int]] = []
    cur_i: list[tuple[int, int, int]] = []
    for ps, its in keys():
        if len(ps) + len(its) > capacity:
            pc = min(len(ps), capacity // 2)
            ic = capacity - pc
            for a in range(0, len(ps), pc):
                for b in range(0, len(its), ic):
                    yield Session(tuple(probe_facts(ps[a:a + pc])),
                                  tuple(item_facts(its[b:b + ic])))
            continue
        if len(cur_p) + len(cur_i) + len(ps) + len(its) > capacity:
            yield Session(tuple(cur_p), tuple(cur_i))
            cur_p, cur_i = [], []
        cur_p.extend(probe_facts(ps))
        cur_i.extend(item_facts(its))
    if cur_p:
        yield Session(tuple(cur_p), tuple(cur_i))


def _group_by_key(keys: array[int], n_keys: int) -> tuple[array[int], array[int]]:
    """``(at, ids)``: the ids with key ``k`` are ``ids[at[k]:at[k + 1]]``, in ascending order."""
    at = array("q", bytes(8 * (n_keys + 1)))
    for key in keys:
        at[key + 1] += 1
    for k in range(n_keys):
        at[k + 1] += at[k]
    fill = array("q", at)
    ids = array("q", bytes(8 * len(keys)))
    for n, key in enumerate(keys):
        ids[fill[key]] = n
        fill[key] += 1
    return at, ids


def partition(plan: Plan, capacity: int = DEFAULT_SESSION_FACTS) -> list[Session]:
    """All sessions of :func:`iter_sessions` as a list (for inspection and tests; matching
    consumes the iterator instead)."""
    return list(iter_sessions(plan, capacity))


def match_index(plan: Plan) -> Matches:
    """The plan matched with a dict index and binary search (no engine): the lower bound."""
    by_key: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for iid, (key, day) in enumerate(zip(plan.item_keys, plan.item_days, strict=True)):
        by_key[key].append((day, iid))
    for values in by_key.values():
        values.sort()
    matches: Matches = {}
    n_items = plan.n_items
    for pid, (key, lo, hi) in enumerate(zip(plan.probe_keys, plan.probe_lo, plan.probe_hi,
                                            strict=True)):
        values = by_key.get(key)
        if not values:
            continue
        a = bisect.bisect_left(values, (lo, -1))
        b = bisect.bisect_right(values, (hi, n_items))
        if a < b:
            matches[pid] = [iid for _, iid in values[a:b]]
    return matches


def _counted(sessions: Iterable[Session], stats: dict[str, Any]) -> Iterator[Session]:
    for session in sessions:
        stats["sessions"] += 1
        stats["largest_session"] = max(stats["largest_session"], len(session))
        yield session


def match_durable(plan: Plan, *, executor: Executor | None = None,
                  session_facts: int = DEFAULT_SESSION_FACTS,
                  shard_sessions: int = DEFAULT_SHARD_SESSIONS,
                  in_flight: int | None = None) -> tuple[Matches, dict[str, Any]]:
    """The plan matched by durable-rules, session by session, shard by shard.

    Sessions are made lazily.  In process (no executor) each shard's matcher takes them one at
    a time, so one session's facts exist at a time.  With an executor, shards are lists (they
    are pickled) and are submitted in a bounded window (``in_flight`` shards at a time,
    default twice the CPU count), so the facts waiting for durable-rules never exceed that
    window, whatever the size of the evaluation."""
    stats: dict[str, Any] = {"sessions": 0, "shards": 0, "facts": 0, "actions": 0,
                             "pairs": 0, "renamed_ids": 0, "largest_session": 0}
    sessions = _counted(iter_sessions(plan, session_facts), stats)
    matches: Matches = defaultdict(list)

    def collect(outcome: ShardOutcome) -> None:
        stats["facts"] += outcome.facts
        stats["renamed_ids"] += outcome.renamed
        stats["actions"] += outcome.actions
        stats["pairs"] += len(outcome.pairs)
        for pid, iid in outcome.pairs:
            matches[pid].append(iid)

    if executor is None:
        while (first := next(sessions, None)) is not None:
            stats["shards"] += 1
            rest = itertools.islice(sessions, shard_sessions - 1)
            collect(match_shard(itertools.chain((first,), rest)))
            del first
    else:
        window = max(1, in_flight or 2 * (os.cpu_count() or 1))
        pending: deque[Future[ShardOutcome]] = deque()
        while shard := list(itertools.islice(sessions, shard_sessions)):
            stats["shards"] += 1
            pending.append(executor.submit(match_shard, shard))
            del shard
            if len(pending) >= window:
                collect(pending.popleft().result())
        while pending:
            collect(pending.popleft().result())
    for pid, iids in matches.items():
        iids.sort()
        for a, b in itertools.pairwise(iids):
            if a == b:
                raise EngineError(f"同一匹配出现在两个会话中：探针 {pid}、事实 {a}")
    return dict(matches), stats


# -- raw findings, invariants, final findings --------------------------------------------------


def raw_findings(ruleset: Ruleset, records: Sequence[Evidence], as_of: date, *,
                 backend: str = "durable", rules: Iterable[str] | None = None,
                 executor: Executor | None = None,
                 session_facts: int = DEFAULT_SESSION_FACTS,
                 timings: dict[str, float] | None = None) -> list[Finding]:
    """Findings before collector errors, waivers and reasons, checked for the invariants."""
    timings = {} if timings is None else timings
    wanted = None if rules is None else list(rules)
    t0 = time.perf_counter()
    if backend == "reference":
        found = evaluate_reference(ruleset, records, as_of, rules=wanted)
        timings["match"] = timings.get("match", 0.0) + time.perf_counter() - t0
    elif backend in ("durable", "index"):
        plan = compile_plan(ruleset, records, as_of, wanted)
        t1 = time.perf_counter()
        if backend == "durable":
            matches, stats = match_durable(plan, executor=executor, session_facts=session_facts)
            for k, v in stats.items():
                timings[f"durable_{k}"] = timings.get(f"durable_{k}", 0) + v
        else:
            matches = match_index(plan)
        t2 = time.perf_counter()
        found = plan.decide(matches)
        del plan, matches  # freed here, before the findings are checked and rendered
        t3 = time.perf_counter()
        timings["compile"] = timings.get("compile", 0.0) + t1 - t0
        timings["match"] = timings.get("match", 0.0) + t2 - t1
        timings["decide"] = timings.get("decide", 0.0) + t3 - t2
    else:
        raise EngineError(f"未知的后端“{backend}”（可用：{'、'.join(BACKENDS)}）")
    check_invariants(ruleset, found, wanted)
    return found


def check_invariants(ruleset: Ruleset, findings: Sequence[Finding],
                     rules: Sequence[str] | None = None) -> None:
    """Every rule × unit in scope has findings, every finding is in scope, and no subject of a
    rule and unit has two findings.  A violation is an EngineError, never a quiet result."""
    # subjects per rule × unit (sets of the findings' own strings: no key tuple per finding)
    subjects: dict[tuple[str, str], set[str]] = {
        (rule.id, unit): set() for task, rule in ruleset.rules()
        if rules is None or rule.id in rules for unit in task.units_for(rule)}
    for f in findings:
        seen = subjects.get((f.rule, f.unit))
        if seen is None:
            raise EngineError(f"不变量被破坏：结论 {f.rule} / {f.unit} 不在规则范围内")
        if f.subject in seen:
            raise EngineError(f"不变量被破坏：{f.rule} / {f.unit} / {f.subject} 有两条结论")
        seen.add(f.subject)
    missing = {scope for scope, seen in subjects.items() if not seen}
    if missing:
        rule, unit = sorted(missing)[0]
        raise EngineError(f"不变量被破坏：规则 {rule} 对单位 {unit} 没有任何结论"
                          f"（共缺 {len(missing)} 处）")


def apply_failures(ruleset: Ruleset, findings: list[Finding],
                   failures: Sequence[CollectionFailure]) -> list[Finding]:
    """A unit whose collector failed on a kind a rule reads gets ``error`` on that rule's
    findings (``would_be`` keeps the verdict the partial evidence gave)."""
    if not failures:
        return findings
    # the failure (if any) per rule × unit, looked up once, not once per finding
    hits: dict[tuple[str, str], CollectionFailure | None] = {}
    out = []
    for f in findings:
        if (f.rule, f.unit) not in hits:
            reads = set(ruleset.rule_map[f.rule][1].evidence_kinds())
            hits[(f.rule, f.unit)] = next((x for x in failures if x.unit == f.unit
                                           and (not x.kinds or reads & set(x.kinds))), None)
        failure = hits[(f.rule, f.unit)]
        if failure is None:
            out.append(f)
            continue
        detail = {**f.detail, "collector": failure.collector,
                  "collector_error": failure.reason or ""}
        out.append(attrs.evolve(f, status=Status.ERROR, would_be=f.status, detail=detail))
    return out


def apply_waivers(ruleset: Ruleset, findings: list[Finding], as_of: date) -> list[Finding]:
    """An active waiver (start ≤ as_of ≤ expires) for rule × unit turns fail and pending into
    ``waived``; ``would_be`` keeps what the finding would have been.  Expired waivers and
    waivers not yet started do not apply; pass, error and not_applicable are left alone."""
    active = {(w.rule, w.unit): w for w in ruleset.waivers if w.active_on(as_of)}
    if not active:
        return findings
    out = []
    for f in findings:
        w = active.get((f.rule, f.unit))
        if w is None or f.status not in (Status.FAIL, Status.PENDING):
            out.append(f)
            continue
        waiver = {"reason": w.reason, "approver": w.approver, "start": w.start.isoformat(),
                  "expires": w.expires.isoformat() if w.expires else None}
        out.append(attrs.evolve(f, status=Status.WAIVED, would_be=f.status, waiver=waiver))
    return out


def _order(ruleset: Ruleset) -> dict[tuple[str, str], tuple[int, int]]:
    order = {}
    for ri, (task, rule) in enumerate(ruleset.rules()):
        for ui, unit in enumerate(task.units_for(rule)):
            order[(rule.id, unit)] = (ri, ui)
    return order


# -- the incremental evaluator and the one-shot API ---------------------------------------------


@frozen
class Added:
    """What one :meth:`Evaluator.add` did with the records it was given."""

    #: the new records, as checked (typed fields, unit ids, keys and links in normal form)
    accepted: tuple[Evidence, ...] = ()
    #: why each refused record was refused (field path included), in input order
    rejected: tuple[Problem, ...] = ()
    #: records whose content the evaluator already held (same full sha256)
    duplicates: int = 0


def resolve_units(ruleset: Ruleset, failures: Sequence[CollectionFailure] = ()
                  ) -> tuple[Ruleset, tuple[CollectionFailure, ...]]:
    """Waivers and collector failures given through the API may name a unit by id, name or
    alias: each is rewritten to the unit id.  A name that is no single unit (unknown, or a
    group phrase), or a waiver of an unknown rule, is an ``InputError`` naming it — a waiver or
    a failure silently ignored would change verdicts without a word."""
    units = ruleset.units
    problems: list[Problem] = []

    def unit_id(name: Any, path: str) -> str:
        ids = units.resolve(name) if isinstance(name, str) else ()
        if len(ids) == 1 and name not in units.group_by_phrase:
            return ids[0]
        message = (f"“{name}”是单位组，须写具体单位" if ids else f"未知的单位“{name}”")
        problems.append(Problem(Location("接口参数", path=path), message,
                                did_you_mean(str(name), units.known_names())))
        return str(name)

    waivers = tuple(attrs.evolve(w, unit=unit_id(w.unit, f"waivers[{n}].unit"))
                    for n, w in enumerate(ruleset.waivers))
    for n, w in enumerate(ruleset.waivers):
        if w.rule not in ruleset.rule_map:
            problems.append(Problem(Location("接口参数", path=f"waivers[{n}].rule"),
                                    f"未知的规则“{w.rule}”",
                                    did_you_mean(w.rule, ruleset.rule_map)))
    resolved = tuple(attrs.evolve(f, unit=unit_id(f.unit, f"failures[{n}].unit"))
                     for n, f in enumerate(failures))
    if problems:
        raise InputError(problems, summary="单位无法识别：")
    if waivers != ruleset.waivers:
        ruleset = attrs.evolve(ruleset, waivers=waivers)
    return ruleset, resolved


class Evaluator:
    """Incremental evaluation for embedding tools.

    >>> ev = Evaluator(ruleset, as_of=date(2019, 12, 31))
    >>> added = ev.add(records)  # as evidence arrives; .accepted, .rejected, .duplicates
    >>> ev.result()              # current Result; re-evaluates only rules whose kinds changed

    Every record passes the evidence door (``evidence.check_record``), exactly like JSON Lines
    and collector records: a record that does not fit the rule set is rejected with the field
    path (listed in ``rejected``), never counted half-typed.  Records are de-duplicated by the
    full sha256 of their content; a second record with the same kind and key but other content
    is rejected.  Units may be named by id, name or alias (evidence, waivers, failures).

    ``failures``: the collection run's failed collectors (``CollectionRun.failures()``); ``()``
    says the outcomes are known and none failed; ``None`` (the default) says they are unknown,
    and the Result's ``collection_known`` is False.
    """

    def __init__(self, ruleset: Ruleset, as_of: date, *,
                 failures: Sequence[CollectionFailure] | None = None, lang: str = "zh",
                 backend: str = "durable", executor: Executor | None = None,
                 session_facts: int = DEFAULT_SESSION_FACTS) -> None:
        if backend not in BACKENDS:
            raise EngineError(f"未知的后端“{backend}”（可用：{'、'.join(BACKENDS)}）")
        if lang not in ("zh", "en"):
            raise EngineError(f"未知的语言“{lang}”（可用：zh、en）")
        ruleset, resolved = resolve_units(ruleset, failures or ())
        self.ruleset = ruleset
        self.as_of = as_of
        self.failures = resolved
        self.collection_known = failures is not None
        self.lang = lang
        self.backend = backend
        self.executor = executor
        self.session_facts = session_facts
        self.rejected: list[str] = []
        self._records: dict[str, Evidence] = {}  # full sha256 → record
        self._keys: dict[str, dict[str, Evidence]] = defaultdict(dict)  # kind → key → record
        self._raw: dict[str, list[Finding]] = {}
        self._readers: dict[str, set[str]] = defaultdict(set)
        for _, rule in ruleset.rules():
            for kind in rule.evidence_kinds():
                self._readers[kind].add(rule.id)
        self._dirty: set[str] = {rule.id for _, rule in ruleset.rules()}
        self.timings: dict[str, float] = {}

    def add(self, records: Iterable[Evidence | Mapping[str, Any]], *,
            rejected: Iterable[Problem | str] = ()) -> Added:
        """Add evidence (``Evidence`` objects or raw mappings, as in an evidence file); each
        passes the evidence door.  Returns what was accepted, what was rejected and why, and
        how many were already held.  ``rejected`` carries problems of records a loader
        already rejected, so the Result lists them (they are not in the returned ``Added``)."""
        self.rejected.extend(str(p) for p in rejected)
        accepted: list[Evidence] = []
        refused: list[Problem] = []
        duplicates = 0
        for number, given in enumerate(records, start=1):
            record, problems = self._checked(given, number)
            if record is None:
                refused.extend(problems)
                self.rejected.extend(str(p) for p in problems)
                continue
            if record.sha256 in self._records:
                duplicates += 1
                continue
            other = self._keys[record.kind].get(record.key)
            if other is not None:
                problem = Problem(Location(_where(given, number), path="key"),
                                  f"证据类型“{record.kind}”中 key“{record.key}”重复，"
                                  f"内容与 {other.id} 不同，后一条不予采用")
                refused.append(problem)
                self.rejected.append(str(problem))
                continue
            self._records[record.sha256] = record
            self._keys[record.kind][record.key] = record
            self._dirty |= self._readers.get(record.kind, set())
            accepted.append(record)
        return Added(tuple(accepted), tuple(refused), duplicates)

    def _checked(self, given: Evidence | Mapping[str, Any], number: int
                 ) -> tuple[Evidence | None, list[Problem]]:
        """The record through the evidence door, unless the door already checked it against
        this rule set's declaration of its kind (a loader's or a collector's output)."""
        if (isinstance(given, Evidence) and given.checked_for(self.ruleset)
                and given.unit in self.ruleset.units.by_id):
            return given, []
        return check_record(given, self.ruleset, location=Location(_where(given, number)))

    @property
    def records(self) -> tuple[Evidence, ...]:
        return tuple(self._records.values())

    def snapshot_sha256(self) -> str:
        h = hashlib.sha256()
        for digest in sorted(self._records):
            h.update(digest.encode())
        return h.hexdigest()

    def raw(self) -> list[Finding]:
        """Current raw findings (no collector errors, waivers or reasons), in rule-set order."""
        return self._current(release=False)

    def _current(self, *, release: bool) -> list[Finding]:
        """The raw findings; with ``release`` the evaluator lets go of its own copy (and marks
        every rule for re-evaluation), so the caller's list is the only one."""
        if self._dirty:
            dirty = sorted(self._dirty)
            found = raw_findings(self.ruleset, self.records, self.as_of, backend=self.backend,
                                 rules=dirty, executor=self.executor,
                                 session_facts=self.session_facts, timings=self.timings)
            fresh: dict[str, list[Finding]] = {rule: [] for rule in dirty}
            for f in found:
                fresh[f.rule].append(f)
            self._raw.update(fresh)
            self._dirty.clear()
        order = _order(self.ruleset)
        out = [f for rule_findings in self._raw.values() for f in rule_findings]
        out.sort(key=lambda f: (order[(f.rule, f.unit)], f.subject))
        if release:
            self._raw.clear()
            self._dirty = {rule.id for _, rule in self.ruleset.rules()}
        return out

    def findings(self) -> list[Finding]:
        """Current final findings: collector errors, waivers and reasons applied."""
        return self._final(release=False)

    def _final(self, *, release: bool) -> list[Finding]:
        found = apply_failures(self.ruleset, self._current(release=release), self.failures)
        found.extend(outside_scope(self.ruleset, self.records, self.as_of))
        found = apply_waivers(self.ruleset, found, self.as_of)
        # in place: each raw finding is dropped as its final form (with its reason) is made
        for n, f in enumerate(found):
            found[n] = attrs.evolve(f, reason=render(f, self.as_of, self.lang))
        return found

    def result(self) -> Result:
        """The current Result.  The evaluator keeps its raw findings for the next call."""
        return self._result(release=False)

    def _result(self, *, release: bool) -> Result:
        from ..version import __version__

        t0 = time.perf_counter()
        findings = self._final(release=release)
        timings = dict(self.timings)
        timings["total"] = timings.get("total", 0.0) + time.perf_counter() - t0
        rs = self.ruleset
        tasks, rules = outline(rs)
        names = {u.id: u.name for u in rs.units.units}
        task_rows, unit_rows, score = summarise(findings, tasks, names)
        return Result(rs.id, rs.title, rs.year, rs.sha256, len(self._records),
                      self.snapshot_sha256(), self.as_of, self.lang, self.backend,
                      tuple(findings), task_rows, unit_rows, score, timings,
                      tuple(self.rejected), __version__, self.collection_known, rules=rules,
                      records=cited_records(findings, self._records.values()))


def _where(given: Any, number: int) -> str:
    """How a record given through the API is named in its problems: its source, if it has one,
    and its place in the call."""
    source = given.provenance.source if isinstance(given, Evidence) else source_of(given)
    place = f"接口传入的第 {number} 条证据"
    return f"{place}（{source}）" if isinstance(source, str) and source else place


def evaluate(ruleset: Ruleset, evidence: Iterable[Evidence | Mapping[str, Any]], as_of: date, *,
             failures: Sequence[CollectionFailure] | None = None, lang: str = "zh",
             backend: str = "durable", executor: Executor | None = None,
             session_facts: int = DEFAULT_SESSION_FACTS,
             rejected: Iterable[Problem | str] = ()) -> Result:
    """Evaluate evidence against a rule set as of a date; the one-shot form of Evaluator.
    Records are checked at the door (``Evaluator.add``); the ones it rejects are listed in the
    Result's ``rejected`` after the loader's ``rejected``.

    ``failures=None`` (collector outcomes unknown) gives a Result whose ``collection_known``
    is False; pass ``CollectionRun.failures()`` (``()`` when none failed) when they are known.
    """
    t0 = time.perf_counter()
    ev = Evaluator(ruleset, as_of, failures=failures, lang=lang, backend=backend,
                   executor=executor, session_facts=session_facts)
    ev.add(evidence, rejected=rejected)
    # one-shot: the evaluator need not keep raw findings next to the final ones
    result = ev._result(release=True)
    timings = dict(result.timings)
    timings["total"] = time.perf_counter() - t0
    return attrs.evolve(result, timings=timings)
