"""The Markdown writer (notices, wikis): the same summary, tables and to-do list as the
terminal, as GitHub-flavoured Markdown tables and lists.  Text from evidence is escaped, so a
title holding ``|``, ``*`` or ``<script>`` stays text."""

from __future__ import annotations

import io
import re
from collections.abc import Iterable
from typing import IO

from ..results.findings import Status
from ..results.result import Result
from .view import ORDER, View, score_rule, score_text, subject_text
from .writer import ReportOptions

_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~>-])")


def escape(text: str) -> str:
    """Markdown-inert text on one line: HTML and Markdown punctuation escaped."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _SPECIAL.sub(r"\\\1", " ".join(text.split()))


def _row(cells: Iterable[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def lines(result: Result, options: ReportOptions) -> Iterable[str]:
    view = View.of(result, options.lang, options.unit, options.show_all)
    w, lang = view.w, options.lang
    yield f"# {escape(view.title())}"
    yield ""
    yield escape(view.headline())
    yield ""
    for line in view.store_lines():
        yield escape(line)
        yield ""
    for warning in view.warnings():
        yield f"> **⚠ {escape(warning)}**"
        yield ""
    counts = view.counts()
    yield f"**{w['score']} {score_text(view.score(), lang)}**"
    yield ""
    yield f"*{escape(score_rule(lang))}*"
    yield ""
    yield _row(view.label(s) for s in ORDER)
    yield _row("---:" for _ in ORDER)
    yield _row(str(counts[s.value]) for s in ORDER)
    yield ""
    yield f"## {w['tasks']}"
    yield ""
    yield _row([w["no"], w["task"], *(view.label(s) for s in Status), w["task_score"]])
    yield _row(["---:", "---", *("---:" for _ in Status), "---:"])
    for task, task_counts, score in view.task_rows():
        yield _row([str(task.number), escape(task.requirement),
                    *(str(task_counts[s.value]) for s in Status), score_text(score, lang)])
    yield ""
    if options.unit is None:
        yield f"## {w['units']}"
        yield ""
        yield _row([w["unit"], *(view.label(s) for s in Status), w["task_score"]])
        yield _row(["---", *("---:" for _ in Status), "---:"])
        for u in view.units():
            yield _row([escape(u.name), *(str(u.counts[s.value]) for s in Status),
                        score_text(u.score, lang)])
        yield ""
    yield f"## {w['all'] if options.show_all else w['todo']}"
    yield ""
    todo = view.todo()
    if not todo:
        yield w["nothing"]
        yield ""
    for unit_id, items in todo.items():
        yield f"### {escape(view.unit_name(unit_id))}"
        yield ""
        for f in items:
            about = subject_text(f)
            about = f"（{escape(about)}）" if about else ""
            task = f"第{f.task}项" if lang != "en" else f"task {f.task}"
            yield (f"- **{view.label(f.status)}** {task} {escape(view.rule_text(f.rule))}"
                   f"{about}：{escape(f.reason)}")
        yield ""


def write(result: Result, stream: IO[bytes], options: ReportOptions) -> None:
    text = io.TextIOWrapper(stream, encoding="utf-8", newline="\n")
    for line in lines(result, options):
        text.write(line + "\n")
    text.flush()
    text.detach()
