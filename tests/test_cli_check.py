"""``disclosure-rules check`` as a user runs it: exit codes (0 nothing failed, 1 a finding
failed, 2 bad input), bad evidence lines on stderr with file:line while the rest is evaluated,
JSON output valid against docs/result-schema.json, English reasons, ``--run`` turning a failed
collector into error findings — and never a traceback."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

from disclosure_rules.cli import main

ROOT = Path(__file__).resolve().parent.parent
RULESET = ROOT / "rulesets" / "2019.yaml"
SCHEMA = json.loads((ROOT / "docs" / "result-schema.json").read_text(encoding="utf-8"))


def decision(key: str, decided: str, published: str | None, unit: str = "港航事务中心",
             kind: str = "行政处罚") -> dict:
    fields = {"decided": decided, "decision_type": kind}
    if published:
        fields["published"] = published
    return {"kind": "enforcement_decision", "unit": unit, "key": key, "title": key,
            "fields": fields}


ON_TIME = decision("潭港航罚〔2019〕21号", "2019-09-24", "2019-10-08")  # 6 WD
LATE = decision("潭港航罚〔2019〕25号", "2019-10-10", "2019-10-21")  # 8 WD: fail


def write_jsonl(path: Path, rows: list) -> Path:
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r, ensure_ascii=False))
                            + "\n" for r in rows), encoding="utf-8")
    return path


def check(*args: str) -> list[str]:
    return ["check", str(RULESET), *args]


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "disclosure_rules.cli", *args],
                          capture_output=True, text=True, encoding="utf-8", timeout=120)


#: rules are named in the office's words: t18-licensing-penalty's description
T18 = "行政许可、行政处罚决定自作出之日起7个工作日内公示（双公示）"


@pytest.fixture(autouse=True)
def wide_terminal(monkeypatch):
    """One finding per line: the terminal report wraps at the terminal's width."""
    monkeypatch.setenv("COLUMNS", "400")


def only_rule(out: str, description: str) -> list[str]:
    return [line.strip() for line in out.splitlines() if description in line]


def summary_line(out: str, label: str) -> str:
    return next(line for line in out.splitlines() if line.startswith(label))


def test_exit_1_when_a_finding_failed_and_the_failure_is_named(tmp_path, capsys):
    ev = write_jsonl(tmp_path / "e.jsonl", [ON_TIME, LATE])
    assert main(check("--evidence", str(ev), "--as-of", "2019-12-31", "--all")) == 1
    out = capsys.readouterr().out
    lines = only_rule(out, T18)
    assert any(line.startswith("[未通过]第18项") and "潭港航罚〔2019〕25号" in line
               and "2019-10-18" in line for line in lines)
    assert any(line.startswith("[通过]第18项") and "潭港航罚〔2019〕21号" in line
               for line in lines)
    assert "未通过" in summary_line(out, "总分") and "通过" in summary_line(out, "总分")


def test_without_all_only_what_needs_action_is_listed(tmp_path, capsys):
    ev = write_jsonl(tmp_path / "e.jsonl", [ON_TIME, LATE])
    assert main(check("--evidence", str(ev), "--as-of", "2019-12-31")) == 1
    out = capsys.readouterr().out
    assert any("25号" in line for line in only_rule(out, T18))
    assert not any(line.startswith(("[通过]", "[不适用]", "[未到期]"))
                   for line in map(str.strip, out.splitlines()))


def test_exit_0_when_nothing_failed(tmp_path, capsys):
    # as of 2019-01-02 the dated duties of the 2019 rule set are pending; the website and
    # 政务新媒体 freshness rules pass on updates of 2019-01-02
    def update(column: str, column_type: str) -> dict:
        return {"kind": "site_update", "unit": "科技科", "key": f"{column}/1", "title": column,
                "fields": {"updated": "2019-01-02", "column": column, "column_type": column_type}}

    post = {"kind": "new_media_post", "unit": "科技科", "key": "wx/1", "title": "元旦出行",
            "fields": {"posted": "2019-01-02", "account": "湘潭交通"}}
    ev = write_jsonl(tmp_path / "e.jsonl", [update("首页", "首页"), update("交通要闻", "动态要闻"),
                                           update("通知公告", "通知公告"),
                                           update("人事信息", "人事"), post])
    assert main(check("--evidence", str(ev), "--as-of", "2019-01-02", "--all")) == 0
    out = capsys.readouterr().out
    assert "[未通过]" not in out and "[未到期]" in out and "[通过]" in out


@pytest.mark.parametrize(("args", "message"), [
    (["--evidence", "{tmp}/absent.jsonl", "--as-of", "2019-12-31"],
     "absent.jsonl: 无法读取证据文件"),
    (["--evidence", "{ev}", "--as-of", "2019-13-01"], "日期应写成 YYYY-MM-DD：2019-13-01"),
    (["--evidence", "{ev}", "--as-of", "昨天"], "日期应写成 YYYY-MM-DD"),
    (["--evidence", "{ev}", "--as-of", "2019-12-31", "--run", "{tmp}/absent.run.json"],
     "无法读取收集记录"),
])
def test_bad_input_exits_2_with_a_message_and_no_traceback(tmp_path, args, message):
    ev = write_jsonl(tmp_path / "e.jsonl", [ON_TIME])
    args = [a.format(tmp=tmp_path, ev=ev) for a in args]
    result = run_cli(*check(*args))
    assert result.returncode == 2, result.stderr
    assert message in result.stderr and "Traceback" not in result.stderr


def test_bad_ruleset_exits_2_with_located_errors(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(RULESET.read_text(encoding="utf-8").replace("within: 7", "withn: 7"),
                   encoding="utf-8")
    ev = write_jsonl(tmp_path / "e.jsonl", [ON_TIME])
    result = run_cli("check", str(bad), "--evidence", str(ev), "--as-of", "2019-12-31")
    assert result.returncode == 2
    assert f"{bad}:" in result.stderr and "withn" in result.stderr
    assert "Traceback" not in result.stderr
    missing = run_cli("check", str(tmp_path / "none.yaml"), "--evidence", str(ev),
                      "--as-of", "2019-12-31")
    assert missing.returncode == 2 and "Traceback" not in missing.stderr


def test_bad_evidence_lines_go_to_stderr_with_file_line_and_the_rest_is_evaluated(tmp_path,
                                                                                   capsys):
    bad_date = decision("潭港航罚〔2019〕26号", "十月十日", "2019-10-21")
    ev = write_jsonl(tmp_path / "e.jsonl", [ON_TIME, bad_date, "{oops", LATE])
    assert main(check("--evidence", str(ev), "--as-of", "2019-12-31", "--all")) == 1
    captured = capsys.readouterr()
    assert f"{ev}:2: fields.decided: 字段“决定日期”应为日期" in captured.err
    assert f"{ev}:3: 不是合法的 JSON" in captured.err
    assert "潭港航罚〔2019〕25号" in captured.out and "潭港航罚〔2019〕21号" in captured.out
    assert "26号" not in captured.out


def test_json_output_validates_against_the_schema(tmp_path, capsys):
    jsonschema = pytest.importorskip("jsonschema")
    ev = write_jsonl(tmp_path / "e.jsonl", [ON_TIME, LATE, "{"])
    assert main(check("--evidence", str(ev), "--as-of", "2019-12-31", "--format", "json")) == 1
    captured = capsys.readouterr()
    doc = json.loads(captured.out)
    jsonschema.Draft202012Validator(SCHEMA).validate(doc)
    assert doc["schema"] == "disclosure-rules/result/2" and doc["as_of"] == "2019-12-31"
    assert doc["evidence"]["count"] == 2 and doc["evidence"]["rejected"][0].startswith(f"{ev}:3:")


def test_lang_en_gives_english_statuses_and_reasons(tmp_path, capsys):
    ev = write_jsonl(tmp_path / "e.jsonl", [LATE])
    assert main(check("--evidence", str(ev), "--as-of", "2019-12-31", "--lang", "en")) == 1
    out = capsys.readouterr().out
    [line] = [x for x in only_rule(out, T18) if "25号" in x]
    assert line.startswith("[fail] task 18 ")
    assert "Late:" in line and "published on 2019-10-21" in line and "limit 2019-10-18" in line
    assert "fail " in summary_line(out, "Score") and "pass " in summary_line(out, "Score")


def test_run_file_turns_a_failed_collector_into_error_findings(tmp_path, capsys):
    ev = write_jsonl(tmp_path / "e.jsonl", [ON_TIME, LATE])
    run = tmp_path / "e.run.json"
    run.write_text(json.dumps({
        "schema": "disclosure-rules/collection-run/2", "ruleset_id": "xiangtan-transport-2019",
        "as_of": "2019-12-31", "evidence_sha256": hashlib.sha256(ev.read_bytes()).hexdigest(),
        "reports": [
            {"collector": "website:port", "unit": "port", "kinds": ["enforcement_decision"],
             "records": 2, "rejected": 0, "error": "连接超时", "seconds": 30.0}]}),
        encoding="utf-8")
    code = main(check("--evidence", str(ev), "--as-of", "2019-12-31", "--run", str(run),
                      "--format", "json"))
    doc = json.loads(capsys.readouterr().out)
    port = [f for f in doc["findings"] if f["unit"] == "port"
            and f["rule"] == "t18-licensing-penalty"]
    assert {f["status"] for f in port} == {"error"}
    assert {f["subject"]: f["would_be"] for f in port} == {
        "item:潭港航罚〔2019〕21号": "pass", "item:潭港航罚〔2019〕25号": "fail"}
    assert "website:port" in port[0]["reason"] and "连接超时" in port[0]["reason"]
    # the failed finding became an error, so nothing that is left failed… except other rules
    other = [f for f in doc["findings"] if f["unit"] == "port" and f["rule"] == "t01-leader"]
    assert other[0]["status"] == "fail"  # port's ledger kinds were not read by that collector
    assert code == 1
