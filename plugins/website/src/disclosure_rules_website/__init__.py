"""disclosure-rules plugin ``website``: evidence read from a government site's columns.

The 科技科 runs the bureau's site; this plugin reads its column list pages (following 下一页
links and TRS ``index_N.html`` pagination) and article pages (UTF-8 or GBK), and yields:

- ``policy_document`` — key: the 文号 (``湘潭交通〔2019〕12号``) or, without one, the URL;
- ``interpretation`` — key: the URL; ``policy``: the key of the policy document it links to;
  ``form``: 文字 / 图片 / 图解 / 音频 / 视频;
- ``enforcement_publication`` — key: the decision's 文号 or the URL (双公示 pages);
- any other kind named by a column (``publication`` …) — key: the URL;
- ``site_update`` — one per column: ``column`` and ``updated`` (the newest list date).

Each record carries only the fields the rule set declares for its kind (``published``, ``url``,
``column``, ``doc_number``, ``policy``, ``form``, ``decision_number``, ``decision_type``,
``decided``, ``updated`` as available).  Settings: see :mod:`disclosure_rules_website.settings`.

One collector is registered per unit named in the settings (``website:<unit>``): the site's
own unit (its columns plus the update records) and each unit a column is given to.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from typing import Any

from disclosure_rules import hookimpl
from disclosure_rules.collectors import CollectConfig, CollectContext, Collector, HttpError

from .crawl import PageError, SiteCrawler
from .parse import find_doc_number, normalize_doc_number, parse_article, parse_date, parse_list
from .settings import PLUGIN, Column, SiteSettings, parse_settings

__version__ = "0.1.0"

__all__ = [
    "Column",
    "PageError",
    "SiteCrawler",
    "SiteSettings",
    "collect",
    "find_doc_number",
    "normalize_doc_number",
    "parse_article",
    "parse_date",
    "parse_list",
    "parse_settings",
]


class SitePagesError(HttpError):
    """Some pages of the site could not be read (``strict`` mode): the unit's findings on the
    site's kinds become ``error`` rather than resting on a partial crawl."""

    def __init__(self, errors: list[PageError]):
        self.errors = errors
        shown = "；".join(str(e) for e in errors[:5])
        more = f"；另有 {len(errors) - 5} 个页面" if len(errors) > 5 else ""
        super().__init__(errors[0].url, f"{len(errors)} 个页面无法读取：{shown}{more}")


def collect(ctx: CollectContext, *, unit: str | None = None) -> Iterator[dict[str, Any]]:
    """Crawl the site for ``ctx.unit``.  Unreadable pages are skipped and the crawl goes on; at
    the end, if any page failed and ``strict`` is on (the default), the collector raises
    :class:`SitePagesError` listing them, because verdicts resting on a partial crawl could be
    wrong (a policy document that was not read cannot be found without its interpretation).

    ``unit`` is the unit as the settings spell it (bound by :func:`collectors`)."""
    site = parse_settings(ctx.settings)
    if site is None:
        return
    crawler = SiteCrawler(ctx, site, unit)
    yield from crawler.records()
    if crawler.errors and (crawler.pages_read == 0 or site.strict):
        raise SitePagesError(crawler.errors)


def collectors(settings: Any) -> list[Collector]:
    """The collectors the settings call for: one per unit (see the module docstring)."""
    site = parse_settings(settings)
    if site is None:
        return []
    found = []
    for unit in site.units:
        kinds = site.kinds_for(unit)
        if kinds:
            found.append(Collector(name=f"{PLUGIN}:{unit}", unit=unit, kinds=kinds,
                                   collect=partial(collect, unit=unit), version=__version__,
                                   timeout=300.0))
    return found


@hookimpl
def disclosure_rules_collectors(
    register: Callable[[Collector], None], config: CollectConfig
) -> None:
    """Register one collector per unit of the ``website`` settings (none when unconfigured)."""
    for collector in collectors(config.settings(PLUGIN)):
        register(collector)
