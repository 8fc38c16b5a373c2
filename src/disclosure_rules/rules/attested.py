"""attested — the unit signed a statement on ``topic`` by the deadline (only for duties where
nothing can be observed)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from attrs import frozen
from yaml.nodes import Node

from ..engine.intermediate import PlanContext
from ..engine.reference import ReferenceContext
from ..evidence.records import Evidence
from ..results.findings import Finding
from ..ruleset.kinds import RuleChecker, RuleKind
from ..ruleset.model import Rule, Ruleset, Task
from .counting import TEMPLATES, plan_count, reference_count


@frozen(kw_only=True)
class AttestedRule(Rule):
    """The unit signed a statement on ``topic`` by the deadline.  Only for duties where nothing
    can be observed; ``why`` says why, so the office can revisit it."""

    kind: ClassVar[str] = "attested"
    evidence: str = "attestation"
    topic: str
    why: str

    def evidence_kinds(self) -> tuple[str, ...]:
        return (self.evidence,)


def attested_topic(record: Evidence, topic: str) -> bool:
    """An attestation counts for a rule when its ``topic`` field (or, lacking one, its title)
    names the rule's topic."""
    value = record.fields.get("topic")
    if isinstance(value, str):
        return value == topic
    return topic in record.title


def plan(ctx: PlanContext) -> None:
    rule = ctx.rule
    assert isinstance(rule, AttestedRule)
    plan_count(ctx, rule.evidence, keep=lambda r: attested_topic(r, rule.topic),
               extra={"topic": rule.topic, "why": rule.why})


def reference(ctx: ReferenceContext) -> list[Finding]:
    rule = ctx.rule
    assert isinstance(rule, AttestedRule)
    return reference_count(ctx, rule.evidence, keep=lambda r: attested_topic(r, rule.topic),
                           extra={"topic": rule.topic, "why": rule.why})


def check(checker: RuleChecker, rule: Rule, m: Mapping[str, Node], path: str) -> None:
    checker.need_date_field(checker.kinds[rule.evidence_kinds()[0]], m, path)


def can_fail(rule: Rule, task: Task, ruleset: Ruleset) -> bool:
    """No signed statement by the deadline fails it."""
    return True


DOC = """\
#### attested —— 书面说明

单位在期限前提交了 `topic` 相同的书面说明（证据类型默认 `attestation`：事项、签署人、签署日期、
扫描件
sha256）→ pass；否则未到期限 → pending，已过期限 → fail。对象：单位。

**只用于确实无法从外部观察的事项**，`why` 必填，写明为什么没有可观察的证据，
便于以后改为可观察的规则。

```yaml
- id: t22-intensive-domain
  kind: attested
  topic: 政府网站集约化与域名清理
  why: 集约化迁移和域名清理由省级平台统一组织实施……
```
"""

KIND = RuleKind(name="attested", params=AttestedRule, label="书面说明",
                label_en="signed statement", plan=plan, reference=reference,
                templates=TEMPLATES, check=check, can_fail=can_fail, doc=DOC)
