"""absent and count: golden cases from the State Council's website indicators (国办秘函〔2019〕
19号) and differential tests proving the durable and index backends equal to the reference."""

from __future__ import annotations

from datetime import date, timedelta

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from disclosure_rules import Status, evaluate
from disclosure_rules.engine.evaluator import raw_findings
from disclosure_rules.rules.absent import AbsentRule
from disclosure_rules.rules.count import CountRule, week_periods
from disclosure_rules.ruleset.deadlines import REST_DAY_RULES
from disclosure_rules.ruleset.model import (
    Condition,
    EvidenceKind,
    FieldSpec,
    FieldType,
    Op,
    Ruleset,
)
from engine_builders import CITY, FIXED, QUARTERLY, TIMELY, d, ev, ruleset

WEBSITE_KINDS = (
    EvidenceKind("link_check", "链接检查", (
        FieldSpec("checked", FieldType.DATE, required=True),
        FieldSpec("status", FieldType.INT, required=True),
        FieldSpec("url", FieldType.TEXT),
    ), date_field="checked"),
    EvidenceKind("message", "网民留言", (
        FieldSpec("received", FieldType.DATE, required=True),
        FieldSpec("replied", FieldType.DATE),
        FieldSpec("valid", FieldType.BOOL),
    ), date_field="received"),
    EvidenceKind("new_media_post", "政务新媒体发布", (
        FieldSpec("posted", FieldType.DATE, required=True),
        FieldSpec("account", FieldType.TEXT),
    ), date_field="posted"),
)

DEAD = (Condition("status", Op.GE, 400),)


def website_ruleset(rules, **kw) -> Ruleset:
    rs = ruleset(rules, **kw)
    return attrs.evolve(rs, evidence_kinds=rs.evidence_kinds + WEBSITE_KINDS)


def _by_subject(result):
    return {(f.unit, f.subject): f for f in result.findings}


# -- absent: dead links ------------------------------------------------------------------------


def test_a_dead_link_in_the_latest_check_fails_with_its_url_and_a_fixed_one_stops_failing():
    """Dead links are a deduction of the indicators: each one found by the latest check is a
    finding naming its URL; one the next check no longer finds dead is gone."""
    rule = AbsentRule(id="dead", evidence="link_check", where=DEAD)
    rs = website_ruleset([(rule, TIMELY)], units=("u1",))
    first = [ev("link_check", "u1", "c1/a", "首页", checked=d("2019-11-01"), status=200,
                url="http://site/a"),
             ev("link_check", "u1", "c1/b", "通知", checked=d("2019-11-01"), status=404,
                url="http://site/b")]
    found = _by_subject(evaluate(rs, first, d("2019-11-15")))
    assert set(found) == {("u1", "item:c1/b")}
    assert found[("u1", "item:c1/b")].status is Status.FAIL
    assert "c1/b" in found[("u1", "item:c1/b")].reason
    assert "2019-11-01" in found[("u1", "item:c1/b")].reason

    second = [ev("link_check", "u1", "c2/a", "首页", checked=d("2019-12-01"), status=200),
              ev("link_check", "u1", "c2/b", "通知", checked=d("2019-12-01"), status=200)]
    fixed = _by_subject(evaluate(rs, first + second, d("2019-12-31")))
    assert [(k, f.status, f.code) for k, f in fixed.items()] == [
        (("u1", "unit"), Status.PASS, "absent.clean")]
    # as of a day between the checks, the old check is still the latest: still failing
    between = _by_subject(evaluate(rs, first + second, d("2019-11-20")))
    assert between[("u1", "item:c1/b")].status is Status.FAIL


def test_a_dead_link_the_next_check_no_longer_reports_is_gone():
    rule = AbsentRule(id="dead", evidence="link_check", where=DEAD)
    rs = website_ruleset([(rule, TIMELY)], units=("u1",))
    records = [ev("link_check", "u1", "c1/b", checked=d("2019-11-01"), status=500),
               ev("link_check", "u1", "c2/a", checked=d("2019-12-01"), status=200)]
    [finding] = evaluate(rs, records, d("2019-12-31")).findings
    assert (finding.subject, finding.status) == ("unit", Status.PASS)


def test_a_unit_never_checked_cannot_be_called_clean():
    rule = AbsentRule(id="dead", evidence="link_check", where=DEAD)
    rs = website_ruleset([(rule, TIMELY)], units=("u1",))
    [finding] = evaluate(rs, [], d("2019-12-31")).findings
    assert (finding.status, finding.code) == (Status.ERROR, "absent.unchecked")


# -- count: new media posts and unanswered messages ---------------------------------------------


def test_weeks_run_monday_to_sunday_cut_at_the_year():
    weeks = week_periods(2019, d("2019-01-20"))
    assert weeks == [("2019-W01", d("2019-01-01"), d("2019-01-06")),
                     ("2019-W02", d("2019-01-07"), d("2019-01-13")),
                     ("2019-W03", d("2019-01-14"), d("2019-01-20"))]
    assert week_periods(2019, d("2019-12-31"))[-1] == ("2019-W53", d("2019-12-30"),
                                                        d("2019-12-31"))


def test_a_week_without_a_new_media_post_fails_and_the_running_week_is_pending():
    rule = CountRule(id="wx", evidence="new_media_post", per="week", min_count=1)
    rs = website_ruleset([(rule, QUARTERLY)], units=("u1",))
    posts = [ev("new_media_post", "u1", "p1", posted=d("2019-01-02")),
             ev("new_media_post", "u1", "p2", posted=d("2019-01-15"))]
    found = _by_subject(evaluate(rs, posts, d("2019-01-23")))
    assert {k[1]: f.status for k, f in found.items()} == {
        "period:2019-W01": Status.PASS, "period:2019-W02": Status.FAIL,
        "period:2019-W03": Status.PASS, "period:2019-W04": Status.PENDING}
    assert "2019-01-07 至 2019-01-13 期间" in found[("u1", "period:2019-W02")].reason


def test_a_message_unanswered_over_three_months_fails_one_answered_or_recent_does_not():
    """Interaction veto: a valid message unanswered more than 3 months (here 90 days)."""
    rule = CountRule(id="msg", evidence="message", max_count=0, open_field="replied",
                     older_than_days=90, where=(Condition("valid", Op.EQ, True),))
    rs = website_ruleset([(rule, TIMELY)], units=("u1",))
    as_of = d("2019-12-31")
    messages = [
        ev("message", "u1", "m1", "咨询一", received=d("2019-06-01"), replied=d("2019-06-05"),
           valid=True),
        ev("message", "u1", "m2", "咨询二", received=d("2019-10-15"), valid=True),  # 77 days
        ev("message", "u1", "m3", "无效留言", received=d("2019-03-01"), valid=False),
        # answered only after as_of: still unanswered at as_of
        ev("message", "u1", "m4", "投诉四", received=d("2019-09-01"), replied=d("2020-01-05"),
           valid=True),
    ]
    [finding] = evaluate(rs, messages, as_of).findings
    assert (finding.status, finding.code, finding.evidence) == (
        Status.FAIL, "number.too_many", ("message:" + messages[3].id.split(":")[1],))
    assert "投诉四" in finding.reason and "超过 90 天的" in finding.reason
    # answered in time: nothing over the limit
    fixed = [*messages[:3], attrs.evolve(messages[3], fields={**messages[3].fields,
                                                              "replied": d("2019-12-20")})]
    [ok] = evaluate(rs, fixed, as_of).findings
    assert (ok.status, ok.code) == (Status.PASS, "number.ok")


class TestUnansweredForMoreThanCalendarMonths:
    """``older_than_months: 3`` — “有效留言超过3个月未办理答复” (国办秘函〔2019〕19号) in
    calendar months.  民法总则第二百零一条: the day a message arrives is not counted;
    第二百零二条: three months end on the corresponding day of the third month after, or on
    that month's last day when it has none.  A message is unanswered *more* than three months
    once the check day is after that last day.  Worked out by hand:

    - received 2019-06-30 → three months end 2019-09-30: not counted on 2019-09-30, counted
      from 2019-10-01;
    - received 2019-11-30 → 2020-02-29 (no 30 February; 2020 is a leap year): counted from
      2020-03-01 — 92 days after, where ``older_than_days: 92`` would wait to 2020-03-02;
    - received 2019-08-31 → 2019-11-30: counted from 2019-12-01, also 92 days after;
    - received 2019-05-31 → 2019-08-31: counted from 2019-09-01 (93 days after).
    """

    RULE = CountRule(id="msg", evidence="message", max_count=0, open_field="replied",
                     older_than_months=3)

    def found(self, received: str, as_of: str, backend: str):
        rs = website_ruleset([(self.RULE, TIMELY)], units=("u1",))
        messages = [ev("message", "u1", "m1", "咨询一", received=d(received), valid=True)]
        [finding] = evaluate(rs, messages, d(as_of), backend=backend).findings
        return finding

    @pytest.mark.parametrize("backend", ["durable", "index", "reference"])
    @pytest.mark.parametrize(("received", "last_day", "first_counted"), [
        ("2019-06-30", "2019-09-30", "2019-10-01"),
        ("2019-11-30", "2020-02-29", "2020-03-01"),
        ("2019-08-31", "2019-11-30", "2019-12-01"),
        ("2019-05-31", "2019-08-31", "2019-09-01"),
    ])
    def test_counted_from_the_day_after_the_months_end(self, backend, received, last_day,
                                                       first_counted):
        within = self.found(received, last_day, backend)
        assert (within.status, within.detail["count"]) == (Status.PASS, 0)
        over = self.found(received, first_counted, backend)
        assert (over.status, over.code, over.detail["count"]) == (
            Status.FAIL, "number.too_many", 1)
        assert "超过 3 个月的" in over.reason and "咨询一" in over.reason

    def test_ninety_two_days_would_still_pass_a_message_the_months_count(self):
        """2019-11-30 + 92 days is 2020-03-01: not *more* than 92 days, so the day form
        passes what three calendar months already fail."""
        days = attrs.evolve(self.RULE, older_than_months=None, older_than_days=92)
        rs = website_ruleset([(days, TIMELY)], units=("u1",))
        messages = [ev("message", "u1", "m1", "咨询一", received=d("2019-11-30"), valid=True)]
        [by_days] = evaluate(rs, messages, d("2020-03-01")).findings
        assert by_days.status is Status.PASS
        assert self.found("2019-11-30", "2020-03-01", "index").status is Status.FAIL


# -- differential ----------------------------------------------------------------------------

START = date(2018, 12, 1)
DAYS = 430
days = st.integers(0, DAYS).map(lambda n: START + timedelta(days=n))
UNITS = ("u1", "u2", "u3")


@st.composite
def rules(draw, n: int):
    rid = f"r{n}"
    if draw(st.booleans()):
        if draw(st.booleans()):  # offenders reported alone, judged against link_check runs
            return AbsentRule(id=rid, evidence="message", collection="link_check",
                              where=(Condition("valid", Op.EQ, True),))
        where = draw(st.sampled_from([DEAD, (Condition("status", Op.EQ, 404),),
                                      (Condition("url", Op.CONTAINS, "b"),)]))
        return AbsentRule(id=rid, evidence="link_check", where=where)
    low = draw(st.one_of(st.none(), st.integers(1, 3)))
    high = draw(st.one_of(st.none(), st.integers(0, 4))) if low is not None else draw(
        st.integers(0, 4))
    if low is not None and high is not None and high < low:
        high = low
    kind = draw(st.sampled_from(["message", "new_media_post"]))
    where = draw(st.sampled_from([(), (Condition("valid", Op.EQ, True),)])) if (
        kind == "message") else ()
    # the age relative to as_of: none, in days, or in calendar months (never both)
    age = draw(st.sampled_from(["none", "days", "months"]))
    return CountRule(id=rid, evidence=kind, min_count=low, max_count=high, where=where,
                     per=draw(st.sampled_from([None, "week", "month", "quarter", "year"])),
                     older_than_days=draw(st.integers(0, 120)) if age == "days" else None,
                     older_than_months=draw(st.integers(1, 13)) if age == "months" else None,
                     open_field=draw(st.sampled_from([None, "replied"])) if (
                         kind == "message") else None)


@st.composite
def evidence(draw):
    out = []
    check_days = draw(st.lists(days, max_size=4))
    for n, day in enumerate(check_days):
        for m in range(draw(st.integers(0, 4))):
            out.append(ev("link_check", draw(st.sampled_from(UNITS)), f"c{n}/{m}",
                          checked=day, status=draw(st.sampled_from([200, 301, 404, 500])),
                          url=draw(st.sampled_from(["http://a", "http://b"]))))
    for n in range(draw(st.integers(0, 15))):
        fields = {"received": draw(days), "valid": draw(st.booleans())}
        if draw(st.booleans()):
            fields["replied"] = draw(days)
        out.append(ev("message", draw(st.sampled_from(UNITS)), f"m{n}", **fields))
    for n in range(draw(st.integers(0, 25))):
        out.append(ev("new_media_post", draw(st.sampled_from(UNITS)), f"p{n}",
                      posted=draw(days)))
    return out


@st.composite
def cases(draw):
    pairs = [(draw(rules(n)), draw(st.sampled_from([FIXED, TIMELY, QUARTERLY, CITY])))
             for n in range(draw(st.integers(1, 3)))]
    units = tuple(sorted(draw(st.sets(st.sampled_from(UNITS), min_size=1))))
    as_of = draw(st.integers(20, DAYS).map(lambda n: START + timedelta(days=n)))
    rs = attrs.evolve(website_ruleset(pairs, units=units),  # older_than_days moves, or not
                      deadline_on_rest_day=draw(st.sampled_from(REST_DAY_RULES)))
    return rs, draw(evidence()), as_of


def _sorted(findings):
    return sorted(findings, key=lambda f: f.key)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases(), st.integers(2, 40))
def test_absent_and_count_on_durable_and_index_match_the_reference(case, session_facts):
    rs, records, as_of = case
    expected = _sorted(raw_findings(rs, records, as_of, backend="reference"))
    assert _sorted(raw_findings(rs, records, as_of, backend="index")) == expected
    got = raw_findings(rs, records, as_of, backend="durable", session_facts=session_facts)
    assert _sorted(got) == expected
