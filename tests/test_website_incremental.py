"""Incremental re-crawls with the collector cache, politeness per host, and many sites at once:
real loopback servers, a real SQLite cache file."""

from __future__ import annotations

import itertools
from contextlib import ExitStack
from datetime import date
from pathlib import Path

import disclosure_rules_website as website
import pytest
from disclosure_rules_website import parse_sites

from disclosure_rules.collect.cache import CollectCache
from disclosure_rules.collect.running import run_collectors
from disclosure_rules.collectors import CollectConfig, HttpClient
from disclosure_rules.errors import PluginError
from disclosure_rules.model import Ruleset
from disclosure_rules.testing import collectors_of, make_ruleset
from website_sites import Entry, Site, entries, serve, trs_column

AS_OF = date(2019, 12, 31)
KINDS = {"policy_document": {"published": "date!", "doc_number": "text", "url": "text",
                             "publisher": "text"},
         "site_update": {"updated": "date!", "column": "text", "column_type": "text",
                         "url": "text"}}


@pytest.fixture(scope="module")
def small() -> Ruleset:
    return make_ruleset(units={"tech": "科技科", "regulation": "法规科"}, kinds=KINDS)


def settings_for(base: str, **extra: object) -> dict:
    return {"base_url": base, "unit": "tech", **extra, "columns": {
        "政策文件": {"path": "zcwj/", "kind": "policy_document", "unit": "regulation"}}}


def crawl(ruleset: Ruleset, settings: dict, cache: CollectCache | None, *, unit: str = "regulation",
          read_timeout: float = 5.0, workers: int = 1):
    found = [c for c in collectors_of(website, ruleset=ruleset, settings=settings, name="website")
             if unit is None or c.unit == unit]
    config = CollectConfig.from_mapping({"plugins": {"website": settings},
                                         "http": {"timeout": read_timeout}})
    hosts = [s.host for s in parse_sites(settings)]
    with HttpClient(allowed_hosts=hosts, read_timeout=read_timeout, connect_timeout=2) as http:
        return run_collectors(found, ruleset=ruleset, as_of=AS_OF, config=config, http=http,
                              cache=cache, workers=workers)


def policy(result) -> dict[str, dict]:
    return {e.key: dict(e.fields) for e in result.evidence if e.kind == "policy_document"}


def article_requests(site: Site, placed: list[Entry], since: int) -> list[str]:
    paths = {e.path for e in placed}
    return [path for _, path, *_ in site.log[since:] if path in paths]


# -- incremental ---------------------------------------------------------------------------------


def test_a_second_crawl_of_an_unchanged_site_fetches_no_article_and_reports_every_one(
        small, tmp_path: Path):
    site = Site(validators=True)
    placed = trs_column(site, "zcwj", "政策文件", entries(57, date(2019, 12, 20)))
    with serve(site) as base, CollectCache(tmp_path / "store.db") as cache:
        first = crawl(small, settings_for(base), cache)
        assert first.run.reports[0].error is None
        assert len(article_requests(site, placed, 0)) == 57
        before = len(site.log)
        second = crawl(small, settings_for(base), cache)
    assert second.run.reports[0].error is None
    assert article_requests(site, placed, before) == []
    # only the first list page, asked conditionally and answered 304
    assert [(path, bool(etag), bool(modified)) for _, path, etag, modified
            in site.log[before:]] == [("/zcwj/", True, True)]
    assert site.answered[304] == 1
    assert policy(second) == policy(first)
    assert len(policy(second)) == 57


def test_without_validators_a_recrawl_reads_lists_until_known_entries_and_new_articles_only(
        small, tmp_path: Path):
    site = Site()  # no ETag, no Last-Modified
    placed = trs_column(site, "zcwj", "政策文件", entries(57, date(2019, 12, 20)))
    with serve(site) as base, CollectCache(tmp_path / "store.db") as cache:
        first = crawl(small, settings_for(base), cache)
        new = Entry("关于新工作的通知", date(2019, 12, 28), "湘潭交通〔2019〕99号",
                    "/zcwj/201912/t20191228_new.html")
        site.pages.clear()
        trs_column(site, "zcwj", "政策文件", [new, *placed])
        before = len(site.log)
        second = crawl(small, settings_for(base), cache)
    assert second.run.reports[0].error is None
    asked = [path for _, path, *_ in site.log[before:]]
    assert asked == ["/zcwj/", new.path]  # the first list page met known entries
    assert set(policy(second)) == set(policy(first)) | {new.doc_number}
    assert all(etag is None for _, _, etag, _ in site.log)


def test_a_changed_article_is_fetched_again_with_a_conditional_request(small, tmp_path: Path):
    site = Site(validators=True)
    placed = trs_column(site, "zcwj", "政策文件", entries(30, date(2019, 12, 20)))
    with serve(site) as base, CollectCache(tmp_path / "store.db") as cache:
        crawl(small, settings_for(base), cache)
        first_etag = next(etag for _, path, etag, _ in site.log if path == placed[10].path) or ""
        changed = Entry("关于第20项工作的通知（修订）", date(2019, 12, 27),
                        placed[10].doc_number, placed[10].path)
        site.pages.clear()
        trs_column(site, "zcwj", "政策文件",
                   [changed, *(e for e in placed if e.path != changed.path)])
        before = len(site.log)
        second = crawl(small, settings_for(base), cache)
    assert first_etag == ""  # the first crawl asked unconditionally
    log = site.log[before:]
    assert [path for _, path, *_ in log] == ["/zcwj/", changed.path]
    _, _, etag, modified = log[1]
    assert etag and modified  # the article was asked for with its remembered validators
    assert site.answered[200] == 30 + 2 + 2  # first crawl, then the list and the article
    got = policy(second)
    assert len(got) == 30
    assert got[changed.doc_number]["published"] == changed.day


def test_the_cache_is_the_collectors_own_and_survives_reopening(tmp_path: Path):
    with CollectCache(tmp_path / "store.db") as cache:
        cache.view("website:a").put("k", {"day": date(2019, 1, 2), "n": [1, 2]})
    with CollectCache(tmp_path / "store.db") as cache:
        assert cache.view("website:a").get("k") == {"day": "2019-01-02", "n": [1, 2]}
        assert cache.view("website:b").get("k") is None


# -- politeness, many sites ----------------------------------------------------------------------


def test_requests_to_one_host_are_spaced_by_the_delay_measured_at_the_server(small):
    site = Site()
    trs_column(site, "zcwj", "政策文件", entries(8, date(2019, 12, 20)))
    with serve(site) as base:
        result = crawl(small, settings_for(base, per_host=1, delay=0.15), None)
    assert result.run.reports[0].error is None
    times = [at for at, *_ in site.log]
    assert len(times) == 1 + 8
    gaps = [b - a for a, b in itertools.pairwise(times)]
    assert min(gaps) >= 0.14, gaps


def test_twenty_sites_with_one_hanging_all_finish_and_only_the_hanging_one_is_error(tmp_path):
    units = {f"u{n}": f"单位{n}" for n in range(20)}
    ruleset = make_ruleset(units=units, kinds=KINDS)
    sites = [Site(hang=6.0 if n == 7 else 0.0) for n in range(20)]
    for site in sites:
        trs_column(site, "zcwj", "政策文件", entries(3, date(2019, 12, 20)))
    with ExitStack() as stack:
        bases = [stack.enter_context(serve(site)) for site in sites]
        settings = {"per_host": 2, "sites": [
            {"base_url": base, "unit": f"u{n}",
             "columns": {"政策文件": {"path": "zcwj/", "kind": "policy_document"}}}
            for n, base in enumerate(bases)]}
        result = crawl(ruleset, settings, None, unit=None, read_timeout=2.0, workers=4)
    reports = {r.unit: r for r in result.run.reports}
    assert set(reports) == set(units)
    assert reports["u7"].error and "超时" in reports["u7"].error
    assert all(r.error is None for u, r in reports.items() if u != "u7"), reports
    by_unit = {u: sum(1 for e in result.evidence if e.unit == u and e.kind == "policy_document")
               for u in units}
    assert by_unit == {u: (0 if u == "u7" else 3) for u in units}


def test_a_bad_site_in_the_list_is_named_by_its_place():
    with pytest.raises(PluginError, match="sites 第 2 项") as caught:
        parse_sites({"sites": [
            {"base_url": "http://a.gov.cn/", "unit": "u0",
             "columns": {"政策文件": {"path": "zcwj/", "kind": "policy_document"}}},
            {"unit": "u1", "columns": {"政策文件": {"path": "zcwj/", "kind": "policy_document"}}},
        ]})
    assert "base_url" in str(caught.value)


def test_two_sites_give_one_collector_per_site_and_unit(small):
    settings = {"sites": [
        {"base_url": f"http://127.0.0.1:{port}/", "unit": "tech",
         "columns": {"政策文件": {"path": "zcwj/", "kind": "policy_document",
                                  "unit": "regulation"}}} for port in (8001, 8002)]}
    names = sorted(c.name for c in collectors_of(website, ruleset=small, settings=settings,
                                                 name="website"))
    assert names == ["website:regulation@127.0.0.1:8001", "website:regulation@127.0.0.1:8002",
                     "website:tech@127.0.0.1:8001", "website:tech@127.0.0.1:8002"]


# -- through the command line --------------------------------------------------------------------


def test_collect_store_twice_recrawls_incrementally_and_the_second_run_holds_every_article(
        tmp_path: Path):
    from disclosure_rules.cli import main
    from disclosure_rules.ruleset_loader import load_ruleset
    from disclosure_rules.store import Store

    root = Path(__file__).resolve().parents[1]
    site = Site(validators=True)
    placed = trs_column(site, "zcwj", "政策文件", entries(45, date(2019, 12, 20)))
    db = tmp_path / "store.db"
    with serve(site) as base:
        config = tmp_path / "collect.yaml"
        config.write_text(
            f"ruleset: {root / 'rulesets' / '2019.yaml'}\nas_of: 2019-12-31\nplugins:\n"
            f"  website:\n    base_url: {base}\n    unit: tech\n    check_links: false\n"
            f"    check_blank_columns: false\n    check_personal_data: false\n"
            f"    columns:\n      政策文件: {{path: zcwj/, kind: policy_document, "
            f"unit: regulation, fields: {{doc_type: 规范性文件}}}}\n", encoding="utf-8")
        args = ["collect", str(config), "--store", str(db), "--no-progress"]
        assert main(args) == 0
        assert len(article_requests(site, placed, 0)) == 45
        before = len(site.log)
        assert main(args) == 0
    assert article_requests(site, placed, before) == []
    ruleset = load_ruleset(root / "rulesets" / "2019.yaml")
    with Store(db) as store:
        runs = [store.evidence(ruleset, run=n).records for n in (1, 2)]
    first, second = ({r.key for r in records if r.kind == "policy_document"} for records in runs)
    assert second == first
    assert len(second) == 45


def test_the_readmes_many_sites_example_is_accepted():
    import re

    import yaml

    text = (Path(__file__).resolve().parents[1] / "plugins" / "website" / "README.md").read_text(
        encoding="utf-8")
    [block] = re.findall(r"```yaml\n# many sites\n(.*?)```", text, re.S)
    sites = parse_sites(yaml.safe_load(block)["plugins"]["website"])
    assert [(s.unit, s.per_host, s.delay) for s in sites] == [("xiangtan", 2, 0.5),
                                                              ("zhuzhou", 2, 0.5)]
