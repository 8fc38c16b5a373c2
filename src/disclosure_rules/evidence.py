"""Evidence: one fact about the world, as a unit's collector saw it.

A record names its kind (declared in the rule set), the unit it speaks for, a natural ``key``
unique within its kind (a 文号, a URL, a ledger row number), a title, typed fields and where it
came from.  Its ``id`` is the sha256 of its canonical content (provenance excluded), so the same
fact collected twice is the same record, and a changed fact is a new one.

``check_record`` is the one door every record passes — JSON Lines, collectors and the API
(``check_evidence``, ``evaluate``, ``Evaluator.add``) alike: it holds a raw record (or an
unchecked ``Evidence``) up against the kinds a rule set declares, coerces values to the declared
types, names units by id and writes keys and links in the one normal form of
:func:`~disclosure_rules.keys.normalize_key`.  Every problem names the record's source and the
field, and a bad record never stops the good ones.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Iterable, Iterator, Mapping
from datetime import date, datetime
from functools import cached_property
from pathlib import Path
from typing import Any

from attrs import field, frozen

from .errors import EvidenceError, Location, Problem, did_you_mean
from .keys import normalize_key
from .model import EvidenceKind, FieldType, Ruleset

FieldValue = str | int | float | bool | date | None

#: Upper bounds that keep one record from exhausting memory or the engine's fact size.
MAX_FIELDS = 64
MAX_TEXT = 20_000


@frozen
class Provenance:
    collector: str = ""
    collector_version: str = ""
    source: str = ""  # URL or file (with sheet and row) the record was read from
    collected_at: datetime | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "collector": self.collector,
            "collector_version": self.collector_version,
            "source": self.source,
            "collected_at": self.collected_at.isoformat() if self.collected_at else None,
        }


def _freeze_fields(value: Mapping[str, FieldValue]) -> Mapping[str, FieldValue]:
    return dict(sorted(value.items()))


@frozen
class Evidence:
    kind: str
    unit: str
    key: str
    title: str = ""
    fields: Mapping[str, FieldValue] = field(factory=dict, converter=_freeze_fields, hash=False)
    provenance: Provenance = field(factory=Provenance, eq=False)
    #: the declared kind this record was checked against by ``check_record`` (None: built
    #: directly, not checked yet).  Set only by the door; ``attrs.evolve`` clears it, so a
    #: changed record is checked again.
    _checked_as: EvidenceKind | None = field(default=None, init=False, eq=False, repr=False)

    def canonical(self) -> dict[str, Any]:
        """The content that identifies the record (provenance excluded)."""
        return {
            "kind": self.kind,
            "unit": self.unit,
            "key": self.key,
            "title": self.title,
            "fields": {k: _jsonable(v) for k, v in self.fields.items()},
        }

    @cached_property
    def sha256(self) -> str:
        """Full hex sha256 of the canonical content (provenance excluded): the record's
        identity.  De-duplication compares it, never the short ``id``."""
        # cached: the engine asks for ids many times per record (dedupe, findings, reasons);
        # hashing each time was more than half of an evaluation's time at 100k records
        return hashlib.sha256(canonical_json(self.canonical()).encode()).hexdigest()

    @cached_property
    def id(self) -> str:
        """Short content id used in findings and reports: ``kind:sha256[:12]``.  A display
        label only (48 bits collide at scale): identity is :attr:`sha256`.

        Cached like ``sha256``: every finding, reason and index that names a record then shares
        one string instead of holding its own copy (a third of the engine's memory at 100k
        records before it was cached)."""
        return f"{self.kind}:{self.sha256[:12]}"

    def checked_for(self, ruleset: Ruleset) -> bool:
        """Whether ``check_record`` made this record against (a rule set sharing) the kind
        ``ruleset`` declares for it, so it need not pass the door again."""
        kind = self._checked_as
        return kind is not None and ruleset.kind_map.get(self.kind) is kind

    def date(self, name: str | None) -> date | None:
        if name is None:
            return None
        value = self.fields.get(name)
        return value if isinstance(value, date) else None

    def to_json(self) -> dict[str, Any]:
        data = self.canonical()
        data["id"] = self.id
        data["provenance"] = self.provenance.to_json()
        return data


@frozen
class CollectionFailure:
    """A collector that could not deliver: its unit's findings on these kinds become ``error``."""

    unit: str
    collector: str
    reason: str | None
    kinds: tuple[str, ...] = ()  # empty: every kind of the unit


def canonical_json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _jsonable(value: FieldValue) -> Any:
    return value.isoformat() if isinstance(value, date) else value


# ------------------------------------------------------------------------------------------------
# Checking raw records against the rule set's declarations.


def _coerce(spec_type: FieldType, value: Any, choices: tuple[str, ...],
            max_length: int = MAX_TEXT) -> tuple[FieldValue, str]:
    """(value, problem); problem is '' when the value fits the declared type (text at most
    ``max_length`` characters: the field's ``max_length``, never more than MAX_TEXT)."""
    if value is None:
        return None, ""
    if spec_type is FieldType.DATE:
        if isinstance(value, datetime):
            return value.date(), ""
        if isinstance(value, date):
            return value, ""
        if isinstance(value, str):
            try:
                return date.fromisoformat(value.strip()[:10]), ""
            except ValueError:
                pass
        return None, f"应为日期（YYYY-MM-DD），实际为 {value!r}"
    if spec_type is FieldType.REF:
        # a link is the key of another record: the same normal form as keys (an int is a CMS
        # id, written as its decimal string so every backend compares strings)
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        if isinstance(value, str):
            limit = min(max_length, MAX_TEXT)
            if len(value) > limit:
                return None, f"文本过长（{len(value)} 字，上限 {limit}）"
            return normalize_key(value) or None, ""
        return None, f"应为文本或整数编号，实际为 {type(value).__name__} {value!r}"
    if spec_type is FieldType.TEXT:
        if isinstance(value, str):
            limit = min(max_length, MAX_TEXT)
            if len(value) > limit:
                return None, f"文本过长（{len(value)} 字，上限 {limit}）"
            return value, ""
        return None, f"应为文本，实际为 {type(value).__name__} {value!r}"
    if spec_type is FieldType.ENUM:
        if isinstance(value, str) and value in choices:
            return value, ""
        return None, f"应为 {'、'.join(choices)} 之一，实际为 {value!r}"
    if spec_type is FieldType.BOOL:
        if isinstance(value, bool):
            return value, ""
        if value in ("是", "否", "true", "false"):
            return value in ("是", "true"), ""
        return None, f"应为是/否，实际为 {value!r}"
    if spec_type is FieldType.INT:
        if isinstance(value, int) and not isinstance(value, bool):
            return value, ""
        return None, f"应为整数，实际为 {value!r}"
    if spec_type is FieldType.NUMBER:
        if isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value):
            return float(value), ""
        return None, f"应为数字，实际为 {value!r}"
    raise AssertionError(spec_type)  # pragma: no cover - FieldType is closed


def raw_record(record: Evidence) -> dict[str, Any]:
    """An (unchecked) Evidence as the raw record the door reads: its values as given."""
    return {"kind": record.kind, "unit": record.unit, "key": record.key, "title": record.title,
            "fields": dict(record.fields), "provenance": record.provenance}


def check_record(
    raw: Mapping[str, Any] | Evidence,
    ruleset: Ruleset,
    *,
    location: Location,
) -> tuple[Evidence | None, list[Problem]]:
    """One raw record (a JSON object, or an Evidence built by a program) → a checked Evidence,
    or the problems that reject it.  The checked record's fields have their declared types, its
    unit is a unit id and its key and links are in normal form."""
    if isinstance(raw, Evidence):
        raw = raw_record(raw)
    problems: list[Problem] = []

    def bad(path: str, message: str, hint: str | None = None) -> None:
        loc = Location(location.file, location.line, location.column, path)
        problems.append(Problem(loc, message, hint))

    if not isinstance(raw, Mapping):
        bad("", f"证据应为 JSON 对象，实际为 {type(raw).__name__}")
        return None, problems
    allowed = {"kind", "unit", "key", "title", "fields", "provenance", "id"}
    for extra in sorted(set(raw) - allowed):
        bad(extra, f"未知的键“{extra}”", did_you_mean(extra, allowed))
    kind_name = raw.get("kind")
    kind: EvidenceKind | None = None
    if isinstance(kind_name, str):
        kind = ruleset.kind_map.get(kind_name)
    if kind is None:
        hint = did_you_mean(str(kind_name), ruleset.kind_map)
        bad("kind", f"未声明的证据类型“{kind_name}”", hint)
    unit = raw.get("unit")
    if not isinstance(unit, str) or not ruleset.units.resolve(unit):
        bad("unit", f"未知的单位“{unit}”", did_you_mean(str(unit), ruleset.units.known_names()))
    key = raw.get("key")
    if isinstance(key, int) and not isinstance(key, bool):
        key = str(key)  # a CMS id: its decimal string, as every backend compares keys
    if isinstance(key, str) and len(key) > MAX_TEXT:
        bad("key", f"记录标识 key 过长（{len(key)} 字，上限 {MAX_TEXT}）")
    elif isinstance(key, str) and key.strip():
        key = normalize_key(key)
    elif key is None or isinstance(key, str):
        bad("key", "缺少记录标识 key（如文号、网址或台账行号）")
    else:
        bad("key", f"记录标识 key 应为文本或整数编号，实际为 {type(key).__name__} {key!r}")
    title = raw.get("title", "")
    if not isinstance(title, str) or len(title) > MAX_TEXT:
        bad("title", f"标题应为不超过 {MAX_TEXT} 字的文本")
    fields_raw = raw.get("fields", {})
    if not isinstance(fields_raw, Mapping):
        bad("fields", "fields 应为对象")
        fields_raw = {}
    if len(fields_raw) > MAX_FIELDS:
        bad("fields", f"字段过多（{len(fields_raw)} 个，上限 {MAX_FIELDS}）")
    fields: dict[str, FieldValue] = {}
    if kind is not None:
        for name in sorted(set(fields_raw) - set(kind.field_map)):
            bad(f"fields.{name}", f"证据类型“{kind.name}”没有字段“{name}”",
                did_you_mean(name, kind.field_map))
        for spec in kind.fields:
            value, problem = _coerce(spec.type, fields_raw.get(spec.name), spec.choices,
                                     spec.max_length)
            if problem:
                bad(f"fields.{spec.name}", f"字段“{spec.label or spec.name}”{problem}")
            elif value is None and (spec.required or spec.name == kind.date_field):
                # the date field places the record in time: without it the record could be
                # neither shown nor hidden at as_of, so it is required even if not declared so
                why = "（它是该类型的日期字段）" if not spec.required else ""
                bad(f"fields.{spec.name}", f"缺少必填字段“{spec.label or spec.name}”{why}")
            elif value is not None:
                fields[spec.name] = value
    if problems:
        return None, problems
    assert isinstance(unit, str) and isinstance(key, str) and kind is not None
    unit_ids = ruleset.units.resolve(unit)
    if len(unit_ids) != 1:
        bad("unit", f"“{unit}”是单位组，证据须归属到具体单位")
        return None, problems
    prov = _provenance_from(raw.get("provenance"))
    record = Evidence(kind.name, unit_ids[0], key, title, fields, prov)
    object.__setattr__(record, "_checked_as", kind)
    return record, []


def check_evidence(
    record: Mapping[str, Any] | Evidence,
    ruleset: Ruleset,
    *,
    location: Location | None = None,
) -> tuple[Evidence | None, list[Problem]]:
    """The public door: a raw mapping or an Evidence built by a program → ``(checked, [])``, or
    ``(None, problems)`` each naming the record (``location``, default its provenance source)
    and the field path.  The same checks as evidence files and collectors get."""
    if location is None:
        source = (record.provenance.source if isinstance(record, Evidence)
                  else source_of(record))
        location = Location(source or "接口传入的证据")
    return check_record(record, ruleset, location=location)


def source_of(raw: Any) -> str:
    """The provenance source a raw record names, or ''."""
    prov = raw.get("provenance") if isinstance(raw, Mapping) else None
    if isinstance(prov, Provenance):
        return prov.source
    source = prov.get("source") if isinstance(prov, Mapping) else None
    return source if isinstance(source, str) else ""


def _provenance_from(raw: Any) -> Provenance:
    if isinstance(raw, Provenance):
        return raw
    if not isinstance(raw, Mapping):
        return Provenance()
    collected = raw.get("collected_at")
    try:
        at = datetime.fromisoformat(collected) if isinstance(collected, str) else None
    except ValueError:
        at = None
    return Provenance(
        str(raw.get("collector", "")),
        str(raw.get("collector_version", "")),
        str(raw.get("source", "")),
        at,
    )


@frozen
class EvidenceBatch:
    """Checked evidence plus the problems of the records that were rejected."""

    records: tuple[Evidence, ...]
    problems: tuple[Problem, ...] = ()


def check_records(
    raws: Iterable[tuple[Location, Any]], ruleset: Ruleset
) -> EvidenceBatch:
    records: list[Evidence] = []
    problems: list[Problem] = []
    for location, raw in raws:
        if isinstance(raw, _BadLine):
            problems.append(Problem(location, raw.message))
            continue
        record, found = check_record(raw, ruleset, location=location)
        if record is not None:
            records.append(record)
        problems.extend(found)
    return EvidenceBatch(tuple(records), tuple(problems))


def read_jsonl(path: str | Path) -> Iterator[tuple[Location, Any]]:
    """Raw records of a JSON Lines file, each with its file:line.  A line that is not JSON, or
    not UTF-8, comes as a ``_BadLine`` that ``check_records`` reports as a problem of that line;
    the other lines are still read.  A file that cannot be opened is an ``EvidenceError``."""
    name = str(path)
    try:
        handle = open(path, "rb")  # noqa: SIM115 - closed by the with below; open errors first
    except OSError as exc:
        raise EvidenceError(
            Problem(Location(name), f"无法读取证据文件：{exc.strerror or exc}")) from None
    with handle:
        for number, raw in enumerate(handle, start=1):
            if number == 1:
                raw = raw.removeprefix(b"\xef\xbb\xbf")  # a UTF-8 byte-order mark
            location = Location(name, number)
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                yield location, _BadLine(
                    f"不是 UTF-8 编码（本行第 {exc.start + 1} 字节处）；证据文件须以 UTF-8 保存")
                continue
            if not line.strip():
                continue
            try:
                yield location, json.loads(line)
            except json.JSONDecodeError as exc:
                yield location, _BadLine(f"不是合法的 JSON：{exc.msg}（第 {exc.colno} 列）")


@frozen
class _BadLine:
    message: str


def load_evidence(paths: Iterable[str | Path], ruleset: Ruleset) -> EvidenceBatch:
    """Read and check JSON Lines evidence files; rejected records are reported, not fatal."""
    return check_records((item for path in paths for item in read_jsonl(path)), ruleset)


@frozen
class CollectorReport:
    """What one collector delivered in one collection run.

    ``error`` says why its evidence is not complete (None when it is).  ``kind_errors`` maps
    kind → reason when the error concerns only those kinds (the collector yielded only
    :class:`~disclosure_rules.collectors.KindProblem` items and nothing else went wrong); when
    it is empty, an error concerns every kind of the collector.
    """

    collector: str
    unit: str
    kinds: tuple[str, ...]
    records: int = 0
    rejected: int = 0
    error: str | None = None  # why the collector failed (raised, timed out, bad records)
    seconds: float = 0.0
    kind_errors: Mapping[str, str] = field(factory=dict, hash=False)

    def failures(self) -> tuple[CollectionFailure, ...]:
        """What the error makes ``error``: the named kinds, else every kind of the collector."""
        if not self.error:
            return ()
        if self.kind_errors:
            return tuple(CollectionFailure(self.unit, self.collector, reason, (kind,))
                         for kind, reason in self.kind_errors.items())
        return (CollectionFailure(self.unit, self.collector, self.error, self.kinds),)

    def to_json(self) -> dict[str, Any]:
        return {
            "collector": self.collector,
            "unit": self.unit,
            "kinds": list(self.kinds),
            "records": self.records,
            "rejected": self.rejected,
            "error": self.error,
            "kind_errors": dict(self.kind_errors),
            "seconds": round(self.seconds, 3),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> CollectorReport:
        kind_errors = data.get("kind_errors") or {}
        if not isinstance(kind_errors, Mapping):
            raise TypeError(f"kind_errors 应为映射（证据类型: 原因），实际为 {kind_errors!r}")
        return cls(
            str(data["collector"]),
            str(data["unit"]),
            tuple(data.get("kinds", ())),
            int(data.get("records", 0)),
            int(data.get("rejected", 0)),
            data.get("error"),
            float(data.get("seconds", 0.0)),
            {str(k): str(v) for k, v in kind_errors.items()},
        )


@frozen
class CollectionRun:
    """One run of all collectors: the sidecar ``*.run.json`` of an evidence JSON Lines file.

    ``check --run`` reads it so that a unit whose collector failed gets ``error`` findings
    instead of silently failing for lack of evidence.
    """

    ruleset_id: str
    as_of: date
    reports: tuple[CollectorReport, ...] = ()
    started: datetime | None = None
    finished: datetime | None = None

    def failures(self) -> tuple[CollectionFailure, ...]:
        return tuple(failure for r in self.reports for failure in r.failures())

    def to_json(self) -> dict[str, Any]:
        return {
            "schema": "disclosure-rules/collection-run/1",
            "ruleset_id": self.ruleset_id,
            "as_of": self.as_of.isoformat(),
            "started": self.started.isoformat() if self.started else None,
            "finished": self.finished.isoformat() if self.finished else None,
            "reports": [r.to_json() for r in self.reports],
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> CollectionRun:
        def when(value: Any) -> datetime | None:
            return datetime.fromisoformat(value) if isinstance(value, str) else None

        return cls(
            str(data["ruleset_id"]),
            date.fromisoformat(data["as_of"]),
            tuple(CollectorReport.from_json(r) for r in data.get("reports", ())),
            when(data.get("started")),
            when(data.get("finished")),
        )

    def write(self, path: str | Path) -> None:
        Path(path).write_text(json.dumps(self.to_json(), ensure_ascii=False, indent=2) + "\n",
                              encoding="utf-8")

    @classmethod
    def read(cls, path: str | Path) -> CollectionRun:
        try:
            return cls.from_json(json.loads(Path(path).read_text(encoding="utf-8")))
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise EvidenceError(Problem(Location(str(path)), f"无法读取收集记录：{exc}")) from None
