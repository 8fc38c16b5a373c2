"""The shipped 2019 rule set: complete, valid, and faithful to the table it came from."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from disclosure_rules.rules.attested import AttestedRule
from disclosure_rules.ruleset.deadlines import ExternalDeadline, FixedDeadline
from disclosure_rules.ruleset.loader import load_ruleset
from disclosure_rules.ruleset.model import Role

RULESET = Path(__file__).parents[1] / "rulesets" / "2019.yaml"


@pytest.fixture(scope="module")
def ruleset():
    return load_ruleset(RULESET)


def test_every_row_of_the_table_is_a_task(ruleset) -> None:
    assert [t.number for t in ruleset.tasks] == list(range(1, 25))


def test_every_task_has_at_least_one_rule_and_every_rule_checks_some_unit(ruleset) -> None:
    for task in ruleset.tasks:
        assert task.rules, task.number
        for rule in task.rules:
            assert task.units_for(rule), (task.number, rule.id)


def test_attested_rules_say_why_nothing_can_be_observed(ruleset) -> None:
    attested = [r for _, r in ruleset.rules() if isinstance(r, AttestedRule)]
    assert all(len(r.why) > 10 for r in attested)
    assert len(attested) <= 3  # observable evidence is preferred wherever a unit could give it


def test_merged_row_23_inherits_units_and_deadline_of_row_22(ruleset) -> None:
    row22, row23 = ruleset.tasks[21], ruleset.tasks[22]
    assert row23.responsible_text == row22.responsible_text == "局科技科"
    assert isinstance(row23.deadline, ExternalDeadline) and row23.deadline.authority == "省"


def test_source_typos_are_corrected_with_the_original_kept(ruleset) -> None:
    assert ruleset.tasks[4].heading[0] == "二、做好依申请公开工作"
    assert "依申清" in ruleset.tasks[4].original
    assert "解读形式" in ruleset.tasks[19].requirement and "形工" in ruleset.tasks[19].original


def test_deadlines_follow_the_completion_column(ruleset) -> None:
    assert ruleset.tasks[0].deadline == FixedDeadline(date(2019, 6, 30), "2019年6月")
    assert ruleset.tasks[1].deadline == FixedDeadline(date(2019, 11, 30), "2019年11月底前")
    assert ruleset.tasks[4].deadline.kind == "continuous"
    assert ruleset.tasks[5].deadline.kind == "timely"


def test_split_row_4_gives_each_part_to_its_unit(ruleset) -> None:
    task = ruleset.tasks[3]
    assert {a.role for a in task.assignments} == {Role.SPLIT}
    assert all(len(rule.units) == 1 for rule in task.rules)
    assert {rule.units[0] for rule in task.rules} == {a.unit for a in task.assignments}
