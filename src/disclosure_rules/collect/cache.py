"""What a collector keeps between collection runs, so a re-collection can skip what has not
changed (the website crawler's list entries, ETags and the records of articles it read).

The cache lives in the evidence store's file, in a table of its own (``collector_cache``)
outside the store's hash chain: it is a helper for collecting, never evidence.  Each collector
sees only its own entries (:meth:`CollectCache.view`, by collector name); a value is anything
JSON can hold (dates are written as ``YYYY-MM-DD`` text).  Without ``--store`` a collection has
no cache and every collector reads everything, as before.

A collector that carries a record over from its cache yields it again in the new run: the check
evaluates what that run saw, so an unchanged article is delivered, not dropped.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from pathlib import Path
from typing import Any

__all__ = ["CollectCache", "CollectorCache"]

_SCHEMA = """CREATE TABLE IF NOT EXISTS collector_cache (
    collector TEXT NOT NULL,
    key TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (collector, key)
)"""


class CollectCache:
    """The cache table of a store file; thread-safe (collectors run in worker threads)."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()
        self._conn = sqlite3.connect(self.path, timeout=30, isolation_level=None,
                                     check_same_thread=False)
        self._conn.execute(_SCHEMA)

    def view(self, collector: str) -> CollectorCache:
        """The entries of one collector."""
        return CollectorCache(self, collector)

    def _get(self, collector: str, key: str) -> Any:
        with self._lock:
            row = self._conn.execute(
                "SELECT value FROM collector_cache WHERE collector = ? AND key = ?",
                (collector, key)).fetchone()
        return json.loads(row[0]) if row is not None else None

    def _put(self, collector: str, key: str, value: Any) -> None:
        text = json.dumps(value, ensure_ascii=False, default=str, sort_keys=True)
        with self._lock:
            self._conn.execute(
                "INSERT OR REPLACE INTO collector_cache (collector, key, value) VALUES (?, ?, ?)",
                (collector, key, text))

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def __enter__(self) -> CollectCache:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class CollectorCache:
    """One collector's entries: ``get(key)`` (None when absent) and ``put(key, value)``."""

    def __init__(self, cache: CollectCache, collector: str) -> None:
        self._cache = cache
        self.collector = collector

    def get(self, key: str) -> Any:
        """The value stored under ``key`` by an earlier run, or None."""
        return self._cache._get(self.collector, key)

    def put(self, key: str, value: Any) -> None:
        """Store ``value`` (JSON-able; dates become text) under ``key``, replacing any."""
        self._cache._put(self.collector, key, value)
