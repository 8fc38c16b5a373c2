"""A table read as rows of cells (tab-separated, CSV, XLSX, DOCX) → the imported rows.

The header row is the first whose cells name a requirement, a deadline and a 责任部门 column
(by meaning, :mod:`table_columns`); a row under it naming 牵头单位 / 配合单位 splits a 责任部门
column in two.  Below it:

- a row whose 序号 is a number is a task; its blank 工作任务, 责任部门, 完成时间 and 备注 cells
  (and cells of a merged range) take the row above's value, as merged cells mean;
- a row without a number whose only text is a heading (``一、…``, ``（一）…``, ``1、…``, in the
  序号 cell or spanning the row) sets the heading of the rows below;
- an empty row or page junk is skipped;
- any other row cannot be read: it is reported with its line (or sheet and cell), and so is a
  task row without a requirement.  Nothing is dropped silently.

Tasks are numbered 1, 2, 3, ... in table order; where the table numbers otherwise (numbering
again under each heading), the row keeps the table's number in ``source_number``.
"""

from __future__ import annotations

import re

from ..errors import InputError, Location, Problem
from .columns import column_of
from .importer import (
    _JUNK,
    Cell,
    ImportedRow,
    ImportedTable,
    _front_matter,
    clean_text,
    heading_level,
    join_responsible,
    split_heading,
)
from .sources import GridCell, GridTable, to_grids

__all__ = ["find_header", "parse_grid", "to_grid"]

_NUMBER = re.compile(r"[（(]?(\d{1,4})[)）.、．]?")
_MERGEABLE = ("responsible", "deadline", "city_note")


def _columns(row: tuple[GridCell, ...]) -> dict[int, str]:
    found: dict[int, str] = {}
    for i, cell in enumerate(row):
        column = column_of(clean_text(cell.text)) if cell.text.strip() else None
        if column is not None and not cell.merged and column not in found.values():
            found[i] = column
    return found


def find_header(table: GridTable) -> tuple[int, dict[int, str]] | None:
    """(row index, column index → column) of the header row, None when there is none."""
    for index, row in enumerate(table.rows[:40]):
        columns = _columns(row)
        names = set(columns.values())
        if {"requirement", "deadline"} <= names and names & {"responsible", "lead"}:
            below = table.rows[index + 1] if index + 1 < len(table.rows) else ()
            sub = {i: c for i, c in _columns(below).items() if c in ("lead", "support")}
            if sub and not any(_NUMBER.fullmatch(c.text.strip()) for c in below[:1]):
                columns = {i: c for i, c in columns.items() if i not in sub} | sub
                return index + 1, dict(sorted(columns.items()))
            return index, columns
    return None


def to_grid(data: bytes, source: str, form: str) -> GridTable:
    """The duty table of a source: the first sheet or table with a header row (the first one
    when none has; :func:`parse_grid` then names the missing header)."""
    tables = to_grids(data, source, form)
    return next((table for table in tables if find_header(table) is not None), tables[0])


class _Rows:
    def __init__(self, source: str) -> None:
        self.source = source
        self.problems: list[Problem] = []

    def problem(self, cell: GridCell, message: str, hint: str | None = None) -> None:
        where = "" if cell.line is not None else cell.where
        self.problems.append(Problem(Location(self.source, cell.line, path=where), message, hint))


def _value(row: tuple[GridCell, ...], index: int | None) -> GridCell | None:
    if index is None or index >= len(row):
        return None
    cell = row[index]
    return GridCell(clean_text(cell.text), cell.where, cell.line, cell.merged)


def _heading_only(row: tuple[GridCell, ...]) -> str | None:
    """The heading text of a row that holds only a heading (in any cell, or spanning)."""
    texts = list(dict.fromkeys(clean_text(c.text) for c in row if c.text.strip()))
    if len(texts) == 1 and heading_level(texts[0]) is not None:
        return texts[0]
    return None


def _responsible(cells: dict[str, GridCell | None]) -> str:
    return join_responsible({k: c.text for k, c in cells.items() if c is not None})


def parse_grid(table: GridTable) -> ImportedTable:
    """The imported rows of a table; :class:`InputError` lists every row it could not read."""
    header = find_header(table)
    if header is None:
        rows = [c for r in table.rows for c in r if c.text.strip()]
        where = rows[0] if rows else GridCell("", "")
        at = Location(table.source, where.line, path="" if where.line else where.where)
        raise InputError(Problem(at, "找不到表头（含具体要求、责任部门、完成时间等列名的一行）",
                                 "列名可用同义词，如 工作内容、责任单位、时限要求"),
                         summary="无法导入责任分工分解表：")
    start, columns = header
    index = {column: i for i, column in columns.items()}
    before_rows = [" ".join(dict.fromkeys(c.text.strip() for c in r if c.text.strip()))
                   for r in table.rows[:start] if any(c.text.strip() for c in r)]
    lines = [Cell(clean_text(t), 0) for t in (*table.before, *before_rows) if clean_text(t)]
    title, issuer, issued, preamble = _front_matter(lines)
    at = _Rows(table.source)
    rows: list[ImportedRow] = []
    path: list[tuple[int, str]] = []
    for row in table.rows[start + 1:]:
        texts = [c.text.strip() for c in row]
        if not any(texts) or all(_JUNK.fullmatch(clean_text(t)) for t in texts if t):
            continue
        number_cell = _value(row, index.get("number"))
        number_text = number_cell.text if number_cell else ""
        match = _NUMBER.fullmatch(number_text)
        if match is None or (number_cell is not None and number_cell.merged):
            heading = _heading_only(row)
            if heading is not None:
                path = _descend(path, heading)
                continue
            first = next(c for c in row if c.text.strip())
            at.problem(first, f"无法读取这一行：序号“{number_text}”不是数字，这一行也不是标题行",
                       "任务行的序号应为数字；标题行只写“一、…”“（一）…”等标题")
            continue
        cells = {column: _value(row, i) for column, i in index.items()}
        requirement = cells.get("requirement")
        if requirement is None or not requirement.text:
            at.problem(number_cell or row[0], f"序号 {number_text} 的一行没有具体要求",
                       "具体要求不能是空白或与上一行合并")
            continue
        merged: list[str] = []
        heading_cell = cells.get("heading")
        if heading_cell is not None and heading_cell.text and not heading_cell.merged:
            for part in split_heading(heading_cell.text):
                path = _descend(path, part)
        elif path:
            merged.append("heading")
        previous = rows[-1] if rows else None
        values: dict[str, str] = {"requirement": requirement.text}
        has_unit_column = any(c in index for c in ("responsible", "lead", "support"))
        own = _responsible(cells) if has_unit_column else ""
        unit_merged = all(cells.get(c) is None or cells[c].merged or not cells[c].text
                          for c in ("responsible", "lead", "support"))
        values["responsible"] = own
        for column in _MERGEABLE:
            if column != "responsible":
                cell = cells.get(column)
                values[column] = cell.text if cell is not None else ""
                blank = cell is None or not cell.text or cell.merged
            else:
                blank = not own or unit_merged
            present = column in index or column == "responsible"
            if blank and present and previous is not None and getattr(previous, column):
                values[column] = getattr(previous, column)  # a merged or blank cell
                merged.append(column)
        if not values["responsible"]:
            at.problem(requirement, f"序号 {number_text} 的一行没有责任部门")
            continue
        if not values["deadline"] and "deadline" in index:
            at.problem(requirement, f"序号 {number_text} 的一行没有完成时间")
            continue
        line = number_cell.line if number_cell and number_cell.line else 0
        source_number = "" if int(match[1]) == len(rows) + 1 else number_text
        rows.append(ImportedRow(
            number=len(rows) + 1,
            heading=tuple(text for _, text in path),
            requirement=values["requirement"],
            responsible=values["responsible"],
            deadline=values["deadline"],
            city_note=values["city_note"],
            merged=tuple(merged),
            line=line,
            where="" if line else (number_cell.where if number_cell else ""),
            source_number=source_number,
        ))
    if at.problems:
        summary = f"无法导入责任分工分解表：有 {len(at.problems)} 行无法读取："
        raise InputError(at.problems, summary=summary)
    if not rows:
        raise InputError(Problem(Location(table.source), "表中没有任何一行任务"),
                         summary="无法导入责任分工分解表：")
    return ImportedTable(title, issuer, issued, preamble, tuple(rows), table.source)


def _descend(path: list[tuple[int, str]], heading: str) -> list[tuple[int, str]]:
    level = heading_level(heading)
    if level is None:
        return [*path, (99, heading)] if not path or path[-1][0] != 99 else [*path[:-1],
                                                                            (99, heading)]
    return [(lv, text) for lv, text in path if lv < level] + [(level, heading)]
