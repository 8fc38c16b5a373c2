"""``disclosure-rules history``: the collection runs and checks of an evidence store, with their
counts and scores over time."""

from __future__ import annotations

import argparse

from ..results.findings import Status
from ..store import DEFAULT_PATH, Store

NAME = "history"
HELP = "列出证据库中历次收集与检查：证据数、出错的采集器、各状态数与得分"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--store", default=DEFAULT_PATH, metavar="PATH",
                        help=f"证据库文件（默认 {DEFAULT_PATH}）")
    parser.add_argument("--lang", choices=("zh", "en"), default="zh")


def run(args: argparse.Namespace) -> int:
    zh = args.lang == "zh"
    with Store(args.store, create=False) as store:
        runs = store.runs()
        checks = store.results()
        head = store.head()
    print(f"证据库 {args.store}" if zh else f"Store {args.store}")
    print("收集：" if zh else "Runs:")
    if not runs:
        print("  （无）" if zh else "  (none)")
    for r in runs:
        failed = (f"，{r.failed} 个采集器出错" if zh else f", {r.failed} collector(s) failed"
                  ) if r.failed else ""
        origin = "" if r.origin == "collect" else f" [{r.origin}]"
        print(f"  #{r.id} {r.finished or r.started or ''} {r.ruleset_id} 检查日 {r.as_of}："
              f"{r.records} 条证据，{len(r.run.reports)} 个采集器{failed}{origin}" if zh else
              f"  #{r.id} {r.finished or r.started or ''} {r.ruleset_id} as of {r.as_of}: "
              f"{r.records} records, {len(r.run.reports)} collectors{failed}{origin}")
    print("检查：" if zh else "Checks:")
    if not checks:
        print("  （无）" if zh else "  (none)")
    for c in checks:
        counts = "、".join(f"{s.zh if zh else s.value} {c.counts.get(s.value, 0)}"
                          for s in Status if c.counts.get(s.value))
        score = "—" if c.score is None else f"{c.score:.1f}"
        print(f"  #{c.id} {c.checked_at} 截至 {c.as_of}（收集 #{c.run_id}）：{counts}；"
              f"得分 {score}" if zh else
              f"  #{c.id} {c.checked_at} as of {c.as_of} (run #{c.run_id}): {counts}; "
              f"score {score}")
    print(f"链头哈希 {head}" if zh else f"Chain head {head}")
    return 0
