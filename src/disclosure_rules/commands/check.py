"""``disclosure-rules check``: evaluate evidence (JSON Lines) against a rule set as of a date.

Collector outcomes come from the run file ``collect`` wrote beside each evidence file
(``X.jsonl`` → ``X.run.json``), found without being named, or from ``--run``; a run file is
used only when the sha256 it records is that of the evidence file (otherwise exit 2 naming
both).  An evidence file without a run file leaves the outcomes unknown: the Result's
``collection_known`` is False and the output says “采集失败情况未知” above the score.

With ``--store`` the evidence is what a collection run of the evidence store saw (the latest,
or ``--run ID``) with that run's collector outcomes, and the result is stored (unless
``--dry-run``) with the chain's head hash, which is printed.

Exit 0 when nothing failed, 1 when a finding failed, 2 for bad input.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path

import attrs

from ..engine.evaluator import BACKENDS, evaluate
from ..errors import EvidenceError, InputError, Location, Problem
from ..evidence.records import (
    CollectionFailure,
    CollectionRun,
    file_sha256,
    load_evidence,
    run_path_for,
)
from ..reports.terminal import render, terminal_console
from ..results.result import Result
from ..ruleset.loader import load_ruleset, load_waivers
from ..store import DEFAULT_PATH, Store
from .report import add_output_options, resolve_unit, write_reports

NAME = "check"
HELP = "按审计日期检查证据，逐项给出通过、未通过、未到期等结论"

#: Rejected evidence records printed on stderr (all are in the JSON output and counted).
SHOWN_REJECTED = 20


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
                        help="收集记录：其中失败的收集器使相应单位的结论为“无法判定”"
                             "（默认读取证据文件旁的同名 .run.json）；"
                             "与 --store 同用时为证据库中的收集编号（默认最近一次）")
    parser.add_argument("--waivers", metavar="FILE",
                        help="豁免文件（YAML，waivers: 列表），与规则集中的豁免一并生效")
    parser.add_argument("--lang", choices=("zh", "en"), default="zh")
    parser.add_argument("--backend", choices=BACKENDS, default="durable",
                        help=argparse.SUPPRESS)
    add_output_options(parser)


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
    failures, known = collection_outcomes(args.evidence, args.run)
    batch = load_evidence(args.evidence, ruleset)
    result = evaluate(ruleset, batch.records, args.as_of, failures=failures, lang=args.lang,
                      backend=args.backend, rejected=batch.problems)
    if not known:
        result = attrs.evolve(result, collection_known=False)
    show(result, args)
    return 1 if result.failed else 0


def show(result: Result, args: argparse.Namespace) -> None:
    """The result on standard output (text or JSON), the ``--out`` reports, and the rejected
    records on standard error: the same for evidence files and for the store."""
    if args.format == "json":
        result.write_json(sys.stdout)
    else:
        render(result, terminal_console(), lang=args.lang, show_all=args.show_all,
               unit=resolve_unit(result, args.unit))
    for path in write_reports(result, args, args.lang) if args.out else ():
        print(f"已写入：{path}" if args.lang == "zh" else f"written: {path}", file=sys.stderr)
    for problem in result.rejected[:SHOWN_REJECTED]:
        print(problem, file=sys.stderr)
    if len(result.rejected) > SHOWN_REJECTED:
        more = len(result.rejected) - SHOWN_REJECTED
        print(f"……另有 {more} 条记录被拒收（--format json 的 evidence.rejected 列出全部）"
              if args.lang == "zh" else
              f"... and {more} more rejected records (all in evidence.rejected of --format json)",
              file=sys.stderr)


def collection_outcomes(
    evidence: Sequence[str], run: str | None
) -> tuple[tuple[CollectionFailure, ...] | None, bool]:
    """The failed collectors of the run files that belong to the evidence files, and whether
    every evidence file has one (None: no run file at all).

    ``run`` (``--run``) must belong to one of the evidence files; each other evidence file's
    run file is looked for beside it.  A run file is used only when the sha256 it records is
    that of its evidence file.

    :raises EvidenceError: a run file that cannot be read, or belongs to another evidence file
        (naming both files)."""
    digests = {path: file_sha256(path) for path in evidence}
    runs: list[CollectionRun] = []
    covered: set[str] = set()
    if run is not None:
        given = CollectionRun.read(run)
        matched = [path for path, digest in digests.items() if given.evidence_sha256 == digest]
        if not matched:
            raise _mismatch(run, evidence, given)
        runs.append(given)
        covered.update(matched)
    for path in evidence:
        if path in covered:
            continue
        beside = run_path_for(path)
        if not beside.is_file():
            continue
        found = CollectionRun.read(beside)
        if found.evidence_sha256 != digests[path]:
            raise _mismatch(str(beside), [path], found)
        runs.append(found)
        covered.add(path)
    if not runs:
        return None, False
    failures = tuple(f for found in runs for f in found.failures())
    return failures, covered == set(evidence)


def _mismatch(run: str, evidence: Sequence[str], found: CollectionRun) -> EvidenceError:
    files = "、".join(str(Path(p)) for p in evidence)
    why = ("它没有记下证据文件的校验值" if found.evidence_sha256 is None
           else "校验值不符：证据文件在采集之后被修改或替换过，或收集记录属于另一次采集")
    return EvidenceError(Problem(
        Location(run),
        f"收集记录不属于证据文件 {files}（{why}）",
        "请用 disclosure-rules collect 重新采集；或删去不对应的收集记录，"
        "此时结果会注明“采集失败情况未知”",
    ))


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
    show(result, args)
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

