"""timely — every ``event`` record is published within ``within`` working days (by a
``publication`` record linking to it, or its own ``published_field``)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import ClassVar

import attrs
from attrs import field, frozen
from yaml.nodes import Node

from ..engine.intermediate import Matches, Plan, PlanContext, fixed
from ..engine.reference import ReferenceContext
from ..engine.semantics import UNDATED, item_limit, kind_label
from ..engine.verdicts import Dated, Subject, none_to_check, within_limit
from ..results.findings import Finding
from ..ruleset.kinds import RuleChecker, RuleKind
from ..ruleset.model import (
    TASK_UNITS,
    FieldType,
    Role,
    Rule,
    Ruleset,
    Task,
    UnitRef,
    UnitRegistry,
    unit_refs,
)
from .window import TEMPLATES, Window


@frozen(kw_only=True)
class TimelyRule(Rule):
    """Every ``event`` record has a ``publication`` by the same unit within ``within`` working
    days of its date.  With no ``publication`` kind, the event record's own
    ``published_field`` is the publication date (a ledger row with both dates)."""

    kind: ClassVar[str] = "timely"
    event: str
    publication: str | None = None
    link: str | None = None
    published_field: str | None = None
    within: int = 20
    count_start: bool = False
    #: whose publications count besides the answering unit's own: ``task`` (every unit of the
    #: task) and/or units by id, name or alias, matched on the unit a publication is filed
    #: under (the website collector files an article under the site's unit); default: none
    publishers: tuple[UnitRef, ...] | None = field(default=None, converter=unit_refs)
    #: ``support``: the lead answers for the events its 配合 units log
    answers_for: str | None = None

    def evidence_kinds(self) -> tuple[str, ...]:
        return (self.event,) if self.publication is None else (self.event, self.publication)

    def outside_units(self, task: Task, kind: str) -> frozenset[str]:
        """The named ``publishers`` outside the task: their publications count."""
        if kind != self.publication:
            return frozenset()
        return shared_publishers(self, task) - task_units(task)


def task_units(task: Task) -> frozenset[str]:
    return frozenset(a.unit for a in task.assignments)


def shared_publishers(rule: TimelyRule, task: Task) -> frozenset[str]:
    """The units whose publications count for every answering unit (besides its own): the
    task's units for ``task``, and the units ``publishers`` names."""
    named = rule.publishers or ()
    units = frozenset(u for u in named if u != TASK_UNITS)
    return units | task_units(task) if TASK_UNITS in named else units


def credited(finding: Finding, candidates: list[Dated], units: UnitRegistry) -> Finding:
    """The finding naming whose publication it matched (``published_by``) when that is not
    the answering unit's own — a publication by the website unit, or another unit of the
    task, that ``publishers`` lets count."""
    matched = finding.detail.get("matched")
    if not matched:
        return finding
    unit = next((r.unit for _, r in candidates if r.id == matched["id"]), finding.unit)
    if unit == finding.unit:
        return finding
    return attrs.evolve(finding, detail={**finding.detail, "published_by": units.name_of(unit)})


class _Published(Window):
    """A timely item whose publication may come under the answering unit's own key and under
    the key of the shared publishers (two probes), naming whose publication counted."""

    __slots__ = ("pids", "units")

    def __init__(self, plan: Plan, s: Subject, pids: tuple[int, ...], item: Dated,
                 start: date, limit: date, as_of: date, detail: dict[str, object],
                 units: UnitRegistry) -> None:
        super().__init__(plan, s, None, item, start, limit, as_of, detail)
        self.pids, self.units = pids, units

    def __call__(self, m: Matches) -> Finding:
        candidates = [c for pid in self.pids for c in self.plan.dated(m.get(pid, ()))]
        found = within_limit(self.s, (self.day, self.record), self.start, self.limit,
                             candidates, self.as_of, self.detail)
        return credited(found, candidates, self.units)


def answered(rule: TimelyRule, task: Task, unit: str,
             mine: Mapping[str, list[Dated]]) -> list[tuple[str, Dated]]:
    """The events ``unit`` answers for, each with its subject: its own, and with
    ``answers_for: support`` on a lead unit those of the task's 配合 units
    (``item:KEY@UNIT``)."""
    out = [(f"item:{r.key}", (d, r)) for d, r in mine.get(unit, [])]
    if rule.answers_for == "support" and task.role_of(unit) is Role.LEAD:
        for a in task.assignments:
            if a.role is Role.SUPPORT and a.unit != unit:
                out.extend((f"item:{r.key}@{r.unit}", (d, r)) for d, r in mine.get(a.unit, []))
    return out


def _detail(ctx_ruleset: Ruleset, rule: TimelyRule) -> dict[str, object]:
    label = kind_label(ctx_ruleset, rule.event)
    return {"label": label, "publication": kind_label(ctx_ruleset, rule.publication)
            if rule.publication else label, "within": rule.within}


def plan(ctx: PlanContext) -> None:
    rule, plan_, ri, as_of = ctx.rule, ctx.plan, ctx.ri, ctx.as_of
    assert isinstance(rule, TimelyRule)
    cal = ctx.ruleset.calendar
    hi = as_of.toordinal()
    label = kind_label(ctx.ruleset, rule.event)
    # a publication of a shared publisher goes under one key for them all, any other under its
    # own unit: an answering unit probes its own key (unless it is a shared publisher itself)
    # and the shared one, so no publication is matched twice
    shared = shared_publishers(rule, ctx.task)
    if rule.publication is not None:
        for d, p in ctx.records(rule.publication):
            link = p.fields.get(rule.link) if rule.link else p.key
            if isinstance(link, str):
                plan_.item((ri, "t", "*" if p.unit in shared else p.unit, link), d, p)
    mine = ctx.by_unit(rule.event)
    detail = _detail(ctx.ruleset, rule)  # shared by the item slots: within_limit copies it
    for unit in ctx.units:
        items = answered(rule, ctx.task, unit, mine)
        if not items:
            s = ctx.subject(unit, "unit")
            ctx.add(s, (), fixed(none_to_check(s, label)))
            continue
        for n, (subject, (day, record)) in enumerate(items):
            s = ctx.subject(unit, subject)
            start = date.fromordinal(day)
            limit = item_limit(cal, start, rule.within, rule.count_start)
            if rule.publication is None:
                key = (ri, "self", unit, n)
                published = record.date(rule.published_field)
                if published is not None and published <= as_of:
                    plan_.item(key, published.toordinal(), record)
                pid = plan_.probe(key, UNDATED, hi)
                ctx.add(s, (pid,), Window(plan_, s, pid, (day, record), start, limit, as_of,
                                          detail))
                continue
            owners = ("*",) if unit in shared else (unit, "*") if shared else (unit,)
            pids = tuple(plan_.probe((ri, "t", owner, record.key), UNDATED, hi)
                         for owner in owners)
            ctx.add(s, pids, _Published(plan_, s, pids, (day, record), start, limit, as_of,
                                        detail, ctx.ruleset.units))


def reference(ctx: ReferenceContext) -> list[Finding]:
    rule, as_of = ctx.rule, ctx.as_of
    assert isinstance(rule, TimelyRule)
    # the events this unit answers for: its own, and a lead's 配合 units' with answers_for
    task = ctx.task
    supports = {a.unit for a in task.assignments if a.role is Role.SUPPORT} - {ctx.unit} \
        if rule.answers_for == "support" and task.role_of(ctx.unit) is Role.LEAD else set()
    items = [(f"item:{r.key}" if r.unit == ctx.unit else f"item:{r.key}@{r.unit}", d, r)
             for d, r in ctx.of(rule.event, mine=False)
             if r.unit == ctx.unit or r.unit in supports]
    label = kind_label(ctx.ruleset, rule.event)
    if not items:
        return [none_to_check(ctx.subject("unit"), label)]
    detail = _detail(ctx.ruleset, rule)
    # whose publications count: the unit's own, and those of every unit publishers allows
    # (task: every unit of the task; named units, in the task or not)
    publishers = {ctx.unit} | shared_publishers(rule, task)
    pubs = [(d, p) for d, p in ctx.of(rule.publication, mine=False, where=False)
            if p.unit in publishers] if rule.publication else []
    out = []
    for subject, day, item in items:
        start = date.fromordinal(day)
        limit = item_limit(ctx.ruleset.calendar, start, rule.within, rule.count_start)
        matched: list[Dated]
        if rule.publication is None:
            published = item.date(rule.published_field)
            matched = [] if published is None or published > as_of else [
                (published.toordinal(), item)]
        else:
            matched = [(d, p) for d, p in pubs
                       if (p.fields.get(rule.link) if rule.link else p.key) == item.key]
        found = within_limit(ctx.subject(subject), (day, item), start, limit, matched, as_of,
                             detail)
        out.append(found if rule.publication is None
                   else credited(found, matched, ctx.ruleset.units))
    return out


def check(checker: RuleChecker, rule: Rule, m: Mapping[str, Node], path: str) -> None:
    assert isinstance(rule, TimelyRule)
    primary = checker.kinds[rule.event]
    checker.need_date_field(primary, m, path)
    if rule.answers_for not in (None, "support"):
        checker.problem(m.get("answers_for"), f"{path}.answers_for",
                        f"answers_for 只能是 support（牵头单位对配合单位的事项负责），"
                        f"实际为“{rule.answers_for}”")
    if rule.publishers is not None and rule.publication is None:
        checker.problem(m.get("publishers"), f"{path}.publishers",
                        "publishers 只用于有 publication 的规则")
    if rule.publication is None:
        if rule.published_field is None:
            checker.problem(m.get("event"), path,
                            "timely 规则须给出 publication 或 published_field")
        else:
            checker.expect_field(primary, rule.published_field, FieldType.DATE,
                                 m.get("published_field"), f"{path}.published_field")
        return
    publication = checker.kinds[rule.publication]
    checker.need_date_field(publication, m, path)
    if rule.link is None:
        checker.problem(m.get("publication"), path,
                        "有 publication 时须给出 link（发布记录中引用事件的字段）")
    else:
        checker.expect_field(publication, rule.link, FieldType.REF, m.get("link"),
                             f"{path}.link", ref_kind=rule.event)


def can_fail(rule: Rule, task: Task, ruleset: Ruleset) -> bool:
    """An event published late, or not at all, fails."""
    return True


DOC = """\
#### timely —— 及时公开

每条事件记录（`event`）在事件日期后 `within` 个工作日内公开。公开日期有两种取法：

- 有 `publication`：同一单位（或 `publishers` 允许的单位）的 publication 记录中，`link` 字段引用该
  事件 `key` 的最早一条的日期；
- 没有 `publication`：事件记录自己的 `published_field`（台账中一行同时记事件日期和公开日期）。

对象：每条事件记录。结论同 accompanied（及时 → pass；晚了 → fail；尚未公开且未到时限 → pending；
已过时限 → fail；没有事件 → not_applicable）。`within` 默认 20（条例第二十六条）。

谁发布都算（`publishers`，只用于有 `publication` 的规则）：默认只认该单位自己名下的发布记录；
`publishers` 再列出哪些单位名下的发布记录也算，可写一个或一个列表：

- `task`：本任务任一单位——本局网站由科技科统一发布，表中凡“及时公开”在网站上的行都把科技科列为
  责任单位（第4、6—9、17行），信息所属单位的事项由科技科发布即算按时；
- 单位（id、名称或别名，或单位组的词组）：该单位，可以不在本任务中，如 `publishers: [科技科]`、
  `publishers: [task, 科技科]`。名称在载入时核对，写错的单位报出文件、行、列和字段（如
  `tasks[5].rules[1].publishers[1]`），并提示相近的名称。

按发布记录**所归的单位**认定，不按页面上的“发布机构”：网站采集插件把每篇文章归在其栏目所设的单位
（默认是运行网站的单位，即科技科）名下，文章上的“发布机构”只记在 `publisher` 字段中（规则集为该
证据类型声明了这个字段时），不改变文章所归的单位。“发布机构”是页面上的自由文字（常常是整个局的
名称），不能可靠地对应到单位；要让网站上的文章算作科技科发布，就在 `publishers` 中写科技科。
别的单位的发布记录算数时，理由写明“（由科技科发布）”。`publishers` 允许的单位即使不在本任务中，
它名下的发布记录也不算“超出范围”。未列出的单位发布的记录不算。

牵头单位对配合单位的事项负责（`answers_for: support`）：牵头单位的规则同时检查本任务配合单位登记的
事项（对象写作 `item:事项编号@单位`），配合单位本身不单独评价。例如第8行“科技科牵头，运输科、
水运科、基建科配合”，配合科室的材料由科技科按时公开。

accompanied、timely、responded 逐条计时：每条记录有自己的时限，**不看任务的完成时间**（“常态化工作”
“及时公开”等写法对它们不起作用）。

```yaml
- id: t18-licensing-penalty
  kind: timely
  event: enforcement_decision
  where: {decision_type: {in: [行政许可, 行政处罚]}}
  published_field: published
  within: 7
  count_start: false

- id: t06-project-info
  kind: timely
  event: info_event
  where: {topic: {in: [重大建设项目批准, 重大建设项目实施]}}
  publication: publication
  link: subject
  publishers: task
  within: 20
  count_start: false
```
"""

KIND = RuleKind(name="timely", params=TimelyRule, label="按时公开", label_en="published on time",
                plan=plan, reference=reference, templates=TEMPLATES, check=check,
                can_fail=can_fail, doc=DOC, kind_params=("event", "publication"),
                working_days=True)
