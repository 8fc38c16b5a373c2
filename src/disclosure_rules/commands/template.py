"""``disclosure-rules template --unit UNIT RULESET [--out FILE]``: a unit's XLSX 台账 template.

The template comes from the ledger plugin (distribution ``disclosure-rules-ledger``): one sheet
per evidence kind the unit's rules need, Chinese headers, drop-down lists and date checks, and a
说明 sheet naming the tasks and rules the unit answers for.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from ..errors import DisclosureRulesError
from ..ruleset.loader import load_ruleset

NAME = "template"
HELP = "为一个单位生成 XLSX 台账模板（每类证据一个工作表，含下拉列表、日期校验和填写说明）"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("ruleset", metavar="RULESET", help="规则集文件（YAML）")
    parser.add_argument("--unit", required=True, metavar="UNIT",
                        help="单位的标识、名称或别名，如 regulation 或 法规科")
    parser.add_argument("--out", metavar="FILE",
                        help="输出文件（默认：<单位名称>台账.xlsx，位于当前目录）")


def run(args: argparse.Namespace) -> int:
    try:
        from disclosure_rules_ledger import ledger_kinds, write_template
        from disclosure_rules_ledger.template import resolve_unit
    except ImportError:
        raise DisclosureRulesError(
            "生成台账模板需要台账插件 disclosure-rules-ledger，当前未安装；"
            "请在项目目录下运行 pip install -e plugins/ledger（或 make venv）"
        ) from None
    ruleset = load_ruleset(args.ruleset)
    unit = resolve_unit(ruleset, args.unit)
    name = ruleset.units.name_of(unit)
    out = Path(args.out) if args.out else Path(f"{name}台账.xlsx")
    if out.suffix.lower() != ".xlsx":
        raise DisclosureRulesError(f"输出文件应以 .xlsx 结尾：{out}")
    write_template(ruleset, unit, out)
    kinds = ledger_kinds(ruleset, unit)
    sheets = "、".join(k.label for k in kinds) or "（无，仅需书面说明）"
    print(f"已生成 {name} 的台账模板：{out}（工作表：{sheets}）")
    return 0
