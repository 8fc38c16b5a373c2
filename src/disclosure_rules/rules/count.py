"""count — at least ``min_count`` and/or at most ``max_count`` records of ``evidence``
matching ``where`` in every period (``per``), or in all the records up to ``as_of``.

Conditions relative to ``as_of`` belong to the kind: ``older_than_days`` counts only records
dated more than that many days before ``as_of``, ``older_than_months`` only those more than that
many calendar months old (their months, counted as ``fresh``'s ``max_age_months`` counts them,
ended before ``as_of``); ``open_field`` counts only records whose date field is empty or later
than ``as_of`` (a message not yet answered at ``as_of``).  So “no message still unanswered three
months after it arrived” is ``max_count: 0``, ``open_field: replied``, ``older_than_months: 3``.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any, ClassVar

from attrs import frozen
from yaml.nodes import Node

from ..engine.intermediate import Matches, Plan, PlanContext, fixed
from ..engine.reference import ReferenceContext
from ..engine.semantics import (
    UNDATED,
    day_limit,
    days_threshold,
    kind_label,
    month_limit,
    months_threshold,
    periods,
)
from ..engine.verdicts import MAX_LISTED, Dated, Subject, by_day, describe, none_to_check
from ..evidence.records import Evidence
from ..results.findings import Finding, Status
from ..ruleset.kinds import RuleChecker, RuleKind
from ..ruleset.model import FieldType, Rule, Ruleset, Task
from .counting import ITEMS_NONE

PERIODS = ("week", "month", "quarter", "half_year", "year")


@frozen(kw_only=True)
class CountRule(Rule):
    """Between ``min_count`` and ``max_count`` records of ``evidence`` per period."""

    kind: ClassVar[str] = "count"
    evidence: str
    min_count: int | None = None
    max_count: int | None = None
    per: str | None = None
    older_than_days: int | None = None
    #: the age in calendar months instead of days (民法总则/民法典第二百零一条、第二百零二条)
    older_than_months: int | None = None
    open_field: str | None = None

    def evidence_kinds(self) -> tuple[str, ...]:
        return (self.evidence,)


TEMPLATES: dict[str, tuple[str, str]] = {
    "number.ok": (
        "{span}{which}{label} {count} 条{bounds}{first}。",
        "{count} {which}record(s) of {label}{span}{bounds}{first}."),
    "number.too_few": (
        "数量不足：{span}{which}{label} {count} 条，应至少 {min_count} 条。",
        "Too few: {count} {which}record(s) of {label}{span}, at least {min_count} needed."),
    "number.too_many": (
        "数量超标：{span}{which}{label} {count} 条，至多允许 {max_count} 条，如{over}。",
        "Too many: {count} {which}record(s) of {label}{span}, at most {max_count} allowed, "
        "e.g. {over}."),
    "number.pending": (
        "{span}{which}{label}目前 {count} 条{bounds}，本期尚未结束。",
        "{count} {which}record(s) of {label} so far{span}{bounds}; the period has not ended."),
    **ITEMS_NONE,
}


def fragments(d: Mapping[str, Any], zh: bool) -> dict[str, str]:
    """``span``, ``which``, ``bounds`` and ``over`` of the templates, in one language."""
    from ..engine.reasons import document

    out: dict[str, str] = {}
    if d.get("period_start"):
        out["span"] = (f"{d['period_start']} 至 {d['period_end']} 期间" if zh else
                       f" from {d['period_start']} to {d['period_end']}")
    else:
        out["span"] = ""
    which = []
    if d.get("open"):
        which.append("仍未办结的" if zh else "still open ")
    if d.get("older_than_days") is not None:
        n = d["older_than_days"]
        which.append(f"超过 {n} 天的" if zh else f"over {n} days old ")
    if d.get("older_than_months") is not None:
        n = d["older_than_months"]
        which.append(f"超过 {n} 个月的" if zh else f"over {n} months old ")
    out["which"] = "".join(which)
    low, high = d.get("min_count"), d.get("max_count")
    if low is not None and high is not None:
        out["bounds"] = f"（应为 {low} 至 {high} 条）" if zh else f" ({low} to {high} needed)"
    elif low is not None:
        out["bounds"] = f"（至少 {low} 条）" if zh else f" (at least {low} needed)"
    else:
        out["bounds"] = f"（至多 {high} 条）" if zh else f" (at most {high} allowed)"
    out["over"] = ("、" if zh else ", ").join(document(x, zh) for x in d.get("over", [])[:3])
    return out


def week_periods(year: int, as_of: date) -> list[tuple[str, date, date]]:
    """Weeks (Monday to Sunday) of ``year`` that have begun by ``as_of``, the first and last
    cut at the year's bounds: ``(label, first day, last day)``, labels ``2019-W01`` …"""
    first, last = date(year, 1, 1), date(year, 12, 31)
    start = first
    out = []
    n = 1
    while start <= last and start <= as_of:
        end = min(start + timedelta(days=6 - start.weekday()), last)
        out.append((f"{year}-W{n:02d}", start, end))
        start, n = end + timedelta(days=1), n + 1
    return out


def windows(rule: CountRule, ruleset: Ruleset, as_of: date) -> list[tuple[str, date, date]]:
    """The spans counted: every period of ``per`` begun by ``as_of``, or one span of every
    record up to ``as_of`` (subject ``unit``)."""
    if rule.per is None:
        return [("unit", date.min, as_of)]
    if rule.per == "week":
        spans = week_periods(ruleset.year, as_of)
    else:
        spans = periods(rule.per, ruleset.year, as_of)
    return [(f"period:{name}", start, end) for name, start, end in spans]


def counted(rule: CountRule, record: Evidence, as_of: date) -> bool:
    """``open_field``: the record counts while that date is empty or after ``as_of``."""
    if rule.open_field is None:
        return True
    closed = record.date(rule.open_field)
    return closed is None or closed > as_of


def old_enough(ruleset: Ruleset, rule: CountRule, day: int, as_of: date) -> bool:
    """Whether a record of day ordinal ``day`` is past its ``older_than_days`` or
    ``older_than_months`` at ``as_of``: the period of that many days or calendar months after
    it has ended (its last day moved off a rest day as the rule set says)."""
    if day == UNDATED:
        return True
    if rule.older_than_months is not None:
        return month_limit(ruleset, day, rule.older_than_months) < as_of
    if rule.older_than_days is not None:
        return day_limit(ruleset, day, rule.older_than_days) < as_of
    return True


def _limit(ruleset: Ruleset, rule: CountRule, as_of: date) -> int:
    """The last day ordinal a record may have to count: the day before the earliest one whose
    ``older_than_days`` / ``older_than_months`` have not ended at as_of."""
    if rule.older_than_months is not None:
        return months_threshold(as_of, rule.older_than_months, ruleset) - 1
    if rule.older_than_days is not None:
        return days_threshold(as_of, rule.older_than_days, ruleset) - 1
    return as_of.toordinal()


def verdict(s: Subject, rule: CountRule, start: date, end: date, records: list[Dated],
            as_of: date, label: str) -> Finding:
    """The records of one span against the bounds.  Too many is a fail at once; too few only
    once the span has ended (pending before); within the bounds a pass, or pending while a
    span with an upper bound has not ended (more may come)."""
    ordered = sorted(records, key=by_day)
    n = len(ordered)
    ended = end <= as_of
    detail: dict[str, Any] = {"label": label, "count": n, "min_count": rule.min_count,
                              "max_count": rule.max_count, "older_than_days": rule.older_than_days,
                              "open": rule.open_field is not None,
                              "first": describe(*ordered[0]) if ordered else None}
    if rule.older_than_months is not None:
        detail["older_than_months"] = rule.older_than_months
    if s.subject != "unit":
        detail.update(period_start=start.isoformat(), period_end=end.isoformat())
    ids = tuple(r.id for _, r in ordered[:MAX_LISTED])
    due = end if s.subject != "unit" else None
    if rule.max_count is not None and n > rule.max_count:
        detail["over"] = [describe(*x) for x in ordered[:MAX_LISTED]]
        return Finding(s.rule, s.rule_kind, s.task, s.unit, s.subject, Status.FAIL,
                       "number.too_many", detail, ids, due)
    if rule.min_count is not None and n < rule.min_count:
        status, code = (Status.FAIL, "number.too_few") if ended else (
            Status.PENDING, "number.pending")
        return Finding(s.rule, s.rule_kind, s.task, s.unit, s.subject, status, code, detail,
                       ids, due)
    if rule.max_count is not None and not ended:
        return Finding(s.rule, s.rule_kind, s.task, s.unit, s.subject, Status.PENDING,
                       "number.pending", detail, ids, due)
    return Finding(s.rule, s.rule_kind, s.task, s.unit, s.subject, Status.PASS, "number.ok",
                   detail, ids, due)


def plan(ctx: PlanContext) -> None:
    """The unit's counted records are items; each span is a probe over its days, cut at the
    ``older_than_days`` limit: the backend finds the records of each span."""
    rule, plan_, as_of = ctx.rule, ctx.plan, ctx.as_of
    assert isinstance(rule, CountRule)
    label = kind_label(ctx.ruleset, rule.evidence)
    mine = ctx.by_unit(rule.evidence)
    limit = _limit(ctx.ruleset, rule, as_of)
    spans = windows(rule, ctx.ruleset, as_of)
    for unit in ctx.units:
        if not spans:  # the rule set's year has not begun: no period to count yet
            s = ctx.subject(unit, "unit")
            ctx.add(s, (), fixed(none_to_check(s, label)))
            continue
        key = (ctx.ri, "n", unit)
        for d, r in mine.get(unit, []):
            if counted(rule, r, as_of):
                plan_.item(key, d, r)
        for subject, start, end in spans:
            lo = UNDATED if subject == "unit" else start.toordinal()
            pid = plan_.probe(key, lo, min(end.toordinal(), limit))
            s = ctx.subject(unit, subject)
            ctx.add(s, (pid,), _Span(plan_, s, pid, rule, start, end, as_of, label))


class _Span:
    __slots__ = ("as_of", "end", "label", "pid", "plan", "rule", "s", "start")

    def __init__(self, plan: Plan, s: Subject, pid: int, rule: CountRule, start: date,
                 end: date, as_of: date, label: str) -> None:
        self.plan, self.s, self.pid, self.rule = plan, s, pid, rule
        self.start, self.end, self.as_of, self.label = start, end, as_of, label

    def __call__(self, m: Matches) -> Finding:
        return verdict(self.s, self.rule, self.start, self.end,
                       self.plan.dated(m.get(self.pid, ())), self.as_of, self.label)


def reference(ctx: ReferenceContext) -> list[Finding]:
    """Plainly: for each span, the unit's records matching ``where``, still open at as_of
    (``open_field``), old enough (``older_than_days`` / ``older_than_months``, :func:`old_enough`)
    and dated inside the span."""
    rule, as_of = ctx.rule, ctx.as_of
    assert isinstance(rule, CountRule)
    label = kind_label(ctx.ruleset, rule.evidence)
    spans = windows(rule, ctx.ruleset, as_of)
    if not spans:
        return [none_to_check(ctx.subject("unit"), label)]
    out = []
    for subject, start, end in spans:
        inside = []
        for d, r in ctx.of(rule.evidence):
            if not counted(rule, r, as_of):
                continue
            if not old_enough(ctx.ruleset, rule, d, as_of):
                continue
            if subject != "unit" and not start.toordinal() <= d <= end.toordinal():
                continue
            if d > as_of.toordinal():
                continue
            inside.append((d, r))
        out.append(verdict(ctx.subject(subject), rule, start, end, inside, as_of, label))
    return out


def check(checker: RuleChecker, rule: Rule, m: Mapping[str, Node], path: str) -> None:
    assert isinstance(rule, CountRule)
    primary = checker.kinds[rule.evidence]
    if rule.min_count is None and rule.max_count is None:
        checker.problem(m.get("kind"), path, "count 规则须给出 min_count 或 max_count（或两者）")
    if (rule.min_count is not None and rule.max_count is not None
            and rule.min_count > rule.max_count):
        checker.problem(m.get("max_count"), f"{path}.max_count",
                        f"max_count（{rule.max_count}）小于 min_count（{rule.min_count}）")
    if rule.per is not None and rule.per not in PERIODS:
        checker.problem(m.get("per"), f"{path}.per", f"per 只能是 {'、'.join(PERIODS)}")
    if rule.per is not None or rule.older_than_days is not None \
            or rule.older_than_months is not None:
        checker.need_date_field(primary, m, path)
    if rule.older_than_months is not None and rule.older_than_days is not None:
        checker.problem(m.get("older_than_months"), f"{path}.older_than_months",
                        "older_than_days 与 older_than_months 只能写一个",
                        "“三个月”写 older_than_months: 3，“90天”写 older_than_days: 90")
    if rule.open_field is not None:
        checker.expect_field(primary, rule.open_field, FieldType.DATE, m.get("open_field"),
                             f"{path}.open_field")


def can_fail(rule: Rule, task: Task, ruleset: Ruleset) -> bool:
    """An upper bound can be exceeded; a lower bound of at least one can be missed."""
    assert isinstance(rule, CountRule)
    return rule.max_count is not None or (rule.min_count or 0) > 0


DOC = """\
#### count —— 数量

每个周期（`per`：`week`、`month`、`quarter`、`half_year`、`year`，按规则集年度；不写则为截至检查日的
全部记录）内，单位满足 `where` 的 `evidence` 记录至少 `min_count` 条、至多 `max_count` 条（可只写
其一）。对象：每个周期（不写 `per` 时为单位）。

- 超过 `max_count` → fail（列出记录）；
- 少于 `min_count`：周期已结束 → fail，未结束 → pending；
- 在范围内 → pass；有 `max_count` 而周期尚未结束 → pending（本期还可能增加）。
- 与检查日相关的条件属于规则本身：`older_than_days: N` 只计日期早于检查日 N 天以上的记录；
  `older_than_months: N`（代替 `older_than_days`）只计满 N 个**日历月**后检查日已经过了的记录，
  月的算法与 fresh 的 `max_age_months` 相同（《民法总则》第二百零一条、第二百零二条，2021 年起
  《民法典》同条：开始的当日不计入，到期月的对应日为最后一日，没有对应日的为月末日）——记录日期为
  D 时，检查日晚于“D 加 N 个月的对应日”才计入。例：2019-06-30 收到的留言，3 个月到 2019-09-30
  届满，2019-10-01 起算“超过 3 个月”；2019-11-30 收到的，到 2020-02-29 届满（按 92 天算则要到
  2020-03-02 才计入）；
  `open_field: 字段` 只计该日期字段为空或晚于检查日的记录（检查日时仍未办结，如尚未答复的留言）。
- 周（`week`）从周一到周日，年初和年末的周截在年度之内，依次编号 `2019-W01`……
- 有 `per` 而检查日在规则集年度开始之前 → not_applicable。

```yaml
- id: t22-new-media-weekly
  kind: count
  evidence: new_media_post
  per: week
  min_count: 1

- id: t22-messages-answered
  kind: count
  evidence: message
  open_field: replied
  older_than_months: 3
  max_count: 0
```
"""

KIND = RuleKind(name="count", params=CountRule, label="数量达标", label_en="count within bounds",
                plan=plan, reference=reference, templates=TEMPLATES, check=check,
                can_fail=can_fail, fragments=fragments, doc=DOC)
