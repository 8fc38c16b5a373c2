"""share — among a unit's records of ``evidence``, the share matching ``having`` reaches
``threshold``."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import ClassVar

from attrs import frozen
from yaml.nodes import Node

from ..engine.intermediate import Matches, PlanContext
from ..engine.reference import ReferenceContext
from ..engine.semantics import UNDATED, all_hold, condition_text, kind_label, unit_due, year_span
from ..engine.verdicts import Subject, share
from ..results.findings import Finding
from ..ruleset.kinds import RuleChecker, RuleKind
from ..ruleset.model import Condition, Rule, Ruleset, Task


@frozen(kw_only=True)
class ShareRule(Rule):
    """Among a unit's records of ``evidence``, the share matching ``having`` reaches
    ``threshold`` (0–1); a unit with fewer than ``min_items`` records is not applicable."""

    kind: ClassVar[str] = "share"
    evidence: str
    having: tuple[Condition, ...]
    threshold: float
    min_items: int = 1

    def evidence_kinds(self) -> tuple[str, ...]:
        return (self.evidence,)


TEMPLATES: dict[str, tuple[str, str]] = {
    "share.met": (
        "{share}。",
        "{share}."),
    "share.too_few": (
        "{label}仅 {count} 条，少于 {min_items} 条，不计算占比。",
        "Only {count} record(s) of {label}, fewer than {min_items}; not scored."),
    "share.below": (
        "{share}；不满足的如{lacking}。",
        "{share}; lacking e.g. {lacking}."),
    "share.pending": (
        "{share}，尚未到期；不满足的如{lacking}。",
        "{share}; not yet due; lacking e.g. {lacking}."),
}


def share_window(ruleset: Ruleset, rule: ShareRule, as_of: date) -> tuple[int, int]:
    """Day-ordinal window of the records a share rule counts: the rule set's year up to
    ``as_of`` (empty before the year begins); records of an undated kind always count."""
    kind = ruleset.kind_map.get(rule.evidence)
    if kind is not None and kind.date_field is None:
        return UNDATED, UNDATED
    span = year_span(ruleset, as_of)
    if span is None:
        return date(ruleset.year, 1, 1).toordinal(), as_of.toordinal()  # lo > hi: empty
    return span[0].toordinal(), span[1].toordinal()


def plan(ctx: PlanContext) -> None:
    rule, plan_, as_of = ctx.rule, ctx.plan, ctx.as_of
    assert isinstance(rule, ShareRule)
    label = kind_label(ctx.ruleset, rule.evidence)
    mine = ctx.by_unit(rule.evidence)
    due = unit_due(ctx.task, rule, as_of, ruleset=ctx.ruleset)
    condition = condition_text(rule.having, ctx.ruleset.kind_map.get(rule.evidence))
    share_lo, share_hi = share_window(ctx.ruleset, rule, as_of)
    for unit in ctx.units:
        key = (ctx.ri, "u", unit)
        for d, r in mine.get(unit, []):
            plan_.item(key, d, r)
        pid = plan_.probe(key, share_lo, share_hi)
        s = ctx.subject(unit, "unit")

        def decide(m: Matches, s: Subject = s, pid: int = pid) -> Finding:
            got = plan_.dated(m.get(pid, ()))
            having = [all_hold(r, rule.having) for _, r in got]
            return share(s, got, having, rule.threshold, rule.min_items, due, as_of, label,
                         condition)

        ctx.add(s, (pid,), decide)


def reference(ctx: ReferenceContext) -> list[Finding]:
    rule = ctx.rule
    assert isinstance(rule, ShareRule)
    lo, hi = share_window(ctx.ruleset, rule, ctx.as_of)
    mine = [(d, r) for d, r in ctx.of(rule.evidence) if lo <= d <= hi]
    due = unit_due(ctx.task, rule, ctx.as_of, ruleset=ctx.ruleset)
    having = [all_hold(r, rule.having) for _, r in mine]
    condition = condition_text(rule.having, ctx.ruleset.kind_map.get(rule.evidence))
    return [share(ctx.subject("unit"), mine, having, rule.threshold, rule.min_items, due,
                  ctx.as_of, kind_label(ctx.ruleset, rule.evidence), condition)]


def check(checker: RuleChecker, rule: Rule, m: Mapping[str, Node], path: str) -> None:
    assert isinstance(rule, ShareRule)
    if not 0 <= rule.threshold <= 1:
        checker.problem(m.get("threshold"), f"{path}.threshold", "threshold 须在 0 到 1 之间")
    primary = checker.kinds[rule.evidence]
    for c in rule.having:
        checker.expect_field(primary, c.field, None, m.get("having"), f"{path}.having.{c.field}")
    checker.check_choices(primary, rule.having, f"{path}.having")


def can_fail(rule: Rule, task: Task, ruleset: Ruleset) -> bool:
    """A share below a positive threshold fails; a threshold of 0 is always met."""
    assert isinstance(rule, ShareRule)
    return rule.threshold > 0


DOC = """\
#### share —— 比重

单位的 `evidence` 记录（满足 `where`）中，满足 `having` 的比重不低于 `threshold`（0–1）→ pass，
否则 fail（规则或任务有固定期限且尚未到期时为 pending）；记录少于 `min_items` 条 → not_applicable
（样本太少不评价）。对象：单位。按规则集年度内、截至检查日的记录计算（上一年的记录不计入）。

```yaml
- id: t20-graphic-forms
  kind: share
  evidence: interpretation
  having: {form: {in: [图片, 图表, 音频, 视频, 动漫]}}
  threshold: 0.3
  min_items: 3
```
"""

KIND = RuleKind(name="share", params=ShareRule, label="占比达标", label_en="share reached",
                plan=plan, reference=reference, templates=TEMPLATES, check=check,
                can_fail=can_fail, doc=DOC)
