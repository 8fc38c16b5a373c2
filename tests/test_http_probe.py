"""What the shared HTTP client tells about an answer besides its body: the redirect chain, a
time-out, the status of a response too large to read, and a probe that reads no body."""

from __future__ import annotations

import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler

import pytest

from disclosure_rules.collect.collectors import HttpClient, HttpError
from disclosure_rules.collect.loopback import serve_handler

BIG = b"x" * 500_000  # far over the client's max_bytes: reading it would raise


class Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        hops = {"/a": "/b", "/b": "/c", "/c": "/end", "/loop": "/loop", "/away": "http://x.invalid/"}
        try:
            if self.path in hops:
                self.send_response(302)
                self.send_header("Location", hops[self.path])
                self.send_header("Content-Length", "0")
                self.end_headers()
            elif self.path == "/slow":
                time.sleep(1.0)
                self.send_response(200)
                self.end_headers()
            elif self.path == "/big":
                self.send_response(200)
                self.send_header("Content-Length", str(len(BIG)))
                self.end_headers()
                for start in range(0, len(BIG), 4096):
                    self.wfile.write(BIG[start:start + 4096])
            else:
                self.send_response(200 if self.path == "/end" else 404)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")
        except (BrokenPipeError, ConnectionResetError):
            pass

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with serve_handler(Handler) as base:
        yield base.removeprefix("http://").rstrip("/")


@pytest.fixture
def client(server: str) -> Iterator[HttpClient]:
    with HttpClient(allowed_hosts=[server], max_bytes=20_000, read_timeout=0.3) as http:
        yield http


def test_the_redirect_chain_is_kept_in_order(client, server):
    response = client.get(f"http://{server}/a")
    assert response.redirects == tuple(f"http://{server}/{p}" for p in ("b", "c", "end"))
    assert response.final_url == response.redirects[-1] and response.content == b"ok"
    assert client.get(f"http://{server}/end").redirects == ()


def test_a_failure_after_redirects_names_them(client, server):
    with pytest.raises(HttpError) as info:
        client.get(f"http://{server}/away")
    assert info.value.redirects == ("http://x.invalid/",) and info.value.status is None
    with pytest.raises(HttpError, match="重定向超过 10 次") as info:
        client.get(f"http://{server}/loop")
    assert len(info.value.redirects) == 11


def test_a_timeout_says_so(client, server):
    with pytest.raises(HttpError) as info:
        client.get(f"http://{server}/slow")
    assert info.value.timed_out and info.value.status is None
    with pytest.raises(HttpError) as info:
        client.get(f"http://{server}/nothing")
    assert not info.value.timed_out and info.value.status == 404


def test_a_response_too_large_to_read_keeps_its_status(client, server):
    with pytest.raises(HttpError, match="响应过大") as info:
        client.get(f"http://{server}/big")
    assert info.value.status == 200


def test_a_probe_answers_without_reading_the_body(client, server):
    # (get() of the same URL raises 响应过大: the probe never reads the body)
    response = client.probe(f"http://{server}/big")
    assert (response.status, response.content) == (200, b"")
    assert client.probe(f"http://{server}/a").redirects[-1] == f"http://{server}/end"
    with pytest.raises(HttpError) as info:
        client.probe(f"http://{server}/nothing")
    assert info.value.status == 404
