"""Rule set + evidence + as_of → a plan of integer facts for matching.

Every rule kind is reduced to one shape of question, which is all the matching backends (the
durable-rules one and the plain index) ever see:

    probe (key, lo, hi)  ×  item (key, day)   match when  item.key == probe.key
                                                     and  probe.lo <= item.day <= probe.hi

Keys are interned integers (a rule's index plus a unit, a 文号 …), days are day ordinals, so a
fact carries six small integers and nothing else.  Working-day arithmetic happens here, once,
in Python: an item's limit is a date computed on the official calendar.  Conditions (``where``,
attestation topics) are evaluated here too; the backends do joins and date windows.

Each finding-to-be is a :class:`Slot` holding its probes and a ``decide`` function that turns
the matched items into a finding with :mod:`verdicts` — the same functions the reference
evaluator uses.  A slot whose probe cannot match (no item with its key) is still a slot: absence
is decided from the complete set of matches, never inside the engine.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from typing import Any

from attrs import define, field, frozen

from .errors import EngineError
from .evidence import Evidence
from .findings import Finding
from .model import (
    AccompaniedRule,
    AttestedRule,
    FreshRule,
    PresentRule,
    RespondedRule,
    Rule,
    Ruleset,
    ShareRule,
    Task,
    TimelyRule,
    UpdatedAfterRule,
)
from .semantics import (
    UNDATED,
    UnitDue,
    all_hold,
    attested_topic,
    condition_text,
    item_limit,
    kind_label,
    periods,
    received_by,
    record_day,
    share_window,
    unit_due,
    visible,
    year_span,
)
from .verdicts import (
    Dated,
    Gap,
    Subject,
    by_day,
    checkpoints,
    count_by_due,
    count_in_period,
    fresh_age,
    fresh_gap,
    item_undated,
    none_to_check,
    share,
    within_limit,
)

Matches = dict[int, list[int]]  # probe id → matched item ids
Decide = Callable[[Matches], Finding]


@frozen
class Slot:
    """One finding-to-be: its subject, the probes it asks, how to decide from their matches."""

    subject: Subject
    probes: tuple[int, ...]
    decide: Decide


@define
class Plan:
    """Probes, items and slots of one evaluation, stored column-wise: probe ``pid`` is
    ``(probe_keys[pid], probe_lo[pid], probe_hi[pid])``, item ``iid`` is
    ``(item_keys[iid], item_days[iid])`` and ``records[iid]`` is the evidence behind it.

    Integer columns are ``array('q')`` (8 bytes a value instead of a tuple and boxed ints per
    fact); ``keys`` (the interning table) is emptied after each rule, and the slots are
    handed over to :meth:`decide`, which releases each one once its finding exists."""

    probe_keys: array[int] = field(factory=lambda: array("q"))
    probe_lo: array[int] = field(factory=lambda: array("q"))
    probe_hi: array[int] = field(factory=lambda: array("q"))
    item_keys: array[int] = field(factory=lambda: array("q"))
    item_days: array[int] = field(factory=lambda: array("q"))
    records: list[Evidence] = field(factory=list)
    slots: list[Slot] = field(factory=list)
    keys: dict[Any, int] = field(factory=dict)
    next_key: int = 0

    @property
    def n_probes(self) -> int:
        return len(self.probe_keys)

    @property
    def n_items(self) -> int:
        return len(self.item_keys)

    def key(self, value: Any) -> int:
        """The integer of a key value.  Every key value starts with its rule's index, so the
        table is emptied after each rule (``next_key`` keeps counting): it never holds more
        than one rule's keys."""
        k = self.keys.get(value)
        if k is None:
            k = self.keys[value] = self.next_key
            self.next_key += 1
        return k

    def probe(self, key: Any, lo: int, hi: int) -> int:
        self.probe_keys.append(self.key(key))
        self.probe_lo.append(lo)
        self.probe_hi.append(hi)
        return len(self.probe_keys) - 1

    def item(self, key: Any, day: int, record: Evidence) -> int:
        self.item_keys.append(self.key(key))
        self.item_days.append(day)
        self.records.append(record)
        return len(self.item_keys) - 1

    def dated(self, iids: Iterable[int]) -> list[Dated]:
        return [(self.item_days[i], self.records[i]) for i in iids]

    def decide(self, matches: Matches) -> list[Finding]:
        """Every slot's finding, in slot order.  The slots are taken out of the plan and each is
        dropped as soon as its finding exists, so the plan's per-subject closures and the
        findings are never all in memory at once (and the plan ↔ closure cycle is broken: the
        plan is freed by reference counting, not by a later cyclic collection)."""
        slots, self.slots = self.slots, []
        slots.reverse()
        found: list[Finding] = []
        while slots:
            found.append(slots.pop().decide(matches))
        return found


def compile_plan(ruleset: Ruleset, records: Sequence[Evidence], as_of: date,
                 rules: Iterable[str] | None = None) -> Plan:
    """Build the plan for all rules (or the rule ids given) over visible evidence."""
    plan = Plan()
    by_kind: dict[str, list[Dated]] = {}
    for record in records:
        kind = ruleset.kind_map.get(record.kind)
        if kind is None or not visible(record, kind, as_of):
            continue
        day = record_day(record, kind)
        assert day is not None
        by_kind.setdefault(record.kind, []).append((day, record))
    wanted = None if rules is None else set(rules)
    for index, (task, rule) in enumerate(ruleset.rules()):
        if wanted is not None and rule.id not in wanted:
            continue
        _compile_rule(plan, ruleset, index, task, rule, by_kind, as_of)
        plan.keys = {}  # keys of different rules never meet: each starts with its rule index
    return plan


def _by_unit(records: list[Dated], rule: Rule | None) -> dict[str, list[Dated]]:
    out: dict[str, list[Dated]] = {}
    for d, r in records:
        if rule is None or all_hold(r, rule.where):
            out.setdefault(r.unit, []).append((d, r))
    return out


def _compile_rule(plan: Plan, ruleset: Ruleset, ri: int, task: Task, rule: Rule,
                  by_kind: dict[str, list[Dated]], as_of: date) -> None:
    units = task.units_for(rule)
    hi = as_of.toordinal()

    def subj(unit: str, subject: str) -> Subject:
        return Subject(rule.id, rule.kind, task.number, unit, subject)

    def add(subject: Subject, probes: tuple[int, ...], decide: Decide) -> None:
        plan.slots.append(Slot(subject, probes, decide))

    if isinstance(rule, (PresentRule, AttestedRule, UpdatedAfterRule)):
        label = kind_label(ruleset, rule.evidence)
        mine = _by_unit(by_kind.get(rule.evidence, []), rule)
        min_count = getattr(rule, "min_count", 1)
        extra: dict[str, Any] = {}
        lo = UNDATED
        if isinstance(rule, AttestedRule):
            extra = {"topic": rule.topic, "why": rule.why}
        if isinstance(rule, UpdatedAfterRule):
            extra = {"trigger": rule.trigger_date.isoformat(), "trigger_label": rule.trigger_label}
            lo = rule.trigger_date.toordinal()  # a record of the trigger day counts
        due = unit_due(task, rule, as_of)
        for unit in units:
            key = (ri, "u", unit)
            counted = [(d, r) for d, r in mine.get(unit, [])
                       if not isinstance(rule, AttestedRule) or attested_topic(r, rule.topic)]
            if due.mode == "periods":
                spans = periods(due.period, ruleset.year, as_of)
                if not spans:
                    add(subj(unit, "unit"), (), _fixed(none_to_check(subj(unit, "unit"), label)))
                # items keyed by their period, so each record joins one probe only
                bounds = [(start.toordinal(), end.toordinal(), name) for name, start, end in spans]
                for d, r in counted:
                    for lo_, hi_, name in bounds:
                        if lo_ <= d <= hi_:
                            plan.item((ri, "u", unit, name), d, r)
                for name, start, end in spans:
                    pid = plan.probe((ri, "u", unit, name), start.toordinal(),
                                     min(end, as_of).toordinal())
                    s = subj(unit, f"period:{name}")
                    add(s, (pid,), _period(plan, s, pid, start, end, min_count, as_of, label,
                                           due.phrase))
                continue
            for d, r in counted:
                plan.item(key, d, r)
            pid = plan.probe(key, lo, hi)
            s = subj(unit, "unit")
            add(s, (pid,), _count(plan, s, pid, due, min_count, as_of, label, extra))
        return

    if isinstance(rule, ShareRule):
        label = kind_label(ruleset, rule.evidence)
        mine = _by_unit(by_kind.get(rule.evidence, []), rule)
        due = unit_due(task, rule, as_of)
        condition = condition_text(rule.having)
        share_lo, share_hi = share_window(ruleset, rule, as_of)
        for unit in units:
            key = (ri, "u", unit)
            for d, r in mine.get(unit, []):
                plan.item(key, d, r)
            pid = plan.probe(key, share_lo, share_hi)
            s = subj(unit, "unit")

            def decide(m: Matches, s: Subject = s, pid: int = pid) -> Finding:
                got = plan.dated(m.get(pid, ()))
                having = [all_hold(r, rule.having) for _, r in got]
                return share(s, got, having, rule.threshold, rule.min_items, due, as_of, label,
                             condition)

            add(s, (pid,), decide)
        return

    if isinstance(rule, (AccompaniedRule, TimelyRule, RespondedRule)):
        _compile_items(plan, ruleset, ri, rule, units, by_kind, as_of, subj, add)
        return

    if isinstance(rule, FreshRule):
        _compile_fresh(plan, ruleset, ri, rule, units, by_kind, as_of, subj, add)
        return

    raise EngineError(f"规则 {rule.id} 的类型 {rule.kind} 没有引擎实现")


def _fixed(finding: Finding) -> Decide:
    return lambda m: finding


def _count(plan: Plan, s: Subject, pid: int, due: UnitDue, min_count: int, as_of: date,
           label: str, extra: dict[str, Any]) -> Decide:
    return lambda m: count_by_due(s, due, plan.dated(m.get(pid, ())), min_count, as_of, label,
                                  extra)


def _period(plan: Plan, s: Subject, pid: int, start: date, end: date, min_count: int,
            as_of: date, label: str, phrase: str) -> Decide:
    return lambda m: count_in_period(s, start, end, plan.dated(m.get(pid, ())), min_count,
                                     as_of, label, phrase)


class _Window:
    """Decides one item of accompanied / timely / responded.  There is one per evidence item,
    so it is a slotted object rather than a closure (a closure over these eight values, with
    its cells, the ``(day, record)`` tuple and a detail dict of its own, took ~3 × the
    memory)."""

    __slots__ = ("as_of", "day", "detail", "limit", "pid", "plan", "record", "s", "start")

    def __init__(self, plan: Plan, s: Subject, pid: int | None, item: Dated, start: date,
                 limit: date, as_of: date, detail: dict[str, Any]) -> None:
        self.plan, self.s, self.pid = plan, s, pid
        self.day, self.record = item
        self.start, self.limit, self.as_of, self.detail = start, limit, as_of, detail

    def __call__(self, m: Matches) -> Finding:
        pid = self.pid
        candidates = self.plan.dated(m.get(pid, ())) if pid is not None else []
        return within_limit(self.s, (self.day, self.record), self.start, self.limit,
                            candidates, self.as_of, self.detail)


def _compile_items(plan: Plan, ruleset: Ruleset, ri: int, rule: Rule, units: Sequence[str],
                   by_kind: dict[str, list[Dated]], as_of: date,
                   subj: Callable[[str, str], Subject],
                   add: Callable[[Subject, tuple[int, ...], Decide], None]) -> None:
    """accompanied, timely, responded: one slot per item, matched against its candidates."""
    cal = ruleset.calendar
    hi = as_of.toordinal()
    if isinstance(rule, AccompaniedRule):
        kind, label = rule.evidence, kind_label(ruleset, rule.evidence)
        for d, c in by_kind.get(rule.companion, []):
            link = c.fields.get(rule.link)
            if isinstance(link, str):
                plan.item((ri, "a", link), d, c)
    elif isinstance(rule, TimelyRule):
        kind, label = rule.event, kind_label(ruleset, rule.event)
        if rule.publication is not None:
            for d, p in by_kind.get(rule.publication, []):
                link = p.fields.get(rule.link) if rule.link else p.key
                if isinstance(link, str):
                    plan.item((ri, "t", p.unit, link), d, p)
    else:
        assert isinstance(rule, RespondedRule)
        kind, label = rule.evidence, kind_label(ruleset, rule.evidence)
    mine = _by_unit(by_kind.get(kind, []), rule)
    # one detail dict per rule (per extension state for responded), shared by its item slots:
    # within_limit copies it into each finding's own detail
    if isinstance(rule, AccompaniedRule):
        shared = {"label": label, "companion": kind_label(ruleset, rule.companion),
                  "within": rule.within}
    elif isinstance(rule, TimelyRule):
        shared = {"label": label, "publication": kind_label(ruleset, rule.publication)
                  if rule.publication else label, "within": rule.within}
    else:
        assert isinstance(rule, RespondedRule)
        by_extension = {ext: {"label": label, "within": rule.within, "extended": ext,
                              "extension_days": rule.extension_days if ext else 0}
                        for ext in (False, True)}
    for unit in units:
        items = mine.get(unit, [])
        if isinstance(rule, RespondedRule):  # a request received after as_of is not one yet
            items = [(d, r) for d, r in items if received_by(r, rule, as_of)]
        if not items:
            add(subj(unit, "unit"), (), _fixed(none_to_check(subj(unit, "unit"), label)))
            continue
        for n, (day, record) in enumerate(items):
            s = subj(unit, f"item:{record.key}")
            if isinstance(rule, AccompaniedRule):
                start = date.fromordinal(day)
                limit = item_limit(cal, start, rule.within, rule.count_start)
                pid = plan.probe((ri, "a", record.key), UNDATED, hi)
                add(s, (pid,), _Window(plan, s, pid, (day, record), start, limit, as_of, shared))
            elif isinstance(rule, TimelyRule):
                start = date.fromordinal(day)
                limit = item_limit(cal, start, rule.within, rule.count_start)
                if rule.publication is None:
                    key = (ri, "self", unit, n)
                    published = record.date(rule.published_field)
                    if published is not None and published <= as_of:
                        plan.item(key, published.toordinal(), record)
                else:
                    key = (ri, "t", unit, record.key)
                pid = plan.probe(key, UNDATED, hi)
                add(s, (pid,), _Window(plan, s, pid, (day, record), start, limit, as_of, shared))
            else:
                assert isinstance(rule, RespondedRule)
                received = record.date(rule.received_field)
                if received is None:
                    add(s, (), _fixed(item_undated(s, record, rule.received_field, label)))
                    continue
                extended = bool(rule.extension_field
                                and record.fields.get(rule.extension_field) is True)
                days = rule.within + (rule.extension_days if extended else 0)
                limit = item_limit(cal, received, days, rule.count_start)
                key = (ri, "self", unit, n)
                replied = record.date(rule.replied_field)
                if replied is not None and replied <= as_of:
                    plan.item(key, replied.toordinal(), record)
                pid = plan.probe(key, UNDATED, hi)
                add(s, (pid,), _Window(plan, s, pid, (received.toordinal(), record), received,
                                       limit, as_of, by_extension[extended]))


def _compile_fresh(plan: Plan, ruleset: Ruleset, ri: int, rule: FreshRule, units: Sequence[str],
                   by_kind: dict[str, list[Dated]], as_of: date,
                   subj: Callable[[str, str], Subject],
                   add: Callable[[Subject, tuple[int, ...], Decide], None]) -> None:
    """fresh: age — a probe over the last ``max_age_days`` days (and one over everything, for
    the newest record named in the reason); gap — after each checkpoint (the start of the year
    and every record day) a probe over the next ``max_age_days`` days, keyed to that checkpoint
    alone and joined with the one item that can close its stretch, the next record day (linear
    in the record days: a probe keyed to the whole group met every record day of it); an
    unmatched probe is a gap, and the stretch after the last record day is one without a
    join when it exceeds the limit."""
    label = kind_label(ruleset, rule.evidence)
    mine = _by_unit([(d, r) for d, r in by_kind.get(rule.evidence, []) if d != UNDATED], rule)
    hi = as_of.toordinal()
    n_days = rule.max_age_days
    span = year_span(ruleset, as_of)
    for unit in units:
        groups: dict[str, list[Dated]] = {}
        for d, r in mine.get(unit, []):
            if rule.group_by is None:
                groups.setdefault("unit", []).append((d, r))
            else:
                value = r.fields.get(rule.group_by)
                if value is not None:
                    groups.setdefault(f"group:{value}", []).append((d, r))
        if not groups:
            groups["unit"] = []
        for name in sorted(groups):
            key = (ri, "f", unit, name)
            for d, r in groups[name]:
                plan.item(key, d, r)
            s = subj(unit, name)
            if rule.measure != "gap":
                recent = plan.probe(key, hi - n_days, hi)
                every = plan.probe(key, UNDATED + 1, hi)
                add(s, (recent, every), _age(plan, s, recent, every, n_days, as_of, label))
                continue
            if span is None:
                add(s, (), _fixed(none_to_check(s, label)))
                continue
            start, end = span[0].toordinal(), span[1].toordinal()
            checks: list[tuple[int | None, Gap]] = []
            points = checkpoints(groups[name], span)
            for i, (c, rc) in enumerate(points):
                if c + n_days >= end:
                    break  # points ascend: no stretch from here on can exceed the limit
                if i + 1 == len(points):  # no record after c: a gap up to as_of, no join
                    checks.append((None, Gap(c, end, rc, None)))
                    continue
                # the one record that can close the stretch from c is the next record day:
                # a key of its own per checkpoint, so each probe joins at most one item and
                # the pairs grow with the record days, not with their square
                nd, nr = points[i + 1]
                assert nr is not None  # only the first point can lack a record
                plan.item((ri, "f", unit, name, i), nd, nr)
                pid = plan.probe((ri, "f", unit, name, i), c + 1, c + n_days)
                checks.append((pid, Gap(c, nd, rc, nr)))
            every = plan.probe(key, start, end)
            probes = (*(p for p, _ in checks if p is not None), every)
            add(s, probes, _gap(plan, s, checks, every, n_days, span, label))


def _newest(plan: Plan, iids: Iterable[int]) -> Dated | None:
    got = plan.dated(iids)
    return max(got, key=by_day) if got else None


def _age(plan: Plan, s: Subject, recent: int, every: int, n_days: int, as_of: date,
         label: str) -> Decide:
    def decide(m: Matches) -> Finding:
        newest = _newest(plan, m.get(every, ()))
        finding = fresh_age(s, newest, n_days, as_of, label)
        if bool(m.get(recent)) != (finding.code == "fresh.ok"):
            raise EngineError(f"引擎结果自相矛盾：{s} 的近期记录匹配与最新记录日期不一致")
        return finding

    return decide


def _gap(plan: Plan, s: Subject, checks: list[tuple[int | None, Gap]], every: int,
         n_days: int, span: tuple[date, date], label: str) -> Decide:
    def decide(m: Matches) -> Finding:
        gaps = []
        for pid, gap in checks:
            got = m.get(pid, ()) if pid is not None else ()
            if len(got) > 1 or (pid is not None and bool(got) != (gap.end - gap.start <= n_days)):
                start = date.fromordinal(gap.start).isoformat()
                raise EngineError(f"引擎结果自相矛盾：{s} 自 {start} 起的间隔与匹配结果不一致")
            if not got:
                gaps.append(gap)
        return fresh_gap(s, gaps, _newest(plan, m.get(every, ())), n_days, span, label)

    return decide
