"""From the records a subject matched to its verdict: status, code, detail, evidence, due.

Both evaluators call these functions with the records they matched (the reference by plain
loops, the engine from durable-rules' joins), so a difference between them is a difference in
matching, never in deciding.  The functions return findings without a reason; :mod:`reasons`
renders it from ``code`` and ``detail``.  Every ``detail`` value is JSON-ready.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from functools import lru_cache
from typing import Any

from attrs import frozen

from ..evidence.records import Evidence
from ..results.findings import Finding, Status
from ..ruleset.deadlines import PeriodEnd
from ..ruleset.model import Ruleset
from .semantics import UNDATED, UnitDue, add_months, day_limit

#: At most this many evidence ids are listed on one finding (the detail keeps the counts).
MAX_LISTED = 20

Dated = tuple[int, Evidence]  # (day ordinal or UNDATED, record)


def by_day(item: Dated) -> tuple[int, str, str]:
    """The order of dated records: day, then id (the label findings show), then the full hash,
    so records whose short ids collide are still ordered the same way on every backend."""
    return item[0], item[1].id, item[1].sha256


@frozen
class Subject:
    """What a finding is about, before the verdict."""

    rule: str
    rule_kind: str
    task: int
    unit: str
    subject: str


def _iso(day: int | None) -> str | None:
    if day is None or day == UNDATED:
        return None
    return _day_text(day)


@lru_cache(maxsize=8192)
def _day_text(day: int) -> str:
    """``YYYY-MM-DD`` of a day ordinal, one shared string per day: findings name the same few
    hundred days over and over, and a fresh string each time was ~8 % of a finding's memory."""
    return date.fromordinal(day).isoformat()


def _text(d: date) -> str:
    return _day_text(d.toordinal())


def describe(day: int | None, record: Evidence) -> dict[str, Any]:
    """A record as findings name it: id, key (文号/URL/row), title and date."""
    return {"id": record.id, "key": record.key, "title": record.title, "date": _iso(day)}


def _ordered(records: Sequence[Dated]) -> list[Dated]:
    return sorted(records, key=by_day)


def _ids(records: Sequence[Dated]) -> tuple[str, ...]:
    return tuple(r.id for _, r in _ordered(records)[:MAX_LISTED])


def _finding(s: Subject, status: Status, code: str, detail: dict[str, Any],
             evidence: tuple[str, ...] = (), due: date | None = None) -> Finding:
    return Finding(s.rule, s.rule_kind, s.task, s.unit, s.subject, status, code, detail,
                   evidence, due)


def count_by_due(s: Subject, due: UnitDue, records: Sequence[Dated], min_count: int,
                 as_of: date, label: str, extra: dict[str, Any] | None = None) -> Finding:
    """present / updated_after / attested: at least ``min_count`` records by the due date.

    ``records`` are the unit's matching records visible at ``as_of``.  date: on time → pass;
    not yet due → pending; late records only → fail (逾期); none → fail.  as_of (a timely
    deadline on a unit-level rule): records by ``as_of`` → pass, else fail.  external without a
    date: met → pass, else pending until the authority sets the date.
    """
    detail: dict[str, Any] = {"label": label, "min": min_count, "count": len(records),
                              "deadline": due.phrase, **(extra or {})}
    ordered = _ordered(records)
    if due.mode == "external":
        detail["authority"] = due.authority
        if len(ordered) >= min_count:
            detail["first"] = describe(*ordered[0]) if ordered else None
            return _finding(s, Status.PASS, "count.met", detail, _ids(ordered))
        return _finding(s, Status.PENDING, "count.external", detail, _ids(ordered))
    assert due.due is not None
    limit = due.due.toordinal()
    on_time = [r for r in ordered if r[0] <= limit]
    detail["due"] = due.due.isoformat()
    if due.moved_from is not None:
        detail["moved_from"] = due.moved_from.isoformat()
    if len(on_time) >= min_count:
        detail["first"] = describe(*on_time[0]) if on_time else None
        return _finding(s, Status.PASS, "count.met", detail, _ids(on_time), due.due)
    if as_of < due.due:
        return _finding(s, Status.PENDING, "count.pending", detail, _ids(ordered), due.due)
    if len(ordered) >= min_count:
        late = [r for r in ordered if r[0] > limit]
        detail["on_time"] = len(on_time)
        detail["late"] = [describe(*r) for r in late[:MAX_LISTED]]
        return _finding(s, Status.FAIL, "count.late", detail, _ids(ordered), due.due)
    return _finding(s, Status.FAIL, "count.missing", detail, _ids(ordered), due.due)


def count_in_period(s: Subject, start: date, end: date, records: Sequence[Dated],
                    min_count: int, as_of: date, label: str, phrase: str) -> Finding:
    """One period of a continuous deadline: records dated in [start, end]; a period that has
    not ended at ``as_of`` is pending until it shows evidence."""
    detail: dict[str, Any] = {"label": label, "min": min_count, "count": len(records),
                              "deadline": phrase, "period_start": _text(start),
                              "period_end": _text(end)}
    if len(records) >= min_count:
        detail["first"] = describe(*_ordered(records)[0]) if records else None
        return _finding(s, Status.PASS, "period.met", detail, _ids(records), end)
    if as_of < end:
        return _finding(s, Status.PENDING, "period.pending", detail, _ids(records), end)
    return _finding(s, Status.FAIL, "period.missing", detail, _ids(records), end)


def within_limit(s: Subject, item: Dated, start: date, limit: date,
                 candidates: Sequence[Dated], as_of: date, detail: dict[str, Any]) -> Finding:
    """accompanied / timely / responded: the item needs a candidate (companion, publication,
    reply) dated on or before ``limit``.  None on time and the limit not passed → pending; a
    late one → fail (逾期); none → fail."""
    detail = {**detail, "item": describe(*item), "start": _text(start), "limit": _text(limit)}
    ordered = _ordered(candidates)
    on_time = [c for c in ordered if c[0] <= limit.toordinal()]
    own = (item[1].id,)

    def ids(records: Sequence[Dated]) -> tuple[str, ...]:
        # a record that is its own publication or reply (a ledger row with both dates) is
        # listed once
        return own + tuple(i for i in _ids(records) if i != item[1].id)

    if on_time:
        detail["matched"] = describe(*on_time[0])
        return _finding(s, Status.PASS, "window.met", detail, ids(on_time), limit)
    if as_of < limit:
        return _finding(s, Status.PENDING, "window.pending", detail, own, limit)
    if ordered:
        detail["matched"] = describe(*ordered[0])
        return _finding(s, Status.FAIL, "window.late", detail, ids(ordered), limit)
    return _finding(s, Status.FAIL, "window.missing", detail, own, limit)


def item_undated(s: Subject, item: Evidence, field: str, label: str) -> Finding:
    """An item whose start date is missing: its window cannot be computed."""
    return _finding(s, Status.ERROR, "window.undated",
                    {"label": label, "field": field, "item": describe(None, item)}, (item.id,))


def none_to_check(s: Subject, label: str) -> Finding:
    """A per-item rule whose unit has no items by ``as_of``."""
    return _finding(s, Status.NOT_APPLICABLE, "items.none", {"label": label})


def share(s: Subject, records: Sequence[Dated], having: Sequence[bool], threshold: float,
          min_items: int, due: UnitDue, as_of: date, label: str, condition: str) -> Finding:
    """The share of records satisfying ``having`` reaches ``threshold``; below ``min_items``
    records the rule does not apply; below the threshold before a due date → pending."""
    pairs = sorted(zip(records, having, strict=True), key=lambda p: by_day(p[0]))
    n = len(pairs)
    k = sum(1 for _, h in pairs if h)
    detail: dict[str, Any] = {"label": label, "count": n, "matching": k, "threshold": threshold,
                              "min_items": min_items, "condition": condition,
                              "share": round(k / n, 6) if n else None}
    if n < max(min_items, 1):  # no records: nothing to take a share of
        return _finding(s, Status.NOT_APPLICABLE, "share.too_few", detail,
                        _ids([r for r, _ in pairs]))
    due_date = due.due if due.mode == "date" else None
    if due.moved_from is not None:
        detail.update(due=_text(due.due), moved_from=_text(due.moved_from))  # type: ignore[arg-type]
    if k / n >= threshold:
        return _finding(s, Status.PASS, "share.met", detail,
                        _ids([r for r, h in pairs if h]), due_date)
    missing = [r for r, h in pairs if not h]
    detail["lacking"] = [describe(*r) for r in missing[:MAX_LISTED]]
    if due_date is not None and as_of < due_date:
        return _finding(s, Status.PENDING, "share.pending", detail, _ids(missing), due_date)
    return _finding(s, Status.FAIL, "share.below", detail, _ids(missing), due_date)


def _moved(detail: dict[str, Any], key: str, end: PeriodEnd) -> None:
    """Name the last day under ``key``, and the day written when it moved off a rest day."""
    detail[key] = _text(end.day)
    if end.moved:
        detail["moved_from"] = _text(end.nominal)


def fresh_age(s: Subject, newest: Dated | None, max_age: int, as_of: date, label: str,
              ruleset: Ruleset) -> Finding:
    """The newest record is at most ``max_age`` calendar days old at ``as_of``: ``as_of`` is
    not after the last day of the ``max_age`` days after it (moved off a rest day as the rule
    set says; ``fresh.ok_moved`` when only the move keeps it fresh)."""
    detail: dict[str, Any] = {"label": label, "max_age_days": max_age,
                              "as_of": as_of.isoformat()}
    if newest is None:
        return _finding(s, Status.FAIL, "fresh.none", detail)
    age = as_of.toordinal() - newest[0]
    detail.update(newest=describe(*newest), age_days=age)
    end = ruleset.period_end(date.fromordinal(newest[0] + max_age))
    if end.moved:
        _moved(detail, "until", end)
    if as_of <= end.day:
        code = "fresh.ok" if age <= max_age else "fresh.ok_moved"
        return _finding(s, Status.PASS, code, detail, (newest[1].id,))
    return _finding(s, Status.FAIL, "fresh.stale", detail, (newest[1].id,))


def fresh_age_months(s: Subject, newest: Dated | None, months: int, as_of: date,
                     label: str, ruleset: Ruleset) -> Finding:
    """The newest record is at most ``months`` calendar months old at ``as_of``: ``as_of`` is
    not after the end of the months counted from the record's day (``semantics.add_months``),
    moved off a rest day as the rule set says."""
    detail: dict[str, Any] = {"label": label, "max_age_months": months,
                              "as_of": as_of.isoformat()}
    if newest is None:
        return _finding(s, Status.FAIL, "fresh.months_none", detail)
    end = ruleset.period_end(add_months(date.fromordinal(newest[0]), months))
    detail["newest"] = describe(*newest)
    _moved(detail, "until", end)
    if as_of <= end.day:
        return _finding(s, Status.PASS, "fresh.months_ok", detail, (newest[1].id,))
    return _finding(s, Status.FAIL, "fresh.months_stale", detail, (newest[1].id,))


@frozen
class Gap:
    """A stretch without records longer than allowed: from ``start`` (a record or the start of
    the year) to ``end`` (the next record or the end of the checked span)."""

    start: int
    end: int
    start_record: Evidence | None
    end_record: Evidence | None


def fresh_gap(s: Subject, gaps: Sequence[Gap], newest: Dated | None, max_gap: int,
              span: tuple[date, date], label: str) -> Finding:
    """No gap between consecutive records (counting from the start of the year and up to
    ``as_of``) exceeds ``max_gap`` days; the reason names the largest gap."""
    detail: dict[str, Any] = {"label": label, "max_gap_days": max_gap,
                              "span_start": span[0].isoformat(), "span_end": span[1].isoformat(),
                              "gaps": len(gaps)}
    if not gaps:
        detail["newest"] = describe(*newest) if newest else None
        return _finding(s, Status.PASS, "gap.ok", detail, (newest[1].id,) if newest else ())
    worst = max(gaps, key=lambda g: (g.end - g.start, -g.start))
    detail.update(gap_days=worst.end - worst.start, gap_start=_iso(worst.start),
                  gap_end=_iso(worst.end))
    ids = tuple(r.id for r in (worst.start_record, worst.end_record) if r is not None)
    return _finding(s, Status.FAIL, "gap.exceeded", detail, ids)


def checkpoints(records: Sequence[Dated], span: tuple[date, date]
                ) -> list[tuple[int, Evidence | None]]:
    """Where the stretches of a gap check begin: the first day of ``span`` and every distinct
    record day inside it, in order, each with the record that stands for it (the first by id;
    ``None`` for the first day of the span when no record falls on it)."""
    start, end = span[0].toordinal(), span[1].toordinal()
    reps: dict[int, Evidence] = {}
    for d, r in _ordered(records):
        if start <= d <= end:
            reps.setdefault(d, r)
    points: list[tuple[int, Evidence | None]] = [(start, reps.get(start))]
    points += [(d, r) for d, r in reps.items() if d != start]
    return points


def gap_limit(ruleset: Ruleset, start: int, max_gap: int) -> int:
    """The last day ordinal a stretch from ``start`` may reach: ``max_gap`` days on, moved off
    a rest day as the rule set says."""
    return day_limit(ruleset, start, max_gap).toordinal()


def gaps_of(records: Sequence[Dated], span: tuple[date, date], max_gap: int,
            ruleset: Ruleset) -> list[Gap]:
    """Gaps longer than ``max_gap`` days (``gap_limit``) between consecutive checkpoints and
    from the last one to the end of ``span`` (the oracle's direct computation; the engine
    derives the same from unmatched checkpoint probes)."""
    points = checkpoints(records, span)
    end = span[1].toordinal()
    gaps = []
    for (a, ra), (b, rb) in zip(points, [*points[1:], (end, None)], strict=True):
        if b > gap_limit(ruleset, a, max_gap):
            gaps.append(Gap(a, b, ra, rb))
    return gaps
