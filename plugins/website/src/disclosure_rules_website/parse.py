"""Reading a government site's pages: column list pages and article pages.

HTML is parsed with selectolax (the Lexbor HTML5 parser), never with regular expressions;
regular expressions only read the *text* a page shows (dates such as ``2019年07月01日`` or
``发布时间：2019-07-01``, document numbers such as ``湘潭交通〔2019〕12号``) and the arguments of
the TRS-style pagination script ``createPageHTML(3, 0, "index", "html")``.

Everything here is pure: a page's text and URL in, plain data out.  Fetching is in ``crawl``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from datetime import date
from urllib.parse import urldefrag, urljoin

from attrs import frozen
from selectolax.lexbor import LexborHTMLParser as HTMLParser
from selectolax.lexbor import LexborNode as Node

from disclosure_rules.keys import canonical_doc_number

# ------------------------------------------------------------------------------------------------
# Text patterns

_DATE = re.compile(
    r"(?P<y>(?:19|20)\d{2})\s*(?:年|-|/|\.)\s*(?P<m>\d{1,2})\s*(?:月|-|/|\.)\s*(?P<d>\d{1,2})"
    r"(?!\d)\s*日?"
)
_DATE_LABELS = (
    "发布时间", "发布日期", "发文日期", "成文日期", "公示日期", "更新时间", "日期", "时间",
)
_LABELLED_DATE = re.compile(
    r"(?:" + "|".join(_DATE_LABELS) + r")\s*[：:]\s*(?P<value>[^\n]{0,40})"
)

_OPEN = "〔[(（【［"
_CLOSE = "〕])）】］"
_DOC_BODY = (
    "[" + re.escape(_OPEN) + r"]\s*(?P<year>(?:19|20)\d{2})\s*"
    "[" + re.escape(_CLOSE) + r"]\s*第?\s*(?P<number>\d{1,5})\s*号"
)
# The issuer prefix: CJK characters (and a few letters) right before the bracketed year.  In
# running text the prefix starts after a boundary (start, space or punctuation); without one we
# keep the last few characters before the bracket.
_DOC_ANCHORED = re.compile(
    r"(?:^|(?<=[\s《》“”\"'（(：:，,、。；;]))(?P<prefix>[\u4e00-\u9fffA-Za-z]{2,12})" + _DOC_BODY
)
_DOC_LOOSE = re.compile(r"(?P<prefix>[\u4e00-\u9fffA-Za-z]{2,8})" + _DOC_BODY)
_DOC_LABELS = (
    "文号", "发文字号", "发文号", "决定书文号", "决定文书号", "行政处罚决定书文号", "许可证号",
)


def parse_date(text: str) -> date | None:
    """The first valid date written in ``text`` (``2019年07月01日``, ``2019-7-1``, ``2019/07/01``,
    ``2019.07.01``); None when there is none."""
    for match in _DATE.finditer(text):
        try:
            return date(int(match["y"]), int(match["m"]), int(match["d"]))
        except ValueError:
            continue
    return None


def labelled_date(text: str) -> date | None:
    """The date after a label such as ``发布时间：`` or ``发布日期:``; None without one."""
    for match in _LABELLED_DATE.finditer(text):
        found = parse_date(match["value"])
        if found is not None:
            return found
    return None


def normalize_doc_number(prefix: str, year: str | int, number: str | int) -> str:
    """The canonical form of a 文号, with the 六角括号 of GB/T 9704: ``湘潭交通〔2019〕12号``
    (the core's :func:`disclosure_rules.keys.canonical_doc_number`, so a 文号 read from the
    site joins the same 文号 typed into a ledger)."""
    return canonical_doc_number(prefix, year, number)


def find_doc_number(text: str) -> str | None:
    """The first 文号 in ``text`` in canonical form; ``[2019]``, ``(2019)``, ``（2019）`` and
    ``〔2019〕`` are all accepted, as is ``第12号``."""
    for pattern in (_DOC_ANCHORED, _DOC_LOOSE):
        match = pattern.search(text)
        if match:
            return normalize_doc_number(_issuer(match["prefix"]), match["year"], match["number"])
    return None


_NOT_ISSUER = re.compile(r"关于|印发|转发|根据|按照|依据|参照|执行|落实|见|了|的|及|和|与")


def _issuer(prefix: str) -> str:
    """The issuer's abbreviation without the words of the sentence before it
    (``印发了湘潭交通`` → ``湘潭交通``)."""
    tail = _NOT_ISSUER.split(prefix)[-1]
    return tail if len(tail) >= 2 else prefix


def clean_text(text: str) -> str:
    """Collapse whitespace (including the full-width space and &nbsp;)."""
    return re.sub(r"[\s\u3000\xa0]+", " ", text).strip()


# ------------------------------------------------------------------------------------------------
# Pages


@frozen
class Link:
    text: str
    url: str


@frozen
class ListItem:
    """One entry of a column list page."""

    title: str
    url: str
    date: date | None


@frozen
class ListPage:
    url: str
    items: tuple[ListItem, ...]
    next_url: str | None = None


@frozen
class Article:
    url: str
    title: str
    published: date | None
    doc_number: str | None
    meta: dict[str, str]  # the page's 信息公开 metadata block: label → value
    links: tuple[Link, ...]  # links inside the article body, absolute
    text: str  # the body's text
    form: str  # 文字, 图片, 图解, 音频 or 视频: how the body presents its content


def absolute(base: str, href: str | None) -> str | None:
    """``href`` resolved against ``base`` without its fragment; None for script and mail links."""
    if not href:
        return None
    href = href.strip()
    if not href or href.startswith(("javascript:", "mailto:", "tel:", "#")):
        return None
    return urldefrag(urljoin(base, href)).url


_NEXT_TEXTS = {"下一页", "下页", "下一頁", "后页", "下一页>", "下一页 >", ">", "›", "»"}
_PAGE_SCRIPT = re.compile(
    r"createPageHTML\(\s*(?P<count>\d+)\s*,\s*(?P<current>\d+)\s*,\s*[\"'](?P<name>[\w-]+)[\"']"
    r"\s*,\s*[\"'](?P<ext>\w+)[\"']"
)
_DEFAULT_ITEMS = "li, tr"


def _node_text(node: Node) -> str:
    return clean_text(node.text(deep=True, separator=" "))


def parse_list(html: str, url: str, *, item_selector: str | None = None) -> ListPage:
    """A column list page: its entries (a link and a date each) and the next page's URL.

    An entry is an element matched by ``item_selector`` (default ``li, tr``) that holds a link
    and a date; navigation items without a date are skipped.  The next page is a link reading
    ``下一页`` (or ``下页``, ``›``, ``»``), else the page computed from a TRS pagination script
    ``createPageHTML(count, current, "index", "html")`` (page n is ``index_n.html``).
    """
    tree = HTMLParser(html)
    items: list[ListItem] = []
    seen: set[str] = set()
    for node in tree.css(item_selector or _DEFAULT_ITEMS):
        if item_selector is None and any(inner != node for inner in node.css("li, tr")):
            continue  # a container of items (lexbor's css() includes the node itself)
        anchor = node.css_first("a[href]")
        if anchor is None:
            continue
        target = absolute(url, anchor.attributes.get("href"))
        when = parse_date(_node_text(node))
        if target is None or when is None or target in seen:
            continue
        title = clean_text(anchor.attributes.get("title") or "") or _node_text(anchor)
        seen.add(target)
        items.append(ListItem(title, target, when))
    return ListPage(url, tuple(items), _next_page(tree, url))


def _next_page(tree: HTMLParser, url: str) -> str | None:
    for anchor in tree.css("a[href]"):
        if _node_text(anchor).replace(" ", "") in {t.replace(" ", "") for t in _NEXT_TEXTS}:
            target = absolute(url, anchor.attributes.get("href"))
            if target and target != url:
                return target
    for script in tree.css("script"):
        match = _PAGE_SCRIPT.search(script.text() or "")
        if match:
            count, current = int(match["count"]), int(match["current"])
            if current + 1 < count:
                return urljoin(url, f"{match['name']}_{current + 1}.{match['ext']}")
            return None
    return None


_CONTENT = (
    ".article-content, #zoom, .TRS_Editor, .TRS_UEDITOR, .content, .article, article, #content"
)
_TITLE = "meta[name=ArticleTitle], meta[name=articletitle]"
_PUBDATE = "meta[name=PubDate], meta[name=pubdate], meta[name=publishdate]"
_META_LABELS = (
    "索引号", "发布机构", "发文机关", "发文字号", "文号", "主题分类", "成文日期", "发布日期",
    "发文日期", "发布时间", "有效性", "决定书文号", "行政处罚决定书文号", "处罚类别", "许可类别",
    "决定日期", "处罚决定日期", "许可决定日期", "行政相对人名称", "执法机关", "处罚机关",
    "许可机关", "实施机关", "公示日期", "文件类型", "文种", "信息类别",
)
_META_LINE = re.compile(
    r"^(?P<label>" + "|".join(sorted(_META_LABELS, key=len, reverse=True)) + r")\s*[：:]?\s*"
    r"(?P<value>.*)$"
)


def parse_article(html: str, url: str, *, content_selector: str | None = None) -> Article:
    """An article page: title, publication date, 文号, metadata, body links and form."""
    tree = HTMLParser(html)
    body = tree.css_first(content_selector or _CONTENT) or tree.body or tree.root
    meta = _metadata(tree)
    page_text = tree.body.text(deep=True, separator="\n") if tree.body else ""
    body_text = body.text(deep=True, separator="\n") if body is not None else ""
    title = _title(tree)
    published = _published(tree, meta, page_text)
    doc_number = None
    for label in _DOC_LABELS:
        if meta.get(label):
            doc_number = find_doc_number(meta[label])
            if doc_number:
                break
    if doc_number is None:
        doc_number = find_doc_number(clean_text(title)) or find_doc_number(body_text)
    links = tuple(_links(body, url)) if body is not None else ()
    return Article(url, title, published, doc_number, meta, links, clean_text(body_text),
                   _form(body, title))


def _title(tree: HTMLParser) -> str:
    meta = tree.css_first(_TITLE)
    if meta is not None and clean_text(meta.attributes.get("content") or ""):
        return clean_text(meta.attributes.get("content") or "")
    for selector in ("h1", ".article-title", ".title", "h2"):
        node = tree.css_first(selector)
        if node is not None and _node_text(node):
            return _node_text(node)
    node = tree.css_first("title")
    text = _node_text(node) if node is not None else ""
    return re.split(r"\s*[-_|—]+\s*", text)[0] if text else ""


def _published(tree: HTMLParser, meta: dict[str, str], page_text: str) -> date | None:
    node = tree.css_first(_PUBDATE)
    if node is not None:
        found = parse_date(node.attributes.get("content") or "")
        if found:
            return found
    for label in ("发布日期", "发布时间", "公示日期", "发文日期", "成文日期"):
        if meta.get(label):
            found = parse_date(meta[label])
            if found:
                return found
    return labelled_date(page_text)


def _metadata(tree: HTMLParser) -> dict[str, str]:
    """Label → value pairs of the page's metadata block, whether written as table cells, a
    definition list or ``label：value`` lines; the first occurrence of a label wins."""
    found: dict[str, str] = {}
    root = tree.body or tree.root
    if root is None:
        return found
    lines = [clean_text(line) for line in root.text(deep=True, separator="\n").split("\n")]
    lines = [line for line in lines if line]
    for index, line in enumerate(lines):
        match = _META_LINE.match(line)
        if not match or match["label"] in found:
            continue
        value = match["value"].strip()
        if not value and index + 1 < len(lines) and not _META_LINE.match(lines[index + 1]):
            value = lines[index + 1]
        if value:
            found[match["label"]] = value
    return found


def _links(body: Node, url: str) -> Iterator[Link]:
    for anchor in body.css("a[href]"):
        target = absolute(url, anchor.attributes.get("href"))
        if target:
            yield Link(clean_text(anchor.attributes.get("title") or "") or _node_text(anchor),
                       target)


_MEDIA_SUFFIX = {".mp4": "视频", ".flv": "视频", ".m3u8": "视频", ".mp3": "音频", ".m4a": "音频"}


def _form(body: Node | None, title: str) -> str:
    """How an interpretation presents itself: 视频, 音频, 图解, 图片 or 文字."""
    if body is None:
        return "文字"
    if body.css_first("video, iframe[src*=video], embed[src$='.mp4']") is not None:
        return "视频"
    if body.css_first("audio") is not None:
        return "音频"
    for anchor in body.css("a[href], source[src]"):
        target = (anchor.attributes.get("href") or anchor.attributes.get("src") or "").lower()
        for suffix, form in _MEDIA_SUFFIX.items():
            if target.endswith(suffix):
                return form
    if any(word in title for word in ("图解", "一图读懂", "一图看懂", "图说")):
        return "图解"
    images = len(body.css("img"))
    words = len(clean_text(body.text(deep=True)))
    if images and words < 200 * images:
        return "图片"
    return "文字"


def links_matching(links: Iterable[Link], words: Iterable[str]) -> list[Link]:
    """Links whose text contains one of ``words``."""
    words = tuple(words)
    return [link for link in links if any(word in link.text for word in words)]
