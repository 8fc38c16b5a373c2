"""The evidence store's SQLite schema, its versions and the opening of a store file.

The version lives in ``PRAGMA user_version``; ``PRAGMA application_id`` marks the file as an
evidence store.  A file is brought up to :data:`VERSION` by the steps of :data:`MIGRATIONS`, one
transaction each; a file written by a newer program (a higher version) is refused, never
touched.  Every way a file can be unusable (not SQLite, not a store, corrupt, locked, in a
folder that cannot be written) is a :class:`StoreError` naming the file and saying what to do.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from ..errors import DisclosureRulesError

__all__ = ["APPLICATION_ID", "MIGRATIONS", "VERSION", "StoreError", "connect", "guard"]

#: ``PRAGMA application_id`` of a store file ("DRst").
APPLICATION_ID = 0x44527374
#: Seconds a writer waits for another writer before giving up (environment variable
#: ``DISCLOSURE_RULES_STORE_TIMEOUT`` overrides it).
BUSY_TIMEOUT = 30.0
TIMEOUT_ENV = "DISCLOSURE_RULES_STORE_TIMEOUT"

_HEADER = b"SQLite format 3\x00"


class StoreError(DisclosureRulesError):
    """The store file cannot be used (it is not a store, is damaged, locked, too new...)."""


#: Version 1: evidence by content, evidence sets, batches, runs, results, the chain.
V1 = """
CREATE TABLE evidence (
    id INTEGER PRIMARY KEY,
    sha256 TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    unit TEXT NOT NULL,
    key TEXT NOT NULL,
    content TEXT NOT NULL,
    collector TEXT NOT NULL,
    collector_version TEXT NOT NULL,
    source TEXT NOT NULL,
    collected_at TEXT
);
CREATE INDEX evidence_by_key ON evidence (kind, unit, key);
CREATE TABLE evidence_sets (
    id INTEGER PRIMARY KEY,
    digest TEXT NOT NULL UNIQUE,
    count INTEGER NOT NULL
);
CREATE TABLE set_members (
    set_id INTEGER NOT NULL,
    evidence_id INTEGER NOT NULL,
    PRIMARY KEY (set_id, evidence_id)
) WITHOUT ROWID;
CREATE TABLE batches (
    id INTEGER PRIMARY KEY,
    run_token TEXT NOT NULL,
    collector TEXT NOT NULL,
    plugin TEXT NOT NULL,
    collector_version TEXT NOT NULL,
    unit TEXT NOT NULL,
    report TEXT NOT NULL,
    problems TEXT NOT NULL,
    set_id INTEGER NOT NULL
);
CREATE INDEX batches_by_run ON batches (run_token);
CREATE TABLE runs (
    id INTEGER PRIMARY KEY,
    token TEXT NOT NULL UNIQUE,
    origin TEXT NOT NULL,
    ruleset_id TEXT NOT NULL,
    as_of TEXT NOT NULL,
    started TEXT,
    finished TEXT,
    run_json TEXT NOT NULL
);
CREATE TABLE results (
    id INTEGER PRIMARY KEY,
    run_id INTEGER NOT NULL,
    ruleset_id TEXT NOT NULL,
    ruleset_sha256 TEXT NOT NULL,
    sources TEXT NOT NULL,
    as_of TEXT NOT NULL,
    schema TEXT NOT NULL,
    chain_head TEXT NOT NULL,
    checked_at TEXT NOT NULL,
    json TEXT NOT NULL
);
CREATE TABLE chain (
    seq INTEGER PRIMARY KEY,
    what TEXT NOT NULL,
    row_id INTEGER NOT NULL,
    digest TEXT NOT NULL,
    prev TEXT NOT NULL,
    hash TEXT NOT NULL,
    UNIQUE (what, row_id)
);
"""


def _v2(conn: sqlite3.Connection) -> None:
    """Version 2: each result's counts and score as columns, for ``history`` without reading
    every result's JSON.  Filled from the JSON of the results already stored; they are derived
    data, outside the chain's digests, and ``verify`` checks them against the JSON."""
    conn.execute("ALTER TABLE results ADD COLUMN counts TEXT NOT NULL DEFAULT '{}'")
    conn.execute("ALTER TABLE results ADD COLUMN score REAL")
    rows = conn.execute("SELECT id, json FROM results").fetchall()
    for row_id, text in rows:
        counts, score = summary_of(text)
        conn.execute("UPDATE results SET counts = ?, score = ? WHERE id = ?",
                     (counts, score, row_id))


def summary_of(result_json: str) -> tuple[str, float | None]:
    """(counts as JSON text, score) of a stored result's JSON."""
    data = json.loads(result_json)
    counts = data.get("counts") or {}
    score = data.get("score")
    return (json.dumps(counts, sort_keys=True),
            float(score) if isinstance(score, (int, float)) else None)


def _v1(conn: sqlite3.Connection) -> None:
    # statement by statement: executescript would commit the migration's transaction first
    for statement in V1.split(";"):
        if statement.strip():
            conn.execute(statement)


#: MIGRATIONS[n] brings a file from version n to version n + 1, inside one transaction.
MIGRATIONS: tuple[Callable[[sqlite3.Connection], None], ...] = (_v1, _v2)
VERSION = len(MIGRATIONS)


def busy_timeout() -> float:
    text = os.environ.get(TIMEOUT_ENV)
    if text:
        try:
            return max(0.0, float(text))
        except ValueError:
            raise StoreError(f"环境变量 {TIMEOUT_ENV} 应为秒数，实际为“{text}”") from None
    return BUSY_TIMEOUT


def connect(path: Path, *, create: bool, timeout: float | None = None) -> sqlite3.Connection:
    """Open (or, with ``create``, make) the store at ``path``, migrated to :data:`VERSION`."""
    timeout = busy_timeout() if timeout is None else timeout
    where = str(path)
    if path.is_dir():
        raise StoreError(f"证据库 {where} 是一个文件夹，不是文件；"
                         "请指定证据库文件，如 disclosure.db")
    exists = path.exists()
    if not exists and not create:
        raise StoreError(f"证据库 {where} 不存在；请先用 collect --store 或 import-evidence 建立")
    if exists:
        _check_header(path)
    elif not path.parent.is_dir():
        raise StoreError(f"无法建立证据库 {where}：文件夹 {path.parent} 不存在")
    elif not os.access(path.parent, os.W_OK):
        raise StoreError(f"无法在文件夹 {path.parent} 中建立证据库 {where}：该文件夹不可写"
                         "（只读或无权限）；请换一个可写的位置")
    try:
        conn = sqlite3.connect(path, timeout=timeout, isolation_level=None,
                               check_same_thread=False)
    except sqlite3.Error as exc:
        raise _translate(exc, where, timeout) from None
    try:
        with guard(where, timeout):
            _prepare(conn, where, timeout)
    except BaseException:
        conn.close()
        raise
    return conn


def _check_header(path: Path) -> None:
    try:
        with open(path, "rb") as handle:
            head = handle.read(len(_HEADER))
    except OSError as exc:
        raise StoreError(f"无法读取证据库 {path}：{exc.strerror or exc}") from None
    if head and head != _HEADER:
        raise StoreError(f"{path} 不是证据库（不是 SQLite 数据库文件）；"
                         "未作任何改动，请检查 --store 指定的文件")


def _prepare(conn: sqlite3.Connection, where: str, timeout: float) -> None:
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    app = conn.execute("PRAGMA application_id").fetchone()[0]
    tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
    if app != APPLICATION_ID and (tables or version):
        raise StoreError(f"{where} 是 SQLite 数据库，但不是本工具的证据库；未作任何改动，"
                         "请检查 --store 指定的文件")
    if version > VERSION:
        raise StoreError(f"证据库 {where} 的版本为 {version}，由更新的 disclosure-rules 写成；"
                         f"本程序只支持到版本 {VERSION}。未作任何改动，请升级 disclosure-rules")
    mode = conn.execute("PRAGMA journal_mode").fetchone()[0]
    if mode != "wal":
        conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("PRAGMA foreign_keys=ON")
    while version < VERSION:
        conn.execute("BEGIN IMMEDIATE")
        try:
            now = conn.execute("PRAGMA user_version").fetchone()[0]
            if now == version:  # another process may have migrated meanwhile
                MIGRATIONS[version](conn)
                if version == 0:
                    conn.execute(f"PRAGMA application_id={APPLICATION_ID}")
                conn.execute(f"PRAGMA user_version={version + 1}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        version = conn.execute("PRAGMA user_version").fetchone()[0]


@contextmanager
def guard(where: str, timeout: float) -> Iterator[None]:
    """Turn sqlite3's errors into a :class:`StoreError` the office can act on."""
    try:
        yield
    except sqlite3.Error as exc:
        raise _translate(exc, where, timeout) from None


def _translate(exc: sqlite3.Error, where: str, timeout: float) -> StoreError:
    text = str(exc)
    lower = text.lower()
    if "locked" in lower or "busy" in lower:
        return StoreError(f"证据库 {where} 正被另一个程序写入，等待 {timeout:g} 秒后仍未释放；"
                          "这次写入已取消（此前已完成的写入都保留），请等它结束后再试")
    if "readonly" in lower or "read-only" in lower or "unable to open" in lower:
        return StoreError(f"无法写入证据库 {where}：文件或所在文件夹只读（{text}）；"
                          "请换一个可写的位置，或修改权限后再试")
    if "malformed" in lower or "not a database" in lower or "corrupt" in lower:
        return StoreError(f"证据库 {where} 已损坏（{text}）；未作任何改动。请用备份恢复，"
                          "或用 export 导出仍可读的部分")
    return StoreError(f"证据库 {where} 出错：{text}")
