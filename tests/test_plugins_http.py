"""The shared HTTP client against a real server on loopback."""

from __future__ import annotations

from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler

import pytest

from disclosure_rules.collect.collectors import HttpClient, HttpError, decode_html
from disclosure_rules.collect.loopback import serve_handler

PAGE_GBK = (
    '<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">'
    "<title>政务公开</title></head><body>湘潭市交通运输局 镕</body></html>"
)

ROUTES: dict[str, tuple[int, dict[str, str], bytes]] = {
    "/gbk": (200, {"Content-Type": "text/html"}, PAGE_GBK.encode("gb18030")),
    "/latin1-header": (200, {"Content-Type": "text/html; charset=ISO-8859-1"},
                       PAGE_GBK.encode("gb18030")),
    "/utf8": (200, {"Content-Type": "text/html; charset=utf-8"}, "政策解读".encode()),
    "/big": (200, {"Content-Type": "text/plain"}, b"x" * 50_000),
    "/missing": (404, {}, b"not here"),
    "/redirect": (302, {"Location": "/utf8"}, b""),
    "/away": (302, {"Location": "http://example.com/"}, b""),
}


class Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        status, headers, body = ROUTES.get(self.path, (404, {}, b""))
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        if self.path == "/big":  # no Content-Length: the client must stop while streaming
            self.send_header("Connection", "close")
            self.end_headers()
            for start in range(0, len(body), 4096):
                self.wfile.write(body[start:start + 4096])
            return
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with serve_handler(Handler) as base:
        yield base.removeprefix("http://").rstrip("/")


@pytest.fixture
def client(server: str) -> Iterator[HttpClient]:
    with HttpClient(allowed_hosts=[server], max_bytes=20_000, read_timeout=5) as http:
        yield http


def test_gbk_meta_charset_is_honoured(client, server):
    text, final = client.get_text(f"http://{server}/gbk")
    assert "湘潭市交通运输局 镕" in text and final == f"http://{server}/gbk"
    text, _ = client.get_text(f"http://{server}/latin1-header")
    assert "政务公开" in text


def test_redirect_followed_and_final_url_returned(client, server):
    text, final = client.get_text(f"http://{server}/redirect")
    assert text == "政策解读" and final == f"http://{server}/utf8"


def test_redirect_to_disallowed_host_is_refused(client, server):
    with pytest.raises(HttpError, match=r"主机 example.com 不在允许列表中（重定向到 http://example.com/）"):
        client.get_text(f"http://{server}/away")


def test_disallowed_host_and_scheme(client):
    with pytest.raises(HttpError) as info:
        client.get_text("http://www.example.gov.cn/")
    assert info.value.url == "http://www.example.gov.cn/"
    assert "http.allowed_hosts" in str(info.value)
    with pytest.raises(HttpError, match="只支持 http/https"):
        client.get_text("file:///etc/passwd")


def test_http_status_error_names_url(client, server):
    with pytest.raises(HttpError) as info:
        client.get_text(f"http://{server}/missing")
    assert info.value.status == 404
    assert str(info.value) == f"http://{server}/missing：服务器返回 HTTP 404"


def test_response_size_limit_stops_reading(client, server):
    with pytest.raises(HttpError, match="响应过大（超过上限 20000 字节，已停止读取）"):
        client.get_bytes(f"http://{server}/big")


def test_connection_refused_is_an_http_error():
    with HttpClient(allowed_hosts=["127.0.0.1:9"], connect_timeout=1) as http, \
            pytest.raises(HttpError, match="请求失败：ConnectError"):
        http.get_text("http://127.0.0.1:9/")


def test_allowing_shares_the_client_and_adds_hosts(client):
    view = client.allowing(["*.gov.cn"])
    assert view.is_allowed("https://www.xiangtan.gov.cn/a") and view.is_allowed("http://gov.cn/")
    assert not client.is_allowed("https://www.xiangtan.gov.cn/a")
    assert not view.is_allowed("https://evilgov.cn/")
    assert client.allowing([]) is client


@pytest.mark.parametrize(
    ("content", "header", "expected"),
    [
        ('<meta charset="GBK">镕'.encode("gb18030"), "", "镕"),
        ("<?xml version='1.0' encoding='gb2312'?><a>公开</a>".encode("gb18030"), "", "公开"),
        ("\ufeff公开".encode(), "text/html; charset=gbk", "公开"),
        ("公开".encode("gb18030"), "", "公开"),  # undeclared, not UTF-8: GB18030
        ("公开".encode(), "", "公开"),
    ],
)
def test_decode_html(content, header, expected):
    assert expected in decode_html(content, header)
