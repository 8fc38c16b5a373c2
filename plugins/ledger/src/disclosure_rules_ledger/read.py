"""Reading a unit's 台账: an XLSX workbook (one sheet per evidence kind) or a CSV file (one kind).

A sheet's title is the kind's Chinese label (``行政执法决定``) or its name
(``enforcement_decision``); its first row holds the headers: the kinds' field labels (or
names), plus two optional columns: ``编号`` (the record's key) and ``标题``.  A required field's
header may carry a trailing ``*`` or ``（必填）``.  The instructions sheet ``说明`` and the
hidden ``选项`` are skipped.

Every cell is checked against its field's type; a bad cell is a :class:`RowError` naming file,
sheet, row and column — ``法规科台账.xlsx 工作表“行政执法决定” 第5行 C列（决定日期）：应为日期``
— and the other rows are read all the same.  So is whatever would be silently lost: a column
whose header is not a field of the kind (unless the column is empty), a sheet whose title is not
a kind (unless the sheet is empty), a key used twice.

The key of a row's record: its ``编号``; else its 文号 field (``doc_number``,
``decision_number``); else ``<file stem>/<sheet>/第N行``.

A file that cannot be read at all is a :class:`LedgerFileError` naming it, never a crash: one
that is missing or locked, a CSV in another encoding, a ZIP or junk named ``.xlsx``, and a
decompression bomb — a workbook is opened only after the sizes its ZIP declares are checked
(:data:`MAX_XLSX_BYTES` in all, a ratio of at most :data:`MAX_XLSX_RATIO` for a big part;
Python's ``zipfile`` never inflates a part past its declared size).
"""

from __future__ import annotations

import csv
import io
import itertools
import re
import zipfile
from collections.abc import Iterator, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

from attrs import frozen
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from disclosure_rules.archives import zip_refusal
from disclosure_rules.errors import InputError, Location, Problem
from disclosure_rules.keys import normalize_key
from disclosure_rules.model import EvidenceKind, FieldSpec, FieldType, Ruleset

#: The instructions sheet the template writes; never read as evidence.
INSTRUCTIONS = "说明"
#: The hidden sheet holding the template's drop-down choices; never read as evidence.
OPTIONS = "选项"
KEY_HEADER = "编号"
TITLE_HEADER = "标题"
#: Fields whose value, when there is no 编号, identifies a row's record.
NATURAL_KEYS = ("decision_number", "doc_number")
MAX_ROWS = 50_000
#: Largest CSV ledger, and largest uncompressed workbook (all its ZIP parts together).
MAX_CSV_BYTES = 32 * 1024 * 1024
MAX_XLSX_BYTES = 64 * 1024 * 1024
#: Largest ratio of a workbook part's uncompressed to compressed size, for parts over 1 MiB
#: (real ledgers: about 10; a decompression bomb: 1,000 and more).
MAX_XLSX_RATIO = 200
MAX_XLSX_PARTS = 10_000

_DATE = re.compile(r"^\s*(\d{4})\s*(?:年|-|/|\.)\s*(\d{1,2})\s*(?:月|-|/|\.)\s*(\d{1,2})\s*日?\s*$")
_TRUE = {"是", "true", "yes", "y", "1", "√", "✓", "有"}
_FALSE = {"否", "false", "no", "n", "0", "×", "✗", "无"}


@frozen
class RowError:
    """One bad cell (or header, or sheet) of a ledger."""

    file: str
    sheet: str
    row: int | None
    column: int | None
    label: str
    message: str

    def __str__(self) -> str:
        where = f"{Path(self.file).name} 工作表“{self.sheet}”"
        if self.row is not None:
            where += f" 第{self.row}行"
        if self.column is not None:
            where += f" {get_column_letter(self.column)}列"
        if self.label:
            where += f"（{self.label}）"
        return f"{where}：{self.message}"

    @property
    def where(self) -> str:
        """Sheet, column and label: ``工作表“行政执法决定” C列（决定日期）``."""
        where = f"工作表“{self.sheet}”"
        if self.column is not None:
            where += f" {get_column_letter(self.column)}列"
        if self.label:
            where += f"（{self.label}）"
        return where

    def to_problem(self) -> Problem:
        """The error as a located :class:`~disclosure_rules.errors.Problem`: file, line = row,
        column, path = :attr:`where`."""
        return Problem(Location(self.file, self.row, self.column, self.where), self.message)


def row_problem(errors: Sequence[RowError]) -> Problem:
    """One problem for a row with one or more bad cells: located at the first, naming all."""
    first, *rest = errors
    problem = first.to_problem()
    if not rest:
        return problem
    others = "；".join(
        f"{get_column_letter(e.column)}列" * (e.column is not None)
        + (f"（{e.label}）" if e.label else "") + f"：{e.message}"
        for e in rest
    )
    return Problem(problem.location, f"{problem.message}；同一行另有：{others}")


@frozen
class LedgerRow:
    """A row read and checked: the raw record fields (typed), or errors."""

    kind: str
    key: str
    title: str
    fields: dict[str, Any]
    source: str
    row: int
    errors: tuple[RowError, ...] = ()


@frozen
class LedgerResult:
    rows: tuple[LedgerRow, ...]
    errors: tuple[RowError, ...]  # every error, the rows' and the sheets'

    @property
    def good(self) -> tuple[LedgerRow, ...]:
        return tuple(r for r in self.rows if not r.errors)

    @property
    def kinds(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(r.kind for r in self.rows))


def _clean_header(value: Any) -> str:
    text = re.sub(r"\s+", "", str(value or ""))
    return re.sub(r"(\*|＊|（必填）|\(必填\))$", "", text)


_INVALID_IN_TITLE = "_\\/?*[]:"


def sheet_title(kind: EvidenceKind) -> str:
    """The sheet title of a kind: its label, made a valid Excel sheet name (≤ 31 characters)."""
    title = "".join(c for c in (kind.label or kind.name) if c not in _INVALID_IN_TITLE)
    return title[:31] or kind.name[:31]


def kind_for_title(title: str, ruleset: Ruleset) -> EvidenceKind | None:
    """The evidence kind a sheet title (or CSV file stem) names: by label, by name, or as the
    template titles it (:func:`sheet_title`: the label without the characters Excel forbids,
    cut to 31 characters)."""
    wanted = _clean_header(title)
    for kind in ruleset.evidence_kinds:
        if wanted in (kind.name, _clean_header(kind.label), _clean_header(sheet_title(kind))):
            return kind
    return None


# -- cell values ---------------------------------------------------------------------------------


def coerce(spec: FieldSpec, value: Any) -> tuple[Any, str]:
    """(typed value, problem): '' when the cell fits the field; None for an empty cell."""
    if isinstance(value, str):
        value = value.strip()
        if value == "":
            return None, ""
    if value is None:
        return None, ""
    kind = spec.type
    if kind is FieldType.DATE:
        if isinstance(value, datetime):
            return value.date(), ""
        if isinstance(value, date):
            return value, ""
        if isinstance(value, str):
            match = _DATE.match(value)
            if match:
                try:
                    return date(*map(int, match.groups())), ""
                except ValueError:
                    return None, f"应为日期，“{value}”不是有效日期"
        return None, f"应为日期（如 2019-10-08），实际为“{value}”"
    if kind in (FieldType.TEXT, FieldType.REF):
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, (datetime, date)):
            return None, f"应为文本，实际为日期 {value:%Y-%m-%d}"
        text = str(value)
        if len(text) > spec.max_length:
            return None, f"文本过长（{len(text)} 字，上限 {spec.max_length}）"
        return text, ""
    if kind is FieldType.ENUM:
        text = str(value)
        if text in spec.choices:
            return text, ""
        return None, f"应为 {'、'.join(spec.choices)} 之一，实际为“{text}”"
    if kind is FieldType.BOOL:
        if isinstance(value, bool):
            return value, ""
        text = str(value).strip().lower()
        if text in _TRUE:
            return True, ""
        if text in _FALSE:
            return False, ""
        return None, f"应为“是”或“否”，实际为“{value}”"
    if kind is FieldType.INT:
        if isinstance(value, bool):
            return None, f"应为整数，实际为“{value}”"
        if isinstance(value, int):
            return value, ""
        if isinstance(value, float) and value.is_integer():
            return int(value), ""
        if isinstance(value, str) and re.fullmatch(r"[+-]?\d+", value):
            return int(value), ""
        return None, f"应为整数，实际为“{value}”"
    if kind is FieldType.NUMBER:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return float(value), ""
        try:
            return float(str(value)), ""
        except ValueError:
            return None, f"应为数字，实际为“{value}”"
    raise AssertionError(kind)  # pragma: no cover - FieldType is closed


# -- sheets --------------------------------------------------------------------------------------


def read_table(
    rows: Sequence[Sequence[Any]], *, file: str, sheet: str, kind: EvidenceKind
) -> tuple[list[LedgerRow], list[RowError]]:
    """Rows of one sheet (the header first) → checked rows and sheet-level errors."""
    sheet_errors: list[RowError] = []
    if not rows:
        return [], []
    by_header: dict[str, FieldSpec] = {}
    for spec in kind.fields:
        by_header[_clean_header(spec.name)] = spec
        if spec.label:
            by_header[_clean_header(spec.label)] = spec
    columns: dict[int, FieldSpec | str] = {}
    for index, header in enumerate(rows[0], start=1):
        name = _clean_header(header)
        if not name:
            continue
        if name in (KEY_HEADER, TITLE_HEADER):
            columns[index] = name
        elif name in by_header:
            if by_header[name] in columns.values():
                sheet_errors.append(RowError(file, sheet, 1, index, str(header),
                                             "列重复：同一字段出现两次，只读第一列"))
                continue
            columns[index] = by_header[name]
        elif _column_is_empty(rows, index):
            continue  # an extra column with nothing in it loses nothing
        else:
            known = "、".join(s.label or s.name for s in kind.fields)
            sheet_errors.append(RowError(
                file, sheet, 1, index, str(header),
                f"未知的列标题（证据类型“{kind.label}”的字段为：{known}），该列未读取",
            ))
    present = {c for c in columns.values() if isinstance(c, FieldSpec)}
    for spec in kind.fields:
        if spec.required and spec not in present:
            sheet_errors.append(RowError(file, sheet, 1, None, spec.label or spec.name,
                                         "缺少必填字段的列"))
    out: list[LedgerRow] = []
    seen: dict[str, int] = {}
    stem = Path(file).stem
    for number, cells in enumerate(rows[1:], start=2):
        if number > MAX_ROWS + 1:
            sheet_errors.append(RowError(file, sheet, number, None, "",
                                         f"行数超过上限 {MAX_ROWS}，其余行未读取"))
            break
        if all(_is_empty(c) for c in cells):
            continue
        fields: dict[str, Any] = {}
        errors: list[RowError] = []
        key = title = ""
        for index, target in columns.items():
            value = cells[index - 1] if index - 1 < len(cells) else None
            if isinstance(target, str):
                text, _ = coerce(FieldSpec(target, FieldType.TEXT), value)
                if target == KEY_HEADER:
                    key = text or ""
                else:
                    title = text or ""
                continue
            typed, problem = coerce(target, value)
            label = target.label or target.name
            if problem:
                errors.append(RowError(file, sheet, number, index, label, problem))
                fields[target.name] = value  # kept raw, for the record of the error
            elif typed is None and target.required:
                errors.append(RowError(file, sheet, number, index, label, "必填字段为空"))
            elif typed is not None:
                fields[target.name] = typed
        if not key:
            key = next((str(fields[n]) for n in NATURAL_KEYS
                        if isinstance(fields.get(n), str) and fields[n]), "")
        if not key:
            key = f"{stem}/{sheet}/第{number}行"
        source = f"{Path(file).name} 工作表“{sheet}” 第{number}行"
        # the same 文号 typed as 〔2019〕 in one row and [2019] in another is one record
        same = normalize_key(key)
        if same in seen:
            errors.append(RowError(file, sheet, number, None, KEY_HEADER,
                                   f"编号“{key}”与第{seen[same]}行重复"))
        seen.setdefault(same, number)
        out.append(LedgerRow(kind.name, key, title, fields, source, number, tuple(errors)))
    return out, sheet_errors


def _is_empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _column_is_empty(rows: Sequence[Sequence[Any]], index: int) -> bool:
    return all(index - 1 >= len(cells) or _is_empty(cells[index - 1]) for cells in rows[1:])


class LedgerFileError(InputError):
    """A ledger file that cannot be read at all; ``reason`` says why in words the office can
    act on (the collector names the file as ``collect.yaml`` does)."""

    def __init__(self, file: str | Path, reason: str) -> None:
        self.reason = reason
        super().__init__(Problem(Location(str(file)), reason))


_NOT_XLSX = ("不是有效的 .xlsx 文件（可能已损坏，或是改了扩展名的 .xls 文件）；"
             "请用 Excel 另存为 .xlsx")


def _check_zip(path: Path) -> None:
    """Refuse a workbook whose ZIP is not an Excel workbook or would inflate too far, before
    openpyxl reads any of it (the core's guard for every Office file)."""
    try:
        reason = zip_refusal(path, required=("[Content_Types].xml", "xl/workbook.xml"),
                             what=".xlsx", max_total=MAX_XLSX_BYTES, max_ratio=MAX_XLSX_RATIO,
                             max_parts=MAX_XLSX_PARTS)
    except OSError as exc:
        raise LedgerFileError(path, unreadable(exc)) from None
    if reason is None:
        return
    if reason.startswith("解压后过大"):
        reason += "；请把台账拆成几个文件"
    elif reason.startswith("不是有效的"):
        reason = _NOT_XLSX
    else:
        reason += "；请用 Excel 另存为 .xlsx"
    raise LedgerFileError(path, reason)


def _open_workbook(path: Path) -> Any:
    """The workbook, read-only, after :func:`_check_zip`; any failure a LedgerFileError."""
    _check_zip(path)
    try:
        return load_workbook(path, read_only=True, data_only=True)
    except UNREADABLE as exc:
        raise LedgerFileError(path, unreadable(exc)) from None
    except Exception as exc:  # openpyxl on a damaged workbook: KeyError, XML errors, ...
        raise LedgerFileError(path, f"{_NOT_XLSX}（{type(exc).__name__}）") from None


def _xlsx_sheets(path: Path) -> Iterator[tuple[str, list[tuple[Any, ...]]]]:
    """(title, rows) of each data sheet; at most MAX_ROWS + 2 rows are read of a sheet (the
    header, the rows, and one to tell that there were more)."""
    workbook = _open_workbook(path)
    try:
        for sheet in workbook.worksheets:
            if sheet.title in (INSTRUCTIONS, OPTIONS):
                continue
            try:
                rows = [tuple(r) for r in itertools.islice(
                    sheet.iter_rows(values_only=True), MAX_ROWS + 2)]
            except Exception as exc:  # a damaged sheet
                raise LedgerFileError(path, f"工作表“{sheet.title}”无法读取：{_NOT_XLSX}"
                                            f"（{type(exc).__name__}）") from None
            yield sheet.title, rows
    finally:
        workbook.close()


def decode_csv(data: bytes, encoding: str | None = None) -> str:
    """CSV bytes as text: the given encoding, else UTF-8 (with or without BOM), else GB18030
    (a superset of GBK, what Excel saves as "CSV" on a Chinese Windows)."""
    if encoding:
        return data.decode(encoding)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("gb18030")


#: What opening a ledger file raises when the file itself is unusable (see :func:`unreadable`).
UNREADABLE = (OSError, UnicodeDecodeError, zipfile.BadZipFile, InvalidFileException)


def unreadable(exc: BaseException, encoding: str | None = None) -> str:
    """Why a ledger file could not be opened (one of :data:`UNREADABLE`), in words the office
    can act on."""
    if isinstance(exc, UnicodeDecodeError):
        return (f"无法按 {encoding} 编码读取；请检查设置中的 encoding，或把文件另存为 UTF-8"
                if encoding else "无法识别文件的编码；请把文件另存为 UTF-8")
    if isinstance(exc, OSError):
        return "无法打开：文件可能正被其他程序（如 Excel）占用，或没有读取权限"
    return ("不是有效的 .xlsx 文件（可能已损坏，或是改了扩展名的 .xls 文件）；"
            "请用 Excel 另存为 .xlsx")


def _csv_table(path: Path, encoding: str | None) -> list[list[str]]:
    try:
        size = path.stat().st_size
        if size > MAX_CSV_BYTES:
            limit = MAX_CSV_BYTES // 1024 // 1024
            raise LedgerFileError(path, f"文件过大（{size // 1024 // 1024} MB，上限 {limit} MB）；"
                                        "请把台账拆成几个文件")
        text = decode_csv(path.read_bytes(), encoding)
    except (OSError, UnicodeDecodeError) as exc:
        raise LedgerFileError(path, unreadable(exc, encoding)) from None
    try:
        return list(itertools.islice(csv.reader(io.StringIO(text, newline="")), MAX_ROWS + 2))
    except csv.Error as exc:
        raise LedgerFileError(
            path, f"不是有效的 CSV 文件（{exc}）；请用 Excel 另存为 CSV 或 .xlsx") from None


def read_ledger(
    path: str | Path,
    ruleset: Ruleset,
    *,
    kind: str | None = None,
    encoding: str | None = None,
) -> LedgerResult:
    """Read and check one ledger file (``.xlsx`` or ``.csv``).

    :param kind: for a CSV file, its evidence kind (default: the file's stem, a kind's label or
        name, e.g. ``行政执法决定.csv``); for a workbook, read only that kind's sheet.
    :param encoding: for a CSV file, its encoding (default: UTF-8, else GBK/GB18030).
    :raises LedgerFileError: the file cannot be read at all (see the module's docstring).
    """
    path = Path(path)
    name = str(path)
    rows: list[LedgerRow] = []
    errors: list[RowError] = []
    if path.suffix.lower() == ".csv":
        wanted = ruleset.kind_map.get(kind) if kind else kind_for_title(path.stem, ruleset)
        if wanted is None:
            labels = "、".join(k.label for k in ruleset.evidence_kinds)
            raise_error = RowError(name, path.stem, None, None, "",
                                   f"无法确定证据类型：请用证据类型名称命名文件（{labels}）"
                                   "或在设置中给出 kind")
            return LedgerResult((), (raise_error,))
        table = _csv_table(path, encoding)
        found, sheet_errors = read_table(table, file=name, sheet=path.stem, kind=wanted)
        rows.extend(found)
        errors.extend(sheet_errors)
    else:
        for title, table in _xlsx_sheets(path):
            found_kind = kind_for_title(title, ruleset)
            if kind is not None and (found_kind is None or found_kind.name != kind):
                continue
            if found_kind is None:
                if any(not _is_empty(c) for cells in table for c in cells):
                    errors.append(RowError(name, title, None, None, "",
                                           "工作表名称不是规则集声明的证据类型，未读取"))
                continue
            found, sheet_errors = read_table(table, file=name, sheet=title, kind=found_kind)
            rows.extend(found)
            errors.extend(sheet_errors)
    for row in rows:
        errors.extend(row.errors)
    errors.sort(key=lambda e: (e.sheet, e.row or 0, e.column or 0))
    return LedgerResult(tuple(rows), tuple(errors))


def sheet_titles(path: str | Path) -> tuple[str, ...]:
    """The titles of a ledger's data sheets (the CSV file's stem), without reading rows."""
    path = Path(path)
    if path.suffix.lower() == ".csv":
        return (path.stem,)
    workbook = _open_workbook(path)
    try:
        return tuple(s.title for s in workbook.worksheets if s.title not in (INSTRUCTIONS, OPTIONS))
    finally:
        workbook.close()


def sheet_kinds(path: str | Path, ruleset: Ruleset) -> tuple[str, ...]:
    """The evidence kinds a ledger file holds, without reading its rows: its sheet titles (or
    the CSV's stem) that are kind labels or names of ``ruleset``, in sheet order.  Other
    sheets are left to :func:`read_ledger`, which reports those that hold data."""
    kinds = (kind_for_title(title, ruleset) for title in sheet_titles(path))
    return tuple(dict.fromkeys(k.name for k in kinds if k is not None))
