"""The Result of one evaluation: its findings, the roll-ups per task and unit, the scores and
the identity of what was evaluated, with its versioned JSON form.

``Result.to_json()`` / ``write_json()`` write the documented form (``docs/result-schema.json``,
schema id ``disclosure-rules/result/2``); ``Result.from_json`` and ``Result.read`` read it
back, version 1 too, through :mod:`.reading`.  The parts it is made of are in :mod:`.findings`.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from datetime import date
from pathlib import Path
from typing import IO, Any

from attrs import field, frozen

from ..errors import InputError, Location, Problem
from .findings import (
    SCHEMA,
    EvidenceRef,
    Finding,
    RuleInfo,
    Status,
    StoreRef,
    TaskSummary,
    UnitSummary,
    count_statuses,
    freeze_mapping,
)
from .reading import result_fields

__all__ = ["Result", "result_from_json"]


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
    timings: Mapping[str, float] = field(factory=dict, converter=freeze_mapping, hash=False)
    rejected: tuple[str, ...] = ()  # problems of evidence records that were rejected
    engine_version: str = ""
    #: whether the collection run's collector outcomes were known when evaluating: without
    #: them a unit whose collector broke cannot be told from a unit that did nothing, so every
    #: report says “采集失败情况未知” above the score
    collection_known: bool = True
    #: every rule of the rule set, in its order, with its description
    rules: tuple[RuleInfo, ...] = ()
    #: every evidence record a finding cites, by id
    records: Mapping[str, EvidenceRef] = field(factory=dict, converter=freeze_mapping, hash=False)
    #: where the result is kept, when it was checked from (and stored in) an evidence store
    store: StoreRef | None = None

    @property
    def counts(self) -> dict[str, int]:
        return count_statuses(list(self.findings))

    def rule_texts(self) -> dict[str, str]:
        """Rule id → the office's words for it (its description, else the id)."""
        return {r.id: r.text for r in self.rules}

    def unit_names(self) -> dict[str, str]:
        return {u.unit: u.name for u in self.units}

    def cited(self, finding: Finding) -> tuple[EvidenceRef, ...]:
        """The records behind a finding (a bare id when the result does not describe it)."""
        return tuple(self.records.get(rid) or EvidenceRef(rid) for rid in finding.evidence)

    def find_unit(self, text: str) -> str | None:
        """The unit id named by ``text`` (an id or a name), None when no unit is."""
        for u in self.units:
            if text in (u.unit, u.name):
                return u.unit
        return None

    @property
    def failed(self) -> bool:
        return any(f.status is Status.FAIL for f in self.findings)

    def by_status(self, status: Status) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.status is status)

    def finding_json(self, f: Finding, rules: Mapping[str, str] | None = None,
                     names: Mapping[str, str] | None = None) -> dict[str, Any]:
        """One finding as the Result's JSON holds it: with its rule's description, its unit's
        name and its evidence described."""
        data = f.to_json()
        described = {r.id: r.description for r in self.rules} if rules is None else rules
        data["rule_description"] = described.get(f.rule, "")
        data["unit_name"] = (self.unit_names() if names is None else names).get(f.unit, f.unit)
        data["evidence"] = [ref.to_json() for ref in self.cited(f)]
        return data

    def _head_json(self) -> dict[str, Any]:
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
            "rules": [r.to_json() for r in self.rules],
            **({} if self.store is None else {"store": self.store.to_json()}),
        }

    def to_json(self) -> dict[str, Any]:
        data = self._head_json()
        data["findings"] = list(self._findings_json())
        return data

    def _findings_json(self) -> Iterator[dict[str, Any]]:
        rules = {r.id: r.description for r in self.rules}
        names = self.unit_names()
        for f in self.findings:
            yield self.finding_json(f, rules, names)

    def write_json(self, stream: IO[str], *, indent: int | None = 2) -> None:
        """Write :meth:`to_json` to a text stream one finding at a time, so a result of a
        million findings never exists as one big string."""
        head = json.dumps(self._head_json(), ensure_ascii=False, indent=indent)
        stream.write(head[:-1].rstrip() + ("," if indent is None else ',\n  ')
                     + '"findings": [')
        pad = "" if indent is None else "\n    "
        for n, item in enumerate(self._findings_json()):
            stream.write(("," if n else "") + pad
                         + json.dumps(item, ensure_ascii=False, separators=(",", ":")))
        stream.write(("" if indent is None else "\n  ") + "]" + ("" if indent is None else "\n")
                     + "}\n")

    @classmethod
    def from_json(cls, data: Any, *, source: str = "<result>") -> Result:
        """A Result from its JSON form (schema version 2, or version 1 as older runs wrote it).

        :raises InputError: naming ``source`` and the field, for a document that is not a
            result of a readable version.
        """
        return cls(**result_fields(data, source))

    @classmethod
    def read(cls, path: str | Path) -> Result:
        """Read a result JSON file (``check --format json`` or ``report --format json``)."""
        path = Path(path)
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            message = f"无法读取结果文件：{exc.strerror}"
            raise InputError(Problem(Location(str(path)), message)) from None
        except UnicodeDecodeError:
            message = "结果文件不是 UTF-8 编码的文本"
            raise InputError(Problem(Location(str(path)), message)) from None
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise InputError(Problem(Location(str(path), exc.lineno, exc.colno),
                                     f"不是合法的 JSON：{exc.msg}")) from None
        return cls.from_json(data, source=str(path))


def result_from_json(data: Any, source: str) -> Result:
    """``Result.from_json(data, source=source)``, under the name older code imported."""
    return Result.from_json(data, source=source)
