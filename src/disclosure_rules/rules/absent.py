"""absent — no record of ``evidence`` matching ``where`` may exist at ``as_of``: dead links,
blank columns (空白栏目), pages exposing unmasked 身份证号 or 手机号.

The state of a unit is its latest collection: the unit's records of ``evidence`` (matching
``where`` or not) dated on its latest day up to ``as_of``.  An offending record is current
unless the unit has a record of the kind dated after it — a later collection either found it
again (then that later record is the current one) or no longer found it (then it is gone: a
fixed dead link stops failing).  A collector feeding such a rule therefore reports every
thing it checked (each link with its status), so a clean collection is seen as one.

A collector that reports only the offenders (a blank column, an exposed number) names, in
``collection``, the kind it reports for everything it checked in the same run (``link_check``:
every page read): the unit's collections are then its records of that kind, and an offender is
current unless such a record is dated after it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from attrs import frozen
from yaml.nodes import Node

from ..engine.intermediate import Matches, Plan, PlanContext
from ..engine.reference import ReferenceContext
from ..engine.semantics import condition_text, kind_label
from ..engine.verdicts import Dated, Subject, by_day, describe
from ..results.findings import Finding, Status
from ..ruleset.kinds import RuleChecker, RuleKind
from ..ruleset.model import Rule, Ruleset, Task


@frozen(kw_only=True)
class AbsentRule(Rule):
    """No record of ``evidence`` matching ``where`` in the unit's latest collection by
    ``as_of``; one finding per offending record, one per unit when there is none."""

    kind: ClassVar[str] = "absent"
    evidence: str
    collection: str | None = None

    @property
    def marks(self) -> str:
        """The kind whose records mark the unit's collections."""
        return self.collection or self.evidence

    def evidence_kinds(self) -> tuple[str, ...]:
        return (self.evidence,) if self.collection is None else (self.evidence, self.collection)


TEMPLATES: dict[str, tuple[str, str]] = {
    "absent.found": (
        "存在不应有的{label}：{item}（条件：{condition}），截至 {as_of} 的最近一次检查（{checked}）"
        "仍然存在。",
        "{label} that must not exist: {item} (condition: {condition}); still found by the "
        "latest check ({checked}) by {as_of}."),
    "absent.clean": (
        "最近一次检查（{checked}）共 {checked_count} 条{label}，没有满足“{condition}”的。",
        "The latest check ({checked}) has {checked_count} record(s) of {label}, none with "
        "“{condition}”."),
    "absent.clean_marked": (
        "最近一次检查（{checked}）共检查 {checked_count} 条{checked_label}，没有发现“{condition}”的"
        "{label}。",
        "The latest check ({checked}) covered {checked_count} record(s) of {checked_label} and "
        "found no {label} with “{condition}”."),
    "absent.unchecked_marked": (
        "截至 {as_of} 没有任何{checked_label}记录（检查记录），无法证明不存在“{condition}”的"
        "{label}。",
        "No {checked_label} at all by {as_of}: cannot show that no {label} has “{condition}”."),
    "absent.unchecked": (
        "截至 {as_of} 没有任何{label}记录，无法证明不存在“{condition}”的情况。",
        "No {label} at all by {as_of}: cannot show that none has “{condition}”."),
}


def _detail(label: str, rule: AbsentRule, ruleset: Ruleset) -> dict[str, Any]:
    condition = condition_text(rule.where, ruleset.kind_map.get(rule.evidence))
    return {"label": label, "condition": condition or "（任何记录）"}


def _checked_label(ruleset: Ruleset, rule: AbsentRule) -> dict[str, Any]:
    """The label of what the latest collection counts (the ``collection`` kind, if named)."""
    if rule.collection is None:
        return {}
    return {"checked_label": kind_label(ruleset, rule.collection)}


def _found(s: Subject, item: Dated, detail: dict[str, Any]) -> Finding:
    """An offending record of the latest collection.  ``fixed_when_gone``: once a later
    collection no longer finds it, this finding is gone because the thing was fixed (not
    because the rule stopped checking), and ``changes`` says so."""
    detail = {**detail, "item": describe(*item), "checked": describe(*item)["date"],
              "fixed_when_gone": True}
    return Finding(s.rule, s.rule_kind, s.task, s.unit, s.subject, Status.FAIL, "absent.found",
                   detail, (item[1].id,))


def _unit(s: Subject, latest: list[Dated], detail: dict[str, Any]) -> Finding:
    """The unit's finding when its latest collection holds no offending record."""
    marked = "_marked" if "checked_label" in detail else ""
    if not latest:
        return Finding(s.rule, s.rule_kind, s.task, s.unit, s.subject, Status.ERROR,
                       "absent.unchecked" + marked, detail)
    ordered = sorted(latest, key=by_day)
    detail = {**detail, "checked": describe(*ordered[0])["date"], "checked_count": len(latest)}
    return Finding(s.rule, s.rule_kind, s.task, s.unit, s.subject, Status.PASS,
                   "absent.clean" + marked,
                   detail, tuple(r.id for _, r in ordered[:20]))


def plan(ctx: PlanContext) -> None:
    """Every record of the unit is an item; each offending record asks for one later than
    itself (a probe from the next day to ``as_of``): unmatched, it is current.  The unit's slot
    asks for every record (its latest day is the latest collection) and for the offenders'
    probes, so it knows whether any offender is current."""
    rule, plan_, as_of = ctx.rule, ctx.plan, ctx.as_of
    assert isinstance(rule, AbsentRule)
    label = kind_label(ctx.ruleset, rule.evidence)
    detail = {**_detail(label, rule, ctx.ruleset), **_checked_label(ctx.ruleset, rule)}
    everything: dict[str, list[Dated]] = {}
    for d, r in ctx.records(rule.marks):
        everything.setdefault(r.unit, []).append((d, r))
    offending = ctx.by_unit(rule.evidence)
    hi = as_of.toordinal()
    for unit in ctx.units:
        key = (ctx.ri, "x", unit)
        for d, r in everything.get(unit, []):
            plan_.item(key, d, r)
        probes = []
        for d, r in sorted(offending.get(unit, []), key=by_day):
            pid = plan_.probe(key, d + 1, hi)
            s = ctx.subject(unit, f"item:{r.key}")
            probes.append(pid)
            ctx.add(s, (pid,), _Offender(s, pid, (d, r), detail))
        every = plan_.probe(key, 0, hi)
        s = ctx.subject(unit, "unit")
        ctx.add(s, (every, *probes), _Clean(plan_, s, every, tuple(probes), detail))


class _Offender:
    """An offending record: current (a finding) unless a later record supersedes it."""

    __slots__ = ("detail", "item", "pid", "s")

    def __init__(self, s: Subject, pid: int, item: Dated, detail: dict[str, Any]) -> None:
        self.s, self.pid, self.item, self.detail = s, pid, item, detail

    def __call__(self, m: Matches) -> Finding | None:
        return None if m.get(self.pid) else _found(self.s, self.item, self.detail)


class _Clean:
    """The unit's finding when none of its offending records is current."""

    __slots__ = ("detail", "every", "plan", "probes", "s")

    def __init__(self, plan: Plan, s: Subject, every: int, probes: tuple[int, ...],
                 detail: dict[str, Any]) -> None:
        self.plan, self.s, self.every, self.probes, self.detail = plan, s, every, probes, detail

    def __call__(self, m: Matches) -> Finding | None:
        if any(not m.get(pid) for pid in self.probes):
            return None  # a current offender: its own finding says so
        got = self.plan.dated(m.get(self.every, ()))
        last = max((d for d, _ in got), default=None)
        return _unit(self.s, [(d, r) for d, r in got if d == last], self.detail)


def reference(ctx: ReferenceContext) -> list[Finding]:
    """Plainly: the unit's collections are its records of ``marks`` (the evidence kind, or
    ``collection``); an offending record not followed by a later collection is a finding, else
    the unit is clean as of its latest collection (or was never checked)."""
    rule = ctx.rule
    assert isinstance(rule, AbsentRule)
    label = kind_label(ctx.ruleset, rule.evidence)
    detail = {**_detail(label, rule, ctx.ruleset), **_checked_label(ctx.ruleset, rule)}
    mine = ctx.of(rule.marks, where=False)
    latest_day = max((d for d, _ in mine), default=None)
    offending = [(d, r) for d, r in ctx.of(rule.evidence)
                 if latest_day is None or d >= latest_day]
    if offending:
        return [_found(ctx.subject(f"item:{r.key}"), (d, r), detail)
                for d, r in sorted(offending, key=by_day)]
    latest = [(d, r) for d, r in mine if d == latest_day]
    return [_unit(ctx.subject("unit"), latest, detail)]


def check(checker: RuleChecker, rule: Rule, m: Mapping[str, Node], path: str) -> None:
    assert isinstance(rule, AbsentRule)
    checker.need_date_field(checker.kinds[rule.evidence], m, path)
    if rule.collection is not None:
        checker.need_date_field(checker.kinds[rule.collection], m, path)
    if not rule.where:
        checker.problem(m.get("kind"), path,
                        "absent 规则须给出 where（什么样的记录不应存在，如 status: {ge: 400}）")


def can_fail(rule: Rule, task: Task, ruleset: Ruleset) -> bool:
    """Any record matching ``where`` in the latest collection fails it."""
    return True


DOC = """\
#### absent —— 不应存在

截至检查日，单位最近一次检查（`evidence` 中日期最晚的那一天的记录）里不应有满足 `where` 的记录：
死链（`status: {ge: 400}`）、空白栏目、页面上未打码的身份证号或手机号等（国办秘函〔2019〕19号
的扣分项和单项否决项）。对象：每条违规记录；没有违规时每个单位一条。

- 最近一次检查中有满足 `where` 的记录 → 每条一个 fail（写明网址和检查日期）；
- 没有 → pass（写明最近一次检查的日期和条数）；
- 截至检查日没有任何该类记录 → error（无法证明不存在）。
- 较早检查中出现、后来的检查不再出现（或已不满足 `where`）的记录不算：修好的死链不再 fail。
  因此采集插件应为检查过的每个对象都产出记录（如每个链接及其状态码），而不只产出有问题的。
- 只产出问题记录的检查（空白栏目、页面暴露的个人信息）写 `collection`：同一次采集中为每个
  检查过的对象都产出记录的证据类型（如 `link_check`，每个读到的页面一条）。单位的“最近一次检查”
  按这种记录确定：问题记录之后还有这种记录，说明后来的检查没有再发现它。
- 必须写 `where`；证据类型须有 `date_field`（检查日期）。

```yaml
- id: t22-dead-links
  kind: absent
  evidence: link_check
  where: {status: {ge: 400}}
```
"""

KIND = RuleKind(name="absent", params=AbsentRule, label="不应存在", label_en="must not exist",
                plan=plan, reference=reference, templates=TEMPLATES, check=check,
                can_fail=can_fail, doc=DOC)
