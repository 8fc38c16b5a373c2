"""Golden tests per rule kind, on the official 2019 calendar (国庆 10-01..10-07, 调休 09-29 and
10-12 worked).  Every case runs on all three backends: durable-rules, the plain index and the
reference evaluator."""

from __future__ import annotations

from datetime import date

import pytest

from disclosure_rules.engine.evaluator import evaluate
from disclosure_rules.evidence.records import CollectionFailure
from disclosure_rules.results.findings import Finding, Status
from disclosure_rules.rules import (
    AccompaniedRule,
    AttestedRule,
    FreshRule,
    PresentRule,
    RespondedRule,
    ShareRule,
    TimelyRule,
    UpdatedAfterRule,
)
from disclosure_rules.ruleset.deadlines import ContinuousDeadline, FixedDeadline
from disclosure_rules.ruleset.model import Condition, Op, Waiver
from engine_builders import CITY, FIXED, QUARTERLY, TIMELY, d, ev, ruleset

BACKENDS = ("durable", "index", "reference")
ONE = ("u1",)


def run(rules, evidence, as_of, backend, **kw) -> dict[tuple[str, str], Finding]:
    rs = ruleset(rules, units=kw.pop("units", ONE), waivers=kw.pop("waivers", ()))
    result = evaluate(rs, evidence, d(as_of), backend=backend, **kw)
    return {(f.unit, f.subject): f for f in result.findings}


ACCOMPANIED = AccompaniedRule(id="sync", evidence="doc", companion="interp", link="policy",
                              within=3)


@pytest.mark.parametrize("backend", BACKENDS)
class TestAccompanied:
    def test_interpretation_one_working_day_after_national_day_is_within_3(self, backend):
        found = run([(ACCOMPANIED, QUARTERLY)], [
            ev("doc", "u1", "湘交发〔2019〕5号", "关于加强农村公路养护的通知",
               published=d("2019-09-30")),
            ev("interp", "u1", "解读-5", "《通知》解读", published=d("2019-10-08"),
               policy="湘交发〔2019〕5号"),
        ], "2019-12-31", backend)
        f = found[("u1", "item:湘交发〔2019〕5号")]
        assert f.status is Status.PASS
        assert f.due == d("2019-10-10")  # 3rd working day after 09-30: 10-08, 10-09, 10-10
        assert "湘交发〔2019〕5号" in f.reason and "2019-10-08" in f.reason
        assert len(f.evidence) == 2 and all(e in f.reason for e in f.evidence)

    def test_late_interpretation_fails_as_overdue(self, backend):
        found = run([(ACCOMPANIED, QUARTERLY)], [
            ev("doc", "u1", "文5", published=d("2019-09-30")),
            ev("interp", "u1", "解读-5", published=d("2019-10-11"), policy="文5"),
        ], "2019-12-31", backend)
        f = found[("u1", "item:文5")]
        assert (f.status, f.code) == (Status.FAIL, "window.late")
        assert f.reason.startswith("逾期") and "2019-10-10" in f.reason

    def test_missing_interpretation_pending_inside_window_then_fails(self, backend):
        docs = [ev("doc", "u1", "文5", published=d("2019-09-30"))]
        assert run([(ACCOMPANIED, QUARTERLY)], docs, "2019-10-09", backend)[
            ("u1", "item:文5")].status is Status.PENDING
        f = run([(ACCOMPANIED, QUARTERLY)], docs, "2019-10-10", backend)[("u1", "item:文5")]
        assert (f.status, f.code) == (Status.FAIL, "window.missing")
        assert "政策解读" in f.reason and "2019-10-10" in f.reason

    def test_unit_without_documents_is_not_applicable(self, backend):
        f = run([(ACCOMPANIED, QUARTERLY)], [], "2019-12-31", backend)[("u1", "unit")]
        assert f.status is Status.NOT_APPLICABLE


ENFORCEMENT = TimelyRule(id="enf", event="decision", published_field="published", within=7)


@pytest.mark.parametrize("backend", BACKENDS)
class TestTimely:
    @pytest.mark.parametrize(("published", "status"), [
        ("2019-10-12", Status.PASS),  # the 7th working day (a Saturday worked)
        ("2019-10-13", Status.FAIL),  # the Sunday after the limit is already late
        ("2019-10-14", Status.FAIL),
    ])
    def test_enforcement_decision_within_7_working_days(self, backend, published, status):
        found = run([(ENFORCEMENT, TIMELY)], [
            ev("decision", "u1", "湘交罚〔2019〕12号", decided=d("2019-09-27"),
               published=d(published)),
        ], "2019-12-31", backend)
        f = found[("u1", "item:湘交罚〔2019〕12号")]
        assert f.status is status and f.due == d("2019-10-12")

    def test_unpublished_decision_is_pending_until_its_limit(self, backend):
        rec = [ev("decision", "u1", "罚12", decided=d("2019-09-27"))]
        assert run([(ENFORCEMENT, TIMELY)], rec, "2019-10-11", backend)[
            ("u1", "item:罚12")].status is Status.PENDING
        assert run([(ENFORCEMENT, TIMELY)], rec, "2019-10-12", backend)[
            ("u1", "item:罚12")].code == "window.missing"

    def test_publication_after_as_of_is_ignored(self, backend):
        rec = [ev("decision", "u1", "罚12", decided=d("2019-09-27"), published=d("2019-10-12"))]
        assert run([(ENFORCEMENT, TIMELY)], rec, "2019-10-11", backend)[
            ("u1", "item:罚12")].status is Status.PENDING

    def test_publication_kind_must_be_by_the_same_unit(self, backend):
        rule = TimelyRule(id="pub", event="event", publication="pub", link="subject", within=20)
        rec = [
            ev("event", "u1", "E1", occurred=d("2019-03-01")),
            ev("pub", "u2", "P-other", published=d("2019-03-05"), subject="E1"),
            ev("event", "u1", "E2", occurred=d("2019-03-01")),
            ev("pub", "u1", "P2", published=d("2019-03-05"), subject="E2"),
        ]
        found = run([(rule, TIMELY)], rec, "2019-12-31", backend, units=("u1", "u2"))
        assert found[("u1", "item:E1")].status is Status.FAIL
        assert found[("u1", "item:E2")].status is Status.PASS
        assert found[("u2", "unit")].status is Status.NOT_APPLICABLE


APPLICATION = RespondedRule(id="apply", evidence="application", extension_field="extended")


@pytest.mark.parametrize("backend", BACKENDS)
class TestResponded:
    @pytest.mark.parametrize(("replied", "extended", "status", "limit"), [
        ("2019-10-23", False, Status.PASS, "2019-10-23"),
        ("2019-10-25", False, Status.FAIL, "2019-10-23"),
        ("2019-10-25", True, Status.PASS, "2019-11-20"),
        ("2019-11-21", True, Status.FAIL, "2019-11-20"),
    ])
    def test_application_within_20_working_days(self, backend, replied, extended, status, limit):
        found = run([(APPLICATION, QUARTERLY)], [
            ev("application", "u1", "依申请〔2019〕7号", received=d("2019-09-20"),
               replied=d(replied), extended=extended),
        ], "2019-12-31", backend)
        f = found[("u1", "item:依申请〔2019〕7号")]
        assert (f.status, f.due) == (status, d(limit))
        assert limit in f.reason
        if extended:
            assert "延期" in f.reason

    def test_unanswered_application_is_pending_then_fails(self, backend):
        rec = [ev("application", "u1", "A1", received=d("2019-09-20"))]
        assert run([(APPLICATION, QUARTERLY)], rec, "2019-10-22", backend)[
            ("u1", "item:A1")].status is Status.PENDING
        f = run([(APPLICATION, QUARTERLY)], rec, "2019-10-24", backend)[("u1", "item:A1")]
        assert (f.status, f.code) == (Status.FAIL, "window.missing")


HOMEPAGE = FreshRule(id="home", evidence="site_update", max_age_days=14)


@pytest.mark.parametrize("backend", BACKENDS)
class TestFresh:
    @pytest.mark.parametrize(("updated", "status"), [
        ("2019-12-16", Status.FAIL),  # 15 days before the audit date
        ("2019-12-17", Status.PASS),  # 14 days
    ])
    def test_homepage_age(self, backend, updated, status):
        found = run([(HOMEPAGE, CITY)], [
            ev("site_update", "u1", "https://jtj.xiangtan.gov.cn/#1", updated=d("2019-11-01")),
            ev("site_update", "u1", "https://jtj.xiangtan.gov.cn/#2", updated=d(updated)),
        ], "2019-12-31", backend)
        f = found[("u1", "unit")]
        assert f.status is status
        assert updated in f.reason

    def test_no_updates_at_all_fails(self, backend):
        assert run([(HOMEPAGE, CITY)], [], "2019-12-31", backend)[
            ("u1", "unit")].code == "fresh.none"

    def test_each_column_separately(self, backend):
        rule = FreshRule(id="cols", evidence="site_update", max_age_days=14, group_by="column")
        found = run([(rule, CITY)], [
            ev("site_update", "u1", "n1", updated=d("2019-12-30"), column="动态要闻"),
            ev("site_update", "u1", "n2", updated=d("2019-10-01"), column="通知公告"),
        ], "2019-12-31", backend)
        assert found[("u1", "group:动态要闻")].status is Status.PASS
        assert found[("u1", "group:通知公告")].status is Status.FAIL

    def test_gap_measure_names_the_longest_gap(self, backend):
        rule = FreshRule(id="gap", evidence="site_update", max_age_days=60, measure="gap")
        rec = [ev("site_update", "u1", f"g{i}", updated=d(day)) for i, day in
               enumerate(["2019-01-20", "2019-03-01", "2019-06-15", "2019-07-01", "2019-08-20"])]
        f = run([(rule, CITY)], rec, "2019-09-30", backend)[("u1", "unit")]
        assert (f.status, f.detail["gap_start"], f.detail["gap_end"]) == (
            Status.FAIL, "2019-03-01", "2019-06-15")
        ok = run([(rule, CITY)], rec[2:], "2019-09-30", backend)
        assert ok[("u1", "unit")].detail["gaps"] == 1  # 01-01 → 06-15 is too long
        fine = run([(rule, CITY)], rec[:2], "2019-04-15", backend)[("u1", "unit")]
        assert fine.status is Status.PASS


@pytest.mark.parametrize("backend", BACKENDS)
class TestPresent:
    RULE = PresentRule(id="p", evidence="doc", where=(Condition("doc_type", Op.EQ, "制度"),))

    def test_fixed_deadline_on_time_late_missing_pending(self, backend):
        on_time = [ev("doc", "u1", "制1", published=d("2019-11-30"), doc_type="制度")]
        late = [ev("doc", "u1", "制2", published=d("2019-12-02"), doc_type="制度")]
        other = [ev("doc", "u1", "x", published=d("2019-05-01"), doc_type="其他")]
        assert run([(self.RULE, FIXED)], on_time, "2019-12-31", backend)[
            ("u1", "unit")].status is Status.PASS
        f = run([(self.RULE, FIXED)], late + other, "2019-12-31", backend)[("u1", "unit")]
        assert (f.status, f.code) == (Status.FAIL, "count.late") and "逾期" in f.reason
        assert run([(self.RULE, FIXED)], other, "2019-12-31", backend)[
            ("u1", "unit")].code == "count.missing"
        assert run([(self.RULE, FIXED)], other, "2019-11-29", backend)[
            ("u1", "unit")].status is Status.PENDING
        # the due day itself is still on time, but by the end of it the duty is due
        assert run([(self.RULE, FIXED)], other, "2019-11-30", backend)[
            ("u1", "unit")].status is Status.FAIL

    def test_external_deadline_without_a_date_falls_due_at_the_years_end(self, backend):
        f = run([(self.RULE, CITY)], [], "2019-12-30", backend)[("u1", "unit")]
        assert f.status is Status.PENDING and "市里" in f.reason
        f = run([(self.RULE, CITY)], [], "2019-12-31", backend)[("u1", "unit")]
        assert f.status is Status.FAIL and "按年底 2019-12-31" in f.reason
        rec = [ev("doc", "u1", "制1", published=d("2019-06-01"), doc_type="制度")]
        assert run([(self.RULE, CITY)], rec, "2019-12-31", backend)[
            ("u1", "unit")].status is Status.PASS

    def test_timely_deadline_means_evidence_by_as_of(self, backend):
        assert run([(self.RULE, TIMELY)], [], "2019-03-01", backend)[
            ("u1", "unit")].status is Status.FAIL

    def test_continuous_every_quarter_current_quarter_pending(self, backend):
        rec = [ev("doc", "u1", f"制{m}", published=date(2019, m, 5), doc_type="制度")
               for m in (1, 7)]
        found = run([(self.RULE, QUARTERLY)], rec, "2019-11-15", backend)
        assert [found[("u1", f"period:2019-Q{q}")].status for q in (1, 2, 3, 4)] == [
            Status.PASS, Status.FAIL, Status.PASS, Status.PENDING]
        assert ("u1", "period:2019-Q4") in found and len(found) == 4

    def test_evidence_after_as_of_is_ignored(self, backend):
        rec = [ev("doc", "u1", "制1", published=d("2019-06-01"), doc_type="制度")]
        assert run([(self.RULE, FIXED)], rec, "2019-05-31", backend)[
            ("u1", "unit")].status is Status.PENDING

    def test_min_count_and_undated_kinds(self, backend):
        rule = PresentRule(id="u", evidence="undated_doc", min_count=2)
        rec = [ev("undated_doc", "u1", "a"), ev("undated_doc", "u1", "b")]
        assert run([(rule, FIXED)], rec, "2019-12-31", backend)[
            ("u1", "unit")].status is Status.PASS
        assert run([(rule, FIXED)], rec[:1], "2019-12-31", backend)[
            ("u1", "unit")].status is Status.FAIL


@pytest.mark.parametrize("backend", BACKENDS)
def test_updated_after_counts_records_from_the_trigger_day_on(backend):
    rule = UpdatedAfterRule(id="hall", evidence="doc", trigger_date=d("2019-03-31"),
                            trigger_label="机构改革")
    before = [ev("doc", "u1", "h0", published=d("2019-03-30"))]
    assert run([(rule, FIXED)], before, "2019-12-31", backend)[("u1", "unit")].status is \
        Status.FAIL
    on_the_day = [ev("doc", "u1", "h1", published=d("2019-03-31"))]
    assert run([(rule, FIXED)], on_the_day, "2019-12-31", backend)[("u1", "unit")].status is \
        Status.PASS


@pytest.mark.parametrize("backend", BACKENDS)
def test_share_counts_only_the_rule_set_year_up_to_as_of(backend):
    rule = ShareRule(id="form", evidence="interp", threshold=0.5, min_items=2,
                     having=(Condition("form", Op.IN, ("图片", "视频")),))
    rec = [ev("interp", "u1", "old1", published=d("2018-11-01"), form="文字"),
           ev("interp", "u1", "old2", published=d("2018-12-31"), form="文字"),
           ev("interp", "u1", "new1", published=d("2019-01-01"), form="视频"),
           ev("interp", "u1", "new2", published=d("2019-06-01"), form="文字"),
           ev("interp", "u1", "next", published=d("2020-01-02"), form="文字")]
    f = run([(rule, QUARTERLY)], rec, "2020-01-31", backend)[("u1", "unit")]
    assert (f.status, f.detail["count"], f.detail["share"]) == (Status.PASS, 2, 0.5)


@pytest.mark.parametrize("backend", BACKENDS)
def test_request_received_after_as_of_is_not_yet_a_request(backend):
    kinds_rule = RespondedRule(id="r", evidence="application", received_field="replied",
                               replied_field="replied", within=20)
    rec = [ev("application", "u1", "a1", received=d("2019-12-01"), replied=d("2020-01-05"))]
    f = run([(kinds_rule, QUARTERLY)], rec, "2019-12-31", backend)[("u1", "unit")]
    assert (f.status, f.code) == (Status.NOT_APPLICABLE, "items.none")


@pytest.mark.parametrize("backend", BACKENDS)
def test_ne_and_not_in_hold_for_a_missing_field_so_in_and_not_in_split_all_records(backend):
    def sync(rid, op):
        return AccompaniedRule(id=rid, evidence="doc", companion="interp", link="policy",
                               within=3, where=(Condition("doc_type", op, ("规范性文件",)),))

    rs = ruleset([(sync("in", Op.IN), TIMELY), (sync("not_in", Op.NOT_IN), TIMELY)],
                 units=ONE)
    rec = [ev("doc", "u1", "文1", published=d("2019-06-03"))]  # no doc_type
    got = {(f.rule, f.subject): f.status
           for f in evaluate(rs, rec, d("2019-12-31"), backend=backend).findings}
    assert got == {("in", "unit"): Status.NOT_APPLICABLE, ("not_in", "item:文1"): Status.FAIL}


@pytest.mark.parametrize("backend", BACKENDS)
def test_share_of_graphic_interpretations(backend):
    rule = ShareRule(id="form", evidence="interp", threshold=0.3, min_items=3,
                     having=(Condition("form", Op.IN, ("图片", "视频")),))
    forms = ["文字", "文字", "视频"]
    rec = [ev("interp", "u1", f"i{n}", published=d("2019-05-01"), form=f)
           for n, f in enumerate(forms)]
    assert run([(rule, QUARTERLY)], rec, "2019-12-31", backend)[("u1", "unit")].status is \
        Status.PASS
    rec[2] = ev("interp", "u1", "i2", published=d("2019-05-01"), form="文字")
    f = run([(rule, QUARTERLY)], rec, "2019-12-31", backend)[("u1", "unit")]
    assert (f.status, f.detail["share"]) == (Status.FAIL, 0)
    assert run([(rule, QUARTERLY)], rec[:2], "2019-12-31", backend)[
        ("u1", "unit")].status is Status.NOT_APPLICABLE


@pytest.mark.parametrize("backend", BACKENDS)
def test_attestation_must_name_the_topic(backend):
    rule = AttestedRule(id="att", topic="域名清理", why="只有省平台有记录")
    wrong = [ev("attestation", "u1", "s1", topic="别的事", signed_on=d("2019-06-01"))]
    right = [ev("attestation", "u1", "s2", topic="域名清理", signed_on=d("2019-06-01"))]
    assert run([(rule, FIXED)], wrong, "2019-12-31", backend)[("u1", "unit")].status is \
        Status.FAIL
    assert run([(rule, FIXED)], right, "2019-12-31", backend)[("u1", "unit")].status is \
        Status.PASS


WAIVER = Waiver("p", "u1", "系统迁移", "局长", d("2019-11-01"), d("2019-12-31"))


@pytest.mark.parametrize("backend", BACKENDS)
def test_waiver_applies_while_active_and_keeps_what_it_would_be(backend):
    rule = PresentRule(id="p", evidence="doc")
    f = run([(rule, FIXED)], [], "2019-12-31", backend, waivers=(WAIVER,))[("u1", "unit")]
    assert (f.status, f.would_be) == (Status.WAIVED, Status.FAIL)
    assert "系统迁移" in f.reason and "局长" in f.reason
    expired = run([(rule, FIXED)], [], "2020-01-01", backend, waivers=(WAIVER,))
    assert expired[("u1", "unit")].status is Status.FAIL
    not_started = run([(rule, FIXED)], [], "2019-10-31", backend, waivers=(WAIVER,))
    assert not_started[("u1", "unit")].status is Status.PENDING


@pytest.mark.parametrize("backend", BACKENDS)
def test_failed_collector_turns_its_units_findings_into_errors(backend):
    rule = PresentRule(id="p", evidence="doc")
    failure = CollectionFailure("u1", "website", "连接超时", ("doc",))
    found = run([(rule, FIXED)], [], "2019-12-31", backend, units=("u1", "u2"),
                failures=[failure])
    assert (found[("u1", "unit")].status, found[("u1", "unit")].would_be) == (
        Status.ERROR, Status.FAIL)
    assert "连接超时" in found[("u1", "unit")].reason
    assert found[("u2", "unit")].status is Status.FAIL
    other_kind = CollectionFailure("u1", "ledger", "坏文件", ("application",))
    assert run([(rule, FIXED)], [], "2019-12-31", backend, failures=[other_kind])[
        ("u1", "unit")].status is Status.FAIL


def test_english_reasons_on_request():
    rs = ruleset([(ENFORCEMENT, TIMELY)], units=ONE)
    rec = [ev("decision", "u1", "罚12", decided=d("2019-09-27"), published=d("2019-10-14"))]
    f = evaluate(rs, rec, d("2019-12-31"), lang="en").findings[0]
    assert f.reason.startswith("Late:") and "2019-10-12" in f.reason


def test_scores_weight_tasks_by_pass_fraction():
    rule_a = PresentRule(id="a", evidence="doc")
    rule_b = PresentRule(id="b", evidence="interp")
    rs = ruleset([(rule_a, FIXED), (rule_b, FIXED)], units=("u1", "u2"), weights=(3.0, 1.0))
    rec = [ev("doc", "u1", "x", published=d("2019-05-01"))]
    result = evaluate(rs, rec, d("2019-12-31"))
    assert [t.score for t in result.tasks] == [50.0, 0.0]  # every score is 0–100
    assert result.score == pytest.approx(100 * 1.5 / 4)
    units = {u.unit: u.score for u in result.units}
    assert units == {"u1": pytest.approx(75.0), "u2": 0.0}


def test_duplicate_key_with_other_content_is_rejected_not_fatal():
    rs = ruleset([(PresentRule(id="p", evidence="doc"), FIXED)], units=ONE)
    rec = [ev("doc", "u1", "文1", published=d("2019-05-01")),
           ev("doc", "u1", "文1", published=d("2019-12-25"))]
    result = evaluate(rs, rec, d("2019-12-31"))
    assert result.evidence_count == 1 and len(result.rejected) == 1
    assert "文1" in result.rejected[0]
    assert result.findings[0].status is Status.PASS


def test_fixed_rule_due_overrides_task_deadline():
    rule = PresentRule(id="p", evidence="doc", due=d("2019-03-31"))
    rs = ruleset([(rule, ContinuousDeadline("quarter", "常态化"))], units=ONE)
    f = evaluate(rs, [], d("2019-12-31")).findings[0]
    assert f.due == d("2019-03-31") and f.subject == "unit"
    assert FixedDeadline(d("2019-03-31")).due == f.due
