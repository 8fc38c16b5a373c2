"""The evidence store through its Python API, on real SQLite files: content addressing and
versions, checks of exactly what a run saw, the hash chain against edits made behind the
store's back, the first schema version migrated, export/import round trips, and the law that
evaluating from the store equals evaluating the same evidence in memory."""

from __future__ import annotations

import json
import sqlite3
import tempfile
import threading
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from _plugin_support import mini_ruleset
from disclosure_rules.collect.collectors import CollectConfig, Collector
from disclosure_rules.engine.evaluator import evaluate
from disclosure_rules.errors import Location
from disclosure_rules.evidence.records import (
    CollectionRun,
    CollectorReport,
    Evidence,
    Provenance,
    canonical_json,
    check_record,
)
from disclosure_rules.results.changes import diff_findings
from disclosure_rules.results.findings import Status
from disclosure_rules.store import VERSION, Store, StoreError, digests

AS_OF = date(2019, 12, 31)
AT = datetime(2019, 12, 30, 9, 0, tzinfo=UTC)


def pub(key: str, day: str, unit: str = "tech") -> dict:
    return {"kind": "publication", "unit": unit, "key": key, "title": key,
            "fields": {"published": day, "url": f"https://x.gov.cn/{key}"},
            "provenance": {"source": f"https://x.gov.cn/{key}"}}


def attest(day: str = "2019-11-01") -> dict:
    return {"kind": "attestation", "unit": "office", "key": "域名清理",
            "fields": {"topic": "网站域名清理", "signed_by": "张三", "signed_on": day,
                       "file_sha256": "0" * 64}}


def collector(name: str, unit: str, kinds: tuple[str, ...], items) -> Collector:
    def collect(context):
        if isinstance(items, Exception):
            raise items
        return list(items)

    return Collector(name, unit, kinds, collect, version="1.0", plugin="test")


def collect(store: Store, tech: list | Exception, office: list | Exception) -> int:
    collectors = [collector("test:tech", "tech", ("publication",), tech),
                  collector("test:office", "office", ("attestation",), office)]
    _, run_id = store.collect(collectors, ruleset=mini_ruleset(), as_of=AS_OF,
                              config=CollectConfig())
    return run_id


def rows(path: Path, sql: str) -> list[tuple]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def edit(path: Path, *statements: str) -> None:
    conn = sqlite3.connect(path)
    try:
        for statement in statements:
            conn.execute(statement)
        conn.commit()
    finally:
        conn.close()


def test_recollecting_unchanged_evidence_stores_no_record_and_no_set_again(tmp_path):
    with Store(tmp_path / "s.db") as store:
        collect(store, [pub("a", "2019-03-01"), pub("b", "2019-04-01")], [attest()])
        sets = rows(store.path, "SELECT count(*) FROM evidence_sets")
        collect(store, [pub("a", "2019-03-01"), pub("b", "2019-04-01")], [attest()])
        assert store.record_count() == 3
        assert rows(store.path, "SELECT count(*) FROM evidence_sets") == sets
        assert rows(store.path, "SELECT count(*) FROM set_members") == [(3,)]
        assert [r.records for r in store.runs()] == [3, 3]
        assert store.verify().ok


def test_a_record_changed_at_its_source_is_a_new_version_and_the_old_one_is_kept(tmp_path):
    rs = mini_ruleset()
    with Store(tmp_path / "s.db") as store:
        first = collect(store, [pub("a", "2019-03-01")], [attest()])
        second = collect(store, [pub("a", "2019-03-05")], [attest()])
        versions = rows(store.path, "SELECT content FROM evidence WHERE kind = 'publication' "
                                    "AND key = 'a' ORDER BY id")
        assert [json.loads(c)["fields"]["published"] for (c,) in versions] == [
            "2019-03-01", "2019-03-05"]
        # each run sees its own version, never both
        [old] = [r for r in store.evidence(rs, run=first).records if r.kind == "publication"]
        [new] = [r for r in store.evidence(rs, run=second).records if r.kind == "publication"]
        assert (old.fields["published"], new.fields["published"]) == (
            date(2019, 3, 1), date(2019, 3, 5))


def test_a_record_gone_at_the_source_is_gone_from_the_check_of_the_latest_run(tmp_path):
    with Store(tmp_path / "s.db") as store:
        collect(store, [pub("a", "2019-03-01")], [attest()])
        collect(store, [], [attest()])  # the page was taken down
        checked = store.check(mini_ruleset(), AS_OF)
        [finding] = [f for f in checked.result.findings if f.rule == "t1-publication"]
        assert finding.status is Status.FAIL
        assert checked.result.evidence_count == 1


def test_as_of_hides_records_dated_after_it_and_keeps_undated_kinds(tmp_path):
    with Store(tmp_path / "s.db") as store:
        collect(store, [pub("a", "2019-03-01"), pub("b", "2019-08-01")], [attest("2019-05-01")])
        keys = {r.key for r in store.evidence(mini_ruleset(), as_of=date(2019, 6, 30)).records}
        assert keys == {"a", "域名清理"}


def test_a_collector_that_failed_in_the_checked_run_makes_its_findings_error(tmp_path):
    with Store(tmp_path / "s.db") as store:
        collect(store, [pub("a", "2019-03-01")], [attest()])
        collect(store, RuntimeError("网站无法访问"), [attest()])
        latest = store.check(mini_ruleset(), AS_OF)
        [finding] = [f for f in latest.result.findings if f.rule == "t1-publication"]
        assert finding.status is Status.ERROR and "网站无法访问" in finding.reason
        earlier = store.check(mini_ruleset(), AS_OF, run=1, dry_run=True)
        [finding] = [f for f in earlier.result.findings if f.rule == "t1-publication"]
        assert finding.status is Status.PASS
        assert earlier.check is None and len(store.results()) == 1


def test_a_check_is_stored_with_its_run_rule_set_files_and_the_head_it_read(tmp_path):
    ruleset_file = Path(__file__).parent / "fixtures" / "mini.yaml"
    with Store(tmp_path / "s.db") as store:
        collect(store, [pub("a", "2019-03-01")], [attest()])
        head = store.head()
        checked = store.check(mini_ruleset(), AS_OF, sources=[ruleset_file])
        assert checked.check is not None
        assert checked.check.chain_head == head and checked.head == store.head() != head
        [(sources,)] = rows(store.path, "SELECT sources FROM results")
        import hashlib
        assert json.loads(sources) == [{"path": str(ruleset_file), "sha256": hashlib.sha256(
            ruleset_file.read_bytes()).hexdigest()}]
        # stored as computed; the result handed back also says where it is kept
        data = checked.result.to_json()
        assert data.pop("store") == {"chain_head": checked.head, "run": checked.run.id,
                                     "check": checked.check.id}
        assert store.result_json(checked.check.id) == data


# -- changes ---------------------------------------------------------------------------------

statuses = st.sampled_from([s.value for s in Status])
finding_maps = st.dictionaries(
    st.tuples(st.sampled_from(["r1", "r2"]), st.sampled_from(["u1", "u2"]),
              st.sampled_from(["unit", "item:a", "item:b"])), statuses, max_size=12)


@given(finding_maps, finding_maps)
def test_diff_lists_exactly_the_findings_whose_status_differs(before, after):
    def findings(mapping):
        return [{"rule": r, "unit": u, "subject": s, "status": v, "task": 1, "reason": v}
                for (r, u, s), v in mapping.items()]

    changes = diff_findings(findings(before), findings(after))
    assert {c.key: (c.before, c.after) for c in changes} == {
        key: (before.get(key), after.get(key)) for key in before.keys() | after.keys()
        if before.get(key) != after.get(key)}
    assert len(changes) == len({c.key for c in changes})


def test_changes_between_two_checks_name_the_fixed_and_the_newly_failing(tmp_path):
    with Store(tmp_path / "s.db") as store:
        collect(store, [], [attest()])
        store.check(mini_ruleset(), AS_OF)
        collect(store, [pub("a", "2019-03-01")], RuntimeError("文件夹不存在"))
        store.check(mini_ruleset(), AS_OF)
        changes = {c.rule: c for c in store.changes()}
        assert set(changes) == {"t1-publication", "t2-attested"}
        assert changes["t1-publication"].label == "已整改"
        assert changes["t2-attested"].after == "error"
        assert "文件夹不存在" in changes["t2-attested"].reason
        assert store.changes(2, 2) == []


# -- verify against edits behind the store's back --------------------------------------------


@pytest.fixture
def filled(tmp_path) -> Path:
    path = tmp_path / "s.db"
    with Store(path) as store:
        collect(store, [pub("a", "2019-03-01"), pub("b", "2019-04-01")], [attest()])
        collect(store, [pub("a", "2019-03-01"), pub("c", "2019-05-01")], [attest()])
        store.check(mini_ruleset(), AS_OF)
        assert store.verify().ok
    return path


def _evidence_row(content: dict) -> str:
    text = canonical_json(content)
    import hashlib
    sha = hashlib.sha256(text.encode()).hexdigest()
    return (f"INSERT INTO evidence (sha256, kind, unit, key, content, collector, "
            f"collector_version, source) VALUES ('{sha}', 'publication', 'tech', 'x', "
            f"'{text}', 'test:tech', '1.0', '')")


TAMPERING = {
    "changed record": (
        ["UPDATE evidence SET content = replace(content, '2019-03-01', '2019-03-02') "
         "WHERE key = 'a'"], ["证据 publication/tech/a", "内容被改动"]),
    "removed record": (["DELETE FROM evidence WHERE key = 'b'"],
                       ["引用的证据", "已被删除", "证据集合"]),
    "inserted record": (
        [_evidence_row({"kind": "publication", "unit": "tech", "key": "x", "title": "x",
                        "fields": {"published": "2019-06-01"}}),
         "INSERT INTO set_members SELECT set_id, (SELECT max(id) FROM evidence) FROM batches "
         "WHERE id = 1"], ["证据集合", "被改动"]),
    "inserted record outside any batch": (
        [_evidence_row({"kind": "publication", "unit": "tech", "key": "x", "title": "x",
                        "fields": {"published": "2019-06-01"}})], ["不属于任何收集批次"]),
    "changed batch": (["UPDATE batches SET problems = '[\"无\"]' WHERE id = 2"],
                      ["批次 #2（采集器 test:office，收集 #1）被改动"]),
    "removed batch": (["DELETE FROM batches WHERE id = 3"], ["批次 #3 已被删除"]),
    "removed batch and its link": (
        ["DELETE FROM batches WHERE id = 3", "DELETE FROM chain WHERE what = 'batch' "
         "AND row_id = 3"], ["与前一项接不上"]),
    "inserted batch": (
        ["INSERT INTO batches (run_token, collector, plugin, collector_version, unit, report, "
         "problems, set_id) SELECT run_token, collector, plugin, collector_version, unit, report, "
         "problems, set_id FROM batches WHERE id = 1"], ["批次 #5", "不在证据链上（被插入）"]),
    "changed run": (["UPDATE runs SET as_of = '2019-06-30' WHERE id = 1"], ["收集 #1 被改动"]),
    "removed run": (["DELETE FROM runs WHERE id = 2"], ["收集 #2 已被删除"]),
    "inserted run": (
        ["INSERT INTO runs (token, origin, ruleset_id, as_of, run_json) "
         "VALUES ('x', 'collect', 'mini-2019', '2019-12-31', '{}')"],
        ["收集 #3 不在证据链上（被插入）"]),
    "changed result": (
        ["UPDATE results SET json = replace(json, '\"pass\"', '\"fail\"')"], ["检查 #1 被改动"]),
    "changed result score": (["UPDATE results SET score = 42"], ["检查 #1 的统计列"]),
    "removed result": (["DELETE FROM results"], ["检查 #1 已被删除"]),
    "inserted result": (
        ["INSERT INTO results (run_id, ruleset_id, ruleset_sha256, sources, as_of, schema, "
         "chain_head, checked_at, json, counts, score) SELECT run_id, ruleset_id, ruleset_sha256, "
         "sources, as_of, schema, chain_head, checked_at, json, counts, score FROM results"],
        ["检查 #2 不在证据链上（被插入）"]),
    "changed link": (["UPDATE chain SET digest = 'x' WHERE seq = 1"], ["链第 1 项被改动"]),
}


@pytest.mark.parametrize("case", sorted(TAMPERING))
def test_verify_names_what_was_changed_removed_or_inserted(filled, case):
    statements, expected = TAMPERING[case]
    edit(filled, *statements)
    with Store(filled, create=False) as store:
        report = store.verify()
    assert not report.ok
    text = "\n".join(report.problems)
    for part in expected:
        assert part in text, text


def test_verify_head_catches_a_chain_rewritten_after_a_printed_head(filled):
    with Store(filled, create=False) as store:
        printed = store.head()
        assert store.verify().has_link(printed)
    edit(filled, "DELETE FROM results", "DELETE FROM chain WHERE what = 'result'")
    with Store(filled, create=False) as store:
        report = store.verify()
    assert report.ok  # the last link cut off leaves a consistent chain…
    assert not report.has_link(printed)  # …which the printed head exposes


# -- migration from the first schema version -------------------------------------------------

FIRST_VERSION = """
CREATE TABLE evidence (id INTEGER PRIMARY KEY, sha256 TEXT NOT NULL UNIQUE, kind TEXT NOT NULL,
    unit TEXT NOT NULL, key TEXT NOT NULL, content TEXT NOT NULL, collector TEXT NOT NULL,
    collector_version TEXT NOT NULL, source TEXT NOT NULL, collected_at TEXT);
CREATE INDEX evidence_by_key ON evidence (kind, unit, key);
CREATE TABLE evidence_sets (id INTEGER PRIMARY KEY, digest TEXT NOT NULL UNIQUE,
    count INTEGER NOT NULL);
CREATE TABLE set_members (set_id INTEGER NOT NULL, evidence_id INTEGER NOT NULL,
    PRIMARY KEY (set_id, evidence_id)) WITHOUT ROWID;
CREATE TABLE batches (id INTEGER PRIMARY KEY, run_token TEXT NOT NULL, collector TEXT NOT NULL,
    plugin TEXT NOT NULL, collector_version TEXT NOT NULL, unit TEXT NOT NULL,
    report TEXT NOT NULL, problems TEXT NOT NULL, set_id INTEGER NOT NULL);
CREATE INDEX batches_by_run ON batches (run_token);
CREATE TABLE runs (id INTEGER PRIMARY KEY, token TEXT NOT NULL UNIQUE, origin TEXT NOT NULL,
    ruleset_id TEXT NOT NULL, as_of TEXT NOT NULL, started TEXT, finished TEXT,
    run_json TEXT NOT NULL);
CREATE TABLE results (id INTEGER PRIMARY KEY, run_id INTEGER NOT NULL, ruleset_id TEXT NOT NULL,
    ruleset_sha256 TEXT NOT NULL, sources TEXT NOT NULL, as_of TEXT NOT NULL,
    schema TEXT NOT NULL, chain_head TEXT NOT NULL, checked_at TEXT NOT NULL,
    json TEXT NOT NULL);
CREATE TABLE chain (seq INTEGER PRIMARY KEY, what TEXT NOT NULL, row_id INTEGER NOT NULL,
    digest TEXT NOT NULL, prev TEXT NOT NULL, hash TEXT NOT NULL, UNIQUE (what, row_id));
PRAGMA application_id = 1146254196;
PRAGMA user_version = 1;
"""


def _first_version_store(path: Path) -> tuple[Evidence, dict]:
    """A version-1 file with one run (one batch of one record) and one result, written with
    plain sqlite3 as a version-1 program wrote it."""
    rs = mini_ruleset()
    record = Evidence("publication", "tech", "a", "a", {"published": date(2019, 3, 1)},
                      Provenance("test:tech", "1.0", "https://x.gov.cn/a", AT))
    report = CollectorReport("test:tech", "tech", ("publication",), 1)
    run = CollectionRun(rs.id, AS_OF, (report,), AT, AT)
    result = evaluate(rs, [record], AS_OF, failures=run.failures()).to_json()
    conn = sqlite3.connect(path)
    conn.executescript(FIRST_VERSION)
    at = AT.isoformat()
    conn.execute("INSERT INTO evidence VALUES (1, ?, 'publication', 'tech', 'a', ?, 'test:tech', "
                 "'1.0', 'https://x.gov.cn/a', ?)",
                 (record.sha256, canonical_json(record.canonical()), at))
    member = digests.record_digest(record.sha256, "test:tech", "1.0", "https://x.gov.cn/a", at)
    evidence_set = digests.set_digest([member])
    conn.execute("INSERT INTO evidence_sets VALUES (1, ?, 1)", (evidence_set,))
    conn.execute("INSERT INTO set_members VALUES (1, 1)")
    report_text, problems = canonical_json(report.to_json()), "[]"
    conn.execute("INSERT INTO batches VALUES (1, 'tok', 'test:tech', 'test', '1.0', 'tech', ?, "
                 "?, 1)", (report_text, problems))
    prev = digests.ZERO
    batch = digests.batch_digest("tok", "test:tech", "test", "1.0", "tech", report_text,
                                 problems, evidence_set, 1)
    links = []
    for what, row_id, digest in [("batch", 1, batch)]:
        hashed = digests.link(prev, what, row_id, digest)
        conn.execute("INSERT INTO chain (what, row_id, digest, prev, hash) VALUES (?,?,?,?,?)",
                     (what, row_id, digest, prev, hashed))
        links.append(hashed)
        prev = hashed
    run_text = canonical_json(run.to_json())
    conn.execute("INSERT INTO runs VALUES (1, 'tok', 'collect', ?, ?, ?, ?, ?)",
                 (rs.id, AS_OF.isoformat(), at, at, run_text))
    run_hash = digests.link(prev, "run", 1, digests.run_digest(
        "tok", "collect", rs.id, AS_OF.isoformat(), at, at, run_text, links))
    conn.execute("INSERT INTO chain (what, row_id, digest, prev, hash) VALUES (?,?,?,?,?)",
                 ("run", 1, digests.run_digest("tok", "collect", rs.id, AS_OF.isoformat(), at, at,
                                               run_text, links), prev, run_hash))
    result_text = json.dumps(result, ensure_ascii=False)
    conn.execute("INSERT INTO results VALUES (1, 1, ?, ?, '[]', ?, ?, ?, ?, ?)",
                 (rs.id, rs.sha256, AS_OF.isoformat(), result["schema"], run_hash, at,
                  result_text))
    digest = digests.result_digest(1, rs.id, rs.sha256, "[]", AS_OF.isoformat(),
                                   result["schema"], run_hash, at, result_text)
    conn.execute("INSERT INTO chain (what, row_id, digest, prev, hash) VALUES (?,?,?,?,?)",
                 ("result", 1, digest, run_hash, digests.link(run_hash, "result", 1, digest)))
    conn.commit()
    conn.close()
    return record, result


def test_a_first_version_store_is_migrated_and_still_verifies(tmp_path):
    path = tmp_path / "v1.db"
    record, result = _first_version_store(path)
    assert rows(path, "PRAGMA user_version") == [(1,)]
    with Store(path) as store:
        assert rows(path, "PRAGMA user_version") == [(VERSION,)]
        report = store.verify()
        assert report.ok, report.problems
        [check] = store.results()
        assert check.score == result["score"] and check.counts == result["counts"]
        assert [r.sha256 for r in store.evidence(mini_ruleset()).records] == [record.sha256]
        store.check(mini_ruleset(), AS_OF)
        assert store.verify().ok


def test_a_store_of_a_newer_schema_is_refused_and_left_untouched(tmp_path):
    path = tmp_path / "s.db"
    Store(path).close()
    edit(path, f"PRAGMA user_version = {VERSION + 1}")
    before = path.read_bytes()
    with pytest.raises(StoreError, match="更新的 disclosure-rules"):
        Store(path)
    assert path.read_bytes() == before


# -- portability -----------------------------------------------------------------------------


def test_export_then_import_evidence_gives_the_same_runs_and_the_same_check(filled, tmp_path):
    rs = mini_ruleset()
    with Store(filled) as store:
        written = store.export(tmp_path / "out")
        runs = store.runs()
        originals = [{(r.sha256, r.provenance) for r in store.evidence(rs, run=info.id).records}
                     for info in runs]
        expected = store.check(rs, AS_OF, dry_run=True).result.to_json()
    assert sorted(p.name for p in written) == [
        "check-0001.json", "run-0001.jsonl", "run-0001.run.json", "run-0002.jsonl",
        "run-0002.run.json"]
    with Store(tmp_path / "copy.db") as copy:
        for name in ("run-0001.jsonl", "run-0002.jsonl"):
            _, problems = copy.import_evidence(tmp_path / "out" / name, rs)
            assert problems == ()
        assert [i.run.reports for i in copy.runs()] == [i.run.reports for i in runs]
        assert [{(r.sha256, r.provenance) for r in copy.evidence(rs, run=info.id).records}
                for info in copy.runs()] == originals
        got = copy.check(rs, AS_OF, dry_run=True).result.to_json()
        assert copy.verify().ok
    for data in (got, expected):
        data.pop("timings")
        data.pop("store")  # each store's own chain head
    assert got == expected


# -- the store evaluates what memory evaluates ------------------------------------------------


def _cases():
    from test_engine_differential import cases

    return cases(max_per_kind=6)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_cases())
def test_evaluation_from_the_store_equals_evaluation_in_memory(case):
    rs, generated, as_of = case
    # what a store can hold: records that pass the rule set's check, one per kind and key (the
    # engine rejects a second record of a key in the order it meets them; the store's order is
    # not the generator's)
    records, keys = [], set()
    for record in generated:
        checked, _ = check_record(record.to_json(), rs, location=Location("generated"))
        if checked is not None and (record.kind, record.key) not in keys:
            keys.add((record.kind, record.key))
            records.append(record)
    # the store knows its run's collector outcomes (none failed): so does the memory side
    expected = evaluate(rs, records, as_of, failures=()).to_json()
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "s.db") as store:
        writer = store.begin_run(rs, as_of)
        for unit in sorted({r.unit for r in records}):
            mine = [r for r in records if r.unit == unit]
            report = CollectorReport(f"gen:{unit}", unit, tuple(sorted({r.kind for r in mine})),
                                     len(mine))
            writer.write(report.collector, "gen", "1", report, mine, ())
        writer.finish(CollectionRun(rs.id, as_of))
        got = store.check(rs, as_of).result.to_json()
    assert got.pop("store")["check"] == 1  # the store's result says where it is kept
    for data in (got, expected):
        data.pop("timings")
    assert got == expected


def test_run_collectors_hands_over_each_batch_as_soon_as_its_collector_finishes():
    from disclosure_rules.collect.running import run_collectors

    released = threading.Event()

    def slow(context):
        # finishes only once the fast collector's batch has been handed over
        if not released.wait(timeout=20):
            raise TimeoutError("the fast batch was not handed over while this one ran")
        yield pub("b", "2019-04-01")

    collectors = [collector("test:office", "office", ("attestation",), [attest()]),
                  Collector("test:tech", "tech", ("publication",), slow, plugin="test"),
                  collector("test:port", "port", ("publication",), ValueError("坏了"))]
    seen: list[tuple[str, int, str | None]] = []

    def on_batch(c, report, records, problems):
        seen.append((c.name, len(records), report.error))
        if c.name == "test:office":
            released.set()

    result = run_collectors(collectors, ruleset=mini_ruleset(), as_of=AS_OF,
                            config=CollectConfig(), on_batch=on_batch, workers=3)
    assert sorted(seen) == [("test:office", 1, None), ("test:port", 0, "采集器 test:port 出错："
                                                                        "ValueError: 坏了"),
                            ("test:tech", 1, None)]
    assert seen[-1][0] == "test:tech"
    assert [r.error for r in result.run.reports] == [e for _, _, e in sorted(
        seen, key=lambda s: [c.name for c in collectors].index(s[0]))]


def link(key: str, day: str, outcome: str) -> dict:
    return {"kind": "link_check", "unit": "tech", "key": key, "title": key,
            "fields": {"checked": day, "url": f"https://x.gov.cn/{key}", "outcome": outcome},
            "provenance": {"source": f"https://x.gov.cn/{key}"}}


def test_a_dead_link_fixed_between_two_runs_is_listed_as_fixed_not_as_no_longer_checked(
        tmp_path):
    """absent: each dead link of the latest crawl is a finding of its own; once the next crawl
    finds the link working its finding is gone — the link was fixed, and changes says so."""
    from disclosure_rules.ruleset.loader import load_ruleset

    rs = load_ruleset(Path(__file__).parents[1] / "rulesets" / "2019.yaml")

    def crawl(store: Store, day: str, outcome: str) -> None:
        links = [link("a", day, "可访问"), link("b", day, outcome)]
        store.collect([collector("test:site", "tech", ("link_check",), links)], ruleset=rs,
                      as_of=AS_OF, config=CollectConfig())

    with Store(tmp_path / "s.db") as store:
        crawl(store, "2019-12-01", "链接失效")
        store.check(rs, AS_OF)
        crawl(store, "2019-12-20", "可访问")
        store.check(rs, AS_OF)
        changes = {(c.rule, c.subject): c for c in store.changes()
                   if c.rule == "t22-dead-links"}
    gone = changes[("t22-dead-links", "item:b")]
    assert (gone.before, gone.after, gone.fixed) == ("fail", None, True)
    assert gone.label == "已消除（不再发现）" and gone.label_en == "fixed: no longer found"
    assert gone.to_json()["change"] == "fixed: no longer found"
    clean = changes[("t22-dead-links", "unit")]
    assert (clean.before, clean.after) == (None, "pass")


def test_a_vanished_finding_of_a_rule_no_longer_checking_the_unit_is_no_longer_checked():
    """Without findings of its rule and unit in the later check, a vanished offender is not
    called fixed: the rule (or the unit) is simply gone."""
    before = [{"rule": "dead", "unit": "u1", "subject": "item:b", "status": "fail", "task": 1,
               "reason": "", "detail": {"fixed_when_gone": True}}]
    (change,) = diff_findings(before, [])
    assert (change.fixed, change.label) == (False, "不再检查")
    fixed = [c for c in diff_findings(before, [{"rule": "dead", "unit": "u1", "subject": "unit",
                                                "status": "pass", "task": 1, "reason": ""}])
             if c.after is None]
    assert [c.label for c in fixed] == ["已消除（不再发现）"]


def test_a_vanished_finding_whose_rule_now_judges_the_unit_otherwise_is_superseded():
    """“No column updated at all” (subject unit) gives way to a finding per column once one
    column is: the rule still checks the unit, so the old finding was replaced, not dropped."""
    before = [{"rule": "cols", "unit": "u1", "subject": "unit", "status": "fail", "task": 22,
               "reason": "", "detail": {}}]
    after = [{"rule": "cols", "unit": "u1", "subject": "group:规划计划", "status": "pass",
              "task": 22, "reason": ""}]
    gone = next(c for c in diff_findings(before, after) if c.after is None)
    assert (gone.fixed, gone.superseded) == (False, True)
    assert (gone.label, gone.label_en) == ("由新结论取代", "superseded by the rule's new findings")
    (dropped,) = diff_findings(before, [])
    assert (dropped.superseded, dropped.label) == (False, "不再检查")
