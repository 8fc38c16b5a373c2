"""``disclosure-rules plugins``: installed plugins, their versions and hooks, and (with a
config) the collectors they register."""

from __future__ import annotations

import argparse
import json
from typing import Any

from rich.console import Console
from rich.table import Table

from ..collect.collectors import CollectConfig
from ..collect.plugins import (
    get_collectors,
    get_plugin_manager,
    plugin_infos,
    unknown_plugin_sections,
)
from ..ruleset.loader import load_ruleset

NAME = "plugins"
HELP = "列出已安装的插件（版本、实现的钩子），以及按采集配置注册的采集器"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--config", metavar="CONFIG", help="采集配置 collect.yaml：同时列出采集器")
    parser.add_argument(
        "--ruleset", metavar="RULESET",
        help="规则集：据此检查采集器的单位与证据类型（默认取配置中的 ruleset）",
    )
    parser.add_argument("--json", action="store_true", help="以 JSON 输出")


def run(args: argparse.Namespace) -> int:
    pm = get_plugin_manager()
    infos = plugin_infos(pm)
    config = CollectConfig.load(args.config) if args.config else None
    ruleset = None
    if args.ruleset or (config is not None and config.ruleset is not None):
        ruleset = load_ruleset(args.ruleset or str(config.ruleset))  # type: ignore[union-attr]
    collectors = get_collectors(pm, config, ruleset) if config is not None else ()
    warnings = unknown_plugin_sections(pm, config) if config is not None else []

    if args.json:
        data: dict[str, Any] = {
            "plugins": [
                {"name": i.name, "distribution": i.distribution, "version": i.version,
                 "hooks": list(i.hooks)}
                for i in infos
            ],
        }
        if config is not None:
            data["collectors"] = [
                {"name": c.name, "plugin": c.plugin, "unit": c.unit, "kinds": list(c.kinds),
                 "version": c.version, "timeout": config.timeout_for(c)}
                for c in collectors
            ]
            data["warnings"] = [str(w) for w in warnings]
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return 0

    console = Console()
    table = Table(title="已安装的插件")
    for header in ("插件", "发行包", "版本", "实现的钩子"):
        table.add_column(header, overflow="fold")
    for info in infos:
        table.add_row(info.name, info.distribution or "（进程内）", info.version or "",
                      "\n".join(info.hooks))
    console.print(table)
    if not infos:
        console.print("没有安装插件：插件以入口点组 disclosure_rules 发布，见 docs/plugins.md")
    if config is None:
        return 0
    table = Table(title=f"采集器（{config.path}）")
    for header in ("采集器", "插件", "单位", "证据类型", "超时"):
        table.add_column(header, overflow="fold")
    for c in collectors:
        unit = f"{ruleset.units.name_of(c.unit)}（{c.unit}）" if ruleset is not None else c.unit
        table.add_row(c.name, c.plugin, unit, "、".join(c.kinds), f"{config.timeout_for(c):g} 秒")
    console.print(table)
    if ruleset is None:
        console.print("未指定规则集：单位与证据类型未经检查（用 --ruleset 指定）")
    for warning in warnings:
        console.print(f"警告：{warning}", highlight=False, markup=False, soft_wrap=True)
    return 0
