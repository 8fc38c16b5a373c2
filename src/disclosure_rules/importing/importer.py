"""Import a 责任分工分解表 as scraped from a bureau's website into a rule-set skeleton.

The scraped text (see ``tests/fixtures/import/seed_2019.txt``) has one cell per line, each ending
in ``" |"``; lines of bare pipes (``|``, ``||``, ``|||||``) stand for cells that were merged with
the row above.  Before the table come the notice (通知), its signature (issuer, date) and the
title; after it, page junk (``分享到:``).  The steps, each a small function:

1. text clean-up, line by line: :func:`strip_pinyin` (``關(guān)`` → ``關``), :func:`to_simplified`
   (opencc ``t2s``), :func:`normalize_punctuation` (``,`` → ``，`` between Chinese text, stray
   spaces removed);
2. :func:`read_cells`: cells with their source line; the header row is found by ``序号``;
3. rows are cut at the 序号 cells, which must count 1, 2, 3, ...;
4. each row's cells are classified by their number: the last four are 具体要求, 责任部门, 完成时间,
   备注 and any before them are heading cells (一、… / （一）… / 1、…).  A row of one cell holds
   only 具体要求; its other cells were merged with the row above and are restored from it.
   Headings carry down to the rows below until a heading of the same or a higher level.

Wording is kept verbatim, typos included (correcting them is the rule-set author's job, who keeps
the source text in ``original``).  Anything the importer cannot place is an :class:`InputError`
naming the source line.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from datetime import date
from typing import Any

import opencc
import yaml
from attrs import frozen

from ..errors import DeadlineError, InputError, Location, Problem
from ..ruleset.deadlines import parse_deadline
from ..ruleset.model import Role, UnitRegistry
from .columns import column_of
from .review import rule_hints, unknown_names

__all__ = [
    "ImportedRow",
    "ImportedTable",
    "ResponsiblePart",
    "heading_level",
    "is_group_phrase",
    "normalize_punctuation",
    "parse_responsible",
    "parse_table",
    "split_heading",
    "strip_pinyin",
    "to_json_data",
    "to_simplified",
    "to_skeleton_yaml",
]


@frozen
class ImportedRow:
    """One row of the table, merged cells restored."""

    number: int
    heading: tuple[str, ...]  # the full path: 一、… / （一）… / 1、…
    requirement: str
    responsible: str
    deadline: str
    city_note: str
    merged: tuple[str, ...]  # fields restored from the row above (heading, responsible, ...)
    line: int  # source line of the row's 序号 cell (0 for forms without lines)
    where: str = ""  # for XLSX and DOCX: the 序号 cell (``Sheet1!A5``, ``表格1 第3行第1列``)
    source_number: str = ""  # the table's own 序号 where it is not the running number

    @property
    def responsible_parts(self) -> tuple[ResponsiblePart, ...]:
        return parse_responsible(self.responsible)

    @property
    def units_by_role(self) -> dict[str, list[str]]:
        """The names of the 责任部门 cell by role word, as a rule set's ``units:`` lists them."""
        roles: dict[str, list[str]] = {}
        for part in self.responsible_parts:
            roles.setdefault(part.role.value, []).append(part.name)
        return roles


@frozen
class ImportedTable:
    title: str
    issuer: str
    issued: date | None
    preamble: str
    rows: tuple[ImportedRow, ...]
    source: str = "<input>"

    @property
    def year(self) -> int | None:
        """The year the table is about: from the title, else from the issue date."""
        match = re.search(r"(\d{4})年", self.title)
        if match:
            return int(match[1])
        return self.issued.year if self.issued else None


@frozen
class ResponsiblePart:
    """One name of a 责任部门 cell with its role; the name is kept as the table words it."""

    name: str
    role: Role


# -- 1. text clean-up -----------------------------------------------------------------------

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ebef"
#: a Chinese character or Chinese (fullwidth) punctuation, quotes included
_CN = f"[{_CJK}\u3000-\u303f\uff00-\uffef\u2018-\u201d]"
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
#: one pinyin syllable in brackets: lowercase letters with exactly one tone mark, at most 6 long
_SYLLABLE = rf"[(（](?=[a-zü{_TONED}]{{1,6}}[)）])[a-zü]*[{_TONED}][a-zü]*[)）]"
#: the annotations right after a Chinese character (a run, so that stripping is idempotent)
_PINYIN_RUN = re.compile(rf"(?<=[{_CJK}])(?:{_SYLLABLE})+")


def strip_pinyin(text: str) -> str:
    """Remove pinyin annotations such as ``(guān)`` after Chinese characters.

    Only a bracket right after a Chinese character whose content is one lowercase pinyin syllable
    with a tone mark goes; real brackets — ``(一)``, ``(單位)``, ``(瀝青)``, ``(a)`` — stay.
    """
    return _PINYIN_RUN.sub("", text)


@functools.cache
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Traditional → simplified characters (opencc ``t2s``)."""
    return _t2s().convert(text)


_HALF_PUNCT = {",": "，", ":": "：", ";": "；", "?": "？", "!": "！"}
_PUNCT = re.compile(r"\s*([,:;?!])\s*")
_BRACKETS = re.compile(r"\s*\(([^()]*)\)\s*")
_SPACE_NEAR_CN = re.compile(rf"\s+(?={_CN})|(?<={_CN})\s+")


def _near_cn(text: str, start: int, end: int) -> bool:
    """Whether the text just before ``start`` or just after ``end`` is Chinese."""
    before, after = text[:start].rstrip()[-1:], text[end:].lstrip()[:1]
    return any(re.fullmatch(_CN, c) for c in (before, after) if c)


def _punct_pass(text: str) -> str:
    def bracket(m: re.Match[str]) -> str:
        if re.search(f"[{_CJK}]", m[1]) or _near_cn(text, m.start(), m.end()):
            return f"（{m[1].strip()}）"
        return m[0]

    text = _BRACKETS.sub(bracket, text)

    def punct(m: re.Match[str]) -> str:
        return _HALF_PUNCT[m[1]] if _near_cn(text, m.start(), m.end()) else m[0]

    text = _PUNCT.sub(punct, text)
    text = _SPACE_NEAR_CN.sub("", text)
    return re.sub(r"\s+", " ", text).strip()


def normalize_punctuation(text: str) -> str:
    """Fullwidth punctuation between Chinese text (``,`` → ``，``, ``(一)`` → ``（一）``, ``:`` →
    ``：``) and no spaces next to Chinese text.  ``1,000`` or ``(a) b`` in Latin text stay."""
    while (done := _punct_pass(text)) != text:  # each pass only converts or removes: it ends
        text = done
    return text


def clean_text(text: str) -> str:
    """All clean-up steps on one line or cell."""
    return normalize_punctuation(to_simplified(strip_pinyin(text)))


# -- 2. cells --------------------------------------------------------------------------------


@frozen
class Cell:
    text: str
    line: int


_JUNK = re.compile(r"(分享到|打印本页|关闭窗口|返回顶部|【?(打印|关闭)】?)(：.*)?")


def read_cells(text: str) -> tuple[list[Cell], list[Cell]]:
    """The cleaned lines before the table (as cells, one per line) and the cells from the header
    on.  Empty cells (merged-cell remnants such as ``||``) and page junk are dropped; a cell that
    spans lines (a line without a closing ``|``) is joined into one."""
    before: list[Cell] = []
    cells: list[Cell] = []
    pending: list[str] = []
    pending_line = 0
    for number, raw in enumerate(text.splitlines(), start=1):
        line = clean_text(raw.replace("\ufeff", ""))
        if not line or _JUNK.fullmatch(line.rstrip("|").strip()):
            continue
        if not cells and not line.startswith("序号"):
            before.append(Cell(line, number))
            continue
        if "|" not in line:
            pending_line = pending_line or number
            pending.append(line)
            continue
        pieces = [p.strip() for p in line.split("|")]
        if pending:
            pieces[0] = "".join([*pending, pieces[0]])
        for piece in pieces:
            if piece:
                cells.append(Cell(piece, pending_line or number))
                pending_line = 0
        pending, pending_line = [], 0
    return before, cells  # a trailing line without "|" is page furniture: dropped


# -- 3. preamble, title, issuer, date ----------------------------------------------------------

_DATE = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")
_ATTACHMENT = re.compile(r"附件\d*[：:]?")


def _front_matter(lines: list[Cell]) -> tuple[str, str, date | None, str]:
    """(title, issuer, issued, preamble) from the lines before the header."""
    texts = [c.text for c in lines]
    dated = next((i for i, t in enumerate(texts) if _DATE.fullmatch(t)), None)
    if dated is None:
        marks = [i for i, t in enumerate(texts) if _ATTACHMENT.fullmatch(t)]
        start = marks[-1] + 1 if marks else 0
        return "".join(texts[start:]), "", None, "\n".join(texts[: marks[-1] if marks else 0])
    match = _DATE.fullmatch(texts[dated])
    assert match is not None
    issued = date(int(match[1]), int(match[2]), int(match[3]))
    issuer = texts[dated - 1] if dated > 0 else ""
    title = "".join(t for t in texts[dated + 1 :] if not _ATTACHMENT.fullmatch(t))
    return title, issuer, issued, "\n".join(texts[: max(dated - 1, 0)])


# -- 4. headings -----------------------------------------------------------------------------

_NUMERAL = "一二三四五六七八九十"
_LEVELS = (
    re.compile(f"[{_NUMERAL}]+、"),  # 一、
    re.compile(f"（[{_NUMERAL}]+）"),  # （一）
    re.compile(r"\d+、"),  # 1、
)
_HEADING_START = re.compile(rf"(?=（[{_NUMERAL}]+）)|(?<![\d、])(?=\d+、)")


def heading_level(text: str) -> int | None:
    """1 for ``一、…``, 2 for ``（一）…``, 3 for ``1、…``; None for anything else."""
    for level, pattern in enumerate(_LEVELS, start=1):
        if pattern.match(text):
            return level
    return None


def split_heading(text: str) -> tuple[str, ...]:
    """A heading cell into its headings: ``三、强化…（一）围绕…`` has two (a merged cell)."""
    return tuple(part for part in _HEADING_START.split(text) if part)


# -- 5. rows ---------------------------------------------------------------------------------

_HEADER = ("序号", "工作任务", "具体要求", "责任部门", "完成时间", "备注")
_TRAILING = ("requirement", "responsible", "deadline", "city_note")
_LABELS = {
    "heading": "工作任务",
    "requirement": "具体要求",
    "responsible": "责任部门",
    "deadline": "完成时间",
    "city_note": "备注（市级安排）",
}
_ROW_NUMBER = re.compile(r"[0-9]{1,4}")
_DEADLINE_HINT = re.compile(r"\d|[年月日前底内]|时间|及时|常态|安排|部署|长期|持续|每")


class _Problems:
    def __init__(self, source: str) -> None:
        self.source = source

    def error(self, line: int | None, message: str, hint: str | None = None) -> InputError:
        return InputError(
            Problem(Location(file=self.source, line=line), message, hint),
            summary="无法导入责任分工分解表：",
        )


def _check_header(cells: list[Cell], at: _Problems) -> tuple[list[Cell], tuple[str, ...]]:
    """Check the header row; return the cells after it and the columns after the headings.

    Columns are found by meaning (:mod:`table_columns`); the header must start with 序号, and
    工作任务 (the headings, merged over rows) must come right after it, as published tables
    have it; the other columns may come in any order."""
    if not cells:
        raise at.error(None, "找不到表头（以“序号”开头的一行）")
    columns: list[str] = []
    for cell in cells:
        column = column_of(cell.text)
        if column is None or _ROW_NUMBER.fullmatch(cell.text):
            break
        columns.append(column)
    names = [c.text for c in cells[: max(len(columns), len(_HEADER))]]
    trailing = tuple(c for c in columns if c not in ("number", "heading"))
    known = set(trailing) | {"responsible"} if "lead" in trailing else set(trailing)
    wanted = {"requirement", "responsible", "deadline"}
    if (columns[:1] != ["number"] or "heading" in columns[2:] or not wanted <= known
            or len(set(columns)) != len(columns)):
        raise at.error(
            cells[0].line,
            f"表头不是预期的列：{' | '.join(names)}",
            "应为 " + " | ".join(_HEADER) + "（列名可用同义词，如 工作内容、责任单位、时限要求）",
        )
    return cells[len(columns) :], trailing


def _split_rows(cells: list[Cell], at: _Problems) -> list[tuple[Cell, list[Cell]]]:
    """Rows as (序号 cell, other cells); 序号 must run 1, 2, 3, ..."""
    rows: list[tuple[Cell, list[Cell]]] = []
    for cell in cells:
        if _ROW_NUMBER.fullmatch(cell.text):
            expected = len(rows) + 1
            if int(cell.text) != expected:
                message = f"序号应为 {expected}，却是 {cell.text}（行序错乱或缺行）"
                raise at.error(cell.line, message)
            rows.append((cell, []))
        elif not rows:
            raise at.error(cell.line, f"表头之后应是序号 1，却是“{cell.text}”")
        else:
            rows[-1][1].append(cell)
    if not rows:
        raise at.error(cells[0].line if cells else None, "表中没有任何一行（找不到序号 1）")
    return rows


def _headings(cells: list[Cell], number: int, at: _Problems) -> list[tuple[int, str]]:
    """(level, text) of the heading cells of a row, in order; levels must go down the path."""
    found: list[tuple[int, str]] = []
    for cell in cells:
        if heading_level(cell.text) is None:
            raise at.error(
                cell.line,
                f"第 {number} 行多出一个单元格“{cell.text}”：它在具体要求之前，却不是标题",
                "标题应以“一、”“（一）”或“1、”开头",
            )
        for part in split_heading(cell.text):
            level = heading_level(part)
            if level is None or (found and level <= found[-1][0]):
                raise at.error(cell.line, f"第 {number} 行的标题层级无法识别：“{cell.text}”")
            found.append((level, part))
    return found


def _build_row(
    number_cell: Cell,
    cells: list[Cell],
    previous: ImportedRow | None,
    path: list[tuple[int, str]],
    at: _Problems,
    trailing: tuple[str, ...] = _TRAILING,
) -> tuple[ImportedRow, list[tuple[int, str]]]:
    number, line = int(number_cell.text), number_cell.line
    if len(cells) == 1 and previous is not None and trailing[0] == "requirement":
        own = {"requirement": cells[0]}  # 责任部门/完成时间/备注 merged with the row above
        head: list[tuple[int, str]] = []
    elif len(cells) >= len(trailing):
        split = len(cells) - len(trailing)
        found = dict(zip(trailing, cells[split:], strict=True))
        own = {name: cell for name, cell in found.items() if name in _TRAILING}
        if "lead" in found or "support" in found:
            own["responsible"] = _joined_responsible(found)
        head = _headings(cells[:split], number, at)
    else:
        raise at.error(
            line,
            f"第 {number} 行有 {len(cells)} 个单元格，无法判断缺的是哪一格",
            "每行应有具体要求、责任部门、完成时间、备注四格（前面可有标题格）；"
            "只有具体要求一格时，其余三格沿用上一行",
        )
    requirement = own["requirement"]
    if heading_level(requirement.text) in (1, 2):
        raise at.error(
            requirement.line,
            f"第 {number} 行的具体要求“{requirement.text}”像是标题：是否缺了一个单元格？",
        )
    if "deadline" in own and not _DEADLINE_HINT.search(own["deadline"].text):
        raise at.error(
            own["deadline"].line,
            f"第 {number} 行的完成时间“{own['deadline'].text}”不像时间：是否缺了一个单元格？",
        )
    if head:
        path = [(level, text) for level, text in path if level < head[0][0]] + head
    merged = [] if head or not path else ["heading"]
    values: dict[str, str] = {}
    for name in _TRAILING:
        if name in own:
            values[name] = own[name].text
        elif previous is not None and name in (*trailing, "responsible"):
            values[name] = getattr(previous, name)
            merged.append(name)
        else:  # a column the table does not have (备注 is optional)
            values[name] = ""
    row = ImportedRow(
        number=number,
        heading=tuple(text for _, text in path),
        merged=tuple(merged),
        line=line,
        **values,
    )
    return row, path


def parse_table(text: str, *, source: str = "<input>") -> ImportedTable:
    """Parse a scraped 责任分工分解表; :class:`InputError` names the line of anything unknown."""
    at = _Problems(source)
    before, cells = read_cells(text)
    title, issuer, issued, preamble = _front_matter(before)
    rows: list[ImportedRow] = []
    path: list[tuple[int, str]] = []
    body, trailing = _check_header(cells, at)
    for number_cell, row_cells in _split_rows(body, at):
        if not row_cells:
            raise at.error(number_cell.line, f"第 {number_cell.text} 行没有任何单元格")
        previous = rows[-1] if rows else None
        row, path = _build_row(number_cell, row_cells, previous, path, at, trailing)
        rows.append(row)
    return ImportedTable(title, issuer, issued, preamble, tuple(rows), source)


# -- 6. the 责任部门 cell ---------------------------------------------------------------------


def _joined_responsible(found: dict[str, Cell]) -> Cell:
    first = next(c for c in found.values())
    return Cell(join_responsible({k: c.text for k, c in found.items()}), first.line)


def join_responsible(texts: dict[str, str]) -> str:
    """One 责任部门 text from separate 责任/牵头/配合 columns: ``甲牵头，乙配合``; a cell that
    already ends in a role word keeps it."""
    parts = []
    for column, word in (("lead", "牵头"), ("responsible", ""), ("support", "配合")):
        text = texts.get(column, "")
        if not text or text in ("无", "/", "-", "—"):
            continue
        has_role = _ROLE_SUFFIX.fullmatch(_NAME_SEPARATORS.split(text)[-1].strip())
        parts.append(text if has_role or not word else text + word)
    return "，".join(parts)


_ROLE_SUFFIX = re.compile(r"(?P<name>.*?)(?P<role>(?:按职责)?分工负责|牵头|负责|配合)")
_NAME_SEPARATORS = re.compile(r"[、，,；;]")
_GROUP = re.compile(r"各|相关|^局属.*单位$")


def parse_responsible(text: str) -> tuple[ResponsiblePart, ...]:
    """Names and roles of a 责任部门 cell.

    A role word (牵头, 负责, 配合, 分工负责) applies to its name and to the names listed before it
    since the previous role word: ``局科技科牵头，运输科、水运科、基建科配合`` → 局科技科 牵头,
    the others 配合.  Names with no role word after them are 负责.
    """
    parts: list[ResponsiblePart] = []
    pending: list[str] = []
    for piece in _NAME_SEPARATORS.split(text):
        piece = piece.strip()
        if not piece:
            continue
        match = _ROLE_SUFFIX.fullmatch(piece)
        if match is None or not match["name"]:
            pending.append(piece)
            continue
        pending.append(match["name"])
        role = Role.SPLIT if match["role"].endswith("分工负责") else Role(match["role"])
        parts.extend(ResponsiblePart(name, role) for name in pending)
        pending = []
    parts.extend(ResponsiblePart(name, Role.RESPONSIBLE) for name in pending)
    return tuple(parts)


def is_group_phrase(name: str) -> bool:
    """Whether a name stands for several units (``局属各单位``, ``局机关相关科室``)."""
    return bool(_GROUP.search(name))


def _distinct(names: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(names))


# -- 7. output -------------------------------------------------------------------------------


def _scalar(value: Any) -> str:
    """One YAML scalar or flow list on one line, quoted only where YAML needs it."""
    text = yaml.safe_dump(
        value, allow_unicode=True, default_flow_style=True, width=1_000_000, sort_keys=False
    )
    return text.removesuffix("\n").removesuffix("\n...").strip()


def _comment_list(names: list[str], per_line: int = 8) -> list[str]:
    return ["#   " + "、".join(names[i : i + per_line]) for i in range(0, len(names), per_line)]


def _deadline_comment(phrase: str, year: int | None) -> str:
    try:
        return parse_deadline(phrase, default_year=year).describe()
    except DeadlineError:
        return "TODO：无法识别，请改写或补充 due"


def _task_lines(row: ImportedRow, year: int | None) -> list[str]:
    roles = row.units_by_role
    lines = [
        f"  - number: {row.number}",
        f"    heading: {_scalar(list(row.heading))}",
        f"    requirement: {_scalar(row.requirement)}",
        f"    responsible: {_scalar(row.responsible)}",
        "    units:" if roles else "    units: {}",
        *(f"      {role}: {_scalar(names)}" for role, names in roles.items()),
        f"    deadline: {_scalar(row.deadline)}  # {_deadline_comment(row.deadline, year)}",
        f"    city_note: {_scalar(row.city_note)}",
        "    rules: []  # TODO：为本行写规则",
    ]
    for hint in rule_hints(row.number, row.requirement + "".join(row.heading[-1:]), year):
        lines.append(f"    # 建议（{hint.words}），核对证据类型和参数后取消注释：")
        lines.extend(f"    #   {text}" for text in hint.yaml)
    restored = [_LABELS[name] for name in row.merged if name != "heading"]
    if restored:
        note = f"    # 合并单元格：{'、'.join(restored)}沿用第 {row.number - 1} 行"
        lines.insert(1, note)
    if row.source_number:
        lines.insert(1, f"    # 原表序号：{row.source_number}")
    return lines


def _registry_lines(table: ImportedTable, registry: UnitRegistry) -> list[str]:
    """The registry's units and groups, and the table's names it does not know."""
    rows: dict[str, list[int]] = {}
    for row in table.rows:
        for part in row.responsible_parts:
            rows.setdefault(part.name, []).append(row.number)
    unknown = unknown_names(rows, registry)
    lines = []
    if unknown:
        lines.append("# TODO：下列名称不在单位名册（--units）中，请加为单位、别名或单位组：")
        for u in unknown:
            where = "、".join(str(n) for n in u.rows[:6]) + ("等" if len(u.rows) > 6 else "")
            maybe = f"；是否即：{'、'.join(u.suggestions)}" if u.suggestions else ""
            kind = "（单位组）" if is_group_phrase(u.name) else ""
            lines.append(f"#   {u.name}{kind}：第 {where} 行{maybe}")
    lines.append("units:")
    for unit in registry.units:
        item = {"id": unit.id, "name": unit.name}
        if unit.aliases:
            item["aliases"] = list(unit.aliases)
        if unit.tags:
            item["tags"] = sorted(unit.tags)
        lines.append(f"  - {_scalar(item)}")
    lines += ["", "groups:" if registry.groups else "groups: []"]
    for group in registry.groups:
        item = {"phrase": group.phrase}
        if group.tags:
            item["tags"] = sorted(group.tags)
        else:
            item["units"] = list(group.units)
        if group.note:
            item["note"] = group.note
        lines.append(f"  - {_scalar(item)}")
    return lines


def to_skeleton_yaml(
    table: ImportedTable, *, year: int | None = None, registry: UnitRegistry | None = None
) -> str:
    """A rule-set skeleton (see ``rulesets/2019.yaml``): every row as a task with its text,
    units by role and deadline, and TODO comments where the author must fill in.

    ``year`` is the table's year when the table does not say it; with a unit ``registry``
    (``--units``) its units and groups are written out and the names it does not know are
    listed with suggestions."""
    year = year or table.year
    names = _distinct(p.name for row in table.rows for p in row.responsible_parts)
    units = [n for n in names if not is_group_phrase(n)]
    groups = [n for n in names if is_group_phrase(n)]
    if registry is None:
        unit_lines = [
            "# TODO：为表中出现的下列单位名称建立名册（id、name、aliases、tags）：",
            *_comment_list(units),
            "units: []",
            "",
            "# TODO：为下列单位组指定 tags 或逐一列明单位（含义模糊的组写明 note）：",
            *_comment_list(groups),
            "groups: []",
        ]
    else:
        unit_lines = _registry_lines(table, registry)
    lines = [
        f"# 由 disclosure-rules import 从 {table.source} 生成的规则集骨架。",
        "# 文字已去拼音注音、繁体转简体、统一全角标点；合并单元格已还原。原文笔误未改：",
        "# 改正时把原文写进 original。",
        "schema: 1",
        f"id: {_scalar(f'ruleset-{year}' if year else 'ruleset')}  # TODO：规则集的稳定 ASCII id",
        f"title: {_scalar(table.title)}",
        f"year: {_scalar(year)}",
        f"issuer: {_scalar(table.issuer)}",
        f"issued: {_scalar(table.issued)}",
        f"source: {_scalar(table.source)}",
        "",
        *unit_lines,
        "",
        "evidence_kinds: {}  # TODO：声明规则用到的证据类型（可沿用去年规则集的声明）",
        "",
        "tasks:",
    ]
    top = None
    for row in table.rows:
        if row.heading and row.heading[0] != top:
            top = row.heading[0]
            lines.append(f"  # ===== {top} =====")
        lines.extend(_task_lines(row, year))
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def to_json_data(table: ImportedTable) -> dict[str, Any]:
    """The parsed table as plain JSON-ready data (``--format json``)."""
    return {
        "title": table.title,
        "issuer": table.issuer,
        "issued": table.issued.isoformat() if table.issued else None,
        "source": table.source,
        "preamble": table.preamble,
        "rows": [
            {
                "number": row.number,
                "heading": list(row.heading),
                "requirement": row.requirement,
                "responsible": row.responsible,
                "units": [{"name": p.name, "role": p.role.value} for p in row.responsible_parts],
                "deadline": row.deadline,
                "city_note": row.city_note,
                "merged": list(row.merged),
                "line": row.line,
                "where": row.where,
                "source_number": row.source_number,
            }
            for row in table.rows
        ],
    }
