"""present — each unit has at least ``min_count`` records of ``evidence`` by the deadline (in
every period of a continuous one)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import ClassVar

from attrs import frozen
from yaml.nodes import Node

from ..engine.intermediate import PlanContext
from ..engine.reference import ReferenceContext
from ..engine.semantics import UNDATED
from ..results.findings import Finding
from ..ruleset.kinds import RuleChecker, RuleKind
from ..ruleset.model import FieldType, Rule, Ruleset, Task
from .counting import TEMPLATES, plan_count, reference_count


@frozen(kw_only=True)
class PresentRule(Rule):
    """Each unit has at least ``min_count`` records of ``evidence`` (matching ``where``) by the
    task's deadline; for a continuous deadline, in every period up to ``as_of``.

    ``date_field`` names the date that places a record for this rule (default: the kind's
    ``date_field``); ``since`` is the first day a record counts from."""

    kind: ClassVar[str] = "present"
    evidence: str
    min_count: int = 1
    date_field: str | None = None
    since: date | None = None

    def evidence_kinds(self) -> tuple[str, ...]:
        return (self.evidence,)


def plan(ctx: PlanContext) -> None:
    rule = ctx.rule
    assert isinstance(rule, PresentRule)
    plan_count(ctx, rule.evidence, min_count=rule.min_count, date_field=rule.date_field,
               lo=_lo(rule))


def reference(ctx: ReferenceContext) -> list[Finding]:
    rule = ctx.rule
    assert isinstance(rule, PresentRule)
    return reference_count(ctx, rule.evidence, min_count=rule.min_count,
                           date_field=rule.date_field, lo=_lo(rule))


def _lo(rule: PresentRule) -> int:
    return rule.since.toordinal() if rule.since is not None else UNDATED


def check(checker: RuleChecker, rule: Rule, m: Mapping[str, Node], path: str) -> None:
    kind = checker.kinds[rule.evidence_kinds()[0]]
    checker.need_date_field(kind, m, path)
    assert isinstance(rule, PresentRule)
    if rule.date_field is not None:
        checker.expect_field(kind, rule.date_field, FieldType.DATE, m.get("date_field"),
                             f"{path}.date_field")
    if rule.since is not None and rule.due is not None and rule.since > rule.due:
        checker.problem(m.get("since"), f"{path}.since",
                        f"since（{rule.since}）晚于 due（{rule.due}），没有记录能按时计入")


def can_fail(rule: Rule, task: Task, ruleset: Ruleset) -> bool:
    """Missing records fail it once the deadline has passed: always possible."""
    return True


DOC = """\
#### present —— 有证据

每个单位在期限前有至少 `min_count` 条 `evidence`（满足 `where`）。对象：单位。

```yaml
- id: t01-leader
  kind: present
  description: 明确政务公开分管领导并报局办公室
  evidence: staff_designation
  where: {role: 分管领导}
  date_field: reported
  min_count: 1
```

- 期限前（含当日）的记录达到 `min_count` → pass；
- 否则：未到期限 → pending；已过期限 → fail。
- 常态化期限：每个已结束的周期都要达到 `min_count`，缺一个周期即 fail（理由写明哪个季度）；当前周期
  尚未结束且还没有记录 → pending。
- “及时公开”任务中的 present 规则没有可用的日期，应写 `due`；没写时按检查日判断：检查日前有记录
  → pass，否则 fail。
- `date_field`（可选）：按记录的哪个日期字段判断是否按时，默认是证据类型的 `date_field`。例如第1行
  “明确……并报局办公室”，要看的是报局办公室的日期 `reported`，而不是明确的日期：没有该日期的记录
  不算，该日期晚于检查日的记录也不算。
- `since`（可选，`YYYY-MM-DD`）：该日期之前的记录不算。例如第3行学习“新修订的”条例，条例 2019 年
  4 月 3 日公布修订，此前的学习不算：`since: 2019-04-03`。`since` 晚于规则的 `due` 会报错。
"""

KIND = RuleKind(name="present", params=PresentRule, label="应有证据", label_en="evidence present",
                plan=plan, reference=reference, templates=TEMPLATES, check=check,
                can_fail=can_fail, doc=DOC)
