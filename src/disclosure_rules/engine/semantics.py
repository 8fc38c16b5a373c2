"""Shared definitions of what the rules mean, used by both evaluators.

Only the small, directly testable pieces live here: which records are visible at ``as_of``,
what a ``where`` condition means, which due date a unit-level rule has, the periods of a
continuous deadline, and the working-day limit of one item.  Subject enumeration and matching
are written twice on purpose — plainly in :mod:`reference`, as facts and joins in
:mod:`intermediate` / :mod:`durable_backend` — and compared by the property tests.
"""

from __future__ import annotations

import calendar as _cal
from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

import attrs
from attrs import frozen

from ..evidence.records import Evidence
from ..ruleset.deadlines import ContinuousDeadline, ExternalDeadline, FixedDeadline, TimelyDeadline
from ..ruleset.model import Condition, EvidenceKind, Op, Rule, Ruleset, Task
from ..ruleset.workdays import WorkingCalendar

#: Day ordinal used for records of kinds without a date field (they count whenever they exist).
UNDATED = 0


def record_day(record: Evidence, kind: EvidenceKind) -> int | None:
    """Day ordinal of the record's placing date; UNDATED for undated kinds; None when a dated
    kind's record lacks its date (such a record is never visible)."""
    if kind.date_field is None:
        return UNDATED
    d = record.date(kind.date_field)
    return d.toordinal() if d is not None else None


def placed(records: list[tuple[int, Evidence]], date_field: str | None,
           as_of: date) -> list[tuple[int, Evidence]]:
    """The records re-placed by a rule's own ``date_field`` (e.g. ``reported`` rather than the
    kind's ``designated``): a record without that date, or with it after ``as_of``, does not
    count.  ``None`` keeps the kind's placing date."""
    if date_field is None:
        return records
    limit = as_of.toordinal()
    out = []
    for _, record in records:
        d = record.date(date_field)
        if d is not None and d.toordinal() <= limit:
            out.append((d.toordinal(), record))
    return out


def visible(record: Evidence, kind: EvidenceKind, as_of: date) -> bool:
    """Evidence dated after ``as_of`` is ignored; so is a dated kind's record without a date."""
    day = record_day(record, kind)
    return day is not None and day <= as_of.toordinal()


def visible_by_kind(ruleset: Ruleset, records: Iterable[Evidence],
                    as_of: date) -> dict[str, list[tuple[int, Evidence]]]:
    """The records visible at ``as_of`` (:func:`visible`; of a declared kind), as (day
    ordinal, record) by kind: what the plan and the out-of-scope check read.  The reference
    evaluator states the same on its own (it is the oracle)."""
    by_kind: dict[str, list[tuple[int, Evidence]]] = {}
    for record in records:
        kind = ruleset.kind_map.get(record.kind)
        if kind is None:
            continue
        day = record_day(record, kind)
        if day is not None and day <= as_of.toordinal():
            by_kind.setdefault(record.kind, []).append((day, record))
    return by_kind


def field_value(record: Evidence, name: str) -> Any:
    if name in record.fields:
        return record.fields[name]
    if name in ("title", "key", "unit", "kind"):
        return getattr(record, name)
    return None


def _comparable(left: Any, right: Any) -> tuple[Any, Any] | None:
    if isinstance(left, date) and isinstance(right, str):
        try:
            right = date.fromisoformat(right)
        except ValueError:
            return None
    if isinstance(left, bool) or isinstance(right, bool):
        return (left, right) if type(left) is type(right) else None
    if isinstance(left, (int, float)) and isinstance(right, (int, float)):
        return left, right
    if type(left) is type(right):
        return left, right
    return None


def condition_holds(record: Evidence, cond: Condition) -> bool:
    """``field op value``; a missing field satisfies only ``ne``/``not_in``/``exists: false``."""
    value = field_value(record, cond.field)
    op = cond.op
    if op is Op.EXISTS:
        want = True if cond.value is None else bool(cond.value)
        return (value is not None) == want
    if op is Op.EQ:
        pair = _comparable(value, cond.value)
        return pair is not None and pair[0] == pair[1]
    if op is Op.NE:
        pair = _comparable(value, cond.value)
        return pair is None or pair[0] != pair[1]
    if op in (Op.IN, Op.NOT_IN):
        choices = cond.value if isinstance(cond.value, (list, tuple, set, frozenset)) else [
            cond.value]
        inside = value is not None and value in choices
        return inside if op is Op.IN else not inside
    if op is Op.CONTAINS:
        if isinstance(value, str) and isinstance(cond.value, str):
            return cond.value in value
        return False
    pair = _comparable(value, cond.value)
    if pair is None or value is None:
        return False
    left, right = pair
    return {Op.GT: left > right, Op.GE: left >= right, Op.LT: left < right,
            Op.LE: left <= right}[op]


def all_hold(record: Evidence, conditions: tuple[Condition, ...]) -> bool:
    return all(condition_holds(record, c) for c in conditions)


def condition_text(conditions: tuple[Condition, ...], kind: EvidenceKind | None = None) -> str:
    """The conditions in the office's words, each field by its label in ``kind`` (a finding's
    ``detail["condition"]``): ``检查结果为链接失效``, ``状态码 ≥ 400``, ``形式为图片、音频或视频``,
    ``已填写判断依据``; several are joined by “且”."""
    labels = {spec.name: spec.label or spec.name for spec in kind.fields} if kind else {}
    return "且".join(_condition_words(c, labels.get(c.field, c.field)) for c in conditions)


def _value_words(value: Any, last: str) -> str:
    if isinstance(value, tuple | list | set | frozenset):
        items = [_value_words(v, last) for v in value]
        return items[0] if len(items) == 1 else "、".join(items[:-1]) + last + items[-1]
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _condition_words(cond: Condition, label: str) -> str:
    op, value = cond.op, cond.value
    if op is Op.EXISTS:
        return f"已填写{label}" if value else f"未填写{label}"
    if op is Op.EQ:
        return f"{label}为{_value_words(value, '或')}"
    if op is Op.NE:
        return f"{label}不为{_value_words(value, '或')}"
    if op is Op.IN:
        return f"{label}为{_value_words(value, '或')}"
    if op is Op.NOT_IN:
        return f"{label}不为{_value_words(value, '或')}"
    if op is Op.CONTAINS:
        return f"{label}含“{_value_words(value, '、')}”"
    symbol = {Op.GT: ">", Op.GE: "≥", Op.LT: "<", Op.LE: "≤"}[op]
    return f"{label} {symbol} {_value_words(value, '、')}"


def kind_label(ruleset: Ruleset, kind: str | None) -> str:
    """How findings name an evidence kind: its label, else its name."""
    k = ruleset.kind_map.get(kind or "")
    return (k.label or k.name) if k else str(kind)


@frozen
class UnitDue:
    """When a unit-level rule (present, updated_after, attested, share, …) is due.

    ``mode``: ``date`` (``due`` set), ``as_of`` (a timely deadline on a unit-level rule, or
    updated_after under a continuous one: evidence by the audit date), ``external`` (date not
    yet set by ``authority``), ``periods`` (continuous, every ``period``).
    """

    mode: str
    due: date | None = None
    authority: str = ""
    period: str = ""
    phrase: str = ""
    #: the day written, when ``due`` was moved off a rest day (``deadline_on_rest_day``)
    moved_from: date | None = None


def unit_due(task: Task, rule: Rule, as_of: date, *, periodic: bool = True,
             year: int | None = None, ruleset: Ruleset | None = None) -> UnitDue:
    """When ``rule`` is due for a unit.  ``periodic=False`` for a rule that happens once
    (updated_after, after its trigger): under a continuous deadline it is due by ``as_of``
    rather than in every period.  With ``year`` (the rule set's), an external deadline whose
    date the authority has not set falls back to the year's last day (the table counts toward
    that year's assessment), so a unit that never does it fails after the year; without it
    the rule stays pending.  With ``ruleset`` (its year is then ``year``), a due date that is a
    rest day moves as its ``deadline_on_rest_day`` says (:meth:`Ruleset.period_end`)."""
    if ruleset is not None:
        year = ruleset.year
    due = _unit_due(task, rule, as_of, periodic, year)
    if ruleset is None or due.mode != "date" or due.due is None:
        return due
    end = ruleset.period_end(due.due)
    return attrs.evolve(due, due=end.day, moved_from=end.nominal) if end.moved else due


def _unit_due(task: Task, rule: Rule, as_of: date, periodic: bool, year: int | None) -> UnitDue:
    if rule.due is not None:  # the rule's own date; the reason still quotes the table's words
        phrase = f"本条规则另定，表中完成时间为“{task.deadline.phrase}”"
        return UnitDue("date", rule.due, phrase=phrase)
    deadline = task.deadline
    if isinstance(deadline, FixedDeadline):
        return UnitDue("date", deadline.due, phrase=deadline.phrase)
    if isinstance(deadline, ExternalDeadline):
        if deadline.due is not None:
            return UnitDue("date", deadline.due, authority=deadline.authority,
                           phrase=deadline.phrase)
        if year is not None:
            fallback = f"{deadline.phrase}；{deadline.authority}未定日期，按年底 {year}-12-31 计"
            return UnitDue("date", date(year, 12, 31), authority=deadline.authority,
                           phrase=fallback)
        return UnitDue("external", None, authority=deadline.authority, phrase=deadline.phrase)
    if isinstance(deadline, ContinuousDeadline) and periodic:
        return UnitDue("periods", None, period=deadline.period, phrase=deadline.phrase)
    if isinstance(deadline, (ContinuousDeadline, TimelyDeadline)):
        # 及时公开 on a unit-level rule, and updated_after under 常态化 (it happens once, after
        # its trigger, not every period): evidence by the audit date
        return UnitDue("as_of", as_of, phrase=deadline.phrase)
    raise TypeError(f"unknown deadline {deadline!r}")  # pragma: no cover


_PERIOD_MONTHS = {"month": 1, "quarter": 3, "half_year": 6, "year": 12}


def period_label(period: str, start: date) -> str:
    if period == "month":
        return f"{start.year}-{start.month:02d}"
    if period == "quarter":
        return f"{start.year}-Q{(start.month - 1) // 3 + 1}"
    if period == "half_year":
        return f"{start.year}-H{1 if start.month <= 6 else 2}"
    return f"{start.year}"


def periods(period: str, year: int, as_of: date) -> list[tuple[str, date, date]]:
    """(label, first day, last day) of every period of ``year`` that has begun by ``as_of``."""
    months = _PERIOD_MONTHS[period]
    out = []
    for first_month in range(1, 13, months):
        start = date(year, first_month, 1)
        if start > as_of:
            break
        last_month = first_month + months - 1
        end = date(year, last_month, _cal.monthrange(year, last_month)[1])
        out.append((period_label(period, start), start, end))
    return out


def add_months(start: date, months: int) -> date:
    """The last day of a period of ``months`` calendar months counted from ``start``.

    民法总则第二百零一条 (民法典第二百零一条 from 2021): the day the period begins from is not
    counted; 第二百零二条 (民法典第二百零二条): a period in months ends on the corresponding
    day of the last month, or on that month's last day when it has no such day.  So six months
    from 2019-08-31 end on 2020-02-29, one month from 2019-01-31 on 2019-02-28.
    """
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    return date(year, month, min(start.day, _cal.monthrange(year, month)[1]))


def hours_limit(start: date, hours: int) -> date:
    """The last day of a limit of ``hours`` calendar hours from an event known only by its date.

    The evidence holds dates, not times: the event may have happened at any time of ``start``,
    so a reply is taken as within the limit when it is dated no later than the day on which
    ``hours`` after the event can still fall — the end of the ⌈hours / 24⌉-th calendar day after
    ``start`` (48 hours: two days after; 5 or 24 hours: the next day).  Rest days count: hours
    are calendar time, not working days.
    """
    return date.fromordinal(start.toordinal() + -(-hours // 24))


def item_limit(cal: WorkingCalendar, start: date, working_days: int, count_start: bool) -> date:
    """The last day on which an item started on ``start`` is still within its working days.

    The N-th working day counted from ``start`` (not counting ``start`` unless
    ``count_start``); a reply on the following weekend is late.
    """
    return cal.add_working_days(start, working_days, count_start=count_start)


def day_limit(ruleset: Ruleset, start: int, days: int) -> date:
    """The last day of a period of ``days`` calendar days after day ordinal ``start`` (the
    start day not counted), moved off a rest day as the rule set says."""
    return ruleset.period_end(date.fromordinal(start + days)).day


def month_limit(ruleset: Ruleset, start: int, months: int) -> date:
    """The last day of a period of ``months`` calendar months after day ordinal ``start``
    (:func:`add_months`), moved off a rest day as the rule set says."""
    return ruleset.period_end(add_months(date.fromordinal(start), months)).day


def months_threshold(as_of: date, months: int, ruleset: Ruleset) -> int:
    """The earliest day ordinal whose ``months`` calendar months (:func:`month_limit`) have
    not ended at ``as_of``: a record dated before it is more than ``months`` months old at
    ``as_of``.  The last day never decreases with the start, so the search from ``as_of`` −
    ``months`` takes a few steps."""
    index = as_of.month - 1 - months
    year, month = as_of.year + index // 12, index % 12 + 1
    day = date(year, month, min(as_of.day, _cal.monthrange(year, month)[1])).toordinal()
    return _first_unended(day, as_of, lambda d: month_limit(ruleset, d, months))


def days_threshold(as_of: date, n_days: int, ruleset: Ruleset) -> int:
    """The earliest day ordinal whose ``n_days`` days (:func:`day_limit`) have not ended at
    ``as_of``."""
    return _first_unended(as_of.toordinal() - n_days, as_of,
                          lambda d: day_limit(ruleset, d, n_days))


def _first_unended(day: int, as_of: date, last_day: Callable[[int], date]) -> int:
    """The earliest day ordinal whose ``last_day`` is not before ``as_of``, searched from
    ``day`` (``last_day`` never decreases)."""
    while last_day(day) < as_of:
        day += 1
    while day > 1 and last_day(day - 1) >= as_of:
        day -= 1
    return day


def year_span(ruleset: Ruleset, as_of: date) -> tuple[date, date] | None:
    """The part of the rule set's year up to ``as_of`` (gap checks of fresh rules)."""
    start = date(ruleset.year, 1, 1)
    if as_of < start:
        return None
    return start, min(as_of, date(ruleset.year, 12, 31))
