"""updated_after — after a trigger date (机构改革, a new regulation), at least ``min_count``
records of ``evidence`` dated on or after it, by the deadline."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import ClassVar

from attrs import frozen
from yaml.nodes import Node

from ..engine.intermediate import PlanContext
from ..engine.reference import ReferenceContext
from ..results.findings import Finding
from ..ruleset.kinds import RuleChecker, RuleKind
from ..ruleset.model import Rule, Ruleset, Task
from .counting import TEMPLATES, plan_count, reference_count


@frozen(kw_only=True)
class UpdatedAfterRule(Rule):
    """After the trigger date (e.g. 机构改革), at least ``min_count`` records of ``evidence``
    were updated (dated) after it and by the task's deadline."""

    kind: ClassVar[str] = "updated_after"
    evidence: str
    trigger_date: date
    trigger_label: str = ""
    min_count: int = 1

    def evidence_kinds(self) -> tuple[str, ...]:
        return (self.evidence,)


def _extra(rule: UpdatedAfterRule) -> dict[str, object]:
    return {"trigger": rule.trigger_date.isoformat(), "trigger_label": rule.trigger_label}


def plan(ctx: PlanContext) -> None:
    rule = ctx.rule
    assert isinstance(rule, UpdatedAfterRule)
    # a record of the trigger day counts; it happens once, so never per period
    plan_count(ctx, rule.evidence, lo=rule.trigger_date.toordinal(), min_count=rule.min_count,
               extra=_extra(rule), periodic=False)


def reference(ctx: ReferenceContext) -> list[Finding]:
    rule = ctx.rule
    assert isinstance(rule, UpdatedAfterRule)
    return reference_count(ctx, rule.evidence, lo=rule.trigger_date.toordinal(),
                           min_count=rule.min_count, extra=_extra(rule), periodic=False)


def check(checker: RuleChecker, rule: Rule, m: Mapping[str, Node], path: str) -> None:
    checker.need_date_field(checker.kinds[rule.evidence_kinds()[0]], m, path)


def can_fail(rule: Rule, task: Task, ruleset: Ruleset) -> bool:
    """Too few records after the trigger fail it once the deadline has passed."""
    return True


DOC = """\
#### updated_after —— 触发事件后已更新

触发日期（`trigger_date`，如机构改革、新条例施行）之后、期限之前，至少有 `min_count` 条 `evidence`
（满足 `where`）。触发当日的记录也算。对象：单位。结论同 present（够数 → pass；
不够且未到期限 → pending；
已过期限 → fail）。`trigger_label` 是触发事件的中文说明，出现在理由中。

```yaml
- id: t24-hall-items
  kind: updated_after
  evidence: hall_item
  where: {item_type: 审批服务事项}
  trigger_date: 2019-03-31
  trigger_label: 市县机构改革基本完成（2019年3月底）
  min_count: 1
```
"""

KIND = RuleKind(name="updated_after", params=UpdatedAfterRule, label="调整后更新",
                label_en="updated after a change", plan=plan, reference=reference,
                templates=TEMPLATES, check=check, can_fail=can_fail, doc=DOC)
