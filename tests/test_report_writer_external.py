"""A report format from an outside plugin package: created in a temporary folder, installed
with pip, found by its entry point; ``report --format`` and ``check --out`` use it.  The
package is uninstalled even when the test fails."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from _plugin_support import installed_package, plugin_package
from _report_support import ROOT, demo_result

DIST = "disclosure-rules-pytest-csv-report"
MODULE = "disclosure_rules_pytest_csv_report"

MODULE_CODE = '''\
import csv
import io

from disclosure_rules import hookimpl
from disclosure_rules.reports.writer import ReportWriter


def write(result, stream, options):
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")
    out = csv.writer(text)
    out.writerow(["单位", "得分"])
    for unit in result.units:
        if options.unit in (None, unit.unit):
            out.writerow([unit.name, "" if unit.score is None else f"{unit.score:.1f}"])
    text.flush()
    text.detach()


@hookimpl
def disclosure_rules_report_writers(register):
    register(ReportWriter("csv", (".csv",), write, "各单位得分（CSV）"))
'''


@pytest.fixture
def installed_writer(tmp_path: Path) -> Iterator[Path]:
    package = plugin_package(tmp_path / "csvreport", DIST, MODULE, "csvreport", MODULE_CODE,
                             version="0.0.3")
    with installed_package(package, DIST, MODULE):
        yield package


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    exe = Path(sys.executable).with_name("disclosure-rules")
    return subprocess.run([str(exe), *args], capture_output=True, text=True, timeout=120,
                          encoding="utf-8")


def test_a_pip_installed_writer_is_used_by_report_and_check(installed_writer, tmp_path):
    result = demo_result(tmp_path)
    path = tmp_path / "result.json"
    with path.open("w", encoding="utf-8") as stream:
        result.write_json(stream)
    done = cli("report", str(path), "--format", "csv", "--out", str(tmp_path / "scores.out"))
    assert done.returncode == 1, done.stderr
    rows = (tmp_path / "scores.out").read_text(encoding="utf-8-sig").splitlines()
    assert rows[0] == "单位,得分" and len(rows) == 1 + len(result.units)
    port = next(u for u in result.units if u.unit == "port")
    assert f"{port.name},{port.score:.1f}" in rows

    done = cli("check", str(ROOT / "rulesets" / "2019.yaml"), "--evidence",
               str(ROOT / "examples" / "evidence" / "2019.jsonl"), "--as-of", "2019-12-31",
               "--unit", "port", "--out", str(tmp_path / "port.csv"))
    assert done.returncode == 1, done.stderr
    [row] = (tmp_path / "port.csv").read_text(encoding="utf-8-sig").splitlines()[1:]
    assert row.startswith("港航事务中心,")  # --unit reached the plugin's writer
