"""What ``validate`` must catch before ``check`` runs: numeric parameters outside their domain
bounds, condition values that are not among an enum field's choices, and calendar years the
rule set needs but has no holiday data for — each a located error (file:line:column, field
path), never an overflow traceback or a rule that can never pass."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from disclosure_rules import evaluate
from disclosure_rules.cli import main
from disclosure_rules.errors import RulesetError
from disclosure_rules.ruleset.loader import PARAM_BOUNDS, loads_ruleset

SMALL = Path(__file__).parent / "fixtures" / "loader" / "small.yaml"
TEXT = SMALL.read_text(encoding="utf-8")

FRESH_TASK = """  - number: 4
    heading: [四、网站更新]
    requirement: 网站栏目及时更新
    responsible: 局办公室
    units: {负责: [局办公室]}
    deadline: 常态化工作
    rules:
      - id: t04-fresh
        kind: fresh
        evidence: policy_document
        max_age_days: MAX_AGE
waivers:
"""


def with_fresh(max_age: str) -> str:
    return TEXT.replace("waivers:\n", FRESH_TASK.replace("MAX_AGE", max_age), 1)


def line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), start=1) if needle in line)


def problems_of(text: str) -> list:
    with pytest.raises(RulesetError) as info:
        loads_ruleset(text, source="bad.yaml")
    return list(info.value.problems)


# -- item 6: bounds on every numeric parameter --------------------------------------------------


def test_a_huge_max_age_days_is_a_located_error_not_an_overflow_in_check() -> None:
    text = with_fresh("100000000000000000000")
    (problem,) = problems_of(text)
    assert problem.location.file == "bad.yaml"
    assert problem.location.line == line_of(text, "max_age_days")
    assert problem.location.column == 23
    assert problem.location.path == "tasks[3].rules[0].max_age_days"
    assert "3660" in problem.message


def test_the_largest_allowed_max_age_days_evaluates_on_every_backend() -> None:
    ruleset = loads_ruleset(with_fresh(str(PARAM_BOUNDS["max_age_days"][1])))
    for backend in ("durable", "index", "reference"):
        result = evaluate(ruleset, [], date(2019, 12, 31), backend=backend)
        assert [f.code for f in result.findings if f.rule == "t04-fresh"] == ["fresh.none"]


@pytest.mark.parametrize(("old", "new", "path"), [
    ("        within: 20\n", "        within: 1001\n", "tasks[0].rules[0].within"),
    ("        within: 3\n", "        within: 99999999999999999999\n",
     "tasks[1].rules[0].within"),
    ("        extension_field: extended\n",
     "        extension_field: extended\n        extension_days: 5000\n",
     "tasks[0].rules[0].extension_days"),
    ("        threshold: 0.3\n", "        threshold: 0.3\n        min_items: 10000000\n",
     "tasks[1].rules[1].min_items"),
    ("        threshold: 0.3\n", "        threshold: .nan\n", "tasks[1].rules[1].threshold"),
    ("    deadline: 常态化工作\n", "    deadline: 常态化工作\n    weight: .inf\n",
     "tasks[0].weight"),
    ("    deadline: 常态化工作\n", "    deadline: 常态化工作\n    weight: 1e300\n",
     "tasks[0].weight"),
    ("    deadline: 常态化工作\n", "    deadline: 常态化工作\n    weight: " + "9" * 400 + "\n",
     "tasks[0].weight"),
    ("  - number: 3\n", "  - number: 30000000000000000000\n", "tasks[2].number"),
    ("{type: text, label: 文号}", "{type: text, label: 文号, max_length: 10000000000}",
     "evidence_kinds.policy_document.fields.doc_number.max_length"),
])
def test_every_numeric_parameter_is_bounded(old, new, path) -> None:
    assert old in TEXT
    text = TEXT.replace(old, new, 1)
    problems = problems_of(text)
    assert [p.location.path for p in problems] == [path]
    assert problems[0].location.line == line_of(text, new.strip().splitlines()[-1])


def test_a_present_rule_needs_at_least_one_record() -> None:
    text = with_fresh("14").replace("        kind: fresh\n", "        kind: present\n", 1)
    text = text.replace("        max_age_days: 14\n", "        min_count: 0\n")
    (problem,) = problems_of(text)
    assert problem.location.path == "tasks[3].rules[0].min_count"


def test_bounds_are_documented_in_the_rulesets_page() -> None:
    doc = (Path(__file__).parents[1] / "docs" / "rulesets.md").read_text(encoding="utf-8")
    for name, (_low, high, _) in PARAM_BOUNDS.items():
        assert f"`{name}`" in doc and f"{high:,}".replace(",", "") in doc.replace(",", ""), name


def test_validate_reports_the_huge_parameter_and_check_exits_2(tmp_path, capsys) -> None:
    path = tmp_path / "huge.yaml"
    path.write_text(with_fresh("100000000000000000000"), encoding="utf-8")
    evidence = tmp_path / "e.jsonl"
    evidence.write_text("", encoding="utf-8")
    assert main(["validate", str(path)]) == 1
    err = capsys.readouterr().err
    assert "max_age_days" in err and "Traceback" not in err and "OverflowError" not in err
    assert main(["check", str(path), "--evidence", str(evidence), "--as-of", "2019-12-31"]) == 2
    assert "OverflowError" not in capsys.readouterr().err


# -- item 8: enum choices in conditions, calendar years ----------------------------------------


def test_a_where_value_outside_the_enum_choices_is_an_error_with_did_you_mean() -> None:
    text = TEXT.replace("where: {decision_type: [行政许可, 行政处罚]}",
                        "where: {decision_type: [行政许可, 行政处法]}")
    (problem,) = problems_of(text)
    assert problem.location.path == "tasks[2].rules[0].where.decision_type[1]"
    assert problem.location.line == line_of(text, "行政处法")
    assert "行政处法" in problem.message and "行政处罚" in (problem.hint or "")


def test_a_having_value_outside_the_enum_choices_is_an_error() -> None:
    text = TEXT.replace("having: {form: [图片, 视频]}", "having: {form: {eq: 音频}}")
    (problem,) = problems_of(text)
    assert problem.location.path == "tasks[1].rules[1].having.form.eq"
    assert "音频" in problem.message and "文字、图片、视频" in problem.message


def test_enum_values_that_are_choices_and_non_enum_fields_are_accepted() -> None:
    text = TEXT.replace("having: {form: [图片, 视频]}",
                        "having: {form: {not_in: [文字]}, published: {exists: true}}")
    assert loads_ruleset(text).tasks[1].rules[1].having


YEAR_2027 = (TEXT.replace("2019", "2027"))
CALENDAR_2027 = ("calendar:\n  years:\n    2027:\n"
                 "      holidays: [2027-01-01, 2027-10-01..2027-10-07]\n")


def test_a_year_without_holiday_data_is_reported_by_validate() -> None:
    (problem,) = problems_of(YEAR_2027)
    assert problem.location.path == "calendar"
    assert problem.location.line == line_of(YEAR_2027, "year: 2027")
    assert "2027年没有节假日数据" in problem.message and "calendar:" in problem.message


def test_the_year_validates_once_the_rule_set_gives_its_calendar() -> None:
    text = YEAR_2027.replace("units:\n", CALENDAR_2027 + "units:\n", 1)
    assert loads_ruleset(text).year == 2027


def test_a_rule_set_without_working_day_rules_needs_no_calendar() -> None:
    text = YEAR_2027.replace("        kind: responded\n", "        kind: present\n")
    text = text.replace("        extension_field: extended\n        within: 20\n", "")
    start = text.index("  - number: 2\n")
    text = text[:start] + text[text.index("waivers:\n"):]
    assert loads_ruleset(text).year == 2027


def test_validate_cli_names_the_missing_year(tmp_path, capsys) -> None:
    path = tmp_path / "2027.yaml"
    path.write_text(YEAR_2027, encoding="utf-8")
    assert main(["validate", str(path)]) == 1
    err = capsys.readouterr().err
    assert f"{path}:{line_of(YEAR_2027, 'year: 2027')}" in err and "2027年没有节假日数据" in err
