"""``disclosure-rules export``: an evidence store's runs as JSON Lines and run files (as
``collect --out`` writes them) and its checks as result JSON files, into a folder."""

from __future__ import annotations

import argparse

from ..store import DEFAULT_PATH, Store

NAME = "export"
HELP = "导出证据库：每次收集写成 run-NNNN.jsonl 与 run-NNNN.run.json，每次检查写成 check-NNNN.json"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--store", default=DEFAULT_PATH, metavar="PATH",
                        help=f"证据库文件（默认 {DEFAULT_PATH}）")
    parser.add_argument("--out", required=True, metavar="DIR", help="输出文件夹")


def run(args: argparse.Namespace) -> int:
    with Store(args.store, create=False) as store:
        written = store.export(args.out)
    print(f"已导出 {len(written)} 个文件到 {args.out}")
    return 0
