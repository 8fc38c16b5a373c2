"""The validate and show commands as a user runs them: exit codes, messages, no tracebacks."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from disclosure_rules.cli import main

SMALL = Path(__file__).parent / "fixtures" / "loader" / "small.yaml"


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "disclosure_rules.cli", *args],
        capture_output=True, text=True, encoding="utf-8", timeout=120,
    )


def test_validate_valid_file_exits_0_and_summarises(capsys) -> None:
    assert main(["validate", str(SMALL)]) == 0
    out = capsys.readouterr().out
    assert "有效" in out and "3 项任务" in out


def test_validate_invalid_file_exits_1_with_located_errors_and_no_traceback(tmp_path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(SMALL.read_text(encoding="utf-8").replace("within: 3", "withn: 3"),
                   encoding="utf-8")
    result = run_cli("validate", str(SMALL), str(bad))
    assert result.returncode == 1
    assert f"{bad}:" in result.stderr and "tasks[1].rules[0].withn" in result.stderr
    assert "Traceback" not in result.stderr
    assert "有效" in result.stdout  # the good file is still reported


def test_validate_non_utf8_and_missing_files_exit_1_without_traceback(tmp_path) -> None:
    gbk = tmp_path / "gbk.yaml"
    gbk.write_bytes(SMALL.read_text(encoding="utf-8").encode("gbk"))
    result = run_cli("validate", str(gbk), str(tmp_path / "absent.yaml"))
    assert result.returncode == 1
    assert "不是 UTF-8" in result.stderr and "无法读取文件" in result.stderr
    assert "Traceback" not in result.stderr


def test_show_prints_every_task_with_units_roles_and_due(capsys) -> None:
    assert main(["show", str(SMALL), "--width", "200"]) == 0
    out = capsys.readouterr().out
    assert "牵头：法规科" in out and "负责：局属各单位（运管处、公路局）" in out
    assert "2019年11月底前" in out and "t03-publicity（按时公开）" in out


def test_show_bad_file_exits_2_with_message(tmp_path, capsys) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("schema: 1\n", encoding="utf-8")
    assert main(["show", str(bad)]) == 2
    assert "缺少必填的键“id”" in capsys.readouterr().err
