"""A result checked from the evidence store says where it is kept — the collection run, the
check it was stored as and the hash chain's head — in its JSON (optional key ``store`` of
``disclosure-rules/result/2``) and in every report; a result of evidence files says nothing."""

from __future__ import annotations

import copy
import io
import json
from datetime import date
from pathlib import Path

import attrs
import pytest
from openpyxl import load_workbook
from rich.console import Console

from disclosure_rules.errors import InputError
from disclosure_rules.findings import Result, StoreRef
from disclosure_rules.plugins import get_plugin_manager, get_report_writers
from disclosure_rules.reports.terminal import render
from disclosure_rules.reports.writer import ReportOptions
from disclosure_rules.ruleset_loader import load_ruleset, load_waivers
from disclosure_rules.store import Store

jsonschema = pytest.importorskip("jsonschema")

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
SCHEMA = json.loads((ROOT / "docs" / "result-schema.json").read_text(encoding="utf-8"))
AS_OF = date(2019, 12, 31)


@pytest.fixture(scope="module")
def checked(tmp_path_factory):
    """(stored check, dry-run check, head after both) of the demo evidence imported into a
    real store file."""
    ruleset = load_ruleset(ROOT / "rulesets" / "2019.yaml")
    ruleset = ruleset.with_waivers(load_waivers(EXAMPLES / "waivers-2019.yaml", ruleset))
    db = tmp_path_factory.mktemp("store") / "office.db"
    with Store(db) as store:
        store.import_evidence(EXAMPLES / "evidence" / "2019.jsonl", ruleset)
        stored = store.check(ruleset, AS_OF)
        dry = store.check(ruleset, AS_OF, dry_run=True)
        head = store.head()
        assert store.verify().ok
    return stored, dry, head, db


@pytest.fixture(scope="module")
def writers():
    return get_report_writers(get_plugin_manager(load_entrypoints=False))


def test_a_stored_check_names_its_run_its_check_and_the_head_after_storing(checked):
    stored, _, head, _ = checked
    assert stored.check is not None
    assert stored.result.store == StoreRef(head, stored.run.id, stored.check.id)
    assert stored.head == head != stored.check.chain_head  # the result's own link is in it


def test_a_dry_run_names_the_run_and_the_head_it_read_but_no_check(checked):
    _, dry, head, _ = checked
    assert dry.check is None
    assert dry.result.store == StoreRef(head, dry.run.id, None)


def test_the_stored_json_is_the_result_without_where_it_is_kept(checked):
    stored, _, _, db = checked
    assert stored.check is not None
    data = json.loads(json.dumps(stored.result.to_json(), ensure_ascii=False))
    kept = data.pop("store")
    assert kept == {"chain_head": stored.head, "run": stored.run.id, "check": stored.check.id}
    with Store(db, create=False) as store:
        assert store.result_json(stored.check.id) == data


def test_the_store_key_validates_and_reads_back(checked):
    validator = jsonschema.Draft202012Validator(SCHEMA)
    for which in checked[:2]:
        stream = io.StringIO()
        which.result.write_json(stream)
        data = json.loads(stream.getvalue())
        validator.validate(data)
        assert Result.from_json(data).store == which.result.store
        assert json.loads(json.dumps(Result.from_json(data).to_json())) == data


def test_a_result_of_evidence_files_has_no_store_key(checked):
    plain = attrs.evolve(checked[0].result, store=None)
    data = plain.to_json()
    assert "store" not in data
    jsonschema.Draft202012Validator(SCHEMA).validate(data)
    assert Result.from_json(data).store is None


@pytest.mark.parametrize(("change", "field"), [
    (lambda s: s.update(chain_head="abc"), "store.chain_head"),
    (lambda s: s.update(run="1"), "store.run"),
    (lambda s: s.pop("chain_head"), "store.chain_head"),
    (lambda s: s.update(check=True), "store.check"),
])
def test_a_broken_store_key_is_named_with_its_field(checked, change, field):
    data = copy.deepcopy(checked[0].result.to_json())
    change(data["store"])
    assert not jsonschema.Draft202012Validator(SCHEMA).is_valid(data)
    with pytest.raises(InputError) as raised:
        Result.from_json(data, source="result.json")
    assert f"result.json: {field}" in str(raised.value)


def shown(result: Result, writers, lang: str) -> dict[str, str]:
    """What the terminal, Markdown, HTML and XLSX reports show, as text."""
    console = Console(file=io.StringIO(), width=200, color_system=None)
    render(result, console, lang=lang)
    texts = {"terminal": console.file.getvalue()}
    for name in ("md", "html", "xlsx"):
        stream = io.BytesIO()
        writers[name].write(result, stream, ReportOptions(lang=lang))
        if name == "xlsx":
            book = load_workbook(io.BytesIO(stream.getvalue()))
            texts[name] = "\n".join(str(cell) for ws in book.worksheets
                                    for row in ws.iter_rows(values_only=True) for cell in row
                                    if cell is not None)
        else:
            texts[name] = stream.getvalue().decode("utf-8")
    return texts


@pytest.mark.parametrize(("lang", "words"), [
    ("zh", "证据库：收集 #{run}，检查 #{check}；链头哈希 {head}"),
    ("en", "Evidence store: run #{run}, check #{check}; chain head {head}"),
])
def test_every_report_shows_the_run_the_check_and_the_whole_chain_head(checked, writers, lang,
                                                                       words):
    stored = checked[0]
    assert stored.check is not None
    result = attrs.evolve(stored.result, lang=lang)
    line = words.format(run=stored.run.id, check=stored.check.id, head=stored.head)
    for name, text in shown(result, writers, lang).items():
        assert line.replace("#", "\\#") in text if name == "md" else line in text, name


def test_a_dry_run_report_says_the_result_was_not_stored(checked, writers):
    dry = checked[1]
    line = f"证据库：收集 #{dry.run.id}，结果未存入；链头哈希 {dry.head}"
    for name, text in shown(dry.result, writers, "zh").items():
        assert (line.replace("#", "\\#") if name == "md" else line) in text, name


def test_reports_of_evidence_files_show_no_store(checked, writers):
    plain = attrs.evolve(checked[0].result, store=None)
    for name, text in shown(plain, writers, "zh").items():
        assert checked[0].head not in text and "收集 #1" not in text, name
