"""``disclosure-rules demo`` end to end: the main job on the embedded demo, as make demo runs
it (loopback site, real plugins, check as of 2019-12-31)."""

from __future__ import annotations

import json
from pathlib import Path

from disclosure_rules.cli import main

ROOT = Path(__file__).parents[1]


def test_demo_collects_checks_and_writes_a_result_and_the_reports(tmp_path, capsys) -> None:
    code = main(["demo", "--ruleset", str(ROOT / "rulesets" / "2019.yaml"),
                 "--examples", str(ROOT / "examples"), "--out", str(tmp_path)])
    assert code == 0
    out = capsys.readouterr().out
    assert "演示网站：http://127.0.0.1:" in out and "按任务" in out and "按单位" in out
    result = json.loads((tmp_path / "result.json").read_text(encoding="utf-8"))
    assert result["schema"] == "disclosure-rules/result/2"
    assert all(result["counts"][s] > 0 for s in
               ("pass", "fail", "pending", "waived", "error", "not_applicable"))
    assert (tmp_path / "evidence.jsonl").stat().st_size > 0
    run = json.loads((tmp_path / "evidence.run.json").read_text(encoding="utf-8"))
    assert [r["collector"] for r in run["reports"] if r["error"]] == ["ledger:quality"]
    for name in ("report.html", "report.xlsx"):
        assert (tmp_path / name).stat().st_size > 0
        assert str(tmp_path / name) in out
