"""``import`` of the tables offices really publish: scraped text with other column names,
text pasted from Word/WPS, CSV, XLSX with merged cells and DOCX; columns found by meaning;
``--year``; ``--units`` with suggestions; rule-kind suggestions; unreadable rows named."""

from __future__ import annotations

import json
from pathlib import Path

import docx
import openpyxl
import pytest
import yaml

from disclosure_rules.cli import main
from disclosure_rules.commands.import_table import read_table
from disclosure_rules.errors import InputError
from disclosure_rules.importing.columns import column_of
from disclosure_rules.importing.importer import ImportedTable

ROOT = Path(__file__).parent.parent
RULESET = ROOT / "rulesets" / "2019.yaml"
SEED = ROOT / "tests" / "fixtures" / "import" / "seed_2019.txt"

TITLE = "某某县交通运输局2021年政务公开工作要点任务分解表"


def rows_of(table: ImportedTable) -> list[tuple]:
    return [(r.number, r.heading, r.requirement, r.responsible, r.deadline, r.city_note)
            for r in table.rows]


def skeleton(args: list[str], capsys: pytest.CaptureFixture[str]) -> dict:
    assert main(["import", *args]) == 0
    return yaml.safe_load(capsys.readouterr().out)


# -- columns by meaning ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "column"),
    [
        ("序号", "number"), ("序 号", "number"), ("工作任务", "heading"), ("重点任务", "heading"),
        ("工作要点", "heading"), ("具体要求", "requirement"), ("工作内容", "requirement"),
        ("主要内容", "requirement"), ("责任部门（单位）", "responsible"),
        ("责任单位", "responsible"), ("责任科室", "responsible"), ("牵头单位", "lead"),
        ("配合单位", "support"), ("完成时间", "deadline"), ("时限要求", "deadline"),
        ("完成时限", "deadline"), ("备注（市级安排）", "city_note"),
        ("明确各级各部门政务公开分管领导、专职人员，并报局办公室的具体要求", None),
        ("局办公室", None),
    ],
)
def test_column_found_by_meaning(header: str, column: str | None) -> None:
    assert column_of(header) == column


# -- the scraped text form ----------------------------------------------------------------------

SCRAPED = f"""{TITLE}
序号 |
工作任务 |
工作内容 |
完成时限 |
责任单位 |
1 |
一、公开平台建设 |
网站栏目
不断更新 |
常态化工作 |
科技科 |
|
2 |
政务新媒体及时更新 |
|||
3 |
二、依申请公开 |
依法做好依申请公开工作 |
及时公开 |
局法规科牵头，各科室配合 |
分享到: |
"""


def test_scraped_text_with_other_names_and_order_and_split_cells(tmp_path: Path) -> None:
    path = tmp_path / "scraped.txt"
    path.write_text(SCRAPED, encoding="utf-8")
    table = read_table(str(path))
    assert table.title == TITLE and table.year == 2021
    assert rows_of(table) == [
        (1, ("一、公开平台建设",), "网站栏目不断更新", "科技科", "常态化工作", ""),
        (2, ("一、公开平台建设",), "政务新媒体及时更新", "科技科", "常态化工作", ""),
        (3, ("二、依申请公开",), "依法做好依申请公开工作", "局法规科牵头，各科室配合", "及时公开",
         ""),
    ]
    assert table.rows[1].merged == ("heading", "responsible", "deadline")
    assert table.rows[0].line == 7  # the line of its 序号 cell


# -- tab-separated (pasted from Word or WPS) -----------------------------------------------------

PASTED = "\n".join([
    TITLE,
    "序号\t重点任务\t工作内容\t完成时限\t责任单位\t备注",
    "一、公开平台建设\t\t\t\t\t",  # a heading row: the heading cell spans the row
    "1\t（一）网站建设\t网站栏目不断更新\t常态化工作\t科技科\t",
    "2\t\t政务新媒体及时更新\t\t\t",  # merged cells pasted as blanks
    "二、依申请公开",
    "3\t\t依法做好依申请公开工作\t及时公开\t局法规科牵头，各科室配合\t各级各部门",
    "",
])


def test_tab_separated_paste_with_heading_rows_and_blank_merged_cells(tmp_path: Path) -> None:
    path = tmp_path / "pasted.txt"
    path.write_text(PASTED, encoding="utf-8")
    table = read_table(str(path))
    assert table.title == TITLE
    assert rows_of(table) == [
        (1, ("一、公开平台建设", "（一）网站建设"), "网站栏目不断更新", "科技科", "常态化工作", ""),
        (2, ("一、公开平台建设", "（一）网站建设"), "政务新媒体及时更新", "科技科", "常态化工作",
         ""),
        (3, ("二、依申请公开",), "依法做好依申请公开工作", "局法规科牵头，各科室配合", "及时公开",
         "各级各部门"),
    ]
    assert table.rows[1].merged == ("heading", "responsible", "deadline")
    assert [r.line for r in table.rows] == [4, 5, 7]


# -- CSV: two 责任 columns, no heading column, another order -------------------------------------

CSV = "\n".join([
    "序号,具体内容,牵头单位,配合单位,时间要求,备注",
    "1,政策性文件与解读材料做到三同步,法规科,办公室,2021年6月底前,",
    "2,按照“谁执法谁公示”原则做好双公示,法规科,,及时公开,",
    '3,"公开政府信息公开年报",办公室,"科技科、法规科",2022年1月31日前,',
    "",
])


def test_csv_with_lead_and_support_columns(tmp_path: Path) -> None:
    path = tmp_path / "table.csv"
    path.write_bytes(CSV.encode("gb18030"))  # as Excel on a Chinese Windows saves it
    table = read_table(str(path))
    assert [(r.requirement, r.responsible, r.deadline) for r in table.rows] == [
        ("政策性文件与解读材料做到三同步", "法规科牵头，办公室配合", "2021年6月底前"),
        ("按照“谁执法谁公示”原则做好双公示", "法规科牵头", "及时公开"),
        ("公开政府信息公开年报", "办公室牵头，科技科、法规科配合", "2022年1月31日前"),
    ]
    parts = [(p.name, p.role.value) for p in table.rows[2].responsible_parts]
    assert parts == [("办公室", "牵头"), ("科技科", "配合"), ("法规科", "配合")]


def test_rule_kinds_suggested_as_comments(tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "table.csv"
    path.write_text(CSV + "4,依法做好依申请公开工作,法规科,,常态化工作,\n", encoding="utf-8")
    assert main(["import", str(path), "--year", "2021"]) == 0
    out = capsys.readouterr().out
    data = yaml.safe_load(out)
    assert all(task["rules"] == [] for task in data["tasks"])  # suggestions are comments only
    blocks = out.split("  - number: ")[1:]
    assert "#     kind: accompanied" in blocks[0] and "“三同步”" in blocks[0]
    assert "#     kind: timely" in blocks[1] and "#     within: 7" in blocks[1]
    assert "#     kind: present" in blocks[2] and "#     due: 2022-01-31" in blocks[2]
    assert "#     kind: responded" in blocks[3]
    suggested = yaml.safe_load("\n".join(
        line.removeprefix("    #   ") for line in blocks[1].splitlines()
        if line.startswith("    #   ")))
    assert suggested[0]["kind"] == "timely" and suggested[0]["within"] == 7


# -- XLSX with merged cells ---------------------------------------------------------------------


def write_xlsx(path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "分解表"
    sheet["A1"] = TITLE
    sheet.merge_cells("A1:F1")
    sheet.append(["责任单位", "序号", "工作任务", "具体要求", "时限要求", "备注"])  # other order
    sheet.append(["科技科", 1, "一、公开平台建设", "网站栏目不断更新", "常态化工作", None])
    sheet.append([None, 2, None, "政务新媒体及时更新", None, None])
    sheet.merge_cells("A3:A4")  # 责任单位 and 工作任务, 时限要求 merged over rows 3 and 4
    sheet.merge_cells("C3:C4")
    sheet.merge_cells("E3:E4")
    sheet.append(["法规科", 3, "二、依申请公开", "依法做好依申请公开工作", "及时公开",
                  "各级各部门"])
    sheet.append(["局办公室", "（三）", "三、其他", None, None, None])  # unreadable: no number
    sheet.append(["局办公室", 4, None, None, "2021年6月", None])  # unreadable: no requirement
    book.save(path)


def test_xlsx_merged_cells_read_as_such(tmp_path: Path) -> None:
    path = tmp_path / "table.xlsx"
    write_xlsx(path)
    book = openpyxl.load_workbook(path)
    sheet = book["分解表"]
    sheet.delete_rows(6, 2)  # without the two unreadable rows
    book.save(path)
    table = read_table(str(path))
    assert table.title == TITLE
    assert rows_of(table) == [
        (1, ("一、公开平台建设",), "网站栏目不断更新", "科技科", "常态化工作", ""),
        (2, ("一、公开平台建设",), "政务新媒体及时更新", "科技科", "常态化工作", ""),
        (3, ("二、依申请公开",), "依法做好依申请公开工作", "法规科", "及时公开", "各级各部门"),
    ]
    assert table.rows[1].merged == ("heading", "responsible", "deadline")
    assert table.rows[1].where == "分解表!B4"


def test_xlsx_unreadable_rows_named_by_sheet_and_cell(tmp_path: Path) -> None:
    path = tmp_path / "table.xlsx"
    write_xlsx(path)
    with pytest.raises(InputError) as caught:
        read_table(str(path))
    text = str(caught.value)
    assert "有 2 行无法读取" in text
    assert "分解表!A6" in text and "不是数字" in text
    assert "分解表!B7" in text and "序号 4 的一行没有具体要求" in text


# -- DOCX ---------------------------------------------------------------------------------------


def write_docx(path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("某某县交通运输局")
    document.add_paragraph("2021年3月5日")
    document.add_paragraph(TITLE)
    table = document.add_table(rows=5, cols=6)
    header = ["序号", "工作要点", "主要内容", "责任科室", "完成时间", "备注"]
    rows = [
        ["1", "一、公开平台建设", "网站栏目不断更新", "科技科", "常态化工作", ""],
        ["2", "", "政务新媒体及时更新", "", "", ""],
        ["3", "二、依申请公开", "依法做好依申请公开工作", "法规科牵头，局属各单位负责", "及时公开",
         ""],
    ]
    for r, values in enumerate([header, *rows]):
        for c, value in enumerate(values):
            table.cell(r, c).text = value
    table.cell(1, 1).merge(table.cell(2, 1))  # 工作要点 over rows 1 and 2
    table.cell(1, 3).merge(table.cell(2, 3))
    table.cell(1, 4).merge(table.cell(2, 4))
    for c in range(6):  # an empty last row: skipped, not a problem
        table.cell(4, c).text = ""
    document.add_paragraph("抄送：市政务公开办")  # below the table: not part of the title
    document.save(path)


def test_docx_table_with_merged_cells_and_title_above(tmp_path: Path) -> None:
    path = tmp_path / "table.docx"
    write_docx(path)
    table = read_table(str(path))
    assert (table.title, table.issuer, str(table.issued)) == (TITLE, "某某县交通运输局",
                                                              "2021-03-05")
    assert rows_of(table) == [
        (1, ("一、公开平台建设",), "网站栏目不断更新", "科技科", "常态化工作", ""),
        (2, ("一、公开平台建设",), "政务新媒体及时更新", "科技科", "常态化工作", ""),
        (3, ("二、依申请公开",), "依法做好依申请公开工作", "法规科牵头，局属各单位负责", "及时公开",
         ""),
    ]
    assert table.rows[1].merged == ("heading", "responsible", "deadline")


# -- the seed, --year, --units ------------------------------------------------------------------


def test_seed_still_imports_to_the_24_rows(capsys: pytest.CaptureFixture[str]) -> None:
    data = skeleton([str(SEED)], capsys)
    assert [t["number"] for t in data["tasks"]] == list(range(1, 25)) and data["year"] == 2019


def test_year_option_when_the_table_has_none(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "table.csv"
    path.write_text(CSV, encoding="utf-8")
    assert main(["import", str(path)]) == 0
    captured = capsys.readouterr()
    assert yaml.safe_load(captured.out)["year"] is None and "--year" in captured.err
    data = skeleton([str(path), "--year", "2021"], capsys)
    assert data["year"] == 2021 and data["id"] == "ruleset-2021"
    assert main(["import", str(path), "--year", "1900"]) == 2


def test_units_file_lists_unknown_names_with_suggestions(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "table.csv"
    path.write_text("序号,工作内容,责任单位,完成时间\n1,公开权力清单,局法规科,及时公开\n"
                    "2,更新网站,科枝科,常态化工作\n3,公开目录,局属各单位、信息中心,2021年6月\n",
                    encoding="utf-8")
    units = tmp_path / "units.yaml"
    units.write_text("units:\n  - {id: regulation, name: 法规科}\n"
                     "  - {id: tech, name: 科技科}\n  - {id: hw, name: 公路局, tags: [局属单位]}\n"
                     "groups:\n  - {phrase: 局属各单位, tags: [局属单位]}\n", encoding="utf-8")
    assert main(["import", str(path), "--units", str(units), "--year", "2021"]) == 0
    out = capsys.readouterr().out
    todo = out.split("\nunits:")[0]
    assert "#   局法规科：第 1 行；是否即：法规科" in todo
    assert "#   科枝科：第 2 行；是否即：科技科" in todo
    assert "#   信息中心：第 3 行" in todo and "局属各单位：" not in todo  # known group
    data = yaml.safe_load(out)
    assert [u["id"] for u in data["units"]] == ["regulation", "tech", "hw"]
    assert data["groups"] == [{"phrase": "局属各单位", "tags": ["局属单位"]}]
    # last year's rule set works as the registry too
    assert main(["import", str(path), "--units", str(RULESET)]) == 0
    assert "局法规科" not in capsys.readouterr().out.split("\nunits:")[0]  # an alias there


def test_bad_units_file_and_unreadable_csv_rows_exit_2(tmp_path: Path,
                                                      capsys: pytest.CaptureFixture) -> None:
    path = tmp_path / "table.csv"
    path.write_text("序号,工作内容,责任单位,完成时间\n1,公开权力清单,法规科,及时公开\n"
                    "x,这一行没有序号,法规科,及时公开\n2,,法规科,及时公开\n", encoding="utf-8")
    assert main(["import", str(path)]) == 2
    err = capsys.readouterr().err
    assert f"{path}:3:" in err and "不是数字" in err
    assert f"{path}:4:" in err and "没有具体要求" in err
    units = tmp_path / "units.yaml"
    units.write_text("units:\n  - {id: Bad Id, name: 法规科}\n", encoding="utf-8")
    assert main(["import", str(path), "--units", str(units)]) == 2
    assert f"{units}:2:" in capsys.readouterr().err


def test_old_binary_formats_are_refused_with_a_hint(tmp_path: Path,
                                                   capsys: pytest.CaptureFixture) -> None:
    path = tmp_path / "table.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 100)
    assert main(["import", str(path)]) == 2
    assert "另存为 .xlsx 或 .docx" in capsys.readouterr().err


def test_json_output_says_where_each_row_came_from(tmp_path: Path,
                                                    capsys: pytest.CaptureFixture) -> None:
    path = tmp_path / "table.xlsx"
    write_xlsx(path)
    book = openpyxl.load_workbook(path)
    book["分解表"].delete_rows(6, 2)
    book.save(path)
    assert main(["import", str(path), "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)["rows"]
    assert [r["where"] for r in rows] == ["分解表!B3", "分解表!B4", "分解表!B5"]
