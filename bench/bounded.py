"""What the matching phase adds to resident memory, per backend and size.

    .venv/bin/python bench/bounded.py                    # 10k, 100k, 1M records × 1,000 units
    .venv/bin/python bench/bounded.py --one 100000 1000 durable 2000

One subprocess per row.  The plan is compiled first; then the process's peak RSS (``VmHWM``) is
reset through ``/proc/self/clear_refs`` and the plan is matched.  ``match MB`` is the peak RSS
during matching minus the RSS before it: the memory matching needs on top of the plan (the
matches themselves, the session facts, durable-rules' own state).  ``durable − index`` is
durable-rules' share of it.  Linux only.  Results: ``bench/results/bounded.md``.
"""

from __future__ import annotations

import argparse
import itertools
import json
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import run as bench

SIZES = [(10_000, 1000), (100_000, 1000), (1_000_000, 1000)]
SESSION_FACTS = (500, 2000, 8000)


def _status(field: str) -> float:
    with open("/proc/self/status", encoding="ascii") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    raise RuntimeError(field)


def _reset_peak() -> None:
    """Reset the process's peak RSS (``VmHWM``) to its current RSS."""
    with open("/proc/self/clear_refs", "w", encoding="ascii") as f:
        f.write("5")


def measure_one(records: int, units: int, backend: str, session_facts: int) -> dict:
    from disclosure_rules.engine.evaluator import Evaluator, match_durable, match_index
    from disclosure_rules.engine.intermediate import compile_plan

    rs = bench.load(units)
    ev = Evaluator(rs, bench.AS_OF)
    ev.add(bench.generate(rs, records))
    plan = compile_plan(rs, ev.records, bench.AS_OF)
    _reset_peak()
    before = _status("VmRSS")
    t0 = time.perf_counter()
    if backend == "durable":
        matches, stats = match_durable(plan, session_facts=session_facts)
        pairs = sum(len(v) for v in matches.values())
    elif backend == "index":
        matches, stats = match_index(plan), {}
        pairs = sum(len(v) for v in matches.values())
    else:
        pairs, stats = _engine_only(plan, session_facts)
        before = stats.pop("rss_before")
    seconds = time.perf_counter() - t0
    return {"records": records, "units": units, "backend": backend,
            "session_facts": session_facts if backend != "index" else None,
            "probes": plan.n_probes, "items": plan.n_items, "pairs": pairs,
            "sessions": stats.get("sessions"), "largest_session": stats.get("largest_session"),
            "rss_before_mb": round(before, 1), "match_mb": round(_status("VmHWM") - before, 1),
            "seconds": round(seconds, 2)}


def _engine_only(plan, session_facts: int) -> tuple[int, dict]:
    """The in-process loop of ``match_durable`` with the pairs counted, not kept."""
    from disclosure_rules.engine.durable_backend import match_shard
    from disclosure_rules.engine.evaluator import DEFAULT_SHARD_SESSIONS, iter_sessions

    sessions = iter_sessions(plan, session_facts)
    first = next(sessions, None)  # builds the grouping of fact ids by key (O(facts) arrays)
    _reset_peak()
    stats = {"sessions": 0, "largest_session": 0, "rss_before": _status("VmRSS")}
    pairs = 0
    while first is not None:
        shard = [first, *itertools.islice(sessions, DEFAULT_SHARD_SESSIONS - 1)]
        first = None  # the shard alone holds the sessions: freed by ``del shard``
        stats["sessions"] += len(shard)
        stats["largest_session"] = max(stats["largest_session"], *(len(s) for s in shard))
        pairs += len(match_shard(iter(shard)).pairs)
        del shard
        first = next(sessions, None)
    return pairs, stats


def run(args: list[str]) -> dict:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--one", *args]
    done = subprocess.run(cmd, capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--one", nargs=4, metavar=("RECORDS", "UNITS", "BACKEND", "FACTS"))
    args = parser.parse_args(argv)
    if args.one:
        r, u, b, f = args.one
        print(json.dumps(measure_one(int(r), int(u), b, int(f))))
        return 0
    rows = []
    for records, units in SIZES:
        for backend in ("index", "durable", "engine"):
            rows.append(run([str(records), str(units), backend, "2000"]))
            print(json.dumps(rows[-1]), flush=True)
    for facts in SESSION_FACTS:
        if facts != 2000:
            rows.append(run(["100000", "1000", "engine", str(facts)]))
            print(json.dumps(rows[-1]), flush=True)
    lines = ["# Matching memory (bench/bounded.py)", "",
             "Peak RSS added by the matching phase alone (plan already compiled; `VmHWM` reset "
             "before matching). `engine` is the durable path with the pairs counted and "
             "dropped: durable-rules plus the live session only.", "",
             "| records | units | backend | session facts | probes | items | pairs | sessions "
             "| match MB |", "|---:|---:|---|---:|---:|---:|---:|---:|---:|"]
    for r in rows:
        lines.append(f"| {r['records']:,} | {r['units']:,} | {r['backend']} "
                     f"| {r['session_facts'] or ''} | {r['probes']:,} | {r['items']:,} "
                     f"| {r['pairs']:,} | {r['sessions'] or ''} | {r['match_mb']:.0f} |")
    out = bench.RESULTS / "bounded.md"
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    (bench.RESULTS / "bounded.json").write_text(json.dumps(rows, indent=2) + "\n",
                                                encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
