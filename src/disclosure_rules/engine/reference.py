"""The reference evaluator: the rule semantics written as plain loops over the evidence.

This is the oracle.  It is deliberately direct — no partitions, no facts, no engine — and the
property tests demand that the durable-rules path (:mod:`engine`) gives exactly its findings.
It returns raw findings (no waivers, no collector errors, no reasons); :mod:`engine` applies
those to either evaluator's output in the same way.

What a rule means is its kind's ``reference`` (in the kind's module of
:mod:`disclosure_rules.rules`, next to its plan and written independently of it); this module
only decides which records are visible and hands each rule × unit to its kind.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from attrs import frozen

from ..errors import DisclosureRulesError, PluginError
from ..evidence.records import Evidence
from ..results.findings import Finding
from ..ruleset.kinds import current as current_kinds
from ..ruleset.model import Rule, Ruleset, Task
from .semantics import all_hold, record_day, visible
from .verdicts import Dated, Subject


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
    kinds = current_kinds()
    for task, rule in ruleset.rules():
        if wanted is not None and rule.id not in wanted:
            continue
        rule_kind = kinds.of(rule)
        for unit in task.units_for(rule):
            ctx = ReferenceContext(ruleset, task, rule, unit, visible_records, as_of)
            try:
                out.extend(rule_kind.reference(ctx))
            except DisclosureRulesError:
                raise
            except Exception as exc:
                raise PluginError(
                    f"规则种类“{rule_kind.name}”（插件 {rule_kind.plugin}）在参照求值规则 "
                    f"{rule.id} 时出错：{type(exc).__name__}: {exc}") from exc
    return out


@frozen
class ReferenceContext:
    """One rule × unit for a kind's ``reference``: every visible record (any kind, any unit)
    as ``(day, record)`` pairs, and ``as_of``."""

    ruleset: Ruleset
    task: Task
    rule: Rule
    unit: str
    records: list[Dated]
    as_of: date

    def subject(self, subject: str) -> Subject:
        rule = self.rule
        return Subject(rule.id, rule.kind, self.task.number, self.unit, subject)

    def of(self, kind: str | None, *, mine: bool = True, where: bool = True) -> list[Dated]:
        """Visible records of ``kind``: the unit's own (``mine``) matching the rule's ``where``
        (``where``), or any unit's / any record's when False."""
        rule = self.rule
        return [(d, r) for d, r in self.records
                if r.kind == kind and (not mine or r.unit == self.unit)
                and (not where or all_hold(r, rule.where))]
