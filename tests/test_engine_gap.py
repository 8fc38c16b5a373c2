"""Gap rules (``fresh`` with ``measure: gap``) on all three backends, and their plan.

The durable plan keys each checkpoint's probe to that checkpoint alone and joins it with the one
item that can close its stretch (the next record day), so durable-rules' actions grow with the
record days, not with their square.  These tests hold the three backends to identical findings on
evidence built to hit the edges of that plan (dense daily records, records on the year's borders
and after as_of, several records on one day, empty groups), and count the actions."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from disclosure_rules.engine.evaluator import match_durable, match_index, raw_findings
from disclosure_rules.engine.intermediate import compile_plan
from disclosure_rules.errors import EngineError
from disclosure_rules.rules.fresh import FreshRule
from disclosure_rules.rules.present import PresentRule
from disclosure_rules.ruleset.deadlines import ContinuousDeadline, ExternalDeadline
from disclosure_rules.ruleset.model import Condition, Op
from engine_builders import ev, ruleset

YEAR0 = date(2019, 1, 1)
UNITS = ("u1", "u2", "u3")
COLUMNS = ("要闻", "通知")
#: as_of on and around the borders of the year (and of a quarter), plus any day
BORDERS = [date(2018, 12, 31), date(2019, 1, 1), date(2019, 1, 2), date(2019, 3, 31),
           date(2019, 4, 1), date(2019, 12, 30), date(2019, 12, 31), date(2020, 1, 1),
           date(2020, 1, 20)]
as_ofs = st.one_of(st.sampled_from(BORDERS),
                   st.integers(-5, 385).map(lambda n: YEAR0 + timedelta(days=n)))


@st.composite
def gap_rules(draw, n: int) -> FreshRule:
    where = draw(st.sampled_from([(), (Condition("column", Op.NE, "通知"),)]))
    return FreshRule(id=f"g{n}", evidence="site_update", measure="gap",
                     max_age_days=draw(st.integers(0, 40)),
                     group_by=draw(st.sampled_from([None, "column"])), where=where)


@st.composite
def gap_evidence(draw) -> list:
    """Daily runs (up to a year long), scattered days, borders of the year, several records on
    one day, records without a group value, units and columns with none."""
    days: list[int] = []  # offsets from 1 January 2019
    for _ in range(draw(st.integers(0, 3))):
        start = draw(st.integers(-15, 370))
        days += range(start, start + draw(st.integers(1, 366)))
    days += draw(st.lists(st.integers(-20, 390), max_size=15))
    days += draw(st.lists(st.sampled_from([-1, 0, 1, 89, 90, 363, 364, 365]), max_size=6))
    out = []
    for n, offset in enumerate(days):
        unit = draw(st.sampled_from(UNITS[:2]))
        for k in range(draw(st.sampled_from([1, 1, 1, 2, 3]))):
            fields: dict = {"updated": YEAR0 + timedelta(days=offset)}
            column = draw(st.sampled_from([*COLUMNS, None]))
            if column is not None:
                fields["column"] = column
            out.append(ev("site_update", unit, f"页{n}-{k}", **fields))
    return out


def _sorted(findings):
    return sorted(findings, key=lambda f: f.key)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(1, 3).flatmap(lambda n: st.tuples(*(gap_rules(i) for i in range(n)))),
       gap_evidence(), as_ofs, st.sampled_from([3, 16, 64, 500]))
def test_gap_rules_agree_on_all_backends_at_the_edges(rules, records, as_of, session_facts):
    rs = ruleset([(r, ExternalDeadline("省", None, "按省里")) for r in rules], units=UNITS)
    expected = _sorted(raw_findings(rs, records, as_of, backend="reference"))
    assert _sorted(raw_findings(rs, records, as_of, backend="index")) == expected
    got = raw_findings(rs, records, as_of, backend="durable", session_facts=session_facts)
    assert _sorted(got) == expected


def _daily(days: int, *, twice_every: int = 0, unit: str = "u1") -> list:
    """One record a day from 1 January for ``days`` days (two on every ``twice_every``-th)."""
    out = []
    for n in range(days):
        for k in range(2 if twice_every and n % twice_every == 0 else 1):
            out.append(ev("site_update", unit, f"{unit}-页{n}-{k}",
                          updated=YEAR0 + timedelta(days=n), column="要闻"))
    return out


def _gap_set(max_age_days: int = 7):
    return ruleset([(FreshRule(id="g", evidence="site_update", measure="gap",
                               max_age_days=max_age_days, group_by="column"),
                     ContinuousDeadline("month", "常态化"))], units=("u1",))


def test_durable_actions_of_a_gap_rule_grow_linearly_with_a_year_of_daily_records():
    rs = _gap_set()
    actions = {}
    for days in (90, 180, 360):
        timings: dict[str, float] = {}
        records = _daily(days, twice_every=10)
        as_of = YEAR0 + timedelta(days=days - 1)
        found = raw_findings(rs, records, as_of, backend="durable", timings=timings)
        assert [f.code for f in found] == ["gap.ok"]
        actions[days] = timings["durable_actions"]
        # each record joins the group's newest-record probe once; each record day joins the
        # probe of the checkpoint before it, but for the last 7 + 1 days (their stretches end
        # at as_of within the limit: no probe)
        assert actions[days] == len(records) + days - 8
    # linear: twice the days add twice the actions (a probe per checkpoint meeting every record
    # day of the group made ~days² actions)
    assert actions[360] - actions[180] == 2 * (actions[180] - actions[90])


def test_each_gap_checkpoint_probe_meets_at_most_one_item():
    rs = _gap_set()
    records = _daily(365, twice_every=3)
    plan = compile_plan(rs, records, date(2019, 12, 31))
    probes = Counter(plan.probe_keys)
    items = Counter(plan.item_keys)
    joins = sorted(n * items[k] for k, n in probes.items())
    # one key joins the newest-record probe with every record; every other key is a checkpoint
    # with one probe and its one next record day
    assert joins[-1] == len(records)
    assert set(joins[:-1]) == {1} and len(joins) - 1 == 365 - 8  # not the last 8 days
    matches, stats = match_durable(plan, session_facts=50)
    assert stats["actions"] == sum(joins)
    assert matches == match_index(plan)


def test_the_stretch_after_the_last_record_is_a_gap_decided_without_a_join():
    rs = _gap_set(max_age_days=7)
    records = _daily(100)  # nothing after 10 April
    plan = compile_plan(rs, records, date(2019, 12, 31))
    assert plan.n_probes == 99 + 1  # the record days but the last one, + the newest record
    found = raw_findings(rs, records, date(2019, 12, 31), backend="durable")
    assert [f.code for f in found] == ["gap.exceeded"]
    assert found[0].detail["gap_start"] == "2019-04-10"
    assert found[0].detail["gap_end"] == "2019-12-31"
    assert found == raw_findings(rs, records, date(2019, 12, 31), backend="reference")


def test_a_gap_match_that_contradicts_the_checkpoint_distances_is_an_engine_error():
    rs = _gap_set(max_age_days=7)
    records = _daily(30)
    plan = compile_plan(rs, records, date(2019, 12, 31))
    matches = match_index(plan)
    dropped = next(pid for pid, iids in matches.items() if len(iids) == 1)
    del matches[dropped]  # a backend that lost one checkpoint's match must not report a gap
    with pytest.raises(EngineError, match="自相矛盾"):
        plan.decide(matches)


def test_gap_and_other_rules_on_the_same_records_keep_their_own_pairs():
    """A gap rule's per-checkpoint keys never meet another rule's keys: a present rule over the
    same daily records counts them all, on every backend."""
    rs = ruleset([(FreshRule(id="g", evidence="site_update", measure="gap", max_age_days=1),
                   ExternalDeadline("省", None, "按省里")),
                  (PresentRule(id="p", evidence="site_update", min_count=400),
                   ExternalDeadline("省", None, "按省里"))], units=("u1", "u2"))
    records = _daily(365, twice_every=7) + _daily(200, unit="u2")
    as_of = date(2019, 12, 31)
    expected = _sorted(raw_findings(rs, records, as_of, backend="reference"))
    assert {(f.rule, f.unit, f.code) for f in expected} == {
        ("g", "u1", "gap.ok"), ("g", "u2", "gap.exceeded"),
        ("p", "u1", "count.met"), ("p", "u2", "count.missing")}
    assert _sorted(raw_findings(rs, records, as_of, backend="index")) == expected
    assert _sorted(raw_findings(rs, records, as_of, backend="durable",
                               session_facts=100)) == expected
