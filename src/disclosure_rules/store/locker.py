"""The evidence store: one SQLite file with every collection and every check.

::

    store = Store("disclosure.db")
    result, run_id = store.collect(collectors, ruleset=ruleset, as_of=as_of, config=config)
    checked = store.check(ruleset, date(2019, 12, 31))        # the latest finished run
    store.changes()                                            # the last two checks compared
    store.verify().ok

Evidence is content-addressed (``Evidence.sha256``) and append-only: a record collected again
unchanged is not stored again; a record changed at its source is a new version and the old one
stays.  Each collector's batch is written in one transaction as soon as the collector finishes,
so a run killed half-way keeps its finished batches and no half batch; the run itself is a row
written when every collector is done.  A check evaluates exactly the records its run saw.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import uuid
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Any

from attrs import evolve, frozen

from ..collect.collectors import CollectConfig, Collector
from ..collect.running import CollectionResult, run_collectors
from ..engine.evaluator import evaluate
from ..errors import Location, Problem
from ..evidence.records import (
    CollectionRun,
    CollectorReport,
    Evidence,
    EvidenceBatch,
    canonical_json,
    check_record,
)
from ..results.changes import Change, diff_findings
from ..results.findings import StoreRef
from ..results.result import Result
from ..ruleset.model import Ruleset
from . import digests, porting
from .schema import StoreError, connect, guard, summary_of
from .verifying import VerifyReport, verify

__all__ = ["CheckInfo", "RunInfo", "RunWriter", "Store", "StoredCheck"]

#: The store's file name when none is given.
DEFAULT_PATH = "disclosure.db"


@frozen
class RunInfo:
    """One finished collection run."""

    id: int
    token: str
    origin: str  # "collect", or "import:<file>"
    ruleset_id: str
    as_of: date
    started: str | None
    finished: str | None
    run: CollectionRun
    records: int  # distinct records its batches hold

    @property
    def failed(self) -> int:
        return sum(1 for r in self.run.reports if r.error)


@frozen
class CheckInfo:
    """One stored check (a result)."""

    id: int
    run_id: int
    ruleset_id: str
    ruleset_sha256: str
    as_of: date
    checked_at: str
    chain_head: str  # the chain's head when the check read the store
    schema: str
    counts: Mapping[str, int]
    score: float | None


@frozen
class StoredCheck:
    """What :meth:`Store.check` returns: the result, where it was stored (None for a dry run)
    and the chain's head after storing it."""

    result: Result
    run: RunInfo
    check: CheckInfo | None
    head: str


class Store:
    """An evidence store file; see the module documentation.

    :param path: the file (made when missing and ``create`` is true).
    :param create: False for commands that only read: a missing file is an error then.
    :param timeout: seconds a writer waits for another (default 30, or the environment
        variable ``DISCLOSURE_RULES_STORE_TIMEOUT``).
    :raises StoreError: the file is not a store, is damaged, too new, locked or unwritable.
    """

    def __init__(self, path: str | Path = DEFAULT_PATH, *, create: bool = True,
                 timeout: float | None = None) -> None:
        self.path = Path(path)
        self._where = str(self.path)
        self._conn = connect(self.path, create=create, timeout=timeout)
        self._timeout = self._conn.execute("PRAGMA busy_timeout").fetchone()[0] / 1000

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- transactions --------------------------------------------------------------------------

    @contextmanager
    def _read(self) -> Iterator[sqlite3.Connection]:
        with guard(self._where, self._timeout):
            yield self._conn

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction; BEGIN IMMEDIATE waits (busy timeout) for other writers."""
        with guard(self._where, self._timeout):
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
                self._conn.execute("COMMIT")
            except BaseException:
                if self._conn.in_transaction:
                    self._conn.execute("ROLLBACK")
                raise

    @staticmethod
    def _append(conn: sqlite3.Connection, what: str, row_id: int, digest: str) -> str:
        prev = Store._current_head(conn)
        hashed = digests.link(prev, what, row_id, digest)
        conn.execute("INSERT INTO chain (what, row_id, digest, prev, hash) VALUES (?, ?, ?, ?, ?)",
                     (what, row_id, digest, prev, hashed))
        return hashed

    def head(self) -> str:
        """The hash of the chain's last link (64 zeros for an empty store)."""
        with self._read() as conn:
            return self._current_head(conn)

    def record_count(self) -> int:
        """Distinct evidence records (versions) stored."""
        with self._read() as conn:
            (count,) = conn.execute("SELECT count(*) FROM evidence").fetchone()
        return int(count)

    # -- collecting ----------------------------------------------------------------------------

    def begin_run(self, ruleset: Ruleset, as_of: date, *, origin: str = "collect") -> RunWriter:
        """A run to write batches into (``RunWriter.add_batch`` is a ``run_collectors``
        ``on_batch``); it becomes visible to checks when ``finish`` is called."""
        return RunWriter(self, uuid.uuid4().hex, origin, ruleset.id, as_of)

    def collect(self, collectors: Iterable[Collector], *, ruleset: Ruleset, as_of: date,
                config: CollectConfig | None = None, **options: Any
                ) -> tuple[CollectionResult, int]:
        """Run the collectors (as :func:`~disclosure_rules.collecting.run_collectors`, whose
        keyword ``options`` it passes on), writing each batch as it finishes; returns the
        collection result and the id of the stored run."""
        writer = self.begin_run(ruleset, as_of)
        result = run_collectors(collectors, ruleset=ruleset, as_of=as_of, config=config,
                                on_batch=writer.add_batch, **options)
        return result, writer.finish(result.run)

    def _write_batch(self, token: str, collector: str, plugin: str, version: str, unit: str,
                     report: CollectorReport, records: Sequence[Evidence],
                     problems: Sequence[Problem | str]) -> int:
        rows = [(r.sha256, r.kind, r.unit, r.key, canonical_json(r.canonical()),
                 r.provenance.collector, r.provenance.collector_version, r.provenance.source,
                 r.provenance.collected_at.isoformat() if r.provenance.collected_at else None)
                for r in records]
        report_text = canonical_json(report.to_json())
        problems_text = canonical_json([str(p) for p in problems])
        with self._write() as conn:
            conn.execute("CREATE TEMP TABLE IF NOT EXISTS incoming (sha256 TEXT PRIMARY KEY, "
                         "kind, unit, key, content, collector, collector_version, source, "
                         "collected_at)")
            conn.execute("DELETE FROM temp.incoming")
            conn.executemany("INSERT OR IGNORE INTO temp.incoming VALUES (?,?,?,?,?,?,?,?,?)",
                             rows)
            conn.execute(
                "INSERT OR IGNORE INTO evidence (sha256, kind, unit, key, content, collector, "
                "collector_version, source, collected_at) SELECT * FROM temp.incoming "
                "ORDER BY sha256")
            # the stored provenance (the first collection's) is what the set's digest covers,
            # so an unchanged record collected again leaves the set unchanged
            members = conn.execute(
                "SELECT e.sha256, e.collector, e.collector_version, e.source, e.collected_at "
                "FROM temp.incoming i JOIN evidence e ON e.sha256 = i.sha256 ORDER BY e.sha256")
            count = 0

            def each() -> Iterator[str]:
                nonlocal count
                for row in members:
                    count += 1
                    yield digests.record_digest(*row)

            set_hash = digests.set_digest(each())
            found = conn.execute("SELECT id FROM evidence_sets WHERE digest = ?",
                                 (set_hash,)).fetchone()
            if found:
                set_id = found[0]
            else:
                set_id = conn.execute("INSERT INTO evidence_sets (digest, count) VALUES (?, ?)",
                                      (set_hash, count)).lastrowid
                conn.execute("INSERT INTO set_members SELECT ?, e.id FROM temp.incoming i "
                             "JOIN evidence e ON e.sha256 = i.sha256", (set_id,))
            conn.execute("DELETE FROM temp.incoming")
            batch_id = conn.execute(
                "INSERT INTO batches (run_token, collector, plugin, collector_version, unit, "
                "report, problems, set_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (token, collector, plugin, version, unit, report_text, problems_text, set_id),
            ).lastrowid
            assert batch_id is not None and set_id is not None
            digest = digests.batch_digest(token, collector, plugin, version, unit, report_text,
                                          problems_text, set_hash, count)
            self._append(conn, "batch", batch_id, digest)
        return batch_id

    def _finish_run(self, token: str, origin: str, run: CollectionRun) -> int:
        text = canonical_json(run.to_json())
        started = run.started.isoformat() if run.started else None
        finished = run.finished.isoformat() if run.finished else None
        with self._write() as conn:
            links = [row[0] for row in conn.execute(
                "SELECT c.hash FROM batches b JOIN chain c ON c.what = 'batch' AND c.row_id = b.id "
                "WHERE b.run_token = ? ORDER BY c.seq", (token,))]
            run_id = conn.execute(
                "INSERT INTO runs (token, origin, ruleset_id, as_of, started, finished, run_json) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (token, origin, run.ruleset_id, run.as_of.isoformat(), started, finished, text),
            ).lastrowid
            assert run_id is not None
            digest = digests.run_digest(token, origin, run.ruleset_id, run.as_of.isoformat(),
                                        started, finished, text, links)
            self._append(conn, "run", run_id, digest)
        return run_id

    # -- reading -------------------------------------------------------------------------------

    def runs(self) -> list[RunInfo]:
        """Every finished run, oldest first."""
        with self._read() as conn:
            rows = conn.execute("SELECT id FROM runs ORDER BY id").fetchall()
        return [self.run(row[0]) for row in rows]

    def run(self, run_id: int | None = None) -> RunInfo:
        """A finished run by id; the latest when ``run_id`` is None."""
        with self._read() as conn:
            if run_id is None:
                row = conn.execute("SELECT id, token, origin, ruleset_id, as_of, started, "
                                   "finished, run_json FROM runs ORDER BY id DESC LIMIT 1"
                                   ).fetchone()
            else:
                row = conn.execute("SELECT id, token, origin, ruleset_id, as_of, started, "
                                   "finished, run_json FROM runs WHERE id = ?", (run_id,)
                                   ).fetchone()
            if row is None:
                if run_id is None:
                    raise StoreError(f"证据库 {self._where} 中还没有完成的收集；"
                                     "请先运行 collect --store 或 import-evidence")
                raise StoreError(f"证据库 {self._where} 中没有编号为 {run_id} 的收集"
                                 "（history 列出全部收集）")
            (records,) = conn.execute(
                "SELECT count(DISTINCT m.evidence_id) FROM batches b "
                "JOIN set_members m ON m.set_id = b.set_id WHERE b.run_token = ?", (row[1],)
            ).fetchone()
        run = CollectionRun.from_json(json.loads(row[7]))
        return RunInfo(row[0], row[1], row[2], row[3], date.fromisoformat(row[4]), row[5],
                       row[6], run, records)

    def _raw_records(self, token: str) -> Iterator[tuple[str, Mapping[str, Any]]]:
        """(sha256, raw record) of every record the run's batches hold, in content-hash order."""
        with self._read() as conn:
            rows = conn.execute(
                "SELECT DISTINCT e.sha256, e.content, e.collector, e.collector_version, e.source, "
                "e.collected_at FROM batches b JOIN set_members m ON m.set_id = b.set_id "
                "JOIN evidence e ON e.id = m.evidence_id WHERE b.run_token = ? "
                "ORDER BY e.sha256", (token,))
            for sha, content, collector, version, source, at in rows:
                raw = json.loads(content)
                raw["provenance"] = {"collector": collector, "collector_version": version,
                                     "source": source, "collected_at": at}
                yield sha, raw

    def evidence(self, ruleset: Ruleset, *, run: int | None = None,
                 as_of: date | None = None) -> EvidenceBatch:
        """The records a run saw (the latest finished run by default), checked against
        ``ruleset`` as when they were collected; with ``as_of``, only the records whose date
        field is on or before it (a kind without a date field is always included).  A stored
        record the rule set no longer accepts is a problem of the batch, never dropped silently.
        """
        info = self.run(run)
        records: list[Evidence] = []
        problems: list[Problem] = []
        for sha, raw in self._raw_records(info.token):
            where = Location(f"{self._where} 收集 #{info.id} 证据 {raw.get('kind')}:{sha[:12]}")
            record, found = check_record(raw, ruleset, location=where)
            problems.extend(found)
            if record is None:
                continue
            if as_of is not None:
                day = record.date(ruleset.kind_map[record.kind].date_field)
                if day is not None and day > as_of:
                    continue
            records.append(record)
        return EvidenceBatch(tuple(records), tuple(problems))

    # -- checking ------------------------------------------------------------------------------

    def check(self, ruleset: Ruleset, as_of: date, *, run: int | None = None,
              dry_run: bool = False, sources: Sequence[str | Path] = (), lang: str = "zh",
              backend: str = "durable") -> StoredCheck:
        """Evaluate what a run saw (the latest finished run by default) as of ``as_of``, its
        failed collectors as ``error``; store the result unless ``dry_run``.

        :param sources: the files the rule set was loaded from (rule set, waivers): each is
            stored with its sha256.

        The returned result carries ``store`` (:class:`~disclosure_rules.findings.StoreRef`):
        the run, the check and the chain's head after storing, so every report shows them; the
        stored JSON is the result without it (its row and chain link already say where it is).
        """
        info = self.run(run)
        head = self.head()
        batch = self.evidence(ruleset, run=info.id)
        result = evaluate(ruleset, batch.records, as_of, failures=info.run.failures(),
                          lang=lang, backend=backend, rejected=batch.problems)
        del batch  # findings name records by id: the records go before the result is stored
        if dry_run:
            return StoredCheck(evolve(result, store=StoreRef(head, info.id)), info, None, head)
        check = self.add_result(result, run=info.id, chain_head=head, sources=sources)
        after = self.head()
        return StoredCheck(evolve(result, store=StoreRef(after, info.id, check.id)), info, check,
                           after)

    def add_result(self, result: Result, *, run: int, chain_head: str | None = None,
                   sources: Sequence[str | Path] = ()) -> CheckInfo:
        """Store a result computed from run ``run``; ``chain_head`` is the head it was
        computed against (default: the current head)."""
        data = result.to_json()
        schema = str(data.get("schema", ""))
        text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        del data  # only its text is kept: at 1M records the two together were the peak
        files = canonical_json([{"path": str(p), "sha256": _file_sha256(p)} for p in sources])
        checked_at = datetime.now().astimezone().isoformat(timespec="seconds")
        counts, score = summary_of(text)
        with self._write() as conn:
            head = chain_head or self._current_head(conn)
            row_id = conn.execute(
                "INSERT INTO results (run_id, ruleset_id, ruleset_sha256, sources, as_of, schema, "
                "chain_head, checked_at, json, counts, score) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (run, result.ruleset_id, result.ruleset_sha256, files, result.as_of.isoformat(),
                 schema, head, checked_at, text, counts, score),
            ).lastrowid
            assert row_id is not None
            digest = digests.result_digest(run, result.ruleset_id, result.ruleset_sha256, files,
                                           result.as_of.isoformat(), schema, head, checked_at,
                                           text)
            self._append(conn, "result", row_id, digest)
        return self._check_info(row_id)

    @staticmethod
    def _current_head(conn: sqlite3.Connection) -> str:
        row = conn.execute("SELECT hash FROM chain ORDER BY seq DESC LIMIT 1").fetchone()
        return row[0] if row else digests.ZERO

    _CHECK_COLUMNS = ("id, run_id, ruleset_id, ruleset_sha256, as_of, checked_at, chain_head, "
                      "schema, counts, score")

    def _check_info(self, check_id: int) -> CheckInfo:
        with self._read() as conn:
            row = conn.execute(f"SELECT {self._CHECK_COLUMNS} FROM results WHERE id = ?",
                               (check_id,)).fetchone()
        if row is None:
            raise StoreError(f"证据库 {self._where} 中没有编号为 {check_id} 的检查"
                             "（history 列出全部检查）")
        return _check_from(row)

    def results(self) -> list[CheckInfo]:
        """Every stored check, oldest first."""
        with self._read() as conn:
            rows = conn.execute(f"SELECT {self._CHECK_COLUMNS} FROM results ORDER BY id"
                                ).fetchall()
        return [_check_from(row) for row in rows]

    def result_json(self, check_id: int) -> dict[str, Any]:
        """A stored result's JSON (``Result.to_json()`` as it was stored)."""
        self._check_info(check_id)
        with self._read() as conn:
            (text,) = conn.execute("SELECT json FROM results WHERE id = ?", (check_id,)
                                   ).fetchone()
        data: dict[str, Any] = json.loads(text)
        return data

    def changes(self, before: int | None = None, after: int | None = None) -> list[Change]:
        """Findings whose status differs between two checks (default: the last two)."""
        before, after = self.pair(before, after)
        return diff_findings(self.result_json(before)["findings"],
                             self.result_json(after)["findings"])

    def pair(self, before: int | None, after: int | None) -> tuple[int, int]:
        """The two check ids :meth:`changes` compares, defaults filled in."""
        ids = [c.id for c in self.results()]
        if after is None:
            if not ids:
                raise StoreError(f"证据库 {self._where} 中还没有检查结果")
            after = ids[-1]
        if before is None:
            earlier = [i for i in ids if i < after]
            if not earlier:
                raise StoreError(f"检查 #{after} 之前没有可比较的检查；请用 --from 指定")
            before = earlier[-1]
        return before, after

    # -- integrity and portability -------------------------------------------------------------

    def verify(self) -> VerifyReport:
        """Recompute every hash and the chain; see :mod:`.verifying`."""
        with self._read() as conn:
            # one read transaction: every query sees the same snapshot, so batches another
            # process appends meanwhile are neither "inserted" nor half seen
            conn.execute("BEGIN")
            try:
                return verify(conn)
            finally:
                conn.execute("ROLLBACK")

    def export(self, out: str | Path) -> list[Path]:
        """Each run as ``run-NNNN.jsonl`` + ``run-NNNN.run.json`` and each check as
        ``check-NNNN.json`` in folder ``out``; returns the files written."""
        runs = ((info.id, info.run, (raw for _, raw in self._raw_records(info.token)))
                for info in self.runs())
        checks = ((check.id, self.result_json(check.id)) for check in self.results())
        return porting.write_export(Path(out), runs, checks)

    def import_evidence(self, path: str | Path, ruleset: Ruleset, *,
                        as_of: date | None = None) -> tuple[RunInfo, tuple[Problem, ...]]:
        """Store a JSON Lines evidence file (and its ``.run.json``, when there is one) as a
        run; returns the run and the problems of rejected lines."""
        path = Path(path)
        imported = porting.read_import(path, ruleset, as_of=as_of)
        writer = self.begin_run(ruleset, imported.run.as_of, origin=f"import:{path.name}")
        for batch in imported.batches:
            writer.write(batch.name, batch.plugin, batch.version, batch.report, batch.records,
                         batch.problems)
        return self.run(writer.finish(imported.run)), imported.problems


class RunWriter:
    """A collection run being written; see :meth:`Store.begin_run`."""

    def __init__(self, store: Store, token: str, origin: str, ruleset_id: str,
                 as_of: date) -> None:
        self.store = store
        self.token = token
        self.origin = origin
        self.ruleset_id = ruleset_id
        self.as_of = as_of
        self.batches = 0

    def add_batch(self, collector: Collector, report: CollectorReport,
                  records: tuple[Evidence, ...], problems: tuple[Problem, ...]) -> None:
        """One collector's outcome, in one transaction (a ``run_collectors`` ``on_batch``)."""
        self.write(collector.name, collector.plugin, collector.version, report, records,
                   problems)

    def write(self, name: str, plugin: str, version: str, report: CollectorReport,
              records: Sequence[Evidence], problems: Sequence[Problem | str]) -> int:
        self.batches += 1
        return self.store._write_batch(self.token, name, plugin, version, report.unit, report,
                                       records, problems)

    def finish(self, run: CollectionRun) -> int:
        """Record the run (its collectors' reports); returns its id."""
        return self.store._finish_run(self.token, self.origin, run)


def _check_from(row: Sequence[Any]) -> CheckInfo:
    return CheckInfo(row[0], row[1], row[2], row[3], date.fromisoformat(row[4]), row[5], row[6],
                     row[7], json.loads(row[8] or "{}"), row[9])


def _file_sha256(path: str | Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()
