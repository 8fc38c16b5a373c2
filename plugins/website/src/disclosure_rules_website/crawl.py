"""Crawling a site's columns for one unit and turning pages into evidence records.

A column's list is read newest first until its entries are older than the rule set's period
(with a margin for the longest window, :func:`~disclosure_rules_website.period.crawl_since`);
``max_pages`` and ``max_articles`` remain as safety limits.  Whatever keeps a column from being
read to that date is a :class:`Gap` of the column, kept in :attr:`SiteCrawler.gaps`: a page that
cannot be read (HTTP error, too slow, too large), a limit reached, a list page with no entries,
a paging scheme that cannot be followed.  The collector yields each as a
:class:`~disclosure_rules.collectors.KindProblem` naming the column's kinds, so only the unit's
findings on those kinds become ``error``; only when nothing at all could be read does it fail
(see ``collect`` in the package).

For the site's own unit the crawler also runs the checks of the site the settings and the rule
set call for (:meth:`~disclosure_rules_website.settings.SiteSettings.check_kinds`): a
``link_check`` record for every page it reads and, at the end, for every link on those pages
to an allowed host (:mod:`~disclosure_rules_website.links`); a ``blank_column`` record for a
column whose first list page declares it empty (:mod:`~disclosure_rules_website.blank`); a
``personal_data`` record for every 身份证号 or 手机号 a page shows in full
(:mod:`~disclosure_rules_website.personal`).  It then reads the articles of every column, not
only its own.  A page it could not read leaves its content unchecked: the gap names
``personal_data`` (and ``blank_column`` for a list page) — not ``link_check``, whose record of
that page is the finding.  A limit that leaves pages unread names every check kind.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterator, Mapping
from datetime import date
from typing import Any
from urllib.parse import urljoin, urlsplit

from attrs import frozen
from selectolax.lexbor import LexborHTMLParser as HTMLParser

from disclosure_rules.collectors import CollectContext, HttpClient, HttpError, KindProblem
from disclosure_rules.errors import Location

from .blank import blank_reason
from .links import LinkCheck, answered, failed
from .parse import (
    PUBLISHER_LABELS,
    Article,
    Link,
    ListItem,
    ListPage,
    absolute,
    clean_text,
    is_datastore,
    parse_article,
    parse_datastore,
    parse_date,
    parse_list,
)
from .period import crawl_since
from .personal import find_personal_data
from .politeness import gate_for
from .settings import Column, SiteSettings

#: Words of a link, on an interpretation page, that point to the policy it explains.
POLICY_LINK_WORDS = ("原文", "相关文件", "政策文件", "文件链接", "《", "通知", "办法", "规定",
                     "意见", "方案", "细则")
#: Words of a list entry or article title that make an enforcement publication a licence.
LICENCE_WORDS = ("许可",)
#: Metadata labels of a 双公示 page that give the decision's date.
DECISION_DATE_LABELS = ("决定日期", "处罚决定日期", "许可决定日期")
#: The field a kind records the page's 发布机构 in: by this name, or labelled as one of
#: :data:`~disclosure_rules_website.parse.PUBLISHER_LABELS`.
PUBLISHER_FIELD = "publisher"


@frozen
class Gap:
    """Something of a column that was not read: its URL, the column, why, and the kinds of
    the collector's evidence it leaves incomplete."""

    url: str
    column: str
    message: str
    kinds: tuple[str, ...]

    def __str__(self) -> str:
        return f"栏目“{self.column}” {self.message}"

    def to_problem(self) -> KindProblem:
        """The gap as a problem located at the URL and column:
        ``http://…/missing.html: 栏目“政策文件”: 无法读取页面：HTTP 404``."""
        return KindProblem(Location(self.url, path=f"栏目“{self.column}”"), self.message,
                           kinds=self.kinds)


class SiteCrawler:
    """Reads the columns of one site for one unit; pages are fetched at most once.

    ``unit`` is the unit as the settings spell it (columns are matched on that spelling).
    ``since`` is the oldest date the check needs (default: from the rule set's period)."""

    def __init__(self, ctx: CollectContext, site: SiteSettings, unit: str | None = None,
                 *, since: date | None = None) -> None:
        self.ctx = ctx
        self.site = site
        #: the unit as the settings spell it (the collector's unit; ``ctx.unit`` is its id)
        self.unit = unit if unit is not None else ctx.unit
        host = urlsplit(site.base_url).netloc
        self.http: HttpClient = ctx.http.allowing([host, *site.allowed_hosts])
        self.since = since if since is not None else crawl_since(ctx.ruleset)
        self.gaps: list[Gap] = []
        self.pages_read = 0
        self.list_pages_read = 0
        self._started = time.monotonic()
        self._cache: dict[str, str | None] = {}
        self._failed: dict[str, str] = {}  # URL → why it could not be read
        self._gap_set: set[Gap] = set()
        self._articles: dict[str, Article | None] = {}
        self._policy_keys: dict[str, str] = {}  # policy URL → its record key
        self._declared = {k.name: set(k.field_map) for k in ctx.ruleset.evidence_kinds}
        self._publisher = {
            k.name: next((f.name for f in k.fields if f.name == PUBLISHER_FIELD
                          or f.label in PUBLISHER_LABELS), None)
            for k in ctx.ruleset.evidence_kinds
        }
        checks = site.check_kinds(ctx.ruleset) if self.unit == site.unit else ()
        #: the kinds of the checks of the site this crawl runs (see the module)
        self.link_kind = "link_check" if "link_check" in checks else None
        self.blank_kind = "blank_column" if "blank_column" in checks else None
        self.personal_kind = "personal_data" if "personal_data" in checks else None
        #: the date the checks speak for: the check date, or today when it is later
        self.checked_on = min(ctx.as_of, date.today())
        self._checks: list[dict[str, Any]] = []  # check records, yielded at the end
        self._link_checked: set[str] = set()  # URLs with a link_check record
        self._links: dict[str, tuple[str, str, str]] = {}  # link → (page, column, link text)
        self._found_on: dict[str, str] = {}  # page URL → the list page that links to it
        #: the folders of the policy columns: a link into one points to a policy document
        self._policy_folders = tuple(
            urljoin(site.base_url, c.path).rsplit("/", 1)[0] + "/" for c in site.columns
            if c.kind == "policy_document"
        )
        #: the collector's cache when this crawl is incremental (see the module)
        self.memory = (ctx.cache if ctx.cache is not None and site.incremental
                       and not self.reads_pages else None)
        self._validators: dict[str, dict[str, str]] = {}  # URL → its ETag / Last-Modified
        self._unchanged: set[str] = set()  # URLs answered 304 Not Modified
        self._remembered: dict[str, dict[str, Any]] = {}  # column name → its cache entry
        #: counts of an incremental crawl: list pages answered 304, records carried over
        self.lists_unchanged = 0
        self.carried = 0

    # -- fetching --------------------------------------------------------------------------------
    def fetch(self, url: str, column: str, kinds: tuple[str, ...], *,
              validators: Mapping[str, str] | None = None) -> str | None:
        """The page's text, fetched once; None (and a gap of ``column``) when it fails.

        With ``validators`` (the ``etag`` and ``modified`` remembered of it) the request is
        conditional: None, with the URL in :attr:`_unchanged` and nothing cached, when the
        server answers 304."""
        if url in self._cache:
            if url in self._failed:
                self._gap(Gap(url, column, self._failed[url], kinds))
            return self._cache[url]
        self.ctx.progress.note(url)
        text: str | None
        started = time.monotonic()
        headers = _conditional(validators)
        try:
            with gate_for(urlsplit(url).netloc, self.site.per_host, self.site.delay).slot():
                started = time.monotonic()  # the wait for the host's gate is not the page's
                response = self.http.get(url, headers=headers) if headers else self.http.get(url)
            if response.status == 304:
                self._unchanged.add(url)
                return None
            self._validators[url] = {
                name: response.headers[header]
                for name, header in (("etag", "etag"), ("modified", "last-modified"))
                if header in response.headers}
            text = response.text
            self.pages_read += 1
            self._link_check(answered(response, time.monotonic() - started), column)
            self._scan(url, column, text)
        except HttpError as exc:
            text = None
            reason = str(exc).removeprefix(f"{url}：")
            self._failed[url] = f"无法读取页面：{reason}"
            if kinds:
                self._gap(Gap(url, column, self._failed[url], kinds))
            self.ctx.progress.note(f"无法读取：{exc}")
            self._link_check(failed(exc, time.monotonic() - started, self.http), column)
        self._cache[url] = text
        return text

    # -- checks of the site ----------------------------------------------------------------------
    @property
    def reads_pages(self) -> bool:
        """Whether the checks need every column's articles read (links and personal data)."""
        return self.link_kind is not None or self.personal_kind is not None

    @property
    def page_kinds(self) -> tuple[str, ...]:
        """The check kinds a page left unread leaves incomplete (the page's own link check is
        its record, not a gap)."""
        return (self.personal_kind,) if self.personal_kind else ()

    @property
    def unread_kinds(self) -> tuple[str, ...]:
        """The check kinds pages never reached (a limit) leave incomplete."""
        return tuple(k for k in (self.personal_kind, self.link_kind) if k)

    def _link_check(self, check: LinkCheck, column: str, found_on: str | None = None,
                    title: str = "") -> None:
        if self.link_kind is None or check.url in self._link_checked:
            return
        self._link_checked.add(check.url)
        self._checks.append(self.record(
            self.link_kind, check.url, title=title or check.url, source=check.url,
            fields={**check.fields(), "checked": self.checked_on, "column": column,
                    "found_on": found_on or self._found_on.get(check.url)}))

    def _scan(self, url: str, column: str, text: str) -> None:
        """Note the links of a page read, and record the personal data its text shows."""
        if not self.reads_pages or is_datastore(text):
            return
        tree = HTMLParser(text)
        if self.link_kind:
            for anchor in tree.css("a[href]"):
                target = absolute(url, anchor.attributes.get("href"))
                if target and target not in self._links and target.startswith("http"):
                    words = anchor.attributes.get("title") or anchor.text(deep=True)
                    self._links[target] = (url, column, clean_text(words))
        if self.personal_kind is None or tree.body is None:
            return
        title_node = tree.css_first("title")
        title = clean_text(title_node.text()) if title_node is not None else url
        for node in tree.body.css("script, style, noscript"):
            node.decompose()
        seen: Counter[str] = Counter()
        for found in find_personal_data(tree.body.text(deep=True, separator=" "),
                                        today=self.checked_on):
            key = f"{url} {found.data_type} {found.masked}"
            seen[key] += 1
            self._checks.append(self.record(
                self.personal_kind, key if seen[key] == 1 else f"{key} ({seen[key]})",
                title=title, source=url,
                fields={"checked": self.checked_on, "url": url, "column": column,
                        "data_type": found.data_type, "masked": found.masked,
                        "excerpt": found.excerpt}))

    def _blank_column(self, column: Column, url: str, reason: str) -> None:
        if self.blank_kind is None:
            return
        self._checks.append(self.record(
            self.blank_kind, column.name, title=f"空白栏目：{column.name}", source=url,
            fields={"checked": self.checked_on, "column": column.name,
                    "column_type": column.column_type, "path": column.path, "url": url,
                    "reason": reason}))

    def probe_links(self) -> None:
        """Probe the links found on the pages read (to allowed hosts, not read themselves),
        at most ``max_links``; those left by a limit are a gap of ``link_check``."""
        if self.link_kind is None:
            return
        waiting = [url for url in self._links
                   if url not in self._link_checked and self.http.is_allowed(url)]
        self.ctx.progress.start(len(waiting))
        for number, url in enumerate(waiting):
            page, column, words = self._links[url]
            if number >= self.site.max_links or self._out_of_time():
                limit = (f"上限 max_links = {self.site.max_links} 个"
                         if number >= self.site.max_links
                         else f"时间上限 max_seconds = {self.site.max_seconds} 秒")
                self.gaps.append(Gap(url, column, f"页面上的链接检查到{limit}即停止，还有 "
                                     f"{len(waiting) - number} 个链接未检查", (self.link_kind,)))
                return
            self.ctx.progress.note(url)
            started = time.monotonic()
            try:
                with gate_for(urlsplit(url).netloc, self.site.per_host, self.site.delay).slot():
                    started = time.monotonic()
                    response = self.http.probe(url)
                check = answered(response, time.monotonic() - started)
            except HttpError as exc:
                check = failed(exc, time.monotonic() - started, self.http)
            self._link_check(check, column, page, words)
            self.ctx.progress.advance()

    def _gap(self, gap: Gap) -> None:
        """Note a gap once (a page shared by two columns is a gap of each)."""
        if gap not in self._gap_set:
            self._gap_set.add(gap)
            self.gaps.append(gap)

    def _out_of_time(self) -> bool:
        limit = self.site.max_seconds
        return limit is not None and time.monotonic() - self._started > limit

    def list_kinds(self, column: Column, *, unread: bool = False) -> tuple[str, ...]:
        """The kinds of this collector a column's list feeds: its own kind (when its articles
        are this unit's), the update kind (for the site's unit) and the checks' kinds; with
        ``unread``, for pages never reached, the link check too."""
        kinds = []
        if column.unit == self.unit and column.kind != self.site.update_kind:
            kinds.append(column.kind)
        if self.unit == self.site.unit and self.site.update_kind:
            kinds.append(self.site.update_kind)
        kinds.extend(k for k in (self.blank_kind, self.personal_kind) if k)
        if unread and self.link_kind:
            kinds.append(self.link_kind)
        return tuple(kinds)

    def list_items(self, column: Column) -> list[ListItem]:
        """The entries of a column's list pages, newest first, down to the first page whose
        last entry is older than :attr:`since`.  A page that cannot be read, a page with no
        entries, paging that cannot be followed and a limit reached are gaps of the column."""
        kinds = self.list_kinds(column)
        unread_kinds = self.list_kinds(column, unread=True)
        url: str | None = urljoin(self.site.base_url, column.path)
        visited: set[str] = set()
        items: list[ListItem] = []
        seen: set[str] = set()
        page: ListPage | None = None
        remembered = self.remember(column)
        known = {u: d for u, d, _ in remembered.get("items", ())} if remembered else {}
        while url and url not in visited:
            if len(visited) >= column.max_pages or (visited and self._out_of_time()):
                limit = (f"上限 max_pages = {column.max_pages} 页" if len(visited) >=
                         column.max_pages else f"时间上限 max_seconds = {self.site.max_seconds} 秒")
                self.gaps.append(Gap(url, column.name,
                                     f"列表页读到{limit}即停止，{_unread(page, items, visited)}",
                                     unread_kinds))
                break
            visited.add(url)
            first = len(visited) == 1
            text = self.fetch(url, column.name, kinds,
                              validators=remembered.get("list") if first and known else None)
            if url in self._unchanged:  # the first list page is as remembered: so is the list
                self.lists_unchanged += 1
                return _remembered_items(remembered)
            if text is None:
                break
            self.list_pages_read += 1
            page = (parse_datastore(text, url, item_selector=column.item_selector)
                    if is_datastore(text)
                    else parse_list(text, url, item_selector=column.item_selector))
            if not page.items:
                blank = (blank_reason(text) if page.unreadable is None and not is_datastore(text)
                         else None)
                if blank is None:
                    self.gaps.append(Gap(url, column.name, "列表页没有读到任何条目（页面结构或翻页"
                                         "方式无法识别），该栏目无法判断是否完整", unread_kinds))
                elif len(visited) == 1:  # the column declares it has nothing: read whole
                    self._blank_column(column, url, blank)
                break  # (a later page that declares itself empty ends the list)
            for item in page.items:
                self._found_on.setdefault(item.url, url)
            if page.next_url:
                self._found_on.setdefault(page.next_url, url)
            items.extend(item for item in page.items if item.url not in seen)
            seen.update(item.url for item in page.items)
            if page.unreadable:
                self.gaps.append(Gap(url, column.name, f"列表未读完：{page.unreadable}"
                                     f"，{_unread(page, items, visited)}", unread_kinds))
                break
            if _reached(page, self.since):
                break
            if any(known.get(item.url, "") == _iso(item.date) for item in page.items):
                # met entries already known: the older ones are as remembered
                items.extend(item for item in _remembered_items(remembered)
                             if item.url not in seen)
                break
            url = page.next_url
        return items

    # -- what an incremental crawl remembers -------------------------------------------------------
    def _memory_key(self, column: Column) -> str:
        return (f"{self.ctx.ruleset.id} {self.since.isoformat()} "
                f"{urljoin(self.site.base_url, column.path)}")

    def remember(self, column: Column) -> dict[str, Any] | None:
        """What the last crawl remembered of ``column`` (None: nothing, or not incremental)."""
        if self.memory is None:
            return None
        if column.name not in self._remembered:
            found = self.memory.get(self._memory_key(column))
            if isinstance(found, dict):
                found.setdefault("items", [])
                found.setdefault("articles", {})
            self._remembered[column.name] = found if isinstance(found, dict) else None
        return self._remembered[column.name]

    def _store(self, column: Column, items: list[ListItem], articles: dict[str, Any],
               remembered: dict[str, Any] | None, *, complete: bool) -> None:
        """Remember ``column`` for the next crawl: its list and first page's validators when
        it was read without a gap (else the list remembered before), and its articles."""
        assert self.memory is not None
        first = urljoin(self.site.base_url, column.path)
        if complete:
            value = {"items": [[i.url, _iso(i.date), i.title] for i in items],
                     "list": self._validators.get(first, (remembered or {}).get("list", {})),
                     "articles": articles}
        else:
            value = {"items": (remembered or {}).get("items", []),
                     "list": (remembered or {}).get("list", {}),
                     "articles": {**(remembered or {}).get("articles", {}), **articles}}
        self.memory.put(self._memory_key(column), value)
        self._remembered[column.name] = value

    def article(self, url: str, column: Column, kinds: tuple[str, ...] = (), *,
                check_only: bool = False) -> Article | None:
        """The article at ``url``; None when its host is not allowed or it cannot be read
        (a gap of ``column`` for ``kinds``, by default the column's kind, and the checks'
        :attr:`page_kinds`; with ``check_only`` — read for the checks only — just those)."""
        kinds = tuple(dict.fromkeys(
            ((() if check_only else kinds or (column.kind,))) + self.page_kinds))
        if url in self._articles:
            if url in self._failed and kinds:
                self._gap(Gap(url, column.name, self._failed[url], kinds))
            return self._articles[url]
        html = (self.fetch(url, column.name, kinds)
                if self.http.is_allowed(url) else None)
        self._articles[url] = (
            parse_article(html, url, content_selector=column.content_selector)
            if html is not None else None
        )
        return self._articles[url]

    # -- records ---------------------------------------------------------------------------------
    def records(self) -> Iterator[dict[str, Any]]:
        """The unit's records: the articles of its columns (those dated from :attr:`since`
        on), then (for the site's own unit) one update record per list entry of every
        column."""
        unit = self.unit
        updates: list[tuple[Column, ListItem]] = []
        site_unit = unit == self.site.unit
        columns = self.site.columns
        if site_unit and self.reads_pages:  # a page is checked as part of its own column
            columns = tuple(sorted(columns, key=lambda c: c.kind == self.site.update_kind))
        for column in columns:
            mine = column.unit == unit and column.kind != self.site.update_kind
            if not mine and not (site_unit and (self.site.update_kind or self.blank_kind
                                                or self.reads_pages)):
                continue
            gaps_before = len(self.gaps)
            items = self.list_items(column)
            updates.extend((column, item) for item in items)
            if not mine and not (site_unit and self.reads_pages):
                if self.memory is not None:
                    self._store(column, items, {}, self.remember(column),
                                complete=len(self.gaps) == gaps_before)
                continue
            unread = ((column.kind,) if mine else ()) + self.unread_kinds
            wanted = [item for item in items if item.date is None or item.date >= self.since]
            if len(wanted) > column.max_articles:
                self.gaps.append(Gap(
                    urljoin(self.site.base_url, column.path), column.name,
                    f"文章页读到上限 max_articles = {column.max_articles} 篇即停止，检查期内还有 "
                    f"{len(wanted) - column.max_articles} 篇未读", unread))
                wanted = wanted[: column.max_articles]
            self.ctx.progress.start(len(wanted))
            remembered = self.remember(column) if mine else None
            articles: dict[str, Any] = {}
            for number, item in enumerate(wanted):
                if self._out_of_time():
                    self.gaps.append(Gap(
                        item.url, column.name,
                        f"文章页读到时间上限 max_seconds = {self.site.max_seconds} 秒即停止，"
                        f"检查期内还有 {len(wanted) - number} 篇未读", unread))
                    break
                if not mine:  # read for the checks of the site only
                    if self.http.is_allowed(item.url):
                        self.article(item.url, column, check_only=True)
                    self.ctx.progress.advance()
                    continue
                record = None
                entry = remembered["articles"].get(item.url) if remembered else None
                if entry is not None and entry.get("record") is not None:
                    if entry["date"] == _iso(item.date):
                        record = entry["record"]  # listed as before: not fetched again
                    elif self.http.is_allowed(item.url):  # listed with a new date: ask
                        self.fetch(item.url, column.name, (column.kind,),
                                   validators=entry.get("page"))
                        if item.url in self._unchanged:
                            record = entry["record"]
                if record is not None:
                    self.carried += 1
                    articles[item.url] = {**entry, "date": _iso(item.date)}
                    if column.kind == "policy_document":  # an interpretation may link to it
                        self._policy_keys[item.url] = record["key"]
                else:
                    record = self.article_record(column, item)
                    if record is not None and self.memory is not None:
                        articles[item.url] = {"date": _iso(item.date), "record": record,
                                              "page": self._validators.get(item.url, {})}
                self.ctx.progress.advance()
                if record is not None:
                    yield record
            if self.memory is not None:
                self._store(column, items, articles, remembered,
                            complete=len(self.gaps) == gaps_before)
        if unit == self.site.unit and self.site.update_kind:
            for column, item in updates:
                yield self.record(
                    self.site.update_kind, f"{column.name} {item.url}", title=item.title,
                    source=item.url, fields={"column": column.name,
                                             "column_type": column.column_type,
                                             "updated": item.date, "url": item.url},
                )
        self.probe_links()
        yield from self._checks

    def article_record(self, column: Column, item: ListItem) -> dict[str, Any] | None:
        if not self.http.is_allowed(item.url):
            host = urlsplit(item.url).netloc
            self._gap(Gap(item.url, column.name, f"文章在未允许访问的主机 {host} 上，未读取"
                          f"（如应读取，请把它加入 allowed_hosts）", (column.kind,)))
            return None
        page = self.article(item.url, column)
        if page is None:
            return None
        title = page.title or item.title
        fields: dict[str, Any] = {"column": column.name, **column.fields,
                                  "published": page.published or item.date, "url": item.url}
        kind = column.kind
        publisher_field = self._publisher.get(kind)
        if publisher_field and page.publisher:
            fields[publisher_field] = page.publisher
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
        a 文号 the interpretation's body cites."""
        candidates = self._policy_links(page)
        for link in candidates:
            if link.url in self._policy_keys:
                return self._policy_keys[link.url]
            target = self.article(link.url, column, (column.kind,))
            if target is not None and target.doc_number:
                self._policy_keys[link.url] = target.doc_number
                return target.doc_number
            if target is not None:
                return link.url
        if candidates:
            return candidates[0].url
        return page.cited

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


def _reached(page: ListPage, since: date) -> bool:
    """True when a newest-first list has reached entries older than ``since``: the page's last
    entry is older, and the page does not run oldest first (a list in the other order is read
    to its end)."""
    dates = [item.date for item in page.items if item.date is not None]
    return bool(dates) and dates[-1] < since and dates[-1] <= dates[0]


def _unread(page: ListPage | None, items: list[ListItem], visited: set[str]) -> str:
    """How much of a column was left unread, as far as its pages tell."""
    if page is not None and page.total is not None and page.total > len(items):
        return f"共 {page.total} 条，还有 {page.total - len(items)} 条未读"
    if page is not None and page.pages is not None and page.pages > len(visited):
        left = page.pages - len(visited)
        return f"共 {page.pages} 页，还有 {left} 页（约 {left * len(page.items)} 条）未读"
    return "还有未读的列表页（页数不详）"


def _iso(day: date | None) -> str:
    return day.isoformat() if day is not None else ""


def _remembered_items(remembered: Mapping[str, Any] | None) -> list[ListItem]:
    """The list entries a crawl remembered of a column, newest first."""
    return [ListItem(title, url, date.fromisoformat(day) if day else None)
            for url, day, title in (remembered or {}).get("items", ())]


def _conditional(validators: Mapping[str, str] | None) -> dict[str, str] | None:
    """The headers of a conditional request from a page's remembered validators."""
    if not validators:
        return None
    headers = {}
    if validators.get("etag"):
        headers["If-None-Match"] = validators["etag"]
    if validators.get("modified"):
        headers["If-Modified-Since"] = validators["modified"]
    return headers or None
