"""The 2019 rule set says what the table and the law say (golden cases from the law and the
2019 calendar, not from the code): a unit that submits nothing is named 未提交证据, a row's
own statement counts and a blanket one does not, licences get 双公示's 7 working days whoever
issues them, evidence from a unit outside a task is reported with its unit and task, reasons
do not claim that nothing exists when only nothing matched, and ``show`` marks the judgement
calls the office should confirm."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import attrs
import jsonschema
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from disclosure_rules import Status, evaluate
from disclosure_rules.cli import main
from disclosure_rules.engine import raw_findings
from disclosure_rules.errors import Location
from disclosure_rules.evidence import Evidence, check_record
from disclosure_rules.ruleset_loader import load_ruleset

ROOT = Path(__file__).resolve().parent.parent
RULESET = ROOT / "rulesets" / "2019.yaml"
SHA = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
YEAR_END = date(2019, 12, 31)


def record(kind: str, unit: str, key: str, **fields) -> dict:
    return {"kind": kind, "unit": unit, "key": key, "title": key,
            "fields": {k: v.isoformat() if isinstance(v, date) else v
                       for k, v in fields.items()}}


def statement(unit: str, key: str, topic: str, signed_on: date) -> dict:
    return record("attestation", unit, key, topic=topic, signed_by="某某", signed_on=signed_on,
                  file_sha256=SHA)


def check(tmp_path: Path, rows: list[dict], as_of: date, *extra: str) -> list[str]:
    path = tmp_path / "evidence.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows),
                    encoding="utf-8")
    return ["check", str(RULESET), "--evidence", str(path), "--as-of", as_of.isoformat(),
            *extra]


def unwrapped(out: str) -> str:
    """Terminal output with its wrapping undone (continuation lines are indented by two)."""
    return out.replace("\n  ", "").replace("\n", "")


def unit_block(out: str, name: str) -> list[str]:
    """The lines of one unit's part of the terminal's to-do list."""
    lines = out.splitlines()
    start = next(n for n, line in enumerate(lines) if line.startswith(f"{name}（"))
    block = [lines[start]]
    for line in lines[start + 1:]:
        if not line.startswith(" "):
            break
        block.append(line)
    return block


def findings(rows: list[dict], as_of: date):
    result = evaluate(load_ruleset(RULESET), rows, as_of, failures=())
    return {(f.rule, f.unit, f.subject): f for f in result.findings}


# -- 未提交证据 ---------------------------------------------------------------------------------

def test_a_unit_with_no_evidence_for_a_row_is_named_未提交证据_in_the_terminal(tmp_path, capsys):
    rows = [record("info_event", "计划科", "项目批准-1", occurred=date(2019, 5, 6),
                   topic="重大建设项目批准")]
    assert main(check(tmp_path, rows, YEAR_END)) == 1
    out = capsys.readouterr().out
    rural = unwrapped("\n".join(unit_block(out, "农村办")))
    assert "第7项" in rural and "未提交证据" in rural and "第7行：2019年无" in rural


def test_a_unit_with_no_evidence_for_a_row_is_named_未提交证据_in_the_json(tmp_path, capsys):
    rows = [record("info_event", "计划科", "项目批准-1", occurred=date(2019, 5, 6),
                   topic="重大建设项目批准")]
    assert main(check(tmp_path, rows, YEAR_END, "--format", "json")) == 1
    data = json.loads(capsys.readouterr().out)
    by = {(f["rule"], f["unit"]): f for f in data["findings"]}
    none = by[("t06-submitted", "construction")]
    assert none["status"] == "fail" and none["code"] == "submitted.none"
    assert none["reason"].startswith("未提交证据")
    assert by[("t06-submitted", "planning")]["status"] == "pass"


def test_a_statement_signed_for_the_row_counts_and_a_blanket_one_does_not():
    row_7 = "第7行：2019年无“四好农村公路”和现代农业示范园建设工作信息"
    rows = [statement("农村办", "att-7", row_7, date(2019, 12, 20)),
            statement("农村办", "att-all", "2019年各项工作均无应登记事项", date(2019, 12, 20))]
    got = findings(rows, YEAR_END)
    assert got[("t07-submitted", "rural", "unit")].status is Status.PASS
    assert got[("t07-submitted", "rural", "unit")].code == "submitted.statement"
    assert got[("t09-submitted", "rural", "unit")].status is Status.FAIL


def test_a_record_of_the_previous_year_does_not_answer_for_2019():
    rows = [record("info_event", "基建科", "项目批准-2018", occurred=date(2018, 12, 28),
                   topic="重大建设项目批准")]
    got = findings(rows, YEAR_END)
    assert got[("t06-submitted", "construction", "unit")].status is Status.FAIL


def test_before_the_year_ends_no_evidence_is_still_pending():
    got = findings([], date(2019, 12, 30))
    assert got[("t11-submitted", "approval", "unit")].status is Status.PENDING


# -- 双公示: licences 7 working days (发改电〔2015〕557号) ----------------------------------------
# 2019 国庆: 10-01..10-07 off, Sunday 09-29 and Saturday 10-12 worked.  Counting from the day
# after Friday 09-27 (民法总则第二百零一条): 09-29, 09-30, 10-08, 10-09, 10-10, 10-11, 10-12 are
# working days 1..7; Monday 10-14 is the 8th.

SEVENTH, EIGHTH = date(2019, 10, 12), date(2019, 10, 14)
DECIDED = date(2019, 9, 27)


def test_a_licence_by_the_construction_section_published_on_the_8th_working_day_fails():
    rows = [record("enforcement_decision", "基建科", "潭交建许〔2019〕3号", decided=DECIDED,
                   decision_type="行政许可", published=EIGHTH),
            record("enforcement_decision", "审批科", "潭交许〔2019〕20号", decided=DECIDED,
                   decision_type="行政许可", published=SEVENTH)]
    got = findings(rows, YEAR_END)
    late = got[("t18-licensing-penalty", "construction", "item:潭交建许〔2019〕3号")]
    assert late.status is Status.FAIL
    on_time = got[("t18-licensing-penalty", "approval", "item:潭交许〔2019〕20号")]
    assert on_time.status is Status.PASS


def test_a_project_approval_that_is_a_licence_gets_7_working_days_not_20():
    rows = [record("info_event", "基建科", "施工许可-1", occurred=DECIDED, topic="重大建设项目批准",
                   licence=True),
            record("publication", "基建科", "pub-1", published=EIGHTH, category="重大建设项目",
                   subject="施工许可-1")]
    got = findings(rows, YEAR_END)
    assert got[("t06-project-licensing", "construction", "item:施工许可-1")].status is Status.FAIL
    # the same approval is on time under 条例第二十六条's 20 working days
    assert got[("t06-project-info", "construction", "item:施工许可-1")].status is Status.PASS


# -- out of scope ---------------------------------------------------------------------------

OUTSIDE = [record("info_event", "运输科", "民生实事-运输科", occurred=date(2019, 8, 1),
                  topic="民生实事")]


def test_evidence_from_a_unit_outside_the_task_is_reported_with_its_unit_and_task_in_json(
        tmp_path, capsys):
    main(check(tmp_path, OUTSIDE, YEAR_END, "--format", "json"))
    data = json.loads(capsys.readouterr().out)
    outside = [f for f in data["findings"] if f["code"] == "scope.outside"]
    assert [(f["rule"], f["unit"], f["task"]) for f in outside] == [
        ("t09-livelihood-projects", "transport", 9), ("t09-submitted", "transport", 9)]
    assert all(f["status"] == "not_applicable" for f in outside)
    assert "运输科" in outside[0]["reason"] and "第9行" in outside[0]["reason"]
    assert outside[0]["evidence"][0]["key"] == "民生实事-运输科"
    schema = json.loads((ROOT / "docs" / "result-schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema).validate(data)


def test_evidence_from_a_unit_outside_the_task_is_listed_in_the_terminal(tmp_path, capsys):
    main(check(tmp_path, OUTSIDE, YEAR_END))
    out = unwrapped(capsys.readouterr().out)
    assert "超出范围：运输科提交了 1 条应公开事项" in out
    assert "不是第9行的责任单位" in out


# -- reasons that do not claim what is not known ----------------------------------------------

def test_a_list_of_another_type_is_not_reported_as_no_list_at_all():
    rows = [record("list_change", "审批科", "证明事项-1", changed=date(2019, 4, 1),
                   list_type="证明事项清单")]
    result = evaluate(load_ruleset(RULESET), rows, YEAR_END, failures=())
    reason = next(f.reason for f in result.findings
                  if f.rule == "t11-one-thing-lists" and f.unit == "approval")
    assert "没有清单形成或调整" not in reason and "符合本规则条件" in reason


@pytest.mark.parametrize("rule", ["t22-news-columns", "t22-notice-policy-columns",
                                  "t22-personnel-planning-columns"])
def test_updates_of_other_columns_are_not_reported_as_no_update_at_all(rule):
    rows = [record("site_update", "科技科", "home-1", updated=date(2019, 12, 20), column="首页",
                   column_type="首页")]
    result = evaluate(load_ruleset(RULESET), rows, YEAR_END, failures=())
    reason = next(f.reason for f in result.findings if f.rule == rule)
    assert "没有任何网站栏目更新" not in reason and "其他栏目" in reason


# -- show marks the judgement calls ---------------------------------------------------------

def test_show_marks_the_reform_date_of_row_24_as_a_national_placeholder_to_confirm(capsys):
    assert main(["show", str(RULESET), "--width", "300"]) == 0
    out = capsys.readouterr().out
    table = out[:out.index("请局办公室确认")]
    [marked] = [line for line in table.splitlines() if "t24-hall-items（" in line]
    [plain] = [line for line in table.splitlines() if "t01-leader（" in line]
    assert "【待确认】" in marked and "【待确认】" not in plain
    tail = out[out.index("请局办公室确认"):]
    assert "第24行，t24-hall-items" in tail
    assert "不是本局机构改革的实际日期" in tail
    assert "第20行，t20-graphic-forms" in tail


def test_every_rule_marked_to_confirm_is_listed_once_by_show(capsys):
    ruleset = load_ruleset(RULESET)
    marked = [rule.id for _, rule in ruleset.rules() if rule.confirm]
    assert {"t24-hall-items", "t24-hall-guides", "t24-hall-procedures"} <= set(marked)
    main(["show", str(RULESET), "--width", "300", "--lang", "en"])
    tail = capsys.readouterr().out.split("Judgement calls the office should confirm:")[1]
    # one entry per marked rule, in the rule set's order (a long note wraps onto more lines)
    entries = [line for line in tail.splitlines() if line.startswith("  row ")]
    assert [line.split()[2].rstrip(":") for line in entries] == marked


def test_the_2019_start_day_rule_is_quoted_from_the_general_provisions_of_civil_law():
    text = (ROOT / "docs" / "rulesets.md").read_text(encoding="utf-8")
    assert "《中华人民共和国民法总则》第二百零一条" in text


# -- submitted on every backend --------------------------------------------------------------

RS = load_ruleset(RULESET)
#: the 2019 rule set with due days moved off rest days, drawn beside it
RS_MOVED = attrs.evolve(RS, deadline_on_rest_day="next_working_day")
SUBMITTED = [r.id for _, r in RS.rules() if r.kind == "submitted"]
days = st.integers(-40, 400).map(lambda n: date(2019, 1, 1) + timedelta(days=n))
TOPICS = ["第7行：2019年无“四好农村公路”和现代农业示范园建设工作信息", "2019年各项均无",
          "第23行：本局未开设政务新媒体账号"]


@st.composite
def submitted_cases(draw):
    rows = []
    for n in range(draw(st.integers(0, 6))):
        unit = draw(st.sampled_from(["农村办", "科技科", "审批科", "运输科"]))
        pick = draw(st.integers(0, 2))
        if pick == 0:
            rows.append(statement(unit, f"a{n}", draw(st.sampled_from(TOPICS)), draw(days)))
        elif pick == 1:
            rows.append(record("info_event", unit, f"e{n}", occurred=draw(days),
                               topic=draw(st.sampled_from(["民生实事", "四好农村公路", "其他"]))))
        else:
            rows.append(record("new_media_account", unit, f"acc{n}", listed=draw(days),
                               platform="微博"))
    return rows, draw(days), draw(st.sampled_from([RS, RS_MOVED]))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(submitted_cases())
def test_submitted_on_durable_and_index_matches_the_reference(case):
    rows, as_of, rs = case
    records = _checked(rows)

    def of(backend: str):
        return sorted(raw_findings(rs, records, as_of, backend=backend, rules=SUBMITTED),
                      key=lambda f: f.key)

    expected = of("reference")
    assert of("index") == expected
    assert of("durable") == expected


def _checked(rows: list[dict]) -> list[Evidence]:
    out = []
    for n, row in enumerate(rows):
        rec, problems = check_record(row, RS, location=Location(f"case:{n}"))
        assert rec is not None, problems
        out.append(rec)
    return out


def test_row_18_adds_the_licensing_sections_apart_from_the_table_units():
    row = yaml.safe_load(RULESET.read_text(encoding="utf-8"))["tasks"][17]
    assert row["units"] == {"负责": ["局法规科", "局属执法单位"]}  # as the table says
    assert row["units_added"] == {"负责": ["审批科", "基建科"]}
    task = RS.tasks[17]
    assert {"approval", "construction"} <= {a.unit for a in task.assignments}
    licensing = RS.rule_map["t18-licensing-penalty"][1]
    assert {"approval", "construction"} <= set(task.units_for(licensing))
