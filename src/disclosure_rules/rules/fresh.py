"""fresh — the newest record of ``evidence`` is at most ``max_age_days`` old at ``as_of``
(``age``), or no stretch of the year without records is longer (``gap``)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import ClassVar

from attrs import frozen
from yaml.nodes import Node

from ..engine.intermediate import Decide, Matches, Plan, PlanContext, by_unit, fixed
from ..engine.reference import ReferenceContext
from ..engine.semantics import (
    UNDATED,
    days_threshold,
    kind_label,
    months_threshold,
    year_span,
)
from ..engine.verdicts import (
    Dated,
    Gap,
    Subject,
    by_day,
    checkpoints,
    fresh_age,
    fresh_age_months,
    fresh_gap,
    gap_limit,
    gaps_of,
    none_to_check,
)
from ..errors import EngineError
from ..results.findings import Finding
from ..ruleset.kinds import RuleChecker, RuleKind
from ..ruleset.model import Rule, Ruleset, Task
from .counting import ITEMS_NONE


@frozen(kw_only=True)
class FreshRule(Rule):
    """The newest record of ``evidence`` is at most ``max_age_days`` calendar days old at
    ``as_of`` (measure ``age``), or no gap between consecutive records in the year exceeds it
    (measure ``gap``).  ``group_by`` checks each value of a field separately (e.g. each column)."""

    kind: ClassVar[str] = "fresh"
    evidence: str
    max_age_days: int = 14
    #: the limit in calendar months instead of days (民法总则/民法典第二百零二条), measure age
    max_age_months: int | None = None
    measure: str = "age"
    group_by: str | None = None

    def evidence_kinds(self) -> tuple[str, ...]:
        return (self.evidence,)


TEMPLATES: dict[str, tuple[str, str]] = {
    "fresh.none": (
        "截至 {as_of} 没有符合本规则条件的{label}（其他栏目或类别的记录不计），无法证明已更新"
        "（最长 {max_age_days} 天）。",
        "No {label} matching this rule by {as_of} (records of other columns or types do not "
        "count; max age {max_age_days} days)."),
    "fresh.ok": (
        "最近一次{label}为{newest}，距 {as_of} {age_days} 天，未超过 {max_age_days} 天。",
        "Newest {label} {newest}, {age_days} days before {as_of} (max {max_age_days})."),
    "fresh.ok_moved": (
        "最近一次{label}为{newest}，距 {as_of} {age_days} 天；{max_age_days} 天期满日为 {until}，"
        "检查日未超过。",
        "Newest {label} {newest}, {age_days} days before {as_of}; {max_age_days} days run to "
        "{until}, {as_of} is within."),
    "fresh.stale": (
        "超期未更新：最近一次{label}为{newest}，距 {as_of} 已 {age_days} 天，"
        "超过 {max_age_days} 天。",
        "Stale: newest {label} {newest}, {age_days} days before {as_of}, more than "
        "{max_age_days}."),
    "gap.ok": (
        "{span_start} 至 {span_end} 期间{label}间隔均不超过 {max_gap_days} 天，"
        "最近一次为{newest}。",
        "No gap in {label} over {max_gap_days} days from {span_start} to {span_end}; "
        "newest {newest}."),
    "gap.exceeded": (
        "更新间隔过长：{gap_start} 至 {gap_end} 之间 {gap_days} 天没有{label}，"
        "超过 {max_gap_days} 天（共 {gaps} 处）。",
        "Gap too long: no {label} for {gap_days} days from {gap_start} to {gap_end} "
        "(max {max_gap_days}; {gaps} gap(s))."),
    "fresh.months_none": (
        "截至 {as_of} 没有符合本规则条件的{label}（其他栏目或类别的记录不计），无法证明已更新"
        "（最长 {max_age_months} 个月）。",
        "No {label} matching this rule by {as_of} (records of other columns or types do not "
        "count; max age {max_age_months} months)."),
    "fresh.months_ok": (
        "最近一次{label}为{newest}，{max_age_months} 个月期满日为 {until}，检查日 {as_of} "
        "未超过。",
        "Newest {label} {newest}; {max_age_months} months run to {until}, {as_of} is within."),
    "fresh.months_stale": (
        "超期未更新：最近一次{label}为{newest}，{max_age_months} 个月已于 {until} 届满，"
        "检查日为 {as_of}。",
        "Stale: newest {label} {newest}; {max_age_months} months ended {until}, "
        "checked {as_of}."),
    **ITEMS_NONE,
}


#: the codes of a fresh (age) finding that passes
FRESH_CODES = ("fresh.ok", "fresh.ok_moved", "fresh.months_ok")


def _groups(rule: FreshRule, records: list[Dated]) -> dict[str, list[Dated]]:
    """A unit's records by the value of ``group_by`` (``group:<value>``), or all as ``unit``;
    a unit with none has the one empty group ``unit``."""
    groups: dict[str, list[Dated]] = {}
    for d, r in records:
        if rule.group_by is None:
            groups.setdefault("unit", []).append((d, r))
        else:
            value = r.fields.get(rule.group_by)
            if value is not None:
                groups.setdefault(f"group:{value}", []).append((d, r))
    if not groups:
        groups["unit"] = []
    return groups


def plan(ctx: PlanContext) -> None:
    """age — a probe over the last ``max_age_days`` days (and one over everything, for the
    newest record named in the reason); gap — after each checkpoint (the start of the year and
    every record day) a probe over the next ``max_age_days`` days, keyed to that checkpoint
    alone and joined with the one item that can close its stretch, the next record day (linear
    in the record days: a probe keyed to the whole group met every record day of it); an
    unmatched probe is a gap, and the stretch after the last record day is one without a join
    when it exceeds the limit."""
    rule, plan_, ri, as_of = ctx.rule, ctx.plan, ctx.ri, ctx.as_of
    assert isinstance(rule, FreshRule)
    label = kind_label(ctx.ruleset, rule.evidence)
    dated = [(d, r) for d, r in ctx.records(rule.evidence) if d != UNDATED]
    mine = by_unit(dated, rule)
    hi = as_of.toordinal()
    n_days = rule.max_age_days
    span = year_span(ctx.ruleset, as_of)
    for unit in ctx.units:
        groups = _groups(rule, mine.get(unit, []))
        for name in sorted(groups):
            key = (ri, "f", unit, name)
            for d, r in groups[name]:
                plan_.item(key, d, r)
            s = ctx.subject(unit, name)
            if rule.measure != "gap":
                months = rule.max_age_months
                lo = (days_threshold(as_of, n_days, ctx.ruleset) if months is None else
                      months_threshold(as_of, months, ctx.ruleset))
                recent = plan_.probe(key, lo, hi)
                every = plan_.probe(key, UNDATED + 1, hi)
                ctx.add(s, (recent, every), _age(plan_, s, recent, every, n_days, months, as_of,
                                                 label, ctx.ruleset))
                continue
            if span is None:
                ctx.add(s, (), fixed(none_to_check(s, label)))
                continue
            start, end = span[0].toordinal(), span[1].toordinal()
            checks: list[tuple[int | None, Gap]] = []
            points = checkpoints(groups[name], span)
            for i, (c, rc) in enumerate(points):
                reach = gap_limit(ctx.ruleset, c, n_days)
                if reach >= end:
                    break  # points ascend: no stretch from here on can exceed the limit
                if i + 1 == len(points):  # no record after c: a gap up to as_of, no join
                    checks.append((None, Gap(c, end, rc, None)))
                    continue
                # the one record that can close the stretch from c is the next record day:
                # a key of its own per checkpoint, so each probe joins at most one item and
                # the pairs grow with the record days, not with their square
                nd, nr = points[i + 1]
                assert nr is not None  # only the first point can lack a record
                plan_.item((ri, "f", unit, name, i), nd, nr)
                pid = plan_.probe((ri, "f", unit, name, i), c + 1, reach)
                checks.append((pid, Gap(c, nd, rc, nr)))
            every = plan_.probe(key, start, end)
            probes = (*(p for p, _ in checks if p is not None), every)
            ctx.add(s, probes, _gap(plan_, s, checks, every, n_days, span, label, ctx.ruleset))


def _newest(plan: Plan, iids: Iterable[int]) -> Dated | None:
    got = plan.dated(iids)
    return max(got, key=by_day) if got else None


def _age(plan: Plan, s: Subject, recent: int, every: int, n_days: int, months: int | None,
         as_of: date, label: str, ruleset: Ruleset) -> Decide:
    def decide(m: Matches) -> Finding:
        newest = _newest(plan, m.get(every, ()))
        if months is None:
            finding = fresh_age(s, newest, n_days, as_of, label, ruleset)
        else:
            finding = fresh_age_months(s, newest, months, as_of, label, ruleset)
        if bool(m.get(recent)) != (finding.code in FRESH_CODES):
            raise EngineError(f"引擎结果自相矛盾：{s} 的近期记录匹配与最新记录日期不一致")
        return finding

    return decide


def _gap(plan: Plan, s: Subject, checks: list[tuple[int | None, Gap]], every: int,
         n_days: int, span: tuple[date, date], label: str, ruleset: Ruleset) -> Decide:
    def decide(m: Matches) -> Finding:
        gaps = []
        for pid, gap in checks:
            got = m.get(pid, ()) if pid is not None else ()
            closed = gap.end <= gap_limit(ruleset, gap.start, n_days)
            if len(got) > 1 or (pid is not None and bool(got) != closed):
                start = date.fromordinal(gap.start).isoformat()
                raise EngineError(f"引擎结果自相矛盾：{s} 自 {start} 起的间隔与匹配结果不一致")
            if not got:
                gaps.append(gap)
        return fresh_gap(s, gaps, _newest(plan, m.get(every, ())), n_days, span, label)

    return decide


def reference(ctx: ReferenceContext) -> list[Finding]:
    rule = ctx.rule
    assert isinstance(rule, FreshRule)
    mine = [(d, r) for d, r in ctx.of(rule.evidence) if d > 0]
    label = kind_label(ctx.ruleset, rule.evidence)
    groups = _groups(rule, mine)
    out = []
    for name in sorted(groups):
        group = groups[name]
        newest = max(group, key=by_day) if group else None
        if rule.measure == "gap":
            span = year_span(ctx.ruleset, ctx.as_of)
            if span is None:
                out.append(none_to_check(ctx.subject(name), label))
                continue
            gaps = gaps_of(group, span, rule.max_age_days, ctx.ruleset)
            first, last = span[0].toordinal(), span[1].toordinal()
            in_span = [g for g in group if first <= g[0] <= last]
            newest = max(in_span, key=by_day) if in_span else None
            out.append(fresh_gap(ctx.subject(name), gaps, newest, rule.max_age_days, span,
                                 label))
        elif rule.max_age_months is not None:
            # plainly: stale once as_of is past the end of the months counted from the newest
            out.append(fresh_age_months(ctx.subject(name), newest, rule.max_age_months,
                                        ctx.as_of, label, ctx.ruleset))
        else:
            out.append(fresh_age(ctx.subject(name), newest, rule.max_age_days, ctx.as_of, label,
                                 ctx.ruleset))
    return out


def check(checker: RuleChecker, rule: Rule, m: Mapping[str, Node], path: str) -> None:
    assert isinstance(rule, FreshRule)
    primary = checker.kinds[rule.evidence]
    checker.need_date_field(primary, m, path)
    if rule.measure not in ("age", "gap"):
        checker.problem(m.get("measure"), f"{path}.measure", "measure 只能是 age 或 gap")
    if rule.group_by is not None:
        checker.expect_field(primary, rule.group_by, None, m.get("group_by"), f"{path}.group_by")
    if rule.max_age_months is not None:
        if "max_age_days" in m:
            checker.problem(m.get("max_age_months"), f"{path}.max_age_months",
                            "max_age_days 与 max_age_months 只能写一个",
                            "“6个月”写 max_age_months: 6，“两周”写 max_age_days: 14")
        if rule.measure != "age":
            checker.problem(m.get("max_age_months"), f"{path}.max_age_months",
                            "max_age_months 只用于 measure: age")


def can_fail(rule: Rule, task: Task, ruleset: Ruleset) -> bool:
    """No recent record (or a long stretch without one) fails."""
    return True


DOC = """\
#### fresh —— 更新及时

- `measure: age`（默认）：最新一条记录距检查日不超过 `max_age_days` 个**自然日** → pass，否则 fail；
  没有任何记录 → fail。
- `measure: gap`：年内（截至检查日）从 1 月 1 日到第一条记录、相邻两条记录之间、以及最后一条与检查日
  之间，都不超过 `max_age_days` 天 → pass；任何一段超过 → fail（写明最长的一段）。
  用于“全年任何时候抽查都不能不更新”。上一年的记录不计入。
- `max_age_months`（代替 `max_age_days`，只用于 `measure: age`）：期限按**日历月**计算，
  不按 30 天或 180 天折算。依《民法总则》第二百零一条、第二百零二条（2021 年起为《民法典》
  同条）：开始的当日不计入，期间的最后一日是到期月的对应日，没有对应日的为月末日。最近一次
  更新为 U 时，检查日不晚于“U 加 N 个月的对应日”→ pass，否则 fail。例：U = 2019-01-01，
  6 个月到 2019-07-01 届满（181 天），当日检查仍为 pass；U = 2019-08-31，6 个月到
  2020-02-29 届满。
- `group_by`：按该字段的每个取值分别判断（如每个栏目、每个新媒体账号），每个取值一条结论。

```yaml
- id: t22-notice-policy-columns
  kind: fresh
  evidence: site_update
  where: {column_type: {in: [通知公告, 政策文件]}}
  max_age_months: 6
  measure: age
  group_by: column
```
"""

KIND = RuleKind(name="fresh", params=FreshRule, label="及时更新", label_en="kept up to date",
                plan=plan, reference=reference, templates=TEMPLATES, check=check,
                can_fail=can_fail, doc=DOC)
