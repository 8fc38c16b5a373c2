"""``disclosure-rules demo``: the main job end to end on the embedded demo bureau.

1. validate the rule set;
2. serve a copy of the demo website (``examples/site``) on 127.0.0.1 and run every collector
   configured in ``examples/collect.yaml`` (website, ledgers, attestations) into a fresh
   evidence store ``OUT/demo.db`` (and ``OUT/evidence.jsonl`` + ``OUT/evidence.run.json``);
3. check what that run saw as of the audit date, with the waivers of
   ``examples/waivers-2019.yaml``, stored in the store;
4. print the result and write ``OUT/result.json``, ``OUT/report.html`` and ``OUT/report.xlsx``;
5. apply a scripted fix to the served copy (``examples/make_site.py`` regenerates it with the
   missing interpretation of 湘潭交通〔2019〕18号 published and the blank column 规划计划
   filled), collect into the store again, check again and print what changed between the two
   checks (as ``disclosure-rules changes`` does).

Nothing leaves the machine: the only server is on the loopback address; ``examples/site`` itself
is never changed.
"""

from __future__ import annotations

import argparse
import importlib.util
import shutil
import tempfile
from datetime import date
from pathlib import Path
from types import ModuleType

from rich.console import Console

from ..collect.collectors import CollectConfig
from ..collect.loopback import serve_directory
from ..collect.plugins import get_plugin_manager, get_report_writers
from ..errors import InputError, Location, Problem
from ..reports.terminal import render
from ..reports.writer import ReportOptions
from ..results.result import Result
from ..ruleset.loader import load_ruleset, load_waivers
from ..store import Store
from .changes import print_changes
from .collect import collect_and_show

NAME = "demo"
HELP = "演示：在本机启动演示网站，采集演示局的证据，按 2019-12-31 检查并输出结果"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--ruleset", default="rulesets/2019.yaml", help="规则集文件")
    parser.add_argument("--examples", default="examples", help="演示数据目录")
    parser.add_argument("--out", default="out/demo", help="输出目录")
    parser.add_argument("--as-of", type=date.fromisoformat, default=date(2019, 12, 31),
                        help="检查日 YYYY-MM-DD")
    parser.add_argument("--lang", choices=("zh", "en"), default="zh")


#: The scripted fix: the interpretation of 湘潭交通〔2019〕18号 (policy 105 of make_site.py),
#: in 图解 form, published 2019-11-07 — within its 3 working days.
FIX_INTERPRETATION = (205, date(2019, 11, 7), 105, "图解", "图解：港口岸线资源整合怎么推进")
#: ... and a plan published in the blank column 规划计划.
FIX_PLAN = (801, date(2019, 12, 18), "湘潭市交通运输“十四五”发展规划编制工作方案")


def run(args: argparse.Namespace) -> int:
    console = Console()
    examples = Path(args.examples)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    zh = args.lang == "zh"

    ruleset = load_ruleset(args.ruleset)
    console.rule("1. 规则集" if zh else "1. Rule set")
    rules = sum(len(t.rules) for t in ruleset.tasks)
    console.print(f"{args.ruleset}：{ruleset.title}，{len(ruleset.tasks)} 项任务，"
                  f"{rules} 条规则（sha256 {ruleset.sha256[:12]}）")
    sources = [args.ruleset]
    waiver_file = examples / f"waivers-{ruleset.year}.yaml"
    if waiver_file.exists():
        ruleset = ruleset.with_waivers(load_waivers(waiver_file, ruleset))
        sources.append(str(waiver_file))
    maker = _site_maker(examples / "make_site.py")

    config = CollectConfig.load(examples / "collect.yaml")
    store_path = out / "demo.db"
    for stale in (store_path, Path(f"{store_path}-wal"), Path(f"{store_path}-shm")):
        stale.unlink(missing_ok=True)  # a fresh store each demo run
    with tempfile.TemporaryDirectory(prefix="demo-site-") as tmp, Store(store_path) as store:
        site = Path(tmp) / "site"
        shutil.copytree(examples / "site", site)
        # one server for both collections: website records name the URL, port included, so
        # the two runs' records of an unchanged page are the same records
        with serve_directory(site) as url:
            console.rule("2. 采集证据" if zh else "2. Collecting evidence")
            console.print(f"演示网站：{url}")
            config = config.with_settings("website", base_url=url)
            writer = store.begin_run(ruleset, args.as_of)
            collected = collect_and_show(config, ruleset, args.as_of, out=out / "evidence",
                                         on_batch=writer.add_batch)
            writer.finish(collected.run)

            console.rule("3. 检查结果" if zh else "3. Findings")
            first = store.check(ruleset, args.as_of, sources=sources, lang=args.lang)
            _show_and_write(first.result, console, out, args.lang)

            console.rule("4. 整改后再次采集" if zh else "4. Collecting again after a fix")
            _fix_site(maker, site)
            console.print("模拟整改：补发〔2019〕18号的政策解读（图解，2019-11-07），"
                          "“规划计划”栏目发布内容" if zh else
                          "Scripted fix: the interpretation of 〔2019〕18号 published "
                          "(2019-11-07), the blank column 规划计划 filled")
            writer = store.begin_run(ruleset, args.as_of)
            again = collect_and_show(config, ruleset, args.as_of, out=None,
                                     on_batch=writer.add_batch)
            writer.finish(again.run)
            second = store.check(ruleset, args.as_of, sources=sources, lang=args.lang)
        assert first.check is not None and second.check is not None
        changes = store.changes(first.check.id, second.check.id)

    console.rule("5. 两次检查的变化" if zh else "5. What changed between the two checks")
    print_changes(changes, second.result.unit_names(), first.check.id, second.check.id, zh=zh)
    console.print(f"证据库 {store_path}：检查 #{second.check.id}，链头哈希 {second.head}" if zh
                  else f"Store {store_path}: check #{second.check.id}, chain head {second.head}",
                  highlight=False, soft_wrap=True)
    return 0


def _show_and_write(result: Result, console: Console, out: Path, lang: str) -> None:
    render(result, console, lang=lang)
    result_path = out / "result.json"
    with result_path.open("w", encoding="utf-8") as stream:
        result.write_json(stream)
    writers = get_report_writers(get_plugin_manager())
    zh = lang == "zh"
    # soft_wrap: a path is printed whole, so it can be copied from any terminal
    console.print(f"完整结果（JSON）：{result_path}" if zh else f"Result (JSON): {result_path}",
                  soft_wrap=True)
    for name, label in (("html", ("网页报告", "HTML report")), ("xlsx", ("Excel 表", "XLSX"))):
        path = out / f"report.{name}"
        with path.open("wb") as stream:
            writers[name].write(result, stream, ReportOptions(lang=lang))
        console.print(f"{label[0] if zh else label[1]}：{path}", soft_wrap=True)


def _site_maker(path: Path) -> ModuleType:
    """``examples/make_site.py`` as a module of its own (its data are changed for the fix)."""
    spec = importlib.util.spec_from_file_location("demo_make_site", path)
    if spec is None or spec.loader is None or not path.is_file():
        raise InputError(Problem(Location(str(path)), "找不到演示网站的生成脚本",
                                 "--examples 应指向含 make_site.py 和 site/ 的演示数据目录"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _fix_site(maker: ModuleType, site: Path) -> None:
    """Regenerate the demo site into ``site`` with the scripted fix."""
    maker.SITE = site
    maker.INTERPRETATIONS = [*maker.INTERPRETATIONS, FIX_INTERPRETATION]
    maker.main()
    ident, day, title = FIX_PLAN
    href = maker.article_path("ghjh/", day, ident)
    maker.write(href, maker.article(title, day, f"<p>{title}。</p>"))
    maker.write("ghjh/index.html", maker.page("规划计划", maker.list_page(
        "规划计划", [(href.removeprefix("ghjh/"), day, title)], "")))
