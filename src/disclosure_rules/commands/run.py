"""``disclosure-rules run CONFIG``: collect into the evidence store, check what was collected
and write the outputs ``collect.yaml`` names, in one command.

The store is ``--store``, else the config's ``store:``, else ``disclosure.db`` in the current
folder; waivers come from the config's ``waivers:``; ``outputs:`` maps a report format
(``text``, ``html``, ``xlsx``, ``md``, ``junit``, ``json`` or one a plugin adds) to a file.
Exit 0 when nothing failed, 1 when a finding failed or a collector failed, 2 for bad input.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from rich.console import Console

from ..collect.cache import CollectCache
from ..collect.collectors import CollectConfig
from ..collect.plugins import get_plugin_manager, get_report_writers
from ..errors import InputError, Location, Problem, did_you_mean
from ..reports.terminal import render
from ..reports.writer import ReportOptions, ReportWriter
from ..results.result import Result
from ..ruleset.loader import load_waivers
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
    writers = output_writers(config)  # before collecting: a misspelt format costs nothing
    path = args.store or (str(config.store) if config.store else DEFAULT_PATH)
    console = Console()
    with Store(path) as store, CollectCache(path) as cache:
        writer = store.begin_run(ruleset, as_of)
        collected = collect_and_show(config, ruleset, as_of, out=None, workers=args.workers,
                                     progress=not args.no_progress, on_batch=writer.add_batch,
                                     cache=cache)
        run_id = writer.finish(collected.run)
        checked = store.check(ruleset, as_of, run=run_id, sources=sources, lang=args.lang)
    result = checked.result
    render(result, console, lang=args.lang)
    options = ReportOptions(lang=args.lang)
    for fmt, target in config.outputs.items():
        write_output(result, writers[fmt], target, options)
        console.print(f"{fmt} → {target}", highlight=False, soft_wrap=True)
    assert checked.check is not None
    zh = args.lang == "zh"
    check_id = checked.check.id
    console.print(f"证据库 {path}：收集 #{run_id}，检查 #{check_id}；链头哈希 {checked.head}"
                  if zh else f"Store {path}: run #{run_id}, check #{check_id}; "
                  f"chain head {checked.head}", highlight=False, soft_wrap=True)
    collector_failed = any(r.error for r in collected.run.reports)
    return 1 if result.failed or collector_failed else 0


def output_writers(config: CollectConfig) -> dict[str, ReportWriter]:
    """The report writers of the registry, once every format ``outputs:`` names is known.

    :raises InputError: a format no writer has, located at ``outputs.FORMAT`` of the config."""
    writers = get_report_writers(get_plugin_manager())
    problems = [Problem(config.location(f"outputs.{fmt}"), f"未知的输出格式“{fmt}”",
                        did_you_mean(fmt, writers) or "可用：" + "、".join(writers))
                for fmt in config.outputs if fmt not in writers]
    if problems:
        raise InputError(problems)
    return writers


def write_output(result: Result, writer: ReportWriter, target: Path,
                 options: ReportOptions) -> None:
    """One output file of ``outputs:``, written by its format's report writer."""
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        with target.open("wb") as stream:
            writer.write(result, stream, options)
    except OSError as exc:
        raise InputError(Problem(Location(str(target)),
                                 f"无法写入报告：{exc.strerror or exc}")) from None
