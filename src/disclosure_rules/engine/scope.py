"""Evidence outside a task's units: reported, never dropped without a word.

A rule reads the records of its units only.  A record that a rule would read (its evidence
kind, matching its ``where``; for a rule with a ``topic``, that topic) but that comes from a unit
the task does not name is not counted — and the office must hear of it: either the unit does
the work and the table's 责任单位 should name it, or the record was filed under the wrong unit.
One ``not_applicable`` finding per rule × outside unit says so, with the unit, the task and up
to :data:`~disclosure_rules.verdicts.MAX_LISTED` of the records.  Records of a unit outside
the task that the rule counts all the same (:meth:`~disclosure_rules.model.Rule.outside_units`:
a publication by the website unit that a timely rule's ``publishers`` names) are not out of
scope.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from ..evidence.records import Evidence
from ..results.findings import Finding, Status
from ..ruleset.model import Rule, Ruleset
from .semantics import all_hold, kind_label, visible_by_kind
from .verdicts import MAX_LISTED, Dated, by_day, describe

CODE = "scope.outside"

TEMPLATES: dict[str, tuple[str, str]] = {
    CODE: (
        "超出范围：{unit_name}提交了 {count} 条{label}（如{item}），符合本规则所查的证据，"
        "但{unit_name}不是第{task}行的责任单位，未计入。如确由该单位承担，请调整第{task}行的"
        "责任单位；如登记错了单位，请更正证据。",
        "Out of scope: {unit_name} submitted {count} record(s) of {label} (e.g. {item}) that "
        "this rule reads, but {unit_name} is not a unit of row {task}; not counted. Name the "
        "unit in row {task} if it does this work, or correct the record's unit."),
}


def _aimed_at(record: Evidence, rule: Rule) -> bool:
    """Whether the rule would read ``record`` were it from one of the rule's units."""
    if not all_hold(record, rule.where):
        return False
    topic = getattr(rule, "topic", None)
    return not isinstance(topic, str) or record.fields.get("topic") == topic


def outside_scope(ruleset: Ruleset, records: Iterable[Evidence], as_of: date) -> list[Finding]:
    """One finding per rule × unit outside the rule's task with records the rule would read."""
    by_kind = visible_by_kind(ruleset, records, as_of)
    names = {u.id: u.name for u in ruleset.units.units}
    out: list[Finding] = []
    for task, rule in ruleset.rules():
        primary = rule.evidence_kinds()[0]
        # the task's units, and those whose records the rule counts all the same
        inside = {a.unit for a in task.assignments} | rule.outside_units(task, primary)
        outside: dict[str, list[Dated]] = {}
        for d, r in by_kind.get(primary, []):
            if r.unit not in inside and _aimed_at(r, rule):
                outside.setdefault(r.unit, []).append((d, r))
        for unit in sorted(outside):
            found = sorted(outside[unit], key=by_day)
            detail: dict[str, Any] = {
                "label": kind_label(ruleset, primary), "count": len(found), "task": task.number,
                "unit_name": names.get(unit, unit), "item": describe(*found[0])}
            out.append(Finding(rule.id, rule.kind, task.number, unit, "unit",
                               Status.NOT_APPLICABLE, CODE, detail,
                               tuple(r.id for _, r in found[:MAX_LISTED])))
    return out
