"""The built-in report formats, registered as the plugin ``reports`` through the same hook
any plugin uses (``disclosure_rules_report_writers``)."""

from __future__ import annotations

from collections.abc import Callable

from ..markers import hookimpl
from . import html, jsonfile, junit, markdown, terminal, xlsx
from .writer import ReportWriter


@hookimpl
def disclosure_rules_report_writers(register: Callable[[ReportWriter], None]) -> None:
    register(ReportWriter("text", (".txt",), terminal.write,
                          "终端文本：汇总、按任务、按单位、需要处理的事项"))
    register(ReportWriter("html", (".html", ".htm"), html.write,
                          "网页看板：任务 × 单位矩阵、筛选、单位得分图，单个文件可离线打开"))
    register(ReportWriter("xlsx", (".xlsx",), xlsx.write,
                          "Excel 表：责任分工表加完成情况，每个单位一张整改清单，汇总排名"))
    register(ReportWriter("md", (".md",), markdown.write, "Markdown：通知、内网百科"))
    register(ReportWriter("junit", (".junit.xml", ".xml"), junit.write,
                          "JUnit XML：每条规则 × 单位一个测试用例，供持续集成系统读取"))
    register(ReportWriter("json", (".json",), jsonfile.write,
                          "JSON：完整的检查结果（docs/result-schema.json）"))
