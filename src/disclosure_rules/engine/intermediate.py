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
evaluator uses.  What the slots of a rule are is its kind's ``plan`` (a module of
:mod:`disclosure_rules.rules`, found through the kind registry): this module names no kind.
A slot whose probe cannot match (no item with its key) is still a slot: absence is decided
from the complete set of matches, never inside the engine.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from typing import Any

from attrs import define, field, frozen

from ..errors import DisclosureRulesError, EngineError, PluginError
from ..evidence.records import Evidence
from ..results.findings import Finding
from ..ruleset.kinds import current as current_kinds
from ..ruleset.model import Rule, Ruleset, Task
from .semantics import all_hold, visible_by_kind
from .verdicts import Dated, Subject

Matches = dict[int, list[int]]  # probe id → matched item ids
#: Turns a slot's matches into its finding; None when the matches show there is nothing to
#: report for it (an ``absent`` record a later collection superseded).
Decide = Callable[[Matches], Finding | None]


@frozen
class Slot:
    """One finding-to-be: its subject, the probes it asks, how to decide from their matches
    (or that there is none: every rule × unit still has a finding, the invariants check it)."""

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
            finding = slots.pop().decide(matches)
            if finding is not None:
                found.append(finding)
        return found


@frozen
class PlanContext:
    """What a kind's ``plan`` gets for one rule: the plan to add to, the rule and its task, the
    units it checks, the visible records by evidence kind (``(day, record)`` pairs) and
    ``as_of``.  Key values a kind uses start with ``ri`` (the rule's index): keys of different
    rules never meet."""

    plan: Plan
    ruleset: Ruleset
    ri: int
    task: Task
    rule: Rule
    units: tuple[str, ...]
    by_kind: dict[str, list[Dated]]
    as_of: date

    def subject(self, unit: str, subject: str) -> Subject:
        rule = self.rule
        return Subject(rule.id, rule.kind, self.task.number, unit, subject)

    def add(self, subject: Subject, probes: tuple[int, ...], decide: Decide) -> None:
        """A finding-to-be: ``decide`` gets the matches of every probe and returns it."""
        self.plan.slots.append(Slot(subject, probes, decide))

    def records(self, kind: str | None) -> list[Dated]:
        """The visible records of an evidence kind, any unit, any condition."""
        return self.by_kind.get(kind or "", [])

    def by_unit(self, kind: str) -> dict[str, list[Dated]]:
        """The visible records of ``kind`` matching the rule's ``where``, by unit."""
        return by_unit(self.records(kind), self.rule)


def compile_plan(ruleset: Ruleset, records: Sequence[Evidence], as_of: date,
                 rules: Iterable[str] | None = None) -> Plan:
    """Build the plan for all rules (or the rule ids given) over visible evidence."""
    plan = Plan()
    by_kind = visible_by_kind(ruleset, records, as_of)
    wanted = None if rules is None else set(rules)
    for index, (task, rule) in enumerate(ruleset.rules()):
        if wanted is not None and rule.id not in wanted:
            continue
        _compile_rule(plan, ruleset, index, task, rule, by_kind, as_of)
        plan.keys = {}  # keys of different rules never meet: each starts with its rule index
    return plan


def by_unit(records: list[Dated], rule: Rule | None) -> dict[str, list[Dated]]:
    """Records (matching the rule's ``where`` when a rule is given) by unit."""
    out: dict[str, list[Dated]] = {}
    for d, r in records:
        if rule is None or all_hold(r, rule.where):
            out.setdefault(r.unit, []).append((d, r))
    return out


def _compile_rule(plan: Plan, ruleset: Ruleset, ri: int, task: Task, rule: Rule,
                  by_kind: dict[str, list[Dated]], as_of: date) -> None:
    kind = current_kinds().get(rule.kind)
    if kind is None:
        raise EngineError(f"规则 {rule.id} 的类型 {rule.kind} 没有引擎实现")
    ctx = PlanContext(plan, ruleset, ri, task, rule, task.units_for(rule), by_kind, as_of)
    try:
        kind.plan(ctx)
    except DisclosureRulesError:
        raise
    except Exception as exc:
        raise PluginError(
            f"规则种类“{kind.name}”（插件 {kind.plugin}）在编排规则 {rule.id} 时出错："
            f"{type(exc).__name__}: {exc}") from exc


def fixed(finding: Finding) -> Decide:
    """A decide function for a finding known without matching."""
    return lambda m: finding
