"""Hostile input on every input surface is refused quickly with a located error and exit 2:
never a traceback.  Each case was a traceback, a wrong exit code or a slow, memory-hungry
refusal before (bench/hostile.py measures the refusals' time and memory)."""

from __future__ import annotations

import io
import subprocess
import sys
import zipfile
from pathlib import Path

import disclosure_rules_ledger as ledger
import pytest
from disclosure_rules_ledger import LedgerFileError, read_ledger
from disclosure_rules_ledger import read as ledger_read

from disclosure_rules.cli import main
from disclosure_rules.errors import RulesetError
from disclosure_rules.evidence.records import load_evidence
from disclosure_rules.ruleset import yaml_nodes
from disclosure_rules.ruleset.loader import load_ruleset
from disclosure_rules.testing import collectors_of, run_collector

ROOT = Path(__file__).resolve().parent.parent
RULESET = ROOT / "rulesets" / "2019.yaml"
EVIDENCE = ROOT / "examples" / "evidence" / "2019.jsonl"
LEDGER = ROOT / "examples" / "ledgers" / "法规科台账.xlsx"
GOOD_LINE = EVIDENCE.read_text(encoding="utf-8").splitlines()[0]


@pytest.fixture(scope="module")
def ruleset():
    return load_ruleset(RULESET)


# -- evidence JSON Lines --------------------------------------------------------------------------


def test_a_deeply_nested_evidence_line_is_a_rejected_line_not_a_recursion_error(tmp_path,
                                                                                 ruleset):
    path = tmp_path / "e.jsonl"
    path.write_text("\n".join([GOOD_LINE, GOOD_LINE.replace("\"key\": \"", "\"key\": \"x"),
                               "[" * 200_000]) + "\n", encoding="utf-8")
    batch = load_evidence([path], ruleset)
    assert len(batch.records) == 2
    [problem] = batch.problems
    assert str(problem).startswith(f"{path}:3: JSON 嵌套层数过多")


def test_an_evidence_file_of_one_nested_line_exits_2(tmp_path, capsys):
    path = tmp_path / "deep.jsonl"
    path.write_text("[" * 200_000 + "\n", encoding="utf-8")
    assert main(["check", str(RULESET), "--evidence", str(path), "--as-of", "2019-12-31"]) == 2
    assert f"{path}:1: JSON 嵌套层数过多" in capsys.readouterr().err


def test_a_number_too_long_to_convert_is_a_rejected_line(tmp_path, ruleset):
    path = tmp_path / "e.jsonl"
    path.write_text(GOOD_LINE + "\n" + "9" * 5000 + "\n" + GOOD_LINE + "\n", encoding="utf-8")
    batch = load_evidence([path], ruleset)
    assert str(batch.problems[0]).startswith(f"{path}:2: 无法读取的数值")


def test_an_over_long_line_is_reported_without_stopping_the_others(tmp_path, ruleset,
                                                                   monkeypatch):
    from disclosure_rules.evidence import records as evidence

    monkeypatch.setattr(evidence, "MAX_LINE_BYTES", 4096)
    path = tmp_path / "e.jsonl"
    path.write_text(GOOD_LINE + "\n" + "\"" + "x" * 10_000 + "\"\n" + GOOD_LINE + "\n",
                    encoding="utf-8")
    batch = load_evidence([path], ruleset)
    assert len(batch.records) == 2  # the lines before and after
    assert [str(p) for p in batch.problems] == [f"{path}:2: 行过长（超过 4096 字节），未读取"]


def test_binary_garbage_as_evidence_exits_2_with_a_bounded_list_of_problems(tmp_path, capsys):
    path = tmp_path / "garbage.jsonl"
    path.write_bytes(bytes(range(256)) * 2000 + b"\n".join([b"\x80\x81"] * 2000))
    assert main(["check", str(RULESET), "--evidence", str(path), "--as-of", "2019-12-31"]) == 2
    err = capsys.readouterr().err
    assert "不是可读的证据文件" in err and "另有" in err
    assert len(err.splitlines()) <= 15


def test_a_file_with_a_few_bad_lines_among_good_ones_is_still_read(tmp_path, ruleset):
    path = tmp_path / "e.jsonl"
    path.write_bytes(b"\n".join([GOOD_LINE.encode(), b"\xff\xfe", b"{oops", GOOD_LINE.encode(),
                                 EVIDENCE.read_bytes().splitlines()[1]]) + b"\n")
    batch = load_evidence([path], ruleset)
    assert len(batch.records) == 3 and len(batch.problems) == 2


# -- run file, stdout -----------------------------------------------------------------------------


def test_an_empty_run_file_is_a_chinese_message_naming_it(tmp_path, capsys):
    run = tmp_path / "empty.run.json"
    run.write_bytes(b"")
    assert main(["check", str(RULESET), "--evidence", str(EVIDENCE), "--as-of", "2019-12-31",
                 "--run", str(run)]) == 2
    err = capsys.readouterr().err
    assert f"{run}: 收集记录文件是空的" in err and "Expecting value" not in err


def test_a_reader_that_closes_the_pipe_early_gets_no_broken_pipe_traceback():
    process = subprocess.Popen(
        [sys.executable, "-m", "disclosure_rules.cli", "check", str(RULESET), "--evidence",
         str(EVIDENCE), "--as-of", "2019-12-31", "--format", "json"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdout is not None and process.stderr is not None
    process.stdout.readline()
    process.stdout.close()  # like `| head -1`
    err = process.stderr.read().decode()
    process.wait(timeout=120)
    assert "Traceback" not in err and "BrokenPipeError" not in err
    assert process.returncode in (0, 1)


# -- YAML: rule set, waivers, collect.yaml ------------------------------------------------------


def test_a_rule_set_over_the_size_limit_is_refused_before_it_is_parsed(tmp_path):
    text = RULESET.read_text(encoding="utf-8")
    tasks = text[text.index("\ntasks:\n") + len("\ntasks:\n"):text.index("\nwaivers:")]
    path = tmp_path / "big.yaml"
    copies = yaml_nodes.MAX_BYTES // len(tasks.encode()) + 1
    path.write_text(text.replace(tasks, tasks * copies), encoding="utf-8")
    with pytest.raises(RulesetError, match=r"big\.yaml: 文件过大"):
        load_ruleset(path)


def test_yaml_nested_too_deep_is_a_located_error_not_a_recursion_error(tmp_path):
    path = tmp_path / "deep.yaml"
    path.write_text("tasks: " + "[" * 10_000 + "\n", encoding="utf-8")
    with pytest.raises(RulesetError) as caught:
        load_ruleset(path)
    assert f"{path}:1:" in str(caught.value) and "嵌套超过" in str(caught.value)


def test_yaml_with_too_many_nodes_is_refused_while_composing(tmp_path, monkeypatch):
    monkeypatch.setattr(yaml_nodes, "MAX_NODES", 500)
    path = tmp_path / "wide.yaml"
    path.write_text("tasks:\n" + "  - 1\n" * 1000, encoding="utf-8")
    with pytest.raises(RulesetError, match="超过 500 个节点"):
        load_ruleset(path)


def test_collect_yaml_nested_too_deep_exits_2(tmp_path, capsys):
    config = tmp_path / "collect.yaml"
    config.write_text("plugins: " + "{a: " * 5000 + "\n", encoding="utf-8")
    assert main(["collect", str(config), "--out", str(tmp_path / "ev")]) == 2
    assert "嵌套超过" in capsys.readouterr().err


# -- ledger workbooks -----------------------------------------------------------------------------


def rezip(path: Path, replace: dict[str, bytes], *, level: int = 9) -> None:
    with zipfile.ZipFile(LEDGER) as source, zipfile.ZipFile(
            path, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as out:
        for item in source.infolist():
            out.writestr(item.filename, replace.get(item.filename, source.read(item.filename)))


def test_an_xlsx_decompression_bomb_is_refused_before_openpyxl_opens_it(tmp_path, ruleset):
    path = tmp_path / "bomb.xlsx"
    sheet = b"<worksheet>" + b"<row/>" * (70 * 1024 * 1024 // 6) + b"</worksheet>"
    rezip(path, {"xl/worksheets/sheet2.xml": sheet}, level=1)
    assert path.stat().st_size < 1024 * 1024
    with pytest.raises(LedgerFileError, match="解压后过大"):
        read_ledger(path, ruleset)


def test_a_workbook_part_of_absurd_compression_ratio_is_refused(tmp_path, ruleset):
    path = tmp_path / "ratio.xlsx"
    rezip(path, {"xl/worksheets/sheet2.xml": b" " * (8 * 1024 * 1024)})
    with pytest.raises(LedgerFileError, match="压缩比异常"):
        read_ledger(path, ruleset)


def test_a_zip_of_junk_named_xlsx_is_not_a_key_error(tmp_path, ruleset):
    path = tmp_path / "junk.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("foo.txt", "hello")
    with pytest.raises(LedgerFileError, match=r"不是有效的 \.xlsx 文件"):
        read_ledger(path, ruleset)
    result = run_collector_on(tmp_path, "junk.xlsx", ruleset)
    assert "不是有效的 .xlsx 文件" in result.error and "KeyError" not in result.error


def test_a_damaged_workbook_part_is_a_ledger_file_error(tmp_path, ruleset):
    path = tmp_path / "damaged.xlsx"
    rezip(path, {"xl/workbook.xml": b"<workbook><sheets><sheet name="})
    with pytest.raises(LedgerFileError, match=r"不是有效的 \.xlsx 文件"):
        read_ledger(path, ruleset)


def test_a_csv_ledger_over_the_size_limit_is_refused(tmp_path, ruleset, monkeypatch):
    monkeypatch.setattr(ledger_read, "MAX_CSV_BYTES", 1000)
    path = tmp_path / "政务大厅公开事项.csv"
    path.write_text("事项名称\n" + "x\n" * 1000, encoding="utf-8")
    with pytest.raises(LedgerFileError, match="文件过大"):
        read_ledger(path, ruleset)


def run_collector_on(folder: Path, name: str, ruleset):
    settings = {"files": [{"unit": "regulation", "path": name}]}
    [collector] = collectors_of(ledger, ruleset=ruleset, settings=settings, name="ledger",
                                base_dir=folder)
    return run_collector(collector, ruleset=ruleset, settings=settings, base_dir=folder)


# -- the scraped table of `import` ---------------------------------------------------------------


def stdin(monkeypatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))


def test_import_from_stdin_in_no_known_encoding_exits_2(capsys, monkeypatch):
    # UTF-8 and GB18030 (what Chinese Excel and WPS save) are read; bytes that are neither are
    # refused at their line
    stdin(monkeypatch, "序号 | 工作任务 |\n".encode() + b"\x80\xff\x80 |\n")
    assert main(["import", "-"]) == 2
    assert "-:2: 文件既不是 UTF-8 也不是 GB18030 编码" in capsys.readouterr().err


def test_import_from_stdin_over_the_size_limit_exits_2(capsys, monkeypatch):
    stdin(monkeypatch, b"x" * (yaml_nodes.MAX_BYTES + 10))
    assert main(["import", "-"]) == 2
    assert "文件过大" in capsys.readouterr().err



def test_an_over_long_line_of_a_scraped_table_is_refused_naming_it(tmp_path, capsys):
    # the clean-up of a line is slower than linear: 160,000 characters of "a," took seconds
    seed = (ROOT / "tests" / "fixtures" / "import" / "seed_2019.txt").read_text(encoding="utf-8")
    lines = seed.splitlines()
    path = tmp_path / "table.txt"
    path.write_text("\n".join([*lines[:5], "a," * 80_000, *lines[5:]]), encoding="utf-8")
    assert main(["import", str(path)]) == 2
    assert f"{path}:6: 这一行过长" in capsys.readouterr().err


# -- Office tables given to `import` (the same archive guard as the ledger's) ---------------------


def test_an_xlsx_table_that_inflates_too_far_is_refused_before_openpyxl_opens_it(tmp_path,
                                                                                 capsys):
    path = tmp_path / "table.xlsx"
    rezip(path, {"xl/worksheets/sheet2.xml": b" " * (20 * 1024 * 1024)})
    assert path.stat().st_size < 512 * 1024
    assert main(["import", str(path)]) == 2
    err = capsys.readouterr().err
    assert "解压后过大" in err and "Traceback" not in err


def test_a_zip_of_junk_named_docx_is_refused_as_not_a_docx(tmp_path, capsys):
    path = tmp_path / "table.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("foo.txt", "hello")
    assert main(["import", str(path)]) == 2
    assert "不是有效的 .docx 文件" in capsys.readouterr().err


def test_an_xlsx_table_with_a_stray_far_cell_is_refused_not_walked(tmp_path, capsys):
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet["A1"] = "序号"
    sheet["XFD1048576"] = "x"  # the grid to walk would be 17 billion cells
    path = tmp_path / "far.xlsx"
    book.save(path)
    assert main(["import", str(path)]) == 2
    assert "过大（1048576 行 × 16384 列" in capsys.readouterr().err
