"""``disclosure-rules demo``: the main job end to end on the embedded demo bureau.

1. validate the rule set;
2. serve the demo website (``examples/site``) on 127.0.0.1 and run every collector configured in
   ``examples/collect.yaml`` (website, ledgers, attestations) into ``OUT/evidence.jsonl`` and
   ``OUT/evidence.run.json``;
3. check the evidence as of the audit date, with the waivers of ``examples/waivers-2019.yaml``;
4. print the result and write ``OUT/result.json``, ``OUT/report.html`` and ``OUT/report.xlsx``.

Nothing leaves the machine: the only server is on the loopback address.
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from rich.console import Console

from ..collect.collectors import CollectConfig
from ..collect.loopback import serve_directory
from ..collect.plugins import get_plugin_manager, get_report_writers
from ..engine.evaluator import evaluate
from ..reports.terminal import render
from ..reports.writer import ReportOptions
from ..ruleset.loader import load_ruleset, load_waivers
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


def run(args: argparse.Namespace) -> int:
    console = Console()
    examples = Path(args.examples)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)

    ruleset = load_ruleset(args.ruleset)
    console.rule("1. 规则集" if args.lang == "zh" else "1. Rule set")
    rules = sum(len(t.rules) for t in ruleset.tasks)
    console.print(f"{args.ruleset}：{ruleset.title}，{len(ruleset.tasks)} 项任务，"
                  f"{rules} 条规则（sha256 {ruleset.sha256[:12]}）")
    waiver_file = examples / f"waivers-{ruleset.year}.yaml"
    if waiver_file.exists():
        ruleset = ruleset.with_waivers(load_waivers(waiver_file, ruleset))

    console.rule("2. 采集证据" if args.lang == "zh" else "2. Collecting evidence")
    config = CollectConfig.load(examples / "collect.yaml")
    with serve_directory(examples / "site") as url:
        console.print(f"演示网站：{url}")
        config = config.with_settings("website", base_url=url)
        collected = collect_and_show(config, ruleset, args.as_of, out=out / "evidence")

    console.rule("3. 检查结果" if args.lang == "zh" else "3. Findings")
    batch = collected.batch
    result = evaluate(ruleset, batch.records, args.as_of, failures=collected.run.failures(),
                      lang=args.lang, rejected=batch.problems)
    render(result, console, lang=args.lang)
    result_path = out / "result.json"
    with result_path.open("w", encoding="utf-8") as stream:
        result.write_json(stream)
    writers = get_report_writers(get_plugin_manager())
    zh = args.lang == "zh"
    # soft_wrap: a path is printed whole, so it can be copied from any terminal
    console.print(f"完整结果（JSON）：{result_path}" if zh else f"Result (JSON): {result_path}",
                  soft_wrap=True)
    for name, label in (("html", ("网页报告", "HTML report")), ("xlsx", ("Excel 表", "XLSX"))):
        path = out / f"report.{name}"
        with path.open("wb") as stream:
            writers[name].write(result, stream, ReportOptions(lang=args.lang))
        console.print(f"{label[0] if zh else label[1]}：{path}", soft_wrap=True)
    return 0
