"""The result in the terminal (``check``, ``report --format text``).

First the summary: counts per status, the score and one line saying how scores are computed;
then a table per task and per unit; then what needs action — 未通过 and 无法判定 with their
reasons, grouped by unit — and nothing else unless ``show_all``.  With a unit, everything is
narrowed to that unit: its to-do list.  Rules are named in the office's words (their
description).  Text wraps at the console's width (readable at 80 columns); colours only on a
terminal.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from typing import IO

from rich import box
from rich.cells import cell_len
from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from ..results.findings import Finding, Status
from ..results.result import Result
from .view import ORDER, View, score_rule, score_text, subject_text
from .writer import ReportOptions

_STYLE = {
    Status.PASS: "green",
    Status.FAIL: "bold red",
    Status.PENDING: "yellow",
    Status.WAIVED: "cyan",
    Status.ERROR: "magenta",
    Status.NOT_APPLICABLE: "dim",
}


def render(result: Result, console: Console, *, lang: str = "zh", show_all: bool = False,
           unit: str | None = None) -> None:
    """Print the result on ``console`` (its width and colour settings apply).

    ``unit`` (an id) narrows everything to that unit; ``show_all`` lists every finding."""
    view = View.of(result, lang, unit, show_all)
    w = view.w
    console.print(Text(view.title(), style="bold"))
    console.print(view.headline())
    for line in view.store_lines():
        console.print(line, highlight=False, soft_wrap=True)
    for warning in view.warnings():
        console.print(Text(f"⚠ {warning}", style="bold magenta"))
    counts = view.counts()
    label = w["score"] if unit is None else w["task_score"]
    summary = Text(f"{label} {score_text(view.score(), lang)}", style="bold")
    for status in ORDER:
        summary.append("  ")
        summary.append(f"{view.label(status)} {counts[status.value]}", style=_STYLE[status])
    console.print(summary)
    console.print(Text(score_rule(lang), style="dim"))

    shown = [s for s in Status if any(row[1][s.value] for row in view.task_rows())]
    tasks = _table(w["tasks"], console.width, shown, view, first=(w["no"], w["task"]))
    for task, task_counts, score in view.task_rows():
        tasks.add_row(str(task.number), task.requirement,
                      *_count_cells(task_counts, shown), score_text(score, lang))
    console.print(tasks)

    if unit is None:
        units = _table(w["units"], console.width, shown, view, first=(None, w["unit"]))
        for u in view.units():
            units.add_row(u.name, *_count_cells(u.counts, shown), score_text(u.score, lang))
        console.print(units)

    todo = view.todo()
    console.print(Text(w["all"] if show_all else w["todo"], style="bold"))
    if not todo:
        console.print(w["nothing"])
    width = max(20, console.width - 2)
    for unit_id, items in todo.items():
        head = Text(view.unit_name(unit_id), style="bold")
        tally = {s: sum(f.status is s for f in items) for s in ORDER}
        head.append("（" + "，".join(f"{view.label(s)} {n}" for s, n in tally.items() if n)
                    + "）")
        # wrapped here, one small Text per finding and one print per unit: a to-do list of
        # 100 000 findings prints in seconds (rich's own wrapping took 4 ms a line, and one
        # Text per unit grew quadratic in its spans)
        lines = [head]
        for f in items:
            block = Text()
            for n, line in enumerate(wrap(finding_text(f, view), width)):
                if n == 0:
                    end = line.index("]") + 1
                    block.append("  ")
                    block.append(line[:end], style=_STYLE[f.status])
                    block.append(line[end:])
                else:
                    block.append("\n  " + line)
            lines.append(block)
        console.print(Group(*lines), soft_wrap=True)


_TOKEN = re.compile(r"[A-Za-z0-9_\-.:/%@#+=~]+|\s+|.", re.S)


def wrap(text: str, width: int) -> Iterator[str]:
    """Lines of at most ``width`` terminal cells: Chinese breaks between any two characters,
    a Latin word, number or date moves to the next line whole unless it is wider than a line."""
    line, used = "", 0
    for token in _TOKEN.findall(" ".join(text.split())):
        size = cell_len(token)
        if token.isspace():
            if used and used + size <= width:
                line, used = line + token, used + size
            continue
        if used + size > width and used:
            yield line.rstrip()
            line, used = "", 0
        while size > width:  # a token wider than the line: cut it by characters
            cut, cells = 0, 0
            while cells + cell_len(token[cut]) <= width - used:
                cells += cell_len(token[cut])
                cut += 1
            yield line + token[:cut]
            line, used, token = "", 0, token[cut:]
            size = cell_len(token)
        line, used = line + token, used + size
    if line:
        yield line.rstrip()


def _table(title: str, width: int, shown: list[Status], view: View,
           first: tuple[str | None, str]) -> Table:
    """A compact table: counts per status shown (a status no row has is left out) and the
    score never shrink; the text column wraps in what is left."""
    table = Table(title=title, box=box.SIMPLE_HEAD, padding=(0, 1), pad_edge=False,
                  title_justify="left", expand=False)
    headers = [view.label(s) for s in shown] + [view.w["task_score"]]
    fixed = sum(max(cell_len(h), 3) for h in headers)
    number, text = first
    if number is not None:
        table.add_column(number, justify="right", no_wrap=True, min_width=cell_len(number))
        fixed += cell_len(number)
    columns = len(headers) + (2 if number is not None else 1)
    text_width = max(10, width - fixed - 2 * columns)
    table.add_column(text, overflow="fold", ratio=1, max_width=min(text_width, 60),
                     min_width=min(10, text_width))
    for header, status in zip(headers, [*shown, None], strict=True):
        table.add_column(header, justify="right", no_wrap=True, min_width=cell_len(header),
                         style=_STYLE[status] if status is not None else None)
    return table


def _count_cells(counts: object, shown: list[Status]) -> list[str]:
    return [str(counts[s.value]) if counts[s.value] else "" for s in shown]  # type: ignore[index]


def finding_text(f: Finding, view: View) -> str:
    """One finding in words: ``[未通过]第18项，行政处罚决定公示（潭交罚〔2019〕35号）：…``

    The rule is named by its description; the subject in plain words (nothing for the unit
    itself, else the document's key, the period or the group)."""
    about = subject_text(f)
    rule = view.rule_text(f.rule)
    if view.lang != "en":
        about = f"（{about}）" if about else ""
        # no spaces: a terminal wraps Chinese at any character but moves words after a space
        return f"[{f.status.zh}]第{f.task}项，{rule}{about}：{f.reason}"
    about = f" ({about})" if about else ""
    return f"[{view.label(f.status)}] task {f.task} {rule}{about}: {f.reason}"


def write(result: Result, stream: IO[bytes], options: ReportOptions) -> None:
    """The text writer: the terminal report as UTF-8 text (plain unless ``options.color``)."""
    text = io.TextIOWrapper(stream, encoding="utf-8", newline="\n", write_through=True)
    console = Console(file=text, width=options.width or 100, force_terminal=options.color,
                      color_system="standard" if options.color else None, soft_wrap=False,
                      highlight=False, emoji=False)
    render(result, console, lang=options.lang, show_all=options.show_all, unit=options.unit)
    text.flush()
    text.detach()


def terminal_console(width: int | None = None) -> Console:
    """The console ``check`` and ``report`` print on: the terminal's width and colours on a
    terminal, plain text (80 columns unless ``COLUMNS`` says otherwise) when piped."""
    return Console(width=width, highlight=False, emoji=False, soft_wrap=False)
