"""The website plugin against a real HTTP server on loopback serving the demo site."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import date
from functools import partial
from http.server import SimpleHTTPRequestHandler
from pathlib import Path

import disclosure_rules_website as website
import pytest
from disclosure_rules_website.parse import (
    find_doc_number,
    parse_article,
    parse_date,
    parse_list,
)

from disclosure_rules.collect.collectors import CollectConfig, HttpClient
from disclosure_rules.collect.loopback import serve_handler
from disclosure_rules.errors import PluginError
from disclosure_rules.ruleset.loader import load_ruleset
from disclosure_rules.testing import collectors_of, run_collector

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "examples" / "site"
RULESET = ROOT / "rulesets" / "2019.yaml"
MAX_BYTES = 100_000

BROKEN_LIST = """<html><head><meta charset="utf-8"><title>测试栏目</title></head><body>
<ul class="list">
<li><a href="/zcwj/201907/t20190701_101.html">可读的页面</a><span>2019-07-01</span></li>
<li><a href="/missing.html">不存在的页面</a><span>2019-07-02</span></li>
<li><a href="/slow.html">很慢的页面</a><span>2019-07-03</span></li>
<li><a href="/big.html">过大的页面</a><span>2019-07-04</span></li>
<li><a href="http://example.invalid/other.html">外站页面</a><span>2019-07-05</span></li>
</ul></body></html>"""


class Handler(SimpleHTTPRequestHandler):
    def do_GET(self) -> None:
        if self.path == "/broken/index.html":
            return self._send(BROKEN_LIST.encode())
        if self.path == "/slow.html":
            time.sleep(1.0)
            return self._send(b"<html><body>slow</body></html>")
        if self.path == "/big.html":
            return self._send(b"<html><body>" + b"x" * (MAX_BYTES * 3) + b"</body></html>")
        return super().do_GET()

    def _send(self, body: bytes) -> None:
        try:
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with serve_handler(partial(Handler, directory=str(SITE))) as base:
        yield base


@pytest.fixture(scope="module")
def ruleset():
    return load_ruleset(RULESET)


def settings(base_url: str, **extra: object) -> dict:
    columns = {
        "首页": {"path": "index.html", "kind": "site_update"},
        "交通要闻": {"path": "jtyw/", "kind": "site_update"},
        "政策文件": {"path": "zcwj/", "kind": "policy_document", "unit": "regulation",
                     "fields": {"doc_type": "规范性文件"}},
        "政策解读": {"path": "zcjd/", "kind": "interpretation", "unit": "regulation"},
        "行政执法公示": {"path": "xzzf/", "kind": "enforcement_decision", "unit": "port"},
        "通知公告": {"path": "tzgg/", "kind": "publication", "fields": {"category": "其他"}},
    }
    # the checks of the site are tested in test_website_checks.py; off here, whatever rules
    # the rule set has over their kinds
    checks = {"check_links": False, "check_blank_columns": False, "check_personal_data": False}
    return {"base_url": base_url, "unit": "tech", "columns": columns, **checks, **extra}


def run(ruleset, base_url: str, unit: str, *, timeout: float = 5.0, **extra: object):
    config = settings(base_url, **extra)
    found = {c.unit: c for c in collectors_of(website, ruleset=ruleset, settings=config,
                                               name="website")}
    host = base_url.split("/")[2]
    http = HttpClient(allowed_hosts=[host], read_timeout=timeout, connect_timeout=timeout,
                      max_bytes=MAX_BYTES)
    with http:
        return run_collector(found[unit], ruleset=ruleset, settings=config, http=http,
                             as_of=date(2019, 12, 31))


def by_key(result):
    return {r.key: r for r in result.records}


# -- parsing ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "expected"), [
    ("湘潭交通〔2019〕12号", "湘潭交通〔2019〕12号"),
    ("（湘潭交通[2019]3号）", "湘潭交通〔2019〕3号"),
    ("文号：潭交发(2019)第7号", "潭交发〔2019〕7号"),
    ("印发了湘潭交通（2019）15号文件", "湘潭交通〔2019〕15号"),
    ("潭港航罚【2019】30号", "潭港航罚〔2019〕30号"),
    ("没有文号", None),
])
def test_doc_numbers(text, expected):
    assert find_doc_number(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("发布时间：2019-07-01 来源：本站", date(2019, 7, 1)),
    ("2019年07月01日", date(2019, 7, 1)),
    ("2019年9月30日", date(2019, 9, 30)),
    ("2019/10/8", date(2019, 10, 8)),
    ("2019-02-30 不存在，2019.03.01", date(2019, 3, 1)),
    ("无日期", None),
])
def test_dates(text, expected):
    assert parse_date(text) == expected


def test_list_page_skips_navigation_and_resolves_links():
    html = """<ul class="nav"><li><a href="/">首页</a></li></ul>
    <ul><li><a href="./201907/t1.html" title="完整标题">截断…</a><span>2019-07-01</span></li>
    <li><a href="../x/t2.html#top">第二条</a> 2019年07月02日</li></ul>
    <div><a href="index_1.html">下一页</a></div>"""
    page = parse_list(html, "http://h/zcwj/index.html")
    assert [(i.title, i.url, i.date) for i in page.items] == [
        ("完整标题", "http://h/zcwj/201907/t1.html", date(2019, 7, 1)),
        ("第二条", "http://h/x/t2.html", date(2019, 7, 2)),
    ]
    assert page.next_url == "http://h/zcwj/index_1.html"


def test_trs_pagination_script():
    html = '<ul><li><a href="a.html">a</a>2019-01-01</li></ul>' \
           '<script>createPageHTML(3, 1, "index", "shtml");</script>'
    assert parse_list(html, "http://h/c/index_1.shtml").next_url == "http://h/c/index_2.shtml"
    last = html.replace("3, 1", "3, 2")
    assert parse_list(last, "http://h/c/index_2.shtml").next_url is None


def test_article_forms():
    images = "<div class='article-content'>" + "<img src='a.png'>" * 3 + "</div>"
    assert parse_article(images, "http://h/a.html").form == "图片"
    video = "<div class='article-content'><video src='v.mp4'></video></div>"
    assert parse_article(video, "http://h/a.html").form == "视频"
    audio = "<div class='article-content'><a href='/a/b.mp3'>收听</a></div>"
    assert parse_article(audio, "http://h/a.html").form == "音频"
    text = "<h1>《办法》解读</h1><div class='article-content'><p>正文</p></div>"
    assert parse_article(text, "http://h/a.html").form == "文字"


# -- settings -----------------------------------------------------------------------------------


def test_registers_one_collector_per_unit(ruleset):
    found = collectors_of(website, ruleset=ruleset, settings=settings("http://127.0.0.1:1/"),
                          name="website")
    assert {c.name: c.kinds for c in found} == {
        "website:tech": ("publication", "site_update"),
        "website:regulation": ("policy_document", "interpretation"),
        "website:port": ("enforcement_decision",),
    }


def test_unconfigured_plugin_registers_nothing(ruleset):
    assert collectors_of(website, ruleset=ruleset, settings={}, name="website") == ()


def test_bad_settings_are_reported(ruleset):
    bad = settings("ftp://x/")
    with pytest.raises(PluginError, match="base_url"):
        collectors_of(website, ruleset=ruleset, settings=bad, name="website")
    bad = settings("http://x/")
    bad["columns"]["政策文件"]["colour"] = "red"
    with pytest.raises(PluginError, match="colour"):
        collectors_of(website, ruleset=ruleset, settings=bad, name="website")


# -- the demo site over HTTP ----------------------------------------------------------------------


def test_policy_documents_across_trs_pages(server, ruleset):
    result = run(ruleset, server, "regulation")
    assert result.error is None, result.problems
    docs = {r.key: r for r in result.records if r.kind == "policy_document"}
    assert sorted(docs) == [
        "湘潭交通〔2019〕12号", "湘潭交通〔2019〕13号", "湘潭交通〔2019〕15号",
        "湘潭交通〔2019〕18号", "湘潭交通〔2019〕20号", "湘潭交通〔2019〕8号",
        "湘潭交通函〔2019〕5号",
    ]
    doc = docs["湘潭交通〔2019〕12号"]
    assert doc.unit == "regulation"
    assert doc.title == "湘潭市交通运输局关于进一步规范网络预约出租汽车经营服务的通知"
    assert dict(doc.fields) == {
        "published": date(2019, 9, 27),
        "doc_number": "湘潭交通〔2019〕12号",
        "doc_type": "规范性文件",
        "url": server + "zcwj/201909/t20190927_102.html",
    }
    assert doc.provenance.source == server + "zcwj/201909/t20190927_102.html"
    assert doc.provenance.collector == "website:regulation"
    # the page's own 文件类型 wins over the column's default
    assert docs["湘潭交通〔2019〕13号"].fields["doc_type"] == "政策性文件"
    assert docs["湘潭交通函〔2019〕5号"].fields["doc_type"] == "其他文件"
    # [2019] on the page becomes the canonical 〔2019〕
    assert docs["湘潭交通〔2019〕20号"].fields["published"] == date(2019, 12, 2)


def test_interpretations_link_to_their_policy(server, ruleset):
    result = run(ruleset, server, "regulation")
    interps = {r.fields["url"].rsplit("/", 1)[1]: r for r in result.records
               if r.kind == "interpretation"}
    assert {name: (r.fields["published"], r.fields["policy"], r.fields["form"])
            for name, r in interps.items()} == {
        "t20190701_201.html": (date(2019, 7, 1), "湘潭交通〔2019〕8号", "文字"),
        "t20191008_202.html": (date(2019, 10, 8), "湘潭交通〔2019〕12号", "视频"),
        "t20191009_203.html": (date(2019, 10, 9), "湘潭交通〔2019〕13号", "文字"),
        "t20191015_204.html": (date(2019, 10, 15), "湘潭交通〔2019〕15号", "文字"),
        "t20191202_206.html": (date(2019, 12, 2), "湘潭交通〔2019〕20号", "图表"),
    }
    video = interps["t20191008_202.html"]
    assert video.key == server + "zcjd/201910/t20191008_202.html"
    assert video.title == "视频解读：网约车经营服务新规来了"
    assert set(video.fields) == {"published", "policy", "form", "url"}


def test_enforcement_decisions(server, ruleset):
    result = run(ruleset, server, "port")
    assert result.error is None, result.problems
    got = {r.key: dict(r.fields) for r in result.records}
    assert got["潭港航罚〔2019〕21号"] == {
        "decided": date(2019, 9, 24), "published": date(2019, 10, 8),
        "decision_type": "行政处罚", "decision_number": "潭港航罚〔2019〕21号",
        "url": server + "xzzf/201910/t20191008_302.html",
    }
    assert got["潭港航许〔2019〕9号"]["decision_type"] == "行政许可"
    assert got["潭港航许〔2019〕9号"]["published"] == date(2019, 9, 29)
    # (2019) on the page, canonical key; found on the second list page (下一页)
    assert got["潭港航罚〔2019〕30号"]["decided"] == date(2019, 11, 4)
    assert len(got) == 4


def test_site_updates_and_gbk_publications(server, ruleset):
    result = run(ruleset, server, "tech")
    assert result.error is None, result.problems
    notices = [r for r in result.records if r.kind == "publication"]
    assert sorted((r.title, r.fields["published"]) for r in notices) == [
        ("关于2019年国庆节期间政务服务窗口值班安排的公告", date(2019, 9, 26)),
        ("关于2020年元旦期间道路客运班线调整的公告", date(2019, 12, 16)),
        ("关于国庆节后恢复正常办公时间的通知", date(2019, 10, 12)),
    ]
    assert notices[0].fields["category"] == "其他"
    assert notices[0].fields["column"] == "通知公告"
    updates = [r for r in result.records if r.kind == "site_update"]
    newest: dict[str, date] = {}
    for r in updates:
        column = r.fields["column"]
        newest[column] = max(newest.get(column, date.min), r.fields["updated"])
    assert newest == {
        "首页": date(2019, 12, 20), "交通要闻": date(2019, 12, 20), "政策文件": date(2019, 12, 2),
        "政策解读": date(2019, 12, 2), "行政执法公示": date(2019, 11, 8),
        "通知公告": date(2019, 12, 16),
    }
    types = {r.fields["column"]: r.fields["column_type"] for r in updates}
    assert types == {"首页": "首页", "交通要闻": "动态要闻", "政策文件": "政策文件",
                     "政策解读": "其他栏目", "行政执法公示": "其他栏目", "通知公告": "通知公告"}
    assert sum(1 for r in updates if r.fields["column"] == "政策文件") == 7  # all 3 TRS pages
    home = next(r for r in updates if r.fields["column"] == "首页")
    assert home.key == f"首页 {home.fields['url']}"


def _broken(base_url: str, **extra: object) -> dict:
    config = settings(base_url, **extra)
    config["columns"] = {"测试栏目": {"path": "broken/index.html", "kind": "publication",
                                      "fields": {"category": "其他"}}}
    return config


def test_each_bad_page_is_a_located_problem_and_good_records_are_kept(server, ruleset):
    config = _broken(server)
    [collector] = collectors_of(website, ruleset=ruleset, settings=config, name="website")
    host = server.split("/")[2]
    started = time.monotonic()
    with HttpClient(allowed_hosts=[host], read_timeout=0.3, max_bytes=MAX_BYTES) as http:
        result = run_collector(collector, ruleset=ruleset, settings=config, http=http)
    assert time.monotonic() - started < 5
    # what could be read is kept (and written to the evidence file for the office to see) ...
    publications = [r for r in result.records if r.kind == "publication"]
    assert [r.fields["url"] for r in publications] == [server + "zcwj/201907/t20190701_101.html"]
    # ... and each page that could not be read is a problem of its column, named by its URL,
    # so the unit's findings on the column's kind (only) become error
    assert result.report.rejected == 0
    assert set(result.report.kind_errors) == {"publication"}
    problems = {p.location.file.rsplit("/", 1)[1]: p for p in result.problems}
    assert all(p.kinds == ("publication",) for p in problems.values())
    assert set(problems) == {"missing.html", "slow.html", "big.html", "other.html"}
    # a list entry on a host that may not be read is not dropped without a word either
    assert "未允许访问的主机 example.invalid" in problems["other.html"].message
    assert all(p.location.path == "栏目“测试栏目”" for p in problems.values())
    assert "HTTP 404" in problems["missing.html"].message
    assert "超时" in problems["slow.html"].message
    assert "响应过大" in problems["big.html"].message
    assert str(problems["missing.html"]).startswith(
        f"{server}missing.html: 栏目“测试栏目”: 无法读取页面：")
    assert result.error.startswith("采集器 website:tech 未能读全“网站公开信息”（publication）：")
    assert f"{server}missing.html" in result.error
    # the crawler's own account of the gaps (an external link is noted, not fetched)
    from disclosure_rules.collect.collectors import CollectContext

    with HttpClient(allowed_hosts=[host], read_timeout=0.3, max_bytes=MAX_BYTES) as http:
        ctx = CollectContext(date(2019, 12, 31), "tech", config, ruleset, http)
        crawler = website.SiteCrawler(ctx, website.parse_settings(config))
        list(crawler.records())
    assert {e.url.rsplit("/", 1)[1] for e in crawler.gaps} == set(problems)
    assert all(e.column == "测试栏目" for e in crawler.gaps)


def test_strict_setting_is_gone_with_a_clear_message(server, ruleset):
    with pytest.raises(PluginError, match="strict 已取消，请删除这一行"):
        collectors_of(website, ruleset=ruleset, settings=_broken(server, strict=False),
                      name="website")


def test_unreachable_site_fails_the_collector(ruleset):
    result = run(ruleset, "http://127.0.0.1:9/", "tech", timeout=0.5)
    assert result.error is not None and "127.0.0.1:9" in result.error
    assert result.records == ()


def test_demo_collect_yaml(server, ruleset):
    """The demo's collect.yaml, with base_url pointed at the test server as the demo does."""
    config = CollectConfig.load(ROOT / "examples" / "collect.yaml")
    config = config.with_settings("website", base_url=server)
    found = collectors_of(website, ruleset=ruleset, config=config, name="website")
    assert {c.unit for c in found} == {"tech", "regulation", "port"}
    results = {}
    for collector in found:
        with HttpClient(allowed_hosts=[], read_timeout=5) as http:
            results[collector.unit] = run_collector(
                collector, ruleset=ruleset, settings=config.settings("website"), http=http)
    for unit, result in results.items():
        assert result.error is None, (unit, result.problems)
    categories = {r.fields["category"] for r in results["tech"].records
                  if r.kind == "publication"}
    assert categories == {"其他", "政务公开工作要点", "公开指南"}
    assert len([r for r in results["port"].records]) == 4


@pytest.mark.parametrize(("name", "column_type"), [
    ("首页", "首页"), ("交通要闻", "动态要闻"), ("通知公告", "通知公告"), ("政策文件", "政策文件"),
    ("人事信息", "人事"), ("人事任免", "人事"), ("规划计划", "规划计划"), ("发展规划", "规划计划"),
    ("政策解读", "其他栏目"),
])
def test_a_columns_type_is_guessed_from_its_name_unless_given(name, column_type):
    # 国办秘函〔2019〕19号 asks 人事 and 规划计划 columns to be updated at least yearly; a column
    # named so is one of them without the office having to say it
    raw = {"base_url": "http://127.0.0.1:1/", "unit": "tech",
           "columns": {name: {"path": "x/", "kind": "site_update"}}}
    assert website.parse_settings(raw).columns[0].column_type == column_type
    raw["columns"][name]["column_type"] = "其他栏目"
    assert website.parse_settings(raw).columns[0].column_type == "其他栏目"
