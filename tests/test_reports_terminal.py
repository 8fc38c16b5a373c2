"""The terminal report: a summary with how scores are computed, per task and per unit, then
only what needs action grouped by unit, rules in the office's words; fits the terminal and
wraps instead of cutting; ``--unit`` narrows it to one unit's to-do list."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len
from rich.console import Console

from disclosure_rules import evaluate, load_evidence, load_ruleset
from disclosure_rules.evidence.records import CollectionRun
from disclosure_rules.reports.terminal import render, wrap
from disclosure_rules.results.findings import Status

ROOT = Path(__file__).parents[1]


@pytest.fixture(scope="module")
def result():
    ruleset = load_ruleset(ROOT / "rulesets" / "2019.yaml")
    batch = load_evidence([ROOT / "examples" / "evidence" / "2019.jsonl"], ruleset)
    run = CollectionRun.read(ROOT / "examples" / "evidence" / "2019.run.json")
    return evaluate(ruleset, batch.records, date(2019, 12, 31), failures=run.failures())


def printed(result, width: int, **options) -> list[str]:
    console = Console(record=True, width=width, color_system=None)
    render(result, console, **options)
    return console.export_text().splitlines()


def listed(lines: list[str]) -> list[str]:
    """The findings listed (each starts with its status in brackets)."""
    return [line.strip() for line in lines if line.strip().startswith("[")]


@pytest.mark.parametrize("width", [80, 120, 200])
def test_no_line_is_wider_than_the_terminal(result, width) -> None:
    lines = printed(result, width)
    assert max(cell_len(line) for line in lines) <= width


def _in_order(needle: str, haystack: str) -> bool:
    rest = iter(haystack)
    return all(char in rest for char in needle)


def test_at_80_columns_texts_wrap_and_nothing_is_cut(result) -> None:
    lines = printed(result, 80)
    text = re.sub(r"\s", "", "".join(lines))
    assert "…" not in text
    for f in result.findings:
        if f.status in (Status.FAIL, Status.ERROR):
            assert re.sub(r"\s", "", f.reason) in text
    # a wrapped table cell spreads over lines: every task's text is there, in order
    stripped = [line.strip() for line in lines]
    table = "".join(lines[stripped.index("按任务"):stripped.index("按单位")])
    assert _in_order("".join(t.requirement for t in result.tasks), re.sub(r"\s", "", table))


def test_every_status_is_counted_and_units_are_named_in_chinese(result) -> None:
    text = "\n".join(printed(result, 120))
    for label in ("通过", "未通过", "未到期", "已豁免", "无法判定", "不适用"):
        assert label in text
    assert "运管处" in text and "transport_mgmt" not in text


def test_the_summary_says_how_scores_are_computed(result) -> None:
    lines = printed(result, 200)
    assert lines[2].startswith(f"总分 {result.score:.1f}")
    assert lines[3].startswith("得分=通过÷（通过+未通过）×100；未到期、已豁免、无法判定")


def test_only_failures_and_errors_are_listed_grouped_by_unit(result) -> None:
    lines = printed(result, 400)
    shown = listed(lines)
    assert {s[1:s.index("]")] for s in shown} == {"未通过", "无法判定"}
    assert len(shown) == len(result.by_status(Status.FAIL)) + len(result.by_status(Status.ERROR))
    # under each unit's heading, its failures come before its errors
    names = {u.name for u in result.units}
    groups: list[list[str]] = []
    for line in lines[[x.strip() for x in lines].index("需要处理的事项"):]:
        if line.split("（")[0] in names:
            groups.append([])
        elif line.strip().startswith("["):
            groups[-1].append(line.strip()[1:line.strip().index("]")])
    assert len(groups) == len({f.unit for f in result.findings
                               if f.status in (Status.FAIL, Status.ERROR)})
    for statuses in groups:
        assert statuses == sorted(statuses, key=("未通过", "无法判定").index)


def test_rules_are_named_by_their_description_not_their_id(result) -> None:
    text = "\n".join(printed(result, 400))
    assert "t01-leader" not in text
    assert "明确政务公开专职人员并报局办公室" in text


def test_all_lists_every_finding(result) -> None:
    shown = listed(printed(result, 400, show_all=True))
    assert len(shown) == len(result.findings)
    assert any(s.startswith("[通过]") for s in shown)


def test_unit_narrows_everything_to_its_to_do_list(result) -> None:
    port = next(u for u in result.units if u.unit == "port")
    lines = printed(result, 400, unit="port")
    text = "\n".join(lines)
    assert "港航事务中心的整改清单" in lines[0]
    assert "按单位" not in text and "科技科" not in text
    assert lines[2].startswith(f"得分 {port.score:.1f}")
    mine = [f for f in result.findings if f.unit == "port"
            and f.status in (Status.FAIL, Status.ERROR)]
    assert len(listed(lines)) == len(mine) > 0


def test_unknown_collection_outcomes_are_said_above_the_score(result) -> None:
    lines = printed(attrs.evolve(result, collection_known=False), 200)
    warning = next(n for n, line in enumerate(lines) if "采集失败情况未知" in line)
    assert warning < next(n for n, line in enumerate(lines) if line.startswith("总分"))
    assert not any("采集失败情况未知" in line for line in printed(result, 200))


def test_english_on_request(result) -> None:
    text = "\n".join(printed(result, 200, lang="en"))
    assert "By task" in text and "[fail]" in text and "未通过" not in text
    assert "score = pass ÷ (pass + fail) × 100" in text


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("政务公开未通过，。（）《》 abc2019-12-31:/\t")),
               max_size=300),
       st.integers(min_value=4, max_value=120))
def test_wrap_keeps_every_character_and_fits_the_width(text, width) -> None:
    lines = list(wrap(text, width))
    assert all(cell_len(line) <= width for line in lines)
    assert "".join(lines).replace(" ", "") == "".join(text.split())
