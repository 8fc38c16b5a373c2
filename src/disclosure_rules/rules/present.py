"""present — each unit has at least ``min_count`` records of ``evidence`` by the deadline (in
every period of a continuous one)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from attrs import frozen
from yaml.nodes import Node

from ..engine.intermediate import PlanContext
from ..engine.reference import ReferenceContext
from ..results.findings import Finding
from ..ruleset.model import Rule, Ruleset, Task
from .counting import TEMPLATES, plan_count, reference_count
from .kind import RuleChecker, RuleKind


@frozen(kw_only=True)
class PresentRule(Rule):
    """Each unit has at least ``min_count`` records of ``evidence`` (matching ``where``) by the
    task's deadline; for a continuous deadline, in every period up to ``as_of``."""

    kind: ClassVar[str] = "present"
    evidence: str
    min_count: int = 1

    def evidence_kinds(self) -> tuple[str, ...]:
        return (self.evidence,)


def plan(ctx: PlanContext) -> None:
    rule = ctx.rule
    assert isinstance(rule, PresentRule)
    plan_count(ctx, rule.evidence, min_count=rule.min_count)


def reference(ctx: ReferenceContext) -> list[Finding]:
    rule = ctx.rule
    assert isinstance(rule, PresentRule)
    return reference_count(ctx, rule.evidence, min_count=rule.min_count)


def check(checker: RuleChecker, rule: Rule, m: Mapping[str, Node], path: str) -> None:
    checker.need_date_field(checker.kinds[rule.evidence_kinds()[0]], m, path)


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
  where: {role: 分管领导, reported: {exists: true}}
  min_count: 1
```

- 期限前（含当日）的记录达到 `min_count` → pass；
- 否则：未到期限 → pending；已过期限 → fail；外部期限未定 → pending。
- 常态化期限：每个已结束的周期都要达到 `min_count`，缺一个周期即 fail（理由写明哪个季度）；当前周期
  尚未结束且还没有记录 → pending。
- “及时公开”任务中的 present 规则没有可用的日期，应写 `due`；没写时按检查日判断：检查日前有记录
  → pass，否则 fail。
"""

KIND = RuleKind(name="present", params=PresentRule, label="应有证据", label_en="evidence present",
                plan=plan, reference=reference, templates=TEMPLATES, check=check,
                can_fail=can_fail, doc=DOC)
