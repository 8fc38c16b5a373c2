"""The validator's warnings (errors with --strict), the ``due:`` escape for a deadline phrase
the parser does not know, and YAML syntax errors told in Chinese at the line to fix."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from disclosure_rules.cli import main
from disclosure_rules.errors import RulesetError
from disclosure_rules.ruleset.deadlines import FixedDeadline
from disclosure_rules.ruleset.lint import lint_text
from disclosure_rules.ruleset.loader import loads_ruleset

RULESET = Path(__file__).parent.parent / "rulesets" / "2019.yaml"
TEXT = RULESET.read_text(encoding="utf-8")


def copy_for_2020(text: str = TEXT) -> str:
    """2019.yaml with only its id and year changed: everything else is a leftover."""
    text = text.replace("id: xiangtan-transport-2019", "id: xiangtan-transport-2020", 1)
    return text.replace("\nyear: 2019\n", "\nyear: 2020\n", 1)


def test_2019_is_clean_even_strict(capsys: pytest.CaptureFixture[str]) -> None:
    assert lint_text(TEXT) == []  # its 2020-01-31 annual-report due is exempt (条例第四十九条)
    assert main(["validate", "--strict", str(RULESET)]) == 0
    assert "警告" not in capsys.readouterr().err


def test_a_2020_copy_warns_of_every_leftover_2019_date() -> None:
    warnings = lint_text(copy_for_2020(), source="2020.yaml")
    paths = [w.location.path for w in warnings]
    assert paths == [
        "tasks[0].deadline", "tasks[1].deadline", "tasks[1].rules[0].trigger_date",
        "tasks[3].rules[2].trigger_date", "tasks[3].rules[3].trigger_date",
        "tasks[3].rules[4].due", "tasks[9].deadline", "tasks[16].rules[0].due",
        "tasks[17].rules[0].due", "tasks[23].deadline", "tasks[23].rules[0].trigger_date",
        "tasks[23].rules[1].trigger_date", "tasks[23].rules[2].trigger_date",
    ]
    lines = copy_for_2020().splitlines()
    first = warnings[0]
    assert lines[first.location.line - 1].strip() == "deadline: 2019年6月"
    assert "规则集年度为 2020 年" in first.message and "year_ok: true" in (first.hint or "")
    # free text is not checked: basis and descriptions quote 2019 dates everywhere
    assert not any("basis" in p or "description" in p for p in paths)


def test_strict_turns_the_warnings_into_errors(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "2020.yaml"
    path.write_text(copy_for_2020(), encoding="utf-8")
    assert main(["validate", str(path)]) == 0
    captured = capsys.readouterr()
    line = next(n for n, text in enumerate(copy_for_2020().splitlines(), 1)
                if text.strip() == "deadline: 2019年6月")
    assert "13 处警告" in captured.out and f"{path}:{line}:15: tasks[0].deadline" in captured.err
    assert main(["validate", "--strict", str(path)]) == 1
    captured = capsys.readouterr()
    assert "有 13 处错误" in captured.err and "有效" not in captured.out


def test_year_ok_exempts_a_task_or_a_rule() -> None:
    text = copy_for_2020().replace(
        "        trigger_date: 2019-04-03\n",
        "        trigger_date: 2019-04-03\n        year_ok: true  # 新条例2019年公布\n")
    text = text.replace("    deadline: 2019年6月\n", "    deadline: 2019年6月\n    year_ok: true\n")
    paths = [w.location.path for w in lint_text(text)]
    assert "tasks[1].rules[0].trigger_date" not in paths and "tasks[0].deadline" not in paths
    assert "tasks[1].deadline" in paths  # the rule's mark does not cover its task
    loads_ruleset(text)  # year_ok is a known key of tasks and rules
    with pytest.raises(RulesetError, match="year_ok"):
        loads_ruleset(text.replace("year_ok: true\n", "year_ok: 也许\n", 1))


def test_next_year_dates_up_to_31_march_are_exempt_later_ones_are_not() -> None:
    text = TEXT.replace("        due: 2020-01-31\n", "        due: 2020-04-01\n", 1)
    assert [w.location.path for w in lint_text(text)] == ["tasks[3].rules[5].due"]
    text = TEXT.replace("deadline: 2019年6月\n", "deadline: 2020年3月底前\n")
    assert lint_text(text) == []
    text = TEXT.replace("deadline: 2019年6月\n", "deadline: 2020年6月\n")
    assert [w.location.path for w in lint_text(text)] == ["tasks[0].deadline"]


def test_calendar_years_of_another_year_warn() -> None:
    calendar = ("calendar:\n  years:\n"
                "    2018:\n      holidays: [2018-10-01..2018-10-07]\n"
                "    2020:\n      holidays: [2020-10-01..2020-10-08]\n")
    text = TEXT.replace("# calendar: 2019", calendar + "# calendar: 2019")
    [warning] = lint_text(text)
    assert warning.location.path == "calendar.years.2018"


# -- the due: escape -------------------------------------------------------------------------


def test_an_unknown_deadline_phrase_keeps_its_words_with_an_explicit_due() -> None:
    unknown = TEXT.replace("deadline: 2019年6月\n", "deadline: 2019年10月中旬\n")
    with pytest.raises(RulesetError) as caught:
        loads_ruleset(unknown, source="x.yaml")
    assert "2019年10月中旬" in str(caught.value) and "due: YYYY-MM-DD" in str(caught.value)
    ruleset = loads_ruleset(unknown.replace("deadline: 2019年10月中旬\n",
                                            "deadline: 2019年10月中旬\n    due: 2019-10-20\n"))
    deadline = ruleset.tasks[0].deadline
    assert deadline == FixedDeadline(date(2019, 10, 20), "2019年10月中旬")
    bad = unknown.replace("deadline: 2019年10月中旬\n", "deadline: 2019年10月中旬\n    due: 中旬\n")
    with pytest.raises(RulesetError, match=r"tasks\[0\]\.due"):
        loads_ruleset(bad)


# -- YAML syntax errors in Chinese ---------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "line", "column", "words", "hint"),
    [
        ("schema: 1\nunits:\n\t- x\n", 3, 1, "制表符（Tab）", "缩进只能用空格"),
        ("schema: 1\nid： x\ntitle: t\n", 2, 3, "全角冒号“：”", "半角冒号"),
        ("tasks:\n  - number： 1\n    heading: x\n", 2, 11, "全角冒号“：”", "半角冒号"),
        ("schema: 1\nunits: [a, b\ntitle: t\n", 2, 8, "“[”没有对应的“]”", "补上“]”"),
        ("units:\n  - {id: a, name: b\n  - {id: c}\n", 2, 5, "“{”没有对应的“}”", "补上“}”"),
        ("a:\n  b: 1\n c: 2\n", 3, 2, "缩进不一致", "左对齐"),
    ],
)
def test_yaml_syntax_errors_in_chinese_at_the_line_to_fix(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, line: int, column: int,
    words: str, hint: str,
) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    assert main(["validate", str(path)]) == 1
    err = capsys.readouterr().err
    assert f"{path}:{line}:{column}: YAML 语法错误：" in err
    assert words in err and hint in err and "Traceback" not in err


def test_a_fullwidth_colon_inside_braces_is_named_in_the_unknown_key(tmp_path: Path) -> None:
    text = TEXT.replace("{id: office, name: 局办公室,", "{id: office, name： 局办公室,")
    with pytest.raises(RulesetError) as caught:
        loads_ruleset(text, source="x.yaml")
    assert "未知的键“name： 局办公室”" in str(caught.value)
    assert "全角冒号" in str(caught.value)
