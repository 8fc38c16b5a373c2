"""disclosure-rules plugin ``website``: evidence read from a government site's columns.

The 科技科 runs the bureau's site; this plugin reads its column list pages, newest first down to
the rule set's period, with the paging scheme detected from the pages (下一页 links, TRS
``createPageHTML``/``index_N.html``, ``?page=N`` links, 大汉 ``jpage`` data-proxy XML), and the
article pages (UTF-8 or GBK), and yields:

- ``policy_document`` — key: the page's own 文号 (``湘潭交通〔2019〕12号``: from its 信息公开
  metadata table or its title, never from the text it cites) or, without one, the URL;
- ``interpretation`` — key: the URL; ``policy``: the key of the policy document it links to;
  ``form``: 文字 / 图片 / 图解 / 音频 / 视频;
- ``enforcement_publication`` — key: the decision's 文号 or the URL (双公示 pages);
- any other kind named by a column (``publication`` …) — key: the URL;
- ``site_update`` — one per list entry of every column: ``column``, ``column_type``,
  ``updated`` (the entry's date) and ``url``;
- the checks of the site, for the site's unit (see :mod:`~disclosure_rules_website.crawl`):
  ``link_check`` (a page or link: ``outcome``, ``status``, ``final_url``, ``redirects``,
  ``seconds``, ``found_on``), ``blank_column`` (a column declaring it has nothing) and
  ``personal_data`` (a 身份证号 or 手机号 in full: ``data_type``, ``masked``, ``excerpt``).

Each record carries only the fields the rule set declares for its kind (``published``, ``url``,
``column``, ``doc_number``, ``policy``, ``form``, ``decision_number``, ``decision_type``,
``decided``, ``updated``, ``publisher`` — the page's 发布机构 — as available).  Settings: see
:mod:`disclosure_rules_website.settings`; the user documentation is the distribution's
``README.md``.

Whatever keeps a column from being read down to the period (a page that cannot be read, a
limit reached, a list with no entries, paging that cannot be followed) is yielded, once the
crawl is done, as a located :class:`~disclosure_rules.collectors.KindProblem` naming the
column's kinds: the unit's findings on those kinds become ``error`` while the records that were
read are kept, and its other kinds are judged as usual.

One collector is registered per unit named in the settings (``website:<unit>``): the site's
own unit (its columns plus the update records) and each unit a column is given to.  With a list
of ``sites`` (see :mod:`~disclosure_rules_website.settings`) one per site and unit
(``website:<unit>@<host>``); the collectors run in parallel (``workers`` of ``collect.yaml``
is the global limit), each site's requests held to its host's ``per_host`` connections and
``delay`` (:mod:`~disclosure_rules_website.politeness`), so a slow or broken site only makes
its own units' findings ``error`` (its collector's timeout, or its pages' read timeout).

With the evidence store (``collect --store``, ``run``) a re-crawl is incremental (see
:mod:`~disclosure_rules_website.crawl`): it reads each column's list pages only until entries it
already knows, asks for the first list page and changed articles conditionally (ETag,
Last-Modified), fetches only articles it has not stored or whose list date changed, and yields
the records of the others again from its cache.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from typing import Any

from disclosure_rules import hookimpl
from disclosure_rules.collectors import CollectConfig, CollectContext, Collector, HttpError
from disclosure_rules.errors import Problem
from disclosure_rules.model import Ruleset

from .crawl import Gap, SiteCrawler
from .parse import (
    find_doc_number,
    normalize_doc_number,
    parse_article,
    parse_datastore,
    parse_date,
    parse_list,
    title_doc_number,
)
from .period import crawl_since
from .personal import find_personal_data, is_id_number
from .settings import PLUGIN, Column, SiteSettings, parse_settings, parse_sites

__version__ = "0.1.0"

__all__ = [
    "Column",
    "Gap",
    "SiteCrawler",
    "SiteSettings",
    "collect",
    "crawl_since",
    "find_doc_number",
    "find_personal_data",
    "is_id_number",
    "normalize_doc_number",
    "parse_article",
    "parse_datastore",
    "parse_date",
    "parse_list",
    "parse_settings",
    "parse_sites",
    "title_doc_number",
]


class SitePagesError(HttpError):
    """Nothing of the site could be read (it is down, or its address is wrong): the collector
    fails and its unit's findings on the site's kinds become ``error``."""

    def __init__(self, errors: list[Gap]):
        self.errors = errors
        shown = "；".join(str(e) for e in errors[:5])
        more = f"；另有 {len(errors) - 5} 个页面" if len(errors) > 5 else ""
        super().__init__(errors[0].url, f"站点无法读取，{len(errors)} 个页面均失败：{shown}{more}")


def collect(ctx: CollectContext, *, unit: str | None = None,
            site_number: int = 0) -> Iterator[dict[str, Any] | Problem]:
    """Crawl the site for ``ctx.unit``.  A page that cannot be read is skipped and the crawl goes
    on; at the end each gap of a column (that page, a limit reached, a list with no entries,
    paging that cannot be followed) is yielded as a
    :class:`~disclosure_rules.collectors.KindProblem` naming its URL, its column and the
    column's kinds: the unit's findings on those kinds become ``error`` (a policy document that
    was not read cannot be found without its interpretation, so a verdict resting on a partial
    crawl could be wrong), while the records that were read are kept and written for the office
    to see.  When no page at all could be read, the collector raises :class:`SitePagesError`.

    ``unit`` is the unit as the settings spell it and ``site_number`` the site's place in the
    settings' ``sites`` (both bound by :func:`collectors`)."""
    sites = parse_sites(ctx.settings)
    if not sites:
        return
    site = sites[site_number]
    crawler = SiteCrawler(ctx, site, unit)
    yield from crawler.records()
    if crawler.gaps and crawler.pages_read == 0:
        raise SitePagesError(crawler.gaps)
    for gap in crawler.gaps:
        yield gap.to_problem()


def collectors(settings: Any, ruleset: Ruleset | None = None) -> list[Collector]:
    """The collectors the settings call for: one per unit (see the module docstring); the
    site's unit also offers the kinds of the checks that run for ``ruleset``."""
    sites = parse_sites(settings)
    found = []
    for number, site in enumerate(sites):
        for unit in site.units:
            kinds = site.kinds_for(unit, ruleset)
            if kinds:
                name = (f"{PLUGIN}:{unit}" if len(sites) == 1
                        else f"{PLUGIN}:{unit}@{site.base_url.split('://', 1)[1].rstrip('/')}")
                found.append(Collector(name=name, unit=unit, kinds=kinds,
                                       collect=partial(collect, unit=unit, site_number=number),
                                       version=__version__, timeout=300.0))
    return found


@hookimpl
def disclosure_rules_collectors(
    register: Callable[[Collector], None], config: CollectConfig, ruleset: Ruleset | None
) -> None:
    """Register one collector per unit of the ``website`` settings (none when unconfigured)."""
    for collector in collectors(config.settings(PLUGIN), ruleset):
        register(collector)
