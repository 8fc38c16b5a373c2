"""Serving a folder over HTTP on 127.0.0.1, for the demo and for tests of crawling collectors.

Only the loopback address is ever bound; the port is chosen by the system.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from socketserver import BaseRequestHandler


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def serve_directory(root: str | Path) -> Iterator[str]:
    """Serve ``root`` on ``http://127.0.0.1:<port>/`` while the block runs; yields the base URL."""
    with serve_handler(functools.partial(_QuietHandler, directory=str(root))) as base:
        yield base


@contextmanager
def serve_handler(handler: Callable[..., BaseRequestHandler], port: int = 0) -> Iterator[str]:
    """Serve requests with ``handler`` on ``http://127.0.0.1:<port>/`` (a free port unless
    given, threads per request) while the block runs; yields the base URL.  The one loopback
    server of the demo, the crawler tests and benches and the HTTP client tests."""
    server = ThreadingHTTPServer(("127.0.0.1", port), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="loopback-http", daemon=True)
    thread.start()
    try:
        host, port = server.server_address[:2]
        yield f"http://{host}:{port}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
