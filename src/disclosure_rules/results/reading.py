"""Reading a Result back from its JSON form, version 2 or version 1.

Every problem names the file and the field (``result.json: findings[3].status: …``); nothing is
guessed.  A version-1 result has no rule descriptions (reports name such rules by id), cites
evidence by id only, and holds task scores as ``weight × fraction``: they are recomputed on the
0–100 scale from the task's own counts, which is exactly what version 2 stores.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from ..errors import InputError, Location, Problem
from .findings import (
    READABLE_SCHEMAS,
    SCHEMA_V1,
    EvidenceRef,
    Finding,
    RuleInfo,
    Status,
    StoreRef,
    TaskSummary,
    UnitSummary,
)


class _Bad(Exception):
    def __init__(self, path: str, message: str) -> None:
        super().__init__(message)
        self.path = path
        self.message = message


def result_fields(data: Any, source: str) -> dict[str, Any]:
    """The keyword arguments of :class:`~disclosure_rules.results.result.Result` read from its
    JSON form (``Result.from_json`` builds the Result from them).

    :raises InputError: naming ``source`` and the field.
    """
    try:
        return _result(data)
    except _Bad as bad:
        raise InputError(Problem(Location(source, path=bad.path), bad.message),
                         summary=f"{source} 不是可读的检查结果") from None


def _get(obj: Any, key: str, path: str, types: type | tuple[type, ...], *,
         default: Any = ..., nullable: bool = False) -> Any:
    if not isinstance(obj, Mapping):
        raise _Bad(path, "应为对象（JSON object）")
    where = f"{path}.{key}" if path else key
    if key not in obj:
        if default is not ...:
            return default
        raise _Bad(where, "缺少此字段")
    value = obj[key]
    if value is None and nullable:
        return None
    if isinstance(value, bool) and bool not in (types if isinstance(types, tuple) else (types,)):
        raise _Bad(where, f"类型不对：{value!r}")
    if not isinstance(value, types):
        raise _Bad(where, f"类型不对：{value!r}")
    return value


def _date(text: Any, path: str) -> date:
    try:
        return date.fromisoformat(text)
    except (TypeError, ValueError):
        raise _Bad(path, f"应为日期 YYYY-MM-DD，实际为 {text!r}") from None


def _status(text: Any, path: str) -> Status:
    try:
        return Status(text)
    except ValueError:
        known = "、".join(s.value for s in Status)
        raise _Bad(path, f"未知的状态 {text!r}（可用：{known}）") from None


def _counts(obj: Any, path: str) -> dict[str, int]:
    return {s.value: _get(obj, s.value, path, int) for s in Status}


def _score(obj: Any, path: str) -> float | None:
    value = _get(obj, "score", path, (int, float), nullable=True)
    return None if value is None else float(value)


def _result(data: Any) -> dict[str, Any]:
    schema = _get(data, "schema", "", str)
    if schema not in READABLE_SCHEMAS:
        raise _Bad("schema", f"不支持的结果版本 {schema!r}（可读：{'、'.join(READABLE_SCHEMAS)}）")
    v1 = schema == SCHEMA_V1
    engine = _get(data, "engine", "", dict)
    ruleset = _get(data, "ruleset", "", dict)
    evidence = _get(data, "evidence", "", dict)
    tasks = []
    for n, t in enumerate(_get(data, "tasks", "", list)):
        path = f"tasks[{n}]"
        counts = _counts(_get(t, "counts", path, dict), f"{path}.counts")
        score = _score(t, path)
        if v1 and score is not None:  # weight × fraction then; 100 × fraction now
            decided = counts["pass"] + counts["fail"]
            score = 100 * counts["pass"] / decided if decided else None
        heading = _get(t, "heading", path, list, default=[])
        tasks.append(TaskSummary(
            _get(t, "number", path, int), _get(t, "requirement", path, str),
            float(_get(t, "weight", path, (int, float))), counts, score,
            tuple(str(h) for h in heading), _get(t, "responsible", path, str, default=""),
            _get(t, "deadline", path, str, default=""), _get(t, "note", path, str, default="")))
    units = []
    for n, u in enumerate(_get(data, "units", "", list)):
        path = f"units[{n}]"
        units.append(UnitSummary(_get(u, "unit", path, str), _get(u, "name", path, str),
                                 _counts(_get(u, "counts", path, dict), f"{path}.counts"),
                                 _score(u, path)))
    rules = []
    for n, r in enumerate(_get(data, "rules", "", list, default=[])):
        path = f"rules[{n}]"
        rules.append(RuleInfo(_get(r, "id", path, str), _get(r, "task", path, int),
                              _get(r, "kind", path, str), _get(r, "description", path, str)))
    records: dict[str, EvidenceRef] = {}
    findings = []
    for n, f in enumerate(_get(data, "findings", "", list)):
        findings.append(_finding(f, f"findings[{n}]", records))
    if not rules:  # version 1: the rules are known by id only
        seen: dict[str, RuleInfo] = {}
        for f in findings:
            seen.setdefault(f.rule, RuleInfo(f.rule, f.task, f.rule_kind))
        rules = list(seen.values())
    timings = _get(data, "timings", "", dict, default={})
    return {
        "ruleset_id": _get(ruleset, "id", "ruleset", str),
        "ruleset_title": _get(ruleset, "title", "ruleset", str),
        "ruleset_year": _get(ruleset, "year", "ruleset", int),
        "ruleset_sha256": _get(ruleset, "sha256", "ruleset", str),
        "evidence_count": _get(evidence, "count", "evidence", int),
        "evidence_sha256": _get(evidence, "sha256", "evidence", str),
        "as_of": _date(_get(data, "as_of", "", str), "as_of"),
        "lang": _get(data, "lang", "", str),
        "backend": _get(engine, "backend", "engine", str),
        "findings": tuple(findings), "tasks": tuple(tasks), "units": tuple(units),
        "score": _score(data, ""),
        "timings": {str(k): float(v) for k, v in timings.items() if isinstance(v, int | float)},
        "rejected": tuple(str(p) for p in _get(evidence, "rejected", "evidence", list)),
        "engine_version": _get(engine, "version", "engine", str, default=""),
        "collection_known": _get(evidence, "collection_known", "evidence", bool, default=True),
        "rules": tuple(rules), "records": records, "store": _store(data),
    }


def _store(data: Any) -> StoreRef | None:
    """The optional ``store`` object: where a result checked from an evidence store is kept."""
    store = _get(data, "store", "", dict, default=None, nullable=True)
    if store is None:
        return None
    head = _get(store, "chain_head", "store", str)
    if len(head) != 64 or any(c not in "0123456789abcdef" for c in head):
        raise _Bad("store.chain_head", f"应为 64 位十六进制哈希，实际为 {head!r}")
    return StoreRef(head, _get(store, "run", "store", int),
                    _get(store, "check", "store", int, nullable=True, default=None))


def _finding(f: Any, path: str, records: dict[str, EvidenceRef]) -> Finding:
    ids = []
    for n, item in enumerate(_get(f, "evidence", path, list)):
        where = f"{path}.evidence[{n}]"
        if isinstance(item, str):  # version 1
            ids.append(item)
            continue
        ref = EvidenceRef(_get(item, "id", where, str), _get(item, "key", where, str, default=""),
                          _get(item, "title", where, str, default=""),
                          _get(item, "source", where, str, default=""))
        records.setdefault(ref.id, ref)
        ids.append(ref.id)
    due = _get(f, "due", path, str, nullable=True, default=None)
    would_be = _get(f, "would_be", path, str, nullable=True, default=None)
    return Finding(
        _get(f, "rule", path, str), _get(f, "rule_kind", path, str), _get(f, "task", path, int),
        _get(f, "unit", path, str), _get(f, "subject", path, str),
        _status(_get(f, "status", path, str), f"{path}.status"), _get(f, "code", path, str),
        _get(f, "detail", path, dict, default={}), tuple(ids),
        None if due is None else _date(due, f"{path}.due"), _get(f, "reason", path, str),
        None if would_be is None else _status(would_be, f"{path}.would_be"),
        _get(f, "waiver", path, dict, nullable=True, default=None))
