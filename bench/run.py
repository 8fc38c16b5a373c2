"""Engine benchmark: the 2019 rule set over generated evidence, three backends.

    .venv/bin/python bench/run.py                 # the full table (10k, 100k, 1M records)
    .venv/bin/python bench/run.py --quick         # 10k and 100k only
    .venv/bin/python bench/run.py --one 100000 100 durable   # one measurement, JSON on stdout

Every measurement runs in its own subprocess, so its peak memory (``ru_maxrss`` of that process)
is its own.  ``evidence MB`` is the resident size after the evidence objects were generated and
before evaluation started: the part of the peak that is the input, not the engine.

Units: the rule set's 15 units plus generated 局属单位 (tagged 局属单位 and 执法单位, so the
group rows 局属各单位 / 局属执法单位 pick them up, as a bigger bureau's roster would).
Evidence: a fixed mix of all 16 kinds over 2019, deterministic (seeded), about a tenth of it
missing, late or unanswered so every status occurs.  Results: ``bench/results/engine.md`` and
``bench/results/engine.json``.
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
RULESET = ROOT / "rulesets" / "2019.yaml"
RESULTS = ROOT / "bench" / "results"
AS_OF = date(2019, 12, 31)

#: (records, units) — units include the rule set's own 15.
SIZES = [(10_000, 15), (10_000, 100), (100_000, 100), (100_000, 1000), (1_000_000, 1000)]
QUICK = [(10_000, 15), (100_000, 100)]
BACKENDS = ("durable", "index", "reference")
#: The reference evaluator scans every record for every rule × unit: quadratic in practice.
#: Past this many record × unit it is not run (its time would be hours, not information).
REFERENCE_LIMIT = 100_000 * 100 + 1
TIMEOUT = 3600


def _ruleset_text(units: int) -> str:
    text = RULESET.read_text(encoding="utf-8")
    extra = units - 15
    if extra <= 0:
        return text
    lines = [f"  - {{id: unit{n:04d}, name: 局属单位{n:04d}, tags: [局属单位, 执法单位]}}"
             for n in range(1, extra + 1)]
    anchor = "  - {id: quality,"
    at = text.index(anchor)
    end = text.index("\n", at) + 1
    return text[:end] + "\n".join(lines) + "\n" + text[end:]


def load(units: int):
    from disclosure_rules.ruleset.loader import loads_ruleset

    return loads_ruleset(_ruleset_text(units), source=str(RULESET), path=str(RULESET))


#: kind → share of the records
MIX = {
    "enforcement_decision": 0.20, "publication": 0.15, "info_event": 0.10,
    "site_update": 0.08, "policy_document": 0.08, "interpretation": 0.07,
    "list_change": 0.08, "new_media_post": 0.07, "application": 0.05,
    "public_concern": 0.05, "training_record": 0.02, "regulation_document": 0.015,
    "hall_item": 0.015, "staff_designation": 0.01, "annual_report": 0.005,
    "attestation": 0.005,
}


def generate(ruleset, records: int, seed: int = 2019):
    """Deterministic evidence for ``ruleset``: ``records`` records spread over all units."""
    from disclosure_rules.evidence.records import Evidence

    rng = random.Random(seed)
    units = [u.id for u in ruleset.units.units]
    year0 = date(2019, 1, 1)
    cal = ruleset.calendar
    kinds = list(MIX)
    weights = [MIX[k] for k in kinds]
    out = []
    policies: list[tuple[str, date]] = []
    events: list[tuple[str, str, date]] = []

    def day() -> date:
        return year0 + timedelta(days=rng.randrange(365))

    def later(start: date, wd: int) -> date:
        return cal.add_working_days(start, wd)

    for n in range(records):
        kind = rng.choices(kinds, weights)[0]
        unit = units[n % len(units)]
        key = f"{unit}-{kind}-{n}"
        d = day()
        late = rng.random() < 0.1
        f: dict = {}
        if kind == "enforcement_decision":
            t = rng.choice(["行政许可", "行政处罚", "行政检查", "行政强制"])
            limit = 7 if t in ("行政许可", "行政处罚") else 20
            f = {"decided": d, "decision_type": t,
                 "published": later(d, limit + 3 if late else rng.randrange(limit + 1))}
            if rng.random() < 0.03:
                del f["published"]
        elif kind == "policy_document":
            f = {"published": d, "doc_type": rng.choice(["规范性文件", "政策性文件", "其他文件"])}
            policies.append((key, d))
        elif kind == "interpretation":
            if policies:
                policy, pd = policies[rng.randrange(len(policies))]
                d = later(pd, 5 if late else rng.randrange(4))
            else:
                policy = ""
            f = {"published": d, "policy": policy or key,
                 "form": rng.choice(["文字", "文字", "图片", "视频"])}
        elif kind == "info_event":
            topic = rng.choice(["三定方案", "建议提案办理复文", "重大建设项目批准",
                                "重大建设项目实施", "污染防治", "民生实事", "四责四诺",
                                "四带头六公开"])
            f = {"occurred": d, "topic": topic}
            events.append((unit, key, d))
        elif kind == "publication":
            cat = rng.choice(["重大建设项目", "四责四诺", "行政执法事前公开", "公开目录",
                              "公开指南", "政务公开工作要点", "公共企事业单位办事服务", "其他"])
            f = {"published": d, "category": cat}
            if events and rng.random() < 0.8:
                eu, ek, ed = events[rng.randrange(len(events))]
                unit = eu
                f["subject"] = ek
                f["published"] = later(ed, 25 if late else rng.randrange(21))
        elif kind == "list_change":
            f = {"changed": d, "list_type": rng.choice([
                "一件事一次办目录清单", "权力清单", "证明事项清单", "一站式办事服务事项",
                "好差评情况", "涉企行政事业性收费目录清单", "行政处罚事项清单", "失信黑名单"]),
                 "published": later(d, 25 if late else rng.randrange(21))}
        elif kind == "application":
            f = {"received": d, "extended": rng.random() < 0.1}
            if rng.random() > 0.05:
                f["replied"] = later(d, 45 if late else rng.randrange(21))
        elif kind == "public_concern":
            f = {"received": d, "source": rng.choice(["网络舆情", "媒体报道", "网站留言"])}
            f["replied"] = later(d, 4 if late else rng.randrange(3))
        elif kind == "site_update":
            ct = rng.choice(["首页", "动态要闻", "通知公告", "政策文件"])
            f = {"updated": d, "column": f"{ct}{rng.randrange(3)}", "column_type": ct}
        elif kind == "new_media_post":
            f = {"posted": d, "account": f"{unit}公众号{rng.randrange(2)}"}
        elif kind == "training_record":
            f = {"held": d, "topic": "政府信息公开条例",
                 "civil_servant_training": rng.random() < .5}
        elif kind == "regulation_document":
            f = {"issued": d, "topic": rng.choice(["政务公开综合", "信息发布审核",
                                                   "公共企事业单位信息公开管理"])}
        elif kind == "hall_item":
            f = {"updated": d, "item_type": rng.choice(["审批服务事项", "办事指南", "办事流程"])}
        elif kind == "staff_designation":
            f = {"designated": d, "person": "某某", "role": rng.choice(["分管领导", "专职人员"]),
                 "reported": d}
        elif kind == "annual_report":
            f = {"published": d, "report_year": rng.choice([2018, 2019]),
                 "report_type": rng.choice(["年度报告", "统计表"])}
        elif kind == "attestation":
            f = {"topic": "政府网站集约化与域名清理", "signed_by": "某某", "signed_on": d,
                 "file_sha256": "0" * 64}
        out.append(Evidence(kind, unit, key, key, f))
    return out


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure_one(records: int, units: int, backend: str) -> dict:
    from disclosure_rules.engine.evaluator import evaluate

    rs = load(units)
    evidence = generate(rs, records)
    base = _rss_mb()
    t0 = time.perf_counter()
    result = evaluate(rs, evidence, AS_OF, backend=backend)
    seconds = time.perf_counter() - t0
    counts = result.counts
    return {"records": records, "units": units, "backend": backend,
            "seconds": round(seconds, 3), "records_per_s": round(records / seconds),
            "peak_mb": round(_rss_mb(), 1), "evidence_mb": round(base, 1),
            "findings": len(result.findings), "counts": counts,
            "timings": {k: round(v, 3) for k, v in result.timings.items()}}


def measure(records: int, units: int, backend: str) -> dict:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--one", str(records), str(units),
           backend]
    t0 = time.perf_counter()
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=TIMEOUT, check=False)
    except subprocess.TimeoutExpired:
        return {"records": records, "units": units, "backend": backend,
                "error": f"timeout after {TIMEOUT} s"}
    if done.returncode != 0:
        return {"records": records, "units": units, "backend": backend,
                "error": done.stderr.strip().splitlines()[-1] if done.stderr else "failed",
                "wall": round(time.perf_counter() - t0, 1)}
    return json.loads(done.stdout)


def write(rows: list[dict]) -> None:
    RESULTS.mkdir(parents=True, exist_ok=True)
    meta = {"python": platform.python_version(), "machine": platform.machine(),
            "as_of": AS_OF.isoformat(), "ruleset": "rulesets/2019.yaml",
            "date": time.strftime("%Y-%m-%d")}
    (RESULTS / "engine.json").write_text(
        json.dumps({"meta": meta, "rows": rows}, ensure_ascii=False, indent=2) + "\n",
        encoding="utf-8")
    lines = [
        "# Engine benchmark (bench/run.py)", "",
        f"Rule set `rulesets/2019.yaml` (24 tasks, 43 rules), as_of {AS_OF}, generated evidence "
        f"of all 16 kinds; Python {meta['python']} on {meta['machine']}, {meta['date']}.",
        "Each row is one subprocess: `seconds` is `evaluate()` (dedupe, compile, match, decide, "
        "reasons, roll-ups), `peak MB` is the process's maximum RSS, `evidence MB` its RSS after "
        "the evidence objects were built (the input, not the engine); `KB/record` is "
        "(peak − evidence) per record: what the evaluation adds. What that memory is, and the "
        "part that is bounded: docs/engine.md §8 and `bench/results/bounded.md`.", "",
        "| records | units | backend | seconds | records/s | peak MB | evidence MB | KB/record "
        "| findings |",
        "|---:|---:|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        if "error" in r:
            lines.append(f"| {r['records']:,} | {r['units']:,} | {r['backend']} | – | – | – | – "
                         f"| – | {r['error']} |")
            continue
        lines.append(f"| {r['records']:,} | {r['units']:,} | {r['backend']} | {r['seconds']:.2f} "
                     f"| {r['records_per_s']:,} | {r['peak_mb']:.0f} | {r['evidence_mb']:.0f} "
                     f"| {(r['peak_mb'] - r['evidence_mb']) * 1024 / r['records']:.2f} "
                     f"| {r['findings']:,} |")
    (RESULTS / "engine.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--one", nargs=3, metavar=("RECORDS", "UNITS", "BACKEND"))
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--backends", default=",".join(BACKENDS))
    args = parser.parse_args(argv)
    if args.one:
        print(json.dumps(measure_one(int(args.one[0]), int(args.one[1]), args.one[2]),
                         ensure_ascii=False))
        return 0
    rows = []
    for records, units in QUICK if args.quick else SIZES:
        for backend in args.backends.split(","):
            if backend == "reference" and records * units > REFERENCE_LIMIT:
                rows.append({"records": records, "units": units, "backend": backend,
                             "error": "not run: the oracle is O(records × rules × units)"})
                continue
            row = measure(records, units, backend)
            rows.append(row)
            print(json.dumps(row, ensure_ascii=False), flush=True)
            write(rows)
    write(rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
