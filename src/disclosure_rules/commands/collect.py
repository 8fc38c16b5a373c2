"""``disclosure-rules collect CONFIG``: run every configured collector, write the evidence.

Writes ``OUT.jsonl`` (one checked evidence record per line) and ``OUT.run.json`` (what each
collector delivered, why one failed, and the sha256 of ``OUT.jsonl``), each atomically; with
``--store`` (instead or as well) each collector's batch goes into the evidence store as soon as
it finishes, and the run when all are done.

Exit codes: 0 every collector delivered; 1 a collector failed (its units' findings become
``error``); 2 a plugin configured in ``collect.yaml`` is not installed or is blocked — its units
are recorded as failed in the run file or the store (their findings become ``error``), the other
collectors' evidence is written all the same — or the input is bad.
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

import pluggy
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeElapsedColumn
from rich.progress import Progress as RichProgress
from rich.table import Table
from rich.text import Text

from ..collect.cache import CollectCache
from ..collect.collectors import CollectConfig, Collector, Progress
from ..collect.plugins import get_collectors, get_plugin_manager
from ..collect.running import (
    BatchSink,
    CollectionResult,
    run_collectors,
    unavailable_plugins,
    write_outputs,
)
from ..errors import InputError, Location, Problem
from ..evidence.records import CollectorReport
from ..ruleset.loader import load_ruleset
from ..ruleset.model import Ruleset
from ..store import DEFAULT_PATH, Store

NAME = "collect"
HELP = "运行各单位插件的采集器，检查证据并写入 OUT.jsonl 与 OUT.run.json"

#: Problems of rejected records printed per collector (all are counted in the table).
SHOWN_PROBLEMS = 5


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("config", metavar="CONFIG", help="采集配置文件 collect.yaml")
    parser.add_argument("--ruleset", metavar="RULESET", help="规则集文件（默认取配置中的 ruleset）")
    parser.add_argument(
        "--as-of", metavar="DATE", help="检查日 YYYY-MM-DD（默认取配置中的 as_of，否则今天）"
    )
    parser.add_argument("--out", metavar="PATH",
                        help="输出路径：写入 PATH.jsonl 与 PATH.run.json")
    parser.add_argument("--store", nargs="?", const=DEFAULT_PATH, metavar="PATH",
                        help=f"存入证据库（默认 {DEFAULT_PATH}）；可代替 --out")
    parser.add_argument("--workers", type=int, metavar="N", help="同时运行的采集器数")
    parser.add_argument("--no-progress", action="store_true", help="不显示进度条")


def resolve_ruleset(arg: str | None, config: CollectConfig) -> Ruleset:
    path = arg or (str(config.ruleset) if config.ruleset else None)
    if path is None:
        raise InputError(Problem(
            Location(str(config.path) if config.path else None),
            "未指定规则集", "用 --ruleset 指定，或在 collect.yaml 中写 ruleset: 路径",
        ))
    return load_ruleset(path)


def resolve_as_of(arg: str | None, config: CollectConfig) -> date:
    if arg is None:
        return config.as_of or date.today()
    try:
        return date.fromisoformat(arg)
    except ValueError:
        message = f"应为日期 YYYY-MM-DD，实际为“{arg}”"
        raise InputError(Problem(Location("--as-of"), message)) from None


class _BarProgress(Progress):
    """One collector's row of the rich progress display."""

    def __init__(self, bars: RichProgress, collector: Collector) -> None:
        self._bars = bars
        self._name = collector.name
        self._task = bars.add_task(collector.name, total=None)

    def start(self, total: int | None = None) -> None:
        self._bars.update(self._task, total=total)

    def advance(self, n: int = 1) -> None:
        self._bars.advance(self._task, n)

    def note(self, text: str) -> None:
        self._bars.update(self._task, description=f"{self._name} {text[:40]}")

    def finish(self, error: str | None) -> None:
        task = next(t for t in self._bars.tasks if t.id == self._task)
        total = task.total if task.total is not None else max(task.completed, 1)
        state = "[red]✗[/red]" if error else "[green]✓[/green]"
        self._bars.update(self._task, total=total, completed=total,
                          description=f"{state} {self._name}")


def run(args: argparse.Namespace) -> int:
    config = CollectConfig.load(args.config)
    ruleset = resolve_ruleset(args.ruleset, config)
    as_of = resolve_as_of(args.as_of, config)
    if args.store:
        return _run_store(args, config, ruleset, as_of)
    if not args.out:
        raise InputError(Problem(Location("collect"), "未指定输出位置",
                                 "用 --out PATH 写入文件，或用 --store 存入证据库"))
    pm = get_plugin_manager()
    result = collect_and_show(config, ruleset, as_of, out=args.out, workers=args.workers,
                              progress=not args.no_progress, pm=pm)
    if unavailable_plugins(pm, config, ruleset):
        return 2
    return 1 if any(r.error for r in result.run.reports) else 0


def _run_store(args: argparse.Namespace, config: CollectConfig, ruleset: Ruleset,
               as_of: date) -> int:
    pm = get_plugin_manager()
    with Store(args.store) as store, CollectCache(args.store) as cache:
        before = store.record_count()
        writer = store.begin_run(ruleset, as_of)
        result = collect_and_show(config, ruleset, as_of, out=args.out, workers=args.workers,
                                  progress=not args.no_progress, pm=pm,
                                  on_batch=writer.add_batch, cache=cache)
        run_id = writer.finish(result.run)
        info = store.run(run_id)
        new = store.record_count() - before
        Console().print(f"已存入证据库 {args.store}：收集 #{run_id}，{info.records} 条证据"
                        f"（新增 {new} 条）；链头哈希 {store.head()}",
                        highlight=False, soft_wrap=True)
    if unavailable_plugins(pm, config, ruleset):
        return 2
    return 1 if any(r.error for r in result.run.reports) else 0


def collect_and_show(
    config: CollectConfig,
    ruleset: Ruleset,
    as_of: date,
    *,
    out: str | Path | None,
    workers: int | None = None,
    progress: bool = True,
    pm: pluggy.PluginManager | None = None,
    on_batch: BatchSink | None = None,
    cache: CollectCache | None = None,
) -> CollectionResult:
    """Run the configured collectors with progress bars, write ``out`` (unless None), print a
    summary.  ``on_batch`` receives each collector's batch as it finishes (an evidence
    store's ``RunWriter.add_batch``); ``cache`` is the store's collector cache (collectors
    skip what has not changed since their last run).

    A configured plugin that is missing or blocked is printed as an error and recorded in the
    run file as failed for the units its settings name (see
    :func:`~disclosure_rules.collecting.unavailable_plugins`)."""
    err = Console(stderr=True)
    pm = pm or get_plugin_manager()
    unavailable = unavailable_plugins(pm, config, ruleset)
    for reason in dict.fromkeys(r.error for r in unavailable):
        err.print(f"错误：{reason}", markup=False, highlight=False, soft_wrap=True)
    collectors = get_collectors(pm, config, ruleset)
    if not collectors:
        err.print("没有可运行的采集器：请在 collect.yaml 的 plugins 中配置已安装的插件"
                  "（disclosure-rules plugins 列出已安装的插件）")
    show_bars = err.is_terminal and progress
    bars = RichProgress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        console=err, transient=False, disable=not show_bars,
    )
    rows: dict[str, _BarProgress] = {}

    def progress_for(collector: Collector) -> Progress:
        rows[collector.name] = _BarProgress(bars, collector)
        return rows[collector.name]

    def on_report(report: CollectorReport) -> None:
        if report.collector in rows:
            rows[report.collector].finish(report.error)

    with bars:
        result = run_collectors(
            collectors, ruleset=ruleset, as_of=as_of, config=config,
            progress=progress_for, on_report=on_report, workers=workers, on_batch=on_batch,
            unavailable=unavailable, cache=cache,
        )
    written = write_outputs(result, out) if out is not None else None
    console = Console()
    table = Table(title=f"采集结果（{ruleset.id}，检查日 {as_of.isoformat()}）")
    for header in ("采集器", "单位", "证据类型", "记录", "拒绝", "用时", "错误"):
        table.add_column(header, overflow="fold")
    for report in result.run.reports:
        table.add_row(
            report.collector,
            ruleset.units.name_of(report.unit),
            "、".join(ruleset.kind_map[k].label if k in ruleset.kind_map else k
                     for k in report.kinds),
            str(report.records),
            str(report.rejected),
            f"{report.seconds:.1f}s",
            Text(report.error or "", style="red"),
        )
    console.print(table)
    for name, problems in result.problems.items():
        err.print(f"采集器 {name} 被拒绝的记录：", highlight=False, soft_wrap=True)
        for problem in problems[:SHOWN_PROBLEMS]:
            err.print(f"  {problem}", highlight=False, markup=False, soft_wrap=True)
        if len(problems) > SHOWN_PROBLEMS:
            more = len(problems) - SHOWN_PROBLEMS
            err.print(f"  …另有 {more} 处", highlight=False, soft_wrap=True)
    failed = sum(1 for r in result.run.reports if r.error)
    console.print(
        f"共 {len(result.evidence)} 条证据"
        + (f" → {written[0]}；收集记录 → {written[1]}" if written else "")
        + (f"；[red]{failed} 个采集器出错，其单位的相关检查结果将为 error[/red]" if failed else ""),
        highlight=False,
        soft_wrap=True,
    )
    return result
