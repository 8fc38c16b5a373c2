"""Golden tests of the rule vocabulary the 2019 table and the law need (issue 9): which date
places a record (row 1), a lower bound (row 3), the year's end for external deadlines without a
date, calendar months (row 22, 民法总则第二百零一条、第二百零二条) and calendar hours (row 21,
国办发〔2016〕61号).  Every expected date below is worked out from the law and the 2019/2020
calendars by hand, not from the code; each runs on every backend."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import ClassVar

import attrs
import pytest

from disclosure_rules.deadlines import FixedDeadline
from disclosure_rules.engine import evaluate
from disclosure_rules.errors import RulesetError
from disclosure_rules.findings import Finding, Status
from disclosure_rules.model import FreshRule, PresentRule, RespondedRule, Role, TimelyRule
from disclosure_rules.ruleset_loader import loads_ruleset
from disclosure_rules.semantics import add_months, hours_limit
from engine_builders import CITY, QUARTERLY, d, ev, ruleset

BACKENDS = ("durable", "index", "reference")
ONE = ("u1",)
JUNE = FixedDeadline(date(2019, 6, 30), "2019年6月")


def run(rule, deadline, evidence, as_of, backend) -> dict[str, Finding]:
    rs = ruleset([(rule, deadline)], units=ONE)
    result = evaluate(rs, evidence, d(as_of), backend=backend)
    return {f.subject: f for f in result.findings}


# -- the calendar arithmetic itself -------------------------------------------------------------


@pytest.mark.parametrize(("start", "months", "end"), [
    ("2019-01-01", 6, "2019-07-01"),   # the corresponding day: 181 days, not 180
    ("2019-08-31", 6, "2020-02-29"),   # no 31 February: the month's last day (2020 is leap)
    ("2018-08-31", 6, "2019-02-28"),   # 2019 is not
    ("2019-01-31", 1, "2019-02-28"),
    ("2019-03-31", 1, "2019-04-30"),
    ("2019-12-15", 1, "2020-01-15"),   # across the year
    ("2019-07-06", 6, "2020-01-06"),
])
def test_a_period_in_months_ends_on_the_corresponding_day_or_the_months_last_day(
        start, months, end):
    assert add_months(d(start), months) == d(end)


@pytest.mark.parametrize(("received", "hours", "last_day"), [
    ("2019-09-30", 48, "2019-10-02"),  # across 国庆: hours are calendar time
    ("2019-10-01", 48, "2019-10-03"),
    ("2019-12-31", 48, "2020-01-02"),
    ("2019-06-06", 24, "2019-06-07"),  # the press conference of a major emergency
    ("2019-06-06", 5, "2019-06-07"),   # an event late in the day: 5 h can end the next day
    ("2019-06-06", 72, "2019-06-09"),
])
def test_hours_known_only_by_date_end_on_the_ceil_hours_over_24th_day_after(
        received, hours, last_day):
    assert hours_limit(d(received), hours) == d(last_day)


# -- the rules on every backend ------------------------------------------------------------------


@pytest.mark.parametrize("backend", BACKENDS)
class TestWhichDateCounts:
    """Row 1: staff named and *reported to 局办公室* by June — the report's date counts."""

    RULE = PresentRule(id="t01", evidence="decision", date_field="published")

    def test_named_in_june_but_reported_in_july_is_late(self, backend):
        rec = [ev("decision", "u1", "明确-1", decided=d("2019-06-10"), published=d("2019-07-02"))]
        f = run(self.RULE, JUNE, rec, "2019-07-15", backend)["unit"]
        assert (f.status, f.code) == (Status.FAIL, "count.late")

    def test_reported_by_the_end_of_june_passes(self, backend):
        rec = [ev("decision", "u1", "明确-1", decided=d("2019-06-10"), published=d("2019-06-30"))]
        assert run(self.RULE, JUNE, rec, "2019-07-15", backend)["unit"].status is Status.PASS

    def test_a_report_dated_after_the_audit_day_never_counts(self, backend):
        rec = [ev("decision", "u1", "明确-1", decided=d("2019-06-10"), published=d("2019-06-20"))]
        f = run(self.RULE, JUNE, rec, "2019-06-15", backend)["unit"]
        assert (f.status, f.code) == (Status.PENDING, "count.pending")
        assert f.evidence == ()

    def test_a_record_never_reported_does_not_count(self, backend):
        rec = [ev("decision", "u1", "明确-1", decided=d("2019-06-10"))]
        f = run(self.RULE, JUNE, rec, "2019-07-15", backend)["unit"]
        assert (f.status, f.code) == (Status.FAIL, "count.missing")


@pytest.mark.parametrize("backend", BACKENDS)
class TestSinceAndTheYearsEnd:
    """Row 3: a study of the revised 条例 (国务院令第711号, 2019-04-03) under 按市里统一安排
    with no date: before the revision it does not count, and after 2019 nothing fails."""

    RULE = PresentRule(id="t03", evidence="doc", since=date(2019, 4, 3))

    def test_a_study_before_the_revision_does_not_count(self, backend):
        rec = [ev("doc", "u1", "学习-1", published=d("2019-04-02"))]
        f = run(self.RULE, CITY, rec, "2020-01-10", backend)["unit"]
        assert (f.status, f.code) == (Status.FAIL, "count.missing")

    def test_a_study_on_the_day_of_the_revision_counts(self, backend):
        rec = [ev("doc", "u1", "学习-1", published=d("2019-04-03"))]
        assert run(self.RULE, CITY, rec, "2020-01-10", backend)["unit"].status is Status.PASS

    def test_without_a_city_date_it_is_pending_in_the_year_and_fails_after(self, backend):
        assert run(self.RULE, CITY, [], "2019-12-30", backend)["unit"].status is Status.PENDING
        f = run(self.RULE, CITY, [], "2020-01-02", backend)["unit"]
        assert f.status is Status.FAIL and "2019-12-31" in f.reason

    def test_a_study_in_the_next_year_is_late(self, backend):
        rec = [ev("doc", "u1", "学习-1", published=d("2020-01-02"))]
        f = run(self.RULE, CITY, rec, "2020-01-10", backend)["unit"]
        assert (f.status, f.code) == (Status.FAIL, "count.late")

    def test_since_holds_in_every_period_of_a_continuous_deadline(self, backend):
        rec = [ev("doc", "u1", "学习-1", published=d("2019-03-01"))]
        found = run(self.RULE, QUARTERLY, rec, "2019-07-10", backend)
        assert found["period:2019-Q1"].status is Status.FAIL


@pytest.mark.parametrize("backend", BACKENDS)
class TestCalendarMonths:
    """Row 22: 通知公告、政策文件 columns stale after 6 months (国办秘函〔2019〕19号)."""

    RULE = FreshRule(id="t22", evidence="site_update", max_age_months=6)

    def test_181_days_is_still_within_six_months_from_the_first_of_january(self, backend):
        rec = [ev("site_update", "u1", "页1", updated=d("2019-01-01"))]
        f = run(self.RULE, QUARTERLY, rec, "2019-07-01", backend)["unit"]
        assert (f.status, f.code) == (Status.PASS, "fresh.months_ok")
        f = run(self.RULE, QUARTERLY, rec, "2019-07-02", backend)["unit"]
        assert (f.status, f.code) == (Status.FAIL, "fresh.months_stale")

    def test_six_months_from_the_31st_of_august_end_on_the_29th_of_february(self, backend):
        rec = [ev("site_update", "u1", "页1", updated=d("2019-08-31"))]
        assert run(self.RULE, QUARTERLY, rec, "2020-02-29", backend)["unit"].status \
            is Status.PASS
        assert run(self.RULE, QUARTERLY, rec, "2020-03-01", backend)["unit"].status \
            is Status.FAIL

    def test_no_update_at_all_fails(self, backend):
        f = run(self.RULE, QUARTERLY, [], "2019-07-01", backend)["unit"]
        assert (f.status, f.code) == (Status.FAIL, "fresh.months_none")


@pytest.mark.parametrize("backend", BACKENDS)
class TestAYearOfCalendarMonths:
    """Row 22: 人事、规划计划 columns stale after a year (国办秘函〔2019〕19号), as 12 calendar
    months.  民法总则第二百零一条: the day of the update is not counted; 第二百零二条: the year
    ends on the corresponding day, or the month's last day when there is none.  By hand:
    2018-12-31 → 2019-12-31 (fresh that day, stale on 2020-01-01); 2019-02-28 → 2020-02-28
    (2020-02-29 is already past it); 2020-02-29 → 2021-02-28 (2021 has no 29 February)."""

    RULE = FreshRule(id="t22", evidence="site_update", max_age_months=12, group_by="column")

    @pytest.mark.parametrize(("updated", "last_fresh", "first_stale"), [
        ("2018-12-31", "2019-12-31", "2020-01-01"),
        ("2019-02-28", "2020-02-28", "2020-02-29"),
        ("2020-02-29", "2021-02-28", "2021-03-01"),
    ])
    def test_a_column_is_fresh_to_the_corresponding_day_a_year_on(self, backend, updated,
                                                                 last_fresh, first_stale):
        rec = [ev("site_update", "u1", "页1", updated=d(updated), column="人事信息")]
        f = run(self.RULE, QUARTERLY, rec, last_fresh, backend)["group:人事信息"]
        assert (f.status, f.code, f.detail["until"]) == (Status.PASS, "fresh.months_ok",
                                                         last_fresh)
        f = run(self.RULE, QUARTERLY, rec, first_stale, backend)["group:人事信息"]
        assert (f.status, f.code) == (Status.FAIL, "fresh.months_stale")
        assert f"12 个月已于 {last_fresh} 届满" in f.reason

    def test_each_column_is_judged_on_its_own_updates(self, backend):
        rec = [ev("site_update", "u1", "页1", updated=d("2018-12-31"), column="人事信息"),
               ev("site_update", "u1", "页2", updated=d("2018-12-30"), column="规划计划")]
        found = run(self.RULE, QUARTERLY, rec, "2019-12-31", backend)
        assert found["group:人事信息"].status is Status.PASS
        assert found["group:规划计划"].status is Status.FAIL


@pytest.mark.parametrize("backend", BACKENDS)
class TestCalendarHours:
    """Row 21: 其他政务舆情 48 小时内回应 (国办发〔2016〕61号) — holidays count."""

    RULE = RespondedRule(id="t21", evidence="application", within_hours=48)

    def test_found_before_national_day_answered_after_it_is_late(self, backend):
        rec = [ev("application", "u1", "舆情-1", received=d("2019-09-30"),
                  replied=d("2019-10-08"))]
        f = run(self.RULE, QUARTERLY, rec, "2019-10-31", backend)["item:舆情-1"]
        assert (f.status, f.code) == (Status.FAIL, "window.late")
        assert "48 小时" in f.reason and "2019-10-02" in f.reason

    def test_answered_on_the_second_day_of_the_holiday_is_on_time(self, backend):
        rec = [ev("application", "u1", "舆情-1", received=d("2019-10-01"),
                  replied=d("2019-10-03"))]
        assert run(self.RULE, QUARTERLY, rec, "2019-10-31", backend)["item:舆情-1"].status \
            is Status.PASS

    def test_unanswered_is_pending_until_the_second_day_then_fails(self, backend):
        rec = [ev("application", "u1", "舆情-1", received=d("2019-10-01"))]
        assert run(self.RULE, QUARTERLY, rec, "2019-10-02", backend)["item:舆情-1"].status \
            is Status.PENDING
        assert run(self.RULE, QUARTERLY, rec, "2019-10-03", backend)["item:舆情-1"].status \
            is Status.FAIL


# -- load-time checks ----------------------------------------------------------------------------

SMALL = (Path(__file__).parent / "fixtures" / "loader" / "small.yaml").read_text(encoding="utf-8")


def problems_of(rule_text: str) -> list:
    task = ("  - number: 4\n    heading: [四、测试]\n    requirement: 测试\n"
            "    responsible: 局办公室\n    units: {负责: [局办公室]}\n    deadline: 常态化工作\n"
            "    rules:\n" + rule_text + "waivers:\n")
    text = SMALL.replace("waivers:\n", task, 1)
    with pytest.raises(RulesetError) as info:
        loads_ruleset(text, source="bad.yaml")
    return list(info.value.problems)


def test_max_age_months_beside_max_age_days_is_a_located_error():
    (p,) = problems_of("      - id: t04-f\n        kind: fresh\n        evidence: policy_document\n"
                       "        max_age_days: 180\n        max_age_months: 6\n")
    assert p.location.path == "tasks[3].rules[0].max_age_months" and "只能写一个" in p.message


@pytest.mark.parametrize("months", ["0", "121"])
def test_max_age_months_outside_one_to_120_is_a_located_error(months):
    (p,) = problems_of("      - id: t04-f\n        kind: fresh\n        evidence: policy_document\n"
                       f"        max_age_months: {months}\n")
    assert p.location.path == "tasks[3].rules[0].max_age_months" and "120" in p.message


def test_max_age_months_on_a_gap_rule_is_a_located_error():
    (p,) = problems_of("      - id: t04-f\n        kind: fresh\n        evidence: policy_document\n"
                       "        measure: gap\n        max_age_months: 6\n")
    assert p.location.path == "tasks[3].rules[0].max_age_months"


def test_a_date_field_that_is_not_a_date_is_a_located_error():
    problems = problems_of("      - id: t04-p\n        kind: present\n"
                           "        evidence: policy_document\n        date_field: doc_number\n")
    assert [p.location.path for p in problems] == ["tasks[3].rules[0].date_field"]


def test_since_after_due_is_a_located_error():
    (p,) = problems_of("      - id: t04-p\n        kind: present\n"
                       "        evidence: policy_document\n"
                       "        due: 2019-06-30\n        since: 2019-07-01\n")
    assert p.location.path == "tasks[3].rules[0].since"


def test_within_hours_beside_working_day_parameters_is_a_located_error():
    problems = problems_of("      - id: t04-r\n        kind: responded\n"
                           "        evidence: application\n"
                           "        within_hours: 48\n        within: 2\n")
    assert [p.location.path for p in problems] == ["tasks[3].rules[0].within"]


def test_within_hours_of_zero_is_a_located_error():
    (p,) = problems_of("      - id: t04-r\n        kind: responded\n        evidence: application\n"
                       "        within_hours: 0\n")
    assert p.location.path == "tasks[3].rules[0].within_hours" and "8760" in p.message


# -- who publishes, who answers (rows 4, 6–9, 17) -------------------------------------------------


def run_roles(rule, evidence, as_of, backend, roles) -> dict[tuple[str, str], Finding]:
    rs = ruleset([(rule, QUARTERLY)], units=tuple(roles), roles=roles)
    result = evaluate(rs, evidence, d(as_of), backend=backend)
    return {(f.unit, f.subject): f for f in result.findings}


def run_with_site(rule, evidence, as_of, backend, roles) -> dict[tuple[str, str], Finding]:
    """Like ``run_roles``, with the website unit ``site`` known to the rule set but not a unit
    of the task (unless ``roles`` names it)."""
    rs = only_in_task(ruleset([(rule, QUARTERLY)], units=(*roles, "site"), roles=roles), roles)
    result = evaluate(rs, evidence, d(as_of), backend=backend)
    return {(f.unit, f.subject): f for f in result.findings}


def only_in_task(rs, units):
    return attrs.evolve(rs, tasks=tuple(
        attrs.evolve(t, assignments=tuple(a for a in t.assignments if a.unit in units))
        for t in rs.tasks))


PROJECT = [ev("event", "plan", "项目批准-1", occurred=d("2019-09-02")),
           ev("pub", "site", "网页-1", published=d("2019-09-10"), subject="项目批准-1")]


@pytest.mark.parametrize("backend", BACKENDS)
class TestWhoPublishes:
    """条例第二十六条 asks that the information is public within 20 WD, not who clicks
    publish: the website unit publishes for the unit that owns the information."""

    def test_published_by_the_site_unit_counts_with_publishers_task(self, backend):
        rule = TimelyRule(id="t06", event="event", publication="pub", link="subject",
                          publishers="task")
        found = run_roles(rule, PROJECT, "2019-12-31", backend,
                          {"plan": Role.RESPONSIBLE, "site": Role.RESPONSIBLE})
        assert found[("plan", "item:项目批准-1")].status is Status.PASS

    def test_without_publishers_only_the_owners_own_publication_counts(self, backend):
        rule = TimelyRule(id="t06", event="event", publication="pub", link="subject")
        found = run_roles(rule, PROJECT, "2019-12-31", backend,
                          {"plan": Role.RESPONSIBLE, "site": Role.RESPONSIBLE})
        assert found[("plan", "item:项目批准-1")].code == "window.missing"

    def test_a_unit_outside_the_task_does_not_publish_for_it(self, backend):
        rule = TimelyRule(id="t06", event="event", publication="pub", link="subject",
                          publishers="task")
        found = run_roles(rule, PROJECT, "2019-12-31", backend, {"plan": Role.RESPONSIBLE})
        assert found[("plan", "item:项目批准-1")].code == "window.missing"


SITE = [ev("event", "plan", "项目批准-1", occurred=d("2019-09-02")),
        ev("pub", "site", "网页-1", published=d("2019-09-10"), subject="项目批准-1")]


@pytest.mark.parametrize("backend", BACKENDS)
class TestPublishersNamedByUnit:
    """``publishers: [科技科]``: the website unit's publication counts for the unit owning the
    information even when the row does not name the website unit; it is matched on the unit
    the publication is filed under.  The event of 2019-09-02 (a Monday) has 20 working days to
    2019-09-30 (中秋 09-13 is a holiday, 09-29 a make-up working day): 09-10 is in time."""

    def test_a_named_unit_outside_the_task_publishes_for_it(self, backend):
        rule = TimelyRule(id="t06", event="event", publication="pub", link="subject",
                          publishers=("site",))
        found = run_with_site(rule, SITE, "2019-12-31", backend, {"plan": Role.RESPONSIBLE})
        f = found[("plan", "item:项目批准-1")]
        assert (f.status, f.detail["published_by"]) == (Status.PASS, "单位site")
        assert "（由单位site发布）" in f.reason and "2019-09-10" in f.reason

    def test_the_reason_names_the_unit_whose_publication_counted(self, backend):
        rule = TimelyRule(id="t06", event="event", publication="pub", link="subject",
                          publishers=("task",))
        found = run_roles(rule, SITE, "2019-12-31", backend,
                          {"plan": Role.RESPONSIBLE, "site": Role.RESPONSIBLE})
        assert "（由单位site发布）" in found[("plan", "item:项目批准-1")].reason

    def test_the_units_own_publication_is_not_credited_to_another(self, backend):
        own = [SITE[0], ev("pub", "plan", "网页-2", published=d("2019-09-05"),
                           subject="项目批准-1")]
        rule = TimelyRule(id="t06", event="event", publication="pub", link="subject",
                          publishers=("site",))
        f = run_with_site(rule, own, "2019-12-31", backend,
                      {"plan": Role.RESPONSIBLE})[("plan", "item:项目批准-1")]
        assert f.status is Status.PASS and "published_by" not in f.detail
        assert "发布）" not in f.reason

    def test_a_unit_not_named_does_not_publish_for_it(self, backend):
        other = [SITE[0], ev("pub", "other", "网页-3", published=d("2019-09-10"),
                             subject="项目批准-1")]
        rule = TimelyRule(id="t06", event="event", publication="pub", link="subject",
                          publishers=("site",))
        found = run_with_site(rule, other, "2019-12-31", backend,
                          {"plan": Role.RESPONSIBLE, "other": Role.RESPONSIBLE})
        assert found[("plan", "item:项目批准-1")].code == "window.missing"

    def test_a_late_publication_says_whose_it_was(self, backend):
        late = [SITE[0], ev("pub", "site", "网页-1", published=d("2019-10-08"),
                            subject="项目批准-1")]
        rule = TimelyRule(id="t06", event="event", publication="pub", link="subject",
                          publishers=("site",))
        f = run_with_site(rule, late, "2019-12-31", backend,
                      {"plan": Role.RESPONSIBLE})[("plan", "item:项目批准-1")]
        assert (f.code, f.detail["published_by"]) == ("window.late", "单位site")


class TestAllowedPublishersAreNotOutOfScope:
    """Records of the rule's evidence from a unit outside the task are reported as out of
    scope — unless the rule counts them: a unit ``publishers`` names.  (Here the event and the
    publication are one kind, so the website unit's publications are the rule's primary
    evidence too.)"""

    EVIDENCE: ClassVar = [
        ev("pub", "plan", "项目-1", published=d("2019-09-02"), subject="项目-0"),
        ev("pub", "site", "网页-1", published=d("2019-09-10"), subject="项目-1"),
    ]

    def scope(self, publishers):
        rule = TimelyRule(id="t06", event="pub", publication="pub", link="subject",
                          publishers=publishers)
        rs = only_in_task(ruleset([(rule, QUARTERLY)], units=("plan", "site")), ("plan",))
        result = evaluate(rs, self.EVIDENCE, d("2019-12-31"), backend="index")
        return [f for f in result.findings if f.code == "scope.outside"], result

    def test_a_named_publisher_outside_the_task_is_not_out_of_scope(self):
        outside, result = self.scope(("site",))
        assert outside == []
        (item,) = [f for f in result.findings if f.subject == "item:项目-1"]
        assert item.status is Status.PASS

    def test_without_publishers_the_same_records_are_out_of_scope(self):
        outside, _ = self.scope(None)
        assert [(f.unit, f.detail["count"]) for f in outside] == [("site", 1)]


@pytest.mark.parametrize("backend", BACKENDS)
class TestTheLeadAnswersForItsSupportUnits:
    """Row 8: 科技科牵头，运输科、水运科、基建科配合 — the support units' material is the
    lead's to publish."""

    RULE = TimelyRule(id="t08", event="event", publication="pub", link="subject",
                      publishers="task", answers_for="support")
    ROLES: ClassVar[dict[str, Role]] = {"tech": Role.LEAD, "transport": Role.SUPPORT,
                                        "waterway": Role.SUPPORT}

    def test_a_support_units_event_is_the_leads_item(self, backend):
        evidence = [
            ev("event", "transport", "污染防治-1", occurred=d("2019-09-02")),
            ev("pub", "tech", "网页-1", published=d("2019-09-05"), subject="污染防治-1"),
            ev("event", "waterway", "污染防治-2", occurred=d("2019-09-02")),
        ]
        found = run_roles(self.RULE, evidence, "2019-12-31", backend, self.ROLES)
        assert found[("tech", "item:污染防治-1@transport")].status is Status.PASS
        late = found[("tech", "item:污染防治-2@waterway")]
        assert (late.status, late.code) == (Status.FAIL, "window.missing")
        assert not any(unit != "tech" for unit, _ in found)  # support units are not judged

    def test_without_answers_for_the_lead_sees_only_its_own_events(self, backend):
        rule = TimelyRule(id="t08", event="event", publication="pub", link="subject")
        evidence = [ev("event", "transport", "污染防治-1", occurred=d("2019-09-02"))]
        found = run_roles(rule, evidence, "2019-12-31", backend, self.ROLES)
        assert found[("tech", "unit")].status is Status.NOT_APPLICABLE


TIMELY_PUB = ("      - id: t04-t\n        kind: timely\n        event: policy_document\n"
              "        publication: interpretation\n        link: policy\n")


def loaded_publishers(text: str):
    task = ("  - number: 4\n    heading: [四、测试]\n    requirement: 测试\n"
            "    responsible: 局办公室\n    units: {负责: [局办公室]}\n    deadline: 常态化工作\n"
            "    rules:\n" + TIMELY_PUB + text + "waivers:\n")
    rs = loads_ruleset(SMALL.replace("waivers:\n", task, 1), source="ok.yaml")
    (rule,) = [r for t in rs.tasks for r in t.rules if r.id == "t04-t"]
    return rule.publishers


@pytest.mark.parametrize(("written", "resolved"), [
    ("task", ("task",)),                          # the old scalar form: a list of one
    ("[科技科]", ("tech",)),                       # by name
    ("[task, 局科技科]", ("task", "tech")),         # by alias, beside the task's units
    ("[tech, 科技科]", ("tech",)),                  # by id; named twice, kept once
    ("[局机关相关科室]", ("regulation", "tech")),     # a group: its members
])
def test_publishers_are_resolved_to_unit_ids_at_load(written, resolved):
    assert loaded_publishers(f"        publishers: {written}\n") == resolved


def test_an_unknown_publisher_is_a_located_error_with_a_did_you_mean():
    (p,) = problems_of(TIMELY_PUB + "        publishers: [task, 科枝科]\n")
    assert p.location.path == "tasks[3].rules[0].publishers[1]"
    # the rule's last line, after the small rule set (up to its waivers) and the task's
    # seven lines; the name starts after “        publishers: [task, ”: column 28
    line = SMALL[:SMALL.index("waivers:\n")].count("\n") + 7 + TIMELY_PUB.count("\n") + 1
    assert (p.location.line, p.location.column) == (line, 28)
    assert "未知的单位“科枝科”" in p.message and "科技科" in (p.hint or "")


def test_a_misspelt_task_is_an_unknown_unit_hinting_task():
    (p,) = problems_of(TIMELY_PUB + "        publishers: tsak\n")
    assert p.location.path == "tasks[3].rules[0].publishers" and "task" in (p.hint or "")


def test_an_empty_publishers_list_is_a_located_error():
    (p,) = problems_of(TIMELY_PUB + "        publishers: []\n")
    assert p.location.path == "tasks[3].rules[0].publishers"


def test_answers_for_other_than_support_is_a_located_error():
    problems = problems_of("      - id: t04-t\n        kind: timely\n"
                           "        event: policy_document\n"
                           "        published_field: published\n        answers_for: all\n")
    assert [p.location.path for p in problems] == ["tasks[3].rules[0].answers_for"]


def test_older_than_months_beside_older_than_days_is_a_located_error():
    (p,) = problems_of("      - id: t04-c\n        kind: count\n        evidence: policy_document\n"
                       "        max_count: 0\n        older_than_days: 92\n"
                       "        older_than_months: 3\n")
    assert p.location.path == "tasks[3].rules[0].older_than_months" and "只能写一个" in p.message


@pytest.mark.parametrize("months", ["0", "121"])
def test_older_than_months_outside_one_to_120_is_a_located_error(months):
    (p,) = problems_of("      - id: t04-c\n        kind: count\n        evidence: policy_document\n"
                       f"        max_count: 0\n        older_than_months: {months}\n")
    assert p.location.path == "tasks[3].rules[0].older_than_months" and "120" in p.message
