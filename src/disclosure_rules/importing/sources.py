"""Reading a published 责任分工分解表 from the forms offices have it in, into rows of cells.

- the scraped text of a web page (``cell |`` lines): :func:`importer.parse_table` reads it;
- text pasted from Word or WPS (cells separated by tabs), ``.tsv``;
- ``.csv`` (UTF-8, or GB18030 as Excel on a Chinese Windows saves it);
- ``.xlsx`` (openpyxl; a merged range is read as its first cell's value in every cell it
  covers, marked as merged);
- ``.docx`` (python-docx; the paragraphs before the table are its title and notice).

:func:`read_source` is the one place a path's bytes are read.  Every cell keeps where it came
from (line, or sheet and cell, or table, row and column), so a row that cannot be read is
reported there.
"""

from __future__ import annotations

import csv
import io
import sys
from datetime import date, datetime
from pathlib import Path

from attrs import frozen

from ..errors import InputError, Location, Problem
from ..evidence.archives import zip_refusal
from ..ruleset.yaml_nodes import MAX_BYTES

__all__ = ["GridCell", "GridTable", "read_source", "sniff_form", "to_grids"]

FORMS = ("text", "tsv", "csv", "xlsx", "docx")
_SUMMARY = "无法导入责任分工分解表："


@frozen
class GridCell:
    text: str
    where: str  # 第 3 行 / Sheet1!B5 / 表格1 第3行第2列
    line: int | None = None  # the source line, for text forms
    merged: bool = False  # copied from the first cell of a merged range


@frozen
class GridTable:
    """The rows of a table (cells in column order) and the text before it."""

    source: str
    before: tuple[str, ...]  # title, notice, ... as lines
    rows: tuple[tuple[GridCell, ...], ...]


def _error(source: str, message: str, hint: str | None = None, where: str = "") -> InputError:
    return InputError(Problem(Location(file=source, path=where), message, hint), summary=_SUMMARY)


def read_source(path: str) -> bytes:
    """The bytes of an input file (``-``: standard input), bounded in size."""
    if path == "-":
        data = sys.stdin.buffer.read(MAX_BYTES + 1)
    else:
        try:
            with open(path, "rb") as handle:
                data = handle.read(MAX_BYTES + 1)
        except OSError as exc:
            raise _error(path, f"无法读取文件：{exc.strerror or exc}") from None
    if len(data) > MAX_BYTES:
        raise _error(path, f"文件过大（超过 {MAX_BYTES} 字节）")
    return data


#: Longest line of a text table (its longest row is a few hundred characters); cleaning a line
#: costs more than linear time in its length, so a longer one is refused, not read.
MAX_LINE_CHARS = 10_000


def decode_text(data: bytes, source: str) -> str:
    """UTF-8 (with or without BOM); else GB18030, which Chinese Excel and WPS save.  A line
    longer than :data:`MAX_LINE_CHARS` is refused at its line number."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError:
            line = data.count(b"\n", 0, exc.start) + 1
            raise InputError(Problem(Location(source, line), "文件既不是 UTF-8 也不是 GB18030 编码",
                                     "请用 UTF-8 另存该文件"), summary=_SUMMARY) from None
    for number, line in enumerate(text.splitlines(), start=1):
        if len(line) > MAX_LINE_CHARS:
            raise InputError(Problem(Location(source, number),
                                     f"这一行过长（{len(line)} 字，上限 {MAX_LINE_CHARS} 字）",
                                     "表格文本每行应是表格的一行；请检查输入是否正确"),
                             summary=_SUMMARY)
    return text


def sniff_form(path: str, data: bytes) -> str:
    """The input form by the file's extension, else by its content."""
    suffix = Path(path).suffix.lower()
    if suffix in (".xls", ".doc", ".wps", ".et"):
        raise _error(path, f"不支持旧的 {suffix} 格式",
                     "请在 Excel/WPS/Word 中另存为 .xlsx 或 .docx 后再导入")
    if suffix in (".xlsx", ".xlsm") or (data[:2] == b"PK" and b"xl/" in data[:4096]):
        return "xlsx"
    if suffix == ".docx" or (data[:2] == b"PK" and b"word/" in data[:4096]):
        return "docx"
    if suffix == ".csv":
        return "csv"
    if suffix == ".tsv":
        return "tsv"
    text = decode_text(data, path)
    for line in text.splitlines():
        if line.lstrip("\ufeff \t").startswith(("序号", "序號")):
            return "tsv" if "\t" in line else "text"
    return "tsv" if "\t" in text else "text"


def _text_rows(text: str, source: str, delimiter: str) -> GridTable:
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    rows: list[tuple[GridCell, ...]] = []
    try:
        for cells in reader:
            line = reader.line_num
            rows.append(tuple(GridCell(c, f"第 {line} 行第 {i} 列", line)
                              for i, c in enumerate(cells, start=1)))
    except csv.Error as exc:
        raise InputError(Problem(Location(source, reader.line_num), f"无法读取：{exc}"),
                         summary=_SUMMARY) from None
    return GridTable(source, (), tuple(rows))


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return f"{value.year}年{value.month}月{value.day}日"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


#: Largest table an XLSX sheet may hold (a 分解表 has tens of rows and under ten columns), and
#: the most an XLSX or DOCX file may inflate to.
MAX_GRID_ROWS = 5_000
MAX_GRID_COLUMNS = 100
MAX_OFFICE_BYTES = 16 * 1024 * 1024


def _refuse_zip(data: bytes, source: str, what: str, required: tuple[str, ...]) -> None:
    reason = zip_refusal(data, required=required, what=what, max_total=MAX_OFFICE_BYTES)
    if reason is not None:
        raise _error(source, reason, f"请用 Excel/WPS/Word 另存为 {what} 后再导入")


def _xlsx(data: bytes, source: str) -> list[GridTable]:
    import openpyxl
    from openpyxl.utils import get_column_letter

    _refuse_zip(data, source, ".xlsx", ("[Content_Types].xml", "xl/workbook.xml"))
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise _error(source, f"无法打开 Excel 文件：{exc}", "请确认是 .xlsx 文件且未损坏") from None
    sheets = []
    for sheet in book.worksheets:
        if (sheet.max_row or 0) > MAX_GRID_ROWS or (sheet.max_column or 0) > MAX_GRID_COLUMNS:
            # one stray cell at XFD1048576 would make the grid below billions of cells
            raise _error(source, f"工作表“{sheet.title}”过大（{sheet.max_row} 行 × "
                                 f"{sheet.max_column} 列，上限 {MAX_GRID_ROWS} 行 × "
                                 f"{MAX_GRID_COLUMNS} 列）",
                         "分解表不应这么大；请删去表格以外的内容后另存")
        first: dict[tuple[int, int], tuple[int, int]] = {}
        for merged in sheet.merged_cells.ranges:
            for row in range(merged.min_row, merged.max_row + 1):
                for col in range(merged.min_col, merged.max_col + 1):
                    first[(row, col)] = (merged.min_row, merged.min_col)
        rows = []
        for r in range(1, (sheet.max_row or 0) + 1):
            cells = []
            for c in range(1, (sheet.max_column or 0) + 1):
                origin = first.get((r, c), (r, c))
                value = sheet.cell(*origin).value
                where = f"{sheet.title}!{get_column_letter(c)}{r}"
                cells.append(GridCell(_cell_text(value), where, None, origin != (r, c)))
            rows.append(tuple(cells))
        sheets.append(GridTable(source, (), tuple(rows)))
    if not sheets:
        raise _error(source, "文件中没有表格")
    return sheets


def _docx(data: bytes, source: str) -> list[GridTable]:
    import docx

    _refuse_zip(data, source, ".docx", ("[Content_Types].xml", "word/document.xml"))
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises many kinds for a damaged file
        raise _error(source, f"无法打开 Word 文件：{exc}", "请确认是 .docx 文件且未损坏") from None
    before = tuple(_paragraphs_before_table(document))
    tables = []
    for n, table in enumerate(document.tables, start=1):
        rows = []
        above: list[object] = []
        for r, row in enumerate(table.rows, start=1):
            cells = []
            tcs = [cell._tc for cell in row.cells]
            for c, cell in enumerate(row.cells, start=1):
                tc = tcs[c - 1]
                merged = (c > 1 and tcs[c - 2] is tc) or (c <= len(above) and above[c - 1] is tc)
                text = "\n".join(p.text for p in cell.paragraphs)
                cells.append(GridCell(text, f"表格{n} 第{r}行第{c}列", None, merged))
            above = tcs
            rows.append(tuple(cells))
        tables.append(GridTable(source, before, tuple(rows)))
    if not tables:
        raise _error(source, "文件中没有表格")
    return tables


def _paragraphs_before_table(document: object) -> list[str]:
    """The texts of the body's paragraphs above its first table (title, notice, signature)."""
    from docx.text.paragraph import Paragraph

    out = []
    body = document.element.body  # type: ignore[attr-defined]
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "tbl":
            break
        if tag == "p":
            text = Paragraph(child, document).text  # type: ignore[arg-type]
            if text.strip():
                out.append(text)
    return out


def to_grids(data: bytes, source: str, form: str) -> list[GridTable]:
    """Every table of a source: an XLSX's sheets, a DOCX's tables, a text table's one grid
    (:func:`disclosure_rules.importing.grid.to_grid` picks the duty table among them); never
    empty: a file without a table is an :class:`InputError`."""
    if form == "xlsx":
        return _xlsx(data, source)
    if form == "docx":
        return _docx(data, source)
    text = decode_text(data, source)
    if form == "csv":
        return [_text_rows(text, source, ",")]
    return [_text_rows(text, source, "\t")]
