"""The HTML writer: one self-contained file (no network, no external assets) that works from a
USB stick or a mail attachment.

The task × unit matrix is coloured by status; a click on a cell shows its findings with
reasons, dates, limits and evidence (title, 文号, source link); filters by unit, status and
heading; the units' scores as an inline SVG chart; a print stylesheet.  Templates are Jinja2
with autoescape, and the findings travel as JSON inside the page which the page's own script
shows with ``textContent`` only, so a page title ``<script>…`` from evidence stays text.

At scale the file stays one a browser opens: every finding that needs action (and every
pending or waived one) is embedded in full, passes and not-applicable only as counts per cell;
``show_all`` embeds everything.  The page is streamed to the stream in pieces.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from typing import IO, Any

from jinja2 import Environment, PackageLoader
from markupsafe import Markup

from ..results.findings import Finding, Status
from ..results.result import Result
from .view import ORDER, View, score_rule, score_text, subject_text
from .writer import ReportOptions

#: Statuses shown in full even without ``show_all`` (pass and not_applicable become counts).
EMBEDDED = (Status.FAIL, Status.ERROR, Status.PENDING, Status.WAIVED)
#: Findings per chunk of the embedded JSON when streaming.
CHUNK = 2_000

_ENV = Environment(loader=PackageLoader("disclosure_rules.reports", "templates"),
                   autoescape=True, trim_blocks=True, lstrip_blocks=True)


def script_json(value: Any) -> str:
    """JSON safe inside ``<script type="application/json">``: no ``<``, ``>``, ``&`` or
    ``'`` appear literally (a ``</script>`` in a title cannot end the element)."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return (text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("'", "\\u0027").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def _finding_row(f: Finding, view: View) -> list[Any]:
    detail = f.detail
    return [f.task, f.unit, f.rule, subject_text(f), f.status.value, f.reason,
            f.due.isoformat() if f.due else "",
            str(detail.get("limit") or detail.get("due") or ""), list(f.evidence),
            f.would_be.value if f.would_be else ""]


def _data_chunks(view: View, embedded: tuple[Status, ...]) -> Iterator[Markup]:
    """The page's data as JSON, in pieces (a million findings never form one string)."""
    result = view.result
    yield Markup('{"findings":[')
    batch: list[list[Any]] = []
    first = True
    cited: set[str] = set()
    for f in view.findings():
        if f.status not in embedded:
            continue
        batch.append(_finding_row(f, view))
        cited.update(f.evidence)
        if len(batch) >= CHUNK:
            yield Markup(("" if first else ",") + script_json(batch)[1:-1])
            first, batch = False, []
    if batch:
        yield Markup(("" if first else ",") + script_json(batch)[1:-1])
    records = {rid: [ref.key, ref.title, ref.source] for rid in cited
               if (ref := result.records.get(rid)) is not None}
    yield Markup('],"records":' + script_json(records))
    yield Markup(',"rules":' + script_json(dict(view.rules)))
    yield Markup(',"units":' + script_json(dict(view.names)))
    words = {s.value: view.label(s) for s in Status}
    yield Markup(',"labels":' + script_json(words))
    yield Markup(',"words":' + script_json(view.w) + "}")


def _chart(view: View) -> dict[str, Any]:
    """Bars of the units' scores (best first; units without a score last, without a bar)."""
    units = sorted(view.units(), key=lambda u: (u.score is None, -(u.score or 0), u.unit))
    label_width = 10 + 14 * max((len(u.name) for u in units), default=2)
    bar_width = 420
    bars = [{"name": u.name, "unit": u.unit, "score": u.score, "y": 8 + 26 * n,
             "width": 0 if u.score is None else round(bar_width * u.score / 100, 1),
             "text": score_text(u.score, view.lang)} for n, u in enumerate(units)]
    return {"bars": bars, "label_width": label_width, "bar_width": bar_width,
            "height": 16 + 26 * len(units), "width": label_width + bar_width + 60}


def context(result: Result, options: ReportOptions) -> dict[str, Any]:
    view = View.of(result, options.lang, options.unit, options.show_all)
    cells = view.cells()
    tasks = view.task_rows()
    units = view.units()
    matrix = []
    for task, counts, score in tasks:
        row = []
        for u in units:
            c = cells.get((task.number, u.unit))
            if c is None:
                row.append(None)
                continue
            worst = next(s for s in ORDER if c[s.value] or s is Status.NOT_APPLICABLE)
            action = c["fail"] + c["error"]
            title = "，".join(f"{view.label(s)} {c[s.value]}" for s in ORDER if c[s.value])
            row.append({"unit": u.unit, "status": worst.value, "counts": c, "title": title,
                        "statuses": " ".join(s.value for s in Status if c[s.value]),
                        "text": str(action) if action else ("✓" if c["pass"] else "·")})
        matrix.append({"task": task, "counts": counts, "score": score_text(score, view.lang),
                       "heading": task.heading[0] if task.heading else "", "cells": row})
    headings = list(dict.fromkeys(m["heading"] for m in matrix if m["heading"]))
    counts = view.counts()
    embedded = tuple(Status) if options.show_all else EMBEDDED
    return {
        "lang": "en" if options.lang == "en" else "zh-CN",
        "w": view.w,
        "title": view.title(),
        "headline": view.headline(),
        "store_lines": view.store_lines(),
        "warnings": view.warnings(),
        "score": score_text(view.score(), view.lang),
        "score_rule": score_rule(view.lang),
        "summary": [{"status": s.value, "label": view.label(s), "count": counts[s.value]}
                    for s in ORDER],
        "statuses": [{"status": s.value, "label": view.label(s)} for s in ORDER],
        "units": units,
        "matrix": matrix,
        "headings": headings,
        "chart": _chart(view),
        "show_all": options.show_all,
        "hidden": 0 if options.show_all else counts["pass"] + counts["not_applicable"],
        "data": _data_chunks(view, embedded),
        "ruleset_id": result.ruleset_id,
        "engine_version": result.engine_version,
    }


def write(result: Result, stream: IO[bytes], options: ReportOptions) -> None:
    text = io.TextIOWrapper(stream, encoding="utf-8", newline="\n")
    for piece in _ENV.get_template("report.html.j2").generate(context(result, options)):
        text.write(piece)
    text.flush()
    text.detach()
