"""The website collector on generated sites in the layouts of the common 政府网站 CMSs, served on
loopback: every article of the period read with a minimal collect.yaml (no selectors, no paging
settings), the page's own 文号 and 发布机构, and nothing cut or left unread without a problem
that turns only that column's kinds into ``error``."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import disclosure_rules_website as website
import pytest
from disclosure_rules_website.parse import (
    is_datastore,
    parse_article,
    parse_datastore,
    parse_list,
    title_doc_number,
)
from disclosure_rules_website.period import crawl_since
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from disclosure_rules import Status, evaluate
from disclosure_rules.collect.collectors import HttpClient, KindProblem
from disclosure_rules.evidence.records import CollectionRun
from disclosure_rules.ruleset.loader import load_ruleset
from disclosure_rules.ruleset.model import Ruleset
from disclosure_rules.testing import collectors_of, make_ruleset, run_collector
from website_sites import (
    CITED,
    PUBLISHER,
    Entry,
    Site,
    article_html,
    entries,
    hanweb_column,
    page_links_column,
    serve,
    trs_column,
)

ROOT = Path(__file__).resolve().parents[1]
AS_OF = date(2019, 12, 31)


@pytest.fixture(scope="module")
def small() -> Ruleset:
    """Units and kinds only (no rules: the crawl reaches back a month before 2019)."""
    return make_ruleset(
        units={"tech": "科技科", "regulation": "法规科"},
        kinds={"policy_document": {"published": "date!", "doc_number": "text", "url": "text",
                                   "publisher": "text"},
               "site_update": {"updated": "date!", "column": "text", "column_type": "text",
                               "url": "text"}})


@pytest.fixture(scope="module")
def ruleset2019() -> Ruleset:
    return load_ruleset(ROOT / "rulesets" / "2019.yaml")


def minimal(base_url: str, columns: dict[str, str], **extra: object) -> dict:
    """collect.yaml's website section with only base_url, unit and per column path, kind,
    unit (and fields)."""
    return {"base_url": base_url, "unit": "tech", **extra, "columns": {
        name: {"path": path, "kind": "policy_document", "unit": "regulation",
               "fields": {"doc_type": "规范性文件"}}
        for name, path in columns.items()}}


def collect(ruleset: Ruleset, base_url: str, settings: dict, unit: str = "regulation"):
    found = {c.unit: c for c in collectors_of(website, ruleset=ruleset, settings=settings,
                                               name="website")}
    host = base_url.split("/")[2]
    with HttpClient(allowed_hosts=[host], read_timeout=5, max_bytes=1_000_000) as http:
        return run_collector(found[unit], ruleset=ruleset, settings=settings, http=http,
                             as_of=AS_OF)


def docs(result) -> dict[str, object]:
    return {r.key: r for r in result.records if r.kind == "policy_document"}


# -- the page's own 文号, labels by meaning --------------------------------------------------------


def test_body_citing_another_doc_number_gives_the_pages_own_or_none():
    own = Entry("关于加强安全生产的通知", date(2019, 7, 1), "湘潭交通〔2019〕7号", "/a.html")
    page = parse_article(article_html(own, "政策文件"), "http://h/a.html")
    assert page.doc_number == "湘潭交通〔2019〕7号"  # from the padded 文　　号 cell
    assert page.meta["索引号"].startswith("43030000/2019")  # 索 引 号, by meaning
    assert page.meta["有效性"] == "有效"
    assert page.publisher == PUBLISHER
    none = Entry("关于加强安全生产的通知", date(2019, 7, 1), None, "/b.html")
    page = parse_article(article_html(none, "政策文件"), "http://h/b.html")
    assert page.doc_number is None  # not the 湘交安监〔2019〕33号 the body cites
    assert page.cited == CITED


@pytest.mark.parametrize(("title", "expected"), [
    ("湘潭市交通运输局关于印发《办法》的通知（湘潭交通〔2019〕12号）", "湘潭交通〔2019〕12号"),
    ("湘潭交通〔2019〕12号 关于印发《办法》的通知", "湘潭交通〔2019〕12号"),
    ("关于贯彻落实湘交安监〔2019〕33号文件的通知", None),
    ("关于转发湘交安监〔2019〕33号", None),
    ("关于加强安全生产的通知", None),
])
def test_title_gives_only_its_own_doc_number(title, expected):
    assert title_doc_number(title) == expected


def test_47_meta_tags_give_title_date_and_publisher():
    html = """<html><head><meta name="ArticleTitle" content="关于调整公交线路的公告">
    <meta name="PubDate" content="2019-08-09 10:00"><meta name="ContentSource" content="公交处">
    <meta name="ColumnName" content="通知公告"><meta name="SiteName" content="交通局"></head>
    <body><h1>页面上的另一个标题</h1><div class="content"><p>发布时间：2019-01-01</p>
    <p>依据湘交安监〔2019〕33号</p></div></body></html>"""
    page = parse_article(html, "http://h/a.html")
    assert (page.title, page.published, page.publisher, page.doc_number) == (
        "关于调整公交线路的公告", date(2019, 8, 9), "公交处", None)


# -- each CMS read with the minimal config ------------------------------------------------------


def test_trs_column_in_gbk_read_with_the_minimal_config(small):
    site = Site()
    placed = trs_column(site, "zcwj", "政策文件", entries(57, date(2019, 12, 20)),
                        encoding="gbk")
    with serve(site) as base:
        result = collect(small, base, minimal(base, {"政策文件": "zcwj/"}))
    assert result.error is None, result.problems
    got = docs(result)
    assert sorted(got) == sorted(e.doc_number for e in placed)
    doc = got[placed[0].doc_number]
    assert doc.title == placed[0].title
    assert dict(doc.fields) == {"published": placed[0].day, "doc_number": placed[0].doc_number,
                                "publisher": PUBLISHER, "url": base + placed[0].path[1:]}
    assert doc.unit == "regulation"  # the record stays in the collector's unit


def test_articles_without_their_own_doc_number_are_keyed_by_url_not_the_cited_one(small):
    site = Site()
    placed = trs_column(site, "zcwj", "政策文件", entries(5, date(2019, 12, 20), numbered=False))
    with serve(site) as base:
        result = collect(small, base, minimal(base, {"政策文件": "zcwj/"}))
    assert result.error is None, result.problems
    assert sorted(docs(result)) == sorted(base + e.path[1:] for e in placed)
    assert all("doc_number" not in r.fields for r in result.records)


def test_hanweb_jpage_column_read_with_the_minimal_config(small):
    site = Site()
    placed = hanweb_column(site, 4573, "政策文件", entries(100, date(2019, 12, 20)))
    with serve(site) as base:
        result = collect(small, base, minimal(base, {"政策文件": "col/col4573/index.html"}))
        proxied = site.count("/module/web/jpage/dataproxy.jsp")
    assert result.error is None, result.problems
    assert sorted(docs(result)) == sorted(e.doc_number for e in placed)
    assert proxied == 2  # groups 2 and 3 of 45, from the data proxy


def test_page_number_links_column_read_with_the_minimal_config(small):
    site = Site()
    placed = page_links_column(site, "zfxxgk/zcwj", "政策文件", entries(70, date(2019, 12, 20)))
    with serve(site) as base:
        result = collect(small, base, minimal(base, {"政策文件": "zfxxgk/zcwj/list"}))
        lists = site.count("/zfxxgk/zcwj/list")
    assert result.error is None, result.problems
    assert sorted(docs(result)) == sorted(e.doc_number for e in placed)
    assert lists == 5  # 70 entries, 15 a page, each page once


def test_site_updates_of_every_entry_for_the_sites_unit(small):
    site = Site()
    placed = trs_column(site, "jtyw", "交通要闻", entries(45, date(2019, 12, 20)))
    settings = {"base_url": "", "unit": "tech",
                "columns": {"交通要闻": {"path": "jtyw/", "kind": "site_update"}}}
    with serve(site) as base:
        settings["base_url"] = base
        result = collect(small, base, settings, unit="tech")
    assert result.error is None, result.problems
    assert sorted(r.fields["updated"] for r in result.records) == sorted(e.day for e in placed)


# -- unreadable lists are problems, never empty columns ---------------------------------------


def _unreadable_site() -> Site:
    site = Site()
    rows = "".join(f'<li><a href="/js/{n}.html">第{n}条</a><span>2019-10-0{n}</span></li>'
                   for n in range(1, 4))
    for n in range(1, 4):
        site.add(f"/js/{n}.html", article_html(Entry(f"第{n}条", date(2019, 10, n), None),
                                                "政策文件"))
    site.add("/js/index.html", f"""<html><body><ul>{rows}</ul><div>共 5 页
    <a href="javascript:void(0)" onclick="goPage(2)">下一页</a></div></body></html>""")
    site.add("/js2/index.html", f"""<html><body><ul>{rows}</ul><div>
    <a href="javascript:void(0)" onclick="goPage(2)">下一页</a></div></body></html>""")
    site.add("/empty/index.html", """<html><body><div class="list"><div class="item">
    <a href="/empty/1.html">没有日期的条目</a></div></div></body></html>""")
    placed = hanweb_column(site, 99, "政策文件", entries(90, date(2019, 12, 20)))
    site.add("/col/col99/index.html", site.pages["/col/col99/index.html"][0].decode().replace(
        "<nextgroup><![CDATA[<a href=", "<nextgroup><![CDATA[<b data-x=").replace(
        "></a>]]></nextgroup>", "></b>]]></nextgroup>"))
    assert placed
    return site


@pytest.mark.parametrize(("path", "why"), [
    ("js/index.html", "页面显示共 5 页，但找不到下一页的链接"),
    ("js2/index.html", "“下一页”链接由脚本翻页"),
    ("empty/index.html", "列表页没有读到任何条目"),
    ("col/col99/index.html", "找不到读取其余各条的 dataproxy 地址"),
])
def test_an_unreadable_list_is_a_problem_of_its_column(small, path, why):
    site = _unreadable_site()
    with serve(site) as base:
        result = collect(small, base, minimal(base, {"政策文件": path}))
    [problem] = result.problems
    assert isinstance(problem, KindProblem) and problem.kinds == ("policy_document",)
    assert why in problem.message and problem.location.path == "栏目“政策文件”"
    assert set(result.report.kind_errors) == {"policy_document"}


def test_the_last_page_of_a_counted_list_is_not_unreadable():
    rows = '<ul><li><a href="/a.html">末条</a><span>2019-01-02</span></li></ul>'
    last = parse_list(f'{rows}<div>第5页/共5页 <a href="javascript:;">下一页</a></div>',
                      "http://h/c/list?page=5")
    assert last.next_url is None and last.unreadable is None
    trs = parse_list(f'{rows}<script>createPageHTML(5, 4, "index", "html");</script>',
                     "http://h/c/index_4.html")
    assert trs.next_url is None and trs.unreadable is None and trs.pages == 5
    middle = parse_list(f'{rows}<div>第2页/共5页</div>', "http://h/c/list?page=2")
    assert middle.unreadable is not None and "共 5 页" in middle.unreadable


def test_numbered_index_links_without_a_next_link_or_script():
    rows = '<ul><li><a href="/c/a.html">一条</a><span>2019-01-02</span></li></ul>'
    pager = ('<a href="/index.html">首页</a><a href="index.html">1</a><a href="index_1.html">2</a>'
             '<a href="index_2.html">3</a><a href="index_3.html">4</a>')
    first = parse_list(rows + pager, "http://h/c/")
    assert (first.next_url, first.scheme) == ("http://h/c/index_1.html", "index_N")
    third = parse_list(rows + pager, "http://h/c/index_2.html")
    assert third.next_url == "http://h/c/index_3.html"
    last = parse_list(rows + pager, "http://h/c/index_3.html")
    assert last.next_url is None and last.unreadable is None


def test_an_xhtml_page_embedding_a_datastore_is_a_list_page():
    site = Site()
    placed = hanweb_column(site, 7, "政策文件", entries(10, date(2019, 12, 20)))
    page = site.pages["/col/col7/index.html"][0].decode().replace(
        "<!DOCTYPE html>", '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html PUBLIC '
        '"-//W3C//DTD XHTML 1.0 Transitional//EN" "xhtml1-transitional.dtd">')
    assert not is_datastore(page)
    found = parse_list(page, "http://h/col/col7/index.html")
    assert [i.url for i in found.items] == ["http://h" + e.path for e in placed]
    assert found.scheme == "jpage" and found.unreadable is None


# -- limits: a problem naming the column, the limit and what was not read -------------------------


@pytest.mark.parametrize(("limit", "words"), [
    ({"max_pages": 3}, "列表页读到上限 max_pages = 3 页即停止，共 5 页，还有 2 页（约 40 条）未读"),
    ({"max_articles": 30}, "文章页读到上限 max_articles = 30 篇即停止，检查期内还有 70 篇未读"),
])
def test_a_column_larger_than_a_limit_is_a_problem_not_a_silent_cut(small, limit, words):
    site = Site()
    trs_column(site, "zcwj", "政策文件", entries(100, date(2019, 12, 20), step_days=2))
    with serve(site) as base:
        result = collect(small, base, minimal(base, {"政策文件": "zcwj/"}, **limit))
    [problem] = result.problems
    assert problem.kinds == ("policy_document",)
    assert words in problem.message, problem.message
    assert result.report.kind_errors.keys() == {"policy_document"}


def test_a_time_limit_is_a_problem_of_the_columns_left(small):
    site = Site()
    trs_column(site, "zcwj", "政策文件", entries(60, date(2019, 12, 20)))
    with serve(site) as base:
        result = collect(small, base, minimal(base, {"政策文件": "zcwj/"}, max_seconds=1e-6))
    assert result.problems and all(p.kinds == ("policy_document",) for p in result.problems)
    assert "max_seconds" in result.problems[0].message


def test_a_cut_only_before_the_period_is_no_problem(small):
    site = Site()
    # 40 entries in December 2019, then years of older ones: 2 pages reach the margin
    old = [Entry(e.title, date(2017, 1, 1), e.doc_number) for e in
           entries(400, date(2017, 1, 1), prefix="旧文")]
    trs_column(site, "zcwj", "政策文件", entries(40, date(2019, 12, 20)) + old)
    with serve(site) as base:
        result = collect(small, base, minimal(base, {"政策文件": "zcwj/"}, max_pages=3))
    assert result.error is None, result.problems
    assert len(docs(result)) == 40


def test_cut_column_gives_error_on_its_kinds_only_in_check(ruleset2019, tmp_path):
    site = Site()
    trs_column(site, "zcwj", "政策文件", entries(100, date(2019, 12, 20), step_days=3))
    trs_column(site, "zcjd", "政策解读", entries(5, date(2019, 12, 20)))
    with serve(site) as base:
        settings = minimal(base, {"政策文件": "zcwj/"}, max_pages=2)
        settings["columns"]["政策解读"] = {"path": "zcjd/", "kind": "interpretation",
                                           "unit": "regulation"}
        settings["columns"]["政策文件"]["max_pages"] = 2
        from disclosure_rules.collect.collectors import CollectConfig
        from disclosure_rules.collect.running import run_collectors

        found = collectors_of(website, ruleset=ruleset2019, settings=settings, name="website")
        config = CollectConfig.from_mapping({"plugins": {"website": settings}})
        collected = run_collectors([c for c in found if c.unit == "regulation"],
                                   ruleset=ruleset2019, as_of=AS_OF, config=config)
    _, run_json = collected.write(tmp_path / "evidence")
    failures = CollectionRun.read(run_json).failures()
    assert {f.kinds for f in failures} == {("policy_document",)}
    result = evaluate(ruleset2019, collected.evidence, AS_OF, failures=failures)
    regulation = [f for f in result.findings if f.unit == "regulation"]
    reads_policy = {rule.id for _, rule in ruleset2019.rules()
                    if "policy_document" in rule.evidence_kinds()}
    assert reads_policy
    for finding in regulation:
        if finding.rule in reads_policy:
            assert finding.status is Status.ERROR, finding
            assert "max_pages = 2" in finding.reason
        else:
            assert finding.detail.get("collector") is None, finding


# -- bounded by the period ----------------------------------------------------------------------


def test_a_date_bounded_crawl_reads_the_period_and_no_list_page_beyond(small):
    since = crawl_since(small)  # 2018-12-01: a month before the year
    site = Site()
    # one entry every 3 days from 2019-12-30 back, 20 a page, 60 pages (back to 2015)
    placed = trs_column(site, "zcwj", "政策文件", entries(1200, date(2019, 12, 30), step_days=3))
    needed = [e for e in placed if e.day >= since]
    first_old = len(needed)  # newest first: the first entry older than since
    with serve(site) as base:
        result = collect(small, base, minimal(base, {"政策文件": "zcwj/"}))
        names = {p for p in site.requests if p == "/zcwj/" or p.startswith("/zcwj/index")}
        articles = {p for p in site.requests if p.startswith("/zcwj/20")}
    assert result.error is None, result.problems
    assert len(docs(result)) == len(needed)
    assert articles == {e.path for e in needed}
    # every page down to the one holding the first older entry, and not one page more
    assert len(names) == first_old // 20 + 1 < 60
    assert all(site.requests[p] == 1 for p in names | articles)


def test_the_issues_100_page_column_is_read_whole_and_the_old_limit_now_speaks(small):
    """The issue's column: 100 list pages × 20 entries in 2019.  Read whole by default (2,000
    update records); the former default of 20 list pages now yields a problem saying how much
    was not read instead of cutting 1,600 entries silently.  (The articles of such a column:
    ``bench/website_column.py``.)"""
    site = Site()
    trs_column(site, "zcwj", "政策文件", entries(2000, date(2019, 12, 31), step_days=364 / 2000))
    settings = {"base_url": "", "unit": "tech",
                "columns": {"政策文件": {"path": "zcwj/", "kind": "site_update"}}}
    with serve(site) as base:
        settings["base_url"] = base
        whole = collect(small, base, settings, unit="tech")
        lists = site.count("/zcwj/index")
        settings["max_pages"] = 20
        cut = collect(small, base, settings, unit="tech")
    assert whole.error is None, whole.problems[:3]
    assert len(whole.records) == 2000 and lists == 99  # index_1 … index_99 (+ the first)
    assert len(cut.records) == 400
    [problem] = cut.problems
    words = "上限 max_pages = 20 页即停止，共 100 页，还有 80 页（约 1600 条）未读"
    assert words in problem.message
    assert cut.report.kind_errors.keys() == {"site_update"}


# -- a law: following the detected paging reads every entry of a column exactly once ------------


@hypothesis_settings(max_examples=25, deadline=None)
@given(count=st.integers(1, 120), per_page=st.integers(1, 30),
       layout=st.sampled_from(["trs", "hanweb", "page-links"]))
def test_detected_paging_reads_every_entry_exactly_once(count, per_page, layout):
    site = Site()
    items = entries(count, date(2019, 12, 20))
    if layout == "trs":
        placed, url = trs_column(site, "c", "栏目", items, per_page=per_page), "/c/index.html"
    elif layout == "hanweb":
        placed = hanweb_column(site, 5, "栏目", items, per_group=per_page)
        url = "/col/col5/index.html"
    else:
        placed, url = page_links_column(site, "c", "栏目", items, per_page=per_page), "/c/list"
    read: list[str] = []
    pages = 0
    next_url: str | None = "http://h" + url
    while next_url is not None:
        pages += 1
        assert pages <= count + 1, "paging loops"
        text = site.pages[next_url.removeprefix("http://h")][0].decode()
        page = (parse_datastore(text, next_url) if is_datastore(text)
                else parse_list(text, next_url))
        assert page.unreadable is None
        read.extend(item.url.removeprefix("http://h") for item in page.items)
        next_url = page.next_url
    assert read == [e.path for e in placed]
