"""Report writers come from the ``disclosure_rules_report_writers`` hook: the built-in formats
are a plugin of it; a plugin's writer is used like them; bad registrations stop with a
PluginError naming the plugin and what to fix."""

from __future__ import annotations

import io

import pytest

from disclosure_rules import hookimpl
from disclosure_rules.collect.plugins import get_plugin_manager, get_report_writers
from disclosure_rules.errors import PluginError
from disclosure_rules.reports.writer import ReportOptions, ReportWriter


class WriterPlugin:
    def __init__(self, *writers: object) -> None:
        self.writers = writers

    @hookimpl
    def disclosure_rules_report_writers(self, register):
        for writer in self.writers:
            register(writer)


def count_lines(result, stream, options):
    stream.write(f"{len(result.findings)} {options.lang}\n".encode())


def writers_with(*plugins):
    pm = get_plugin_manager(load_entrypoints=False,
                            plugins=[(f"p{n}", p) for n, p in enumerate(plugins)])
    return get_report_writers(pm)


def test_builtin_formats_are_a_plugin_of_the_hook():
    writers = writers_with()
    assert list(writers) == ["text", "html", "xlsx", "md", "junit", "json"]
    assert {w.plugin for w in writers.values()} == {"reports"}


def test_a_plugins_writer_is_registered_beside_them():
    writers = writers_with(WriterPlugin(ReportWriter("count", (".count",), count_lines)))
    assert writers["count"].plugin == "p0" and writers["count"].suffixes == (".count",)
    stream = io.BytesIO()
    from disclosure_rules.results.result import Result

    empty = Result.from_json({
        "schema": "disclosure-rules/result/2", "engine": {"version": "", "backend": "index"},
        "ruleset": {"id": "x", "title": "x", "year": 2019, "sha256": "0" * 64},
        "evidence": {"count": 0, "sha256": "0" * 64, "rejected": []}, "as_of": "2019-12-31",
        "lang": "zh", "score": None, "tasks": [], "units": [], "findings": []})
    writers["count"].write(empty, stream, ReportOptions(lang="en"))
    assert stream.getvalue() == b"0 en\n"


@pytest.mark.parametrize(("writer", "message"), [
    (ReportWriter("html", (), count_lines), "插件 p0 的报告格式“html”与插件 reports 的格式重名"),
    (ReportWriter("Count!", (), count_lines), "格式名只能由小写字母、数字、- 和 _ 组成"),
    (ReportWriter("count", ("csv",), count_lines), "后缀 'csv' 应以点开头"),
    (ReportWriter("count", (".xlsx",), count_lines), "后缀 .xlsx 已属于插件 reports 的格式“xlsx”"),
    (ReportWriter("count", (), "not callable"), "write 不可调用"),
    ("count", "register() 需要 disclosure_rules.reports.writer.ReportWriter 对象"),
])
def test_bad_registrations_name_the_plugin_and_the_fix(writer, message):
    with pytest.raises(PluginError) as caught:
        writers_with(WriterPlugin(writer))
    assert message in str(caught.value) and "插件 p0" in str(caught.value)


def test_an_exception_in_the_hook_names_the_plugin():
    class Broken:
        @hookimpl
        def disclosure_rules_report_writers(self, register):
            raise RuntimeError("no config")

    with pytest.raises(PluginError, match="插件 p0 在 disclosure_rules_report_writers 中出错"):
        writers_with(Broken())
