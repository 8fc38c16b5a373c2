"""The hashes that make a store provable.

Every collector batch, collection run and stored result is a link of one chain: its row's
content is hashed into a *digest*, and the link's hash covers the previous link's hash, what
the row is, its id and its digest.  Changing, removing or inserting a row (or a link) breaks a
digest or the chain from that point on.  Evidence enters through its batch: a batch's digest
covers the digest of its evidence set, which covers each member's content hash and provenance.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import Any

from ..evidence.records import canonical_json

__all__ = ["ZERO", "batch_digest", "link", "record_digest", "result_digest", "run_digest",
           "set_digest"]

#: The ``prev`` of the first link.
ZERO = "0" * 64


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def link(prev: str, what: str, row_id: int, digest: str) -> str:
    """The hash of one link of the chain."""
    return _sha(f"{prev}\n{what}\n{row_id}\n{digest}")


def record_digest(sha256: str, collector: str, collector_version: str, source: str,
                  collected_at: str | None) -> str:
    """One stored record: its content hash (``Evidence.sha256``) and its provenance."""
    return _sha("\x1f".join((sha256, collector, collector_version, source, collected_at or "")))


def set_digest(record_digests: Iterable[str]) -> str:
    """An evidence set: the digests of its records, in the order of their content hashes."""
    h = hashlib.sha256()
    for digest in record_digests:
        h.update(digest.encode())
        h.update(b"\n")
    return h.hexdigest()


def _fields(*values: Any) -> str:
    return _sha(canonical_json(list(values)))


def batch_digest(run_token: str, collector: str, plugin: str, collector_version: str,
                 unit: str, report: str, problems: str, evidence_set: str,
                 count: int) -> str:
    return _fields("batch", run_token, collector, plugin, collector_version, unit, report,
                   problems, evidence_set, count)


def run_digest(token: str, origin: str, ruleset_id: str, as_of: str, started: str | None,
               finished: str | None, run_json: str, batch_links: list[str]) -> str:
    return _fields("run", token, origin, ruleset_id, as_of, started, finished, run_json,
                   batch_links)


def result_digest(run_id: int, ruleset_id: str, ruleset_sha256: str, sources: str, as_of: str,
                  schema: str, chain_head: str, checked_at: str, result_json: str) -> str:
    return _fields("result", run_id, ruleset_id, ruleset_sha256, sources, as_of, schema,
                   chain_head, checked_at, _sha(result_json))
