"""The terminal report: fits the terminal, names units in Chinese, lists what needs action
first."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from rich.cells import cell_len
from rich.console import Console

from disclosure_rules import evaluate, load_evidence, load_ruleset
from disclosure_rules.evidence import CollectionRun
from disclosure_rules.findings import Status
from disclosure_rules.reports.terminal import render

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


@pytest.mark.parametrize("width", [80, 120, 200])
def test_no_line_is_wider_than_the_terminal(result, width) -> None:
    lines = printed(result, width)
    assert max(cell_len(line) for line in lines) <= width


def test_every_status_is_a_column_and_units_are_named_in_chinese(result) -> None:
    text = "\n".join(printed(result, 120))
    for label in ("通过", "未通过", "未到期", "已豁免", "无法判定", "不适用"):
        assert label in text
    assert "运管处" in text and "transport_mgmt" not in text


def test_failures_are_listed_before_errors_and_pending(result) -> None:
    lines = [line for line in printed(result, 200, limit=None) if line.startswith("[")]
    order = [line[1:line.index("]")] for line in lines]
    ranks = [("未通过", "无法判定", "已豁免", "未到期").index(s) for s in order]
    assert ranks == sorted(ranks) and order[0] == "未通过"
    assert len(lines) == sum(len(result.by_status(s)) for s in
                             (Status.FAIL, Status.ERROR, Status.WAIVED, Status.PENDING))


def test_long_lists_are_cut_with_a_pointer_to_the_json(result) -> None:
    lines = printed(result, 200, limit=3)
    assert sum(line.startswith("[") for line in lines) == 3
    assert "完整结果见 JSON 报告" in lines[-1]


def test_english_on_request(result) -> None:
    text = "\n".join(printed(result, 200, lang="en"))
    assert "By task" in text and "[fail]" in text and "未通过" not in text
