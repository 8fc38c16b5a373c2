"""The XLSX 台账 template for one unit, derived from the rule set.

The rules whose units include the unit (its 牵头/负责/分工负责 rows, or rules naming it) give
the evidence kinds it must supply; each kind becomes a sheet titled with the kind's label,
headed by ``编号``, ``标题`` and the kind's field labels (``*`` marks a required field), with a
frozen header row, column widths, and data validation: dates, integers and numbers by type,
enumerations as drop-down lists (from the choices, kept on the hidden sheet ``选项``) and
booleans as 是/否.  The first sheet, ``说明``, names the unit, the tasks and rules it answers for
and which sheet holds which kind.  Attestations (``attested`` rules) are not ledger rows: they
are signed statements collected by the attestation plugin, and are only listed in ``说明``.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from disclosure_rules.errors import InputError, Location, Problem, did_you_mean
from disclosure_rules.model import (
    AttestedRule,
    EvidenceKind,
    FieldSpec,
    FieldType,
    Rule,
    Ruleset,
    Task,
)

from .read import INSTRUCTIONS, KEY_HEADER, OPTIONS, TITLE_HEADER, sheet_title

#: Rows prepared (formatted and validated) below the header.
ROWS = 500
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")


def unit_rules(ruleset: Ruleset, unit: str) -> list[tuple[Task, Rule]]:
    """The (task, rule) pairs that check ``unit`` (an id), in table order."""
    return [(task, rule) for task, rule in ruleset.rules() if unit in task.units_for(rule)]


def ledger_kinds(ruleset: Ruleset, unit: str) -> list[EvidenceKind]:
    """The evidence kinds ``unit`` supplies in its ledger: those of its rules, attestations
    excluded, in the rule set's declaration order."""
    wanted = {kind for _task, rule in unit_rules(ruleset, unit)
              if not isinstance(rule, AttestedRule) for kind in rule.evidence_kinds()}
    return [k for k in ruleset.evidence_kinds if k.name in wanted]


def resolve_unit(ruleset: Ruleset, unit: str) -> str:
    """A unit id from an id, name or alias; a group phrase or an unknown name is an error."""
    ids = ruleset.units.resolve(unit)
    if len(ids) == 1 and unit not in ruleset.units.group_by_phrase:
        return ids[0]
    if ids:
        message = f"“{unit}”是单位组，台账模板须为具体单位生成"
        hint = "可用：" + "、".join(ruleset.units.name_of(i) for i in ids)
    else:
        message = f"规则集 {ruleset.id} 中没有单位“{unit}”"
        hint = did_you_mean(unit, ruleset.units.known_names())
    raise InputError(Problem(Location(ruleset.path), message, hint))


def write_template(ruleset: Ruleset, unit: str, path: str | Path) -> Path:
    """Write the unit's ledger template to ``path`` (an ``.xlsx``) and return the path.

    :param unit: the unit's id, name or alias.
    :raises InputError: the unit is unknown or a group; or it answers for no rule.
    """
    unit_id = resolve_unit(ruleset, unit)
    pairs = unit_rules(ruleset, unit_id)
    kinds = ledger_kinds(ruleset, unit_id)
    if not pairs:
        raise InputError(Problem(
            Location(ruleset.path),
            f"单位“{ruleset.units.name_of(unit_id)}”在规则集 {ruleset.id} 中"
            "不承担任何规则，无需台账",
        ))
    workbook = Workbook()
    notes = workbook.active
    notes.title = INSTRUCTIONS
    options = workbook.create_sheet(OPTIONS)
    options.sheet_state = "hidden"
    titles: dict[str, str] = {}
    for kind in kinds:
        sheet = workbook.create_sheet(sheet_title(kind))
        titles[kind.name] = sheet.title
        _write_kind_sheet(sheet, kind, options)
    _write_instructions(notes, ruleset, unit_id, pairs, kinds, titles)
    workbook.move_sheet(options, offset=len(workbook.sheetnames))
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(path)
    return path


def _width(spec: FieldSpec) -> float:
    label = len(spec.label or spec.name) * 2 + 4
    if spec.type is FieldType.DATE:
        return max(14, label)
    if spec.type is FieldType.ENUM:
        return max(label, max((len(c) for c in spec.choices), default=4) * 2 + 4)
    if spec.type in (FieldType.BOOL, FieldType.INT, FieldType.NUMBER):
        return max(10, label)
    return max(24, label)


def _write_kind_sheet(sheet: Worksheet, kind: EvidenceKind, options: Worksheet) -> None:
    headers: list[tuple[str, float, str]] = [
        (KEY_HEADER, 22,
         "本行记录的编号（如文号、决定书文号、登记编号），同一表内不可重复；可留空"),
        (TITLE_HEADER, 36, "标题或名称（可留空）"),
    ]
    for spec in kind.fields:
        text = (spec.label or spec.name) + ("*" if spec.required else "")
        headers.append((text, _width(spec), _describe(spec)))
    for index, (text, width, note) in enumerate(headers, start=1):
        cell = sheet.cell(row=1, column=index, value=text)
        cell.font = Font(bold=True, color="C00000" if text.endswith("*") else "000000")
        cell.fill = _HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.comment = Comment(note, "disclosure-rules")
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    sheet.row_dimensions[1].height = 30
    for index, spec in enumerate(kind.fields, start=3):
        _validate(sheet, index, spec, options)


def _describe(spec: FieldSpec) -> str:
    what = {
        FieldType.DATE: "日期，如 2019-10-08",
        FieldType.TEXT: "文本",
        FieldType.INT: "整数",
        FieldType.NUMBER: "数字",
        FieldType.BOOL: "填“是”或“否”",
        FieldType.REF: "所指记录的编号（如文号）",
        FieldType.ENUM: "从下拉列表中选择：" + "、".join(spec.choices),
    }[spec.type]
    return ("必填。" if spec.required else "选填。") + what


def _validate(sheet: Worksheet, column: int, spec: FieldSpec, options: Worksheet) -> None:
    letter = get_column_letter(column)
    cells = f"{letter}2:{letter}{ROWS + 1}"
    label = spec.label or spec.name
    validation: DataValidation | None = None
    if spec.type is FieldType.DATE:
        validation = DataValidation(type="date", operator="between",
                                    formula1="DATE(2000,1,1)", formula2="DATE(2100,12,31)")
        validation.error = f"“{label}”应为日期，如 2019-10-08"
        for row in range(2, ROWS + 2):
            sheet.cell(row=row, column=column).number_format = "yyyy-mm-dd"
    elif spec.type is FieldType.ENUM:
        slot = options.max_column + 1 if options.max_row > 1 or options["A1"].value else 1
        options.cell(row=1, column=slot, value=label)
        for row, choice in enumerate(spec.choices, start=2):
            options.cell(row=row, column=slot, value=choice)
        col = get_column_letter(slot)
        validation = DataValidation(
            type="list", formula1=f"'{OPTIONS}'!${col}$2:${col}${len(spec.choices) + 1}"
        )
        validation.error = f"“{label}”应为以下之一：" + "、".join(spec.choices)
    elif spec.type is FieldType.BOOL:
        validation = DataValidation(type="list", formula1='"是,否"')
        validation.error = f"“{label}”应填“是”或“否”"
    elif spec.type is FieldType.INT:
        validation = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0")
        validation.error = f"“{label}”应为整数"
    elif spec.type is FieldType.NUMBER:
        validation = DataValidation(type="decimal", operator="between",
                                    formula1="-1E+15", formula2="1E+15")
        validation.error = f"“{label}”应为数字"
    if validation is None:
        return
    validation.errorTitle = "输入有误"
    validation.showErrorMessage = True
    validation.allow_blank = True  # rows below the filled ones stay empty
    validation.promptTitle = label
    validation.prompt = _describe(spec)[:250]
    validation.showInputMessage = True
    sheet.add_data_validation(validation)
    validation.add(cells)


def _write_instructions(
    sheet: Worksheet,
    ruleset: Ruleset,
    unit: str,
    pairs: list[tuple[Task, Rule]],
    kinds: list[EvidenceKind],
    titles: dict[str, str],
) -> None:
    name = ruleset.units.name_of(unit)
    bold = Font(bold=True)
    lines = [
        (f"{name} 政务公开台账", Font(bold=True, size=14)),
        (f"规则集：{ruleset.title}（{ruleset.id}）", None),
        ("填写说明：每个工作表对应一类证据，第一行为列标题（带 * 的为必填），"
         "请勿修改工作表名称和列标题；每行填写一条记录，日期写成 2019-10-08 形式，"
         "带下拉箭头的列从列表中选择。", None),
        ("“编号”填文号、决定书文号等能唯一识别本条记录的编号；没有可留空。", None),
        ("", None),
    ]
    row = 1
    for text, font in lines:
        cell = sheet.cell(row=row, column=1, value=text)
        if font is not None:
            cell.font = font
        row += 1
    for column, header in enumerate(("工作表", "证据类型标识", "证据类型说明"), start=1):
        sheet.cell(row=row, column=column, value=header).font = bold
    row += 1
    for kind in kinds:
        sheet.cell(row=row, column=1, value=titles[kind.name])
        sheet.cell(row=row, column=2, value=kind.name)
        sheet.cell(row=row, column=3, value=kind.description or kind.label)
        row += 1
    row += 1
    sheet.cell(row=row, column=1, value=f"{name}承担的任务与规则").font = bold
    row += 1
    headers = ("序号", "工作任务", "规则", "规则说明", "角色", "完成时间", "所需证据")
    for column, header in enumerate(headers, start=1):
        sheet.cell(row=row, column=column, value=header).font = bold
    row += 1
    for task, rule in pairs:
        role = task.role_of(unit)
        if isinstance(rule, AttestedRule):
            evidence = "书面说明（由书面说明插件收集）"
        else:
            evidence = "、".join(titles.get(k, k) for k in rule.evidence_kinds())
        values = (task.number, task.requirement, rule.id, rule.description,
                  role.value if role else "", task.deadline.describe(), evidence)
        for column, value in enumerate(values, start=1):
            cell = sheet.cell(row=row, column=column, value=value)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        row += 1
    for column, width in zip("ABCDEFG", (14, 48, 26, 48, 10, 18, 24), strict=True):
        sheet.column_dimensions[column].width = width
