"""``disclosure-rules validate PATH...``: check rule sets; every error with file:line:column.

Besides errors, a valid rule set can have warnings (``ruleset_lint``: dates left over from
another year, ...); ``--strict`` makes them errors.
"""

from __future__ import annotations

import argparse
import sys

from ..errors import RulesetError
from ..ruleset.lint import lint_ruleset
from ..ruleset.loader import load_ruleset

NAME = "validate"
HELP = "校验规则集（YAML）：有错误时逐条列出文件、行、列和字段路径"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", metavar="PATH", help="规则集文件")
    parser.add_argument("--strict", action="store_true",
                        help="把警告（如沿用往年的日期）也当作错误")


def run(args: argparse.Namespace) -> int:
    failed = 0
    for path in args.paths:
        try:
            ruleset = load_ruleset(path)
        except RulesetError as exc:
            failed += 1
            print(str(exc), file=sys.stderr)
            continue
        warnings = lint_ruleset(path)
        if warnings:
            word = "错误" if args.strict else "警告"
            print(f"规则集 {path} 有 {len(warnings)} 处{word}：", file=sys.stderr)
            for problem in warnings:
                print(f"{problem}", file=sys.stderr)
            if args.strict:
                failed += 1
                continue
        rules = sum(len(t.rules) for t in ruleset.tasks)
        note = f"，{len(warnings)} 处警告" if warnings else ""
        print(
            f"{path}：有效（{ruleset.id}，{len(ruleset.tasks)} 项任务，{rules} 条规则，"
            f"{len(ruleset.units.units)} 个单位，{len(ruleset.evidence_kinds)} 种证据{note}）"
        )
    return 1 if failed else 0
