"""The rule-set loader: a valid file loads; each kind of malformed input is reported with the
file, line, column, field path and, where it helps, a did-you-mean."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from disclosure_rules.errors import RulesetError
from disclosure_rules.rules.accompanied import AccompaniedRule
from disclosure_rules.ruleset.deadlines import ContinuousDeadline, ExternalDeadline, FixedDeadline
from disclosure_rules.ruleset.loader import load_ruleset, load_waivers, loads_ruleset
from disclosure_rules.ruleset.model import Op, Role
from disclosure_rules.ruleset.yaml_nodes import MAX_BYTES

SMALL = Path(__file__).parent / "fixtures" / "loader" / "small.yaml"
TEXT = SMALL.read_text(encoding="utf-8")


def line_of(text: str, needle: str) -> int:
    """1-based line of the first line containing ``needle``."""
    for number, line in enumerate(text.splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in text")


def broken(old: str, new: str) -> tuple[str, RulesetError]:
    assert old in TEXT, old
    text = TEXT.replace(old, new, 1)
    with pytest.raises(RulesetError) as info:
        loads_ruleset(text, source="bad.yaml")
    return text, info.value


def only_problem(error: RulesetError):
    assert len(error.problems) == 1, [str(p) for p in error.problems]
    return error.problems[0]


def test_valid_ruleset_loads_into_the_model() -> None:
    ruleset = load_ruleset(SMALL)
    assert ruleset.id == "small-2019"
    assert ruleset.issued == date(2019, 6, 12)
    assert [t.number for t in ruleset.tasks] == [1, 2, 3]
    assert isinstance(ruleset.tasks[0].deadline, ContinuousDeadline)
    assert ruleset.tasks[2].deadline == FixedDeadline(date(2019, 11, 30), "2019年11月底前")
    assert len(ruleset.sha256) == 64 and ruleset.path == str(SMALL)


def test_group_phrases_expand_to_units_and_keep_the_phrase() -> None:
    task = load_ruleset(SMALL).tasks[0]
    assert [(a.unit, a.role, a.via) for a in task.assignments] == [
        ("regulation", Role.LEAD, None),
        ("transport_mgmt", Role.RESPONSIBLE, "局属各单位"),
        ("highway", Role.RESPONSIBLE, "局属各单位"),
    ]


def test_tag_group_needs_every_tag_and_explicit_group_lists_units() -> None:
    ruleset = load_ruleset(SMALL)
    assert ruleset.units.resolve("局属执法单位") == ("transport_mgmt",)
    assert ruleset.units.resolve("局机关相关科室") == ("regulation", "tech")
    assert ruleset.units.resolve("局法规科") == ("regulation",)


def test_rule_parameters_and_conditions_are_typed() -> None:
    ruleset = load_ruleset(SMALL)
    rule = ruleset.rule_map["t02-interpretation"][1]
    assert isinstance(rule, AccompaniedRule) and rule.within == 3 and rule.link == "policy"
    share = ruleset.rule_map["t02-share"][1]
    assert share.having[0].op is Op.IN and share.having[0].value == ("图片", "视频")
    timely = ruleset.rule_map["t03-publicity"][1]
    assert timely.where[0].value == ("行政许可", "行政处罚")


def test_unknown_key_names_line_path_and_suggests_the_right_key() -> None:
    text, error = broken("        within: 3\n", "        withn: 3\n")
    problem = only_problem(error)
    assert problem.location.file == "bad.yaml"
    assert problem.location.line == line_of(text, "withn: 3")
    assert problem.location.column == 9
    assert problem.location.path == "tasks[1].rules[0].withn"
    assert "未知的键“withn”" in problem.message and "within" in problem.hint


def test_wrong_type_of_parameter_is_reported_at_its_value() -> None:
    text, error = broken("        within: 7\n", "        within: 七天\n")
    problem = only_problem(error)
    assert problem.location.path == "tasks[2].rules[0].within"
    assert problem.location.line == line_of(text, "within: 七天")
    assert "应为整数" in problem.message


def test_unknown_unit_suggests_the_closest_name() -> None:
    text, error = broken("牵头: [局法规科]", "牵头: [局法规课]")
    problem = only_problem(error)
    assert problem.location.path == "tasks[0].units.牵头[0]"
    assert problem.location.line == line_of(text, "局法规课")
    assert "未知的单位“局法规课”" in problem.message and "局法规科" in problem.hint


def test_unknown_rule_kind_suggests_the_kind() -> None:
    _, error = broken("kind: accompanied", "kind: acompanied")
    problem = only_problem(error)
    assert problem.location.path == "tasks[1].rules[0].kind"
    assert "accompanied" in problem.hint


def test_undeclared_evidence_kind_is_an_error() -> None:
    _, error = broken("companion: interpretation", "companion: interpretations")
    messages = [p.message for p in error.problems]
    assert any("未声明的证据类型“interpretations”" in m for m in messages)
    assert any(p.location.path == "tasks[1].rules[0].companion" for p in error.problems)


def test_link_must_be_a_ref_to_the_primary_kind() -> None:
    _, error = broken("link: policy", "link: form")
    problem = only_problem(error)
    assert problem.location.path == "tasks[1].rules[0].link"
    assert "应为 ref 类型" in problem.message


def test_condition_on_a_field_the_kind_lacks_is_an_error() -> None:
    _, error = broken("where: {decision_type:", "where: {decision_kind:")
    problem = only_problem(error)
    assert problem.location.path == "tasks[2].rules[0].where.decision_kind"
    assert "decision_type" in problem.hint


def test_duplicate_rule_ids_are_an_error() -> None:
    _, error = broken("id: t02-share", "id: t02-interpretation")
    problem = only_problem(error)
    assert "规则标识“t02-interpretation”重复" in problem.message


def test_duplicate_task_numbers_are_an_error() -> None:
    _, error = broken("  - number: 3\n", "  - number: 2\n")
    assert "任务序号 2 重复" in only_problem(error).message


def test_duplicate_unit_names_are_an_error() -> None:
    _, error = broken("name: 科技科, aliases", "name: 局办公室, aliases")
    assert "名称“局办公室”与单位 office 重复" in only_problem(error).message


def test_duplicate_mapping_key_is_an_error_not_a_silent_override() -> None:
    duplicate = "    deadline: 及时公开\n    deadline: 2019年6月\n"
    text, error = broken("    deadline: 及时公开\n", duplicate)
    problem = only_problem(error)
    assert problem.location.line == line_of(text, "deadline: 2019年6月")
    assert "重复的键“deadline”" in problem.message


def test_impossible_date_is_an_error() -> None:
    text, error = broken("issued: 2019-06-12", "issued: 2019-02-30")
    problem = only_problem(error)
    assert problem.location.path == "issued"
    assert problem.location.line == line_of(text, "2019-02-30")
    assert "不存在的日期" in problem.message


def test_unknown_deadline_phrase_is_named() -> None:
    text, error = broken("deadline: 2019年11月底前", "deadline: 尽快完成")
    problem = only_problem(error)
    assert problem.location.path == "tasks[2].deadline"
    assert problem.location.line == line_of(text, "尽快完成")
    assert "尽快完成" in problem.message


def test_due_is_only_for_external_deadlines() -> None:
    _, error = broken("    deadline: 2019年11月底前\n",
                      "    deadline: 2019年11月底前\n    due: 2019-12-01\n")
    assert "只有“按市里/省里统一安排”" in only_problem(error).message


def test_external_deadline_takes_its_date_from_due() -> None:
    text = TEXT.replace("    deadline: 2019年11月底前\n",
                        "    deadline: 按市里统一安排完成\n    due: 2019-12-01\n")
    deadline = loads_ruleset(text).tasks[2].deadline
    assert isinstance(deadline, ExternalDeadline) and deadline.due == date(2019, 12, 1)


def test_waiver_for_an_unknown_rule_is_an_error() -> None:
    _, error = broken("{rule: t01-applications,", "{rule: t01-application,")
    problem = only_problem(error)
    assert problem.location.path == "waivers[0].rule"
    assert "t01-applications" in problem.hint


def test_task_without_rules_is_an_error() -> None:
    text = TEXT.replace(
        """    rules:
      - id: t03-publicity
        kind: timely
        event: enforcement_decision
        published_field: published
        where: {decision_type: [行政许可, 行政处罚]}
        within: 7
""",
        "    rules: []\n",
    )
    with pytest.raises(RulesetError) as info:
        loads_ruleset(text)
    assert "每项任务至少需要一条规则" in only_problem(info.value).message


def test_many_problems_are_reported_together_in_line_order() -> None:
    text = TEXT.replace("within: 3", "within: -3").replace("threshold: 0.3", "threshold: 3")
    with pytest.raises(RulesetError) as info:
        loads_ruleset(text)
    lines = [p.location.line for p in info.value.problems]
    assert len(lines) == 2 and lines == sorted(lines)


def test_yaml_syntax_error_is_located() -> None:
    with pytest.raises(RulesetError) as info:
        loads_ruleset("schema: 1\ntasks: [\n  {a: 1}\n", source="bad.yaml")
    problem = only_problem(info.value)
    assert problem.location.file == "bad.yaml" and problem.location.line is not None
    assert "YAML 语法错误" in problem.message


def test_empty_document_is_an_error() -> None:
    with pytest.raises(RulesetError, match="规则集为空"):
        loads_ruleset("# nothing here\n")


def test_alias_bomb_is_stopped_with_a_clear_error() -> None:
    # Nine levels of nine aliases each: 9**9 nodes once expanded, a few hundred bytes written.
    bomb = ["calendar:", "  a: &a [x, x, x, x, x, x, x, x, x]"]
    for level in range(1, 9):
        previous, name = chr(ord("a") + level - 1), chr(ord("a") + level)
        bomb.append(f"  {name}: &{name} [" + ", ".join([f"*{previous}"] * 9) + "]")
    text = TEXT + "\n".join(bomb) + "\n"
    with pytest.raises(RulesetError) as info:
        loads_ruleset(text)
    assert any("别名" in p.message for p in info.value.problems)


def test_huge_file_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    with path.open("wb") as handle:
        handle.truncate(MAX_BYTES + 1)
    with pytest.raises(RulesetError, match="文件过大"):
        load_ruleset(path)


def test_non_utf8_file_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "gbk.yaml"
    path.write_bytes(TEXT.encode("gbk"))
    with pytest.raises(RulesetError) as info:
        load_ruleset(path)
    problem = only_problem(info.value)
    assert problem.location.file == str(path)
    assert problem.location.line == line_of(TEXT, "测试局2019年")
    assert "不是 UTF-8" in problem.message


def test_missing_file_is_an_error_not_a_traceback(tmp_path: Path) -> None:
    with pytest.raises(RulesetError, match="无法读取文件"):
        load_ruleset(tmp_path / "absent.yaml")


def test_calendar_section_supplies_a_year_the_package_lacks() -> None:
    text = TEXT.replace("issuer: 测试局\n", "issuer: 测试局\ncalendar:\n  years:\n    2027:\n"
                        "      holidays: [2027-01-01, 2027-02-05..2027-02-11]\n"
                        "      workdays: [2027-02-14]\n")
    calendar = loads_ruleset(text).calendar
    assert calendar.covers(2027)
    assert not calendar.is_working_day(date(2027, 2, 8))
    assert calendar.is_working_day(date(2027, 2, 14))


def test_bad_calendar_entry_is_reported_at_its_own_line() -> None:
    text = TEXT.replace("issuer: 测试局\n", "issuer: 测试局\ncalendar:\n  years:\n    2027:\n"
                        "      holidays: [2027-01-01, 2026-02-05]\n")
    with pytest.raises(RulesetError) as info:
        loads_ruleset(text)
    problem = only_problem(info.value)
    assert problem.location.line == line_of(text, "2026-02-05")
    assert problem.location.path.startswith("calendar.years.2027.holidays")


def test_waivers_file_is_checked_against_the_ruleset(tmp_path: Path) -> None:
    ruleset = load_ruleset(SMALL)
    good = tmp_path / "waivers.yaml"
    good.write_text("waivers:\n  - {rule: t02-share, unit: 科技科, reason: 无解读任务, "
                    "approver: 局长, start: 2019-01-01, expires: 2019-12-31}\n", encoding="utf-8")
    (waiver,) = load_waivers(good, ruleset)
    assert (waiver.rule, waiver.unit, waiver.expires) == ("t02-share", "tech", date(2019, 12, 31))
    bad = tmp_path / "bad.yaml"
    bad.write_text("waivers:\n  - {rule: t02-shares, unit: 局属各单位, reason: x, approver: y, "
                   "start: 2019-01-01}\n", encoding="utf-8")
    with pytest.raises(RulesetError) as info:
        load_waivers(bad, ruleset)
    paths = sorted(p.location.path for p in info.value.problems)
    assert paths == ["waivers[0].rule", "waivers[0].unit"]
    assert all(p.location.file == str(bad) and p.location.line == 2 for p in info.value.problems)


def test_a_rule_is_read_once_so_each_of_its_problems_is_reported_once() -> None:
    _, error = broken("        within: 3\n", "        within: 3\n        within: 4\n")
    assert [p.message for p in error.problems] == ["重复的键“within”"]
