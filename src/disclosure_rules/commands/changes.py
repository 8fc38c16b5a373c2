"""``disclosure-rules changes``: findings whose status changed between two stored checks
(newly failing, fixed, newly pending, …), per unit, with their reasons."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Mapping, Sequence

from ..results.changes import Change
from ..store import DEFAULT_PATH, Store

NAME = "changes"
HELP = "比较证据库中的两次检查：列出状态有变化的结论（新增未通过、已整改等），按单位分组"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--store", default=DEFAULT_PATH, metavar="PATH",
                        help=f"证据库文件（默认 {DEFAULT_PATH}）")
    parser.add_argument("--from", dest="before", type=int, metavar="CHECK",
                        help="较早的检查编号（默认：--to 之前的一次）")
    parser.add_argument("--to", dest="after", type=int, metavar="CHECK",
                        help="较晚的检查编号（默认：最近一次）")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.add_argument("--lang", choices=("zh", "en"), default="zh")


def run(args: argparse.Namespace) -> int:
    zh = args.lang == "zh"
    with Store(args.store, create=False) as store:
        before, after = store.pair(args.before, args.after)
        changes = store.changes(before, after)
        names = {u["unit"]: u["name"] for u in store.result_json(after).get("units", [])}
    if args.format == "json":
        data = {"from": before, "to": after, "changes": [c.to_json() for c in changes]}
        json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    print_changes(changes, names, before, after, zh=zh)
    return 0


def print_changes(changes: Sequence[Change], names: Mapping[str, str], before: int, after: int,
                  *, zh: bool = True) -> None:
    """The text form of ``changes``: a count, then each unit's changes with their reasons."""
    print(f"检查 #{before} → #{after}：{len(changes)} 条结论状态有变化" if zh else
          f"Check #{before} → #{after}: {len(changes)} finding(s) changed status")
    by_unit: dict[str, list[Change]] = {}
    for change in changes:
        by_unit.setdefault(change.unit, []).append(change)
    for unit in sorted(by_unit):
        print(f"{names.get(unit, unit)}：" if zh else f"{unit}:")
        for c in sorted(by_unit[unit], key=lambda c: (c.task or 0, c.rule, c.subject)):
            about = "" if c.subject == "unit" else c.subject.partition(":")[2] or c.subject
            about = f"（{about}）" if about and zh else (f" ({about})" if about else "")
            task = (f"第{c.task}项 " if zh else f"task {c.task} ") if c.task is not None else ""
            label = c.label if zh else c.label_en
            print(f"  [{label}] {task}{c.rule}{about}：{c.reason}" if zh else
                  f"  [{label}] {task}{c.rule}{about}: {c.reason}")
