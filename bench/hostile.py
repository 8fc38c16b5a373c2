"""How quickly, and in how much memory, hostile input is refused on every input surface.

    .venv/bin/python bench/hostile.py

Each case writes a hostile file (the reproductions of issue 7 and the largest inputs the limits
let through) and runs the command line on it in a subprocess; the row gives the exit code, the
wall time, the child's peak resident memory (``wait4``'s ``ru_maxrss``) and the first line of
its message, and its CPU time (user + system: what the refusal costs, less skewed by a busy
machine than the wall time).  Interpreter start-up (about 0.5 s and 40 MB on an idle machine)
is included, as a user meets it.  Linux only.  Results: ``bench/results/hostile.md`` and
``hostile.json``.
"""

from __future__ import annotations

import json
import os
import platform
import re
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RULESET = ROOT / "rulesets" / "2019.yaml"
EVIDENCE = ROOT / "examples" / "evidence" / "2019.jsonl"
LEDGER = ROOT / "examples" / "ledgers" / "法规科台账.xlsx"
TABLE = ROOT / "tests" / "fixtures" / "import" / "seed_2019.txt"
RESULTS = Path(__file__).resolve().parent / "results"
CHECK = ["check", str(RULESET), "--evidence", "{file}", "--as-of", "2019-12-31"]


def _ruleset_of(size: int) -> bytes:
    """The 2019 rule set with its tasks repeated (renumbered) up to about ``size`` bytes."""
    text = RULESET.read_text(encoding="utf-8")
    head, rest = text.split("\ntasks:\n", 1)
    tasks, tail = rest.split("\nwaivers:", 1)
    blocks = [b for b in re.split(r"(?m)^(?=  - number: )", tasks) if b.strip()]
    out: list[str] = []
    used = len((head + tail).encode())
    number = 0
    while True:
        for block in blocks:
            number += 1
            block = re.sub(r"number: \d+", f"number: {number}", block, count=1)
            block = re.sub(r"id: t\d+-", f"id: x{number}-", block)
            used += len(block.encode())
            if used > size:
                return (head + "\ntasks:\n" + "".join(out) + "\nwaivers:" + tail).encode()
            out.append(block)


def _bomb(path: Path, inflated: int) -> None:
    """A real ledger whose first data sheet gains a cell of ``inflated`` bytes of text (written
    in chunks: the bench never holds it)."""
    with zipfile.ZipFile(LEDGER) as source, zipfile.ZipFile(
            path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as out:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename != "xl/worksheets/sheet2.xml":
                out.writestr(item.filename, data)
                continue
            head, end, tail = data.partition(b"</sheetData>")
            chunk = b"x" * (1024 * 1024)
            with out.open(item.filename, "w", force_zip64=True) as sheet:
                sheet.write(head + b'<row r="3"><c r="A3" t="inlineStr"><is><t>')
                for _ in range(inflated // len(chunk)):
                    sheet.write(chunk)
                sheet.write(b"</t></is></c></row>" + end + tail)


def _junk_zip(path: Path) -> None:
    with zipfile.ZipFile(path, "w") as out:
        out.writestr("foo.txt", "hello")


def _ledger_config(folder: Path, name: str) -> Path:
    config = folder / "collect.yaml"
    config.write_text(f"ruleset: {RULESET}\nas_of: 2019-12-31\nplugins:\n  ledger:\n"
                      f"    files:\n      - {{unit: regulation, path: {name}}}\n",
                      encoding="utf-8")
    return config


Case = tuple[str, str, Callable[[Path], None], list[str]]

CASES: list[Case] = [
    ("evidence: one line of 200,000 `[`", "e.jsonl",
     lambda p: p.write_bytes(b"[" * 200_000 + b"\n"), CHECK),
    ("evidence: 1 MB of binary garbage", "e.jsonl",
     lambda p: p.write_bytes(os.urandom(1024 * 1024)), CHECK),
    ("run file: empty", "e.run.json", lambda p: p.write_bytes(b""),
     ["check", str(RULESET), "--evidence", str(EVIDENCE), "--as-of", "2019-12-31",
      "--run", "{file}"]),
    ("ledger: XLSX inflating to an 800 MB sheet", "bomb.xlsx",
     lambda p: _bomb(p, 800 * 1024 * 1024),
     ["collect", "{dir}/collect.yaml", "--out", "{dir}/out", "--no-progress"]),
    ("ledger: ZIP of junk named .xlsx", "junk.xlsx", _junk_zip,
     ["collect", "{dir}/collect.yaml", "--out", "{dir}/out", "--no-progress"]),
    ("rule set: 4.9 MB of real structure", "big.yaml",
     lambda p: p.write_bytes(_ruleset_of(int(4.9 * 1024 * 1024))), ["validate", "{file}"]),
    ("rule set: 512 KiB of real structure (the largest accepted)", "big.yaml",
     lambda p: p.write_bytes(_ruleset_of(512 * 1024 - 1)), ["validate", "{file}"]),
    ("rule set: 512 KiB of `[`", "deep.yaml",
     lambda p: p.write_bytes(b"[" * (512 * 1024 - 1)), ["validate", "{file}"]),
    ("rule set: 512 KiB of one flow list (node limit)", "wide.yaml",
     lambda p: p.write_bytes(b"tasks: [" + b"0," * (256 * 1024 - 8) + b"0]"),
     ["validate", "{file}"]),
    ("collect.yaml: 100,000 nested `- `", "collect.yaml",
     lambda p: p.write_bytes(b"plugins:\n  x: " + b"- " * 100_000 + b"1\n"),
     ["collect", "{file}", "--out", "{dir}/out", "--no-progress"]),
    ("import: 1 MB of binary garbage", "t.txt",
     lambda p: p.write_bytes(os.urandom(1024 * 1024)), ["import", "{file}"]),
    ("import: the seed table repeated to 512 KiB", "t.txt",
     lambda p: p.write_bytes((TABLE.read_bytes() * 100)[:512 * 1024 - 1]),
     ["import", "{file}"]),
]


def measure(args: list[str]) -> tuple[int, float, float, float, str]:
    """(exit code, seconds, CPU seconds, peak RSS in MB, first line of stderr) of one run."""
    with tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        child = subprocess.Popen([sys.executable, "-m", "disclosure_rules.cli", *args],
                                 stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        lines = err.read().decode("utf-8", errors="replace").strip().splitlines()
    message = next((line for line in lines if line.strip()), "")
    if "Traceback" in "\n".join(lines):
        message = "Traceback: " + lines[-1]
    cpu = usage.ru_utime + usage.ru_stime
    return child.returncode, seconds, cpu, usage.ru_maxrss / 1024, message[:110]


def main() -> int:
    rows = []
    for title, name, make, args in CASES:
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / name
            make(path)
            if name.endswith(".xlsx"):
                _ledger_config(Path(folder), name)
            argv = [a.format(file=path, dir=folder) for a in args]
            code, seconds, cpu, rss, message = measure(argv)
            run = Path(folder) / "out.run.json"
            if run.is_file():  # collect: the collector's error is in the run file
                errors = [r["error"] for r in json.loads(run.read_text(encoding="utf-8"))
                          ["reports"] if r["error"]]
                message = (errors[0] if errors else message)[:110]
            rows.append({"case": title, "bytes": path.stat().st_size, "exit": code,
                         "seconds": round(seconds, 2), "cpu_seconds": round(cpu, 2),
                         "peak_rss_mb": round(rss, 1), "message": message})
            print(f"{title}: exit {code}, {seconds:.2f} s ({cpu:.2f} s CPU), {rss:.0f} MB — "
                  f"{message}", flush=True)
    RESULTS.mkdir(exist_ok=True)
    meta = {"python": platform.python_version(), "machine": platform.machine(),
            "cpus": os.cpu_count(), "load": os.getloadavg()[0]}
    (RESULTS / "hostile.json").write_text(
        json.dumps({"meta": meta, "rows": rows}, ensure_ascii=False, indent=2) + "\n",
        encoding="utf-8")
    lines = ["# Hostile input: time and memory of a refusal", "",
             f"Python {meta['python']}, {meta['cpus']} CPUs, load average {meta['load']:.1f} "
             "when measured (times grow with the load; memory does not). Each row is one CLI "
             "run, interpreter start-up included. `bench/hostile.py` writes this file.", "",
             "| case | input | exit | seconds | CPU s | peak RSS MB | message |",
             "|---|---:|---:|---:|---:|---:|---|"]
    for r in rows:
        message = r["message"].replace("|", "\\|")
        lines.append(f"| {r['case']} | {r['bytes']:,} B | {r['exit']} | {r['seconds']} | "
                     f"{r['cpu_seconds']} | {r['peak_rss_mb']} | {message} |")
    (RESULTS / "hostile.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
