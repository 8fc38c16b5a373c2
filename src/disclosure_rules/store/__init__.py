"""The evidence store: every collection and every check in one SQLite file, provable by a hash
chain and comparable over time.  See ``docs/store.md``; the API is :class:`Store`."""

from __future__ import annotations

from .locker import DEFAULT_PATH, CheckInfo, RunInfo, RunWriter, Store, StoredCheck
from .schema import VERSION, StoreError
from .verifying import VerifyReport

__all__ = [
    "DEFAULT_PATH",
    "VERSION",
    "CheckInfo",
    "RunInfo",
    "RunWriter",
    "Store",
    "StoreError",
    "StoredCheck",
    "VerifyReport",
]
