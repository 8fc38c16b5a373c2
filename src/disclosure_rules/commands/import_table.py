"""``disclosure-rules import SOURCE``: a scraped 责任分工分解表 → a rule-set skeleton."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ..errors import InputError, Location, Problem
from ..importer import parse_table, to_json_data, to_skeleton_yaml
from ..yaml_nodes import read_text

NAME = "import"
HELP = "导入网站抓取的责任分工分解表，生成规则集骨架（YAML）或解析结果（JSON）。"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "source", metavar="SOURCE", help="抓取的表格文本文件（UTF-8）；- 表示标准输入"
    )
    parser.add_argument("--out", "-o", metavar="FILE", help="写入文件（默认打印到标准输出）")
    parser.add_argument(
        "--format",
        choices=("yaml", "json"),
        default="yaml",
        help="yaml：规则集骨架（默认）；json：解析出的各行",
    )
    parser.add_argument("--force", action="store_true", help="覆盖已存在的 --out 文件")


def run(args: argparse.Namespace) -> int:
    if args.source == "-":
        source, text = "<stdin>", sys.stdin.read()
    else:  # bounded in size; not UTF-8 is an error at its line and column, with a hint
        source, text = args.source, read_text(args.source)
    table = parse_table(text, source=source)
    if args.format == "json":
        text = json.dumps(to_json_data(table), ensure_ascii=False, indent=2) + "\n"
    else:
        text = to_skeleton_yaml(table)
    if not args.out:
        sys.stdout.write(text)
        return 0
    out = Path(args.out)
    if out.exists() and not args.force:
        raise InputError(Problem(Location(file=args.out), "文件已存在", "用 --force 覆盖"))
    try:
        out.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise InputError(Problem(Location(file=args.out), f"无法写入：{exc.strerror}")) from None
    print(f"已写入 {args.out}（{len(table.rows)} 行）", file=sys.stderr)
    return 0
