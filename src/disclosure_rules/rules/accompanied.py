"""accompanied — every record of ``evidence`` has a ``companion`` linking to it within
``within`` working days (三同步: a policy and its 解读)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import ClassVar

from attrs import frozen
from yaml.nodes import Node

from ..engine.intermediate import PlanContext, fixed
from ..engine.reference import ReferenceContext
from ..engine.semantics import UNDATED, item_limit, kind_label
from ..engine.verdicts import none_to_check, within_limit
from ..results.findings import Finding
from ..ruleset.kinds import RuleChecker, RuleKind
from ..ruleset.model import FieldType, Rule, Ruleset, Task
from .window import TEMPLATES, Window


@frozen(kw_only=True)
class AccompaniedRule(Rule):
    """Every record of ``evidence`` has a ``companion`` record linking to it (the companion's
    ``link`` field holds the record's key) dated within ``within`` working days (三同步)."""

    kind: ClassVar[str] = "accompanied"
    evidence: str
    companion: str
    link: str
    within: int = 0
    count_start: bool = False

    def evidence_kinds(self) -> tuple[str, ...]:
        return (self.evidence, self.companion)


def plan(ctx: PlanContext) -> None:
    rule, plan_, ri, as_of = ctx.rule, ctx.plan, ctx.ri, ctx.as_of
    assert isinstance(rule, AccompaniedRule)
    cal = ctx.ruleset.calendar
    hi = as_of.toordinal()
    label = kind_label(ctx.ruleset, rule.evidence)
    for d, c in ctx.records(rule.companion):
        link = c.fields.get(rule.link)
        if isinstance(link, str):
            plan_.item((ri, "a", link), d, c)
    mine = ctx.by_unit(rule.evidence)
    # one detail dict per rule, shared by its item slots: within_limit copies it
    shared = {"label": label, "companion": kind_label(ctx.ruleset, rule.companion),
              "within": rule.within}
    for unit in ctx.units:
        items = mine.get(unit, [])
        if not items:
            s = ctx.subject(unit, "unit")
            ctx.add(s, (), fixed(none_to_check(s, label)))
            continue
        for day, record in items:
            s = ctx.subject(unit, f"item:{record.key}")
            start = date.fromordinal(day)
            limit = item_limit(cal, start, rule.within, rule.count_start)
            pid = plan_.probe((ri, "a", record.key), UNDATED, hi)
            ctx.add(s, (pid,), Window(plan_, s, pid, (day, record), start, limit, as_of, shared))


def reference(ctx: ReferenceContext) -> list[Finding]:
    rule = ctx.rule
    assert isinstance(rule, AccompaniedRule)
    items = ctx.of(rule.evidence)
    label = kind_label(ctx.ruleset, rule.evidence)
    if not items:
        return [none_to_check(ctx.subject("unit"), label)]
    companions = ctx.of(rule.companion, mine=False, where=False)
    detail = {"label": label, "companion": kind_label(ctx.ruleset, rule.companion),
              "within": rule.within}
    out = []
    for day, item in items:
        start = date.fromordinal(day)
        limit = item_limit(ctx.ruleset.calendar, start, rule.within, rule.count_start)
        matched = [(d, c) for d, c in companions if c.fields.get(rule.link) == item.key]
        out.append(within_limit(ctx.subject(f"item:{item.key}"), (day, item), start, limit,
                                matched, ctx.as_of, detail))
    return out


def check(checker: RuleChecker, rule: Rule, m: Mapping[str, Node], path: str) -> None:
    assert isinstance(rule, AccompaniedRule)
    companion = checker.kinds[rule.companion]
    checker.expect_field(companion, rule.link, FieldType.REF, m.get("link"), f"{path}.link",
                         ref_kind=rule.evidence)
    checker.need_date_field(checker.kinds[rule.evidence], m, path)
    checker.need_date_field(companion, m, path)


def can_fail(rule: Rule, task: Task, ruleset: Ruleset) -> bool:
    """A record without a companion in time fails."""
    return True


DOC = """\
#### accompanied —— 随附（三同步）

每条 `evidence` 记录都有一条 `companion` 记录引用它（companion 的 `link` 字段等于该记录的 `key`），
且 companion 的日期不晚于该记录日期后 `within` 个工作日。对象：每条 evidence 记录。

```yaml
- id: t20-three-synchronous
  kind: accompanied
  evidence: policy_document
  where: {doc_type: {in: [规范性文件, 政策性文件]}}
  companion: interpretation
  link: policy
  within: 3
  count_start: false
```

- companion 不限单位（由 `link` 指明它随附哪条记录）；
- 有及时的 companion → pass；只有晚于时限的 companion → fail（写明 companion 的日期和时限）；
- 没有 companion：时限未到 → pending，已过 → fail；
- 单位没有需检查的记录 → not_applicable。
- `within: 0` 表示必须同日发布。
"""

KIND = RuleKind(name="accompanied", params=AccompaniedRule, label="同步解读",
                label_en="accompanied", plan=plan, reference=reference, templates=TEMPLATES,
                check=check, can_fail=can_fail, doc=DOC,
                kind_params=("evidence", "companion"), working_days=True)
