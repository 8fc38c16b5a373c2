"""``include``: units, groups and calendar years kept in files several rule sets share."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from disclosure_rules.errors import RulesetError
from disclosure_rules.ruleset.loader import load_ruleset

RULESET = Path(__file__).parent.parent / "rulesets" / "2019.yaml"
TEXT = RULESET.read_text(encoding="utf-8")
UNITS_START = TEXT.index("units:\n")
KINDS_START = TEXT.index("# 证据类型")


def split_2019(folder: Path, include: str = "include: [shared/units.yaml]\n") -> Path:
    """2019.yaml with its units and groups moved to shared/units.yaml."""
    (folder / "shared").mkdir(exist_ok=True)
    (folder / "shared" / "units.yaml").write_text(TEXT[UNITS_START:KINDS_START],
                                                  encoding="utf-8")
    path = folder / "2019.yaml"
    path.write_text(TEXT[:UNITS_START] + include + TEXT[KINDS_START:], encoding="utf-8")
    return path


def test_units_and_groups_from_an_included_file(tmp_path: Path) -> None:
    whole = load_ruleset(RULESET)
    split = load_ruleset(split_2019(tmp_path))
    assert split.units == whole.units
    assert split.tasks == whole.tasks
    assert split.sha256 != whole.sha256


def test_the_shared_file_is_part_of_the_rule_set_identity(tmp_path: Path) -> None:
    path = split_2019(tmp_path)
    before = load_ruleset(path).sha256
    shared = tmp_path / "shared" / "units.yaml"
    shared.write_text(shared.read_text(encoding="utf-8").replace("aliases: [港航中心]",
                                                                 "aliases: [港航中心, 港航局]"),
                      encoding="utf-8")
    after = load_ruleset(path)
    assert after.sha256 != before and after.units.resolve("港航局") == ("port",)


def test_a_unit_defined_twice_is_named_in_the_included_file(tmp_path: Path) -> None:
    path = split_2019(tmp_path, "include: [shared/units.yaml, shared/more.yaml]\n")
    (tmp_path / "shared" / "more.yaml").write_text(
        "# 另一份名册\nunits:\n  - {id: office, name: 局办公室}\n", encoding="utf-8")
    with pytest.raises(RulesetError) as caught:
        load_ruleset(path)
    text = str(caught.value)
    assert f"{tmp_path / 'shared' / 'more.yaml'}:3:5:" in text and "与单位 office 重复" in text


def test_bad_includes_are_located(tmp_path: Path) -> None:
    path = split_2019(tmp_path, "include: [shared/units.yaml, shared/absent.yaml, tasks.yaml]\n")
    (tmp_path / "tasks.yaml").write_text("tasks: []\n", encoding="utf-8")
    with pytest.raises(RulesetError) as caught:
        load_ruleset(path)
    text = str(caught.value)
    line = TEXT[:UNITS_START].count("\n") + 1
    assert f"{path}:{line}:" in text and "absent.yaml：无法读取文件" in text
    assert f"{tmp_path / 'tasks.yaml'}:1:1: tasks: 未知的键“tasks”" in text


def test_calendar_years_from_an_included_file(tmp_path: Path) -> None:
    path = split_2019(tmp_path, "include: [shared/units.yaml, shared/calendar.yaml]\n")
    (tmp_path / "shared" / "calendar.yaml").write_text(
        "calendar:\n  years:\n    2019:\n      holidays: [2019-10-01..2019-10-08]\n",
        encoding="utf-8")
    ruleset = load_ruleset(path)
    assert not ruleset.calendar.is_working_day(date(2019, 10, 8))  # the shared file's 2019
    text = path.read_text(encoding="utf-8").replace(
        "# calendar: 2019", "calendar:\n  years:\n    2019:\n      holidays: [2019-10-01]\n# c")
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RulesetError, match="2019 年的日历在规则集和被 include 的文件中都有"):
        load_ruleset(path)
