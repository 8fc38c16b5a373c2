"""What present, updated_after and attested share: at least N records of a unit by its due
date, or in every period of a continuous deadline (the plan, the plain reference and the
reason templates of ``count.*`` and ``period.*``)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from ..engine.intermediate import Decide, Matches, Plan, PlanContext, fixed
from ..engine.reference import ReferenceContext
from ..engine.semantics import UNDATED, UnitDue, kind_label, periods, placed, unit_due
from ..engine.verdicts import Subject, count_by_due, count_in_period, none_to_check
from ..evidence.records import Evidence
from ..results.findings import Finding

Keep = Callable[[Evidence], bool]

#: A per-item or per-period rule whose unit has nothing to check by ``as_of``.
ITEMS_NONE: dict[str, tuple[str, str]] = {
    "items.none": (
        "截至 {as_of} 本单位没有登记符合本规则条件的{label}，没有需要逐条检查的事项，本项不适用。",
        "The unit logged no {label} matching this rule by {as_of}: nothing to check item by "
        "item; not applicable."),
}

TEMPLATES: dict[str, tuple[str, str]] = {
    "count.met": (
        "已有{label} {count} 条（至少需 {min} 条）{first}{by_due}；完成时间：{deadline}。",
        "{count} record(s) of {label} (at least {min} needed){first}{by_due}; "
        "deadline: {deadline}."),
    "count.pending": (
        "截至 {as_of} 有{label} {count} 条，尚缺 {short} 条；时限 {due}（{deadline}）尚未到期。",
        "{count} of {min} record(s) of {label} by {as_of}; due {due} ({deadline}), "
        "not yet due."),
    "count.external": (
        "截至 {as_of} 有{label} {count} 条，尚缺 {short} 条；完成时间由{who}另行确定"
        "（{deadline}），日期未定，暂不判定。",
        "{count} of {min} record(s) of {label} by {as_of}; the date is set by {who} "
        "({deadline}) and not set yet."),
    "count.late": (
        "逾期：{label}时限为 {due}（{deadline}），时限内仅 {on_time} 条（需 {min} 条），"
        "{late}晚于时限。",
        "Late: {label} was due {due} ({deadline}); only {on_time} of {min} by then, "
        "{late} came after the limit."),
    "count.missing": (
        "缺少{label}：时限 {due}（{deadline}）前应至少有 {min} 条，截至 {as_of} 只有 {count} 条。",
        "Missing {label}: at least {min} needed by {due} ({deadline}), {count} by {as_of}."),
    "period.met": (
        "{period} 期间有{label} {count} 条{first}；完成时间：{deadline}。",
        "{count} record(s) of {label} from {period}{first}."),
    "period.pending": (
        "{period} 期间尚无{label}（需 {min} 条），本期尚未结束。",
        "No {label} yet from {period}; the period has not ended."),
    "period.missing": (
        "缺少{label}：{period} 期间应至少有 {min} 条，实际 {count} 条；完成时间：{deadline}。",
        "Missing {label}: at least {min} needed from {period}, found {count}."),
    **ITEMS_NONE,
}


def _always(record: Evidence) -> bool:
    return True


def plan_count(ctx: PlanContext, evidence: str, *, keep: Keep = _always, lo: int = UNDATED,
               min_count: int = 1, extra: dict[str, Any] | None = None,
               periodic: bool = True, date_field: str | None = None) -> None:
    """Each unit's records of ``evidence`` (matching ``where`` and ``keep``) dated from ``lo``
    to ``as_of``: one probe per unit (or per period of a continuous deadline).  ``date_field``
    places the records by that field instead of the kind's date."""
    plan, ruleset, ri, as_of = ctx.plan, ctx.ruleset, ctx.ri, ctx.as_of
    label = kind_label(ruleset, evidence)
    mine = ctx.by_unit(evidence)
    due = unit_due(ctx.task, ctx.rule, as_of, periodic=periodic, ruleset=ruleset)
    hi = as_of.toordinal()
    for unit in ctx.units:
        key = (ri, "u", unit)
        counted = [(d, r) for d, r in placed(mine.get(unit, []), date_field, as_of)
                   if keep(r) and d >= lo]
        if due.mode == "periods":
            spans = periods(due.period, ruleset.year, as_of)
            if not spans:
                s = ctx.subject(unit, "unit")
                ctx.add(s, (), fixed(none_to_check(s, label)))
            # items keyed by their period, so each record joins one probe only
            bounds = [(start.toordinal(), end.toordinal(), name) for name, start, end in spans]
            for d, r in counted:
                for lo_, hi_, name in bounds:
                    if lo_ <= d <= hi_:
                        plan.item((ri, "u", unit, name), d, r)
            for name, start, end in spans:
                pid = plan.probe((ri, "u", unit, name), start.toordinal(),
                                 min(end, as_of).toordinal())
                s = ctx.subject(unit, f"period:{name}")
                ctx.add(s, (pid,), _period(plan, s, pid, start, end, min_count, as_of, label,
                                           due.phrase))
            continue
        for d, r in counted:
            plan.item(key, d, r)
        pid = plan.probe(key, lo, hi)
        s = ctx.subject(unit, "unit")
        ctx.add(s, (pid,), _count(plan, s, pid, due, min_count, as_of, label, extra or {}))


def _count(plan: Plan, s: Subject, pid: int, due: UnitDue, min_count: int, as_of: date,
           label: str, extra: dict[str, Any]) -> Decide:
    def decide(m: Matches) -> Finding:
        return count_by_due(s, due, plan.dated(m.get(pid, ())), min_count, as_of, label, extra)

    return decide


def _period(plan: Plan, s: Subject, pid: int, start: date, end: date, min_count: int,
            as_of: date, label: str, phrase: str) -> Decide:
    def decide(m: Matches) -> Finding:
        return count_in_period(s, start, end, plan.dated(m.get(pid, ())), min_count, as_of,
                               label, phrase)

    return decide


def reference_count(ctx: ReferenceContext, evidence: str, *, keep: Keep = _always,
                    lo: int = UNDATED, min_count: int = 1, extra: dict[str, Any] | None = None,
                    periodic: bool = True, date_field: str | None = None) -> list[Finding]:
    """The unit's records of ``evidence`` matching ``where`` and ``keep``, dated (by
    ``date_field`` when given, which must then be present and not after ``as_of``) on or after
    ``lo``, counted by the due date or in every period."""
    mine = []
    for d, r in ctx.of(evidence):
        if date_field is not None:
            own = r.date(date_field)
            if own is None or own > ctx.as_of:
                continue
            d = own.toordinal()
        if keep(r) and d >= lo:
            mine.append((d, r))
    label = kind_label(ctx.ruleset, evidence)
    due = unit_due(ctx.task, ctx.rule, ctx.as_of, periodic=periodic,
                   ruleset=ctx.ruleset)
    if due.mode == "periods":
        out = []
        for name, start, end in periods(due.period, ctx.ruleset.year, ctx.as_of):
            inside = [(d, r) for d, r in mine
                      if start.toordinal() <= d <= min(end, ctx.as_of).toordinal()]
            out.append(count_in_period(ctx.subject(f"period:{name}"), start, end, inside,
                                       min_count, ctx.as_of, label, due.phrase))
        if not out:
            return [none_to_check(ctx.subject("unit"), label)]
        return out
    return [count_by_due(ctx.subject("unit"), due, mine, min_count, ctx.as_of, label, extra)]
