"""The report files compared with the Result they were written from: the XLSX opened with
openpyxl row by row, the JUnit XML parsed, the JSON validated against the schema and read back,
the Markdown compared line by line; results of the old schema are still read."""

from __future__ import annotations

import io
import json
import xml.etree.ElementTree as ET

import pytest
from openpyxl import load_workbook

from _report_support import ROOT, demo_result
from disclosure_rules.collect.plugins import get_plugin_manager, get_report_writers
from disclosure_rules.reports.markdown import escape
from disclosure_rules.reports.view import subject_text
from disclosure_rules.reports.writer import ReportOptions
from disclosure_rules.reports.xlsx import FILLS, task_status
from disclosure_rules.results.findings import Status
from disclosure_rules.results.result import Result

ACTION = (Status.FAIL, Status.ERROR)
V1 = ROOT / "tests" / "fixtures" / "result-v1-2019.json"


@pytest.fixture(scope="module")
def result(tmp_path_factory) -> Result:
    return demo_result(tmp_path_factory.mktemp("evidence"))


@pytest.fixture(scope="module")
def writers():
    return get_report_writers(get_plugin_manager(load_entrypoints=False))


def written(writers, name: str, result: Result, **options) -> bytes:
    stream = io.BytesIO()
    writers[name].write(result, stream, ReportOptions(**options))
    return stream.getvalue()


def workbook(writers, result: Result, **options):
    return load_workbook(io.BytesIO(written(writers, "xlsx", result, **options)))


def rows_after_header(ws, header: str) -> list[tuple]:
    rows = list(ws.iter_rows(values_only=True))
    start = next(n for n, row in enumerate(rows) if row[0] == header)
    return rows[start + 1:]


# -- XLSX ----------------------------------------------------------------------------------------

def test_xlsx_table_has_every_task_with_its_status_and_score(writers, result) -> None:
    ws = workbook(writers, result)["责任分工与完成情况"]
    rows = rows_after_header(ws, "序号")
    header = next(r for r in ws.iter_rows(values_only=True) if r[0] == "序号")
    assert header == ("序号", "工作任务", "具体要求", "责任部门", "完成时间", "备注", "完成情况",
                      "状态", "依据与证据", "得分")
    assert len(rows) == len(result.tasks)
    for row, task in zip(rows, result.tasks, strict=True):
        assert row[0] == task.number and row[2] == task.requirement
        assert row[3] == task.responsible and row[4] == task.deadline
        assert row[7] == task_status(dict(task.counts)).zh
        assert row[9] == (None if task.score is None else round(task.score, 1))
        for status in Status:
            n = task.counts[status.value]
            assert (f"{status.zh} {n}" in (row[6] or "")) == bool(n)
        action = [f for f in result.findings if f.task == task.number and f.status in ACTION]
        for f in action:
            assert f.reason in row[8]


def test_xlsx_summary_ranks_units_by_score(writers, result) -> None:
    ws = workbook(writers, result)["汇总"]
    rows = rows_after_header(ws, "排名")
    by_name = {u.name: u for u in result.units}
    assert {r[1] for r in rows} == set(by_name)
    scores = [r[8] for r in rows]
    decided = [s for s in scores if s is not None]
    assert decided == sorted(decided, reverse=True) and scores[:len(decided)] == decided
    for row in rows:
        unit = by_name[row[1]]
        assert list(row[2:8]) == [unit.counts[s] for s in
                                  ("fail", "error", "pending", "waived", "pass", "not_applicable")]
        assert row[8] == (None if unit.score is None else round(unit.score, 1))
    first = list(ws.iter_rows(values_only=True))
    assert any(f"总分 {result.score:.1f}" == r[0] for r in first)


def test_xlsx_sheet_per_unit_is_its_to_do_list(writers, result) -> None:
    wb = workbook(writers, result)
    rules = result.rule_texts()
    for unit in result.units:
        rows = rows_after_header(wb[unit.name], "序号")
        todo = [f for f in result.findings if f.unit == unit.unit and f.status in ACTION]
        assert len(rows) == len(todo)
        expected = sorted(todo, key=lambda f: (ACTION.index(f.status), f.task, f.rule, f.subject))
        for row, f in zip(rows, expected, strict=True):
            assert row[0] == f.task and row[2] == rules[f.rule]
            assert (row[3] or "") == subject_text(f)
            assert row[4] == f.status.zh and row[5] == f.reason


def test_xlsx_is_set_up_for_reading_and_printing(writers, result) -> None:
    wb = workbook(writers, result)
    ws = wb["责任分工与完成情况"]
    header_row = next(n for n, r in enumerate(ws.iter_rows(values_only=True), 1) if r[0] == "序号")
    assert ws.freeze_panes == f"A{header_row + 1}"
    assert ws.print_title_rows == f"${header_row}:${header_row}"
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.paperSize == 9  # A4
    assert ws.column_dimensions["C"].width >= 40  # 具体要求 fits Chinese text
    status_cells = [row[7] for row in ws.iter_rows(min_row=header_row + 1)]
    for cell in status_cells:
        status = next(s for s in Status if s.zh == cell.value)
        assert cell.fill.start_color.rgb.endswith(FILLS[status])


def test_xlsx_with_all_lists_every_finding_of_a_unit(writers, result) -> None:
    wb = workbook(writers, result, show_all=True, unit="port")
    assert wb.sheetnames == ["责任分工与完成情况", "汇总", "港航事务中心"]
    rows = rows_after_header(wb["港航事务中心"], "序号")
    assert len(rows) == sum(f.unit == "port" for f in result.findings)


# -- JUnit XML -----------------------------------------------------------------------------------

def test_junit_has_a_case_per_rule_and_unit_with_its_outcome(writers, result) -> None:
    root = ET.fromstring(written(writers, "junit", result))
    cases = {case.get("classname"): case for case in root.iter("testcase")}
    pairs = {(f.rule, f.unit) for f in result.findings}
    assert set(cases) == {f"{rule}.{unit}" for rule, unit in pairs}
    for rule, unit in pairs:
        statuses = {f.status for f in result.findings if (f.rule, f.unit) == (rule, unit)}
        case = cases[f"{rule}.{unit}"]
        if Status.FAIL in statuses:
            assert case.find("failure") is not None
        elif Status.ERROR in statuses:
            assert case.find("error") is not None
        elif Status.PASS in statuses:
            assert len(case) == 0
        else:
            assert case.find("skipped") is not None
    assert int(root.get("tests")) == len(pairs)
    assert int(root.get("failures")) == len(root.findall(".//failure"))
    suites = root.findall("testsuite")
    assert [s.get("name").split(" ")[0] for s in suites] == [
        f"第{t.number}项" for t in result.tasks if any(f.task == t.number for f in result.findings)]


def test_junit_keeps_hostile_titles_as_text(writers, result) -> None:
    data = written(writers, "junit", result)
    assert b"<script>" not in data and b"<img" not in data
    texts = "".join(e.text or "" for e in ET.fromstring(data).iter("failure"))
    assert "<img src=x onerror=" in texts  # unescaped by the parser: it was text


# -- JSON ----------------------------------------------------------------------------------------

def test_json_validates_and_reads_back_equal(writers, result) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((ROOT / "docs" / "result-schema.json").read_text(encoding="utf-8"))
    doc = json.loads(written(writers, "json", result))
    jsonschema.Draft202012Validator(schema).validate(doc)
    assert doc == json.loads(json.dumps(result.to_json()))
    assert Result.from_json(doc).to_json() == doc
    f = next(f for f in doc["findings"] if f["evidence"] and f["evidence"][0]["source"])
    assert f["unit_name"] and f["rule_description"] and f["evidence"][0]["key"]


def test_old_results_are_read_with_scores_on_the_0_to_100_scale() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    old = json.loads(V1.read_text(encoding="utf-8"))
    v1 = json.loads((ROOT / "docs" / "result-schema-v1.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(v1).validate(old)
    result = Result.read(V1)
    assert len(result.findings) == len(old["findings"])
    for task, before in zip(result.tasks, old["tasks"], strict=True):
        if before["score"] is None:
            assert task.score is None
        elif before["weight"]:
            assert task.score == pytest.approx(100 * before["score"] / before["weight"])
    assert result.score == old["score"]
    assert [f.evidence for f in result.findings] == [tuple(f["evidence"]) for f in
                                                      old["findings"]]
    assert {r.id for r in result.rules} == {f["rule"] for f in old["findings"]}


@pytest.mark.parametrize(("change", "field"), [
    (lambda d: d.update(schema="disclosure-rules/result/9"), "schema"),
    (lambda d: d["findings"][2].update(status="passed"), "findings[2].status"),
    (lambda d: d["tasks"][0].pop("counts"), "tasks[0].counts"),
    (lambda d: d.update(as_of="31/12/2019"), "as_of"),
])
def test_a_broken_result_file_is_named_with_its_field(tmp_path, change, field) -> None:
    from disclosure_rules.errors import InputError

    doc = json.loads(V1.read_text(encoding="utf-8"))
    change(doc)
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        Result.read(path)
    assert f"{path}: {field}:" in str(caught.value)


# -- Markdown ------------------------------------------------------------------------------------

def test_markdown_matches_the_result(writers, result) -> None:
    text = written(writers, "md", result).decode("utf-8")
    lines = text.splitlines()
    assert lines[0] == f"# {escape(result.ruleset_title)}"
    assert f"**总分 {result.score:.1f}**" in lines
    for task in result.tasks:
        score = "—" if task.score is None else f"{task.score:.1f}"
        counts = " | ".join(str(task.counts[s.value]) for s in Status)
        assert f"| {task.number} | {escape(task.requirement)} | {counts} | {score} |" in lines
    rules = result.rule_texts()
    items = [line for line in lines if line.startswith("- **")]
    assert len(items) == sum(f.status in ACTION for f in result.findings)
    for f in result.findings:
        if f.status in ACTION:
            about = f"（{escape(subject_text(f))}）" if subject_text(f) else ""
            assert (f"- **{f.status.zh}** 第{f.task}项 {escape(rules[f.rule])}{about}："
                    f"{escape(f.reason)}") in items
    assert "<img" not in text and "&lt;img src=x onerror=" in text


# -- every format ---------------------------------------------------------------------------------

@pytest.mark.parametrize("fmt", ["text", "html", "xlsx", "md", "junit"])
def test_unknown_collection_outcomes_are_said_in_every_report(writers, result, fmt) -> None:
    import attrs

    def says_it(r: Result) -> bool:
        data = written(writers, fmt, r)
        if fmt == "xlsx":
            wb = load_workbook(io.BytesIO(data))
            return all(any("采集失败情况未知" in str(row[0]) for row in ws.iter_rows(
                max_row=4, values_only=True)) for ws in wb.worksheets[:2])
        if fmt == "junit":
            props = ET.fromstring(data).findall(".//property[@name='warning']")
            return bool(props) and all("采集失败情况未知" in p.get("value") for p in props)
        text = data.decode("utf-8")
        return "采集失败情况未知" in text and text.index("采集失败情况未知") < text.index(
            "总分" if fmt != "html" else 'class="score"')

    assert says_it(attrs.evolve(result, collection_known=False))
    assert not says_it(result)
