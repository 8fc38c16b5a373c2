"""``disclosure-rules check``: evaluate evidence (JSON Lines) against a rule set as of a date.

Collector outcomes come from the run file ``collect`` wrote beside each evidence file
(``X.jsonl`` → ``X.run.json``), found without being named, or from ``--run``; a run file is
used only when the sha256 it records is that of the evidence file (otherwise exit 2 naming
both).  An evidence file without a run file leaves the outcomes unknown: the Result's
``collection_known`` is False and the output says “采集失败情况未知” above the score.

Exit 0 when nothing failed, 1 when a finding failed, 2 for bad input.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path

import attrs

from ..engine import BACKENDS, evaluate
from ..errors import EvidenceError, Location, Problem
from ..evidence import CollectionFailure, CollectionRun, file_sha256, load_evidence, run_path_for
from ..reports.terminal import render, terminal_console
from ..ruleset_loader import load_ruleset, load_waivers
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
    parser.add_argument("--evidence", nargs="+", required=True, metavar="FILE",
                        help="证据文件（JSON Lines）")
    parser.add_argument("--as-of", type=_date, required=True, help="审计日期 YYYY-MM-DD")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.add_argument("--run", metavar="FILE.run.json",
                        help="收集记录：其中失败的收集器使相应单位的结论为“无法判定”"
                             "（默认读取证据文件旁的同名 .run.json）")
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
    failures, known = collection_outcomes(args.evidence, args.run)
    batch = load_evidence(args.evidence, ruleset)
    result = evaluate(ruleset, batch.records, args.as_of, failures=failures, lang=args.lang,
                      backend=args.backend, rejected=batch.problems)
    if not known:
        result = attrs.evolve(result, collection_known=False)
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
    return 1 if result.failed else 0


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

