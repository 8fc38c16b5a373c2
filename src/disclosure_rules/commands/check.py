"""``disclosure-rules check``: evaluate evidence (JSON Lines) against a rule set as of a date.

Exit 0 when nothing failed, 1 when a finding failed, 2 for bad input.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date

from ..engine import BACKENDS, evaluate
from ..evidence import CollectionRun, load_evidence
from ..reports.terminal import render, terminal_console
from ..ruleset_loader import load_ruleset, load_waivers
from .report import add_output_options, resolve_unit, write_reports

NAME = "check"
HELP = "按审计日期检查证据，逐项给出通过、未通过、未到期等结论"


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"日期应写成 YYYY-MM-DD：{text}") from None


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("ruleset", help="规则集 YAML 文件")
    parser.add_argument("--evidence", nargs="+", required=True, metavar="FILE",
                        help="证据文件（JSON Lines）")
    parser.add_argument("--as-of", type=_date, required=True, help="审计日期 YYYY-MM-DD")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.add_argument("--run", metavar="FILE.run.json",
                        help="收集记录：其中失败的收集器使相应单位的结论为“无法判定”")
    parser.add_argument("--waivers", metavar="FILE",
                        help="豁免文件（YAML，waivers: 列表），与规则集中的豁免一并生效")
    parser.add_argument("--lang", choices=("zh", "en"), default="zh")
    parser.add_argument("--backend", choices=BACKENDS, default="durable",
                        help=argparse.SUPPRESS)
    add_output_options(parser)


def run(args: argparse.Namespace) -> int:
    ruleset = load_ruleset(args.ruleset)
    if args.waivers:
        ruleset = ruleset.with_waivers(load_waivers(args.waivers, ruleset))
    batch = load_evidence(args.evidence, ruleset)
    failures = CollectionRun.read(args.run).failures() if args.run else ()
    result = evaluate(ruleset, batch.records, args.as_of, failures=failures, lang=args.lang,
                      backend=args.backend, rejected=batch.problems)
    if args.format == "json":
        result.write_json(sys.stdout)
    else:
        render(result, terminal_console(), lang=args.lang, show_all=args.show_all,
               unit=resolve_unit(result, args.unit))
    for path in write_reports(result, args, args.lang) if args.out else ():
        print(f"已写入：{path}" if args.lang == "zh" else f"written: {path}", file=sys.stderr)
    for problem in result.rejected:
        print(problem, file=sys.stderr)
    return 1 if result.failed else 0
