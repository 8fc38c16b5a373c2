"""``disclosure-rules diff OLD NEW``: what changed between two rule sets."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ..errors import InputError, Location, Problem
from ..ruleset.diff import (
    carried_waivers,
    diff_rulesets,
    to_json,
    to_markdown,
    to_text,
    waivers_yaml,
)
from ..ruleset.loader import load_ruleset, load_waivers
from ..ruleset.model import Ruleset

NAME = "diff"
HELP = "比较两个规则集（如去年与今年）：新增、删除、变更的任务、规则、单位和证据类型"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("old", metavar="OLD", help="原规则集（如 rulesets/2019.yaml）")
    parser.add_argument("new", metavar="NEW", help="新规则集（如 rulesets/2020.yaml）")
    parser.add_argument("--old-waivers", metavar="FILE",
                        help="原规则集的豁免文件：列出哪些豁免延续、哪些不再适用")
    parser.add_argument("--new-waivers", metavar="FILE", help="新规则集的豁免文件")
    parser.add_argument("--carry-waivers", metavar="OUT.yaml",
                        help="把仍然适用的原豁免写成新规则集的豁免文件（需 --old-waivers）")
    parser.add_argument("--format", choices=("text", "md", "json"), default="text",
                        help="text：终端文字（默认）；md：Markdown；json：机器可读")


def run(args: argparse.Namespace) -> int:
    old, new = load_ruleset(args.old), load_ruleset(args.new)
    if args.old_waivers:
        old = old.with_waivers(load_waivers(args.old_waivers, old))
    if args.new_waivers:
        new = new.with_waivers(load_waivers(args.new_waivers, new))
    diff = diff_rulesets(old, new)
    if args.carry_waivers:
        _carry(args, old, new)
    if args.format == "json":
        sys.stdout.write(json.dumps(to_json(diff), ensure_ascii=False, indent=2) + "\n")
    elif args.format == "md":
        sys.stdout.write(to_markdown(diff))
    else:
        sys.stdout.write(to_text(diff))
    return 0


def _carry(args: argparse.Namespace, old: Ruleset, new: Ruleset) -> None:
    """Write the old waivers that continue as the new year's waivers file, then read it back
    against the new rule set, so what is written is known to load."""
    if not args.old_waivers:
        raise InputError(Problem(Location("--carry-waivers"), "需要原规则集的豁免文件",
                                 "同时给出 --old-waivers FILE"))
    out = Path(args.carry_waivers)
    carried = carried_waivers(old, new)
    try:
        out.write_text(waivers_yaml(carried, new, args.old_waivers), encoding="utf-8")
    except OSError as exc:
        raise InputError(Problem(Location(str(out)), f"无法写入：{exc.strerror or exc}")) from None
    load_waivers(out, new)
    print(f"沿用 {len(carried)} 条豁免 → {out}", file=sys.stderr)
