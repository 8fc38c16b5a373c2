"""One door for evidence: records given to the API (``evaluate``, ``Evaluator.add``,
``check_evidence``) are checked against the rule set exactly like JSON Lines and collector
records — types coerced or rejected with the field path, keys and links normalised, identity by
the full content hash — and a unit may be named by its name or alias wherever its id is
accepted."""

from __future__ import annotations

import json
from datetime import date

import attrs
import pytest

from disclosure_rules import (
    CollectionFailure,
    Evaluator,
    Evidence,
    InputError,
    Status,
    check_evidence,
    evaluate,
    load_evidence,
)
from disclosure_rules.engine.evaluator import BACKENDS, raw_findings
from disclosure_rules.errors import Problem
from disclosure_rules.rules.accompanied import AccompaniedRule
from disclosure_rules.rules.present import PresentRule
from disclosure_rules.ruleset.model import Unit, UnitRegistry, Waiver
from engine_builders import FIXED, ev, ruleset

AS_OF = date(2019, 12, 31)
PRESENT = ruleset([(PresentRule(id="p", evidence="doc"), FIXED)])
ACCOMPANIED = ruleset([(AccompaniedRule(id="a", evidence="doc", companion="interp",
                                        link="policy", within=3), FIXED)])


def statuses(result, rule: str) -> dict[str, str]:
    return {f.unit: f.status.value for f in result.findings if f.rule == rule}


# -- item 1: API evidence is checked, not trusted ----------------------------------------------


@pytest.mark.parametrize("backend", BACKENDS)
def test_api_record_with_an_iso_string_date_counts_as_evidence(backend) -> None:
    record = ev("doc", "u1", "文1", published="2019-03-01")
    result = evaluate(PRESENT, [record], AS_OF, backend=backend)
    assert statuses(result, "p")["u1"] == "pass"
    assert result.rejected == ()
    assert result.evidence_count == 1


@pytest.mark.parametrize("backend", BACKENDS)
def test_api_record_without_its_date_is_rejected_not_silently_ignored(backend) -> None:
    result = evaluate(PRESENT, [ev("doc", "u1", "文1")], AS_OF, backend=backend)
    assert result.evidence_count == 0
    assert len(result.rejected) == 1
    assert "fields.published" in result.rejected[0] and "缺少必填字段" in result.rejected[0]


def test_the_corrected_record_is_accepted_after_the_rejected_one() -> None:
    """The rejected record leaves no trace: sending the corrected one is not a duplicate."""
    evaluator = Evaluator(PRESENT, AS_OF)
    first = evaluator.add([ev("doc", "u1", "文1", published="2019-02-30")])
    assert first.accepted == () and len(first.rejected) == 1
    assert first.rejected[0].location.path == "fields.published"
    second = evaluator.add([ev("doc", "u1", "文1", published=date(2019, 3, 1))])
    assert len(second.accepted) == 1 and second.rejected == ()
    third = evaluator.add([ev("doc", "u1", "文1", published="2019-03-01")])
    assert third.accepted == () and third.rejected == () and third.duplicates == 1
    assert statuses(evaluator.result(), "p")["u1"] == "pass"


def test_evaluator_add_returns_a_frozen_account_of_accepted_and_rejected() -> None:
    evaluator = Evaluator(PRESENT, AS_OF)
    added = evaluator.add([
        ev("doc", "u1", "文1", published="2019-03-01"),
        {"kind": "doc", "unit": "u2", "key": "文2", "fields": {"published": "2019-04-01"}},
        ev("doc", "nobody", "文3", published="2019-03-01"),
        ev("nokind", "u1", "文4"),
    ])
    assert [r.key for r in added.accepted] == ["文1", "文2"]
    assert added.accepted[0].fields["published"] == date(2019, 3, 1)
    assert {p.location.path for p in added.rejected} == {"unit", "kind"}
    assert all(isinstance(p, Problem) for p in added.rejected)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        added.accepted = ()  # type: ignore[misc]
    result = evaluator.result()
    assert len(result.rejected) == 2 and result.evidence_count == 2


def test_check_evidence_turns_a_raw_mapping_or_an_evidence_into_checked_evidence() -> None:
    raw = {"kind": "doc", "unit": "单位u1", "key": " 文1 ", "title": "t",
           "fields": {"published": "2019-03-01"}}
    record, problems = check_evidence(raw, PRESENT)
    assert problems == [] and record is not None
    assert (record.unit, record.key, record.fields["published"]) == ("u1", "文1", date(2019, 3, 1))
    again, problems = check_evidence(Evidence("doc", "u1", "文1", "t",
                                              {"published": "2019-03-01"}), PRESENT)
    assert problems == [] and again == record and again.sha256 == record.sha256
    bad, problems = check_evidence({"kind": "doc", "unit": "u1", "key": "文1",
                                    "fields": {"published": 20190301}}, PRESENT)
    assert bad is None
    assert [p.location.path for p in problems] == ["fields.published"]
    assert "应为日期" in problems[0].message


def test_an_unchecked_evidence_with_values_json_cannot_hold_is_rejected_not_raised() -> None:
    record, problems = check_evidence(ev("doc", "u1", "文1", published={1, 2}), PRESENT)
    assert record is None and [p.location.path for p in problems] == ["fields.published"]


# -- item 2: numeric keys and links (CMS ids) ---------------------------------------------------


@pytest.mark.parametrize("backend", BACKENDS)
def test_int_key_and_int_link_are_decimal_strings_on_every_backend(backend) -> None:
    records = [Evidence("doc", "u1", 4711, "文件", {"published": "2019-03-01"}),
               Evidence("interp", "u2", 9001, "解读", {"published": "2019-03-04", "policy": 4711})]
    result = evaluate(ACCOMPANIED, records, AS_OF, backend=backend)
    assert result.rejected == ()
    (finding,) = [f for f in result.findings if f.unit == "u1"]
    assert (finding.subject, finding.code) == ("item:4711", "window.met")


@pytest.mark.parametrize(("key", "link", "path"), [
    (True, "1", "key"), (1.0, "1", "key"), ("1", False, "fields.policy"),
    ("1", 1.5, "fields.policy"),
])
def test_bool_and_float_keys_and_links_are_rejected_with_the_field(key, link, path) -> None:
    records = [Evidence("doc", "u1", key, "文件", {"published": "2019-03-01"}),
               Evidence("interp", "u2", "解", "解读", {"published": "2019-03-01", "policy": link})]
    added = Evaluator(ACCOMPANIED, AS_OF).add(records)
    assert [p.location.path for p in added.rejected] == [path]


# -- item 3: keys and links normalised in the core ----------------------------------------------


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize(("key", "link"), [
    ("湘潭交通〔2019〕12号 ", "湘潭交通〔2019〕12号 "),
    ("湘潭交通〔2019〕12号", "湘潭交通[2019]12号"),
    ("湘潭交通（２０１９）第012号", " 湘潭交通 〔2019〕12号"),
    ("https://example.org/a b", "https://example.org/a  b "),
])
def test_padded_and_variant_doc_numbers_join_their_interpretation(backend, key, link) -> None:
    records = [ev("doc", "u1", key, published="2019-03-01"),
               ev("interp", "u2", "解1", published="2019-03-04", policy=link)]
    result = evaluate(ACCOMPANIED, records, AS_OF, backend=backend)
    (finding,) = [f for f in result.findings if f.unit == "u1"]
    assert finding.code == "window.met"


def test_jsonl_evidence_from_a_ledger_and_from_the_site_join_on_one_doc_number(tmp_path) -> None:
    lines = [{"kind": "doc", "unit": "u1", "key": "湘潭交通[2019]12号 ",
              "fields": {"published": "2019-03-01"}},
             {"kind": "interp", "unit": "u2", "key": "解1",
              "fields": {"published": "2019-03-04", "policy": "湘潭交通〔2019〕第12号"}}]
    path = tmp_path / "evidence.jsonl"
    path.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines) + "\n",
                    encoding="utf-8")
    batch = load_evidence([path], ACCOMPANIED)
    assert batch.problems == ()
    assert [r.key for r in batch.records] == ["湘潭交通〔2019〕12号", "解1"]
    assert batch.records[1].fields["policy"] == "湘潭交通〔2019〕12号"
    result = evaluate(ACCOMPANIED, batch.records, AS_OF)
    assert [f.code for f in result.findings if f.unit == "u1"] == ["window.met"]


# -- item 9: identity by the full content hash --------------------------------------------------

#: Two contents whose sha256 agree in the first 12 hex digits (48 bits, ``29da7d17e376``) and
#: differ after: a real collision of the short id, found by a birthday search over the keys
#: 文0号 … 文33554431号 of this record (2^25 hashes).
COLLIDING_KEYS = ("文1013769号", "文11429348号")


def test_records_whose_short_ids_collide_are_two_records() -> None:
    a, b = (Evidence("doc", "u1", key, "t", {"published": date(2019, 3, 1)})
            for key in COLLIDING_KEYS)
    assert a.id == b.id and a.sha256 != b.sha256  # the collision is real
    rs = ruleset([(PresentRule(id="p", evidence="doc", min_count=2), FIXED)])
    for backend in BACKENDS:
        result = evaluate(rs, [a, b], AS_OF, backend=backend)
        assert result.evidence_count == 2
        assert statuses(result, "p")["u1"] == "pass", backend
    # the reference evaluator's own de-duplication, without the Evaluator in front of it
    (finding,) = [f for f in raw_findings(rs, [a, b, a], AS_OF, backend="reference")
                  if f.unit == "u1"]
    assert finding.status is Status.PASS
    evaluator = Evaluator(rs, AS_OF)
    assert len(evaluator.add([a]).accepted) == 1
    assert len(evaluator.add([b]).accepted) == 1
    assert len(evaluator.records) == 2


def test_evidence_sha256_is_the_full_hex_hash_and_id_its_short_label() -> None:
    record, _ = check_evidence(ev("doc", "u1", "文1", published="2019-03-01"), PRESENT)
    assert record is not None
    assert len(record.sha256) == 64 and int(record.sha256, 16) >= 0
    assert record.id == f"doc:{record.sha256[:12]}"


# -- a unit's name or alias works wherever its id does -----------------------------------------

NAMED = attrs.evolve(PRESENT, units=UnitRegistry((Unit("u1", "办公室", ("局办公室",)),
                                                 Unit("u2", "法规科"), Unit("u3", "人事科"))))


def test_evidence_from_the_api_may_name_its_unit_by_name_or_alias() -> None:
    records = [ev("doc", "办公室", "文1", published="2019-03-01"),
               ev("doc", "局办公室", "文2", published="2019-03-02"),
               ev("doc", "法规科", "文3", published="2019-03-03")]
    result = evaluate(NAMED, records, AS_OF)
    assert result.rejected == ()
    assert {r for r, s in statuses(result, "p").items() if s == "pass"} == {"u1", "u2"}


def test_waivers_given_through_the_api_may_name_the_unit() -> None:
    waiver = Waiver("p", "人事科", "机构改革", "局长", date(2019, 1, 1))
    by_ruleset = evaluate(attrs.evolve(NAMED, waivers=(waiver,)), [], AS_OF)
    by_with = evaluate(NAMED.with_waivers((waiver,)), [], AS_OF)
    for result in (by_ruleset, by_with):
        assert statuses(result, "p") == {"u1": "fail", "u2": "fail", "u3": "waived"}


def test_collector_failures_given_through_the_api_may_name_the_unit() -> None:
    failure = CollectionFailure("局办公室", "website", "连接超时")
    result = evaluate(NAMED, [], AS_OF, failures=[failure])
    assert statuses(result, "p") == {"u1": "error", "u2": "fail", "u3": "fail"}
    assert [f.status for f in result.findings if f.unit == "u1"] == [Status.ERROR]


def test_an_unknown_unit_in_a_waiver_or_failure_is_an_error_not_ignored() -> None:
    with pytest.raises(InputError, match=r"failures\[0\]\.unit"):
        evaluate(NAMED, [], AS_OF, failures=[CollectionFailure("宣传科", "website", "x")])
    waiver = Waiver("p", "宣传科", "r", "a", date(2019, 1, 1))
    with pytest.raises(InputError, match=r"waivers\[0\]\.unit"):
        evaluate(attrs.evolve(NAMED, waivers=(waiver,)), [], AS_OF)
    waiver = Waiver("q", "人事科", "r", "a", date(2019, 1, 1))
    with pytest.raises(InputError, match=r"waivers\[0\]\.rule"):
        Evaluator(NAMED.with_waivers((waiver,)), AS_OF)
