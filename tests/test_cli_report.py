"""``disclosure-rules report RESULT.json`` and ``check --out``: the format from ``--format`` or
the file's suffix, ``--unit`` by name or id, ``--lang en``, old results, and bad input that
exits 2 with a message naming what is wrong — never a traceback."""

from __future__ import annotations

import io
import json
import xml.etree.ElementTree as ET
import zipfile

import pytest
from openpyxl import load_workbook

from _report_support import ROOT, demo_result, hostile_evidence
from disclosure_rules.cli import main

V1 = ROOT / "tests" / "fixtures" / "result-v1-2019.json"
SUFFIXES = {"html": "report.html", "xlsx": "report.xlsx", "md": "report.md",
            "junit": "report.junit.xml", "json": "report.json", "text": "report.txt"}


@pytest.fixture(autouse=True)
def wide_terminal(monkeypatch):
    monkeypatch.setenv("COLUMNS", "400")


@pytest.fixture(scope="module")
def result_file(tmp_path_factory):
    folder = tmp_path_factory.mktemp("result")
    path = folder / "result.json"
    with path.open("w", encoding="utf-8") as stream:
        demo_result(folder).write_json(stream)
    return path


def kind_of(path) -> str:
    """What a file is, judged by its content alone."""
    data = path.read_bytes()
    if data.startswith(b"<!DOCTYPE html>"):
        return "html"
    if zipfile.is_zipfile(path):
        load_workbook(io.BytesIO(data))
        return "xlsx"
    if data.startswith(b"<?xml"):
        assert ET.fromstring(data).tag == "testsuites"
        return "junit"
    if data.startswith(b"{"):
        return "json" if json.loads(data)["schema"] else "?"
    if data.startswith(b"# "):
        return "md"
    return "text" if "截至" in data.decode("utf-8") else "?"


def test_check_out_picks_each_format_by_suffix(tmp_path, capsys):
    outs = {name: tmp_path / file for name, file in SUFFIXES.items()}
    args = ["check", str(ROOT / "rulesets" / "2019.yaml"), "--evidence",
            str(hostile_evidence(str(tmp_path))), "--as-of", "2019-12-31"]
    for path in outs.values():
        args += ["--out", str(path)]
    assert main(args) == 1
    captured = capsys.readouterr()
    assert "需要处理的事项" in captured.out  # the terminal report is printed as well
    for name, path in outs.items():
        assert kind_of(path) == name
        assert f"已写入：{path}" in captured.err


@pytest.mark.parametrize("fmt", list(SUFFIXES))
def test_report_writes_each_format(result_file, tmp_path, fmt):
    out = tmp_path / "out.bin"  # --format wins over the suffix
    assert main(["report", str(result_file), "--format", fmt, "--out", str(out)]) == 1
    assert kind_of(out) == fmt


def test_report_of_an_old_result_in_every_format(tmp_path, capsys):
    for name, file in SUFFIXES.items():
        assert main(["report", str(V1), "--out", str(tmp_path / file)]) == 1
        assert kind_of(tmp_path / file) == name
    assert main(["report", str(V1)]) == 1
    # rules of an old result have no description: named by id
    assert "t01-leader" in capsys.readouterr().out
    new = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert new["schema"] == "disclosure-rules/result/2"


def test_unit_by_name_or_id_gives_its_to_do_list(result_file, capsys):
    assert main(["report", str(result_file), "--unit", "港航事务中心"]) == 1
    by_name = capsys.readouterr().out
    assert main(["report", str(result_file), "--unit", "port"]) == 1
    assert capsys.readouterr().out == by_name
    assert "港航事务中心的整改清单" in by_name and "科技科" not in by_name


def test_lang_en_report(result_file, capsys):
    assert main(["report", str(result_file), "--lang", "en"]) == 1
    out = capsys.readouterr().out
    assert "By task" in out and "What needs action" in out and "按任务" not in out


@pytest.mark.parametrize(("args", "message"), [
    (["--unit", "港航中心"], "结果中没有单位“港航中心”"),
    (["--format", "pdf"], "没有报告格式“pdf”"),
    (["--out", "{tmp}/report.pdf"], "report.pdf: 无法从后缀判断报告格式"),
])
def test_bad_options_exit_2_naming_what_is_wrong(result_file, tmp_path, capsys, args, message):
    args = [a.format(tmp=tmp_path) for a in args]
    assert main(["report", str(result_file), *args]) == 2
    assert message in capsys.readouterr().err


def test_a_file_that_is_not_a_result_exits_2_with_file_and_line(tmp_path, capsys):
    bad = tmp_path / "bad.json"
    bad.write_text('{\n  "schema": "disclosure-rules/result/2",\n  oops\n}', encoding="utf-8")
    assert main(["report", str(bad)]) == 2
    assert f"{bad}:3:" in capsys.readouterr().err
    assert main(["report", str(tmp_path / "absent.json")]) == 2
    assert "无法读取结果文件" in capsys.readouterr().err
