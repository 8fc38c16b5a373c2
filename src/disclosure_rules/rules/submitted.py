"""submitted — a unit answers for a row in the year: at least one record of ``evidence`` dated in
the rule set's year, or a statement signed in the year for this very row (``none_topic``) that
there was none.

Rows whose other rules judge each event (timely, accompanied, responded) give 不适用 when a
unit logs nothing; without this rule a unit that submits no evidence at all scores as if it had
nothing to do.  One blanket statement for every row does not count: the statement's ``topic``
must be the rule's ``none_topic`` exactly.  No record and no statement once the due date (the
rule's ``due``, else the year's last day) has passed → fail, reason “未提交证据”.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any, ClassVar

from attrs import frozen
from yaml.nodes import Node

from ..engine.intermediate import Matches, Plan, PlanContext
from ..engine.reference import ReferenceContext
from ..engine.scope import TEMPLATES as SCOPE_TEMPLATES
from ..engine.semantics import kind_label
from ..engine.verdicts import MAX_LISTED, Dated, Subject, by_day, describe
from ..evidence.records import Evidence
from ..results.findings import Finding, Status
from ..ruleset.deadlines import PeriodEnd
from ..ruleset.kinds import RuleChecker, RuleKind
from ..ruleset.model import Rule, Ruleset, Task


@frozen(kw_only=True)
class SubmittedRule(Rule):
    """At least one record of ``evidence`` (matching ``where``) in the year, or a statement of
    kind ``statement`` whose ``topic`` is ``none_topic`` signed in the year."""

    kind: ClassVar[str] = "submitted"
    evidence: str
    none_topic: str
    statement: str = "attestation"

    def evidence_kinds(self) -> tuple[str, ...]:
        return (self.evidence, self.statement)


TEMPLATES: dict[str, tuple[str, str]] = {
    # evidence of the kind a rule reads from a unit outside the task (any kind's rule)
    **SCOPE_TEMPLATES,
    "submitted.some": (
        "{year} 年已提交{label} {count} 条{first}。",
        "{count} record(s) of {label} submitted in {year}{first}."),
    "submitted.statement": (
        "{year} 年没有{label}：已提交 {signed} 签署的书面说明（事项“{topic}”）。",
        "No {label} in {year}: a statement signed on {signed} (topic “{topic}”)."),
    "submitted.pending": (
        "截至 {as_of} 尚未提交 {year} 年的{label}，也没有本项“年内没有此类事项”的书面说明；"
        "{due} 前补交即可。",
        "No {label} of {year} by {as_of} and no statement that there was none; due {due}."),
    "submitted.none": (
        "未提交证据：截至 {as_of}，本单位没有提交 {year} 年的任何{label}，也没有就本项签署"
        "“年内没有此类事项”的书面说明（事项须写“{topic}”，笼统的总说明不算）。",
        "No evidence submitted: by {as_of} the unit has no {label} of {year} and no statement "
        "signed for this duty that there was none (topic “{topic}”; a blanket statement does "
        "not count)."),
}


def _due(rule: SubmittedRule, ruleset: Ruleset) -> PeriodEnd:
    """The rule's ``due``, else the year's last day, moved off a rest day as the rule set
    says (``deadline_on_rest_day``)."""
    return ruleset.period_end(rule.due or date(ruleset.year, 12, 31))


def _span(ruleset: Ruleset, as_of: date) -> tuple[int, int]:
    """The days whose records count: the rule set's year up to ``as_of``."""
    return (date(ruleset.year, 1, 1).toordinal(),
            min(as_of, date(ruleset.year, 12, 31)).toordinal())


def _statement_for(record: Evidence, topic: str) -> bool:
    return record.fields.get("topic") == topic


def _decide(s: Subject, rule: SubmittedRule, ruleset: Ruleset, as_of: date, label: str,
            items: list[Dated], statements: list[Dated]) -> Finding:
    end = _due(rule, ruleset)
    due = end.day
    detail: dict[str, Any] = {"label": label, "year": ruleset.year, "topic": rule.none_topic,
                              "due": due.isoformat(), "count": len(items)}
    if end.moved:
        detail["moved_from"] = end.nominal.isoformat()
    if items:
        ordered = sorted(items, key=by_day)
        detail["first"] = describe(*ordered[0])
        return Finding(s.rule, s.rule_kind, s.task, s.unit, s.subject, Status.PASS,
                       "submitted.some", detail, tuple(r.id for _, r in ordered[:MAX_LISTED]))
    if statements:
        first = sorted(statements, key=by_day)[0]
        detail["signed"] = describe(*first)["date"]
        return Finding(s.rule, s.rule_kind, s.task, s.unit, s.subject, Status.PASS,
                       "submitted.statement", detail, (first[1].id,))
    if as_of < due:
        return Finding(s.rule, s.rule_kind, s.task, s.unit, s.subject, Status.PENDING,
                       "submitted.pending", detail, (), due)
    return Finding(s.rule, s.rule_kind, s.task, s.unit, s.subject, Status.FAIL,
                   "submitted.none", detail, (), due)


def plan(ctx: PlanContext) -> None:
    """Per unit: one probe over its records of ``evidence`` in the year, one over its
    statements for this row; decided in Python from the two."""
    rule, plan_ = ctx.rule, ctx.plan
    assert isinstance(rule, SubmittedRule)
    label = kind_label(ctx.ruleset, rule.evidence)
    lo, hi = _span(ctx.ruleset, ctx.as_of)
    items = ctx.by_unit(rule.evidence)
    statements: dict[str, list[Dated]] = {}
    for d, r in ctx.records(rule.statement):
        if _statement_for(r, rule.none_topic):
            statements.setdefault(r.unit, []).append((d, r))
    for unit in ctx.units:
        key_items, key_none = (ctx.ri, "s", unit), (ctx.ri, "n", unit)
        for d, r in items.get(unit, []):
            plan_.item(key_items, d, r)
        for d, r in statements.get(unit, []):
            plan_.item(key_none, d, r)
        p_items = plan_.probe(key_items, lo, hi)
        p_none = plan_.probe(key_none, lo, hi)
        s = ctx.subject(unit, "unit")
        ctx.add(s, (p_items, p_none), _Decide(plan_, s, rule, ctx.ruleset, ctx.as_of, label,
                                              p_items, p_none))


class _Decide:
    __slots__ = ("as_of", "label", "p_items", "p_none", "plan", "rule", "ruleset", "s")

    def __init__(self, plan: Plan, s: Subject, rule: SubmittedRule, ruleset: Ruleset,
                 as_of: date, label: str, p_items: int, p_none: int) -> None:
        self.plan, self.s, self.rule, self.ruleset = plan, s, rule, ruleset
        self.as_of, self.label, self.p_items, self.p_none = as_of, label, p_items, p_none

    def __call__(self, m: Matches) -> Finding:
        return _decide(self.s, self.rule, self.ruleset, self.as_of, self.label,
                       self.plan.dated(m.get(self.p_items, ())),
                       self.plan.dated(m.get(self.p_none, ())))


def reference(ctx: ReferenceContext) -> list[Finding]:
    """Plainly: the unit's matching records in the year, else its statements for this row."""
    rule = ctx.rule
    assert isinstance(rule, SubmittedRule)
    lo, hi = _span(ctx.ruleset, ctx.as_of)
    items = [(d, r) for d, r in ctx.of(rule.evidence) if lo <= d <= hi]
    statements = [(d, r) for d, r in ctx.of(rule.statement, where=False)
                  if lo <= d <= hi and _statement_for(r, rule.none_topic)]
    return [_decide(ctx.subject("unit"), rule, ctx.ruleset, ctx.as_of,
                    kind_label(ctx.ruleset, rule.evidence), items, statements)]


def check(checker: RuleChecker, rule: Rule, m: Mapping[str, Node], path: str) -> None:
    assert isinstance(rule, SubmittedRule)
    for name in (rule.evidence, rule.statement):
        checker.need_date_field(checker.kinds[name], m, path)
    statement = checker.kinds[rule.statement]
    checker.expect_field(statement, "topic", None, m.get("statement"), f"{path}.statement")
    if not rule.none_topic.strip():
        checker.problem(m.get("none_topic"), f"{path}.none_topic",
                        "none_topic 须写明本项书面说明的事项（每行一个，不用笼统的总说明）")


def can_fail(rule: Rule, task: Task, ruleset: Ruleset) -> bool:
    """A unit with no record and no statement by the due date fails it."""
    return True


DOC = """\
#### submitted —— 已提交证据

逐事件判断的行（timely、accompanied、responded）在单位什么也没登记时给“不适用”，于是一个
什么证据都没交的单位看起来和“没有事可做”一样。`submitted` 为这样的行补一条：单位在规则集年度内
至少有一条 `evidence`（满足 `where`），或者签署了**针对本行**的书面说明（证据类型 `statement`，
默认 `attestation`，其 `topic` 与 `none_topic` 完全相同），说明年内没有此类事项。一份笼统地
覆盖所有行的说明不算。对象：单位。

- 年内有记录 → pass；没有记录但有本行的书面说明 → pass（写明签署日期）；
- 都没有：`due`（默认年度最后一天）之前 → pending，之后 → fail，理由以“未提交证据”开头。

```yaml
- id: t06-submitted
  kind: submitted
  evidence: info_event
  where: {topic: {in: [重大建设项目批准, 重大建设项目实施]}}
  none_topic: 第6行：2019年无重大建设项目批准和实施信息
```
"""

KIND = RuleKind(name="submitted", params=SubmittedRule, label="已提交证据",
                label_en="evidence submitted", plan=plan, reference=reference,
                templates=TEMPLATES, check=check, can_fail=can_fail, doc=DOC)
