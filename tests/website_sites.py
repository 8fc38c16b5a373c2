"""Generated government sites in the layouts of the common 政府网站 CMSs, served on loopback
with every request counted (a helper of the website tests, not a test module).

- TRS WCM: ``index.html``, ``index_1.html``… with ``createPageHTML(count, current, "index",
  "html")`` and articles at ``YYYYMM/tYYYYMMDD_N.html``;
- 大汉 (Hanweb): ``col/colN/index.html`` embedding a ``<datastore>`` in
  ``<script type="text/xml">`` whose ``<nextgroup>`` links to
  ``module/web/jpage/dataproxy.jsp?page=2&…``, which answers in XML; articles at
  ``art/Y/M/D/art_N_M.html``;
- 开普云-style: ``list?page=N`` page-number links (a window of five, no 下一页);

articles carry the 国办发〔2017〕47号 meta tags (``SiteName``, ``ColumnName``,
``ArticleTitle``, ``PubDate``, ``ContentSource``) and the 信息公开 metadata table (索引号,
发布机构, 文号, 成文日期, 发布日期, 有效性) with its labels padded as templates pad them
(``索 引 号``, ``文　　号``); pages are encoded in GBK or UTF-8 as the site says.
"""

from __future__ import annotations

import hashlib
import socket
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from http.server import BaseHTTPRequestHandler
from urllib.parse import quote

from attrs import define, field, frozen

from disclosure_rules.collect.loopback import serve_handler

SITE_NAME = "湘潭市交通运输局"
PUBLISHER = "湘潭市交通运输局法规科"
CITED = "湘交安监〔2019〕33号"


@frozen
class Entry:
    """One article of a column: its title, date, own 文号 (or None) and path on the site."""

    title: str
    day: date
    doc_number: str | None
    path: str = ""


@define
class Site:
    """Pages by path (with query), each as (bytes, content type); requests are counted."""

    pages: dict[str, tuple[bytes, str]] = field(factory=dict)
    requests: Counter[str] = field(factory=Counter)
    lock: threading.Lock = field(factory=threading.Lock)
    #: every request as (monotonic time it arrived, path, its If-None-Match, If-Modified-Since)
    log: list[tuple[float, str, str | None, str | None]] = field(factory=list)
    #: answer with an ETag and Last-Modified, and 304 to a request naming the current ETag
    validators: bool = False
    #: seconds every answer waits (a site that hangs)
    hang: float = 0.0
    answered: Counter[int] = field(factory=Counter)  # responses by status

    def add(self, path: str, text: str, encoding: str = "utf-8",
            kind: str = "text/html") -> None:
        self.pages[path] = (text.encode(encoding), kind)

    def count(self, prefix: str) -> int:
        with self.lock:
            return sum(n for path, n in self.requests.items() if path.startswith(prefix))


def entries(count: int, newest: date, *, step_days: float = 1.0, prefix: str = "湘潭交通",
            numbered: bool = True) -> list[Entry]:
    """``count`` articles, newest first, one every ``step_days`` days from ``newest`` back."""
    found = []
    for n in range(count):
        day = newest - timedelta(days=int(n * step_days))
        number = f"{prefix}〔{day.year}〕{count - n}号" if numbered else None
        found.append(Entry(f"关于第{count - n}项工作的通知", day, number))
    return found


def article_html(entry: Entry, column: str, *, charset: str = "utf-8") -> str:
    """An article page: 47号 meta tags, the padded metadata table, a body citing another 文号."""
    number = entry.doc_number or ""
    return f"""<!DOCTYPE html><html><head>
<meta http-equiv="Content-Type" content="text/html; charset={charset}">
<meta name="SiteName" content="{SITE_NAME}">
<meta name="ColumnName" content="{column}">
<meta name="ArticleTitle" content="{entry.title}">
<meta name="PubDate" content="{entry.day.isoformat()} 09:30">
<meta name="ContentSource" content="{SITE_NAME}">
<title>{entry.title}_{SITE_NAME}</title></head><body>
<div class="nav"><a href="/">首页</a> &gt; <a href="../">{column}</a></div>
<table class="xxgk_table">
<tr><td>索 引 号：</td><td>43030000/{entry.day.year}-{entry.day.strftime('%m%d')}</td>
<td>发布机构：</td><td>{PUBLISHER}</td></tr>
<tr><td>文　　号：</td><td>{number}</td><td>成文日期：</td><td>{entry.day.isoformat()}</td></tr>
<tr><td>发布日期：</td><td>{entry.day.isoformat()}</td><td>有 效 性：</td><td>有效</td></tr>
</table>
<h1>{entry.title}</h1>
<div class="TRS_Editor"><p>各科室：</p><p>依据{CITED}精神，现将有关事项通知如下。</p></div>
</body></html>"""


def _li(entry: Entry) -> str:
    return (f'<li><a href="{entry.path}" title="{entry.title}" target="_blank">{entry.title}</a>'
            f'<span class="date">{entry.day.isoformat()}</span></li>')


def _list_page(column: str, items: list[Entry], pager: str, charset: str) -> str:
    rows = "\n".join(_li(e) for e in items)
    return f"""<!DOCTYPE html><html><head>
<meta http-equiv="Content-Type" content="text/html; charset={charset}">
<meta name="SiteName" content="{SITE_NAME}"><meta name="ColumnName" content="{column}">
<title>{column}_{SITE_NAME}</title></head><body>
<ul class="nav"><li><a href="/index.html">首页</a></li><li><a href="/xxgk/">信息公开</a></li></ul>
<div class="list"><ul>
{rows}
</ul></div>
<div class="page">{pager}</div>
</body></html>"""


def trs_column(site: Site, folder: str, column: str, items: list[Entry], *, per_page: int = 20,
               encoding: str = "utf-8") -> list[Entry]:
    """A TRS WCM column under ``/folder/``; returns the entries with their paths (an entry's
    own path is kept)."""
    charset = "gb2312" if encoding.lower() in ("gbk", "gb2312", "gb18030") else "utf-8"
    placed = []
    for n, entry in enumerate(items):
        month = entry.day.strftime("%Y%m")
        path = entry.path or f"/{folder}/{month}/t{entry.day.strftime('%Y%m%d')}_{n + 1}.html"
        placed.append(Entry(entry.title, entry.day, entry.doc_number, path))
        site.add(path, article_html(placed[-1], column, charset=charset), encoding)
    pages = max(1, -(-len(placed) // per_page))
    for page in range(pages):
        chunk = placed[page * per_page:(page + 1) * per_page]
        pager = (f'<script type="text/javascript">createPageHTML({pages}, {page}, "index", '
                 f'"html");</script>')
        name = "index.html" if page == 0 else f"index_{page}.html"
        html = _list_page(column, chunk, pager, charset)
        site.add(f"/{folder}/{name}", html, encoding)
        if page == 0:
            site.add(f"/{folder}/", html, encoding)
    return placed


def hanweb_column(site: Site, column_id: int, column: str, items: list[Entry], *,
                  per_group: int = 45) -> list[Entry]:
    """A 大汉 jpage column at ``/col/col<id>/index.html`` and its data proxy."""
    placed = []
    for n, entry in enumerate(items):
        d = entry.day
        path = f"/art/{d.year}/{d.month}/{d.day}/art_{column_id}_{n + 1}.html"
        placed.append(Entry(entry.title, entry.day, entry.doc_number, path))
        site.add(path, article_html(placed[-1], column))
    groups = max(1, -(-len(placed) // per_group))
    webname = quote(SITE_NAME)

    def proxy(page: int) -> str:
        return (f"/module/web/jpage/dataproxy.jsp?page={page}&webid=1&path=/&columnid="
                f"{column_id}&unitid={column_id + 1000}&webname={webname}&permissiontype=0")

    def datastore(group: int) -> str:
        chunk = placed[group * per_group:(group + 1) * per_group]
        records = "".join(f"<record><![CDATA[\n{_li(e)}\n]]></record>" for e in chunk)
        following = (f'<a href="{proxy(group + 2)}"></a>' if group + 1 < groups else "")
        return (f"<datastore><nextgroup><![CDATA[{following}]]></nextgroup>"
                f"<recordset>{records}</recordset><totalrecord>{len(placed)}</totalrecord>"
                f"<totalpage>{groups}</totalpage></datastore>")

    page = f"""<!DOCTYPE html><html><head><meta charset="utf-8">
<meta name="SiteName" content="{SITE_NAME}"><meta name="ColumnName" content="{column}">
<title>{column}</title>
<script language="javascript" src="/module/jslib/jquery/jpage/jquery.page.min.js"></script>
</head><body>
<div id="{column_id + 1000}"><script type="text/xml">{datastore(0)}</script></div>
<script>$('#{column_id + 1000}').jpage({{dataStore: dataStore, perPage: 15, groupSize: 3,
proxyUrl: 'module/web/jpage/dataproxy.jsp', barPosition: 'bottom'}});</script>
</body></html>"""
    site.add(f"/col/col{column_id}/index.html", page)
    for group in range(1, groups):
        site.add(proxy(group + 1), '<?xml version="1.0" encoding="utf-8"?>' + datastore(group),
                 kind="text/xml; charset=utf-8")
    return placed


def page_links_column(site: Site, path: str, column: str, items: list[Entry], *,
                      per_page: int = 15) -> list[Entry]:
    """A 开普云-style column at ``/path`` whose pages are ``?page=N`` (a window of five
    page-number links, 首页 and 尾页, no 下一页)."""
    placed = []
    for n, entry in enumerate(items):
        article = f"/{path.strip('/')}/content/post_{n + 1}.html"
        placed.append(Entry(entry.title, entry.day, entry.doc_number, article))
        site.add(article, article_html(placed[-1], column))
    pages = max(1, -(-len(placed) // per_page))
    base = "/" + path.strip("/") + "/list"
    for page in range(1, pages + 1):
        window = range(max(1, page - 2), min(pages, page + 2) + 1)
        links = "".join(f'<a href="?page={n}">{n}</a>' if n != page else f"<span>{n}</span>"
                        for n in window)
        pager = f'<a href="?page=1">首页</a>{links}<a href="?page={pages}">尾页</a> 共{pages}页'
        chunk = placed[(page - 1) * per_page:page * per_page]
        html = _list_page(column, chunk, pager, "utf-8")
        site.add(f"{base}?page={page}", html)
        if page == 1:
            site.add(base, html)
    return placed


class _Handler(BaseHTTPRequestHandler):
    site: Site
    protocol_version = "HTTP/1.1"  # keep-alive, as real servers do

    def setup(self) -> None:
        super().setup()
        # headers and body leave in two writes: without this, Nagle's algorithm and the
        # client's delayed ACK hold every response ~40 ms
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def do_GET(self) -> None:
        site = self.site
        with site.lock:
            site.requests[self.path] += 1
            site.log.append((time.monotonic(), self.path, self.headers.get("If-None-Match"),
                             self.headers.get("If-Modified-Since")))
        if site.hang:
            time.sleep(site.hang)
        found = site.pages.get(self.path)
        try:
            if found is None:
                self._answer(404)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            body, kind = found
            etag = f'"{hashlib.sha1(body).hexdigest()[:16]}"'
            if site.validators and self.headers.get("If-None-Match") == etag:
                self._answer(304)
                self.send_header("ETag", etag)
                self.end_headers()
                return
            self._answer(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            if site.validators:
                self.send_header("ETag", etag)
                self.send_header("Last-Modified", "Mon, 30 Dec 2019 08:00:00 GMT")
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def _answer(self, status: int) -> None:
        with self.site.lock:
            self.site.answered[status] += 1
        self.send_response(status)

    def log_message(self, *args: object) -> None:
        pass


@contextmanager
def serve(site: Site, port: int = 0) -> Iterator[str]:
    """Serve ``site`` on ``http://127.0.0.1:<port>/`` (a free port unless given) while the
    block runs."""
    handler = type("Handler", (_Handler,), {"site": site})
    with serve_handler(handler, port) as base:
        yield base
