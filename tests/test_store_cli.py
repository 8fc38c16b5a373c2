"""The evidence store from the command line and across processes: a collect killed with
SIGKILL while a batch is being written, two collects at once, every kind of unusable store
file (a clear message, exit 2, the file untouched), ``check --store``, ``history``,
``changes``, ``verify``, ``export`` and ``import-evidence`` end to end."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import pytest

from disclosure_rules.cli import main
from disclosure_rules.store import Store

ROOT = Path(__file__).resolve().parent.parent
RULESET = ROOT / "rulesets" / "2019.yaml"
EXAMPLES = ROOT / "examples"
EVIDENCE = EXAMPLES / "evidence" / "2019.jsonl"


def cli(*args: str, env: dict | None = None, user: bool = False) -> subprocess.CompletedProcess:
    prefix = []
    if user and os.geteuid() == 0:  # root ignores permissions: run as nobody
        prefix = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
    return subprocess.run([*prefix, sys.executable, "-m", "disclosure_rules.cli", *args],
                          capture_output=True, text=True, encoding="utf-8", timeout=300,
                          env={**os.environ, **(env or {})})


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def count(path: Path, table: str) -> int:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    finally:
        conn.close()


def imported(tmp_path: Path) -> Path:
    path = tmp_path / "s.db"
    assert main(["import-evidence", str(EVIDENCE), "--ruleset", str(RULESET),
                 "--store", str(path)]) == 0
    return path


def collect_config(tmp_path: Path) -> Path:
    """The demo bureau's ledgers and attestations (local files, real plugins)."""
    ledgers = EXAMPLES / "ledgers"
    config = tmp_path / "collect.yaml"
    config.write_text(textwrap.dedent(f"""\
        ruleset: {RULESET}
        as_of: 2019-12-31
        plugins:
          ledger:
            files:
              - {{unit: regulation, path: {ledgers / '法规科台账.xlsx'}}}
              - {{unit: office, path: {ledgers / '局办公室台账.xlsx'}}}
              - {{unit: port, path: {ledgers / '港航事务中心台账.xlsx'}}}
              - {{unit: tech, path: {ledgers / '科技科台账.xlsx'}}}
          attestation:
            folder: {EXAMPLES / 'attestations'}
        """), encoding="utf-8")
    return config


# -- crashes and concurrency -----------------------------------------------------------------

SLOW_COLLECT = """
import sys
from datetime import date

from disclosure_rules import hookimpl
from disclosure_rules.collectors import CollectConfig, Collector
from disclosure_rules.plugins import get_collectors, get_plugin_manager
from disclosure_rules.ruleset_loader import load_ruleset
from disclosure_rules.store import Store


def fast(context):
    yield context.record("publication", "https://x.gov.cn/fast", published="2019-03-01",
                         category="其他")


def slow(context):
    # a big batch: its transaction takes long enough to be killed in the middle of it
    for n in range(40000):
        yield context.record("publication", f"https://x.gov.cn/slow/{n}", title="长" * 400,
                             published="2019-04-01", category="其他")


class Plugin:
    @hookimpl
    def disclosure_rules_collectors(self, register):
        register(Collector("fast:office", "office", ["publication"], fast))
        register(Collector("slow:tech", "tech", ["publication"], slow, timeout=600))


ruleset = load_ruleset(sys.argv[1])
pm = get_plugin_manager(load_entrypoints=False, plugins=[("slow", Plugin())])
collectors = get_collectors(pm, CollectConfig(), ruleset)
with Store(sys.argv[2]) as store:
    store.collect(collectors, ruleset=ruleset, as_of=date(2019, 12, 31), workers=2)
print("finished", flush=True)
"""


def test_a_collect_killed_while_writing_a_batch_keeps_finished_batches_and_no_half(tmp_path):
    script = tmp_path / "slow_collect.py"
    script.write_text(SLOW_COLLECT, encoding="utf-8")
    db = tmp_path / "s.db"
    wal = tmp_path / "s.db-wal"
    process = subprocess.Popen([sys.executable, str(script), str(RULESET), str(db)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 240
        # wait for the fast collector's batch to be committed…
        while time.monotonic() < deadline:
            if db.exists() and _batches(db) >= 1:
                break
            assert process.poll() is None, process.stderr.read()
            time.sleep(0.02)
        committed = wal.stat().st_size
        # …then for the slow batch's transaction to start writing pages, and kill it there
        while time.monotonic() < deadline and wal.stat().st_size == committed:
            assert process.poll() is None, process.stderr.read()
            time.sleep(0.002)
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == -signal.SIGKILL
    done = cli("verify", "--store", str(db))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "1 个批次" in done.stdout and "1 个属于未完成的收集" in done.stdout
    with Store(db, create=False) as store:
        assert store.record_count() == 1  # the fast record; none of the slow half batch
        assert store.runs() == []  # the run never finished: checks cannot use it
        assert store.verify().ok


def _batches(db: Path) -> int:
    try:
        return count(db, "batches")
    except sqlite3.OperationalError:  # not created yet
        return 0


def test_two_collects_at_once_both_complete_and_nothing_is_lost(tmp_path):
    config = collect_config(tmp_path)
    db = tmp_path / "s.db"
    Store(db).close()
    blocker = sqlite3.connect(db, isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")  # both collects must wait for the writer before them
    args = [sys.executable, "-m", "disclosure_rules.cli", "collect", str(config), "--store",
            str(db), "--no-progress"]
    first = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    second = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(3)
    blocker.execute("COMMIT")
    blocker.close()
    outs = [p.communicate(timeout=240) for p in (first, second)]
    assert [first.returncode, second.returncode] == [0, 0], outs
    with Store(db, create=False) as store:
        runs = store.runs()
        assert len(runs) == 2 and runs[0].records == runs[1].records == 26
        assert store.record_count() == 26
        assert count(db, "batches") == 12
        assert store.verify().ok


# -- unusable store files --------------------------------------------------------------------


def test_a_store_locked_past_the_busy_timeout_is_exit_2_and_nothing_is_written(tmp_path,
                                                                               capsys):
    db = imported(tmp_path)
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        os.environ["DISCLOSURE_RULES_STORE_TIMEOUT"] = "0.5"
        code = main(["check", str(RULESET), "--store", str(db), "--as-of", "2019-12-31"])
    finally:
        del os.environ["DISCLOSURE_RULES_STORE_TIMEOUT"]
        holder.execute("ROLLBACK")
        holder.close()
    assert code == 2
    err = capsys.readouterr().err
    assert "正被另一个程序写入" in err and "0.5 秒" in err and "Traceback" not in err
    assert count(db, "results") == 0


@pytest.mark.parametrize("case", ["newer schema", "corrupt", "not sqlite", "other sqlite"])
def test_an_unusable_store_is_exit_2_with_a_clear_message_and_left_untouched(tmp_path, case,
                                                                             capsys):
    db = tmp_path / "s.db"
    if case == "newer schema":
        db = imported(tmp_path)
        conn = sqlite3.connect(db)
        conn.execute("PRAGMA user_version = 99")
        conn.close()
        expected = "更新的 disclosure-rules"
    elif case == "corrupt":
        db = imported(tmp_path)
        data = bytearray(db.read_bytes())
        page = 4096
        data[page:] = bytes(len(data) - page)  # every page after the first zeroed
        db.write_bytes(bytes(data))
        expected = "已损坏"
    elif case == "not sqlite":
        db.write_text("证据清单\n第一条\n", encoding="utf-8")
        expected = "不是证据库（不是 SQLite 数据库文件）"
    else:
        conn = sqlite3.connect(db)
        conn.execute("CREATE TABLE ledger (row TEXT)")
        conn.commit()
        conn.close()
        expected = "不是本工具的证据库"
    before = digest(db)
    for args in (["check", str(RULESET), "--store", str(db), "--as-of", "2019-12-31"],
                 ["import-evidence", str(EVIDENCE), "--ruleset", str(RULESET), "--store",
                  str(db)],
                 ["verify", "--store", str(db)], ["history", "--store", str(db)]):
        capsys.readouterr()
        assert main(args) == 2, args
        err = capsys.readouterr().err
        assert expected in err and str(db) in err, err
        assert digest(db) == before


def test_a_store_in_a_read_only_folder_is_exit_2_and_left_untouched():
    folder = Path(tempfile.mkdtemp(prefix="readonly-store-"))
    try:
        os.chmod(folder, 0o755)
        db = folder / "s.db"
        assert main(["import-evidence", str(EVIDENCE), "--ruleset", str(RULESET),
                     "--store", str(db)]) == 0
        Store(db).close()  # the last connection checkpoints and removes the WAL files
        os.chmod(db, 0o644)
        before = digest(db)
        os.chmod(folder, 0o555)
        new = cli("import-evidence", str(EVIDENCE), "--ruleset", str(RULESET), "--store",
                  str(folder / "new.db"), user=True)
        assert new.returncode == 2 and "不可写" in new.stderr, new.stderr
        assert not (folder / "new.db").exists()
        old = cli("check", str(RULESET), "--store", str(db), "--as-of", "2019-12-31",
                  user=True)
        assert old.returncode == 2 and "只读" in old.stderr, old.stderr
        assert "Traceback" not in new.stderr + old.stderr
        assert digest(db) == before
    finally:
        os.chmod(folder, 0o755)
        for path in folder.iterdir():
            path.unlink()
        folder.rmdir()


def test_a_missing_store_is_exit_2_for_commands_that_read(tmp_path, capsys):
    assert main(["history", "--store", str(tmp_path / "none.db")]) == 2
    assert "不存在" in capsys.readouterr().err
    assert not (tmp_path / "none.db").exists()


# -- the office's verbs end to end -----------------------------------------------------------


def test_check_store_evaluates_the_run_stores_the_result_and_prints_the_head(tmp_path,
                                                                             capsys):
    db = imported(tmp_path)
    capsys.readouterr()
    code = main(["check", str(RULESET), "--evidence", str(EVIDENCE), "--run",
                 str(EVIDENCE.with_name("2019.run.json")), "--as-of", "2019-12-31"])
    from_file = capsys.readouterr().out.splitlines()
    assert main(["check", str(RULESET), "--store", str(db), "--as-of", "2019-12-31"]) == code
    out = capsys.readouterr().out.splitlines()
    with Store(db, create=False) as store:
        head = store.head()
        [check] = store.results()
    # the report names where the result is kept, under its headline
    kept = f"证据库：收集 #1，检查 #1；链头哈希 {head}"
    assert out[2] == kept
    # otherwise the same findings as the files the store was filled from
    assert [line for line in out[:-1] if line != kept] == from_file
    assert out[-1].endswith(f"已存为检查 #1；链头哈希 {head}")
    assert check.chain_head != head  # the result carries the head it read; it is now the head
    assert main(["check", str(RULESET), "--store", str(db), "--as-of", "2019-12-31",
                 "--dry-run", "--run", "1"]) == code
    assert "未存入（--dry-run）" in capsys.readouterr().out
    assert count(db, "results") == 1
    assert main(["check", str(RULESET), "--store", str(db), "--as-of", "2019-12-31",
                 "--run", "7"]) == 2
    assert "没有编号为 7 的收集" in capsys.readouterr().err


def test_check_and_collect_say_which_of_store_evidence_or_out_is_missing_or_too_many(
        tmp_path, capsys):
    assert main(["check", str(RULESET), "--as-of", "2019-12-31"]) == 2
    assert "--store" in capsys.readouterr().err
    assert main(["collect", str(collect_config(tmp_path))]) == 2
    assert "--store" in capsys.readouterr().err
    assert main(["check", str(RULESET), "--evidence", str(EVIDENCE), "--store",
                 str(tmp_path / "s.db"), "--as-of", "2019-12-31"]) == 2
    assert "只能选一个" in capsys.readouterr().err
    assert main(["check", str(RULESET), "--evidence", str(EVIDENCE), "--dry-run",
                 "--as-of", "2019-12-31"]) == 2
    assert "--dry-run 只能与 --store 同用" in capsys.readouterr().err
    assert list(tmp_path.glob("*.db")) == []


def test_collect_history_changes_verify_export_and_import_end_to_end(tmp_path, capsys):
    config = collect_config(tmp_path)
    db = tmp_path / "s.db"
    assert main(["collect", str(config), "--store", str(db), "--no-progress"]) == 0
    assert main(["check", str(RULESET), "--store", str(db), "--as-of", "2019-12-31"]) == 1
    # the next collection no longer has the units' signed attestations (their files were
    # withdrawn): exported, edited, imported as a run of its own
    capsys.readouterr()
    assert main(["export", "--store", str(db), "--out", str(tmp_path / "out")]) == 0
    lines = (tmp_path / "out" / "run-0001.jsonl").read_text(encoding="utf-8").splitlines()
    fixed = [line for line in lines if json.loads(line)["kind"] != "attestation"]
    assert len(fixed) == len(lines) - 2
    changed = tmp_path / "fixed.jsonl"
    changed.write_text("\n".join(fixed) + "\n", encoding="utf-8")
    assert main(["import-evidence", str(changed), "--ruleset", str(RULESET), "--store", str(db),
                 "--as-of", "2019-12-31"]) == 0
    main(["check", str(RULESET), "--store", str(db), "--as-of", "2019-12-31"])
    capsys.readouterr()
    assert main(["changes", "--store", str(db)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("检查 #1 → #2：")
    with Store(db, create=False) as store:
        expected = store.changes(1, 2)
    assert expected and f"{len(expected)} 条结论状态有变化" in out
    for change in expected:
        assert change.rule in out and change.label in out
    assert main(["history", "--store", str(db)]) == 0
    out = capsys.readouterr().out
    assert "#1" in out and "#2" in out and "[import:fixed.jsonl]" in out and "得分" in out
    assert main(["verify", "--store", str(db)]) == 0
    conn = sqlite3.connect(db)
    conn.execute("UPDATE evidence SET content = replace(content, '\"title\":\"', "
                 "'\"title\":\"改') WHERE id = 2")
    conn.commit()
    conn.close()
    capsys.readouterr()
    assert main(["verify", "--store", str(db)]) == 1
    out = capsys.readouterr().out
    assert "核验未通过：1 处问题" in out and "内容被改动" in out


def test_run_collects_into_the_store_checks_and_writes_the_configured_outputs(tmp_path,
                                                                              capsys):
    config = collect_config(tmp_path)
    with open(config, "a", encoding="utf-8") as handle:
        handle.write(f"store: office.db\nwaivers: {EXAMPLES / 'waivers-2019.yaml'}\n"
                     "outputs:\n  json: out/result.json\n  text: out/result.txt\n")
    code = main(["run", str(config), "--no-progress"])
    out = capsys.readouterr().out
    db = tmp_path / "office.db"
    with Store(db, create=False) as store:
        [run] = store.runs()
        [check] = store.results()
        stored = store.result_json(check.id)
        head = store.head()
    assert code == (1 if stored["counts"]["fail"] else 0)
    assert run.records == 26 and check.run_id == run.id
    written = json.loads((tmp_path / "out" / "result.json").read_text(encoding="utf-8"))
    # the written result is the stored one, plus where it is kept: run, check, chain head
    assert written.pop("store") == {"chain_head": head, "run": run.id, "check": check.id}
    assert written == stored
    text = (tmp_path / "out" / "result.txt").read_text(encoding="utf-8")
    assert "按任务" in text and "\x1b[" not in text
    assert f"证据库：收集 #1，检查 #1；链头哈希 {head}" in text
    assert f"收集 #1，检查 #1；链头哈希 {head}" in out
    assert any(w["reason"] for f in stored["findings"] if (w := f.get("waiver")))


def test_an_unknown_output_format_in_the_config_is_named_with_its_line(tmp_path, capsys):
    config = collect_config(tmp_path)
    with open(config, "a", encoding="utf-8") as handle:
        handle.write("outputs:\n  pdf: out/result.pdf\n")
    assert main(["run", str(config), "--no-progress"]) == 2
    err = capsys.readouterr().err
    assert f"{config}:13:3: outputs.pdf" in err and "未知的输出格式“pdf”" in err
    assert not (tmp_path / "disclosure.db").exists()


def test_verify_head_fails_once_the_chain_was_cut_back_behind_a_printed_head(tmp_path,
                                                                             capsys):
    db = imported(tmp_path)
    main(["check", str(RULESET), "--store", str(db), "--as-of", "2019-12-31"])
    printed = capsys.readouterr().out.splitlines()[-1].rpartition(" ")[2]
    assert main(["verify", "--store", str(db), "--head", printed]) == 0
    conn = sqlite3.connect(db)
    conn.execute("DELETE FROM results")
    conn.execute("DELETE FROM chain WHERE what = 'result'")
    conn.commit()
    conn.close()
    capsys.readouterr()
    assert main(["verify", "--store", str(db), "--head", printed]) == 1
    assert f"链头哈希 {printed} 不在链上" in capsys.readouterr().out


def test_run_writes_every_report_format_the_config_names(tmp_path, capsys, monkeypatch):
    import openpyxl

    monkeypatch.chdir(tmp_path)  # the default store (disclosure.db) goes to the current folder
    config = collect_config(tmp_path)
    with open(config, "a", encoding="utf-8") as handle:
        handle.write("outputs:\n  xlsx: out/report.xlsx\n  html: out/report.html\n")
    assert main(["run", str(config), "--no-progress"]) in (0, 1)
    book = openpyxl.load_workbook(tmp_path / "out" / "report.xlsx")
    assert len(book.sheetnames) > 1
    assert "<html" in (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
