"""The ledger plugin on real XLSX and CSV files, and the template round trip."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import disclosure_rules_ledger as ledger
import pytest
from disclosure_rules_ledger import read_ledger, write_template
from openpyxl import Workbook, load_workbook

from disclosure_rules.cli import main
from disclosure_rules.collect.collectors import CollectConfig
from disclosure_rules.errors import InputError, PluginError
from disclosure_rules.ruleset.loader import load_ruleset
from disclosure_rules.testing import collectors_of, make_ruleset, run_collector

RULESET = Path(__file__).resolve().parents[1] / "rulesets" / "2019.yaml"


@pytest.fixture(scope="module")
def ruleset():
    return load_ruleset(RULESET)


def filled_ledger(path: Path) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "行政执法决定"
    sheet.append(["编号", "标题", "决定日期*", "决定类别", "决定书文号", "公示日期", "公示网址"])
    sheet.append([None, "超限运输处罚", datetime(2019, 9, 24), "行政处罚", "潭交罚〔2019〕21号",
                  date(2019, 10, 8), "http://x/1.html"])                               # row 2
    sheet.append(["XK-9", "道路运输许可", "2019年9月27日", "行政许可", None, "2019-09-29", None])
    sheet.append([None, None, "十月八日", "行政处罚", "潭交罚〔2019〕22号", None, None])   # row 4
    sheet.append([None, None, None, None, None, None, None])                             # blank
    sheet.append([None, None, date(2019, 10, 10), "罚款", "潭交罚〔2019〕25号", None, None])  # 6
    sheet.append([None, None, None, "行政处罚", "潭交罚〔2019〕26号", None, None])        # row 7
    apps = workbook.create_sheet("application")
    apps.append(["收到申请日期", "申请渠道", "答复日期", "是否经批准延期并告知申请人", "备注"])
    apps.append([date(2019, 9, 20), "网络", date(2019, 10, 25), "是", "多余列"])
    apps.append([date(2019, 9, 30), "当面", None, "也许", None])
    workbook.create_sheet("随便写写").append(["a"])
    workbook.save(path)
    return path


def test_filled_ledger_good_and_bad_rows(tmp_path, ruleset):
    path = filled_ledger(tmp_path / "法规科台账.xlsx")
    result = read_ledger(path, ruleset)
    good = {row.key: row for row in result.good}
    assert set(good) == {"潭交罚〔2019〕21号", "XK-9", "法规科台账/application/第2行"}
    first = good["潭交罚〔2019〕21号"]
    assert (first.kind, first.title, first.row) == ("enforcement_decision", "超限运输处罚", 2)
    assert first.fields == {"decided": date(2019, 9, 24), "decision_type": "行政处罚",
                            "decision_number": "潭交罚〔2019〕21号",
                            "published": date(2019, 10, 8), "url": "http://x/1.html"}
    assert first.source == "法规科台账.xlsx 工作表“行政执法决定” 第2行"
    assert good["XK-9"].fields == {"decided": date(2019, 9, 27), "decision_type": "行政许可",
                                   "published": date(2019, 9, 29)}
    application = good["法规科台账/application/第2行"]
    assert application.fields == {"received": date(2019, 9, 20), "channel": "网络",
                                  "replied": date(2019, 10, 25), "extended": True}
    messages = [str(e) for e in result.errors]
    assert messages == [
        "法规科台账.xlsx 工作表“application” 第1行 E列（备注）：未知的列标题"
        "（证据类型“政府信息公开申请”的字段为：收到申请日期、申请渠道、答复日期、"
        "是否经批准延期并告知申请人、答复类型），该列未读取",
        "法规科台账.xlsx 工作表“application” 第3行 D列（是否经批准延期并告知申请人）："
        "应为“是”或“否”，实际为“也许”",
        "法规科台账.xlsx 工作表“行政执法决定” 第4行 C列（决定日期）："
        "应为日期（如 2019-10-08），实际为“十月八日”",
        "法规科台账.xlsx 工作表“行政执法决定” 第6行 D列（决定类别）："
        "应为 行政许可、行政处罚、行政强制、行政征收、行政检查、其他行政执法决定 之一，"
        "实际为“罚款”",
        "法规科台账.xlsx 工作表“行政执法决定” 第7行 C列（决定日期）：必填字段为空",
        "法规科台账.xlsx 工作表“随便写写”：工作表名称不是规则集声明的证据类型，未读取",
    ]
    bad = result.errors[2]
    assert (bad.sheet, bad.row, bad.column, bad.label) == ("行政执法决定", 4, 3, "决定日期")
    problem = bad.to_problem()
    assert (problem.location.file, problem.location.line, problem.location.column) == (
        str(path), 4, 3)


def test_collector_keeps_good_rows_and_yields_located_problems(tmp_path, ruleset):
    path = filled_ledger(tmp_path / "法规科台账.xlsx")
    settings = {"files": [{"unit": "regulation", "path": "法规科台账.xlsx"}]}
    # the hook gets the rule set, which maps the sheet labels to kinds at registration
    [collector] = collectors_of(ledger, ruleset=ruleset, settings=settings, name="ledger",
                                base_dir=tmp_path)
    assert collector.name == "ledger:regulation"
    assert collector.kinds == ("enforcement_decision", "application")
    result = run_collector(collector, ruleset=ruleset, settings=settings, base_dir=tmp_path)
    assert sorted(r.key for r in result.records) == [
        "XK-9", "法规科台账/application/第2行", "潭交罚〔2019〕21号"]
    record = next(r for r in result.records if r.key == "潭交罚〔2019〕21号")
    assert record.unit == "regulation"
    assert record.provenance.source == "法规科台账.xlsx 工作表“行政执法决定” 第2行"
    assert record.provenance.collector == "ledger:regulation"
    # each bad row is one Problem the plugin yields, located at its cell; the host counts it
    # as a rejected record, so the unit's findings will say error and the good rows are kept
    # (4 bad rows, plus the filled column 备注 and the sheet 随便写写 that were not read)
    assert result.report.rejected == 6 and result.report.records == 3
    by_place = {(p.location.path, p.location.line): p for p in result.problems}
    bad_date = by_place[("工作表“行政执法决定” C列（决定日期）", 4)]
    assert (bad_date.location.file, bad_date.location.column) == (str(path), 3)
    assert bad_date.message == "应为日期（如 2019-10-08），实际为“十月八日”"
    assert str(bad_date) == (f"{path}:4:3: 工作表“行政执法决定” C列（决定日期）: "
                             "应为日期（如 2019-10-08），实际为“十月八日”")
    assert set(by_place) == {
        ("工作表“行政执法决定” C列（决定日期）", 4),
        ("工作表“行政执法决定” D列（决定类别）", 6),
        ("工作表“行政执法决定” C列（决定日期）", 7),
        ("工作表“application” D列（是否经批准延期并告知申请人）", 3),
        ("工作表“application” E列（备注）", 1),
        ("工作表“随便写写”", None),
    }
    assert result.error.startswith("采集器 ledger:regulation 有 6 条记录被拒绝：")
    assert "工作表“行政执法决定” C列（决定日期）: 应为日期" in result.error


def test_a_row_with_several_bad_cells_is_one_rejected_record(tmp_path, ruleset):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "行政执法决定"
    sheet.append(["编号", "决定日期", "决定类别", "公示日期"])
    sheet.append(["A-1", "十月", "罚款", "2019-10-09"])
    sheet.append(["A-2", "2019-10-01", "行政处罚", None])
    sheet.append(["A-2", "2019-10-02", "行政处罚", None])  # the same 编号 again
    workbook.create_sheet("Sheet1")  # an empty sheet is not an error
    workbook.save(tmp_path / "台账.xlsx")
    settings = {"files": [{"unit": "port", "path": "台账.xlsx"}]}
    [collector] = collectors_of(ledger, ruleset=ruleset, settings=settings, name="ledger",
                                base_dir=tmp_path)
    result = run_collector(collector, ruleset=ruleset, settings=settings, base_dir=tmp_path)
    assert [r.key for r in result.records] == ["A-2"]
    assert result.report.rejected == 2
    first, duplicate = result.problems
    assert (first.location.line, first.location.column) == (2, 2)
    assert first.message.startswith("应为日期")
    assert "同一行另有：C列（决定类别）：应为 行政许可" in first.message
    assert duplicate.location.line == 4 and "编号“A-2”与第3行重复" in duplicate.message


def test_a_field_named_source_reaches_the_record(tmp_path, ruleset):
    """public_concern has a field ``source`` (来源), apart from the provenance's source."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "政务舆情与留言"
    sheet.append(["编号", "标题", "发现或收到日期*", "来源*", "回应日期", "备注"])
    sheet.append(["LY-1", "路灯不亮", date(2019, 5, 6), "网站留言", date(2019, 5, 9), None])
    workbook.save(tmp_path / "办公室台账.xlsx")
    settings = {"files": [{"unit": "office", "path": "办公室台账.xlsx"}]}
    [collector] = collectors_of(ledger, ruleset=ruleset, settings=settings, name="ledger",
                                base_dir=tmp_path)
    assert collector.kinds == ("public_concern",)
    result = run_collector(collector, ruleset=ruleset, settings=settings, base_dir=tmp_path)
    assert result.error is None, result.problems  # the empty extra column 备注 is no error
    [record] = result.records
    assert record.fields == {"received": date(2019, 5, 6), "source": "网站留言",
                             "replied": date(2019, 5, 9)}
    assert record.provenance.source == "办公室台账.xlsx 工作表“政务舆情与留言” 第2行"


def test_missing_file_is_a_collector_error(tmp_path, ruleset):
    settings = {"files": [{"unit": "port", "path": "无.xlsx", "kinds": ["enforcement_decision"]}]}
    [collector] = collectors_of(ledger, ruleset=ruleset, settings=settings, name="ledger",
                                base_dir=tmp_path)
    result = run_collector(collector, ruleset=ruleset, settings=settings, base_dir=tmp_path)
    assert result.records == () and "台账文件不存在" in result.error


def test_missing_file_without_kinds_declares_what_the_rule_set_asks(tmp_path, ruleset):
    """A ledger not handed in does not stop the run: its collector declares the kinds of the
    unit's template and fails when run, so only that unit's findings become error."""
    settings = {"files": [{"unit": "港航事务中心", "path": "未交.xlsx"}]}
    [collector] = collectors_of(ledger, ruleset=ruleset, settings=settings, name="ledger",
                                base_dir=tmp_path)
    assert collector.unit == "port"
    assert collector.kinds == tuple(k.name for k in ledger.ledger_kinds(ruleset, "port"))
    result = run_collector(collector, ruleset=ruleset, settings=settings, base_dir=tmp_path)
    assert result.records == () and "台账文件不存在" in result.error


def test_bad_settings(tmp_path, ruleset):
    with pytest.raises(PluginError, match="files"):
        collectors_of(ledger, ruleset=ruleset, settings={"files": "x"}, name="ledger")
    no_tasks = make_ruleset(units={"port": "港航事务中心"},
                            kinds={"enforcement_decision": {"decided": "date!"}})
    with pytest.raises(PluginError, match="不存在"):  # and the rule set asks nothing of port
        collectors_of(ledger, ruleset=no_tasks, name="ledger", base_dir=tmp_path,
                      settings={"files": [{"unit": "port", "path": "none.xlsx"}]})
    with pytest.raises(PluginError, match="无法确定 CSV 台账"):
        collectors_of(ledger, ruleset=ruleset, name="ledger", base_dir=tmp_path,
                      settings={"files": [{"unit": "port", "path": "data.csv"}]})
    assert collectors_of(ledger, ruleset=ruleset, settings={}, name="ledger") == ()


def test_listing_without_a_rule_set_shows_the_sheet_titles(tmp_path):
    filled_ledger(tmp_path / "法规科台账.xlsx")
    settings = {"files": [{"unit": "regulation", "path": "法规科台账.xlsx"}]}
    [collector] = collectors_of(ledger, settings=settings, name="ledger", base_dir=tmp_path)
    assert collector.kinds == ("行政执法决定", "application", "随便写写")  # unchecked
    with pytest.raises(PluginError, match="不存在"):
        collectors_of(ledger, name="ledger", base_dir=tmp_path,
                      settings={"files": [{"unit": "port", "path": "none.xlsx"}]})


@pytest.mark.parametrize("encoding", ["utf-8-sig", "gbk"])
def test_csv_utf8_bom_and_gbk(tmp_path, ruleset, encoding):
    text = ("编号,收到申请日期,申请渠道,答复日期,是否经批准延期并告知申请人,答复类型\r\n"
            "依申请〔2019〕3号,2019-09-25,邮寄,2019-11-05,是,予以公开\r\n"
            "依申请〔2019〕4号,2019/10/09,网络,,否,\r\n"
            "依申请〔2019〕5号,2019-13-01,网络,,,\r\n")
    path = tmp_path / "政府信息公开申请.csv"
    path.write_bytes(text.encode(encoding))
    result = read_ledger(path, ruleset)
    good = {row.key: row.fields for row in result.good}
    assert good == {
        "依申请〔2019〕3号": {"received": date(2019, 9, 25), "channel": "邮寄",
                             "replied": date(2019, 11, 5), "extended": True, "outcome": "予以公开"},
        "依申请〔2019〕4号": {"received": date(2019, 10, 9), "channel": "网络",
                             "extended": False},
    }
    assert [str(e) for e in result.errors] == [
        "政府信息公开申请.csv 工作表“政府信息公开申请” 第4行 B列（收到申请日期）："
        "应为日期，“2019-13-01”不是有效日期"]
    settings = {"files": [{"unit": "office", "path": path.name, "kind": "application"}]}
    [collector] = collectors_of(ledger, ruleset=ruleset, settings=settings, name="ledger",
                                base_dir=tmp_path)
    assert collector.kinds == ("application",)


def test_template_round_trip(tmp_path, ruleset):
    path = write_template(ruleset, "法规科", tmp_path / "模板.xlsx")
    workbook = load_workbook(path)
    assert workbook.sheetnames[0] == "说明"
    assert workbook["选项"].sheet_state == "hidden"
    sheet = workbook["行政执法决定"]
    headers = [c.value for c in sheet[1]]
    assert headers == ["编号", "标题", "决定日期*", "决定类别*", "决定书文号",
                       "行政相对人代码", "公示日期", "公示网址"]
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["C"].width >= 14
    validations = {str(v.sqref): v for v in sheet.data_validations.dataValidation}
    assert validations["C2:C501"].type == "date"
    assert validations["G2:G501"].type == "date"
    choice = validations["D2:D501"]
    assert choice.type == "list" and choice.formula1.startswith("'选项'!$")
    column = choice.formula1.split("!")[1].split(":")[0].replace("$", "")[:-1]
    options = [c.value for c in workbook["选项"][column][1:] if c.value is not None]
    assert options == ["行政许可", "行政处罚", "行政强制", "行政征收", "行政检查",
                       "其他行政执法决定"]
    applications = workbook["政府信息公开申请"]
    bools = [v for v in applications.data_validations.dataValidation if v.formula1 == '"是,否"']
    assert len(bools) == 1
    notes = [[c for c in row if c is not None]
             for row in workbook["说明"].iter_rows(values_only=True)]
    flat = " ".join(str(c) for row in notes for c in row)
    assert "法规科 政务公开台账" in flat
    assert "t18-licensing-penalty" in flat and "t20-three-synchronous" in flat
    assert ["行政执法决定", "enforcement_decision"] in [row[:2] for row in notes]
    # fill it in as a unit would, and collect
    sheet.append(["潭交罚〔2019〕40号", "处罚", date(2019, 9, 30), "行政处罚", None, None,
                  date(2019, 10, 9)])
    workbook["政策文件"].append([None, "某办法", date(2019, 9, 27), "湘潭交通〔2019〕12号",
                                "规范性文件"])
    workbook.save(path)
    settings = {"files": [{"unit": "regulation", "path": path.name}]}
    [collector] = collectors_of(ledger, ruleset=ruleset, settings=settings, name="ledger",
                                base_dir=tmp_path)
    assert "enforcement_decision" in collector.kinds and "policy_document" in collector.kinds
    result = run_collector(collector, ruleset=ruleset, settings=settings, base_dir=tmp_path)
    assert result.error is None, result.problems
    got = {r.key: (r.kind, r.title, dict(r.fields)) for r in result.records}
    assert got == {
        "潭交罚〔2019〕40号": ("enforcement_decision", "处罚", {
            "decided": date(2019, 9, 30), "decision_type": "行政处罚",
            "published": date(2019, 10, 9)}),
        "湘潭交通〔2019〕12号": ("policy_document", "某办法", {
            "published": date(2019, 9, 27), "doc_number": "湘潭交通〔2019〕12号",
            "doc_type": "规范性文件"}),
    }


def test_template_unknown_unit_and_group(ruleset, tmp_path):
    with pytest.raises(InputError, match="是否想写"):
        write_template(ruleset, "法规", tmp_path / "x.xlsx")
    with pytest.raises(InputError, match="单位组"):
        write_template(ruleset, "局属各单位", tmp_path / "x.xlsx")


def test_template_command(tmp_path, capsys):
    out = tmp_path / "out" / "港航台账.xlsx"
    assert main(["template", "--unit", "港航中心", str(RULESET), "--out", str(out)]) == 0
    assert "港航事务中心" in capsys.readouterr().out
    assert "行政执法决定" in load_workbook(out).sheetnames
    assert main(["template", "--unit", "无此单位", str(RULESET)]) == 2


def test_demo_ledgers(ruleset):
    examples = RULESET.parents[1] / "examples"
    config = CollectConfig.load(examples / "collect.yaml")
    found = {c.unit: c for c in collectors_of(ledger, ruleset=ruleset, config=config,
                                               name="ledger")}
    assert {"regulation", "office", "port", "approval"} <= set(found)
    settings = config.settings("ledger")
    results = {unit: run_collector(c, ruleset=ruleset, settings=settings, base_dir=examples)
               for unit, c in found.items()}
    handed_in = {e["unit"] for e in settings["files"] if (examples / e["path"]).is_file()}
    for unit, result in results.items():
        if unit in handed_in:
            assert result.error is None, (unit, result.problems)
        else:  # a ledger the demo leaves out on purpose
            assert "台账文件不存在" in result.error, unit
    decisions = {r.key: r.fields for r in results["regulation"].records
                 if r.kind == "enforcement_decision"}
    assert decisions["潭交罚〔2019〕31号"]["decided"] == date(2019, 9, 24)
    assert decisions["潭交罚〔2019〕31号"]["published"] == date(2019, 10, 8)
    halls = {r.key: r.fields for r in results["approval"].records}
    assert halls["DT-2019-03"] == {"updated": date(2019, 12, 5), "item_type": "办事流程",
                                   "matter": "出租汽车驾驶员从业资格"}
    assert len(results["office"].records) >= 4
