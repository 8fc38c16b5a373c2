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

from ..errors import EvidenceError, Location, Problem, did_you_mean
from ..ruleset.model import MAX_TEXT, EvidenceKind, FieldType, Ruleset
from .keys import normalize_key

FieldValue = str | int | float | bool | date | None

#: Upper bounds that keep one record from exhausting memory or the engine's fact size.
MAX_FIELDS = 64


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
            try:  # a date, or an ISO date and time (its date counts): nothing else is cut off
                return datetime.fromisoformat(value.strip()).date(), ""
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


#: Longest line of a JSON Lines file: room for a record of MAX_FIELDS texts of MAX_TEXT
#: characters, escaped; a longer line is reported without being held in memory.
MAX_LINE_BYTES = 8 * 1024 * 1024
#: A file stops being read, and is refused, once this many of its lines could not be read and
#: they outnumber the readable ones: it is not an evidence file (binary, another format).
REFUSE_AFTER_BAD_LINES = 1000
#: Problems quoted when a whole file is refused (the rest are counted).
QUOTED_BAD_LINES = 10


def read_jsonl(path: str | Path) -> Iterator[tuple[Location, Any]]:
    """Raw records of a JSON Lines file, each with its file:line.  A line that is not UTF-8,
    not JSON, nested too deep or longer than MAX_LINE_BYTES comes as a ``_BadLine`` that
    ``check_records`` reports as a problem of that line; the other lines are still read.

    A file that cannot be opened, or whose unreadable lines outnumber its readable ones (a
    binary file, a spreadsheet, another encoding), is an ``EvidenceError`` quoting its first
    problems and counting the rest: such a file is bad input, not evidence with gaps.  It is
    refused as soon as REFUSE_AFTER_BAD_LINES bad lines outnumber the good ones, so reading
    garbage stays quick."""
    name = str(path)
    try:
        handle = open(path, "rb")  # noqa: SIM115 - closed by the with below; open errors first
    except OSError as exc:
        raise EvidenceError(
            Problem(Location(name), f"无法读取证据文件：{exc.strerror or exc}")) from None
    good = 0
    bad: list[Problem] = []
    bad_count = 0
    with handle:
        number = 0
        while raw := handle.readline(MAX_LINE_BYTES + 1):
            number += 1
            if number == 1:
                raw = raw.removeprefix(b"\xef\xbb\xbf")  # a UTF-8 byte-order mark
            location = Location(name, number)
            item = _parse_line(raw, handle)
            if isinstance(item, _BadLine):
                bad_count += 1
                if len(bad) < QUOTED_BAD_LINES:
                    bad.append(Problem(location, item.message))
                if bad_count >= REFUSE_AFTER_BAD_LINES and bad_count > good:
                    raise _unreadable_file(name, bad, bad_count, number, stopped=True)
            elif item is _BLANK:
                continue
            else:
                good += 1
            yield location, item
    if bad_count > good:
        raise _unreadable_file(name, bad, bad_count, number, stopped=False)


_BLANK = object()


def _parse_line(raw: bytes, handle: Any) -> Any:
    """One line's JSON value, ``_BLANK``, or a ``_BadLine`` saying why it cannot be read."""
    if len(raw) > MAX_LINE_BYTES and not raw.endswith(b"\n"):
        while (rest := handle.readline(1024 * 1024)) and not rest.endswith(b"\n"):
            pass  # skip the rest of the over-long line without holding it
        return _BadLine(f"行过长（超过 {MAX_LINE_BYTES} 字节），未读取")
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return _BadLine(
            f"不是 UTF-8 编码（本行第 {exc.start + 1} 字节处）；证据文件须以 UTF-8 保存")
    if not line.strip():
        return _BLANK
    try:
        return json.loads(line)
    except json.JSONDecodeError as exc:
        return _BadLine(f"不是合法的 JSON：{exc.msg}（第 {exc.colno} 列）")
    except ValueError as exc:  # an integer of more digits than Python converts
        return _BadLine(f"无法读取的数值：{exc}")
    except RecursionError:  # the decoder's own guard against deep nesting: a bad line
        return _BadLine("JSON 嵌套层数过多，不是证据记录")


def _unreadable_file(name: str, quoted: list[Problem], count: int, lines: int, *,
                     stopped: bool) -> EvidenceError:
    more = count - len(quoted)
    if more > 0:
        quoted = [*quoted, Problem(Location(name), f"……另有 {more} 行无法读取")]
    where = f"前 {lines} 行中" if stopped else f"共 {lines} 行中"
    summary = (f"{name}: 不是可读的证据文件：{where}有 {count} 行无法读取，多于可读的行"
               "（证据文件应为 UTF-8 编码的 JSON Lines，每行一条记录，"
               "通常由 disclosure-rules collect 生成）")
    return EvidenceError(quoted, summary=summary)


@frozen
class _BadLine:
    message: str


def load_evidence(paths: Iterable[str | Path], ruleset: Ruleset) -> EvidenceBatch:
    """Read and check JSON Lines evidence files; rejected records are reported, not fatal."""
    return check_records((item for path in paths for item in read_jsonl(path)), ruleset)


_MISSING_FIELD = object()

#: The run file's format: version 2 carries the sha256 of the evidence file it belongs to.
RUN_SCHEMA = "disclosure-rules/collection-run/2"
#: Older formats: read no more (they cannot say which evidence file they belong to).
OLD_RUN_SCHEMAS = ("disclosure-rules/collection-run/1",)
#: A run file holds one small report per collector; anything bigger is not a run file.
MAX_RUN_BYTES = 16 * 1024 * 1024


def file_sha256(path: str | Path) -> str:
    """The sha256 of a file's bytes, read in chunks (the evidence file a run file vouches for).

    :raises EvidenceError: the file cannot be read, naming it."""
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as handle:
            while chunk := handle.read(1024 * 1024):
                digest.update(chunk)
    except OSError as exc:
        raise EvidenceError(
            Problem(Location(str(path)), f"无法读取证据文件：{exc.strerror or exc}")) from None
    return digest.hexdigest()


def run_path_for(evidence: str | Path) -> Path:
    """Where ``collect`` writes the run file of an evidence file: ``X.jsonl`` → ``X.run.json``
    (any other name ``N`` → ``N.run.json``)."""
    evidence = Path(evidence)
    stem = evidence.with_suffix("") if evidence.suffix == ".jsonl" else evidence
    return stem.with_name(stem.name + ".run.json")


class _RunFields:
    """Typed reads of a run file's JSON, each failure a problem naming the field's path."""

    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, path: str, message: str) -> EvidenceError:
        return EvidenceError(Problem(Location(self.source, path=path), message),
                             summary=f"{self.source}: 收集记录（*.run.json）有误，"
                                     "请重新运行 disclosure-rules collect 生成")

    def get(self, data: Mapping[str, Any], path: str, key: str, kind: type | tuple[type, ...],
            default: Any = _MISSING_FIELD) -> Any:
        where = f"{path}.{key}" if path else key
        if key not in data:
            if default is _MISSING_FIELD:
                raise self.fail(where, f"缺少“{key}”")
            return default
        value = data[key]
        if not isinstance(value, kind) or (isinstance(value, bool) and bool not in _kinds(kind)):
            raise self.fail(where, f"类型不对：{type(value).__name__} {_short(value)}")
        return value

    def seconds(self, data: Mapping[str, Any], path: str) -> float:
        value = self.get(data, path, "seconds", (int, float), 0.0)
        try:
            seconds = float(value)
        except OverflowError:
            seconds = math.inf
        if not math.isfinite(seconds) or seconds < 0:
            raise self.fail(f"{path}.seconds", f"用时应为非负的秒数：{_short(value)}")
        return seconds

    def when(self, data: Mapping[str, Any], key: str, parse: Any) -> Any:
        value = self.get(data, "", key, (str, type(None)), None)
        if value is None:
            return None
        try:
            return parse(value)
        except ValueError:
            raise self.fail(key, f"不是日期或时间：{_short(value)}") from None


def _kinds(kind: type | tuple[type, ...]) -> tuple[type, ...]:
    return kind if isinstance(kind, tuple) else (kind,)


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _kind_errors(read: _RunFields, data: Mapping[str, Any], path: str) -> dict[str, str]:
    """A report's ``kind_errors`` (kind → reason; absent in older run files: none)."""
    found = read.get(data, path, "kind_errors", (dict, type(None)), None) or {}
    if not all(isinstance(k, str) and isinstance(v, str) for k, v in found.items()):
        raise read.fail(f"{path}.kind_errors", "应为“证据类型: 原因”的映射")
    return dict(found)


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
    def from_json(cls, data: Mapping[str, Any], *, source: str = "<run>",
                  path: str = "") -> CollectorReport:
        """A report of a run file; a field of the wrong type is an ``EvidenceError`` at
        ``path``."""
        read = _RunFields(source)
        if not isinstance(data, Mapping):
            raise read.fail(path, f"应为对象，实际为 {type(data).__name__}")
        kinds = read.get(data, path, "kinds", list, [])
        if not all(isinstance(k, str) for k in kinds):
            raise read.fail(f"{path}.kinds", "应为证据类型名称的列表")
        return cls(
            read.get(data, path, "collector", str),
            read.get(data, path, "unit", str),
            tuple(kinds),
            read.get(data, path, "records", int, 0),
            read.get(data, path, "rejected", int, 0),
            read.get(data, path, "error", (str, type(None)), None),
            read.seconds(data, path),
            _kind_errors(read, data, path),
        )


@frozen
class CollectionRun:
    """One run of all collectors: the sidecar ``X.run.json`` of an evidence file ``X.jsonl``.

    ``check`` reads it (found beside the evidence, or given with ``--run``) so that a unit
    whose collector failed gets ``error`` findings instead of silently failing for lack of
    evidence.  ``evidence_sha256`` is the sha256 of the evidence file as ``collect`` wrote it:
    a run file is used only for the evidence file it belongs to.
    """

    ruleset_id: str
    as_of: date
    reports: tuple[CollectorReport, ...] = ()
    started: datetime | None = None
    finished: datetime | None = None
    evidence_sha256: str | None = None  # set when written next to its evidence file

    def failures(self) -> tuple[CollectionFailure, ...]:
        return tuple(failure for r in self.reports for failure in r.failures())

    def to_json(self) -> dict[str, Any]:
        return {
            "schema": RUN_SCHEMA,
            "ruleset_id": self.ruleset_id,
            "as_of": self.as_of.isoformat(),
            "evidence_sha256": self.evidence_sha256,
            "started": self.started.isoformat() if self.started else None,
            "finished": self.finished.isoformat() if self.finished else None,
            "reports": [r.to_json() for r in self.reports],
        }

    @classmethod
    def from_json(cls, data: Any, *, source: str = "<run>") -> CollectionRun:
        """A run of the current format.  An older format (no evidence hash) or a field of the
        wrong type is an ``EvidenceError`` naming ``source`` and the field."""
        read = _RunFields(source)
        if not isinstance(data, Mapping):
            raise read.fail("", f"应为 JSON 对象，实际为 {type(data).__name__}")
        schema = data.get("schema")
        if schema in OLD_RUN_SCHEMAS:
            raise EvidenceError(Problem(
                Location(source, path="schema"),
                f"收集记录是旧版格式（{schema}），没有记下它所属证据文件的校验值，"
                "无法确认与证据文件对应",
                "请用 disclosure-rules collect 重新采集，生成新的证据文件与收集记录",
            ))
        if schema != RUN_SCHEMA:
            raise read.fail("schema", f"不是收集记录（schema 应为 {RUN_SCHEMA}，"
                                      f"实际为 {_short(schema)}）")
        digest = read.get(data, "", "evidence_sha256", (str, type(None)), None)
        if digest is not None and not _is_sha256(digest):
            raise read.fail("evidence_sha256", f"不是 sha256 校验值：{_short(digest)}")
        reports = read.get(data, "", "reports", list, [])
        as_of = read.when(data, "as_of", date.fromisoformat)
        if as_of is None:
            raise read.fail("as_of", "缺少“as_of”")
        return cls(
            read.get(data, "", "ruleset_id", str),
            as_of,
            tuple(CollectorReport.from_json(r, source=source, path=f"reports[{n}]")
                  for n, r in enumerate(reports)),
            read.when(data, "started", datetime.fromisoformat),
            read.when(data, "finished", datetime.fromisoformat),
            digest,
        )

    def write(self, path: str | Path) -> None:
        Path(path).write_text(json.dumps(self.to_json(), ensure_ascii=False, indent=2) + "\n",
                              encoding="utf-8")

    @classmethod
    def read(cls, path: str | Path) -> CollectionRun:
        """Read a run file: bounded in size, strict UTF-8 JSON of the current format.

        :raises EvidenceError: in Chinese, naming the file (and the field), for a file that
            cannot be read, is empty, is not JSON, is of an older format or the wrong shape."""
        name = str(path)

        def refuse(message: str, hint: str | None = None) -> EvidenceError:
            return EvidenceError(Problem(Location(name), message, hint))

        try:
            size = Path(path).stat().st_size
            if size > MAX_RUN_BYTES:
                raise refuse(f"收集记录文件过大（{size} 字节，上限 {MAX_RUN_BYTES} 字节），"
                             "不是 disclosure-rules collect 写的收集记录")
            data = Path(path).read_bytes()
        except OSError as exc:
            raise refuse(f"无法读取收集记录：{exc.strerror or exc}") from None
        if not data.strip():
            raise refuse("收集记录文件是空的", "请重新运行 disclosure-rules collect 生成")
        try:
            parsed = json.loads(data.decode("utf-8-sig"))
        except UnicodeDecodeError as exc:
            raise refuse(f"收集记录不是 UTF-8 编码（第 {exc.start + 1} 字节处）") from None
        except json.JSONDecodeError as exc:
            raise EvidenceError(Problem(
                Location(name, exc.lineno, exc.colno),
                "收集记录不是合法的 JSON",
                "文件可能已损坏或被截断；请重新运行 disclosure-rules collect 生成",
            )) from None
        except ValueError as exc:  # an integer of more digits than Python converts
            raise refuse(f"收集记录中有无法读取的数值：{exc}") from None
        except RecursionError:
            raise refuse("收集记录的 JSON 嵌套层数过多，不是收集记录") from None
        return cls.from_json(parsed, source=name)


def _is_sha256(text: str) -> bool:
    return len(text) == 64 and all(c in "0123456789abcdef" for c in text)
