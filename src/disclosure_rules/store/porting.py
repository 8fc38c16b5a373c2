"""Nothing locked in: the files a store's runs go out as and come in from.

``write_export`` writes, per finished run, ``run-NNNN.jsonl`` (one ``Evidence.to_json()`` a
line, the provenance as stored) and ``run-NNNN.run.json`` (the collectors' reports), the same
files ``collect --out`` writes; and per check, ``check-NNNN.json`` (the result as stored).
``read_import`` reads such a file into the batches of one run: with its ``.run.json`` the
collectors' reports and batches come back as they were; without it, the file is one batch
named after itself.  The store itself (:meth:`~disclosure_rules.store.locker.Store.export`,
:meth:`~disclosure_rules.store.locker.Store.import_evidence`) reads and writes its tables and
hands this module plain data, so the two do not import each other.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from pathlib import Path
from typing import Any

import attrs
from attrs import frozen

from ..collect.running import CollectionResult, output_paths, write_outputs
from ..errors import Problem
from ..evidence.records import CollectionRun, CollectorReport, Evidence, Provenance, load_evidence
from ..ruleset.model import Ruleset

__all__ = ["Batch", "ImportedRun", "read_import", "write_export"]


def _evidence(raw: dict[str, Any]) -> Evidence:
    """A stored record as an Evidence (field values as stored: its JSON is the same)."""
    prov = raw["provenance"]
    at = prov.get("collected_at")
    return Evidence(raw["kind"], raw["unit"], raw["key"], raw.get("title", ""),
                    raw.get("fields", {}),
                    Provenance(prov.get("collector", ""), prov.get("collector_version", ""),
                               prov.get("source", ""),
                               datetime.fromisoformat(at) if at else None))


def write_export(out: Path,
                 runs: Iterable[tuple[int, CollectionRun, Iterable[Mapping[str, Any]]]],
                 checks: Iterable[tuple[int, Mapping[str, Any]]]) -> list[Path]:
    """Write each run (id, run, its stored records) and each check (id, result JSON) into
    folder ``out``; returns the files written."""
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for run_id, run, raws in runs:
        records = tuple(_evidence(dict(raw)) for raw in raws)
        written.extend(write_outputs(CollectionResult(records, run), out / f"run-{run_id:04d}"))
    for check_id, data in checks:
        path = out / f"check-{check_id:04d}.json"
        path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        written.append(path)
    return written


@frozen
class Batch:
    """One batch of an imported run, as :meth:`RunWriter.write` takes it."""

    name: str
    plugin: str
    version: str
    report: CollectorReport
    records: tuple[Evidence, ...]
    problems: tuple[Problem, ...]


@frozen
class ImportedRun:
    """An evidence file read for storing: the run (its reports included), its batches and the
    problems of the lines that were rejected."""

    run: CollectionRun
    batches: tuple[Batch, ...]
    problems: tuple[Problem, ...]


def read_import(path: Path, ruleset: Ruleset, *, as_of: date | None = None) -> ImportedRun:
    """Read a JSON Lines evidence file (and its ``.run.json``, when there is one) into the
    batches of one run."""
    batch = load_evidence([path], ruleset)
    run_file = output_paths(path)[1]
    if run_file.exists():
        run = CollectionRun.read(run_file)
    else:
        now = datetime.now().astimezone()
        run = CollectionRun(ruleset.id, as_of or date.today(), (), now, now)
    by_collector: dict[str, list[Evidence]] = {}
    for record in batch.records:
        by_collector.setdefault(record.provenance.collector, []).append(record)
    batches: list[Batch] = []
    reports = list(run.reports)
    for report in reports:
        records = by_collector.pop(report.collector, [])
        batches.append(Batch(report.collector, report.collector.partition(":")[0],
                             records[0].provenance.collector_version if records else "",
                             report, tuple(records), ()))
    leftover = [r for records in by_collector.values() for r in records]
    if leftover or batch.problems or not reports:
        # records no report accounts for (or a file without a run file): one batch of the file
        name = f"导入:{path.name}"
        report = CollectorReport(name, "", tuple(sorted({r.kind for r in leftover})),
                                 len(leftover), len(batch.problems))
        batches.append(Batch(name, "import", "", report, tuple(leftover),
                             tuple(batch.problems)))
        if not reports:
            reports.append(report)
    return ImportedRun(attrs.evolve(run, reports=tuple(reports)), tuple(batches),
                       tuple(batch.problems))
