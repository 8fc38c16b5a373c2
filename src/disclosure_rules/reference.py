"""The reference evaluator: the rule semantics written as plain loops over the evidence.

This is the oracle.  It is deliberately direct — no partitions, no facts, no engine — and the
property tests demand that the durable-rules path (:mod:`engine`) gives exactly its findings.
It returns raw findings (no waivers, no collector errors, no reasons); :mod:`engine` applies
those to either evaluator's output in the same way.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from .evidence import Evidence
from .findings import Finding
from .model import (
    AccompaniedRule,
    AttestedRule,
    FreshRule,
    PresentRule,
    RespondedRule,
    Rule,
    Ruleset,
    ShareRule,
    Task,
    TimelyRule,
    UpdatedAfterRule,
)
from .semantics import (
    all_hold,
    attested_topic,
    condition_text,
    item_limit,
    kind_label,
    periods,
    received_by,
    record_day,
    share_window,
    unit_due,
    visible,
    year_span,
)
from .verdicts import (
    Dated,
    Subject,
    by_day,
    count_by_due,
    count_in_period,
    fresh_age,
    fresh_gap,
    gaps_of,
    item_undated,
    none_to_check,
    share,
    within_limit,
)


def evaluate_reference(ruleset: Ruleset, records: Iterable[Evidence], as_of: date,
                       rules: Iterable[str] | None = None) -> list[Finding]:
    """Raw findings of every rule × unit × subject (of all rules, or the rule ids given),
    straight from the definitions."""
    wanted = None if rules is None else set(rules)
    seen: set[str] = set()
    visible_records: list[Dated] = []
    for record in records:
        kind = ruleset.kind_map.get(record.kind)
        # identity is the full content hash: the short id is a label, and 48 bits collide
        if kind is None or record.sha256 in seen or not visible(record, kind, as_of):
            continue
        seen.add(record.sha256)
        day = record_day(record, kind)
        assert day is not None
        visible_records.append((day, record))
    out: list[Finding] = []
    for task, rule in ruleset.rules():
        if wanted is not None and rule.id not in wanted:
            continue
        for unit in task.units_for(rule):
            out.extend(_evaluate(ruleset, task, rule, unit, visible_records, as_of))
    return out


def _of(records: list[Dated], kind: str, unit: str | None, rule: Rule | None = None) -> list[Dated]:
    return [
        (d, r) for d, r in records
        if r.kind == kind and (unit is None or r.unit == unit)
        and (rule is None or all_hold(r, rule.where))
    ]


def _evaluate(ruleset: Ruleset, task: Task, rule: Rule, unit: str, records: list[Dated],
              as_of: date) -> list[Finding]:
    def subj(subject: str) -> Subject:
        return Subject(rule.id, rule.kind, task.number, unit, subject)

    cal = ruleset.calendar
    if isinstance(rule, (PresentRule, AttestedRule, UpdatedAfterRule)):
        mine = _of(records, rule.evidence, unit, rule)
        extra: dict[str, object] = {}
        min_count = getattr(rule, "min_count", 1)
        if isinstance(rule, AttestedRule):
            mine = [(d, r) for d, r in mine if attested_topic(r, rule.topic)]
            extra = {"topic": rule.topic, "why": rule.why}
        if isinstance(rule, UpdatedAfterRule):
            mine = [(d, r) for d, r in mine if d >= rule.trigger_date.toordinal()]
            extra = {"trigger": rule.trigger_date.isoformat(), "trigger_label": rule.trigger_label}
        label = kind_label(ruleset, rule.evidence)
        due = unit_due(task, rule, as_of)
        if due.mode == "periods":
            out = []
            for name, start, end in periods(due.period, ruleset.year, as_of):
                inside = [(d, r) for d, r in mine
                          if start.toordinal() <= d <= min(end, as_of).toordinal()]
                out.append(count_in_period(subj(f"period:{name}"), start, end, inside,
                                           min_count, as_of, label, due.phrase))
            if not out:
                return [none_to_check(subj("unit"), label)]
            return out
        return [count_by_due(subj("unit"), due, mine, min_count, as_of, label, extra)]

    if isinstance(rule, ShareRule):
        lo, hi = share_window(ruleset, rule, as_of)
        mine = [(d, r) for d, r in _of(records, rule.evidence, unit, rule) if lo <= d <= hi]
        due = unit_due(task, rule, as_of)
        having = [all_hold(r, rule.having) for _, r in mine]
        condition = condition_text(rule.having)
        return [share(subj("unit"), mine, having, rule.threshold, rule.min_items, due, as_of,
                      kind_label(ruleset, rule.evidence), condition)]

    if isinstance(rule, AccompaniedRule):
        items = _of(records, rule.evidence, unit, rule)
        label = kind_label(ruleset, rule.evidence)
        if not items:
            return [none_to_check(subj("unit"), label)]
        companions = _of(records, rule.companion, None)
        detail = {"label": label, "companion": kind_label(ruleset, rule.companion),
                  "within": rule.within}
        out = []
        for day, item in items:
            start = date.fromordinal(day)
            limit = item_limit(cal, start, rule.within, rule.count_start)
            matched = [(d, c) for d, c in companions if c.fields.get(rule.link) == item.key]
            out.append(within_limit(subj(f"item:{item.key}"), (day, item), start, limit,
                                    matched, as_of, detail))
        return out

    if isinstance(rule, TimelyRule):
        items = _of(records, rule.event, unit, rule)
        label = kind_label(ruleset, rule.event)
        if not items:
            return [none_to_check(subj("unit"), label)]
        pub_label = kind_label(ruleset, rule.publication) if rule.publication else label
        detail = {"label": label, "publication": pub_label, "within": rule.within}
        pubs = _of(records, rule.publication, unit) if rule.publication else []
        out = []
        for day, item in items:
            start = date.fromordinal(day)
            limit = item_limit(cal, start, rule.within, rule.count_start)
            if rule.publication is None:
                published = item.date(rule.published_field)
                matched = [] if published is None or published > as_of else [
                    (published.toordinal(), item)]
            else:
                matched = [(d, p) for d, p in pubs
                           if (p.fields.get(rule.link) if rule.link else p.key) == item.key]
            out.append(within_limit(subj(f"item:{item.key}"), (day, item), start, limit,
                                    matched, as_of, detail))
        return out

    if isinstance(rule, RespondedRule):
        items = [(d, r) for d, r in _of(records, rule.evidence, unit, rule)
                 if received_by(r, rule, as_of)]
        label = kind_label(ruleset, rule.evidence)
        if not items:
            return [none_to_check(subj("unit"), label)]
        out = []
        for _day, item in items:
            s = subj(f"item:{item.key}")
            received = item.date(rule.received_field)
            if received is None:
                out.append(item_undated(s, item, rule.received_field, label))
                continue
            extended = bool(rule.extension_field and item.fields.get(rule.extension_field) is True)
            days = rule.within + (rule.extension_days if extended else 0)
            limit = item_limit(cal, received, days, rule.count_start)
            replied = item.date(rule.replied_field)
            matched = [] if replied is None or replied > as_of else [(replied.toordinal(), item)]
            detail = {"label": label, "within": rule.within, "extended": extended,
                      "extension_days": rule.extension_days if extended else 0}
            out.append(within_limit(s, (received.toordinal(), item), received, limit, matched,
                                    as_of, detail))
        return out

    if isinstance(rule, FreshRule):
        mine = [(d, r) for d, r in _of(records, rule.evidence, unit, rule) if d > 0]
        label = kind_label(ruleset, rule.evidence)
        groups: dict[str, list[Dated]] = {}
        if rule.group_by is None:
            groups["unit"] = mine
        else:
            for d, r in mine:
                value = r.fields.get(rule.group_by)
                if value is not None:
                    groups.setdefault(f"group:{value}", []).append((d, r))
            if not groups:
                groups["unit"] = []
        out = []
        for name in sorted(groups):
            group = groups[name]
            newest = max(group, key=by_day) if group else None
            if rule.measure == "gap":
                span = year_span(ruleset, as_of)
                if span is None:
                    out.append(none_to_check(subj(name), label))
                    continue
                gaps = gaps_of(group, span, rule.max_age_days)
                first, last = span[0].toordinal(), span[1].toordinal()
                in_span = [g for g in group if first <= g[0] <= last]
                newest = max(in_span, key=by_day) if in_span else None
                out.append(fresh_gap(subj(name), gaps, newest, rule.max_age_days, span, label))
            else:
                out.append(fresh_age(subj(name), newest, rule.max_age_days, as_of, label))
        return out

    raise TypeError(f"rule kind {rule.kind!r} has no reference semantics")
