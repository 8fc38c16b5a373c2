"""Gap-rule benchmark: ``fresh`` with ``measure: gap`` over a year of daily column updates.

    .venv/bin/python bench/gap.py --label after            # measure, merge into the results
    .venv/bin/python bench/gap.py --one 100 4 durable      # one measurement, JSON on stdout
    .venv/bin/python bench/gap.py --label before --sizes 10x4 --backends durable,plan

The scenario the rule kind is written for: every unit keeps ``columns`` website columns updated
(nearly) daily through 2019, and one rule asks that no column goes more than 7 days without an
update (``group_by: column``, one finding per unit × column).  Evidence is deterministic
(seeded): a column is updated on 97 % of days, on 5 % of days twice, and one column in five has
a 10-day outage, so both verdicts occur.  as_of is 2019-12-31.

Each row runs in its own subprocess (peak memory = that process's ``ru_maxrss``).  ``join
pairs`` is what the durable backend's key join produces — one durable-rules action each, the
number of pairs every session is checked against — counted from the plan after the timed run;
``kept`` are the pairs left after the date windows (``durable_pairs``).  ``--label`` names the
code measured (a run of the unchanged code is kept beside the current one); rows are merged
into ``bench/results/gap.json`` and ``gap.md`` by label.
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import resource
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
AS_OF = date(2019, 12, 31)
MAX_GAP = 7
#: (units, columns): one group alone, a tenth of the scenario, the scenario of the docs.
SIZES = [(1, 1), (10, 4), (100, 4)]
BACKENDS = ("durable", "index")  # and "plan": the plan's join counted, nothing evaluated
TIMEOUT = 7200


def ruleset_text(units: int) -> str:
    names = [f"单位{n:03d}" for n in range(units)]
    unit_lines = "\n".join(f"  - {{id: u{n:03d}, name: {name}}}" for n, name in enumerate(names))
    return f"""schema: 1
id: gap-bench-2019
title: 栏目逐日更新（间隔）基准
year: 2019
units:
{unit_lines}
evidence_kinds:
  site_update:
    label: 网站栏目更新
    date_field: updated
    fields:
      updated: {{type: date, label: 更新日期, required: true}}
      column: {{type: text, label: 栏目}}
tasks:
  - number: 1
    heading: [一、网站]
    requirement: 各栏目全年持续更新
    responsible: 各单位
    units:
      负责: [{", ".join(names)}]
    deadline: 常态化
    rules:
      - id: t1-columns-gap
        kind: fresh
        evidence: site_update
        max_age_days: {MAX_GAP}
        measure: gap
        group_by: column
"""


def generate(units: int, columns: int, seed: int = 2019) -> list:
    from disclosure_rules.evidence.records import Evidence

    rng = random.Random(seed)
    year0 = date(2019, 1, 1)
    out = []
    for u in range(units):
        for c in range(columns):
            outage = rng.randrange(355) if rng.random() < 0.2 else None
            for n in range(365):
                if outage is not None and outage <= n < outage + 10:
                    continue
                if rng.random() >= 0.97:
                    continue
                for k in range(2 if rng.random() < 0.05 else 1):
                    key = f"u{u:03d}-c{c}-{n}-{k}"
                    out.append(Evidence("site_update", f"u{u:03d}", key, key,
                                        {"updated": year0 + timedelta(days=n),
                                         "column": f"栏目{c}"}))
    return out


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def join_pairs(ruleset, records) -> tuple[int, int, int]:
    """(probes, items, pairs of the key join): Σ over keys of probes × items with that key."""
    from disclosure_rules.engine.intermediate import compile_plan

    plan = compile_plan(ruleset, records, AS_OF)
    probes: dict[int, int] = {}
    items: dict[int, int] = {}
    for k in plan.probe_keys:
        probes[k] = probes.get(k, 0) + 1
    for k in plan.item_keys:
        items[k] = items.get(k, 0) + 1
    return plan.n_probes, plan.n_items, sum(n * items.get(k, 0) for k, n in probes.items())


def measure_one(units: int, columns: int, backend: str) -> dict:
    from disclosure_rules.engine.evaluator import evaluate
    from disclosure_rules.ruleset.loader import loads_ruleset

    rs = loads_ruleset(ruleset_text(units), source="gap-bench.yaml")
    records = generate(units, columns)
    base = _rss_mb()
    groups = units * columns
    row = {"units": units, "columns": columns, "groups": groups, "backend": backend,
           "records": len(records), "evidence_mb": round(base, 1)}
    if backend == "plan":  # the plan's join only, not evaluated
        probes, items, pairs = join_pairs(rs, records)
        return {**row, "probes": probes, "items": items, "join_pairs": pairs}
    t0, c0 = time.perf_counter(), time.process_time()
    result = evaluate(rs, records, AS_OF, backend=backend)
    seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    peak = _rss_mb()
    probes, items, pairs = join_pairs(rs, records)
    return {**row, "seconds": round(seconds, 3), "cpu_seconds": round(cpu, 3),
            "cpu_per_group": round(cpu / groups, 4), "peak_mb": round(peak, 1),
            "probes": probes, "items": items, "join_pairs": pairs,
            "actions": result.timings.get("durable_actions"),
            "kept_pairs": result.timings.get("durable_pairs"),
            "counts": result.counts, "findings": len(result.findings)}


def measure(units: int, columns: int, backend: str, timeout: int = TIMEOUT) -> dict:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--one", str(units), str(columns),
           backend]
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        return {"units": units, "columns": columns, "backend": backend,
                "error": f"timeout after {timeout} s"}
    if done.returncode != 0:
        return {"units": units, "columns": columns, "backend": backend,
                "error": done.stderr.strip().splitlines()[-1] if done.stderr else "failed"}
    return json.loads(done.stdout)


def write(runs: dict[str, list[dict]]) -> None:
    RESULTS.mkdir(parents=True, exist_ok=True)
    meta = {"python": platform.python_version(), "machine": platform.machine(),
            "as_of": AS_OF.isoformat(), "max_gap_days": MAX_GAP}
    (RESULTS / "gap.json").write_text(
        json.dumps({"meta": meta, "runs": runs}, ensure_ascii=False, indent=2) + "\n",
        encoding="utf-8")
    lines = [
        "# Gap-rule benchmark (bench/gap.py)", "",
        f"One `fresh` rule, `measure: gap`, `max_age_days: {MAX_GAP}`, `group_by: column`; "
        "a year (2019) of daily updates per unit × column (97 % of days, 5 % of them twice, a "
        f"10-day outage in one column of five); as_of {AS_OF}; Python {meta['python']} on "
        f"{meta['machine']}, 2 cores shared with other work: wall seconds include waiting for a "
        "core (up to ~10× the CPU seconds at a load of 8–12), so compare `CPU s`.",
        "Each row is one subprocess. `wall s` is `evaluate()` in wall-clock seconds, `CPU s` "
        "the process's CPU seconds for it (steadier on a shared machine), `CPU s/group` that "
        "over the unit × column groups; `join pairs` are the pairs of the durable backend's key "
        "join (one durable-rules action each; the index backend answers the same plan with "
        "binary search); `kept` are the pairs inside the date windows; `peak MB` the process's "
        "maximum RSS (`evidence MB`: after the evidence was built). Backend `plan`: the plan "
        "compiled and its join counted, not evaluated.", "",
        "| code | units × columns | records | backend | wall s | CPU s | CPU s/group | peak MB "
        "| evidence MB | probes | items | join pairs | kept | findings |",
        "|---|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for label, rows in runs.items():
        for r in rows:
            size = f"{r['units']} × {r['columns']}"
            if "error" in r:
                lines.append(f"| {label} | {size} | – | {r['backend']} | – | – | – | – | – | – "
                             f"| – | – | – | {r['error']} |")
                continue
            if r["backend"] == "plan":
                lines.append(f"| {label} | {size} | {r['records']:,} | plan | – | – | – | – "
                             f"| {r['evidence_mb']:.0f} | {r['probes']:,} | {r['items']:,} "
                             f"| {r['join_pairs']:,} | – | – |")
                continue
            kept = "–" if r["kept_pairs"] is None else f"{r['kept_pairs']:,}"
            lines.append(
                f"| {label} | {size} | {r['records']:,} | {r['backend']} | {r['seconds']:.2f} "
                f"| {r['cpu_seconds']:.2f} | {r['cpu_per_group']:.4f} | {r['peak_mb']:.0f} "
                f"| {r['evidence_mb']:.0f} | {r['probes']:,} | {r['items']:,} "
                f"| {r['join_pairs']:,} | {kept} | {r['findings']:,} |")
    (RESULTS / "gap.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--one", nargs=3, metavar=("UNITS", "COLUMNS", "BACKEND"))
    parser.add_argument("--label", default="current",
                        help="name of the code measured; a row replaces its earlier measurement")
    parser.add_argument("--backends", default=",".join(BACKENDS))
    parser.add_argument("--timeout", type=int, default=TIMEOUT, help="seconds per row")
    parser.add_argument("--sizes", default=",".join(f"{u}x{c}" for u, c in SIZES),
                        help="UNITSxCOLUMNS,... (default: %(default)s)")
    args = parser.parse_args(argv)
    if args.one:
        print(json.dumps(measure_one(int(args.one[0]), int(args.one[1]), args.one[2]),
                         ensure_ascii=False))
        return 0
    path = RESULTS / "gap.json"
    runs = json.loads(path.read_text(encoding="utf-8"))["runs"] if path.exists() else {}
    rows = runs.setdefault(args.label, [])
    for size in args.sizes.split(","):
        units, columns = (int(n) for n in size.split("x"))
        for backend in args.backends.split(","):
            row = measure(units, columns, backend, args.timeout)
            same = [n for n, r in enumerate(rows)
                    if (r["units"], r["columns"], r["backend"]) == (units, columns, backend)]
            if same:
                rows[same[0]] = row
            else:
                rows.append(row)
            print(json.dumps(row, ensure_ascii=False), flush=True)
            write(runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
