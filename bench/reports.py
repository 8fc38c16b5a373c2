"""Report benchmark: writing every report format for a generated Result of many findings.

    .venv/bin/python bench/reports.py                    # 100k and 1M findings
    .venv/bin/python bench/reports.py --sizes 100000     # one size
    .venv/bin/python bench/reports.py --one 1000000 html # one measurement, JSON on stdout

The Result is generated, not evaluated (the engine has its own benchmark): the 2019 rule set's
24 tasks and 43 rules, 1 000 units (its 15 and generated 局属单位), findings spread over rule ×
unit × subject with a fixed status mix (60 % 通过, 8 % 未通过, 2 % 无法判定, 5 % 未到期, 1 % 已豁免,
24 % 不适用), each citing one evidence record with key, title and source, and a reason of the
length the engine writes.  Every measurement runs in its own subprocess: ``seconds`` is the
writer alone, ``peak MB`` the process's peak RSS while writing (``VmHWM``, reset after the
Result was built), ``result MB`` the RSS the Result itself takes before writing.  Results:
``bench/results/reports.md`` and ``bench/results/reports.json``.

For HTML, ``browser s`` is how long headless Chromium (Debian's ``/usr/bin/chromium``, driven
by Playwright) takes from opening the file to the page's script having built the matrix and the
to-do list — whether the file stays one a browser opens.
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
SIZES = (100_000, 1_000_000)
FORMATS = ("text", "html", "xlsx", "md", "junit", "json")
UNITS = 1000
MIX = (("pass", 60), ("fail", 8), ("error", 2), ("pending", 5), ("waived", 1),
       ("not_applicable", 24))
TIMEOUT = 3600


def _status(field: str) -> float:
    with open("/proc/self/status", encoding="ascii") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    raise RuntimeError(field)


def _reset_peak() -> None:
    with open("/proc/self/clear_refs", "w", encoding="ascii") as f:
        f.write("5")


def generate(findings: int, seed: int = 2019):
    """A Result of ``findings`` findings over the 2019 rule set's tasks and rules."""
    from disclosure_rules.results.findings import (
        EvidenceRef,
        Finding,
        Status,
        outline,
        summarise,
    )
    from disclosure_rules.results.result import Result
    from disclosure_rules.ruleset.loader import load_ruleset

    ruleset = load_ruleset(ROOT / "rulesets" / "2019.yaml")
    tasks, rules = outline(ruleset)
    names = {u.id: u.name for u in ruleset.units.units}
    for n in range(1, UNITS - len(names) + 1):
        names[f"unit{n:04d}"] = f"局属单位{n:04d}"
    units = sorted(names)
    rng = random.Random(seed)
    statuses = [Status(s) for s, weight in MIX for _ in range(weight)]
    due = date(2019, 10, 18)
    pairs = [(r, u) for r in rules for u in units]
    per_pair = -(-findings // len(pairs))
    out: list[Finding] = []
    records: dict[str, EvidenceRef] = {}
    waiver = {"reason": "机构改革，职能划转", "approver": "局办公室", "start": "2019-01-01",
              "expires": None}
    for n in range(findings):
        rule, unit = pairs[n // per_pair]
        status = rng.choice(statuses)
        key = f"潭交罚〔2019〕{n}号"
        rid = f"enforcement_decision:{n:012x}"
        records[rid] = EvidenceRef(rid, key, f"行政处罚决定公示（{key}）",
                                   f"https://jtj.example.gov.cn/zwgk/xzcf/{n}.html")
        reason = (f"逾期：2019-10-10的《行政处罚决定公示（{key}）》于 2019-10-21 公开，"
                  f"超过时限 2019-10-18（7 个工作日）。（证据：{rid}）")
        out.append(Finding(
            rule.id, rule.kind, rule.task, unit, f"item:{key}", status, f"timely.{status.value}",
            {"label": "行政执法决定", "limit": "2019-10-18"}, (rid,), due, reason,
            Status.FAIL if status in (Status.WAIVED, Status.ERROR) else None,
            waiver if status is Status.WAIVED else None))
    task_rows, unit_rows, score = summarise(out, tasks, names)
    return Result(ruleset.id, ruleset.title, ruleset.year, ruleset.sha256, len(records),
                  "0" * 64, date(2019, 12, 31), "zh", "index", tuple(out), task_rows,
                  unit_rows, score, {}, (), "bench", rules=rules, records=records)


def measure_one(findings: int, fmt: str) -> dict:
    import tempfile

    from disclosure_rules.collect.plugins import get_plugin_manager, get_report_writers
    from disclosure_rules.reports.writer import ReportOptions

    writer = get_report_writers(get_plugin_manager(load_entrypoints=False))[fmt]
    base = _status("VmRSS")
    result = generate(findings)
    built = _status("VmRSS")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"report.{fmt}"
        _reset_peak()
        t0 = time.perf_counter()
        with path.open("wb") as stream:
            writer.write(result, stream, ReportOptions(width=100))
        seconds = time.perf_counter() - t0
        size = path.stat().st_size
        peak = _status("VmHWM")
        browser = open_in_browser(path) if fmt == "html" else None
    return {"findings": findings, "format": fmt, "seconds": round(seconds, 2),
            "peak_mb": round(peak, 1), "result_mb": round(built - base, 1),
            "writing_mb": round(peak - built, 1), "size_mb": round(size / 2**20, 1),
            "browser_s": browser, "action": result.counts["fail"] + result.counts["error"]}


def open_in_browser(path: Path) -> float | None:
    """Seconds from opening the page to its script being done; None without a browser."""
    chromium = Path("/usr/bin/chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    if not chromium.exists():
        return None
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(chromium), args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run"])
        try:
            page = browser.new_page()
            t0 = time.perf_counter()
            page.goto(path.as_uri(), timeout=600_000)
            page.wait_for_selector("html[data-ready='1']", timeout=600_000, state="attached")
            return round(time.perf_counter() - t0, 1)
        finally:
            browser.close()


def measure(findings: int, fmt: str) -> dict:
    cmd = [sys.executable, __file__, "--one", str(findings), fmt]
    t0 = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=TIMEOUT, check=False)
    if done.returncode != 0:
        return {"findings": findings, "format": fmt,
                "error": done.stderr.strip().splitlines()[-1] if done.stderr else "failed",
                "wall": round(time.perf_counter() - t0, 1)}
    return json.loads(done.stdout)


def write(rows: list[dict]) -> None:
    RESULTS.mkdir(parents=True, exist_ok=True)
    meta = {"python": platform.python_version(), "machine": platform.machine(),
            "units": UNITS, "mix": dict(MIX), "date": time.strftime("%Y-%m-%d")}
    (RESULTS / "reports.json").write_text(
        json.dumps({"meta": meta, "rows": rows}, ensure_ascii=False, indent=2) + "\n",
        encoding="utf-8")
    lines = [
        "# Report benchmark (bench/reports.py)", "",
        f"A generated Result over the 2019 rule set (24 tasks, 43 rules) and {UNITS:,} units; "
        "status mix 60 % pass, 8 % fail, 2 % error, 5 % pending, 1 % waived, 24 % not "
        "applicable; every finding cites one evidence record. Default options (what needs "
        "action in full; HTML embeds fail, error, pending and waived findings and counts the "
        f"rest). Python {meta['python']} on {meta['machine']}, {meta['date']}.",
        "Each row is one subprocess: `seconds` is the writer alone, `peak MB` the process's "
        "peak RSS while writing, `result MB` what the Result itself holds, `writing MB` what "
        "writing added on top of it; `browser s` (HTML) the time headless Chromium takes to "
        "open the file and run its script. The machine (2 cores) is shared: times vary by "
        "load.", "",
        "| findings | format | seconds | file MB | peak MB | result MB | writing MB | browser s |",
        "|---:|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        if "error" in r:
            lines.append(f"| {r['findings']:,} | {r['format']} | – | – | – | – | – "
                         f"| {r['error']} |")
            continue
        browser = "" if r.get("browser_s") is None else f"{r['browser_s']:.1f}"
        lines.append(f"| {r['findings']:,} | {r['format']} | {r['seconds']:.1f} "
                     f"| {r['size_mb']:.1f} | {r['peak_mb']:.0f} | {r['result_mb']:.0f} "
                     f"| {r['writing_mb']:.0f} | {browser} |")
    (RESULTS / "reports.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--one", nargs=2, metavar=("FINDINGS", "FORMAT"))
    parser.add_argument("--sizes", nargs="+", type=int, default=list(SIZES))
    parser.add_argument("--formats", default=",".join(FORMATS))
    args = parser.parse_args(argv)
    if args.one:
        print(json.dumps(measure_one(int(args.one[0]), args.one[1]), ensure_ascii=False))
        return 0
    rows = []
    for findings in args.sizes:
        for fmt in args.formats.split(","):
            rows.append(measure(findings, fmt))
            print(json.dumps(rows[-1], ensure_ascii=False), flush=True)
    write(rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
