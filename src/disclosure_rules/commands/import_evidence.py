"""``disclosure-rules import-evidence FILE.jsonl``: store an evidence file (and its
``FILE.run.json``, when there is one) in an evidence store as a collection run."""

from __future__ import annotations

import argparse
import sys
from datetime import date

from ..errors import InputError, Location, Problem
from ..ruleset.loader import load_ruleset
from ..store import DEFAULT_PATH, Store

NAME = "import-evidence"
HELP = "把证据文件（JSON Lines，连同同名 .run.json）作为一次收集存入证据库"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE.jsonl", help="证据文件")
    parser.add_argument("--ruleset", required=True, metavar="RULESET",
                        help="规则集文件：按它检查每条证据")
    parser.add_argument("--store", default=DEFAULT_PATH, metavar="PATH",
                        help=f"证据库文件（默认 {DEFAULT_PATH}）")
    parser.add_argument("--as-of", metavar="DATE",
                        help="检查日 YYYY-MM-DD（无 .run.json 时使用，默认今天）")


def run(args: argparse.Namespace) -> int:
    as_of = None
    if args.as_of:
        try:
            as_of = date.fromisoformat(args.as_of)
        except ValueError:
            raise InputError(Problem(Location("--as-of"),
                                     f"应为日期 YYYY-MM-DD，实际为“{args.as_of}”")) from None
    ruleset = load_ruleset(args.ruleset)
    with Store(args.store) as store:
        info, problems = store.import_evidence(args.file, ruleset, as_of=as_of)
        head = store.head()
    for problem in problems:
        print(problem, file=sys.stderr)
    rejected = f"，{len(problems)} 条被拒收" if problems else ""
    print(f"已存入证据库 {args.store}：收集 #{info.id}，{info.records} 条证据{rejected}；"
          f"链头哈希 {head}")
    return 2 if problems else 0
