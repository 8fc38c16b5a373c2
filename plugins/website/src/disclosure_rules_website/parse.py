"""Reading a government site's pages: column list pages and article pages.

HTML is parsed with selectolax (the Lexbor HTML5 parser), never with regular expressions;
regular expressions only read the *text* a page shows (dates such as ``2019年07月01日`` or
``发布时间：2019-07-01``, document numbers such as ``湘潭交通〔2019〕12号``), page numbers in
links (``index_3.html``, ``?page=3``) and the arguments of the TRS-style pagination script
``createPageHTML(3, 0, "index", "html")``.  The XML lists of 大汉 (Hanweb) ``jpage`` columns
(``<datastore>`` embedded in the page, and the replies of ``module/web/jpage/dataproxy.jsp``)
are read with the standard library's XML parser, their records as HTML.

Everything here is pure: a page's text and URL in, plain data out.  Fetching is in ``crawl``.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator
from datetime import date
from urllib.parse import parse_qsl, urldefrag, urlencode, urljoin, urlsplit

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
#: White space a template pads labels with (``文　　号``, ``索 引 号``).
_PAD = r"[\s\u3000\xa0]*"


def _padded(label: str) -> str:
    """A regular expression matching ``label`` with any padding between its characters."""
    return _PAD.join(re.escape(char) for char in label)


_DATE_LABELS = (
    "发布时间", "发布日期", "发文日期", "成文日期", "公示日期", "更新时间", "日期", "时间",
)
_LABELLED_DATE = re.compile(
    r"(?:" + "|".join(map(_padded, _DATE_LABELS)) + r")\s*[：:]\s*(?P<value>[^\n]{0,40})"
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
    "文号", "发文字号", "发文号", "文件编号", "决定书文号", "决定文书号", "行政处罚决定书文号",
    "许可证号",
)
#: Labels of the 信息公开 metadata table that name who published the page (发布机构).
PUBLISHER_LABELS = ("发布机构", "发文机关", "发布单位", "发文单位", "发布部门")


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


_TITLE_EDGE = " 　()（）[]［］【】〔〕<>《》:：,，;；-—_"


def title_doc_number(title: str) -> str | None:
    """The title's own 文号: one that opens or closes the title (``湘潭交通〔2019〕12号 关于…``,
    ``关于…的通知（湘潭交通〔2019〕12号）``); a 文号 the title cites in the middle
    (``关于贯彻落实湘交安监〔2019〕33号文件的通知``) is not the page's own."""
    title = clean_text(title)
    for pattern in (_DOC_ANCHORED, _DOC_LOOSE):
        for match in pattern.finditer(title):
            before = title[: match.start()].strip(_TITLE_EDGE)
            after = title[match.end():].strip(_TITLE_EDGE)
            if (not before or not after) and not _NOT_ISSUER.search(match["prefix"]):
                return normalize_doc_number(_issuer(match["prefix"]), match["year"],
                                            match["number"])
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
class Article:
    url: str
    title: str
    published: date | None
    doc_number: str | None  # the page's own: metadata table or title, never cited text
    meta: dict[str, str]  # the page's 信息公开 metadata block: label (unpadded) → value
    links: tuple[Link, ...]  # links inside the article body, absolute
    text: str  # the body's text
    form: str  # 文字, 图片, 图解, 音频 or 视频: how the body presents its content
    publisher: str | None = None  # 发布机构 of the metadata table, else the ContentSource tag
    cited: str | None = None  # the first 文号 the body cites (what an interpretation explains)


def absolute(base: str, href: str | None) -> str | None:
    """``href`` resolved against ``base`` without its fragment; None for script and mail links."""
    if not href:
        return None
    href = href.strip()
    if not href or href.startswith(("javascript:", "mailto:", "tel:", "#")):
        return None
    return urldefrag(urljoin(base, href)).url


_NEXT_TEXTS = {"下一页", "下页", "下一頁", "后页", "下一页>", "下一页 >", ">", "›", "»"}
_LAST_TEXTS = {"尾页", "末页", "最后一页", "尾頁"}
_PAGE_SCRIPT = re.compile(
    r"createPageHTML\(\s*(?P<count>\d+)\s*,\s*(?P<current>\d+)\s*,\s*[\"'](?P<name>[\w-]+)[\"']"
    r"\s*,\s*[\"'](?P<ext>\w+)[\"']"
)
#: ``共 100 页`` / ``共100页`` and ``共 2000 条`` written on a list page.
_PAGE_COUNT = re.compile(r"共\s*(?P<n>\d+)\s*页")
_ITEM_COUNT = re.compile(r"共\s*(?P<n>\d+)\s*条")
_CURRENT_PAGE = re.compile(r"第\s*(?P<n>\d+)\s*页")
#: A numbered list page: ``index_3.html`` (TRS and most static CMSs) or a ``page=3`` parameter
#: (开普云 and other dynamic CMSs).
_INDEX_N = re.compile(r"^(?P<stem>.*/index)(?:_(?P<n>\d+))?\.(?P<ext>s?html?)$")
_PAGE_PARAMS = ("page", "pageNo", "pageno", "pageNum", "pagenum", "pageIndex", "p", "curpage")
#: Words in a list page's scripts that betray a paging scheme loaded by script.
_SCRIPT_PAGING = re.compile(r"jpage|dataproxy|laypage", re.I)
_DEFAULT_ITEMS = "li, tr"


@frozen
class ListPage:
    """One list page (or one reply of a data proxy) of a column.

    :param next_url: the next list page, None on the last one.
    :param scheme: how the next page was found: ``下一页``, ``createPageHTML``, ``index_N``,
        ``?page=N``, ``jpage`` (大汉 data proxy) or ``""`` when there is none.
    :param pages: the number of list pages the page states (``共 N 页``, the TRS script,
        ``totalpage``), None when it does not say.
    :param total: the number of entries it states (``共 N 条``, ``totalrecord``), None if not.
    :param unreadable: why more pages seem to exist that cannot be followed (an unknown paging
        or data-proxy scheme), None when nothing is amiss.
    """

    url: str
    items: tuple[ListItem, ...]
    next_url: str | None = None
    scheme: str = ""
    pages: int | None = None
    total: int | None = None
    unreadable: str | None = None


def _node_text(node: Node) -> str:
    return clean_text(node.text(deep=True, separator=" "))


def _entries(nodes: Iterable[Node], url: str, item_selector: str | None,
             seen: set[str]) -> Iterator[ListItem]:
    for node in nodes:
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
        yield ListItem(title, target, when)


def parse_list(html: str, url: str, *, item_selector: str | None = None) -> ListPage:
    r"""A column list page: its entries (a link and a date each) and the next page's URL.

    An entry is an element matched by ``item_selector`` (default ``li, tr``) that holds a link
    and a date; navigation items without a date are skipped.  The paging scheme is read from
    the page itself, in this order:

    1. a 大汉 (Hanweb) ``jpage`` list: the entries are the ``<record>``\ s of the
       ``<datastore>`` embedded in the page, the next group is its ``<nextgroup>`` link to
       ``module/web/jpage/dataproxy.jsp`` (whose XML replies :func:`parse_datastore` reads);
    2. a link reading ``下一页`` (or ``下页``, ``›``, ``»``);
    3. the TRS script ``createPageHTML(count, current, "index", "html")`` (page n is
       ``index_n.html``);
    4. numbered page links: ``index_N.html`` or a ``page=N`` parameter (开普云 and others):
       the next page is the link numbered one past this page.

    When none of them gives a next page although the page says there are more
    (``共 N 页`` past this one, a 下一页/尾页 link that is only a script, a script that loads the
    list by itself) :attr:`ListPage.unreadable` says so: the caller must not take the column
    for complete.
    """
    datastore = _embedded_datastore(html)
    if datastore is not None:
        return parse_datastore(datastore, url, item_selector=item_selector)
    tree = HTMLParser(html)
    items = tuple(_entries(tree.css(item_selector or _DEFAULT_ITEMS), url, item_selector, set()))
    text = _node_text(tree.body) if tree.body is not None else ""
    pages = _int(_PAGE_COUNT.search(text))
    total = _int(_ITEM_COUNT.search(text))
    next_url, scheme, script_pages = _next_page(tree, url)
    pages = pages or script_pages
    unreadable = None
    if next_url is None:
        unreadable = _paging_left(tree, url, pages)
    return ListPage(url, items, next_url, scheme, pages, total, unreadable)


def _int(match: re.Match[str] | None) -> int | None:
    return int(match["n"]) if match else None


def _next_page(tree: HTMLParser, url: str) -> tuple[str | None, str, int | None]:
    """(next URL, scheme, the page count a TRS script states)."""
    nexts = {t.replace(" ", "") for t in _NEXT_TEXTS}
    for anchor in tree.css("a[href]"):
        if _node_text(anchor).replace(" ", "") in nexts:
            target = absolute(url, anchor.attributes.get("href"))
            if target and target != url:
                return target, "下一页", None
    for script in tree.css("script"):
        match = _PAGE_SCRIPT.search(script.text() or "")
        if match:
            count, current = int(match["count"]), int(match["current"])
            if current + 1 < count:
                return (urljoin(url, f"{match['name']}_{current + 1}.{match['ext']}"),
                        "createPageHTML", count)
            return None, "createPageHTML", count
    return _numbered_next(tree, url)


def _page_number(url: str) -> tuple[str, int] | None:
    """(the list the page belongs to, its number) for a numbered list page: ``index_3.html``
    is page 3 of the ``index`` list of its folder (``index.html`` is 0), ``?page=3`` page 3 of
    the list at its path with its other parameters."""
    parts = urlsplit(url)
    found = _INDEX_N.match(parts.path)
    if found:
        return f"index {parts.netloc}{found['stem']}.{found['ext']}?{parts.query}", \
            int(found["n"] or 0)
    query = parse_qsl(parts.query, keep_blank_values=True)
    for name in _PAGE_PARAMS:
        values = [v for k, v in query if k == name]
        if values and values[0].isdigit():
            rest = urlencode([(k, v) for k, v in query if k != name])
            return f"{name} {parts.netloc}{parts.path}?{rest}", int(values[0])
    return None


def _first_number(family: str) -> int:
    """The number of a list's first page: ``index.html`` is 0, ``?page=`` lists start at 1."""
    return 0 if family.startswith("index ") else 1


def _numbered_next(tree: HTMLParser, url: str) -> tuple[str | None, str, int | None]:
    """The link numbered one past this page, among links to numbered pages of this list (its
    folder for ``index_N.html``, its path for ``?page=N``)."""
    here = _page_number(url)
    folder = urlsplit(url).path.rsplit("/", 1)[0] + "/"
    numbered: dict[str, dict[int, str]] = {}
    for anchor in tree.css("a[href]"):
        target = absolute(url, anchor.attributes.get("href"))
        found = _page_number(target) if target else None
        if found is None or target is None:
            continue
        path = urlsplit(target).path
        same = (path.rsplit("/", 1)[0] + "/" == folder if found[0].startswith("index ")
                else path == urlsplit(url).path)
        if same:
            numbered.setdefault(found[0], {})[found[1]] = target
    if here is not None and here[0] in numbered:
        family, current = here[0], here[1]
    elif numbered and here is None:  # the first page carries no number
        family = max(numbered, key=lambda k: len(numbered[k]))
        current = _first_number(family)
    else:
        return None, "", None
    scheme = "index_N" if family.startswith("index ") else "?page=N"
    later = sorted(n for n in numbered[family] if n > current)
    return (numbered[family][later[0]] if later else None), scheme, None


def _paging_left(tree: HTMLParser, url: str, pages: int | None) -> str | None:
    """Why more list pages seem to exist although no next page could be found; None if not.

    With a page count (``共 N 页``) the page's own number decides: ``第 N 页`` written on it,
    else the number in its URL, else it is the first.  Without one, a 下一页 or 尾页 that is
    only a script, or a script that loads the list (``jpage``, ``dataproxy``…), betrays
    paging that cannot be followed."""
    if pages is not None:
        text = _node_text(tree.body) if tree.body is not None else ""
        written = _CURRENT_PAGE.search(text)
        here = _page_number(url)
        if written is not None:
            current = int(written["n"])  # 1-based
        elif here is not None:
            current = here[1] + (1 if here[0].startswith("index ") else 0)
        else:
            current = 1
        if current < pages:
            return f"页面显示共 {pages} 页，但找不到下一页的链接（翻页方式无法识别）"
        return None
    words = {t.replace(" ", "") for t in _NEXT_TEXTS | _LAST_TEXTS}
    for anchor in tree.css("a"):
        label = _node_text(anchor).replace(" ", "")
        href = (anchor.attributes.get("href") or "").strip()
        if label in words and (not href or href.startswith(("javascript:", "#"))):
            return f"“{label}”链接由脚本翻页，翻页方式无法识别"
    for script in tree.css("script"):
        if _SCRIPT_PAGING.search(script.text() or "") or _SCRIPT_PAGING.search(
                script.attributes.get("src") or ""):
            return "列表由脚本加载或翻页，其方式无法识别"
    return None


# -- 大汉 (Hanweb) jpage lists --------------------------------------------------------------------

_DATASTORE = re.compile(r"<datastore\b.*?</datastore>", re.S | re.I)


def _embedded_datastore(html: str) -> str | None:
    """The ``<datastore>`` XML a Hanweb list page embeds in ``<script type="text/xml">``."""
    if "<datastore" not in html.lower():
        return None
    tree = HTMLParser(html)
    for script in tree.css("script"):
        if (script.attributes.get("type") or "").lower() != "text/xml":
            continue
        found = _DATASTORE.search(script.text() or "")
        if found:
            return found.group(0)
    return None


_DATASTORE_ROOT = re.compile(r"\s*(?:<\?xml[^>]*\?>\s*)?<datastore\b", re.I)


def is_datastore(text: str) -> bool:
    """True for the XML reply of a Hanweb data proxy: a document whose root is
    ``<datastore>`` (an XHTML page that embeds one is a list page, not a reply)."""
    return _DATASTORE_ROOT.match(text) is not None


def parse_datastore(xml: str, url: str, *, item_selector: str | None = None) -> ListPage:
    r"""A Hanweb ``<datastore>``: its ``<record>``\ s (each an HTML fragment with a link and a
    date, read like a list page's entries), ``<totalrecord>``/``<totalpage>`` and the
    ``<nextgroup>`` link to the next group of records.  XML that cannot be read, or that
    declares a DTD or entities, gives a page with no entries and ``unreadable`` saying why."""
    found = _DATASTORE.search(xml)
    fragment = found.group(0) if found else ""
    if not fragment or "<!doctype" in fragment.lower() or "<!entity" in fragment.lower():
        return ListPage(url, (), unreadable="大汉 jpage 数据不是可识别的 <datastore> XML")
    try:
        root = ET.fromstring(fragment)
    except ET.ParseError as exc:
        return ListPage(url, (), unreadable=f"大汉 jpage 数据无法解析：{exc}")
    seen: set[str] = set()
    items: list[ListItem] = []
    for record in root.iter("record"):
        fragment = HTMLParser(f"<ul>{record.text or ''}</ul>")
        items.extend(_entries(fragment.css(item_selector or _DEFAULT_ITEMS), url, item_selector,
                              seen))
    total = _number(root.findtext("totalrecord"))
    pages = _number(root.findtext("totalpage"))
    next_url = None
    group = root.find("nextgroup")
    if group is not None and (group.text or "").strip():
        anchor = HTMLParser(group.text or "").css_first("a[href]")
        next_url = absolute(url, anchor.attributes.get("href")) if anchor is not None else None
    unreadable = None
    if next_url is None and total is not None and total > len(items) and not _proxy_page(url):
        unreadable = (f"大汉 jpage 列表共 {total} 条，页面只带 {len(items)} 条，"
                      "找不到读取其余各条的 dataproxy 地址")
    return ListPage(url, tuple(items), next_url, "jpage", pages, total, unreadable)


def _proxy_page(url: str) -> bool:
    return "dataproxy" in urlsplit(url).path


def _number(text: str | None) -> int | None:
    text = (text or "").strip()
    return int(text) if text.isdigit() else None


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
_META_LABELS = tuple(dict.fromkeys((*_META_LABELS, *_DOC_LABELS, *PUBLISHER_LABELS)))
_META_LINE = re.compile(
    r"^(?P<label>" + "|".join(map(_padded, sorted(_META_LABELS, key=len, reverse=True)))
    + r")\s*[：:]?\s*(?P<value>.*)$"
)
_SOURCE = "meta[name=ContentSource], meta[name=contentsource]"


def parse_article(html: str, url: str, *, content_selector: str | None = None) -> Article:
    """An article page: title, publication date, 文号, metadata, body links and form."""
    tree = HTMLParser(html)
    body = tree.css_first(content_selector or _CONTENT) or tree.body or tree.root
    meta = _metadata(tree)
    page_text = tree.body.text(deep=True, separator="\n") if tree.body else ""
    body_text = body.text(deep=True, separator="\n") if body is not None else ""
    title = _title(tree)
    published = _published(tree, meta, page_text)
    # The page's own 文号: its metadata table, else its title's own; never one the body cites.
    doc_number = None
    for label in _DOC_LABELS:
        if meta.get(label):
            doc_number = find_doc_number(meta[label])
            if doc_number:
                break
    if doc_number is None:
        doc_number = title_doc_number(title)
    publisher = next((meta[label] for label in PUBLISHER_LABELS if meta.get(label)), None)
    if publisher is None:
        source = tree.css_first(_SOURCE)
        publisher = clean_text(source.attributes.get("content") or "") or None if source else None
    links = tuple(_links(body, url)) if body is not None else ()
    return Article(url, title, published, doc_number, meta, links, clean_text(body_text),
                   _form(body, title), publisher, find_doc_number(body_text))


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
        if not match:
            continue
        label = re.sub(_PAD, "", match["label"])
        if label in found:
            continue
        value = match["value"].strip()
        if not value and index + 1 < len(lines) and not _META_LINE.match(lines[index + 1]):
            value = lines[index + 1]
        if value:
            found[label] = value
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
