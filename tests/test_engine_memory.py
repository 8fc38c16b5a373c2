"""What keeps the engine's memory down (docs/engine.md §8): sessions made lazily, shards in a
bounded window, the plan freed by reference counting once decided, no copies of details or
record ids.  Each is a property a refactoring could silently lose; none changes a verdict."""

from __future__ import annotations

import gc
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from types import GeneratorType

import attrs

from disclosure_rules.engine.evaluator import (
    Evaluator,
    evaluate,
    iter_sessions,
    match_durable,
    match_index,
    partition,
    raw_findings,
)
from disclosure_rules.engine.intermediate import Plan, compile_plan
from engine_builders import two_rule_case

AS_OF = date(2019, 12, 31)


def test_sessions_are_made_lazily_and_match_the_list():
    rs, records = two_rule_case()
    plan = compile_plan(rs, records, AS_OF)
    assert isinstance(iter_sessions(plan, 60), GeneratorType)
    assert list(iter_sessions(plan, 60)) == partition(plan, 60)
    assert max(len(s) for s in partition(plan, 60)) <= 60


def test_bounded_window_on_an_executor_gives_the_index_matches():
    rs, records = two_rule_case()
    plan = compile_plan(rs, records, AS_OF)
    expected = {pid: sorted(iids) for pid, iids in match_index(plan).items()}
    inline, stats = match_durable(plan, session_facts=60, shard_sessions=2)
    assert inline == expected and stats["shards"] > 3
    with ThreadPoolExecutor(max_workers=2) as pool:
        for in_flight in (1, 3):
            got, s = match_durable(plan, executor=pool, session_facts=60, shard_sessions=2,
                                   in_flight=in_flight)
            assert got == expected and s == stats


def test_the_plan_is_freed_without_the_cyclic_collector():
    rs, records = two_rule_case()
    gc.collect()
    gc.disable()
    try:
        raw_findings(rs, records, AS_OF)
        assert not [o for o in gc.get_objects() if isinstance(o, Plan)]
    finally:
        gc.enable()


def test_plan_decide_hands_the_slots_over():
    rs, records = two_rule_case()
    plan = compile_plan(rs, records, AS_OF)
    n = len(plan.slots)
    assert plan.keys == {}  # the interning table is emptied while compiling
    found = plan.decide(match_index(plan))
    assert len(found) == n and plan.slots == []


def test_no_copies_of_ids_or_details():
    rs, records = two_rule_case()
    record = records[0]
    assert record.id is record.id
    result = evaluate(rs, records, AS_OF)
    f = result.findings[0]
    assert attrs.evolve(f, reason="x").detail is f.detail


def test_the_evaluator_keeps_its_raw_findings_and_one_shot_equals_it():
    rs, records = two_rule_case()
    evaluator = Evaluator(rs, AS_OF)
    evaluator.add(records)
    first = evaluator.result()
    assert evaluator._raw and not evaluator._dirty
    assert evaluator.result().findings == first.findings
    assert evaluate(rs, records, AS_OF).findings == first.findings
