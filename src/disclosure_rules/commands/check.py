"""``disclosure-rules check``: evaluate evidence (JSON Lines) against a rule set as of a date.

Exit 0 when nothing failed, 1 when a finding failed, 2 for bad input.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date

from ..engine import BACKENDS, evaluate
from ..evidence import CollectionRun, load_evidence
from ..findings import Status
from ..reports.terminal import finding_text
from ..ruleset_loader import load_ruleset, load_waivers

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


def run(args: argparse.Namespace) -> int:
    ruleset = load_ruleset(args.ruleset)
    if args.waivers:
        ruleset = ruleset.with_waivers(load_waivers(args.waivers, ruleset))
    batch = load_evidence(args.evidence, ruleset)
    failures = CollectionRun.read(args.run).failures() if args.run else ()
    result = evaluate(ruleset, batch.records, args.as_of, failures=failures, lang=args.lang,
                      backend=args.backend, rejected=batch.problems)
    if args.format == "json":
        json.dump(result.to_json(), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        _text(result, args.lang)
    for problem in result.rejected:
        print(problem, file=sys.stderr)
    return 1 if result.failed else 0


def _text(result, lang: str) -> None:
    zh = lang == "zh"
    head = (f"{result.ruleset_title}（{result.ruleset_id}）截至 {result.as_of}" if zh
            else f"{result.ruleset_title} ({result.ruleset_id}) as of {result.as_of}")
    print(head)
    names = {u.unit: u.name for u in result.units}
    for f in result.findings:
        print(finding_text(f, names, lang))
    counts = result.counts
    summary = "、".join(f"{s.zh} {counts[s.value]}" for s in Status) if zh else ", ".join(
        f"{s.value} {counts[s.value]}" for s in Status)
    score = "—" if result.score is None else f"{result.score:.1f}"
    print(f"合计：{summary}；得分 {score}" if zh else f"Total: {summary}; score {score}")
