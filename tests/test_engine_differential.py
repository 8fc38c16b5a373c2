"""Differential property tests: the durable-rules path and the plain index must give exactly
the reference evaluator's findings, for generated rule sets and evidence — with sessions far
smaller than the data, so keys are split over many sessions and shards (the situation where
durable-rules on its own would need one session larger than it can hold)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import attrs
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from disclosure_rules.engine.evaluator import evaluate, partition, raw_findings
from disclosure_rules.engine.intermediate import compile_plan
from disclosure_rules.evidence.keys import normalize_key
from disclosure_rules.evidence.records import Evidence
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
from disclosure_rules.ruleset.deadlines import (
    REST_DAY_RULES,
    ContinuousDeadline,
    ExternalDeadline,
    FixedDeadline,
    TimelyDeadline,
)
from disclosure_rules.ruleset.model import Condition, Op, Role
from engine_builders import ev, ruleset

START = date(2018, 12, 1)
DAYS = 430  # to 2020-02-04
UNITS = ("u1", "u2", "u3")

days = st.integers(0, DAYS).map(lambda n: START + timedelta(days=n))
small = st.integers(0, 25)

deadlines = st.one_of(
    days.map(lambda d: FixedDeadline(d, "固定")),
    st.just(TimelyDeadline(20, "及时公开")),
    st.sampled_from(["month", "quarter", "half_year", "year"]).map(
        lambda p: ContinuousDeadline(p, "常态化")),
    st.just(ExternalDeadline("市", None, "按市里统一安排")),
    days.map(lambda d: ExternalDeadline("省", d, "按省里时间节点")),
)

where_doc = st.sampled_from([(), (Condition("doc_type", Op.EQ, "规范性文件"),),
                             (Condition("doc_type", Op.IN, ("规范性文件", "政策性文件")),)])


#: whose publications count: none besides the unit's own, the task's units, named units (in the
#: task or not: the generated task holds a subset of UNITS, the evidence comes from all three),
#: or both
publishers = st.none() | st.lists(st.sampled_from(["task", *UNITS]), min_size=1, max_size=3,
                                  unique=True).map(tuple)


KINDS = ("present", "accompanied", "timely_pub", "timely_field", "responded", "fresh_age",
         "fresh_gap", "updated_after", "share", "attested")


@st.composite
def rules(draw, n: int, kinds: tuple[str, ...] = KINDS):
    kind = draw(st.sampled_from(kinds))
    rid = f"r{n}"
    due = draw(st.none() | days) if draw(st.booleans()) else None
    if kind == "present":
        since = draw(st.none() | days)
        if draw(st.booleans()):  # placed by the decision's own publication date
            return PresentRule(id=rid, evidence="decision", date_field="published",
                               min_count=draw(st.integers(1, 3)), due=due, since=since)
        return PresentRule(id=rid, evidence="doc", where=draw(where_doc),
                           min_count=draw(st.integers(1, 3)), due=due, since=since)
    if kind == "accompanied":
        return AccompaniedRule(id=rid, evidence="doc", companion="interp", link="policy",
                               within=draw(st.integers(0, 5)), count_start=draw(st.booleans()),
                               where=draw(where_doc))
    if kind == "timely_pub":
        return TimelyRule(id=rid, event="event", publication="pub",
                          link=draw(st.sampled_from(["subject", None])),
                          within=draw(st.integers(0, 25)), count_start=draw(st.booleans()),
                          publishers=draw(publishers),
                          answers_for=draw(st.sampled_from([None, "support"])))
    if kind == "timely_field":
        return TimelyRule(id=rid, event="decision", published_field="published",
                          within=draw(st.integers(0, 25)), count_start=draw(st.booleans()))
    if kind == "responded":
        return RespondedRule(id=rid, evidence="application", extension_field="extended",
                             within=draw(st.integers(1, 25)),
                             extension_days=draw(st.integers(0, 20)),
                             count_start=draw(st.booleans()),
                             within_hours=draw(st.none() | st.integers(1, 200)))
    if kind in ("fresh_age", "fresh_gap"):
        months = draw(st.none() | st.integers(1, 13)) if kind == "fresh_age" else None
        return FreshRule(id=rid, evidence="site_update", max_age_days=draw(st.integers(0, 60)),
                         measure="age" if kind == "fresh_age" else "gap",
                         group_by=draw(st.sampled_from([None, "column"])),
                         max_age_months=months)
    if kind == "updated_after":
        return UpdatedAfterRule(id=rid, evidence="doc", trigger_date=draw(days),
                                min_count=draw(st.integers(1, 2)), due=due)
    if kind == "share":
        return ShareRule(id=rid, evidence="interp", threshold=draw(st.sampled_from([0, .3, .5, 1])),
                         min_items=draw(st.integers(0, 3)),
                         having=(Condition("form", Op.IN, ("图片", "视频")),))
    return AttestedRule(id=rid, topic=draw(st.sampled_from(["域名清理", "集约化"])), why="无",
                        due=due)


@st.composite
def evidence(draw, max_per_kind: int):
    out = []
    doc_keys = [f"文{n}" for n in range(draw(st.integers(0, max_per_kind)))]
    for key in doc_keys:
        out.append(ev("doc", draw(st.sampled_from(UNITS)), key, published=draw(days),
                      doc_type=draw(st.sampled_from(["规范性文件", "政策性文件", "其他"]))))
    for n in range(draw(st.integers(0, max_per_kind))):
        link = draw(st.sampled_from([*doc_keys, "无此文"])) if doc_keys else "无此文"
        out.append(ev("interp", draw(st.sampled_from(UNITS)), f"解{n}", published=draw(days),
                      policy=link, form=draw(st.sampled_from(["文字", "图片", "视频"]))))
    event_keys = [f"事{n}" for n in range(draw(st.integers(0, max_per_kind)))]
    for key in event_keys:
        out.append(ev("event", draw(st.sampled_from(UNITS)), key, occurred=draw(days)))
    for n in range(draw(st.integers(0, max_per_kind))):
        key = draw(st.sampled_from([*event_keys, f"发{n}"])) if event_keys else f"发{n}"
        if any(e.kind == "pub" and e.key == key for e in out):
            key = f"发{n}"
        out.append(ev("pub", draw(st.sampled_from(UNITS)), key, published=draw(days),
                      subject=draw(st.sampled_from([*event_keys, "无"])) if event_keys else "无"))
    for n in range(draw(st.integers(0, max_per_kind))):
        fields = {"decided": draw(days)}
        if draw(st.booleans()):
            fields["published"] = draw(days)
        out.append(ev("decision", draw(st.sampled_from(UNITS)), f"罚{n}", **fields))
    for n in range(draw(st.integers(0, max_per_kind))):
        fields = {"received": draw(days), "extended": draw(st.booleans())}
        if draw(st.booleans()):
            fields["replied"] = draw(days)
        out.append(ev("application", draw(st.sampled_from(UNITS)), f"申{n}", **fields))
    for n in range(draw(st.integers(0, max_per_kind * 2))):
        out.append(ev("site_update", draw(st.sampled_from(UNITS)), f"页{n}", updated=draw(days),
                      column=draw(st.sampled_from(["要闻", "通知", "政策"]))))
    for n in range(draw(st.integers(0, 3))):
        out.append(ev("attestation", draw(st.sampled_from(UNITS)), f"说明{n}",
                      topic=draw(st.sampled_from(["域名清理", "集约化"])), signed_on=draw(days)))
    return out


@st.composite
def cases(draw, max_per_kind: int = 12, kinds: tuple[str, ...] = KINDS):
    n_rules = draw(st.integers(1, 4))
    pairs = [(draw(rules(n, kinds)), draw(deadlines)) for n in range(n_rules)]
    units = tuple(draw(st.sets(st.sampled_from(UNITS), min_size=1)))
    # lead, support and responsible units (answers_for, and which units a rule checks)
    roles = {u: draw(st.sampled_from([Role.RESPONSIBLE, Role.LEAD, Role.SUPPORT])) for u in units}
    rs = ruleset(pairs, units=tuple(sorted(units)), roles=roles)
    # due days on a rest day kept as written, or moved to the next working day
    rs = attrs.evolve(rs, deadline_on_rest_day=draw(st.sampled_from(REST_DAY_RULES)))
    as_of = draw(st.integers(20, DAYS).map(lambda n: START + timedelta(days=n)))
    return rs, draw(evidence(max_per_kind)), as_of


def _sorted(findings):
    return sorted(findings, key=lambda f: f.key)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases(), st.integers(2, 40))
def test_durable_and_index_match_the_reference(case, session_facts):
    rs, records, as_of = case
    expected = _sorted(raw_findings(rs, records, as_of, backend="reference"))
    assert _sorted(raw_findings(rs, records, as_of, backend="index")) == expected
    got = raw_findings(rs, records, as_of, backend="durable", session_facts=session_facts)
    assert _sorted(got) == expected


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases(kinds=("timely_pub",)), st.integers(2, 40))
def test_whose_publications_count_matches_the_reference(case, session_facts):
    """publishers (none, task, named units in the task or outside it) on every backend: the
    publications of a shared publisher sit under one key, the others' under their own unit."""
    rs, records, as_of = case
    expected = _sorted(raw_findings(rs, records, as_of, backend="reference"))
    assert _sorted(raw_findings(rs, records, as_of, backend="index")) == expected
    got = raw_findings(rs, records, as_of, backend="durable", session_facts=session_facts)
    assert _sorted(got) == expected


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases(max_per_kind=150), st.integers(2, 60))
def test_larger_evidence_split_over_many_sessions(case, session_facts):
    rs, records, as_of = case
    expected = _sorted(raw_findings(rs, records, as_of, backend="reference"))
    got = raw_findings(rs, records, as_of, backend="durable", session_facts=session_facts)
    assert _sorted(got) == expected


def test_one_key_larger_than_a_session_is_split_and_still_exact():
    """One unit with 12k records for one rule: one key, six times the default session size."""
    rules_ = [
        (PresentRule(id="p", evidence="site_update", min_count=1000),
         ContinuousDeadline("month", "每月")),
        (FreshRule(id="g", evidence="site_update", max_age_days=2, measure="gap"),
         ExternalDeadline("省", None, "按省里")),
        (FreshRule(id="a", evidence="site_update", max_age_days=5),
         ExternalDeadline("省", None, "按省里")),
    ]
    rs = ruleset(rules_, units=("u1",))
    records = [ev("site_update", "u1", f"页{n}", updated=START + timedelta(days=31 + n % 300))
               for n in range(12_000)]
    as_of = date(2019, 12, 31)
    plan = compile_plan(rs, records, as_of)
    sessions = partition(plan, 2000)
    assert max(len(s) for s in sessions) <= 2000 and len(sessions) > 12
    expected = _sorted(raw_findings(rs, records, as_of, backend="reference"))
    assert _sorted(raw_findings(rs, records, as_of, backend="durable")) == expected
    assert {f.status.value for f in expected} >= {"pass", "fail"}


def test_process_pool_executor_gives_the_same_result():
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    rs = ruleset([(PresentRule(id="p", evidence="doc"), FixedDeadline(date(2019, 6, 30), "6月")),
                  (AccompaniedRule(id="a", evidence="doc", companion="interp", link="policy",
                                   within=3), ContinuousDeadline("quarter", "常态化"))])
    records = [ev("doc", "u1", f"文{n}", published=START + timedelta(days=n)) for n in range(300)]
    records += [ev("interp", "u2", f"解{n}", published=START + timedelta(days=n + n % 7),
                   policy=f"文{n}") for n in range(0, 300, 2)]
    as_of = date(2019, 12, 31)
    inline = evaluate(rs, records, as_of, session_facts=50)
    # spawn, not fork: forking a process whose other threads may hold locks can deadlock it
    spawn = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=2, mp_context=spawn) as pool:
        pooled = evaluate(rs, records, as_of, session_facts=50, executor=pool)
    assert pooled.findings == inline.findings
    assert pooled.to_json()["findings"] == inline.to_json()["findings"]


# -- unchecked API input: the evidence door, then the same findings on every backend -----------

#: Keys of the generated evidence (文n, 事n) rewritten to one of three canonical forms, each with
#: messy spellings an embedding tool or a hand-typed ledger would send.
KEY_OFFSET = {"文": 1000, "事": 2000}


def _canonical_key(old: str, style: str) -> str:
    prefix, number = old[0], old[1:]
    if prefix not in KEY_OFFSET or not number.isdigit() or style == "plain":
        return old
    n = KEY_OFFSET[prefix] + int(number)
    return str(n) if style == "decimal" else f"湘潭交通〔2019〕{n}号"


def _messy_key(draw, canonical: str) -> object:
    if canonical.isdigit():
        return draw(st.sampled_from([int(canonical), f" {canonical}", f"{canonical}\u3000"]))
    if canonical.startswith("湘潭交通〔2019〕"):
        n = canonical.removeprefix("湘潭交通〔2019〕").removesuffix("号")
        wide = n.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
        return draw(st.sampled_from([canonical, f"湘潭交通[2019]{n}号", f"湘潭交通（2019）第{n}号 ",
                                     f" 湘潭交通〔2019〕0{n}号", f"湘潭交通〔２０１９〕{wide}号",
                                     f"湘潭交通 【2019】 {n} 号"]))
    return draw(st.sampled_from([canonical, f" {canonical} ", f"{canonical}\t"]))


def _messy_date(draw, day: date) -> object:
    return draw(st.sampled_from([day, day.isoformat(), f"{day.isoformat()}T09:30:00",
                                 datetime(day.year, day.month, day.day, 9, 30)]))


@st.composite
def unchecked_cases(draw, max_per_kind: int = 10):
    """(rule set, clean records, the same records as unchecked API input, as_of)."""
    rs, records, as_of = draw(cases(max_per_kind))
    records = [r for r in records if r.unit in rs.units.by_id]  # others are rightly rejected
    styles: dict[str, str] = {}

    def canonical(old: str) -> str:
        if old not in styles:
            styles[old] = draw(st.sampled_from(["plain", "decimal", "doc_number"]))
        return _canonical_key(old, styles[old])

    clean, messy = [], []
    for record in records:
        key = canonical(record.key)
        fields = {name: canonical(value) if name in ("policy", "subject") else value
                  for name, value in record.fields.items()}
        clean.append(Evidence(record.kind, record.unit, key, record.title, fields))
        raw_fields = {}
        for name, value in fields.items():
            if isinstance(value, date):
                raw_fields[name] = _messy_date(draw, value)
            elif name in ("policy", "subject"):
                raw_fields[name] = _messy_key(draw, value)
            else:
                raw_fields[name] = value
        unit = draw(st.sampled_from([record.unit, f"单位{record.unit}"]))
        raw_key = _messy_key(draw, key)
        assert normalize_key(str(raw_key)) == key
        if draw(st.booleans()):
            messy.append(Evidence(record.kind, unit, raw_key, record.title, raw_fields))
        else:
            messy.append({"kind": record.kind, "unit": unit, "key": raw_key,
                          "title": record.title, "fields": raw_fields})
    return rs, clean, messy, as_of


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(unchecked_cases(), st.integers(2, 40))
def test_unchecked_api_input_is_checked_and_every_backend_agrees(case, session_facts):
    """Strings for dates, ints for keys and links, padded and bracket-variant 文号, unit names:
    after the door every backend gives exactly the findings of the clean evidence."""
    rs, clean, messy, as_of = case
    expected = evaluate(rs, clean, as_of, backend="reference")
    assert expected.rejected == ()
    for backend in ("reference", "index", "durable"):
        got = evaluate(rs, messy, as_of, backend=backend, session_facts=session_facts)
        assert got.rejected == (), backend
        assert got.evidence_sha256 == expected.evidence_sha256, backend
        assert got.findings == expected.findings, backend
