"""The XLSX writer: the responsibility table as the office knows it, with the result beside it.

Sheets: 责任分工与完成情况 (序号, 工作任务, 具体要求, 责任部门, 完成时间, 备注 as in the table, then
完成情况, 状态, 依据与证据, 得分), 汇总 (scores and ranking of the units) and one sheet per unit
with its to-do list (every finding with ``show_all``).  Frozen header, widths that fit Chinese,
status colours, A4 landscape with the header repeated on every printed page.  Written in
openpyxl's write-only mode, so a million findings stream to the file.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import IO, Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, NamedStyle, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from ..results.findings import Finding, Status
from ..results.result import Result
from .view import ORDER, View, score_rule, subject_text
from .writer import ReportOptions

FILLS = {
    Status.PASS: "C6EFCE",
    Status.FAIL: "FFC7CE",
    Status.PENDING: "FFEB9C",
    Status.WAIVED: "DDEBF7",
    Status.ERROR: "E4DFEC",
    Status.NOT_APPLICABLE: "EDEDED",
}
#: Excel's limit of characters in one cell.
CELL_LIMIT = 32_767
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")

TABLE_SHEET = {"zh": "责任分工与完成情况", "en": "Duties and completion"}
SUMMARY_SHEET = {"zh": "汇总", "en": "Summary"}


def task_status(counts: dict[str, int]) -> Status:
    """One status for a row: the most pressing one any of its findings has."""
    for status in ORDER:
        if counts[status.value] and status is not Status.NOT_APPLICABLE:
            return status
    return Status.NOT_APPLICABLE


def sheet_title(name: str, taken: set[str]) -> str:
    """A valid, unique sheet title (≤ 31 characters, none of []:*?/\\)."""
    base = _BAD_SHEET_CHARS.sub("_", name).strip("'") or "_"
    title, n = base[:31], 1
    while title.lower() in taken:
        n += 1
        title = f"{base[:31 - len(str(n)) - 1]}~{n}"
    taken.add(title.lower())
    return title


def _add_styles(wb: Workbook) -> None:
    """Named styles, made once: a style object per cell made writing 100× slower."""
    top = Alignment(wrap_text=True, vertical="top")
    wb.add_named_style(NamedStyle("dr-title", font=Font(bold=True)))
    wb.add_named_style(NamedStyle("dr-header", font=Font(bold=True), alignment=top,
                                  fill=PatternFill("solid", start_color="D9D9D9",
                                                   end_color="D9D9D9")))
    wb.add_named_style(NamedStyle("dr-text", alignment=top))
    wb.add_named_style(NamedStyle("dr-value", alignment=Alignment(vertical="top")))
    for status, color in FILLS.items():
        wb.add_named_style(NamedStyle(f"dr-{status.value}", alignment=top,
                                      fill=PatternFill("solid", start_color=color,
                                                       end_color=color)))


def _text(value: str) -> str:
    value = _NOT_XML.sub("", value)
    return value if len(value) <= CELL_LIMIT else value[:CELL_LIMIT - 1] + "…"


class _Sheet:
    """A write-only sheet with a styled header row, widths, frozen header and print setup."""

    def __init__(self, wb: Workbook, title: str, headers: Sequence[tuple[str, float]],
                 above: Iterable[str] = ()) -> None:
        self.ws: Worksheet = wb.create_sheet(title)
        for n, (_, width) in enumerate(headers, start=1):
            self.ws.column_dimensions[get_column_letter(n)].width = width
        rows_above = list(above)
        header_row = len(rows_above) + 1
        self.ws.freeze_panes = f"A{header_row + 1}"
        self.ws.print_title_rows = f"{header_row}:{header_row}"
        self.ws.page_setup.orientation = "landscape"
        self.ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
        self.ws.page_setup.fitToWidth = 1
        self.ws.page_setup.fitToHeight = 0
        self.ws.sheet_properties.pageSetUpPr.fitToPage = True
        for line in rows_above:
            self.ws.append([self._cell(line, "dr-title")])
        self.ws.append([self._cell(h, "dr-header") for h, _ in headers])

    def _cell(self, value: Any, style: str) -> WriteOnlyCell:
        cell = WriteOnlyCell(self.ws, value=_text(value) if isinstance(value, str) else value)
        cell.style = style
        return cell

    def row(self, values: Sequence[Any], status: Status | None = None,
            status_column: int | None = None) -> None:
        cells = []
        for n, value in enumerate(values):
            if status is not None and n == status_column:
                style = f"dr-{status.value}"
            else:
                style = "dr-text" if isinstance(value, str) else "dr-value"
            cells.append(self._cell(value, style))
        self.ws.append(cells)


def write(result: Result, stream: IO[bytes], options: ReportOptions) -> None:
    view = View.of(result, options.lang, options.unit, options.show_all)
    w, lang = view.w, options.lang
    wb = Workbook(write_only=True)
    _add_styles(wb)
    taken: set[str] = set()
    key = "en" if lang == "en" else "zh"

    above = [view.title(), view.headline(), *view.store_lines(), *view.warnings()]
    table = _Sheet(wb, sheet_title(TABLE_SHEET[key], taken), [
        (w["no"], 6), (w["task"], 18), (w["requirement"], 48), (w["responsible"], 20),
        (w["deadline"], 14), (w["note"], 16), (w["completion"], 26), (w["status"], 10),
        (w["grounds"], 70), (w["task_score"], 8)], above)
    todo = view.todo()
    per_task: dict[int, list[Finding]] = {}
    for items in todo.values():
        for f in items:
            if f.status in (Status.FAIL, Status.ERROR):
                per_task.setdefault(f.task, []).append(f)
    for task, counts, score in view.task_rows():
        status = task_status(counts)
        completion = "，".join(f"{view.label(s)} {counts[s.value]}"
                              for s in ORDER if counts[s.value])
        table.row([task.number, "\n".join(task.heading), task.requirement, task.responsible,
                   task.deadline, task.note, completion, view.label(status),
                   _grounds(per_task.get(task.number, []), view),
                   None if score is None else round(score, 1)], status, 7)

    summary = _Sheet(wb, sheet_title(SUMMARY_SHEET[key], taken), [
        (w["rank"], 6), (w["unit"], 20), *((view.label(s), 9) for s in ORDER),
        (w["task_score"], 8)],
        [*view.warnings(), f"{w['score']} {_score_text(view.score(), lang)}",
         score_rule(lang)])
    ranked = sorted(view.units(), key=lambda u: (u.score is None, -(u.score or 0), u.unit))
    for rank, u in enumerate(ranked, start=1):
        summary.row([rank if u.score is not None else None, u.name,
                     *(u.counts[s.value] for s in ORDER),
                     None if u.score is None else round(u.score, 1)])

    for u in view.units():
        items = todo.get(u.unit, [])
        sheet = _Sheet(wb, sheet_title(u.name, taken), [
            (w["no"], 6), (w["requirement"], 36), (w["rule"], 30), (w["subject"], 18),
            (w["status"], 10), (w["reason"], 60), (w["due"], 11), (w["evidence"], 50)],
            [view.w["unit_todo"].format(name=u.name)
             + f"（{w['task_score']} {_score_text(u.score, lang)}）",
             *([] if items else [w["nothing"]])])
        requirements = {t.number: t.requirement for t in result.tasks}
        for f in items:
            sheet.row([f.task, requirements.get(f.task, ""), view.rule_text(f.rule),
                       subject_text(f), view.label(f.status), f.reason,
                       f.due.isoformat() if f.due else "", _evidence(f, result)],
                      f.status, 4)
    wb.save(stream)


def _score_text(value: float | None, lang: str) -> str:
    return "—" if value is None else f"{value:.1f}"


def _grounds(findings: list[Finding], view: View) -> str:
    """What needs action in a task: one line per finding, unit first (cut at Excel's limit)."""
    lines, size = [], 0
    for n, f in enumerate(findings):
        about = subject_text(f)
        line = (f"{view.unit_name(f.unit)} [{view.label(f.status)}] "
                f"{about + '：' if about else ''}{f.reason}")
        if size + len(line) > CELL_LIMIT - 200:
            more = len(findings) - n
            lines.append(f"……另有 {more} 条，见各单位工作表" if view.lang != "en"
                         else f"… {more} more, see the units' sheets")
            break
        lines.append(line)
        size += len(line) + 1
    return "\n".join(lines)


def _evidence(f: Finding, result: Result) -> str:
    parts = []
    for ref in result.cited(f):
        shown = " ".join(x for x in (ref.key, ref.title) if x) or ref.id
        parts.append(shown + (f"（{ref.source}）" if ref.source else ""))
    return "\n".join(parts)
