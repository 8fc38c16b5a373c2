"""``disclosure-rules demo`` end to end: the main job on the embedded demo, as make demo runs
it (loopback site, real plugins, check as of 2019-12-31), collecting into a fresh evidence store
before and after a scripted fix of a copy of the site, and printing what changed."""

from __future__ import annotations

import hashlib
import io
import json
from contextlib import redirect_stdout
from pathlib import Path

import pytest

from disclosure_rules.cli import main
from disclosure_rules.store import Store

ROOT = Path(__file__).parents[1]
#: What the scripted fix changes: the late interpretation published, and the blank column filled
#: (its finding gone, the unit clean in the newest crawl)
FIXED = {
    (("t20-three-synchronous", "regulation", "item:湘潭交通〔2019〕18号"), "fail", "pass"),
    (("t22-blank-columns", "tech", "item:规划计划"), "fail", None),
    (("t22-blank-columns", "tech", "unit"), None, "pass"),
    # the filled 规划计划 column is the first 人事/规划计划 column update: the rule's “none at
    # all” finding is superseded by one for the column
    (("t22-personnel-planning-columns", "tech", "unit"), "fail", None),
    (("t22-personnel-planning-columns", "tech", "group:规划计划"), None, "pass"),
}


def tree_digest(folder: Path) -> str:
    h = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        h.update(str(path.relative_to(folder)).encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> tuple[Path, int, str, str]:
    """(out folder, exit code, printed text, digest of examples/site before the run); the out
    folder holds a leftover non-store demo.db, which the demo must replace by a fresh store."""
    out = tmp_path_factory.mktemp("demo")
    (out / "demo.db").write_bytes(b"left over from an earlier run")
    site = tree_digest(ROOT / "examples" / "site")
    buffer = io.StringIO()
    with redirect_stdout(buffer):
        code = main(["demo", "--ruleset", str(ROOT / "rulesets" / "2019.yaml"),
                     "--examples", str(ROOT / "examples"), "--out", str(out)])
    return out, code, buffer.getvalue(), site


def test_demo_collects_checks_and_writes_a_result_and_the_reports(demo) -> None:
    tmp_path, code, out, _ = demo
    assert code == 0
    assert "演示网站：http://127.0.0.1:" in out and "按任务" in out and "按单位" in out
    result = json.loads((tmp_path / "result.json").read_text(encoding="utf-8"))
    assert result["schema"] == "disclosure-rules/result/2"
    assert all(result["counts"][s] > 0 for s in
               ("pass", "fail", "pending", "waived", "error", "not_applicable"))
    assert (tmp_path / "evidence.jsonl").stat().st_size > 0
    run = json.loads((tmp_path / "evidence.run.json").read_text(encoding="utf-8"))
    assert [r["collector"] for r in run["reports"] if r["error"]] == ["ledger:quality"]
    for name in ("report.html", "report.xlsx"):
        assert (tmp_path / name).stat().st_size > 0
        assert str(tmp_path / name) in out


def test_demo_first_check_is_the_check_of_the_evidence_it_collected(demo, capsys) -> None:
    # what the demo showed before it used the store: the evidence files checked directly
    out, _, _, _ = demo
    code = main(["check", str(ROOT / "rulesets" / "2019.yaml"), "--evidence",
                 str(out / "evidence.jsonl"), "--run", str(out / "evidence.run.json"),
                 "--waivers", str(ROOT / "examples" / "waivers-2019.yaml"),
                 "--as-of", "2019-12-31", "--format", "json"])
    assert code == 1
    from_files = json.loads(capsys.readouterr().out)
    written = json.loads((out / "result.json").read_text(encoding="utf-8"))
    with Store(out / "demo.db", create=False) as store:
        first = store.result_json(store.results()[0].id)
    assert written.pop("store")["check"] == 1
    assert written == first  # the reports are of the first check, as stored
    for doc in (from_files, first):
        doc.pop("timings")
    assert first == from_files


def test_demo_changes_after_the_fix_are_exactly_the_fixed_finding(demo) -> None:
    out, _, printed, _ = demo
    with Store(out / "demo.db", create=False) as store:
        assert len(store.runs()) == 2 and len(store.results()) == 2  # a fresh store
        changes = store.changes()
        head = store.head()
        assert store.verify().ok
    assert {(c.key, c.before, c.after) for c in changes} == FIXED
    assert "检查 #1 → #2：5 条结论状态有变化" in printed
    assert "[由新结论取代] 第22项 t22-personnel-planning-columns：" in printed
    assert ("  [已整改] 第20项 t20-three-synchronous（湘潭交通〔2019〕18号）："
            "2019-11-05的《湘潭市交通运输局关于加快推进港口岸线资源整合的意见》") in printed
    assert printed.rstrip().endswith(f"链头哈希 {head}")


def test_demo_fixes_a_copy_and_leaves_the_example_site_unchanged(demo) -> None:
    _, _, _, before = demo
    assert tree_digest(ROOT / "examples" / "site") == before
