"""Collector outcomes can never be lost or mismatched: the run file records the sha256 of its
evidence file, ``check`` finds it beside the evidence and uses it only for that file; without
one the result says the outcomes are unknown; a configured plugin that is missing or blocked
fails its units and ``collect`` exits 2."""

from __future__ import annotations

import hashlib
import json
from datetime import date
from pathlib import Path

import pytest
from rich.console import Console

from _plugin_support import MINI
from disclosure_rules import evaluate, load_ruleset
from disclosure_rules.cli import main
from disclosure_rules.collect.config import CollectConfig
from disclosure_rules.collect.plugins import get_plugin_manager
from disclosure_rules.collect.running import unavailable_plugins
from disclosure_rules.errors import EvidenceError
from disclosure_rules.evidence.records import CollectionFailure, CollectionRun, run_path_for
from disclosure_rules.reports.terminal import render

ROOT = Path(__file__).resolve().parent.parent
RULESET = ROOT / "rulesets" / "2019.yaml"
UNKNOWN = "采集失败情况未知"

LATE = {"kind": "enforcement_decision", "unit": "港航事务中心", "key": "潭港航罚〔2019〕25号",
        "title": "罚", "fields": {"decided": "2019-10-10", "decision_type": "行政处罚",
                                 "published": "2019-10-21"}}
PORT_FAILED = {"collector": "website:port", "unit": "port", "kinds": ["enforcement_decision"],
               "records": 1, "rejected": 0, "error": "连接超时", "seconds": 30.0}


@pytest.fixture(scope="module")
def ruleset():
    return load_ruleset(RULESET)


def write_evidence(path: Path) -> Path:
    path.write_text(json.dumps(LATE, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def write_run(path: Path, evidence: Path | None, *, schema: int = 2,
              reports: list | None = None) -> Path:
    data = {"schema": f"disclosure-rules/collection-run/{schema}",
            "ruleset_id": "xiangtan-transport-2019", "as_of": "2019-12-31",
            "reports": [PORT_FAILED] if reports is None else reports}
    if evidence is not None:
        data["evidence_sha256"] = hashlib.sha256(evidence.read_bytes()).hexdigest()
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def check(evidence: Path, *more: str) -> list[str]:
    return ["check", str(RULESET), "--evidence", str(evidence), "--as-of", "2019-12-31", *more]


def port_statuses(out: str) -> set[str]:
    doc = json.loads(out)
    return {f["status"] for f in doc["findings"]
            if f["unit"] == "port" and f["rule"] == "t18-licensing-penalty"}


def test_run_path_is_the_evidence_name_with_run_json():
    assert run_path_for("out/2019.jsonl") == Path("out/2019.run.json")
    assert run_path_for("out/ev") == Path("out/ev.run.json")


def test_check_reads_the_run_file_beside_the_evidence_without_being_told(tmp_path, capsys):
    ev = write_evidence(tmp_path / "e.jsonl")
    write_run(tmp_path / "e.run.json", ev)
    main(check(ev, "--format", "json"))
    out = capsys.readouterr().out
    assert port_statuses(out) == {"error"}  # the failed collector, not 未通过
    assert json.loads(out)["evidence"]["collection_known"] is True


def test_a_run_file_beside_another_evidence_file_is_refused_naming_both(tmp_path, capsys):
    ev = write_evidence(tmp_path / "e.jsonl")
    other = tmp_path / "other.jsonl"
    other.write_text("\n", encoding="utf-8")
    beside = write_run(tmp_path / "e.run.json", other)
    assert main(check(ev)) == 2
    err = capsys.readouterr().err
    assert str(beside) in err and str(ev) in err and "校验值不符" in err


def test_an_explicit_run_file_of_another_evidence_file_is_refused(tmp_path, capsys):
    ev = write_evidence(tmp_path / "e.jsonl")
    other = tmp_path / "other.jsonl"
    other.write_text("\n", encoding="utf-8")
    run = write_run(tmp_path / "other.run.json", other, reports=[])
    assert main(check(ev, "--run", str(run))) == 2
    err = capsys.readouterr().err
    assert str(run) in err and str(ev) in err and "不属于证据文件" in err
    # the same run file given for its own evidence is used
    both = check(ev, "--run", str(run), "--format", "json")
    both[both.index("--evidence") + 1:both.index("--evidence") + 2] = [str(ev), str(other)]
    main(both)
    out = capsys.readouterr().out
    assert port_statuses(out) == {"fail"}  # other's run: nothing failed
    assert json.loads(out)["evidence"]["collection_known"] is False  # e.jsonl has no run


def test_an_explicit_run_file_that_matches_is_used(tmp_path, capsys):
    ev = write_evidence(tmp_path / "e.jsonl")
    run = write_run(tmp_path / "elsewhere.json", ev)
    main(check(ev, "--run", str(run), "--format", "json"))
    assert port_statuses(capsys.readouterr().out) == {"error"}


def test_an_old_run_file_without_the_hash_is_refused_asking_to_collect_again(tmp_path, capsys):
    ev = write_evidence(tmp_path / "e.jsonl")
    old = write_run(tmp_path / "e.run.json", None, schema=1)
    assert main(check(ev)) == 2
    err = capsys.readouterr().err
    assert str(old) in err and "旧版格式" in err and "重新采集" in err
    with pytest.raises(EvidenceError, match="schema"):
        CollectionRun.read(old)


@pytest.mark.parametrize(("content", "message"), [
    (b"", "收集记录文件是空的"),
    (b"{\"schema\": ", "收集记录不是合法的 JSON"),
    (b"\xff\xfe{}", "不是 UTF-8"),
    (b"[1, 2]", "应为 JSON 对象"),
    (b"[" * 100_000, "嵌套层数过多"),
    (json.dumps({"schema": "disclosure-rules/collection-run/2", "ruleset_id": "x",
                 "as_of": "2019-12-31", "reports": [{"collector": 1}]}).encode(),
     "reports[0].collector"),
])
def test_a_broken_run_file_is_a_chinese_error_naming_it(tmp_path, capsys, content, message):
    ev = write_evidence(tmp_path / "e.jsonl")
    run = tmp_path / "bad.run.json"
    run.write_bytes(content)
    assert main(check(ev, "--run", str(run))) == 2
    err = capsys.readouterr().err
    assert str(run) in err and message in err
    assert "Expecting value" not in err and "Traceback" not in err


def test_without_a_run_file_the_output_says_collection_outcomes_are_unknown(tmp_path, capsys):
    ev = write_evidence(tmp_path / "e.jsonl")
    assert main(check(ev)) == 1
    lines = capsys.readouterr().out.rstrip().splitlines()
    warned = next(n for n, line in enumerate(lines) if UNKNOWN in line)
    scored = next(n for n, line in enumerate(lines) if line.startswith("总分"))
    assert warned < scored  # said above the score
    main(check(ev, "--format", "json"))
    assert json.loads(capsys.readouterr().out)["evidence"]["collection_known"] is False
    write_run(tmp_path / "e.run.json", ev, reports=[])
    main(check(ev))
    out = capsys.readouterr().out
    assert UNKNOWN not in out


def test_one_evidence_file_without_its_run_file_leaves_outcomes_unknown(tmp_path, capsys):
    ev = write_evidence(tmp_path / "e.jsonl")
    write_run(tmp_path / "e.run.json", ev)
    more = tmp_path / "more.jsonl"
    more.write_text("\n", encoding="utf-8")
    main(["check", str(RULESET), "--evidence", str(ev), str(more), "--as-of", "2019-12-31",
          "--format", "json"])
    out = capsys.readouterr().out
    assert port_statuses(out) == {"error"}  # the known failure still applies
    assert json.loads(out)["evidence"]["collection_known"] is False


def test_evaluate_without_failures_leaves_outcomes_unknown_and_empty_failures_known(ruleset):
    assert evaluate(ruleset, [], date(2019, 12, 31), backend="index").collection_known is False
    known = evaluate(ruleset, [], date(2019, 12, 31), backend="index", failures=())
    assert known.collection_known is True
    failure = CollectionFailure("port", "website:port", "超时", ("enforcement_decision",))
    assert evaluate(ruleset, [], date(2019, 12, 31), backend="index",
                    failures=[failure]).collection_known is True


def test_terminal_report_says_collection_outcomes_unknown_above_the_score(ruleset):
    console = Console(record=True, width=120)
    render(evaluate(ruleset, [], date(2019, 12, 31), backend="index"), console)
    lines = console.export_text().splitlines()
    warned = next(n for n, line in enumerate(lines) if UNKNOWN in line)
    scored = next(n for n, line in enumerate(lines) if line.startswith("总分"))
    assert warned < scored  # said above the score
    console = Console(record=True, width=120)
    render(evaluate(ruleset, [], date(2019, 12, 31), backend="index", failures=()), console)
    assert UNKNOWN not in console.export_text()


def test_a_missing_plugin_fails_the_units_and_kinds_its_settings_name():
    mini = load_ruleset(MINI)
    config = CollectConfig(plugins={
        "ledger": {"files": [{"unit": "科技科", "path": "a.xlsx", "kind": "publication"}]},
        "elsewhere": {"folder": "x"},
    })
    pm = get_plugin_manager(load_entrypoints=False)
    reports = {r.collector: r for r in unavailable_plugins(pm, config, mini)}
    assert reports["ledger:tech"].kinds == ("publication",)
    assert "ledger:office" not in reports
    # nothing named: every unit, every kind
    assert {r.unit for r in reports.values() if r.collector.startswith("elsewhere:")} == {
        "office", "tech", "port"}
    assert all(r.error and "未安装" in r.error for r in reports.values())


def test_a_blocked_plugin_makes_its_units_findings_error_and_collect_exit_2(
        tmp_path, capsys, monkeypatch):
    folder = tmp_path / "attestations"
    folder.mkdir()
    config = tmp_path / "collect.yaml"
    config.write_text(f"ruleset: {MINI}\nas_of: 2019-12-31\n"
                      "plugins:\n  attestation:\n    folder: attestations\n", encoding="utf-8")
    monkeypatch.setenv("DISCLOSURE_RULES_BLOCK_PLUGINS", "attestation")
    assert main(["collect", str(config), "--out", str(tmp_path / "ev"), "--no-progress"]) == 2
    assert "DISCLOSURE_RULES_BLOCK_PLUGINS" in capsys.readouterr().err
    assert main(["check", str(MINI), "--evidence", str(tmp_path / "ev.jsonl"),
                 "--as-of", "2019-12-31", "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    attested = [f for f in doc["findings"] if f["rule"] == "t2-attested"]
    assert attested and {f["status"] for f in attested} == {"error"}
    assert doc["evidence"]["collection_known"] is True
