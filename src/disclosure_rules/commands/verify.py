"""``disclosure-rules verify``: recompute every hash of an evidence store and walk its chain;
name every record, batch, run or result that was changed, removed or inserted.  Exit 1 when
anything was."""

from __future__ import annotations

import argparse

from ..store import DEFAULT_PATH, Store

NAME = "verify"
HELP = "核验证据库：重算每条证据、每次收集与检查的哈希和证据链，指出被改动、删除或插入之处"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--store", default=DEFAULT_PATH, metavar="PATH",
                        help=f"证据库文件（默认 {DEFAULT_PATH}）")
    parser.add_argument("--head", metavar="HASH",
                        help="以前记下的链头哈希（check 打印的）：核对它仍在链上")
    parser.add_argument("--lang", choices=("zh", "en"), default="zh")


def run(args: argparse.Namespace) -> int:
    zh = args.lang == "zh"
    with Store(args.store, create=False) as store:
        report = store.verify()
    problems = list(report.problems)
    if args.head and not report.has_link(args.head):
        problems.append(f"链头哈希 {args.head} 不在链上：此后的证据链被改写或截断" if zh else
                        f"chain head {args.head} is not in the chain: it was rewritten or cut")
    print((f"证据库 {args.store}：{report.records} 条证据，{report.batches} 个批次"
           f"（其中 {report.unfinished} 个属于未完成的收集），{report.runs} 次收集，"
           f"{report.results} 次检查，证据链 {report.links} 项") if zh else
          (f"Store {args.store}: {report.records} records, {report.batches} batches "
           f"({report.unfinished} of unfinished runs), {report.runs} runs, "
           f"{report.results} checks, {report.links} links"))
    for problem in problems:
        print(f"  ✗ {problem}")
    if problems:
        print(f"核验未通过：{len(problems)} 处问题" if zh else
              f"Verification FAILED: {len(problems)} problem(s)")
        return 1
    print(f"核验通过；链头哈希 {report.head}" if zh else f"Verified; chain head {report.head}")
    return 0
