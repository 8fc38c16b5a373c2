"""``disclosure-rules import SOURCE``: a published 责任分工分解表 → a rule-set skeleton.

Accepted forms (docs/import.md): the scraped text of a web page, text pasted from Word or WPS
(tab-separated), CSV, XLSX and DOCX; the form is found from the file's extension or content,
or given with ``--form``.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ..errors import InputError, Location, Problem
from ..importing.grid import parse_grid, to_grid
from ..importing.importer import ImportedTable, parse_table, to_json_data, to_skeleton_yaml
from ..importing.sources import FORMS, decode_text, read_source, sniff_form
from ..ruleset.loader import load_units

NAME = "import"
HELP = "导入责任分工分解表（网页抓取文本、Word/WPS 粘贴文本、CSV、XLSX、DOCX），生成规则集骨架"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "source", metavar="SOURCE",
        help="表格文件：.txt（网页抓取或从 Word/WPS 粘贴）、.csv、.xlsx、.docx；- 表示标准输入"
    )
    parser.add_argument("--out", "-o", metavar="FILE", help="写入文件（默认打印到标准输出）")
    parser.add_argument(
        "--format",
        choices=("yaml", "json"),
        default="yaml",
        help="yaml：规则集骨架（默认）；json：解析出的各行",
    )
    parser.add_argument("--form", choices=FORMS,
                        help="输入格式（默认按扩展名和内容判断）：text 网页抓取文本，tsv 粘贴文本")
    parser.add_argument("--year", type=int, metavar="YYYY", help="表中没有写年份时，指定年度")
    parser.add_argument("--units", metavar="FILE",
                        help="单位名册：去年的规则集或只含 units/groups 的文件；"
                             "列出名册中没有的名称")
    parser.add_argument("--force", action="store_true", help="覆盖已存在的 --out 文件")


def read_table(source: str, form: str | None = None) -> ImportedTable:
    """The imported rows of a table file in any accepted form."""
    data = read_source(source)
    name = "<stdin>" if source == "-" else source
    form = form or sniff_form(source, data)
    if form == "text":
        return parse_table(decode_text(data, name), source=name)
    return parse_grid(to_grid(data, name, form))


def run(args: argparse.Namespace) -> int:
    if args.year is not None and not 2000 <= args.year <= 2100:
        raise InputError(Problem(Location("--year"), f"年份 {args.year} 不合理"))
    registry = load_units(args.units) if args.units else None
    table = read_table(args.source, args.form)
    year = args.year or table.year
    if args.format == "json":
        data = to_json_data(table) | {"year": year}
        text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    else:
        text = to_skeleton_yaml(table, year=year, registry=registry)
    if year is None:
        print("注意：表中没有写年份，请用 --year 指定（骨架中 year 为空）", file=sys.stderr)
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
