"""``disclosure-rules report RESULT.json``: write a report of a saved result.

The result is the JSON ``check --format json`` (or ``report --format json``) wrote, of schema
version 2 or 1.  Formats come from report-writer plugins; the built-in ones are text, html,
xlsx, md, junit and json.  Exit 0 when nothing failed, 1 when a finding failed, 2 for bad input.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..collect.plugins import get_plugin_manager, get_report_writers
from ..errors import InputError, Location, PluginError, Problem, did_you_mean
from ..reports.terminal import render, terminal_console
from ..reports.writer import ReportOptions, ReportWriter
from ..results.result import Result

NAME = "report"
HELP = "把保存的检查结果（JSON）写成报告：终端文本、网页、Excel、Markdown、JUnit 或 JSON"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("result", help="检查结果 JSON 文件（check --format json 的输出）")
    parser.add_argument("--format", default=None, metavar="FORMAT",
                        help="报告格式：text、html、xlsx、md、junit、json 或插件提供的格式；"
                             "默认按 --out 的后缀选择，没有 --out 时为 text")
    parser.add_argument("--lang", choices=("zh", "en"), default=None,
                        help="报告的语言（默认与结果相同；结论的原因文字保持检查时的语言）")
    add_output_options(parser)


def add_output_options(parser: argparse.ArgumentParser) -> None:
    """The options ``report`` and ``check`` share."""
    parser.add_argument("--out", metavar="PATH", action="append", default=[],
                        help="写入文件（可重复）；格式按后缀选择（.html .xlsx .md .junit.xml "
                             ".json .txt）")
    parser.add_argument("--unit", metavar="NAME",
                        help="只看一个单位（名称或 id）：它的整改清单")
    parser.add_argument("--all", action="store_true", dest="show_all",
                        help="列出全部结论（默认只列需要处理的：未通过、无法判定）")


def writer_for(path: str, writers: dict[str, ReportWriter]) -> ReportWriter:
    """The writer a file's suffix chooses (the longest matching suffix wins)."""
    name = Path(path).name.lower()
    matches = [(len(s), w) for w in writers.values() for s in w.suffixes if name.endswith(s)]
    if not matches:
        known = "、".join(s for w in writers.values() for s in w.suffixes)
        raise InputError(Problem(Location(path), f"无法从后缀判断报告格式（可用：{known}）"))
    return max(matches, key=lambda m: m[0])[1]


def resolve_unit(result: Result, text: str | None) -> str | None:
    if text is None:
        return None
    unit = result.find_unit(text)
    if unit is None:
        names = [u.name for u in result.units] + [u.unit for u in result.units]
        hint = did_you_mean(text, names)
        raise InputError(Problem(Location("--unit"), f"结果中没有单位“{text}”",
                                 hint or "可用：" + "、".join(u.name for u in result.units)))
    return unit


def write_reports(result: Result, args: argparse.Namespace, lang: str,
                  fmt: str | None = None) -> list[Path]:
    """Write every ``--out`` file (and the terminal text when there is none to write, or when
    ``fmt`` asks for text); returns the files written."""
    writers = get_report_writers(get_plugin_manager())
    unit = resolve_unit(result, args.unit)
    options = ReportOptions(lang=lang, unit=unit, show_all=args.show_all)
    if fmt is not None and fmt not in writers:
        hint = did_you_mean(fmt, writers)
        raise InputError(Problem(Location("--format"), f"没有报告格式“{fmt}”",
                                 hint or "可用：" + "、".join(writers)))
    outputs = [(Path(p), writers[fmt] if fmt else writer_for(p, writers)) for p in args.out]
    if not outputs:
        if fmt in (None, "text"):
            render(result, terminal_console(), lang=lang, show_all=args.show_all, unit=unit)
        else:
            writers[fmt].write(result, sys.stdout.buffer, options)
            sys.stdout.flush()
        return []
    written = []
    for path, writer in outputs:
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            with path.open("wb") as stream:
                writer.write(result, stream, options)
        except OSError as exc:
            problem = Problem(Location(str(path)), f"无法写入报告：{exc.strerror}")
            raise InputError(problem) from None
        except Exception as exc:
            if writer.plugin == "reports":
                raise
            raise PluginError(f"插件 {writer.plugin} 的报告格式“{writer.name}”写 {path} 时出错："
                              f"{type(exc).__name__}: {exc}") from exc
        written.append(path)
    return written


def run(args: argparse.Namespace) -> int:
    result = Result.read(args.result)
    lang = args.lang or result.lang
    written = write_reports(result, args, lang, args.format)
    for path in written:
        print(f"已写入：{path}" if lang != "en" else f"written: {path}", file=sys.stderr)
    return 1 if result.failed else 0
