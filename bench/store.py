"""Evidence store benchmark: writing, re-collecting, reading, verifying and ``check --store``.

    .venv/bin/python bench/store.py                  # 100k and 1M records
    .venv/bin/python bench/store.py --quick          # 100k only
    .venv/bin/python bench/store.py --one 100000 DIR # one size, JSON on stdout
    .venv/bin/python bench/store.py --only 1000000   # one size (sizes can run side by side)
    .venv/bin/python bench/store.py --report         # … then the table of what --only wrote

The evidence is the engine benchmark's (``bench/run.py``: the 2019 rule set with 1000 units, a
fixed mix of all 16 kinds), one batch per unit as one collector per unit would deliver it.

Per size, in one subprocess (its peak memory ``ru_maxrss`` is its own):

* write: every batch into a new store, one transaction per batch (records/s; the records'
  sha256 is computed before, as collecting does);
* re-collect: the same batches again as a second run (nothing new is stored);
* read: the records of the latest run, checked against the rule set (records/s);
* verify: every hash and the chain.

Then ``disclosure-rules check RULESET --store DB --as-of 2019-12-31 --format json`` in a
process of its own (wall and CPU time, peak memory): read, evaluate, store the result.  Bytes
per record are the store file's size (after a WAL checkpoint) over the records.  Results:
``bench/results/store.md`` and ``bench/results/store.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import AS_OF, RESULTS, _ruleset_text, generate, load

ROOT = Path(__file__).resolve().parent.parent
SIZES = (100_000, 1_000_000)
UNITS = 1000
TIMEOUT = 7200


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.parent.glob(path.name + "*"))


def measure_one(records: int, folder: Path) -> dict:
    import sqlite3

    from disclosure_rules.evidence.records import CollectionRun, CollectorReport
    from disclosure_rules.store import Store

    rs = load(UNITS)
    evidence = generate(rs, records)
    for record in evidence:
        record.sha256  # noqa: B018 - computed while collecting, before the store sees it
    by_unit: dict[str, list] = {}
    for record in evidence:
        by_unit.setdefault(record.unit, []).append(record)
    base = _rss_mb()
    db = folder / "bench.db"
    out: dict = {"records": records, "units": UNITS, "batches": len(by_unit),
                 "evidence_mb": round(base, 1)}

    def one_run(store: Store) -> tuple[float, float]:
        t0, c0 = time.perf_counter(), time.process_time()
        writer = store.begin_run(rs, AS_OF)
        reports = []
        for unit, batch in by_unit.items():
            report = CollectorReport(f"bench:{unit}", unit, tuple(sorted({r.kind for r in batch})),
                                     len(batch))
            writer.write(report.collector, "bench", "1", report, batch, ())
            reports.append(report)
        writer.finish(CollectionRun(rs.id, AS_OF, tuple(reports)))
        return time.perf_counter() - t0, time.process_time() - c0

    with Store(db) as store:
        seconds, cpu = one_run(store)
        out["write_s"] = round(seconds, 2)
        out["write_cpu_s"] = round(cpu, 2)
        out["write_per_s"] = round(records / seconds)
        out["write_per_cpu_s"] = round(records / cpu)
    _checkpoint(sqlite3, db)
    out["bytes_per_record"] = round(_size(db) / records)
    with Store(db) as store:
        seconds, cpu = one_run(store)
        out["recollect_s"] = round(seconds, 2)
        out["recollect_cpu_s"] = round(cpu, 2)
        out["recollect_per_s"] = round(records / seconds)
        out["recollect_per_cpu_s"] = round(records / cpu)
    _checkpoint(sqlite3, db)
    out["bytes_per_record_after_recollect"] = round(_size(db) / records)
    evidence, by_unit = [], {}  # the store alone from here on
    with Store(db) as store:
        t0, c0 = time.perf_counter(), time.process_time()
        batch = store.evidence(rs)
        seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
        assert len(batch.records) == records and not batch.problems, (len(batch.records),)
        out["read_s"] = round(seconds, 2)
        out["read_cpu_s"] = round(cpu, 2)
        out["read_per_s"] = round(records / seconds)
        out["read_per_cpu_s"] = round(records / cpu)
        del batch
        t0, c0 = time.perf_counter(), time.process_time()
        report = store.verify()
        out["verify_s"] = round(time.perf_counter() - t0, 2)
        out["verify_cpu_s"] = round(time.process_time() - c0, 2)
        assert report.ok, report.problems[:3]
    out["peak_mb"] = round(_rss_mb(), 1)
    return out


def _checkpoint(sqlite3, db: Path) -> None:  # type: ignore[no-untyped-def]
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()


def measure(records: int) -> dict:
    with tempfile.TemporaryDirectory(prefix="store-bench-") as tmp:
        folder = Path(tmp)
        cmd = [sys.executable, str(Path(__file__).resolve()), "--one", str(records), tmp]
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=TIMEOUT, check=False)
        if done.returncode != 0:
            raise SystemExit(f"store bench {records} failed:\n{done.stderr[-3000:]}")
        row = json.loads(done.stdout.strip().splitlines()[-1])
        ruleset = folder / "ruleset.yaml"
        ruleset.write_text(_ruleset_text(UNITS), encoding="utf-8")
        cmd = [sys.executable, str(Path(__file__).resolve()), "--check", str(ruleset),
               str(folder / "bench.db")]
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=TIMEOUT, check=False)
        if done.returncode != 0:
            raise SystemExit(f"check --store {records} failed:\n{done.stderr[-3000:]}")
        row.update(json.loads(done.stdout.strip().splitlines()[-1]))
    return row


def measure_check(ruleset: str, db: str) -> dict:
    """``disclosure-rules check RULESET --store DB`` in this process (its JSON output to
    /dev/null, as to a file): wall and CPU seconds, peak memory, the result's own timings."""
    import contextlib

    from disclosure_rules.cli import main as cli
    from disclosure_rules.store import Store

    t0, c0 = time.perf_counter(), time.process_time()
    with open(os.devnull, "w", encoding="utf-8") as sink, contextlib.redirect_stdout(sink):
        code = cli(["check", ruleset, "--store", db, "--as-of", AS_OF.isoformat(),
                    "--format", "json"])
    seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    peak = _rss_mb()  # before the stored result is read back below
    if code not in (0, 1):
        raise SystemExit(f"check exited {code}")
    with Store(db, create=False) as store:
        result = store.result_json(store.results()[-1].id)
    return {"check_s": round(seconds, 1), "check_cpu_s": round(cpu, 1),
            "check_peak_mb": round(peak, 1), "check_findings": len(result["findings"]),
            "check_timings": {k: round(v, 2) for k, v in result["timings"].items()
                              if not k.startswith("durable_")}}


def measure_read(db: str, run: int) -> dict:
    """Reading one run's records (checked against the rule set) and verifying, on an existing
    store: the same stages as ``--one``, for a store another process is still writing to."""
    from disclosure_rules.store import Store

    rs = load(UNITS)
    with Store(db, create=False) as store:
        t0, c0 = time.perf_counter(), time.process_time()
        batch = store.evidence(rs, run=run)
        seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
        records = len(batch.records)
        del batch
        t0, c0 = time.perf_counter(), time.process_time()
        report = store.verify()
        verify_s, verify_cpu = time.perf_counter() - t0, time.process_time() - c0
    return {"records": records, "read_s": round(seconds, 2), "read_cpu_s": round(cpu, 2),
            "read_per_s": round(records / seconds), "read_per_cpu_s": round(records / cpu),
            "verify_s": round(verify_s, 2), "verify_cpu_s": round(verify_cpu, 2),
            "verify_ok": report.ok, "peak_mb": round(_rss_mb(), 1)}


def write_results(rows: list[dict]) -> None:
    RESULTS.mkdir(parents=True, exist_ok=True)
    meta = {"python": platform.python_version(), "machine": platform.machine(),
            "cpus": os.cpu_count(), "date": date.today().isoformat()}
    (RESULTS / "store.json").write_text(json.dumps({"meta": meta, "rows": rows}, indent=2)
                                        + "\n", encoding="utf-8")
    lines = [
        "# Evidence store benchmark",
        "",
        f"`bench/store.py` on Python {meta['python']}, {meta['cpus']} CPUs, {meta['date']}. "
        f"Evidence of `bench/run.py` (2019 rule set, {UNITS} units, one batch per unit).",
        "",
        "Wall seconds depend on what else the machine runs; CPU seconds (the process's own "
        "`process_time`) do not, and rates per CPU second are given beside the wall rates.",
        "",
        "| records | write rec/s (wall / CPU) | re-collect rec/s (wall / CPU) "
        "| read rec/s (wall / CPU) | verify s (wall / CPU) | bytes/record "
        "| bytes/record after re-collect | peak MB (write…verify) "
        "| check --store s (wall / CPU) | check peak MB |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    def cell(r: dict, *keys: str) -> str:
        values = [r.get(k) for k in keys]
        return " / ".join("–" if v is None else f"{v:,}" for v in values)

    for r in rows:
        lines.append(
            f"| {r['records']:,} | {cell(r, 'write_per_s', 'write_per_cpu_s')} "
            f"| {cell(r, 'recollect_per_s', 'recollect_per_cpu_s')} "
            f"| {cell(r, 'read_per_s', 'read_per_cpu_s')} "
            f"| {cell(r, 'verify_s', 'verify_cpu_s')} | {cell(r, 'bytes_per_record')} "
            f"| {cell(r, 'bytes_per_record_after_recollect')} | {cell(r, 'peak_mb')} "
            f"| {cell(r, 'check_s', 'check_cpu_s')} | {cell(r, 'check_peak_mb')} |")
    notes = [f"* {r['records']:,}: {r['note']}" for r in rows if r.get("note")]
    lines += ["", *notes] if notes else []
    lines += [
        "",
        "* write: one transaction per batch, the records' sha256 computed beforehand (as "
        "collecting does); re-collect: the same evidence as a second run — no record is "
        "stored again, only the batch rows and their links.",
        "* read: the latest run's records, each checked against the rule set again.",
        "* peak MB of the write…verify process includes the generated evidence "
        "(`evidence_mb` in the JSON).",
        "* check --store: the command line's `check --store --format json` in a process of its "
        "own — read, evaluate (durable backend), store the result; `check_timings` in the "
        "JSON are the engine's share.",
        "",
    ]
    (RESULTS / "store.md").write_text("\n".join(lines), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--one", nargs=2, metavar=("RECORDS", "DIR"))
    parser.add_argument("--check", nargs=2, metavar=("RULESET", "DB"))
    parser.add_argument("--read", nargs=2, metavar=("DB", "RUN"))
    parser.add_argument("--only", type=int, metavar="RECORDS",
                        help="measure one size into store-RECORDS.json (sizes can then run "
                             "side by side); --report collects them into store.md/.json")
    parser.add_argument("--report", action="store_true")
    args = parser.parse_args(argv)
    if args.one:
        print(json.dumps(measure_one(int(args.one[0]), Path(args.one[1]))))
        return 0
    if args.check:
        print(json.dumps(measure_check(*args.check)))
        return 0
    if args.read:
        print(json.dumps(measure_read(args.read[0], int(args.read[1]))))
        return 0
    if args.only:
        row = measure(args.only)
        (RESULTS / f"store-{args.only}.json").write_text(json.dumps(row) + "\n")
        print(json.dumps(row), flush=True)
        return 0
    if args.report:
        parts = sorted(RESULTS.glob("store-*.json"), key=lambda p: int(p.stem.split("-")[1]))
        rows = [json.loads(p.read_text()) for p in parts]
        write_results(rows)
        for part in parts:
            part.unlink()
        return 0
    rows = []
    for records in (SIZES[:1] if args.quick else SIZES):
        rows.append(measure(records))
        print(json.dumps(rows[-1]), flush=True)
    write_results(rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
