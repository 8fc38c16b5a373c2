"""The HTTP client collectors share: timeouts, a size limit, an allow-list of hosts, and text
decoded in the charset the page declares (Chinese government sites often serve GBK or GB2312
with only a ``<meta>`` tag to say so).

Every failure is an :class:`HttpError` that names the URL; a collector may let it propagate
(its unit's findings become ``error`` with that message) or catch it and go on.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterable
from typing import Any
from urllib.parse import urljoin, urlsplit

import httpx
from attrs import frozen

from ..errors import DisclosureRulesError
from ..version import __version__

__all__ = ["HttpClient", "HttpError", "HttpResponse", "decode_html"]

MAX_REDIRECTS = 10


class HttpError(DisclosureRulesError):
    """A request failed; ``url`` is the URL asked for, ``status`` the HTTP status if any (also
    of a response refused for its size), ``redirects`` the URLs it was redirected to before
    failing, ``timed_out`` whether it failed for want of an answer in time."""

    def __init__(self, url: str, message: str, *, status: int | None = None,
                 redirects: tuple[str, ...] = (), timed_out: bool = False):
        self.url = url
        self.status = status
        self.redirects = redirects
        self.timed_out = timed_out
        super().__init__(f"{url}：{message}")


@frozen
class HttpResponse:
    url: str  # as requested
    final_url: str  # after redirects
    status: int
    headers: dict[str, str]
    content: bytes
    redirects: tuple[str, ...] = ()  # the URLs redirected to, in order (the last is final_url)

    @property
    def text(self) -> str:
        return decode_html(self.content, self.headers.get("content-type", ""))


def _host_matches(host: str, port: int | None, pattern: str) -> bool:
    pattern = pattern.strip().lower()
    if ":" in pattern and not pattern.startswith("["):
        name, _, want_port = pattern.rpartition(":")
        if not want_port.isdigit() or port != int(want_port):
            return False
        pattern = name
    if pattern.startswith("*."):
        return host == pattern[2:] or host.endswith(pattern[1:])
    return host == pattern


class HttpClient:
    """A thin, shared wrapper over :class:`httpx.Client`.

    :param allowed_hosts: host names a request may reach (``example.gov.cn``, ``*.gov.cn``,
        ``127.0.0.1:8000`` with a port); anything else, redirects included, is refused.
    :param connect_timeout: seconds to establish a connection.
    :param read_timeout: seconds to wait for each chunk of the response.
    :param max_bytes: the largest response body read; reading stops as soon as it is exceeded.
    """

    def __init__(
        self,
        *,
        allowed_hosts: Iterable[str] = (),
        connect_timeout: float = 10.0,
        read_timeout: float = 30.0,
        max_bytes: int = 10_000_000,
        user_agent: str = f"disclosure-rules/{__version__}",
        transport: httpx.BaseTransport | None = None,
        _client: httpx.Client | None = None,
    ) -> None:
        self.allowed_hosts: tuple[str, ...] = tuple(h.lower() for h in allowed_hosts)
        self.max_bytes = max_bytes
        self._settings: dict[str, Any] = {
            "connect_timeout": connect_timeout,
            "read_timeout": read_timeout,
            "max_bytes": max_bytes,
            "user_agent": user_agent,
        }
        self._owner = _client is None
        self._client = _client or httpx.Client(
            timeout=httpx.Timeout(read_timeout, connect=connect_timeout),
            headers={"User-Agent": user_agent},
            follow_redirects=False,
            transport=transport,
        )

    def allowing(self, hosts: Iterable[str]) -> HttpClient:
        """A view of this client (same connections and limits) that also allows ``hosts``."""
        extra = [h for h in hosts if h.lower() not in self.allowed_hosts]
        if not extra:
            return self
        view = HttpClient(
            allowed_hosts=(*self.allowed_hosts, *extra), **self._settings, _client=self._client
        )
        return view

    def is_allowed(self, url: str) -> bool:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        try:
            port = parts.port
        except ValueError:
            return False
        return parts.scheme in ("http", "https") and any(
            _host_matches(host, port, pattern) for pattern in self.allowed_hosts
        )

    def _check(self, url: str, asked: str, redirects: tuple[str, ...] = ()) -> None:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https"):
            raise HttpError(asked, f"只支持 http/https 地址，实际为“{url}”", redirects=redirects)
        if not self.is_allowed(url):
            where = f"（重定向到 {url}）" if url != asked else ""
            raise HttpError(
                asked,
                f"主机 {parts.netloc} 不在允许列表中{where}；"
                "请在 collect.yaml 的 http.allowed_hosts 或插件设置的 allowed_hosts 中加入它",
                redirects=redirects,
            )

    def get(self, url: str, *, headers: dict[str, str] | None = None) -> HttpResponse:
        """GET ``url`` following up to 10 redirects (each checked against the allow-list).
        ``headers`` are sent with it: ``If-None-Match`` / ``If-Modified-Since`` make it
        conditional, and an unchanged page answers with status 304 and no content."""
        return self._request(url, read=True, headers=headers)

    def probe(self, url: str) -> HttpResponse:
        """Whether ``url`` answers: GET it as :meth:`get` does, but close the response after its
        status line and headers (``content`` is empty), so checking a link to a large file
        reads none of it.  Failures raise :class:`HttpError` as :meth:`get`'s do."""
        return self._request(url, read=False)

    def _request(self, url: str, *, read: bool,
                 headers: dict[str, str] | None = None) -> HttpResponse:
        current = url
        chain: list[str] = []
        for _ in range(MAX_REDIRECTS + 1):
            self._check(current, url, tuple(chain))
            try:
                with self._client.stream("GET", current, headers=headers) as response:
                    if response.is_redirect and "location" in response.headers:
                        current = urljoin(current, response.headers["location"])
                        chain.append(current)
                        continue
                    if response.status_code >= 400:
                        raise HttpError(
                            url,
                            f"服务器返回 HTTP {response.status_code}"
                            + (f"（{current}）" if current != url else ""),
                            status=response.status_code, redirects=tuple(chain),
                        )
                    content = self._read_limited(response, url) if read else b""
                    return HttpResponse(
                        url, current, response.status_code,
                        {k.lower(): v for k, v in response.headers.items()}, content,
                        tuple(chain),
                    )
            except httpx.TimeoutException as exc:
                raise HttpError(url, f"请求超时（{type(exc).__name__}）", redirects=tuple(chain),
                                timed_out=True) from None
            except httpx.HTTPError as exc:
                raise HttpError(url, f"请求失败：{type(exc).__name__}: {exc}",
                                redirects=tuple(chain)) from None
        raise HttpError(url, f"重定向超过 {MAX_REDIRECTS} 次", redirects=tuple(chain))

    def _read_limited(self, response: httpx.Response, url: str) -> bytes:
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > self.max_bytes:
            raise HttpError(url, f"响应过大（{declared} 字节，上限 {self.max_bytes}）",
                            status=response.status_code)
        chunks: list[bytes] = []
        size = 0
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > self.max_bytes:
                raise HttpError(url, f"响应过大（超过上限 {self.max_bytes} 字节，已停止读取）",
                                status=response.status_code)
            chunks.append(chunk)
        return b"".join(chunks)

    def get_bytes(self, url: str) -> tuple[bytes, str]:
        """(body, final URL after redirects)."""
        response = self.get(url)
        return response.content, response.final_url

    def get_text(self, url: str) -> tuple[str, str]:
        """(decoded text, final URL after redirects); see :func:`decode_html` for the charset."""
        response = self.get(url)
        return response.text, response.final_url

    def close(self) -> None:
        if self._owner:
            self._client.close()

    def __enter__(self) -> HttpClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


# -- charset detection ---------------------------------------------------------------------------

_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.I)
_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([\w.:-]+)", re.I)
_XML_ENCODING = re.compile(rb"<\?xml[^>]+encoding\s*=\s*[\"']([\w.:-]+)", re.I)
#: Chinese encodings are read as GB18030, their superset, so a stray character outside GB2312
#: (common on pages that say gb2312) still decodes.
_WIDEN = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "gb_2312-80": "gb18030",
          "hz-gb-2312": "hz", "euc-cn": "gb18030"}
_WEAK = {"iso-8859-1", "latin-1", "latin1", "us-ascii", "ascii"}  # server defaults, often wrong


def _codec(name: str) -> str | None:
    name = name.strip().lower()
    name = _WIDEN.get(name, name)
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def decode_html(content: bytes, content_type: str = "") -> str:
    """Decode a page honouring, in order: a byte-order mark, the ``Content-Type`` header's
    charset (unless it is a server default such as ISO-8859-1 and the page declares another),
    the page's ``<meta charset>`` / ``<meta http-equiv>`` or XML declaration, then UTF-8, then
    GB18030.  GBK and GB2312 are decoded as GB18030 (their superset)."""
    for bom, name in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16"),
                      (codecs.BOM_UTF16_BE, "utf-16")):
        if content.startswith(bom):
            return content[len(bom):].decode(name, errors="replace") if name == "utf-8" \
                else content.decode(name, errors="replace")
    header = _HEADER_CHARSET.search(content_type or "")
    head = content[:4096]
    meta = _META_CHARSET.search(head) or _XML_ENCODING.search(head)
    candidates: list[str] = []
    if header and header.group(1).lower() not in _WEAK:
        candidates.append(header.group(1))
    if meta:
        candidates.append(meta.group(1).decode("ascii", "replace"))
    if header:
        candidates.append(header.group(1))
    for name in candidates:
        codec = _codec(name)
        if codec:
            return content.decode(codec, errors="replace")
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError:
        return content.decode("gb18030", errors="replace")
