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
from ..ruleset.model import FieldType, Rule, Ruleset, Task
from .kind import RuleChecker, RuleKind
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

    def evidence_kinds(self) -> tuple[str, ...]:
        return (self.event,) if self.publication is None else (self.event, self.publication)


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
    if rule.publication is not None:
        for d, p in ctx.records(rule.publication):
            link = p.fields.get(rule.link) if rule.link else p.key
            if isinstance(link, str):
                plan_.item((ri, "t", p.unit, link), d, p)
    mine = ctx.by_unit(rule.event)
    shared = _detail(ctx.ruleset, rule)  # shared by the item slots: within_limit copies it
    for unit in ctx.units:
        items = mine.get(unit, [])
        if not items:
            s = ctx.subject(unit, "unit")
            ctx.add(s, (), fixed(none_to_check(s, label)))
            continue
        for n, (day, record) in enumerate(items):
            s = ctx.subject(unit, f"item:{record.key}")
            start = date.fromordinal(day)
            limit = item_limit(cal, start, rule.within, rule.count_start)
            if rule.publication is None:
                key: tuple[object, ...] = (ri, "self", unit, n)
                published = record.date(rule.published_field)
                if published is not None and published <= as_of:
                    plan_.item(key, published.toordinal(), record)
            else:
                key = (ri, "t", unit, record.key)
            pid = plan_.probe(key, UNDATED, hi)
            ctx.add(s, (pid,), Window(plan_, s, pid, (day, record), start, limit, as_of, shared))


def reference(ctx: ReferenceContext) -> list[Finding]:
    rule, as_of = ctx.rule, ctx.as_of
    assert isinstance(rule, TimelyRule)
    items = ctx.of(rule.event)
    label = kind_label(ctx.ruleset, rule.event)
    if not items:
        return [none_to_check(ctx.subject("unit"), label)]
    detail = _detail(ctx.ruleset, rule)
    pubs = ctx.of(rule.publication, where=False) if rule.publication else []
    out = []
    for day, item in items:
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
        out.append(within_limit(ctx.subject(f"item:{item.key}"), (day, item), start, limit,
                                matched, as_of, detail))
    return out


def check(checker: RuleChecker, rule: Rule, m: Mapping[str, Node], path: str) -> None:
    assert isinstance(rule, TimelyRule)
    primary = checker.kinds[rule.event]
    checker.need_date_field(primary, m, path)
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

- 有 `publication`：同一单位的 publication 记录中，`link` 字段引用该事件 `key` 的最早一条的日期；
- 没有 `publication`：事件记录自己的 `published_field`（台账中一行同时记事件日期和公开日期）。

对象：每条事件记录。结论同 accompanied（及时 → pass；晚了 → fail；尚未公开且未到时限 → pending；
已过时限 → fail；没有事件 → not_applicable）。`within` 默认 20（条例第二十六条）。

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
  within: 20
  count_start: false
```
"""

KIND = RuleKind(name="timely", params=TimelyRule, label="按时公开", label_en="published on time",
                plan=plan, reference=reference, templates=TEMPLATES, check=check,
                can_fail=can_fail, doc=DOC, kind_params=("event", "publication"),
                working_days=True)
