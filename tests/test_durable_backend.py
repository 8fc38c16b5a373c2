"""Pins for the durable-rules 2.0.28 sharp edges the backend relies on (notes/durable-rules.md).

Each test first shows the edge on the stock engine (so an upgrade that changes it is noticed),
then that :mod:`disclosure_rules.durable_backend` handles it.  No mocks: real durable-rules.
"""

from __future__ import annotations

import json
import random
import threading
import time
import uuid
from typing import Any

import durable.engine
import pytest

from disclosure_rules.engine.durable_backend import (
    ITEM,
    PROBE,
    RULE,
    Matcher,
    QuietHost,
    Session,
    fnv1a32,
    match_shard,
    unique_ids,
)
from disclosure_rules.errors import EngineError

#: Two fact ids with the same FNV-1a-32 hash (found by brute force).
COLLIDING = ("i116048", "i1308084")


def _stock_ruleset(host: durable.engine.Host, action) -> str:
    name = f"pin_{uuid.uuid4().hex}"
    host.register_rulesets({name: {"r": {"all": [{"item": {"t": ITEM}}], "run": action}}})
    return name


def _index_pairs(session: Session) -> set[tuple[int, int]]:
    return {(p[0], i[0]) for p in session.probes for i in session.items
            if p[1] == i[1] and p[2] <= i[2] <= p[3]}


def _random_session(n_probes: int, n_items: int, keys: int, seed: int) -> Session:
    rnd = random.Random(seed)
    probes = []
    for pid in range(n_probes):
        lo = rnd.randrange(0, 60)
        probes.append((pid, rnd.randrange(keys), lo, lo + rnd.randrange(0, 30)))
    items = tuple((iid, rnd.randrange(keys), rnd.randrange(0, 90)) for iid in range(n_items))
    return Session(tuple(probes), items)


def test_stock_host_starts_a_timer_thread_and_the_quiet_host_does_not():
    before = threading.active_count()
    stock = durable.engine.Host()
    assert threading.active_count() > before  # the race of notes §1 needs this thread
    stock._d_timer.cancel()
    stock._t_timer.cancel()
    time.sleep(0.05)
    before = threading.active_count()
    quiet = QuietHost()
    assert threading.active_count() == before
    assert quiet._d_timer is None and quiet._t_timer is None


def test_fnv1a32_is_the_hash_durable_stores_fact_ids_under():
    assert fnv1a32(COLLIDING[0]) == fnv1a32(COLLIDING[1])
    host = QuietHost()
    seen: list[int] = []
    name = _stock_ruleset(host, lambda c: seen.append(c.item.n))
    facts = [{"id": fid, "sid": "x", "t": ITEM, "n": n} for n, fid in enumerate(COLLIDING)]
    facts.append({"id": "other", "sid": "x", "t": ITEM, "n": 2})
    with pytest.raises(durable.engine.MessageObservedException):
        host.assert_facts(name, facts)
    assert len(host.get_facts(name, "x")) == 2  # one fact silently dropped


def test_colliding_fact_ids_are_renamed_and_every_pair_is_found():
    ids, renamed = unique_ids(["a", *COLLIDING])
    assert renamed == 1 and len({fnv1a32(i) for i in ids}) == 3
    session = Session(((0, 7, 0, 100),), ((116048, 7, 5), (1308084, 7, 6)))
    with Matcher() as matcher:
        assert sorted(matcher.match(session)) == [(0, 116048), (0, 1308084)]
        assert matcher.renamed == 1


def test_stock_engine_swallows_action_exceptions_into_the_session_state():
    host = QuietHost()

    def boom(c: Any) -> None:
        raise ValueError("boom")

    name = _stock_ruleset(host, boom)
    host.assert_facts(name, [{"id": "a", "sid": "x", "t": ITEM, "n": 1}])  # returns OK
    assert "boom" in host.get_state(name, "x")["exception"]


def test_an_exception_in_the_match_action_fails_the_evaluation():
    class Broken(Matcher):  # the real action, fed an item whose number is not an integer
        def _facts(self, session: Session, sid: str):
            facts, renamed = super()._facts(session, sid)
            facts[-1]["n"] = "action failed"
            return facts, renamed

    with Broken() as matcher, pytest.raises(EngineError, match="action failed"):
        matcher.match(Session(((0, 1, 0, 9),), ((0, 1, 3),)))


def test_an_exception_escaping_the_action_is_read_from_the_session_state():
    class Unwrapped(Matcher):
        def _action(self, c: Any) -> None:
            raise RuntimeError("escaped")

    with Unwrapped() as matcher, pytest.raises(EngineError, match=r"动作异常.*escaped"):
        matcher.match(Session(((0, 1, 0, 9),), ((0, 1, 3),)))


def test_a_batch_cut_short_by_an_unstorable_fact_is_detected():
    wide = {f"f{n}": n for n in range(300)}  # more than the 252 fields a fact may have

    host = QuietHost()
    name = _stock_ruleset(host, lambda c: None)
    facts = [{"id": f"a{n}", "sid": "x", "t": ITEM, "n": n} for n in range(3)]
    facts.insert(1, {"id": "wide", "sid": "x", "t": ITEM, "n": 9, **wide})
    host.assert_facts(name, facts)  # returns OK ...
    assert len(host.get_facts(name, "x")) < len(facts)  # ... but stored fewer facts

    class Wide(Matcher):
        def _facts(self, session: Session, sid: str):
            facts, renamed = super()._facts(session, sid)
            facts.insert(1, {"id": "wide", "sid": sid, "t": ITEM, "n": 99, "k": -1, "d": 0,
                             **wide})
            return facts, renamed

    with Wide() as matcher, pytest.raises(EngineError, match="只保存了"):
        matcher.match(Session(((0, 1, 0, 9),), ((0, 1, 3), (1, 1, 4))))


def test_one_rule_positive_join_only_no_negation():
    text = json.dumps(RULE)
    assert "$not" not in text and "$none" not in text and len(RULE["all"]) == 2
    assert RULE["all"][0] == {"subj": {"t": PROBE}}


def test_large_batch_is_complete_when_assert_returns():
    session = _random_session(2500, 7500, keys=300, seed=1)  # 10k facts in one batch
    with Matcher() as matcher:
        pairs = matcher.match(session)
        assert matcher.live_sessions == 0
    assert set(pairs) == _index_pairs(session) and len(pairs) == len(set(pairs))


def test_sessions_are_deleted_and_many_shards_do_not_accumulate_state():
    sessions = [_random_session(20, 40, keys=5, seed=n) for n in range(30)]
    for _ in range(3):
        out = match_shard(sessions)
        assert out.sessions == 30
        assert sum(len(_index_pairs(s)) for s in sessions) == len(out.pairs)


def test_two_matchers_never_share_state():
    a, b = Matcher(), Matcher()
    try:
        assert a.name != b.name
        s = Session(((0, 1, 0, 9),), ((0, 1, 3),))
        assert a.match(s) == [(0, 0)] and b.match(s) == [(0, 0)]
    finally:
        a.close()
        b.close()


def test_sessions_beyond_the_hard_limit_are_refused():
    with Matcher() as matcher, pytest.raises(EngineError, match="会话过大"):
        matcher.match(_random_session(10, 20_000, keys=3, seed=2))
