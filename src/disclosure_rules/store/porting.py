"""Nothing locked in: a store's runs out as JSON Lines + run files, and such files in.

``export`` writes, per finished run, ``run-NNNN.jsonl`` (one ``Evidence.to_json()`` a line, the
provenance as stored) and ``run-NNNN.run.json`` (the collectors' reports), the same files
``collect --out`` writes; and per check, ``check-NNNN.json`` (the result as stored).
``import_evidence`` stores such a file as a run: with its ``.run.json`` the collectors' reports
and batches come back as they were; without it, the file is one batch named after itself.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from ..collect.running import CollectionResult, output_paths, write_outputs
from ..errors import Problem
from ..evidence.records import CollectionRun, CollectorReport, Evidence, Provenance, load_evidence
from ..ruleset.model import Ruleset

if TYPE_CHECKING:
    from .locker import RunInfo, Store

__all__ = ["export", "import_evidence"]


def _evidence(raw: dict[str, Any]) -> Evidence:
    """A stored record as an Evidence (field values as stored: its JSON is the same)."""
    prov = raw["provenance"]
    at = prov.get("collected_at")
    return Evidence(raw["kind"], raw["unit"], raw["key"], raw.get("title", ""),
                    raw.get("fields", {}),
                    Provenance(prov.get("collector", ""), prov.get("collector_version", ""),
                               prov.get("source", ""),
                               datetime.fromisoformat(at) if at else None))


def export(store: Store, out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for info in store.runs():
        records = tuple(_evidence(dict(raw)) for _, raw in store._raw_records(info.token))
        paths = write_outputs(CollectionResult(records, info.run), out / f"run-{info.id:04d}")
        written.extend(paths)
    for check in store.results():
        path = out / f"check-{check.id:04d}.json"
        path.write_text(json.dumps(store.result_json(check.id), ensure_ascii=False, indent=2)
                        + "\n", encoding="utf-8")
        written.append(path)
    return written


def import_evidence(store: Store, path: Path, ruleset: Ruleset, *,
                    as_of: date | None = None) -> tuple[RunInfo, tuple[Problem, ...]]:
    batch = load_evidence([path], ruleset)
    run_file = output_paths(path)[1]
    if run_file.exists():
        run = CollectionRun.read(run_file)
    else:
        now = datetime.now().astimezone()
        run = CollectionRun(ruleset.id, as_of or date.today(), (), now, now)
    writer = store.begin_run(ruleset, run.as_of, origin=f"import:{path.name}")
    by_collector: dict[str, list[Evidence]] = {}
    for record in batch.records:
        by_collector.setdefault(record.provenance.collector, []).append(record)
    reports = list(run.reports)
    for report in reports:
        records = by_collector.pop(report.collector, [])
        writer.write(report.collector, report.collector.partition(":")[0],
                     records[0].provenance.collector_version if records else "", report,
                     records, ())
    leftover = [r for records in by_collector.values() for r in records]
    if leftover or batch.problems or not reports:
        # records no report accounts for (or a file without a run file): one batch of the file
        name = f"导入:{path.name}"
        report = CollectorReport(name, "", tuple(sorted({r.kind for r in leftover})),
                                 len(leftover), len(batch.problems))
        writer.write(name, "import", "", report, leftover, batch.problems)
        if not reports:
            reports.append(report)
    run_id = writer.finish(attrs.evolve(run, reports=tuple(reports)))
    return store.run(run_id), batch.problems
