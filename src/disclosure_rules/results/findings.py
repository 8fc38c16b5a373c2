"""What an evaluation says: statuses, findings, roll-ups and the Result with its JSON form.

A :class:`Finding` is one verdict on rule × unit × subject.  A :class:`Result` holds every finding
of one evaluation plus the roll-ups per task and per unit, the scores and the identity of what was
evaluated (rule-set id and sha256, evidence snapshot hash, ``as_of``), so a result can be
reproduced and compared.  ``Result.to_json()`` is the versioned, documented form
(``docs/result-schema.json``, schema id ``disclosure-rules/result/2``); ``Result.from_json`` and
``Result.read`` read it back, and read results of version 1 too.  Report writers read only a
Result.

Beside the ids a Result carries what a reader needs to understand them without the rule set:
each rule's description (:class:`RuleInfo`), each unit's name, each task's row of the table
(heading, 责任部门, 完成时间, 备注) and each cited evidence record's key, title and source
(:class:`EvidenceRef`, URL or file:row).
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from attrs import field, frozen

if TYPE_CHECKING:
    from ..evidence.records import Evidence
    from ..ruleset.model import Ruleset

SCHEMA = "disclosure-rules/result/2"
#: The first version: task scores as weight × fraction, evidence as bare ids, no descriptions.
SCHEMA_V1 = "disclosure-rules/result/1"
READABLE_SCHEMAS = (SCHEMA, SCHEMA_V1)

#: How every score is computed, in the words reports print under the score.
SCORE_RULE = {
    "zh": "得分=通过÷（通过+未通过）×100；未到期、已豁免、无法判定、不适用不计入。"
          "单位得分和总分是各任务得分按任务权重的加权平均，只算已有结论的任务；无结论时为“—”。",
    "en": "score = pass ÷ (pass + fail) × 100; pending, waived, error and not applicable do not "
          "count. Unit and total scores average the task scores weighted by task weight, over "
          "tasks with a decision; “—” when nothing is decided.",
}
#: Said above the score when the collection run's outcomes were not known.
COLLECTION_UNKNOWN = {
    "zh": "采集失败情况未知：检查时未提供收集记录，采集器出错的单位无法与未做工作的单位区分",
    "en": "Collection failures unknown: no collection run was given, so a unit whose collector "
          "failed cannot be told from a unit that did nothing",
}


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


def freeze_mapping(value: Mapping[str, Any]) -> Mapping[str, Any]:
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
    detail: Mapping[str, Any] = field(factory=dict, converter=freeze_mapping, hash=False)
    evidence: tuple[str, ...] = ()
    due: date | None = None
    reason: str = ""
    would_be: Status | None = None
    waiver: Mapping[str, Any] | None = field(default=None, hash=False)

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.rule, self.unit, self.subject)

    def to_json(self) -> dict[str, Any]:
        """The finding alone (evidence as ids); ``Result.to_json`` adds the rule's description,
        the unit's name and each evidence record's key, title and source."""
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


@frozen
class EvidenceRef:
    """An evidence record as reports cite it: what the page or ledger row shows and where."""

    id: str
    key: str = ""  # 文号, URL or ledger row
    title: str = ""
    source: str = ""  # URL or file (sheet, row) it was read from

    @classmethod
    def of(cls, record: Evidence) -> EvidenceRef:
        return cls(record.id, record.key, record.title, record.provenance.source)

    def to_json(self) -> dict[str, str]:
        return {"id": self.id, "key": self.key, "title": self.title, "source": self.source}


@frozen
class RuleInfo:
    """A rule as reports name it: the office's words (``description``) beside the id."""

    id: str
    task: int
    kind: str
    description: str = ""

    @property
    def text(self) -> str:
        return self.description or self.id

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "task": self.task, "kind": self.kind,
                "description": self.description}


@frozen
class TaskInfo:
    """A row of the responsibility table as reports show it (before any finding)."""

    number: int
    requirement: str
    weight: float = 1.0
    heading: tuple[str, ...] = ()
    responsible: str = ""  # the 责任部门 cell as the table words it
    deadline: str = ""  # the 完成时间 cell
    note: str = ""  # 备注


def outline(ruleset: Ruleset) -> tuple[tuple[TaskInfo, ...], tuple[RuleInfo, ...]]:
    """The tasks and rules of a rule set as a Result describes them."""
    tasks = tuple(TaskInfo(t.number, t.requirement, t.weight, tuple(t.heading),
                           t.responsible_text, t.deadline.phrase, t.city_note)
                  for t in ruleset.tasks)
    rules = tuple(RuleInfo(r.id, t.number, r.kind, r.description) for t, r in ruleset.rules())
    return tasks, rules


def cited_records(findings: Sequence[Finding],
                  records: Iterable[Evidence]) -> dict[str, EvidenceRef]:
    """Every record the findings cite, by its (display) id, as reports show it, in the order
    the findings cite them.  ``records`` are the evaluated records (the engine keys them by
    full hash; findings name them by id)."""
    wanted = {rid for f in findings for rid in f.evidence}
    by_id = {r.id: r for r in records if r.id in wanted}
    cited: dict[str, EvidenceRef] = {}
    for f in findings:
        for rid in f.evidence:
            if rid not in cited and rid in by_id:
                cited[rid] = EvidenceRef.of(by_id[rid])
    return cited


def count_statuses(findings: list[Finding]) -> dict[str, int]:
    counts = {s.value: 0 for s in Status}
    for f in findings:
        counts[f.status.value] += 1
    return counts


def _fraction(counts: Mapping[str, int]) -> float | None:
    decided = counts["pass"] + counts["fail"]
    return counts["pass"] / decided if decided else None


@frozen
class TaskSummary:
    """Roll-up of one task (row of the table): its row, counts per status and its score."""

    number: int
    requirement: str
    weight: float
    counts: Mapping[str, int]
    score: float | None  # 0–100: 100 × pass/(pass+fail); None when nothing is decided yet
    heading: tuple[str, ...] = ()
    responsible: str = ""
    deadline: str = ""
    note: str = ""

    @property
    def title(self) -> str:
        """工作任务: the innermost heading, else the requirement."""
        return self.heading[-1] if self.heading else self.requirement

    def to_json(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "heading": list(self.heading),
            "requirement": self.requirement,
            "responsible": self.responsible,
            "deadline": self.deadline,
            "note": self.note,
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
class StoreRef:
    """Where a result is kept in the evidence store: the collection run it evaluated, the check
    it was stored as (None: not stored, ``--dry-run``) and the hash chain's head after storing
    it, so ``verify`` can later prove the result and its evidence unchanged."""

    chain_head: str
    run: int
    check: int | None = None

    def to_json(self) -> dict[str, Any]:
        return {"chain_head": self.chain_head, "run": self.run, "check": self.check}


def summarise(
    findings: list[Finding],
    tasks: Sequence[TaskInfo],
    unit_names: Mapping[str, str],
) -> tuple[tuple[TaskSummary, ...], tuple[UnitSummary, ...], float | None]:
    """Roll findings up per task and per unit; every score is 0–100 (None: nothing decided).

    A task's score is ``100 × pass / (pass + fail)``; pending, waived, error and
    not_applicable findings do not count.  The total is the average of the task scores weighted
    by task weight, over the tasks that have a decided finding; a unit's score is the same over
    its own findings.
    """
    by_task: dict[int, list[Finding]] = {}
    by_unit: dict[str, list[Finding]] = {}
    for f in findings:
        by_task.setdefault(f.task, []).append(f)
        by_unit.setdefault(f.unit, []).append(f)
    weights = {t.number: t.weight for t in tasks}
    task_rows = []
    earned = possible = 0.0
    for t in tasks:
        counts = count_statuses(by_task.get(t.number, []))
        fraction = _fraction(counts)
        if fraction is not None:
            earned += t.weight * fraction
            possible += t.weight
        task_rows.append(TaskSummary(t.number, t.requirement, t.weight, counts,
                                     None if fraction is None else 100 * fraction,
                                     t.heading, t.responsible, t.deadline, t.note))
    unit_rows = []
    for unit in sorted(by_unit):
        mine = by_unit[unit]
        u_earned = u_possible = 0.0
        per_task: dict[int, list[Finding]] = {}
        for f in mine:
            per_task.setdefault(f.task, []).append(f)
        for number, items in per_task.items():
            fraction = _fraction(count_statuses(items))
            if fraction is not None:
                u_earned += weights.get(number, 1.0) * fraction
                u_possible += weights.get(number, 1.0)
        unit_score = 100 * u_earned / u_possible if u_possible else None
        unit_rows.append(UnitSummary(unit, unit_names.get(unit, unit), count_statuses(mine),
                                     unit_score))
    total = 100 * earned / possible if possible else None
    return tuple(task_rows), tuple(unit_rows), total
