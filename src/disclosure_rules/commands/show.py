"""``disclosure-rules show PATH``: the rule set as the table the office knows."""

from __future__ import annotations

import argparse

from rich.console import Console
from rich.table import Table

from ..ruleset.kinds import current as current_kinds
from ..ruleset.loader import load_ruleset
from ..ruleset.model import Ruleset, Task

NAME = "show"
HELP = "以表格显示规则集：序号、工作任务、具体要求、责任单位及角色、完成时间、规则"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", metavar="PATH", help="规则集文件")
    parser.add_argument("--lang", choices=("zh", "en"), default="zh", help="显示语言")
    parser.add_argument("--width", type=int, default=None, help="终端宽度（默认自动）")


def units_text(ruleset: Ruleset, task: Task, lang: str = "zh") -> str:
    """Units grouped by role: ``牵头：法规科；负责：局属各单位（运管处、…）``."""
    parts: list[str] = []
    for role in dict.fromkeys(a.role for a in task.assignments):
        members = [a for a in task.assignments if a.role is role]
        names: list[str] = []
        for via in dict.fromkeys(a.via for a in members):
            group = [ruleset.units.name_of(a.unit) for a in members if a.via == via]
            names.append(f"{via}（{'、'.join(group)}）" if via else "、".join(group))
        label = role.value if lang == "zh" else role.english
        parts.append(f"{label}：{'、'.join(names)}")
    return "；".join(parts)


def _moved(ruleset: Ruleset, task: Task, lang: str) -> str:
    """Why a task's due day moves, when it is a rest day and the rule set moves such days
    (``deadline_on_rest_day: next_working_day``); empty otherwise."""
    due = getattr(task.deadline, "due", None)  # a fixed date, or one another body has set
    if due is None:
        return ""
    moved = ruleset.period_end(due).describe("zh" if lang == "zh" else "en")
    return f"\n{moved}" if moved else ""


def run(args: argparse.Namespace) -> int:
    ruleset = load_ruleset(args.path)
    zh = args.lang == "zh"
    console = Console(width=args.width)
    table = Table(title=ruleset.title, show_lines=True)
    for header in (("序号", "No."), ("工作任务", "Heading"), ("具体要求", "Requirement"),
                   ("责任单位", "Units"), ("完成时间", "Due"), ("规则", "Rules")):
        table.add_column(header[0] if zh else header[1], overflow="fold")
    kinds = current_kinds()
    for task in ruleset.tasks:
        rules = "\n".join(
            f"{rule.id}（{kinds.of(rule).label if zh else rule.kind}）"
            + (("【待确认】" if zh else " [to confirm]") if rule.confirm else "")
            for rule in task.rules
        )
        table.add_row(
            str(task.number),
            "\n".join(task.heading),
            task.requirement,
            units_text(ruleset, task, args.lang),
            f"{task.deadline.phrase}\n{task.deadline.describe(args.lang)}"
            + _moved(ruleset, task, args.lang),
            rules,
        )
    console.print(table)
    calls = [(task, rule) for task in ruleset.tasks for rule in task.rules if rule.confirm]
    if calls:
        console.print("请局办公室确认的判断（规则集作者代为取定，须按本局实际核对）：" if zh else
                      "Judgement calls the office should confirm:")
        for task, rule in calls:
            console.print(f"  第{task.number}行，{rule.id}：{rule.confirm}" if zh else
                          f"  row {task.number} {rule.id}: {rule.confirm}", markup=False)
    console.print(f"{ruleset.id} · sha256 {ruleset.sha256[:12]} · {len(ruleset.tasks)} 项任务")
    return 0
