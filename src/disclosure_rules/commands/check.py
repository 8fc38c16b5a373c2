"""``disclosure-rules check``: evaluate evidence (JSON Lines) against a rule set as of a date.

With ``--store`` the evidence is what a collection run of the evidence store saw (the latest,
or ``--run ID``), and the result is stored (unless ``--dry-run``) with the chain's head hash,
which is printed.  Exit 0 when nothing failed, 1 when a finding failed, 2 for bad input.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date

from ..engine import BACKENDS, evaluate
from ..errors import InputError, Location, Problem
from ..evidence import CollectionRun, load_evidence
from ..findings import Status
from ..reports.terminal import finding_text
from ..ruleset_loader import load_ruleset, load_waivers
from ..store import DEFAULT_PATH, Store

NAME = "check"
HELP = "按审计日期检查证据，逐项给出通过、未通过、未到期等结论"


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"日期应写成 YYYY-MM-DD：{text}") from None


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("ruleset", help="规则集 YAML 文件")
    parser.add_argument("--evidence", nargs="+", metavar="FILE",
                        help="证据文件（JSON Lines）")
    parser.add_argument("--store", nargs="?", const=DEFAULT_PATH, metavar="PATH",
                        help=f"从证据库检查（默认 {DEFAULT_PATH}）：取最近一次完成的收集，"
                             "结果存入证据库；可代替 --evidence")
    parser.add_argument("--dry-run", action="store_true",
                        help="与 --store 同用：只检查，不把结果存入证据库")
    parser.add_argument("--as-of", type=_date, required=True, help="审计日期 YYYY-MM-DD")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.add_argument("--run", metavar="FILE.run.json|ID",
                        help="收集记录：其中失败的收集器使相应单位的结论为“无法判定”；"
                             "与 --store 同用时为证据库中的收集编号（默认最近一次）")
    parser.add_argument("--waivers", metavar="FILE",
                        help="豁免文件（YAML，waivers: 列表），与规则集中的豁免一并生效")
    parser.add_argument("--lang", choices=("zh", "en"), default="zh")
    parser.add_argument("--backend", choices=BACKENDS, default="durable",
                        help=argparse.SUPPRESS)


def run(args: argparse.Namespace) -> int:
    if args.store and args.evidence:
        raise InputError(Problem(Location("check"), "--evidence 与 --store 只能选一个",
                                 "从证据文件检查用 --evidence，从证据库检查用 --store"))
    if args.store:
        return _run_store(args)
    if args.dry_run:
        raise InputError(Problem(Location("--dry-run"), "--dry-run 只能与 --store 同用",
                                 "不用 --store 时检查结果本来就不会存入证据库"))
    if not args.evidence:
        raise InputError(Problem(Location("check"), "未指定证据",
                                 "用 --evidence FILE 指定证据文件，或用 --store 从证据库检查"))
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


def _run_store(args: argparse.Namespace) -> int:
    run_id: int | None = None
    if args.run is not None:
        try:
            run_id = int(args.run)
        except ValueError:
            raise InputError(Problem(Location("--run"), f"应为收集编号（整数），实际为“{args.run}”",
                                     "history 列出证据库中的收集")) from None
    ruleset = load_ruleset(args.ruleset)
    sources = [args.ruleset]
    if args.waivers:
        ruleset = ruleset.with_waivers(load_waivers(args.waivers, ruleset))
        sources.append(args.waivers)
    with Store(args.store, create=False) as store:
        checked = store.check(ruleset, args.as_of, run=run_id, dry_run=args.dry_run,
                              sources=sources, lang=args.lang, backend=args.backend)
    result = checked.result
    if args.format == "json":
        json.dump(result.to_json(), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        _text(result, args.lang)
    for problem in result.rejected:
        print(problem, file=sys.stderr)
    zh = args.lang == "zh"
    run = checked.run
    if checked.check is None:
        line = (f"证据库 {args.store}：收集 #{run.id}；未存入（--dry-run）；"
                f"链头哈希 {checked.head}" if zh else
                f"Store {args.store}: run #{run.id}; not stored (--dry-run); "
                f"chain head {checked.head}")
    else:
        line = (f"证据库 {args.store}：收集 #{run.id}，已存为检查 #{checked.check.id}；"
                f"链头哈希 {checked.head}" if zh else
                f"Store {args.store}: run #{run.id}, stored as check #{checked.check.id}; "
                f"chain head {checked.head}")
    print(line, file=sys.stderr if args.format == "json" else sys.stdout)
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
