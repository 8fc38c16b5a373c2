"""timely — every ``event`` record is published within ``within`` working days (by a
``publication`` record linking to it, or its own ``published_field``)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import ClassVar

from attrs import frozen
from yaml.nodes import Node

from ..engine.intermediate import PlanContext, fixed
from ..engine.reference import ReferenceContext
from ..engine.semantics import UNDATED, item_limit, kind_label
from ..engine.verdicts import Dated, none_to_check, within_limit
from ..results.findings import Finding
from ..ruleset.kinds import RuleChecker, RuleKind
from ..ruleset.model import FieldType, Role, Rule, Ruleset, Task
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
    #: ``task``: a publication filed under any unit of the task counts (the site unit publishes
    #: for everyone); default: only the answering unit's own
    publishers: str | None = None
    #: ``support``: the lead answers for the events its 配合 units log
    answers_for: str | None = None

    def evidence_kinds(self) -> tuple[str, ...]:
        return (self.event,) if self.publication is None else (self.event, self.publication)


def task_units(task: Task) -> frozenset[str]:
    return frozenset(a.unit for a in task.assignments)


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
    anyone = rule.publishers == "task"
    if rule.publication is not None:
        members = task_units(ctx.task)
        for d, p in ctx.records(rule.publication):
            link = p.fields.get(rule.link) if rule.link else p.key
            if not isinstance(link, str):
                continue
            if anyone:  # one key for every unit of the task
                if p.unit in members:
                    plan_.item((ri, "t", "*", link), d, p)
            else:
                plan_.item((ri, "t", p.unit, link), d, p)
    mine = ctx.by_unit(rule.event)
    shared = _detail(ctx.ruleset, rule)  # shared by the item slots: within_limit copies it
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
                key: tuple[object, ...] = (ri, "self", unit, n)
                published = record.date(rule.published_field)
                if published is not None and published <= as_of:
                    plan_.item(key, published.toordinal(), record)
            else:
                key = (ri, "t", "*" if anyone else unit, record.key)
            pid = plan_.probe(key, UNDATED, hi)
            ctx.add(s, (pid,), Window(plan_, s, pid, (day, record), start, limit, as_of, shared))


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
    # whose publications count: the unit's own, or with publishers: task any unit of the task
    publishers = {a.unit for a in task.assignments} if rule.publishers == "task" \
        else {ctx.unit}
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
        out.append(within_limit(ctx.subject(subject), (day, item), start, limit,
                                matched, as_of, detail))
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
    if rule.publishers not in (None, "task"):
        checker.problem(m.get("publishers"), f"{path}.publishers",
                        "publishers 只能是 task（本任务任一单位的发布都算），"
                        f"实际为“{rule.publishers}”")
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
写 `publishers: task` 时，本任务任一单位名下的发布记录都算——本局网站由科技科统一发布，信息所属单位
的事项由科技科发布即算按时。网站采集到的每篇文章按栏目归在采集它的单位名下，文章上的“发布机构”
记在 `publisher` 字段中，不改变文章所归的单位。不在本任务中的单位发布的记录不算。

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
