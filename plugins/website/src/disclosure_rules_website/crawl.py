"""Crawling a site's columns for one unit and turning pages into evidence records.

A page that cannot be read (HTTP error, too slow, too large) is a :class:`PageError`: it is
kept in :attr:`SiteCrawler.errors`, noted through progress, and the crawl goes on with the next
page.  The collector then yields each as a :class:`~disclosure_rules.errors.Problem` naming the
URL (a record it could not build); only when nothing at all could be read does it fail (see
``collect`` in the package).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any
from urllib.parse import urljoin, urlsplit

from attrs import frozen

from disclosure_rules.collectors import CollectContext, HttpClient, HttpError
from disclosure_rules.errors import Location, Problem

from .parse import Article, Link, ListItem, parse_article, parse_date, parse_list
from .settings import Column, SiteSettings

#: Words of a link, on an interpretation page, that point to the policy it explains.
POLICY_LINK_WORDS = ("原文", "相关文件", "政策文件", "文件链接", "《", "通知", "办法", "规定",
                     "意见", "方案", "细则")
#: Words of a list entry or article title that make an enforcement publication a licence.
LICENCE_WORDS = ("许可",)
#: Metadata labels of a 双公示 page that give the decision's date.
DECISION_DATE_LABELS = ("决定日期", "处罚决定日期", "许可决定日期")


@frozen
class PageError:
    url: str
    column: str
    message: str

    def __str__(self) -> str:
        return f"栏目“{self.column}” {self.message}"

    def to_problem(self) -> Problem:
        """The error as a problem located at the page's URL and column:
        ``http://…/missing.html: 栏目“政策文件”: 无法读取页面：HTTP 404``."""
        reason = self.message.removeprefix(f"{self.url}：")
        return Problem(Location(self.url, path=f"栏目“{self.column}”"), f"无法读取页面：{reason}")


class SiteCrawler:
    """Reads the columns of one site for one unit; pages are fetched at most once.

    ``unit`` is the unit as the settings spell it (columns are matched on that spelling)."""

    def __init__(self, ctx: CollectContext, site: SiteSettings, unit: str | None = None) -> None:
        self.ctx = ctx
        self.site = site
        #: the unit as the settings spell it (the collector's unit; ``ctx.unit`` is its id)
        self.unit = unit if unit is not None else ctx.unit
        host = urlsplit(site.base_url).netloc
        self.http: HttpClient = ctx.http.allowing([host, *site.allowed_hosts])
        self.errors: list[PageError] = []
        self.pages_read = 0
        self._cache: dict[str, str | None] = {}
        self._articles: dict[str, Article | None] = {}
        self._policy_keys: dict[str, str] = {}  # policy URL → its record key
        self._declared = {k.name: set(k.field_map) for k in ctx.ruleset.evidence_kinds}
        #: the folders of the policy columns: a link into one points to a policy document
        self._policy_folders = tuple(
            urljoin(site.base_url, c.path).rsplit("/", 1)[0] + "/" for c in site.columns
            if c.kind == "policy_document"
        )

    # -- fetching --------------------------------------------------------------------------------
    def fetch(self, url: str, column: str) -> str | None:
        if url in self._cache:
            return self._cache[url]
        self.ctx.progress.note(url)
        text: str | None
        try:
            text, _final = self.http.get_text(url)
            self.pages_read += 1
        except HttpError as exc:
            text = None
            self.errors.append(PageError(url, column, str(exc)))
            self.ctx.progress.note(f"无法读取：{exc}")
        self._cache[url] = text
        return text

    def list_items(self, column: Column) -> Iterator[ListItem]:
        """Every entry of a column's list pages, following pagination up to ``max_pages``."""
        url: str | None = urljoin(self.site.base_url, column.path)
        visited: set[str] = set()
        while url and url not in visited and len(visited) < column.max_pages:
            visited.add(url)
            html = self.fetch(url, column.name)
            if html is None:
                return
            page = parse_list(html, url, item_selector=column.item_selector)
            yield from page.items
            url = page.next_url

    def article(self, url: str, column: Column) -> Article | None:
        if url not in self._articles:
            html = self.fetch(url, column.name) if self.http.is_allowed(url) else None
            self._articles[url] = (
                parse_article(html, url, content_selector=column.content_selector)
                if html is not None else None
            )
        return self._articles[url]

    # -- records ---------------------------------------------------------------------------------
    def records(self) -> Iterator[dict[str, Any]]:
        """The unit's records: the articles of its columns, then (for the site's own unit) one
        update record per list entry of every column."""
        unit = self.unit
        updates: list[tuple[Column, ListItem]] = []
        for column in self.site.columns:
            mine = column.unit == unit and column.kind != self.site.update_kind
            if not mine and unit != self.site.unit:
                continue
            items = list(self.list_items(column))
            updates.extend((column, item) for item in items)
            if not mine:
                continue
            items = items[: column.max_articles]
            self.ctx.progress.start(len(items))
            for item in items:
                record = self.article_record(column, item)
                self.ctx.progress.advance()
                if record is not None:
                    yield record
        if unit == self.site.unit and self.site.update_kind:
            for column, item in updates:
                yield self.record(
                    self.site.update_kind, f"{column.name} {item.url}", title=item.title,
                    source=item.url, fields={"column": column.name,
                                             "column_type": column.column_type,
                                             "updated": item.date, "url": item.url},
                )

    def article_record(self, column: Column, item: ListItem) -> dict[str, Any] | None:
        page = self.article(item.url, column)
        if page is None:
            return None
        title = page.title or item.title
        fields: dict[str, Any] = {"column": column.name, **column.fields,
                                  "published": page.published or item.date, "url": item.url}
        kind = column.kind
        if kind == "policy_document":
            key = page.doc_number or item.url
            self._policy_keys[item.url] = key
            doc_type = page.meta.get("文件类型") or page.meta.get("文种")
            if doc_type:
                fields["doc_type"] = doc_type
            return self.record(kind, key, title=title, source=item.url,
                               fields={**fields, "doc_number": page.doc_number})
        if kind == "interpretation":
            return self.record(kind, item.url, title=title, source=item.url,
                               fields={**fields, "policy": self.policy_of(page, column),
                                       "form": self.form(kind, page.form)})
        if kind in ("enforcement_decision", "enforcement_publication"):
            decided = next((parse_date(page.meta[label]) for label in DECISION_DATE_LABELS
                            if page.meta.get(label)), None)
            if "decision_type" not in column.fields:
                fields["decision_type"] = (
                    "行政许可" if any(w in title for w in LICENCE_WORDS) else "行政处罚"
                )
            return self.record(kind, page.doc_number or item.url, title=title, source=item.url,
                               fields={**fields, "decision_number": page.doc_number,
                                       "decided": decided})
        return self.record(kind, item.url, title=title, source=item.url,
                           fields={**fields, "doc_number": page.doc_number})

    def policy_of(self, page: Article, column: Column) -> str | None:
        """The key of the policy document an interpretation page links to: the 文号 read from
        the linked page (or remembered from the policy column), else its URL; failing a link,
        a 文号 the interpretation itself cites."""
        candidates = self._policy_links(page)
        for link in candidates:
            if link.url in self._policy_keys:
                return self._policy_keys[link.url]
            target = self.article(link.url, column)
            if target is not None and target.doc_number:
                self._policy_keys[link.url] = target.doc_number
                return target.doc_number
            if target is not None:
                return link.url
        if candidates:
            return candidates[0].url
        return page.doc_number

    def _policy_links(self, page: Article) -> list[Link]:
        in_policy_column = [
            link for link in page.links if link.url.startswith(self._policy_folders)
        ]
        if in_policy_column:
            return in_policy_column
        return [
            link for link in page.links
            if any(word in link.text for word in POLICY_LINK_WORDS)
            and not link.url.lower().endswith((".jpg", ".png", ".gif", ".mp4", ".mp3"))
        ]

    def form(self, kind: str, found: str) -> str:
        """The page's form in the words the rule set allows for ``kind.form``."""
        spec = self.ctx.ruleset.kind_map.get(kind)
        choices = spec.field_map["form"].choices if spec and "form" in spec.field_map else ()
        if not choices or found in choices:
            return found
        fallbacks = {"图解": ("图表", "图片", "图文"), "图片": ("图解", "图表", "图文"),
                     "音频": ("音视频",), "视频": ("音视频",), "文字": ("文本", "文字解读")}
        for alternative in fallbacks.get(found, ()):
            if alternative in choices:
                return alternative
        return found

    def record(self, kind: str, key: str, *, title: str, source: str,
               fields: Mapping[str, Any]) -> dict[str, Any]:
        """A raw record with only the fields the rule set declares for ``kind`` (and no
        empty ones), so a site that shows more than the rule set asks for is not an error.
        ``fields`` is a mapping, not keywords: a column's fixed ``fields`` may name a field
        ``source`` or ``title`` (``public_concern`` has a ``source``)."""
        declared = self._declared.get(kind)
        kept = {
            name: value for name, value in fields.items()
            if value is not None and (declared is None or name in declared)
        }
        return self.ctx.record(kind, key, title=title, source=source, fields=kept)
