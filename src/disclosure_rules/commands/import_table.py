"""``disclosure-rules import SOURCE``: a scraped 责任分工分解表 → a rule-set skeleton."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ..errors import InputError, Location, Problem
from ..importer import parse_table, to_json_data, to_skeleton_yaml
from ..yaml_nodes import MAX_BYTES, read_text

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


#: Longest line of a scraped table (its longest row is a few hundred characters); the clean-up
#: of a line costs more than linear time in its length.
MAX_LINE_CHARS = 10_000


def read_source(source: str) -> tuple[str, str]:
    """(name, text) of the scraped table: a file, or standard input for ``-``; either way
    bounded in size (MAX_BYTES) and line length (MAX_LINE_CHARS), strictly UTF-8 (a BOM is
    allowed), and refused with an ``InputError`` naming it and the line otherwise."""
    if source != "-":  # not UTF-8 is an error at its line and column, with a hint
        name, text = source, read_text(source)
    else:
        name, data = "<stdin>", sys.stdin.buffer.read(MAX_BYTES + 1)
        if len(data) > MAX_BYTES:
            raise InputError(Problem(Location(name), f"输入过大（超过 {MAX_BYTES} 字节）",
                                     "抓取的表格文本不应这么大；请检查输入是否正确"))
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = data.count(b"\n", 0, exc.start) + 1
            raise InputError(Problem(Location(name, line), "输入不是 UTF-8 编码",
                                     "请先把文本转为 UTF-8")) from None
    for number, line in enumerate(text.splitlines(), start=1):
        if len(line) > MAX_LINE_CHARS:
            raise InputError(Problem(Location(name, number),
                                     f"这一行过长（{len(line)} 字，上限 {MAX_LINE_CHARS} 字）",
                                     "抓取的表格文本每行应是表格的一行；请检查输入是否正确"))
    return name, text


def run(args: argparse.Namespace) -> int:
    source, text = read_source(args.source)
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
