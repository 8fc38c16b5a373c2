"""The checks of the site (link availability, blank columns, personal data) against a real
HTTP server on loopback: what each records, what is not probed, and what is a gap instead."""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Iterator
from datetime import date
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import disclosure_rules_website as website
import pytest
from disclosure_rules_website.blank import blank_reason

from disclosure_rules.collect.collectors import HttpClient
from disclosure_rules.collect.loopback import serve_handler
from disclosure_rules.errors import PluginError
from disclosure_rules.ruleset.loader import load_ruleset
from disclosure_rules.testing import collectors_of, run_collector

ROOT = Path(__file__).resolve().parents[1]
RULESET = ROOT / "rulesets" / "2019.yaml"
EXPOSED_MOBILE = "13912345678"
EXPOSED_ID = "11010519491231002X"  # GB 11643-1999's own example
CHECK_KINDS = ("link_check", "blank_column", "personal_data")


def _page(title: str, body: str) -> str:
    return (f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}</title></head>'
            f'<body><ul class="nav"><li><a href="/tzgg/">通知公告</a></li></ul>{body}'
            "</body></html>")


def _list(*entries: tuple[str, str, str]) -> str:
    rows = "".join(f'<li><a href="{href}">{title}</a><span>{day}</span></li>'
                   for href, title, day in entries)
    return _page("列表", f'<ul class="list">{rows}</ul>')


PAGES = {
    "/tzgg/": _list(("/tzgg/a1.html", "关于调整班线的通知", "2019-11-01"),
                    ("/tzgg/a2.html", "关于值班安排的通知", "2019-10-01")),
    "/tzgg/a1.html": _page("关于调整班线的通知", f"""<h1>关于调整班线的通知</h1>
<div class="article-content"><p>联系人：张某某，联系电话：{EXPOSED_MOBILE}；身份证号：{EXPOSED_ID}。
另一当事人电话 139****5678，身份证号 4301**********1234。</p>
<p>附件：<a href="/files/dead.doc">调整表</a> <a href="/old/page.html">旧地址</a>
<a href="http://example.invalid/x.html">外站</a> <a href="/slow.html">很慢</a>
<a href="/error.html">出错</a> <a href="/out.html">转外站</a> <a href="/big.pdf">大文件</a></p>
</div>"""),
    "/tzgg/a2.html": _page("关于值班安排的通知", "<h1>关于值班安排的通知</h1><p>特此通知。</p>"),
    "/zcwj/": _list(("/zcwj/p1.html", "湘潭交通〔2019〕1号", "2019-09-01")),
    "/zcwj/p1.html": _page("湘潭交通〔2019〕1号", "<h1>通知</h1><p>咨询电话 138-0000-1111。</p>"),
    "/ghjh/": _page("规划计划", '<ul class="list"></ul><div class="no-data">暂无信息</div>'),
    "/empty/": _page("空栏目", '<div class="main"><p>本栏目介绍</p></div>'),
    "/scripted/": _page("脚本栏目", '<ul class="list"></ul><p>暂无信息</p>'
                        '<script>$.ajax({url: "/api/list"})</script>'),
    "/gone/": _list(("/gone/missing.html", "已删除的文件", "2019-09-02")),
    "/mid.html": "",
    "/big.pdf": "%PDF" + "x" * 300_000,
}
REDIRECTS = {"/old/page.html": "/mid.html", "/mid.html": "/tzgg/a2.html",
             "/out.html": "http://example.invalid/y.html"}


#: requests the server answered, by path
REQUESTS: Counter[str] = Counter()


class Handler(BaseHTTPRequestHandler):

    def do_GET(self) -> None:
        REQUESTS[self.path] += 1
        try:
            if self.path in REDIRECTS:
                self.send_response(301 if self.path.startswith("/old") else 302)
                self.send_header("Location", REDIRECTS[self.path])
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            if self.path == "/slow.html":
                time.sleep(1.5)
            if self.path == "/error.html":
                self.send_response(500)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            body = PAGES.get(self.path)
            if body is None:
                self.send_response(404)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            data = body.encode("utf-8")
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with serve_handler(Handler) as base:
        yield base


@pytest.fixture(scope="module")
def ruleset():
    return load_ruleset(RULESET)


def settings(base_url: str, **extra: object) -> dict:
    columns = {
        "通知公告": {"path": "tzgg/", "kind": "publication", "fields": {"category": "其他"}},
        "政策文件": {"path": "zcwj/", "kind": "policy_document", "unit": "regulation",
                     "fields": {"doc_type": "规范性文件"}},
        "规划计划": {"path": "ghjh/", "kind": "site_update"},
    }
    return {"base_url": base_url, "unit": "tech", "columns": columns, "check_links": True,
            "check_blank_columns": True, "check_personal_data": True, **extra}


def run(ruleset, config: dict, unit: str = "tech"):
    found = {c.unit: c for c in collectors_of(website, ruleset=ruleset, settings=config,
                                               name="website")}
    host = config["base_url"].split("/")[2]
    with HttpClient(allowed_hosts=[host], read_timeout=0.5, connect_timeout=0.5,
                    max_bytes=100_000) as http:
        return run_collector(found[unit], ruleset=ruleset, settings=config, http=http,
                             as_of=date(2019, 12, 31))


@pytest.fixture(scope="module")
def checked(server, ruleset):
    return run(ruleset, settings(server))


def _of(result, kind: str) -> dict[str, dict]:
    return {r.key: dict(r.fields) for r in result.records if r.kind == kind}


def test_the_sites_unit_offers_the_check_kinds_and_other_units_do_not(server, ruleset):
    found = collectors_of(website, ruleset=ruleset, settings=settings(server), name="website")
    assert {c.unit: c.kinds for c in found} == {
        "tech": ("publication", "site_update", *CHECK_KINDS),
        "regulation": ("policy_document",),
    }


def test_every_page_read_has_a_link_check_with_the_list_page_it_was_found_on(checked, server):
    assert checked.error is None, checked.problems
    links = _of(checked, "link_check")
    for path in ("tzgg/", "zcwj/", "ghjh/", "tzgg/a1.html", "tzgg/a2.html", "zcwj/p1.html"):
        assert links[server + path]["outcome"] == "可访问", path
        assert links[server + path]["status"] == 200
        assert links[server + path]["checked"] == date(2019, 12, 31)
    article = links[server + "tzgg/a1.html"]
    assert (article["found_on"], article["column"]) == (server + "tzgg/", "通知公告")
    # another unit's column is read for the checks, and its pages checked as its own
    assert links[server + "zcwj/p1.html"]["column"] == "政策文件"


def test_links_on_pages_are_probed_with_status_redirects_and_time(checked, server):
    links = _of(checked, "link_check")
    dead = links[server + "files/dead.doc"]
    assert (dead["outcome"], dead["status"], dead["found_on"], dead["column"]) == (
        "链接失效", 404, server + "tzgg/a1.html", "通知公告")
    moved = links[server + "old/page.html"]
    assert (moved["outcome"], moved["status"], moved["redirects"], moved["final_url"]) == (
        "可访问", 200, 2, server + "tzgg/a2.html")
    assert isinstance(moved["seconds"], float) and moved["seconds"] >= 0
    assert (links[server + "error.html"]["outcome"], links[server + "error.html"]["status"]) \
        == ("链接失效", 500)
    slow = links[server + "slow.html"]
    assert (slow["outcome"], slow.get("status")) == ("超时", None)
    out = links[server + "out.html"]
    assert (out["outcome"], out["final_url"]) == ("可访问", "http://example.invalid/y.html")
    assert "未允许访问的主机" in out["detail"]
    # a link to a file larger than the page limit answers: it is not downloaded to know that
    big = links[server + "big.pdf"]
    assert (big["outcome"], big["status"]) == ("可访问", 200) and "detail" not in big
    # a dead link is a record, not a gap: nothing about the crawl was incomplete
    assert checked.problems == ()


def test_a_link_to_a_host_that_is_not_allowed_is_neither_probed_nor_recorded(checked):
    assert not any("example.invalid/x.html" in key for key in _of(checked, "link_check"))


def test_each_url_is_checked_once(server, ruleset):
    before = REQUESTS.copy()
    result = run(ruleset, settings(server))
    keys = [r.key for r in result.records if r.kind == "link_check"]
    assert len(keys) == len(set(keys))
    # the list page every page's navigation links to, and the dead link: a request each
    assert REQUESTS["/tzgg/"] - before["/tzgg/"] == 1
    assert REQUESTS["/files/dead.doc"] - before["/files/dead.doc"] == 1


def test_a_column_that_declares_itself_empty_is_a_blank_column_not_a_gap(checked, server):
    assert _of(checked, "blank_column") == {"规划计划": {
        "checked": date(2019, 12, 31), "column": "规划计划", "column_type": "规划计划",
        "path": "ghjh/", "url": server + "ghjh/", "reason": "页面显示“暂无信息”"}}
    assert not any("规划计划" in str(p) for p in checked.problems)


def test_exposed_numbers_are_recorded_masked_and_masked_ones_are_not(checked, server):
    found = _of(checked, "personal_data")
    assert sorted((f["url"], f["data_type"], f["masked"], f["column"]) for f in found.values()) \
        == [(server + "tzgg/a1.html", "手机号", "139****5678", "通知公告"),
            (server + "tzgg/a1.html", "身份证号", "1101**********002X", "通知公告"),
            (server + "zcwj/p1.html", "手机号", "138****1111", "政策文件")]
    mobile = found[f"{server}tzgg/a1.html 手机号 139****5678"]
    assert "联系电话：139****5678" in mobile["excerpt"]
    # the evidence never holds a full number
    everything = json.dumps([r.to_json() for r in checked.records], ensure_ascii=False)
    for full in (EXPOSED_MOBILE, EXPOSED_ID, "13800001111", "138-0000-1111"):
        assert full not in everything


def test_content_kinds_of_other_units_are_unchanged_by_the_checks(server, ruleset):
    result = run(ruleset, settings(server), unit="regulation")
    assert result.error is None
    assert {r.kind for r in result.records} == {"policy_document"}


def test_links_beyond_max_links_are_a_gap_of_link_check_only(server, ruleset):
    result = run(ruleset, settings(server, max_links=2))
    [problem] = result.problems
    assert problem.kinds == ("link_check",)
    assert "max_links = 2" in problem.message and "个链接未检查" in problem.message
    assert set(result.report.kind_errors) == {"link_check"}


def _only(server: str, path: str, kind: str = "site_update") -> dict:
    config = settings(server)
    config["columns"] = {"测试栏目": {"path": path, "kind": kind}}
    return config


@pytest.mark.parametrize("path", ["empty/", "scripted/"])
def test_an_empty_list_that_does_not_declare_itself_blank_is_a_gap_of_every_kind(
        server, ruleset, path):
    result = run(ruleset, _only(server, path))
    assert _of(result, "blank_column") == {}
    [problem] = result.problems
    assert "列表页没有读到任何条目" in problem.message
    assert set(problem.kinds) == {"site_update", *CHECK_KINDS}


def test_an_article_that_cannot_be_read_leaves_only_its_personal_data_unchecked(
        server, ruleset):
    config = _only(server, "gone/", "policy_document")
    config["columns"]["测试栏目"]["unit"] = "regulation"
    result = run(ruleset, config)
    assert _of(result, "link_check")[server + "gone/missing.html"]["outcome"] == "链接失效"
    [problem] = result.problems
    assert problem.kinds == ("personal_data",)
    assert "HTTP 404" in problem.message


def test_checks_left_out_run_when_a_rule_reads_their_kind(server, ruleset, tmp_path):
    config = settings(server)
    for setting in ("check_links", "check_blank_columns", "check_personal_data"):
        del config[setting]

    def site_kinds(rules) -> tuple[str, ...]:
        found = collectors_of(website, ruleset=rules, settings=config, name="website")
        return next(c.kinds for c in found if c.unit == "tech")

    # the 2019 rule set reads all three (row 22: dead links, blank columns, personal data)
    checks = ("link_check", "blank_column", "personal_data")
    assert site_kinds(ruleset) == ("publication", "site_update", *checks)
    text = RULESET.read_text(encoding="utf-8")
    start = text.index("      - id: t22-dead-links\n")
    end = text.index("      - id: t22-messages-answered\n")
    path = tmp_path / "2019.yaml"
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    assert site_kinds(load_ruleset(path)) == ("publication", "site_update")
    config["check_links"] = False
    assert site_kinds(ruleset) == ("publication", "site_update", "blank_column",
                                   "personal_data")


def test_a_check_setting_that_is_not_true_or_false_is_reported(server, ruleset):
    with pytest.raises(PluginError, match="check_links 应为 true 或 false"):
        collectors_of(website, ruleset=ruleset, settings=settings(server, check_links="yes"),
                      name="website")


@pytest.mark.parametrize(("html", "reason"), [
    ('<ul class="list"></ul><div>暂无信息</div>', "页面显示“暂无信息”"),
    ("<p>该栏目暂无相关信息！</p>", "页面显示“该栏目暂无相关信息！”"),
    ("<div><span>栏目建设中，敬请期待</span></div>", "页面显示“栏目建设中，敬请期待”"),
    ('<table class="listTable"><tbody></tbody></table>',
     "列表为空（table.listTable 中没有任何内容）"),
])
def test_declared_blank_pages(html, reason):
    assert blank_reason(_page("栏目", html)) == reason


@pytest.mark.parametrize("html", [
    '<div class="main"><p>本栏目发布规划计划信息。</p></div>',  # says nothing: unreadable
    '<ul class="list"></ul><p>暂无信息</p><script src="/js/list.js"></script>'
    '<script>$(".list").load("/api")</script>',  # a script fills the list
    '<div id="list" v-for="item in items"></div><p>暂无数据</p>',  # a Vue template
    '<div class="item"><a href="a.html">一条</a> 2019-07-01</div><p>暂无信息</p>',
    '<ul class="list"></ul><p>暂无信息</p><div>共 3 页</div>',  # says there are pages
    '<p>暂无信息公开申请的答复说明，请参阅本局发布的信息公开指南中的有关规定。</p>',
])
def test_pages_that_may_hide_entries_are_not_blank(html):
    assert blank_reason(_page("栏目", html)) is None


def test_the_demo_evidence_holds_the_demo_sites_dead_link_blank_column_and_phone():
    records = [json.loads(line) for line in
               (ROOT / "examples" / "evidence" / "2019.jsonl").read_text(
                   encoding="utf-8").splitlines()]
    checks = [r for r in records if r["kind"] in CHECK_KINDS]
    assert {r["unit"] for r in checks} == {"tech"}
    dead = [r["fields"] for r in checks
            if r["kind"] == "link_check" and r["fields"]["outcome"] != "可访问"]
    assert [(f["url"].split("/", 3)[3], f["status"], f["column"]) for f in dead] == [
        ("tzgg/201912/P020191216501.xls", 404, "通知公告")]
    moved = [r["fields"] for r in checks
             if r["kind"] == "link_check" and r["fields"].get("redirects")]
    assert [(f["url"].split("/", 3)[3], f["final_url"].split("/", 3)[3]) for f in moved] == [
        ("zwgkyd", "zwgkyd/")]
    assert [(r["key"], r["fields"]["reason"]) for r in checks if r["kind"] == "blank_column"] \
        == [("规划计划", "页面显示“暂无信息”")]
    exposed = [r["fields"] for r in checks if r["kind"] == "personal_data"]
    assert [(f["url"].split("/", 3)[3], f["data_type"], f["masked"]) for f in exposed] == [
        ("xzzf/201910/t20191021_303.html", "手机号", "139****5678")]
