"""What an evaluation says: statuses, findings, roll-ups and the Result with its JSON form.

A :class:`Finding` is one verdict on rule × unit × subject.  A :class:`Result` holds every finding
of one evaluation plus the roll-ups per task and per unit, the scores and the identity of what was
evaluated (rule-set id and sha256, evidence snapshot hash, ``as_of``), so a result can be
reproduced and compared.  ``Result.to_json()`` is the versioned, documented form
(``docs/result-schema.json``, schema id ``disclosure-rules/result/1``); report writers read only
a Result.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from datetime import date
from typing import Any

from attrs import field, frozen

SCHEMA = "disclosure-rules/result/1"


class Status(enum.Enum):
    """The verdict of one finding."""

    PASS = "pass"
    FAIL = "fail"
    PENDING = "pending"  # not yet due at as_of and not yet met
    WAIVED = "waived"  # an active waiver covers it; ``would_be`` says what it would have been
    ERROR = "error"  # the unit's collector failed: nothing can be decided
    NOT_APPLICABLE = "not_applicable"  # nothing to check (no events of the kind, too few items)

    @property
    def zh(self) -> str:
        return _STATUS_ZH[self]


_STATUS_ZH = {
    Status.PASS: "通过",
    Status.FAIL: "未通过",
    Status.PENDING: "未到期",
    Status.WAIVED: "已豁免",
    Status.ERROR: "无法判定",
    Status.NOT_APPLICABLE: "不适用",
}

#: Findings with these statuses count in a score (pass / (pass + fail)).
DECIDED = (Status.PASS, Status.FAIL)


def _freeze(value: Mapping[str, Any]) -> Mapping[str, Any]:
    # a plain dict is kept as it is: every attrs.evolve (reason, waiver, collector error) runs
    # this converter, and copying there duplicated the detail of every finding
    return value if type(value) is dict else dict(value)


@frozen
class Finding:
    """One verdict: ``rule`` × ``unit`` × ``subject``.

    ``subject`` names what the rule was about: ``unit`` (the unit itself), ``period:2019-Q3``,
    ``item:<key>`` (an evidence item by its key, e.g. a 文号) or ``group:<value>``.
    ``code`` and ``detail`` are the machine-readable grounds of the verdict; ``reason`` is
    the sentence rendered from them (Chinese, or English on request).  ``evidence`` lists the
    ids of the evidence behind the verdict.  ``would_be`` is set when a waiver or a collector
    error replaced the verdict the evidence gave.
    """

    rule: str
    rule_kind: str
    task: int
    unit: str
    subject: str
    status: Status
    code: str
    detail: Mapping[str, Any] = field(factory=dict, converter=_freeze, hash=False)
    evidence: tuple[str, ...] = ()
    due: date | None = None
    reason: str = ""
    would_be: Status | None = None
    waiver: Mapping[str, Any] | None = field(default=None, hash=False)

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.rule, self.unit, self.subject)

    def to_json(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "rule_kind": self.rule_kind,
            "task": self.task,
            "unit": self.unit,
            "subject": self.subject,
            "status": self.status.value,
            "would_be": self.would_be.value if self.would_be else None,
            "reason": self.reason,
            "code": self.code,
            "due": self.due.isoformat() if self.due else None,
            "evidence": list(self.evidence),
            "detail": dict(self.detail),
            "waiver": dict(self.waiver) if self.waiver else None,
        }


def _counts(findings: list[Finding]) -> dict[str, int]:
    counts = {s.value: 0 for s in Status}
    for f in findings:
        counts[f.status.value] += 1
    return counts


def _fraction(counts: Mapping[str, int]) -> float | None:
    decided = counts["pass"] + counts["fail"]
    return counts["pass"] / decided if decided else None


@frozen
class TaskSummary:
    """Roll-up of one task (row of the table): counts per status and its weighted score."""

    number: int
    requirement: str
    weight: float
    counts: Mapping[str, int]
    score: float | None  # weight × pass/(pass+fail); None when nothing is decided yet

    def to_json(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "requirement": self.requirement,
            "weight": self.weight,
            "counts": dict(self.counts),
            "score": self.score,
        }


@frozen
class UnitSummary:
    """Roll-up of one unit: counts per status and a score over the tasks it takes part in."""

    unit: str
    name: str
    counts: Mapping[str, int]
    score: float | None  # 0–100: Σ weight × fraction / Σ weight over tasks with a decision

    def to_json(self) -> dict[str, Any]:
        return {"unit": self.unit, "name": self.name, "counts": dict(self.counts),
                "score": self.score}


@frozen
class Result:
    """Everything one evaluation produced.  See ``docs/engine.md`` and the JSON schema."""

    ruleset_id: str
    ruleset_title: str
    ruleset_year: int
    ruleset_sha256: str
    evidence_count: int
    evidence_sha256: str
    as_of: date
    lang: str
    backend: str
    findings: tuple[Finding, ...]
    tasks: tuple[TaskSummary, ...]
    units: tuple[UnitSummary, ...]
    score: float | None
    timings: Mapping[str, float] = field(factory=dict, converter=_freeze, hash=False)
    rejected: tuple[str, ...] = ()  # problems of evidence records that were rejected
    engine_version: str = ""
    #: whether the collection run's collector outcomes were known when evaluating: without
    #: them a unit whose collector broke cannot be told from a unit that did nothing, so every
    #: report says “采集失败情况未知” above the score
    collection_known: bool = True

    @property
    def counts(self) -> dict[str, int]:
        return _counts(list(self.findings))

    @property
    def failed(self) -> bool:
        return any(f.status is Status.FAIL for f in self.findings)

    def by_status(self, status: Status) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.status is status)

    def to_json(self) -> dict[str, Any]:
        return {
            "schema": SCHEMA,
            "engine": {"name": "disclosure-rules", "version": self.engine_version,
                       "backend": self.backend},
            "ruleset": {"id": self.ruleset_id, "title": self.ruleset_title,
                        "year": self.ruleset_year, "sha256": self.ruleset_sha256},
            "evidence": {"count": self.evidence_count, "sha256": self.evidence_sha256,
                         "rejected": list(self.rejected),
                         "collection_known": self.collection_known},
            "as_of": self.as_of.isoformat(),
            "lang": self.lang,
            "counts": self.counts,
            "score": self.score,
            "timings": {k: round(v, 6) for k, v in self.timings.items()},
            "tasks": [t.to_json() for t in self.tasks],
            "units": [u.to_json() for u in self.units],
            "findings": [f.to_json() for f in self.findings],
        }


def summarise(
    findings: list[Finding],
    tasks: list[tuple[int, str, float]],
    unit_names: Mapping[str, str],
) -> tuple[tuple[TaskSummary, ...], tuple[UnitSummary, ...], float | None]:
    """Roll findings up per task and per unit; the total score is 0–100 (None: nothing decided).

    A task's score is ``weight × pass / (pass + fail)``; pending, waived, error and
    not_applicable findings do not count.  The total is ``100 × Σ score / Σ weight`` over the
    tasks that have a decided finding; a unit's score is the same over its own findings.
    """
    by_task: dict[int, list[Finding]] = {}
    by_unit: dict[str, list[Finding]] = {}
    for f in findings:
        by_task.setdefault(f.task, []).append(f)
        by_unit.setdefault(f.unit, []).append(f)
    weights = {number: weight for number, _, weight in tasks}
    task_rows = []
    earned = possible = 0.0
    for number, requirement, weight in tasks:
        counts = _counts(by_task.get(number, []))
        fraction = _fraction(counts)
        score = None if fraction is None else weight * fraction
        if score is not None:
            earned += score
            possible += weight
        task_rows.append(TaskSummary(number, requirement, weight, counts, score))
    unit_rows = []
    for unit in sorted(by_unit):
        mine = by_unit[unit]
        u_earned = u_possible = 0.0
        per_task: dict[int, list[Finding]] = {}
        for f in mine:
            per_task.setdefault(f.task, []).append(f)
        for number, items in per_task.items():
            fraction = _fraction(_counts(items))
            if fraction is not None:
                u_earned += weights.get(number, 1.0) * fraction
                u_possible += weights.get(number, 1.0)
        unit_score = 100 * u_earned / u_possible if u_possible else None
        unit_rows.append(UnitSummary(unit, unit_names.get(unit, unit), _counts(mine), unit_score))
    total = 100 * earned / possible if possible else None
    return tuple(task_rows), tuple(unit_rows), total
