"""docs/result-schema.json (JSON Schema 2020-12) describes Result.to_json(): a real Result of the
2019 rule set over the demo evidence (every status present) validates; broken documents do
not."""

from __future__ import annotations

import copy
import json
from datetime import date
from pathlib import Path

import attrs
import pytest

from disclosure_rules.engine.evaluator import evaluate
from disclosure_rules.evidence.records import CollectionRun, load_evidence
from disclosure_rules.ruleset.loader import load_ruleset, load_waivers

jsonschema = pytest.importorskip("jsonschema")

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = json.loads((ROOT / "docs" / "result-schema.json").read_text(encoding="utf-8"))
EXAMPLES = ROOT / "examples"


@pytest.fixture(scope="module")
def validator():
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    return jsonschema.Draft202012Validator(SCHEMA)


@pytest.fixture(scope="module")
def document() -> dict:
    ruleset = load_ruleset(ROOT / "rulesets" / "2019.yaml")
    ruleset = attrs.evolve(ruleset, waivers=load_waivers(EXAMPLES / "waivers-2019.yaml", ruleset))
    batch = load_evidence([EXAMPLES / "evidence" / "2019.jsonl"], ruleset)
    failures = CollectionRun.read(EXAMPLES / "evidence" / "2019.run.json").failures()
    result = evaluate(ruleset, batch.records, date(2019, 12, 31), failures=failures)
    return json.loads(json.dumps(result.to_json(), ensure_ascii=False))


def test_a_real_2019_result_with_every_status_validates(validator, document):
    assert {f["status"] for f in document["findings"]} == {
        "pass", "fail", "pending", "waived", "error", "not_applicable"}
    validator.validate(document)


def _break(doc: dict, how: str) -> dict:
    doc = copy.deepcopy(doc)
    first = doc["findings"][0]
    waived = next(f for f in doc["findings"] if f["status"] == "waived")
    if how == "unknown status":
        first["status"] = "passed"
    elif how == "missing findings":
        del doc["findings"]
    elif how == "other schema version":
        doc["schema"] = "disclosure-rules/result/3"
    elif how == "as_of not a date":
        doc["as_of"] = "31/12/2019"
    elif how == "waived without its waiver":
        waived["waiver"] = None
    elif how == "waived that would have passed":
        waived["would_be"] = "pass"
    elif how == "pass carrying would_be":
        first["would_be"] = "fail"
    elif how == "unknown finding key":
        first["verdict"] = "ok"
    elif how == "counts missing a status":
        del doc["counts"]["waived"]
    elif how == "score over 100":
        doc["score"] = 140
    elif how == "subject of no known shape":
        first["subject"] = "whole bureau"
    elif how == "sha256 not hex":
        doc["ruleset"]["sha256"] = "xyz"
    return doc


BROKEN = ["unknown status", "missing findings", "other schema version", "as_of not a date",
          "waived without its waiver", "waived that would have passed", "pass carrying would_be",
          "unknown finding key", "counts missing a status", "score over 100",
          "subject of no known shape", "sha256 not hex"]


@pytest.mark.parametrize("how", BROKEN)
def test_a_broken_document_does_not_validate(validator, document, how):
    assert list(validator.iter_errors(_break(document, how))), how
