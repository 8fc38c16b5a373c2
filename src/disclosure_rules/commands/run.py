"""``disclosure-rules run CONFIG``: collect into the evidence store, check what was collected
and write the outputs ``collect.yaml`` names, in one command.

The store is ``--store``, else the config's ``store:``, else ``disclosure.db`` in the current
folder; waivers come from the config's ``waivers:``; ``outputs:`` maps a format (``text``,
``json``) to a file.  Exit 0 when nothing failed, 1 when a finding failed or a collector
failed, 2 for bad input.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from rich.console import Console

from ..collectors import CollectConfig
from ..findings import Result
from ..reports.terminal import render
from ..ruleset_loader import load_waivers
from ..store import DEFAULT_PATH, Store
from .collect import collect_and_show, resolve_as_of, resolve_ruleset

NAME = "run"
HELP = "一步完成：采集证据存入证据库、检查、按配置写出结果（collect.yaml 的 outputs）"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("config", metavar="CONFIG", help="采集配置文件 collect.yaml")
    parser.add_argument("--store", metavar="PATH",
                        help=f"证据库文件（默认取配置中的 store，否则 {DEFAULT_PATH}）")
    parser.add_argument("--ruleset", metavar="RULESET", help="规则集文件（默认取配置中的 ruleset）")
    parser.add_argument("--as-of", metavar="DATE", help="检查日 YYYY-MM-DD（默认取配置中的 as_of）")
    parser.add_argument("--workers", type=int, metavar="N", help="同时运行的采集器数")
    parser.add_argument("--no-progress", action="store_true", help="不显示进度条")
    parser.add_argument("--lang", choices=("zh", "en"), default="zh")


def run(args: argparse.Namespace) -> int:
    config = CollectConfig.load(args.config)
    ruleset = resolve_ruleset(args.ruleset, config)
    sources = [str(args.ruleset or config.ruleset)]
    if config.waivers is not None:
        ruleset = ruleset.with_waivers(load_waivers(config.waivers, ruleset))
        sources.append(str(config.waivers))
    as_of = resolve_as_of(args.as_of, config)
    path = args.store or (str(config.store) if config.store else DEFAULT_PATH)
    console = Console()
    with Store(path) as store:
        writer = store.begin_run(ruleset, as_of)
        collected = collect_and_show(config, ruleset, as_of, out=None, workers=args.workers,
                                     progress=not args.no_progress, on_batch=writer.add_batch)
        run_id = writer.finish(collected.run)
        checked = store.check(ruleset, as_of, run=run_id, sources=sources, lang=args.lang)
    result = checked.result
    render(result, console, lang=args.lang)
    for fmt, target in config.outputs.items():
        write_output(result, fmt, target, args.lang)
        console.print(f"{fmt} → {target}", highlight=False, soft_wrap=True)
    assert checked.check is not None
    zh = args.lang == "zh"
    check_id = checked.check.id
    console.print(f"证据库 {path}：收集 #{run_id}，检查 #{check_id}；链头哈希 {checked.head}"
                  if zh else f"Store {path}: run #{run_id}, check #{check_id}; "
                  f"chain head {checked.head}", highlight=False, soft_wrap=True)
    collector_failed = any(r.error for r in collected.run.reports)
    return 1 if result.failed or collector_failed else 0


def write_output(result: Result, fmt: str, target: Path, lang: str) -> None:
    """One output file of ``outputs:``: the JSON result, or the terminal report as text."""
    target.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "json":
        text = json.dumps(result.to_json(), ensure_ascii=False, indent=2) + "\n"
        target.write_text(text, encoding="utf-8")
        return
    with open(target, "w", encoding="utf-8") as handle:
        render(result, Console(file=handle, width=120, no_color=True), lang=lang, limit=None)
