"""Fuzzing every input surface with mutations of the repository's real files: truncation, byte
flips, deep nesting, huge values, wrong encodings, spliced chunks.

In-process, against the library's entry points: whatever the bytes, the only exceptions that
escape are the project's own (``DisclosureRulesError`` and its subclasses).  Then a few hostile
files per surface through the command line in a subprocess under resource limits (1 GB of
address space, 60 s of CPU): the exit code is 0, 1 or 2 and stderr holds no traceback.
"""

from __future__ import annotations

import contextlib
import io
import resource
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from disclosure_rules_ledger import read_ledger
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from disclosure_rules.collect.config import CollectConfig
from disclosure_rules.commands.import_table import read_table
from disclosure_rules.errors import DisclosureRulesError
from disclosure_rules.evidence.records import CollectionRun, load_evidence
from disclosure_rules.importing.importer import to_skeleton_yaml
from disclosure_rules.ruleset.loader import load_ruleset, load_waivers

ROOT = Path(__file__).resolve().parent.parent
RULESET = ROOT / "rulesets" / "2019.yaml"
WAIVERS = ROOT / "examples" / "waivers-2019.yaml"
COLLECT = ROOT / "examples" / "collect.yaml"
EVIDENCE = ROOT / "examples" / "evidence" / "2019.jsonl"
RUN = ROOT / "examples" / "evidence" / "2019.run.json"
LEDGERS = sorted((ROOT / "examples" / "ledgers").glob("*.xlsx"))
CSV_LEDGER = ROOT / "examples" / "ledgers" / "政务大厅公开事项.csv"
TABLE = ROOT / "tests" / "fixtures" / "import" / "seed_2019.txt"



def fuzz(examples: int) -> settings:
    """Few examples per surface: the whole file stays within about a minute on a busy machine;
    CI's derandomized profile (conftest.py) still applies."""
    return settings(max_examples=examples, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
RULESET_OBJ = load_ruleset(RULESET)

OPENERS = (b"[", b"{", b"- ", b"{a: ", b"[{", b'{"a":', b"&x [")
BLOBS = (b"9", b"x", "一".encode(), b"a,", b"*x ", b"\x00", b"\xff", b'"', b"\n")
ENCODINGS = ("gbk", "utf-16", "utf-32", "latin-1", "big5")


def _value_starts(data: bytes) -> list[int]:
    starts = [0]
    for mark in (b"\n", b": ", b":"):
        at = data.find(mark)
        while at != -1 and len(starts) < 2_000:
            starts.append(at + len(mark))
            at = data.find(mark, at + 1)
    return starts


@st.composite
def mutations(draw: Any, data: bytes) -> bytes:
    """A hostile variant of ``data``."""
    how = draw(st.sampled_from(("truncate", "flip", "nest", "huge", "encoding", "splice")))
    size = len(data)
    if how == "truncate":
        return data[:draw(st.integers(0, size))]
    if how == "flip":
        out = bytearray(data)
        for _ in range(draw(st.integers(1, 12))):
            out[draw(st.integers(0, size - 1))] = draw(st.integers(0, 255))
        return bytes(out)
    if how == "encoding":
        text = data.decode("utf-8", errors="replace")
        return text.encode(draw(st.sampled_from(ENCODINGS)), errors="replace")
    at = draw(st.integers(0, size))
    if how == "nest":  # where a value starts (a line's start, after ": "), so it is parsed
        at = draw(st.sampled_from(_value_starts(data)))
        opener = draw(st.sampled_from(OPENERS))
        return data[:at] + opener * draw(st.integers(40, 100_000)) + b"\n" + data[at:]
    if how == "huge":
        blob = draw(st.sampled_from(BLOBS))
        return data[:at] + blob * draw(st.integers(1_000, 400_000)) + data[at:]
    start = draw(st.integers(0, size))
    chunk = data[start:start + draw(st.integers(1, 5_000))]
    return data[:at] + chunk * draw(st.integers(1, 50)) + data[at:]


def only_own_errors(suffix: str, data: bytes, read: Callable[[Path], object]) -> None:
    """``read`` the bytes written to a file: it returns, or raises one of the project's own
    errors (pytest reports anything else with its traceback)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"input{suffix}"
        path.write_bytes(data)
        with contextlib.suppress(DisclosureRulesError):
            read(path)


@fuzz(15)
@given(mutations(RULESET.read_bytes()))
def test_fuzzed_rule_sets_raise_only_the_projects_errors(data):
    only_own_errors(".yaml", data, load_ruleset)


@fuzz(40)
@given(mutations(WAIVERS.read_bytes()))
def test_fuzzed_waivers_raise_only_the_projects_errors(data):
    only_own_errors(".yaml", data, lambda path: load_waivers(path, RULESET_OBJ))


@fuzz(40)
@given(mutations(COLLECT.read_bytes()))
def test_fuzzed_collect_yaml_raises_only_the_projects_errors(data):
    only_own_errors(".yaml", data, CollectConfig.load)


@fuzz(60)
@given(mutations(EVIDENCE.read_bytes()))
def test_fuzzed_evidence_raises_only_the_projects_errors(data):
    only_own_errors(".jsonl", data, lambda path: load_evidence([path], RULESET_OBJ))


@fuzz(60)
@given(mutations(RUN.read_bytes()))
def test_fuzzed_run_files_raise_only_the_projects_errors(data):
    only_own_errors(".run.json", data, CollectionRun.read)


@fuzz(20)
@given(st.sampled_from(LEDGERS).flatmap(lambda p: mutations(p.read_bytes())))
def test_fuzzed_xlsx_bytes_raise_only_the_projects_errors(data):
    only_own_errors(".xlsx", data, lambda path: read_ledger(path, RULESET_OBJ))


def _parts(path: Path) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(path) as archive:
        return [(name, archive.read(name)) for name in archive.namelist()]


PARTS = _parts(LEDGERS[0])
XML_PARTS = [n for n, _ in PARTS if n.endswith((".xml", ".rels"))]


@st.composite
def mutated_workbooks(draw: Any) -> bytes:
    """A workbook whose ZIP is sound but one of its XML parts is mutated."""
    target = draw(st.sampled_from(XML_PARTS))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in PARTS:
            archive.writestr(name, draw(mutations(data)) if name == target else data)
    return buffer.getvalue()


@fuzz(25)
@given(mutated_workbooks())
def test_fuzzed_workbook_parts_raise_only_the_projects_errors(data):
    only_own_errors(".xlsx", data, lambda path: read_ledger(path, RULESET_OBJ))


@fuzz(30)
@given(mutations(CSV_LEDGER.read_bytes()))
def test_fuzzed_csv_ledgers_raise_only_the_projects_errors(data):
    only_own_errors(".csv", data,
                    lambda path: read_ledger(path, RULESET_OBJ, kind="hall_item"))


def _import(path: Path) -> None:
    to_skeleton_yaml(read_table(str(path)))


@fuzz(40)
@given(mutations(TABLE.read_bytes()))
def test_fuzzed_scraped_tables_raise_only_the_projects_errors(data):
    only_own_errors(".txt", data, _import)


# -- the command line, under resource limits ----------------------------------------------------


def _limits() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))
    resource.setrlimit(resource.RLIMIT_CPU, (60, 60))


def _nested(data: bytes, opener: bytes, at: float = 0.5) -> bytes:
    cut = int(len(data) * at)
    return data[:cut] + opener * 200_000 + data[cut:]


def _garbage(size: int = 300_000) -> bytes:
    return bytes((i * 7919 + 13) % 256 for i in range(size))


def _bomb_xlsx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, data in PARTS:
            if name == "xl/worksheets/sheet2.xml":
                data = b"<worksheet><sheetData>" + b"<row/>" * 20_000_000 + b"</sheetData>"
            archive.writestr(name, data)
    return buffer.getvalue()


def _junk_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("foo.txt", "hello")
    return buffer.getvalue()


CHECK = ["check", str(RULESET), "--evidence", str(EVIDENCE), "--as-of", "2019-12-31"]
CLI_CASES = {
    "ruleset-nested": ("rules.yaml", lambda: _nested(RULESET.read_bytes(), b"["),
                       ["validate", "{file}"]),
    "ruleset-garbage": ("rules.yaml", _garbage, ["validate", "{file}"]),
    "waivers-nested": ("w.yaml", lambda: _nested(WAIVERS.read_bytes(), b"{a: "),
                       [*CHECK, "--waivers", "{file}"]),
    "collect-nested": ("collect.yaml", lambda: _nested(COLLECT.read_bytes(), b"- ", 0.99),
                       ["collect", "{file}", "--out", "{dir}/out", "--no-progress"]),
    "evidence-nested": ("e.jsonl", lambda: b"[" * 300_000 + b"\n",
                        ["check", str(RULESET), "--evidence", "{file}", "--as-of", "2019-12-31"]),
    "evidence-garbage": ("e.jsonl", _garbage,
                         ["check", str(RULESET), "--evidence", "{file}", "--as-of",
                          "2019-12-31"]),
    "run-empty": ("e.run.json", lambda: b"", [*CHECK, "--run", "{file}"]),
    "run-nested": ("e.run.json", lambda: b"{\"a\": " * 100_000, [*CHECK, "--run", "{file}"]),
    "ledger-bomb": ("bomb.xlsx", _bomb_xlsx,
                    ["collect", "{dir}/ledger.yaml", "--out", "{dir}/out", "--no-progress"]),
    "ledger-junk": ("junk.xlsx", _junk_zip,
                    ["collect", "{dir}/ledger.yaml", "--out", "{dir}/out", "--no-progress"]),
    "import-nested": ("t.txt", lambda: _nested(TABLE.read_bytes(), "（".encode()),
                      ["import", "{file}"]),
    "import-garbage": ("t.txt", _garbage, ["import", "{file}"]),
}


@pytest.mark.parametrize("case", sorted(CLI_CASES))
def test_hostile_files_through_the_cli_exit_0_1_or_2_without_a_traceback(tmp_path, case):
    name, make, args = CLI_CASES[case]
    target = tmp_path / name
    target.write_bytes(make())
    (tmp_path / "ledger.yaml").write_text(  # a collect.yaml reading the hostile ledger
        f"ruleset: {RULESET}\nas_of: 2019-12-31\nplugins:\n  ledger:\n    files:\n"
        f"      - {{unit: regulation, path: {name}}}\n", encoding="utf-8")
    argv = [a.format(file=target, dir=tmp_path) for a in args]
    result = subprocess.run([sys.executable, "-m", "disclosure_rules.cli", *argv],
                            capture_output=True, preexec_fn=_limits, timeout=300)
    err = result.stderr.decode("utf-8", errors="replace")
    assert result.returncode in (0, 1, 2), err[-2000:]
    assert "Traceback" not in err, err[-2000:]


@fuzz(20)
@given(mutated_workbooks())
def test_fuzzed_workbooks_given_to_import_raise_only_the_projects_errors(data):
    # the importer reads XLSX tables through the same archive guard as the ledger
    only_own_errors(".xlsx", data, _import)
