"""``disclosure-rules validate PATH...``: check rule sets; every error with file:line:column."""

from __future__ import annotations

import argparse
import sys

from ..errors import RulesetError
from ..ruleset_loader import load_ruleset

NAME = "validate"
HELP = "校验规则集（YAML）：有错误时逐条列出文件、行、列和字段路径"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", metavar="PATH", help="规则集文件")


def run(args: argparse.Namespace) -> int:
    failed = 0
    for path in args.paths:
        try:
            ruleset = load_ruleset(path)
        except RulesetError as exc:
            failed += 1
            print(str(exc), file=sys.stderr)
            continue
        rules = sum(len(t.rules) for t in ruleset.tasks)
        print(
            f"{path}：有效（{ruleset.id}，{len(ruleset.tasks)} 项任务，{rules} 条规则，"
            f"{len(ruleset.units.units)} 个单位，{len(ruleset.evidence_kinds)} 种证据）"
        )
    return 1 if failed else 0
