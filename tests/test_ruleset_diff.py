"""``disclosure-rules diff``: exactly the edits made between two rule sets, matched by task id
where there is one and by number plus requirement text (said so) where there is not."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from disclosure_rules.cli import main
from disclosure_rules.ruleset.diff import diff_rulesets
from disclosure_rules.ruleset.loader import load_ruleset, loads_ruleset

RULESET = Path(__file__).parent.parent / "rulesets" / "2019.yaml"
TEXT = RULESET.read_text(encoding="utf-8")

NEW_TASK = """  - number: 25
    heading: [六、考核]
    requirement: 公开本局政务公开考核结果
    responsible: 局办公室
    units:
      负责: [局办公室]
    deadline: 2019年12月底前
    rules:
      - id: t25-results
        kind: present
        evidence: publication
        where: {category: 其他}

"""


def edited() -> str:
    """2019.yaml with known edits: one requirement, one 备注, one deadline, one rule
    parameter, a unit added to 局属单位, task 24 removed and a task 25 added."""
    text = TEXT.replace("requirement: 依法依规做好依申请公开工作",
                        "requirement: 依法依规做好依申请公开工作，规范答复文书")
    text = text.replace("city_note: 市生态环境局牵头，市交通局配合", "city_note: 市生态环境局牵头")
    home = "\n        measure: age\n        basis: 国办秘函〔2019〕19号（单项否决：首页"
    text = text.replace("max_age_days: 14" + home, "max_age_days: 7" + home)
    marker = "    rules:\n      - id: t23-new-media-fresh"
    before, after = text.split(marker)
    before = before[::-1].replace("按省里时间节点完成"[::-1], "2019年12月底前"[::-1], 1)[::-1]
    text = before + marker + after
    text = text.replace("  - {id: quality,", "  - {id: maritime, name: 海事处, tags: [局属单位]}\n"
                                             "  - {id: quality,")
    start, end = text.index("  - number: 24"), text.index("waivers: []")
    return text[:start] + NEW_TASK + text[end:]


@pytest.fixture(scope="module")
def edited_diff():
    old = load_ruleset(RULESET)
    new = loads_ruleset(edited(), source="2020.yaml", path="2020.yaml")
    return diff_rulesets(old, new)


def test_diff_lists_exactly_the_known_edits(edited_diff) -> None:
    d = edited_diff
    changed = {t.new_number: [(c.what, c.old, c.new) for c in t.changes]
               for t in d.tasks if t.status == "changed"}
    assert changed == {
        5: [("requirement", "依法依规做好依申请公开工作",
             "依法依规做好依申请公开工作，规范答复文书")],
        8: [("city_note", "市生态环境局牵头，市交通局配合", "市生态环境局牵头")],
        22: [("rule t22-homepage.max_age_days", 14, 7)],
        23: [("deadline", "按省里时间节点完成", "2019年12月底前")],
    }
    assert [(t.status, t.old_number, t.new_number) for t in d.tasks
            if t.status in ("added", "removed")] == [("added", None, 25), ("removed", 24, None)]
    assert d.units_added == ("maritime（海事处）",) and d.units_removed == ()
    assert [c.what for c in d.groups_changed] == ["局属各单位", "局属单位"]
    assert d.kinds_added == d.kinds_removed == d.kinds_changed == d.units_changed == ()
    assert sum(t.status == "same" for t in d.tasks) == 19


def test_diff_says_how_tasks_without_id_were_matched(edited_diff) -> None:
    by_number = {t.new_number: t for t in edited_diff.tasks}
    assert by_number[8].matched_by == "number+text"
    assert by_number[5].matched_by == "number"  # its text changed: only the number pairs it
    assert edited_diff.fallback_used


def test_diff_matches_by_id_and_renamed_from_not_by_row_number() -> None:
    old_text = TEXT.replace("  - number: 5\n", "  - number: 5\n    id: apply\n")
    old_text = old_text.replace("  - number: 6\n", "  - number: 6\n    id: projects\n")
    # the new year swaps rows 5 and 6 and renames task "apply"
    new_text = old_text.replace(
        "  - number: 5\n    id: apply\n",
        "  - number: 6\n    id: apply-requests\n    renamed_from: [apply]\n")
    new_text = new_text.replace("  - number: 6\n    id: projects\n",
                                "  - number: 5\n    id: projects\n")
    d = diff_rulesets(loads_ruleset(old_text), loads_ruleset(new_text))
    changed = {t.task_id: (t.matched_by, [(c.what, c.old, c.new) for c in t.changes])
               for t in d.tasks if t.status != "same"}
    assert changed == {
        "apply-requests": ("renamed_from", [("number", 5, 6)]),
        "projects": ("id", [("number", 6, 5)]),
    }
    # the other 22 tasks have no id: they fall back, and the diff says so
    assert d.fallback_used
    assert {t.matched_by for t in d.tasks if not t.task_id} == {"number+text"}


@pytest.mark.parametrize("fmt", ["text", "md", "json"])
def test_cli_diff_formats(tmp_path: Path, fmt: str, capsys: pytest.CaptureFixture[str]) -> None:
    new = tmp_path / "2020.yaml"
    new.write_text(edited(), encoding="utf-8")
    assert main(["diff", str(RULESET), str(new), "--format", fmt]) == 0
    out = capsys.readouterr().out
    if fmt == "json":
        data = json.loads(out)
        assert data["fallback_matching"] is True
        assert [t["new_number"] for t in data["tasks"]] == [5, 8, 22, 23, 25, None]
        assert data["units"]["added"] == ["maritime（海事处）"]
        return
    assert "没有 id，按序号和要求文字对应" in out
    assert "规则 t22-homepage 的参数 max_age_days：14 → 7" in out
    assert "完成时间：按省里时间节点完成 → 2019年12月底前" in out
    assert "仅按序号（要求文字变了，请核对是否同一任务）" in out
    assert ("## 新增任务（1）" if fmt == "md" else "新增任务（1）：") in out


def test_cli_diff_same_file_and_bad_file(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    assert main(["diff", str(RULESET), str(RULESET)]) == 0
    assert "两个规则集没有差别" in capsys.readouterr().out
    bad = tmp_path / "bad.yaml"
    bad.write_text("schema: 1\n", encoding="utf-8")
    assert main(["diff", str(RULESET), str(bad)]) == 2
    assert "缺少必填的键“id”" in capsys.readouterr().err


def test_task_ids_must_be_unique_and_renamed_from_needs_an_id() -> None:
    text = TEXT.replace("  - number: 5\n", "  - number: 5\n    id: same\n")
    text = text.replace("  - number: 6\n", "  - number: 6\n    id: same\n")
    text = text.replace("  - number: 7\n", "  - number: 7\n    renamed_from: [old]\n")
    with pytest.raises(Exception) as caught:
        loads_ruleset(text, source="x.yaml")
    message = str(caught.value)
    assert "任务标识“same”重复" in message and "写了 renamed_from 的任务须有 id" in message


def test_diff_names_waivers_that_continue_and_those_that_no_longer_apply(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    waivers = Path(__file__).parent.parent / "examples" / "waivers-2019.yaml"
    new = tmp_path / "2020.yaml"
    copy_2020 = edited().replace("\nyear: 2019\n", "\nyear: 2020\n", 1)
    new.write_text(copy_2020, encoding="utf-8")
    assert main(["diff", str(RULESET), str(new), "--old-waivers", str(waivers),
                 "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)["waivers"]
    assert [w.split("（")[0] for w in data["carried"]] == ["t23-new-media-fresh × 科技科"]
    assert data["carried"][0].endswith("可沿用，新规则集中尚未写")
    assert [w.split("（")[0] for w in data["dropped"]] == ["t17-commitments-published × 公路局"]
    assert data["dropped"][0].endswith("已于 2019-09-30 到期")
    # a rule removed in the new year: its waiver no longer applies
    gone = copy_2020.replace("id: t23-new-media-fresh", "id: t23-accounts-fresh")
    new.write_text(gone, encoding="utf-8")
    assert main(["diff", str(RULESET), str(new), "--old-waivers", str(waivers)]) == 0
    out = capsys.readouterr().out
    assert "不再适用的豁免" in out and "t23-new-media-fresh × 科技科" in out and "规则已删除" in out


def test_carry_waivers_writes_the_continuing_waivers_as_a_file_the_new_year_loads(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from disclosure_rules.ruleset_loader import load_waivers

    waivers = Path(__file__).parent.parent / "examples" / "waivers-2019.yaml"
    new = tmp_path / "2020.yaml"
    new.write_text(edited().replace("\nyear: 2019\n", "\nyear: 2020\n", 1), encoding="utf-8")
    out = tmp_path / "waivers-2020.yaml"
    assert main(["diff", str(RULESET), str(new), "--old-waivers", str(waivers),
                 "--carry-waivers", str(out)]) == 0
    assert "沿用 1 条豁免" in capsys.readouterr().err
    [carried] = load_waivers(out, load_ruleset(new))
    # the waiver that still applies in 2020, as approved; the one expired in 2019 is not carried
    assert (carried.rule, carried.unit, carried.expires.isoformat()) == (
        "t23-new-media-fresh", "tech", "2020-01-31")
    assert carried.approver == "局办公室 吴某某（经分管副局长同意）"


def test_carry_waivers_needs_the_old_waivers(tmp_path: Path, capsys) -> None:
    assert main(["diff", str(RULESET), str(RULESET), "--carry-waivers",
                 str(tmp_path / "w.yaml")]) == 2
    assert "--old-waivers" in capsys.readouterr().err


def test_diff_shows_a_changed_rest_day_setting_in_every_format(tmp_path: Path) -> None:
    # moving deadlines off rest days changes every calendar-date verdict it touches: the office
    # must see it in the year's diff even when no task changed
    from disclosure_rules.ruleset.diff import to_json, to_text

    old = load_ruleset(RULESET)
    new = loads_ruleset(TEXT.replace("year: 2019\n", "year: 2019\ndeadline_on_rest_day: "
                                     "next_working_day\n", 1), source="2020.yaml")
    d = diff_rulesets(old, new)
    assert not d.empty
    assert [(c.what, c.old, c.new) for c in d.settings_changed] == [
        ("deadline_on_rest_day", "keep", "next_working_day")]
    assert "期限最后一日为休息日时（deadline_on_rest_day）：keep → next_working_day" in to_text(d)
    assert to_json(d)["settings"]["changed"] == [
        {"what": "deadline_on_rest_day", "old": "keep", "new": "next_working_day"}]
    assert diff_rulesets(old, old).settings_changed == ()
