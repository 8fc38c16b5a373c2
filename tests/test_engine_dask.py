"""The engine on a Dask cluster: ``distributed.Client(...).get_executor()`` is a
``concurrent.futures.Executor``; ``match_shard`` and its shards (tuples of frozen attrs
``Session``) pickle, so the shards run in the cluster's worker processes and the findings are
identical to the in-process run.  Optional: skipped when ``distributed`` (the ``dask`` extra) is
not installed."""

from __future__ import annotations

import pickle
from datetime import date

import pytest

from disclosure_rules.engine.durable_backend import Session, match_shard
from disclosure_rules.engine.evaluator import evaluate, match_durable, match_index, partition
from disclosure_rules.engine.intermediate import compile_plan
from engine_builders import two_rule_case

distributed = pytest.importorskip("distributed")

pytestmark = pytest.mark.dask


def test_match_shard_and_sessions_pickle():
    rs, records = two_rule_case()
    sessions = partition(compile_plan(rs, records, date(2019, 12, 31)), 60)
    assert pickle.loads(pickle.dumps(match_shard)) is match_shard
    assert pickle.loads(pickle.dumps(sessions)) == sessions
    assert all(isinstance(s, Session) for s in sessions)


def test_dask_executor_gives_the_in_process_findings():
    rs, records = two_rule_case()
    as_of = date(2019, 12, 31)
    inline = evaluate(rs, records, as_of, session_facts=60)
    # processes=True: real worker processes, each with its own durable-rules engine
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        executor = client.get_executor()
        on_dask = evaluate(rs, records, as_of, session_facts=60, executor=executor)
        plan = compile_plan(rs, records, as_of)
        matches, stats = match_durable(plan, executor=executor, session_facts=60,
                                       shard_sessions=2)
    assert on_dask.findings == inline.findings
    expected = {pid: sorted(iids) for pid, iids in match_index(plan).items()}
    assert stats["shards"] > 3 and matches == expected
