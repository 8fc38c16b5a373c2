"""``deadline_on_rest_day``: a period whose last day is a rest day ends on the next working day
when the rule set says so (民法总则第二百零三条, 民法典第二百零三条 from 2021), and stays as
written by default.

The expected days below are read from the State Council's holiday schedules, not from the
code: 2019-06-30 is a Sunday; 国庆 2019 is 10-01..10-07 off, with 09-29 (Sunday) and 10-12
(Saturday) worked; 元旦 2023 is 2022-12-31..2023-01-02 off (2023-01-02 a Monday)."""

from __future__ import annotations

import textwrap
from datetime import date

import attrs
import pytest

from disclosure_rules import Status, evaluate
from disclosure_rules.cli import main
from disclosure_rules.engine.evaluator import BACKENDS
from disclosure_rules.errors import RulesetError
from disclosure_rules.rules import FreshRule, PresentRule
from disclosure_rules.rules.count import CountRule
from disclosure_rules.rules.submitted import SubmittedRule
from disclosure_rules.ruleset.deadlines import (
    ExternalDeadline,
    FixedDeadline,
    PeriodEnd,
    period_end,
)
from disclosure_rules.ruleset.loader import loads_ruleset
from disclosure_rules.ruleset.workdays import default_calendar
from engine_builders import d, ev, ruleset
from test_rule_kinds_absent_count import website_ruleset

MOVE = "next_working_day"
CAL = default_calendar()


@pytest.mark.parametrize(("written", "last"), [
    ("2019-06-30", "2019-07-01"),  # a Sunday → Monday
    ("2019-06-29", "2019-07-01"),  # a Saturday → Monday
    ("2019-10-01", "2019-10-08"),  # 国庆: every day of 10-01..10-07 ends on 10-08
    ("2019-10-05", "2019-10-08"),
    ("2019-10-07", "2019-10-08"),
    ("2019-09-29", "2019-09-29"),  # a Sunday worked (调休) is a working day: stays
    ("2019-10-12", "2019-10-12"),  # a Saturday worked (调休): stays
    ("2019-12-31", "2019-12-31"),  # a Tuesday: stays
    ("2022-12-31", "2023-01-03"),  # a Saturday, then Sunday and the 元旦 Monday off
])
def test_a_last_day_on_a_rest_day_moves_to_the_day_after_the_rest_days(written, last):
    end = period_end(d(written), MOVE, CAL)
    assert end == PeriodEnd(d(last), d(written))
    assert end.moved is (written != last)


def test_by_default_a_last_day_stays_as_written_even_on_a_sunday():
    assert period_end(d("2019-06-30"), "keep", CAL) == PeriodEnd(d("2019-06-30"), d("2019-06-30"))


def test_the_move_is_explained_in_the_words_of_the_article():
    end = period_end(d("2019-06-30"), MOVE, CAL)
    assert end.describe() == "6月30日为休息日，依民法总则第二百零三条顺延至7月1日"
    across = period_end(d("2022-12-31"), MOVE, CAL)
    # from 2021 the article is the Civil Code's (民法典, same number and words)
    assert across.describe() == "2022年12月31日为休息日，依民法典第二百零三条顺延至2023年1月3日"
    assert "art. 203 of the Civil Code" in across.describe("en")
    assert "General Provisions" in end.describe("en")
    assert period_end(d("2019-09-29"), MOVE, CAL).describe() == ""


# -- unit-level due dates -------------------------------------------------------------------

JUNE = FixedDeadline(d("2019-06-30"), "2019年6月底前")


def _one(rs, records, as_of, backend="durable"):
    (finding,) = evaluate(rs, records, as_of, backend=backend).findings
    return finding


def _present(deadline, *, rule_due=None, year=2019):
    return ruleset([(PresentRule(id="p", evidence="doc", due=rule_due), deadline)],
                   units=("u1",), year=year)


def test_a_document_of_monday_1_july_meets_a_june_deadline_only_with_the_setting_on():
    records = [ev("doc", "u1", "文1", published=d("2019-07-01"))]
    kept = _present(JUNE)
    moved = attrs.evolve(kept, deadline_on_rest_day=MOVE)
    late = _one(kept, records, d("2019-07-31"))
    assert (late.status, late.code, late.due) == (Status.FAIL, "count.late", d("2019-06-30"))
    met = _one(moved, records, d("2019-07-31"))
    assert (met.status, met.code, met.due) == (Status.PASS, "count.met", d("2019-07-01"))
    assert met.detail["moved_from"] == "2019-06-30"
    assert "6月30日为休息日，依民法总则第二百零三条顺延至7月1日" in met.reason


def test_a_sunday_due_is_still_pending_on_that_sunday_and_fails_once_monday_is_reached():
    kept = _present(JUNE)
    moved = attrs.evolve(kept, deadline_on_rest_day=MOVE)
    assert _one(kept, [], d("2019-06-30")).status is Status.FAIL
    assert _one(moved, [], d("2019-06-30")).status is Status.PENDING
    missing = _one(moved, [], d("2019-07-01"))
    assert (missing.status, missing.code) == (Status.FAIL, "count.missing")
    assert "顺延至7月1日" in missing.reason


@pytest.mark.parametrize(("published", "status"), [
    ("2019-10-08", Status.PASS), ("2019-10-09", Status.FAIL)])
def test_a_due_day_in_the_national_day_holiday_ends_on_8_october(published, status):
    rs = attrs.evolve(_present(FixedDeadline(d("2019-10-03"), "2019年10月3日前")),
                      deadline_on_rest_day=MOVE)
    found = _one(rs, [ev("doc", "u1", "文1", published=d(published))], d("2019-10-31"))
    assert (found.status, found.due) == (status, d("2019-10-08"))


def test_a_due_day_on_a_worked_sunday_stays_put():
    rs = attrs.evolve(_present(FixedDeadline(d("2019-09-29"), "2019年9月29日前")),
                      deadline_on_rest_day=MOVE)
    found = _one(rs, [ev("doc", "u1", "文1", published=d("2019-09-30"))], d("2019-10-31"))
    assert (found.status, found.code, found.due) == (Status.FAIL, "count.late", d("2019-09-29"))
    assert "moved_from" not in found.detail


def test_a_rules_own_due_and_a_provinces_date_move_too():
    records = [ev("doc", "u1", "文1", published=d("2019-07-01"))]
    own = attrs.evolve(_present(JUNE, rule_due=d("2019-06-29")), deadline_on_rest_day=MOVE)
    assert _one(own, records, d("2019-07-31")).status is Status.PASS
    province = ExternalDeadline("省", d("2019-06-30"), "按省里时间节点")
    rs = attrs.evolve(_present(province), deadline_on_rest_day=MOVE)
    assert _one(rs, records, d("2019-07-31")).status is Status.PASS


def test_the_year_end_fallback_of_an_undated_city_deadline_moves_into_the_next_year():
    """2022-12-31 is a Saturday; 2023-01-01 and the 元旦 Monday 01-02 are off too."""
    city = ExternalDeadline("市", None, "按市里统一安排完成")
    records = [ev("doc", "u1", "文1", published=d("2023-01-03"))]
    kept = _present(city, year=2022)
    assert _one(kept, records, d("2023-01-31")).status is Status.FAIL
    moved = _one(attrs.evolve(kept, deadline_on_rest_day=MOVE), records, d("2023-01-31"))
    assert (moved.status, moved.due) == (Status.PASS, d("2023-01-03"))
    assert "2022年12月31日为休息日" in moved.reason


def test_a_submitted_rule_due_on_a_sunday_is_pending_until_the_monday():
    rule = SubmittedRule(id="s", evidence="doc", none_topic="第1行：无", due=d("2019-06-30"))
    kept = ruleset([(rule, JUNE)], units=("u1",))
    moved = attrs.evolve(kept, deadline_on_rest_day=MOVE)
    assert _one(kept, [], d("2019-06-30")).status is Status.FAIL
    pending = _one(moved, [], d("2019-06-30"))
    assert (pending.status, pending.due) == (Status.PENDING, d("2019-07-01"))
    assert "顺延至7月1日" in pending.reason


# -- calendar-day and calendar-month limits ----------------------------------------------------

def test_fourteen_days_that_end_on_a_sunday_run_to_the_monday():
    """Updated on Sunday 2019-06-16: 14 days end on Sunday 06-30, moved to Monday 07-01."""
    rule = FreshRule(id="f", evidence="site_update", max_age_days=14)
    records = [ev("site_update", "u1", "页1", updated=d("2019-06-16"), column="要闻")]
    kept = ruleset([(rule, JUNE)], units=("u1",))
    assert _one(kept, records, d("2019-07-01")).status is Status.FAIL
    moved = attrs.evolve(kept, deadline_on_rest_day=MOVE)
    fresh = _one(moved, records, d("2019-07-01"))
    assert (fresh.status, fresh.code) == (Status.PASS, "fresh.ok_moved")
    assert "15 天" in fresh.reason and "顺延至7月1日" in fresh.reason
    assert _one(moved, records, d("2019-07-02")).status is Status.FAIL


def test_three_months_that_end_on_a_sunday_run_to_the_monday():
    """Updated 2019-03-30: three months end 2019-06-30 (第二百零二条), a Sunday."""
    rule = FreshRule(id="f", evidence="site_update", max_age_months=3)
    records = [ev("site_update", "u1", "页1", updated=d("2019-03-30"), column="通知")]
    kept = ruleset([(rule, JUNE)], units=("u1",))
    assert _one(kept, records, d("2019-07-01")).status is Status.FAIL
    moved = _one(attrs.evolve(kept, deadline_on_rest_day=MOVE), records, d("2019-07-01"))
    assert (moved.status, moved.detail["until"]) == (Status.PASS, "2019-07-01")


def test_a_gap_that_closes_on_the_monday_after_a_sunday_limit_is_no_gap():
    rule = FreshRule(id="g", evidence="site_update", max_age_days=14, measure="gap")
    """Updates on 01-01, Sunday 01-13 and Monday 01-28: 14 days from 01-13 end on Sunday
    01-27, so the 15 days to 01-28 are a gap as written and none once moved."""
    records = [ev("site_update", "u1", f"页{n}", updated=d(day), column="要闻")
               for n, day in enumerate(["2019-01-01", "2019-01-13", "2019-01-28"])]
    kept = ruleset([(rule, JUNE)], units=("u1",))
    gaps = _one(kept, records, d("2019-01-28"))
    assert (gaps.status, gaps.code, gaps.detail["gap_start"]) == (
        Status.FAIL, "gap.exceeded", "2019-01-13")
    moved = _one(attrs.evolve(kept, deadline_on_rest_day=MOVE), records, d("2019-01-28"))
    assert (moved.status, moved.code) == (Status.PASS, "gap.ok")


def test_a_message_of_a_sunday_is_not_overdue_on_the_monday_its_days_were_moved_to():
    """Received Sunday 2019-06-02; 28 days end Sunday 06-30, moved to Monday 07-01."""
    rule = CountRule(id="c", evidence="message", max_count=0, open_field="replied",
                     older_than_days=28)
    records = [ev("message", "u1", "m1", received=d("2019-06-02"), valid=True)]
    kept = website_ruleset([(rule, JUNE)], units=("u1",))
    assert _one(kept, records, d("2019-07-01")).status is Status.FAIL
    moved = attrs.evolve(kept, deadline_on_rest_day=MOVE)
    assert _one(moved, records, d("2019-07-01")).status is Status.PASS
    assert _one(moved, records, d("2019-07-02")).status is Status.FAIL


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_message_whose_three_calendar_months_end_on_a_sunday_is_overdue_a_day_later(backend):
    """Received 2019-03-30; three calendar months end on the corresponding day 06-30
    (第二百零二条), a Sunday, moved to Monday 07-01 (第二百零三条)."""
    rule = CountRule(id="c", evidence="message", max_count=0, open_field="replied",
                     older_than_months=3)
    records = [ev("message", "u1", "m1", received=d("2019-03-30"), valid=True)]
    kept = website_ruleset([(rule, JUNE)], units=("u1",))
    assert _one(kept, records, d("2019-06-30"), backend).status is Status.PASS
    assert _one(kept, records, d("2019-07-01"), backend).status is Status.FAIL
    moved = attrs.evolve(kept, deadline_on_rest_day=MOVE)
    assert _one(moved, records, d("2019-07-01"), backend).status is Status.PASS
    assert _one(moved, records, d("2019-07-02"), backend).status is Status.FAIL


# -- the setting in a rule-set file --------------------------------------------------------------

YAML = textwrap.dedent("""\
    schema: 1
    id: rest-day-2019
    title: 顺延测试
    year: 2019
    {setting}
    units:
      - {{id: tech, name: 科技科}}
    evidence_kinds:
      publication:
        label: 网站公开信息
        date_field: published
        fields:
          published: {{type: date, required: true}}
    tasks:
      - number: 1
        heading: [一、测试]
        requirement: 6月底前公开
        responsible: 科技科
        units: {{负责: [科技科]}}
        deadline: 2019年6月底前
        rules:
          - {{id: t1, kind: present, evidence: publication}}
    """)


def test_a_rule_set_keeps_deadlines_as_written_unless_it_says_otherwise():
    assert loads_ruleset(YAML.format(setting="")).deadline_on_rest_day == "keep"
    moved = loads_ruleset(YAML.format(setting="deadline_on_rest_day: next_working_day"))
    assert moved.deadline_on_rest_day == MOVE
    assert moved.period_end(date(2019, 6, 30)).day == date(2019, 7, 1)


def test_an_unknown_value_is_an_error_at_its_line_and_column_with_a_suggestion():
    text = YAML.format(setting="deadline_on_rest_day: next_workday")
    with pytest.raises(RulesetError) as caught:
        loads_ruleset(text, source="rest.yaml")
    (problem,) = caught.value.problems
    assert (problem.location.line, problem.location.column) == (5, 23)
    assert problem.location.path == "deadline_on_rest_day"
    assert "next_working_day" in str(caught.value)


def test_show_says_the_due_day_moved_and_why(tmp_path, capsys):
    path = tmp_path / "rest.yaml"
    path.write_text(YAML.format(setting="deadline_on_rest_day: next_working_day"),
                    encoding="utf-8")
    assert main(["show", str(path), "--width", "300"]) == 0
    assert "6月30日为休息日，依民法总则第二百零三条顺延至7月1日" in capsys.readouterr().out
