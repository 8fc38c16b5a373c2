"""``verify``: recompute every hash of a store and walk its chain.

What it finds, each named:

* a link of the chain changed (its hash no longer covers its content) or a link removed or
  inserted (a link's ``prev`` is not the hash of the link before it);
* a batch, run or result whose row was changed (its digest differs from its link's), removed
  (its link names a row that is gone) or inserted (a row no link names);
* an evidence record whose content was changed (it no longer hashes to its ``sha256``), an
  evidence set that lost or gained records, a record no batch holds (inserted);
* a result whose summary columns (counts, score) disagree with its JSON.

Someone who rewrites the whole chain consistently is caught by comparing the head hash with one
printed earlier (every ``check`` prints it): ``verify --head HASH`` says whether that link is
still in the chain.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterator

from attrs import frozen

from . import digests
from .schema import summary_of

__all__ = ["VerifyReport", "verify"]


@frozen
class VerifyReport:
    """The outcome of :func:`verify`: ``problems`` is empty when nothing was touched."""

    problems: tuple[str, ...]
    links: int
    records: int
    batches: int
    runs: int
    results: int
    unfinished: int  # batches of runs that never finished (a killed collect): kept, not used
    head: str
    heads: frozenset[str] = frozenset()  # every link hash, for ``--head``

    @property
    def ok(self) -> bool:
        return not self.problems

    def has_link(self, hashed: str) -> bool:
        return hashed.strip().lower() in self.heads


def verify(conn: sqlite3.Connection) -> VerifyReport:
    problems: list[str] = []
    # the chain
    links: dict[tuple[str, int], tuple[int, str, str]] = {}  # (what, row) → (seq, digest, hash)
    expected = digests.ZERO
    hashes: set[str] = set()
    n_links = 0
    for seq, what, row_id, digest, prev, hashed in conn.execute(
            "SELECT seq, what, row_id, digest, prev, hash FROM chain ORDER BY seq"):
        n_links += 1
        if prev != expected:
            problems.append(f"链第 {seq} 项：与前一项接不上（之前有链项被删除、插入或改动）")
        if digests.link(prev, what, row_id, digest) != hashed:
            problems.append(f"链第 {seq} 项被改动（链哈希不符）")
        if what not in ("batch", "run", "result"):
            problems.append(f"链第 {seq} 项的类型“{what}”未知（被插入或改动）")
        links[(what, row_id)] = (seq, digest, hashed)
        hashes.add(hashed)
        expected = hashed
    head = expected

    def linked(what: str, row_id: int, digest: str, name: str) -> None:
        entry = links.pop((what, row_id), None)
        gap = "" if name.endswith("）") else " "
        if entry is None:
            problems.append(f"{name}{gap}不在证据链上（被插入）")
        elif entry[1] != digest:
            problems.append(f"{name}{gap}被改动（内容与链上记载的摘要不符）")

    # evidence records and their sets
    n_records = 0
    for sha, kind, unit, key, content in conn.execute(
            "SELECT sha256, kind, unit, key, content FROM evidence ORDER BY id"):
        n_records += 1
        name = f"证据 {kind}/{unit}/{key}（{sha[:12]}）"
        try:
            data = json.loads(content)
            same = (data.get("kind"), data.get("unit"), data.get("key")) == (kind, unit, key)
        except (ValueError, AttributeError):
            same = False
        if hashlib.sha256(content.encode()).hexdigest() != sha or not same:
            problems.append(f"{name} 内容被改动（与其 sha256 不符）")
    # set differences (a sort each), not a lookup by evidence id per record: set_members has
    # no index on evidence_id, which would cost every record bytes for this query alone
    for row_id, kind, key in conn.execute(
            "SELECT e.id, e.kind, e.key FROM evidence e WHERE e.id IN "
            "(SELECT id FROM evidence EXCEPT SELECT evidence_id FROM set_members) ORDER BY e.id"):
        problems.append(f"证据 {kind}/{key}（行 {row_id}）不属于任何收集批次（被插入）")
    for set_id, evidence_id in conn.execute(
            "SELECT m.set_id, m.evidence_id FROM set_members m WHERE NOT EXISTS "
            "(SELECT 1 FROM evidence e WHERE e.id = m.evidence_id)"):
        problems.append(f"证据集合 {set_id} 引用的证据（行 {evidence_id}）已被删除")
    sets = dict(_set_digests(conn))
    stored_sets = {row[0]: (row[1], row[2]) for row in conn.execute(
        "SELECT id, digest, count FROM evidence_sets")}
    for set_id, (digest, count) in sorted(stored_sets.items()):
        actual = sets.get(set_id, (digests.set_digest(()), 0))
        if actual != (digest, count):
            problems.append(f"证据集合 {set_id} 被改动（应有 {count} 条证据，现有 {actual[1]} 条，"
                            "或其中证据被替换）")

    # batches
    finished = {row[0]: row[1] for row in conn.execute("SELECT token, id FROM runs")}
    n_batches = unfinished = 0
    for (batch_id, token, collector, plugin, version, unit, report, found, set_id) in (
            conn.execute("SELECT id, run_token, collector, plugin, collector_version, unit, "
                         "report, problems, set_id FROM batches ORDER BY id").fetchall()):
        n_batches += 1
        run = finished.get(token)
        if run is None:
            unfinished += 1
        where = f"收集 #{run}" if run is not None else "未完成的收集"
        name = f"批次 #{batch_id}（采集器 {collector}，{where}）"
        stored = stored_sets.get(set_id)
        if stored is None:
            problems.append(f"{name}的证据集合 {set_id} 已被删除")
            stored = ("", 0)
        digest = digests.batch_digest(token, collector, plugin, version, unit, report, found,
                                      stored[0], stored[1])
        linked("batch", batch_id, digest, name)

    # runs
    n_runs = 0
    for run_id, token, origin, ruleset_id, as_of, started, ended, text in conn.execute(
            "SELECT id, token, origin, ruleset_id, as_of, started, finished, run_json FROM runs "
            "ORDER BY id").fetchall():
        n_runs += 1
        batch_links = [row[0] for row in conn.execute(
            "SELECT c.hash FROM batches b JOIN chain c ON c.what = 'batch' AND c.row_id = b.id "
            "WHERE b.run_token = ? ORDER BY c.seq", (token,))]
        digest = digests.run_digest(token, origin, ruleset_id, as_of, started, ended, text,
                                    batch_links)
        linked("run", run_id, digest, f"收集 #{run_id}")

    # results
    n_results = 0
    for (result_id, run_id, ruleset_id, ruleset_sha, sources, as_of, schema, chain_head,
         checked_at, text, counts, score) in conn.execute(
            "SELECT id, run_id, ruleset_id, ruleset_sha256, sources, as_of, schema, chain_head, "
            "checked_at, json, counts, score FROM results ORDER BY id").fetchall():
        n_results += 1
        name = f"检查 #{result_id}"
        digest = digests.result_digest(run_id, ruleset_id, ruleset_sha, sources, as_of, schema,
                                       chain_head, checked_at, text)
        linked("result", result_id, digest, name)
        try:
            if summary_of(text) != (counts, score):
                problems.append(f"{name} 的统计列（各状态数、得分）与其结果不符（被改动）")
        except ValueError:
            problems.append(f"{name} 的结果不是合法的 JSON（被改动）")

    for (what, row_id), (seq, _, _) in sorted(links.items(), key=lambda item: item[1][0]):
        label = {"batch": "批次", "run": "收集", "result": "检查"}.get(what, what)
        problems.append(f"{label} #{row_id} 已被删除（链第 {seq} 项仍记载着它）")
    return VerifyReport(tuple(problems), n_links, n_records, n_batches, n_runs, n_results,
                        unfinished, head, frozenset(hashes))


def _set_digests(conn: sqlite3.Connection) -> Iterator[tuple[int, tuple[str, int]]]:
    """(set id, (digest, count)) recomputed from the members as stored."""
    rows = conn.execute(
        "SELECT m.set_id, e.sha256, e.collector, e.collector_version, e.source, e.collected_at "
        "FROM set_members m JOIN evidence e ON e.id = m.evidence_id ORDER BY m.set_id, e.sha256")
    current: int | None = None
    h = hashlib.sha256()
    count = 0
    for set_id, *row in rows:
        if set_id != current:
            if current is not None:
                yield current, (h.hexdigest(), count)
            current, h, count = set_id, hashlib.sha256(), 0
        h.update(digests.record_digest(*row).encode())
        h.update(b"\n")
        count += 1
    if current is not None:
        yield current, (h.hexdigest(), count)
