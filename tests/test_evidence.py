"""Evidence checking (evidence.check_record / load_evidence) against the 2019 rule set: every
bad shape is rejected with a message naming file:line and the field, and the good records of the
same file are kept."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import attrs
import pytest

from disclosure_rules.engine.evaluator import evaluate
from disclosure_rules.errors import EvidenceError, Location
from disclosure_rules.evidence.records import MAX_TEXT, check_record, load_evidence
from disclosure_rules.results.findings import Status
from disclosure_rules.ruleset.loader import load_ruleset
from disclosure_rules.ruleset.model import EvidenceKind, FieldSpec, FieldType
from engine_builders import ruleset as make_ruleset

RULESET = Path(__file__).resolve().parent.parent / "rulesets" / "2019.yaml"

GOOD = {"kind": "enforcement_decision", "unit": "港航事务中心", "key": "潭港航罚〔2019〕25号",
        "title": "行政处罚决定公示",
        "fields": {"decided": "2019-10-10", "decision_type": "行政处罚",
                   "published": "2019-10-21"}}


@pytest.fixture(scope="module")
def ruleset():
    return load_ruleset(RULESET)


def variant(**changes) -> dict:
    record = json.loads(json.dumps(GOOD, ensure_ascii=False))
    for path, value in changes.items():
        target = record
        *parents, leaf = path.split("__")
        for p in parents:
            target = target[p]
        if value is DELETE:
            del target[leaf]
        else:
            target[leaf] = value
    return record


DELETE = object()

BAD = [  # (what is wrong, the record, the field path named, words of the message)
    ("missing required field", variant(fields__decision_type=DELETE),
     "fields.decision_type", "缺少必填字段“决定类别”"),
    ("wrong type", variant(fields__decision_type=3), "fields.decision_type", "之一，实际为 3"),
    ("date that is not a date", variant(fields__published="十月二十一日"), "fields.published",
     "应为日期（YYYY-MM-DD），实际为 '十月二十一日'"),
    ("impossible date", variant(fields__decided="2019-02-30"), "fields.decided", "应为日期"),
    ("unknown unit", variant(unit="港航局"), "unit", "未知的单位“港航局”"),
    ("unknown kind", variant(kind="enforcement_decisions"), "kind",
     "未声明的证据类型“enforcement_decisions”（是否想写：enforcement_decision"),
    ("unknown field with did-you-mean", variant(fields__publised="2019-10-21"),
     "fields.publised", "没有字段“publised”（是否想写：published"),
    ("unknown top-level key", variant(titel="x"), "titel", "未知的键“titel”（是否想写：title"),
    ("oversize text", variant(fields__url="h" * 2001), "fields.url",
     "文本过长（2001 字，上限 2000）"),
    ("oversize title", variant(title="长" * (MAX_TEXT + 1)), "title", "不超过 20000 字"),
    ("missing key", variant(key=DELETE), "key", "缺少记录标识 key"),
    ("a group is not a unit", variant(unit="局属各单位"), "unit", "是单位组"),
]


@pytest.mark.parametrize(("what", "raw", "path", "words"), BAD, ids=[b[0] for b in BAD])
def test_check_record_rejects_each_bad_shape_naming_the_field(ruleset, what, raw, path, words):
    record, problems = check_record(raw, ruleset, location=Location("e.jsonl", 7))
    assert record is None, what
    text = "\n".join(str(p) for p in problems)
    assert f"e.jsonl:7: {path}: " in text and words in text, text


def test_a_kinds_date_field_is_required_even_when_not_declared_required():
    # without its date the engine can place a record neither before nor after as_of; it used
    # to be accepted and then silently ignored by every rule
    rs = make_ruleset([])
    kind = EvidenceKind("dated", "有日期", (FieldSpec("on", FieldType.DATE),), date_field="on")
    rs = attrs.evolve(rs, evidence_kinds=(*rs.evidence_kinds, kind))
    record, problems = check_record({"kind": "dated", "unit": "u1", "key": "k1"}, rs,
                                    location=Location("x.jsonl", 1))
    assert record is None
    assert str(problems[0]) == "x.jsonl:1: fields.on: 缺少必填字段“on”（它是该类型的日期字段）"
    record, problems = check_record({"kind": "dated", "unit": "u1", "key": "k1",
                                     "fields": {"on": "2019-01-02"}}, rs,
                                    location=Location("x.jsonl", 2))
    assert problems == [] and record.date("on") == date(2019, 1, 2)


@pytest.mark.parametrize(("text", "read"), [
    ("2019-03-01", date(2019, 3, 1)), (" 2019-03-01 ", date(2019, 3, 1)),
    ("2019-03-01T10:30:00", date(2019, 3, 1)), ("2019-03-01 10:30", date(2019, 3, 1)),
    ("2019-03-01T23:59:59+08:00", date(2019, 3, 1)),
    ("2019-03-01x", None), ("2019-03-01 上午", None), ("2019-03-012", None), ("2019-13-01", None),
])
def test_a_date_text_is_a_date_or_a_date_and_time_never_a_date_with_garbage_cut_off(text, read):
    # “2019-03-01x” used to be cut to its first 10 characters and read as 2019-03-01
    rs = make_ruleset([])
    kind = EvidenceKind("dated", "有日期", (FieldSpec("on", FieldType.DATE),), date_field="on")
    rs = attrs.evolve(rs, evidence_kinds=(*rs.evidence_kinds, kind))
    record, problems = check_record({"kind": "dated", "unit": "u1", "key": "k1",
                                     "fields": {"on": text}}, rs, location=Location("x.jsonl", 3))
    if read is None:
        assert record is None
        assert str(problems[0]).startswith("x.jsonl:3: fields.on: 字段“on”应为日期（YYYY-MM-DD）")
    else:
        assert problems == [] and record.date("on") == read


def test_good_record_is_checked_and_typed(ruleset):
    record, problems = check_record(GOOD, ruleset, location=Location("e.jsonl", 1))
    assert problems == []
    assert record.unit == "port" and record.date("decided") == date(2019, 10, 10)
    assert record.id.startswith("enforcement_decision:") and len(record.id) == 33


def _write_lines(path: Path, lines: list[bytes]) -> None:
    path.write_bytes(b"\n".join(lines) + b"\n")


def test_load_evidence_reports_every_bad_line_and_keeps_the_good_ones(tmp_path, ruleset):
    good2 = variant(key="潭港航罚〔2019〕21号", fields__decided="2019-09-24",
                    fields__published="2019-10-08")
    lines = [json.dumps(GOOD, ensure_ascii=False).encode(),
             json.dumps(variant(fields__decided="2019-13-01"), ensure_ascii=False).encode(),
             b"{not json",
             "潭港航罚 GBK 行".encode("gbk"),
             b"",
             json.dumps(variant(unit="港航局"), ensure_ascii=False).encode(),
             b"[1, 2]",
             json.dumps(good2, ensure_ascii=False).encode()]
    path = tmp_path / "e.jsonl"
    _write_lines(path, lines)
    batch = load_evidence([path], ruleset)
    assert sorted(r.key for r in batch.records) == ["潭港航罚〔2019〕21号", "潭港航罚〔2019〕25号"]
    text = [str(p) for p in batch.problems]
    assert text[0].startswith(f"{path}:2: fields.decided: 字段“决定日期”应为日期")
    assert text[1].startswith(f"{path}:3: 不是合法的 JSON")
    assert text[2].startswith(f"{path}:4: 不是 UTF-8 编码")
    assert text[3].startswith(f"{path}:6: unit: 未知的单位“港航局”")
    assert text[4].startswith(f"{path}:7: 证据应为 JSON 对象")
    assert len(text) == 5


def test_a_utf8_bom_is_accepted_and_a_gbk_file_is_refused_naming_its_line(tmp_path, ruleset):
    bom = tmp_path / "bom.jsonl"
    bom.write_bytes(b"\xef\xbb\xbf" + json.dumps(GOOD, ensure_ascii=False).encode() + b"\n")
    assert len(load_evidence([bom], ruleset).records) == 1
    gbk = tmp_path / "gbk.jsonl"
    gbk.write_bytes(json.dumps(GOOD, ensure_ascii=False).encode("gbk") + b"\n")
    # every line unreadable: not evidence with a gap but a file in the wrong encoding
    with pytest.raises(EvidenceError) as caught:
        load_evidence([gbk], ruleset)
    assert f"{gbk}:1: 不是 UTF-8" in str(caught.value)


def test_missing_evidence_file_is_an_evidence_error_naming_the_file(tmp_path, ruleset):
    with pytest.raises(EvidenceError, match=r"absent\.jsonl: 无法读取证据文件"):
        load_evidence([tmp_path / "absent.jsonl"], ruleset)


def test_rejected_records_are_listed_in_the_result_and_do_not_count(tmp_path, ruleset):
    path = tmp_path / "e.jsonl"
    _write_lines(path, [json.dumps(GOOD, ensure_ascii=False).encode(), b"{"])
    batch = load_evidence([path], ruleset)
    result = evaluate(ruleset, batch.records, date(2019, 12, 31), backend="index",
                      rejected=batch.problems)
    assert result.evidence_count == 1 and result.rejected[0].startswith(f"{path}:2:")
    late = next(f for f in result.findings if f.subject == "item:潭港航罚〔2019〕25号"
                and f.rule == "t18-licensing-penalty")
    assert late.status is Status.FAIL
