"""Politeness towards each host: at most ``per_host`` requests at once, and a request starts at
least ``delay`` seconds after the previous one started and after the last one ended (so the
server sees its requests at least ``delay`` apart), across every crawl of the process (the
collectors of many sites run in parallel worker threads, and several sites may share a host)."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["HostGate", "gate_for"]


class HostGate:
    """The requests to one host: a slot per connection and the spacing of their starts."""

    def __init__(self, per_host: int, delay: float) -> None:
        self.per_host = per_host
        self.delay = delay
        self._slots = threading.BoundedSemaphore(per_host)
        self._lock = threading.Lock()
        self._next = 0.0  # monotonic time the next request may start

    @contextmanager
    def slot(self) -> Iterator[None]:
        """Hold one of the host's connections, starting no sooner than ``delay`` after the
        previous request started."""
        with self._slots:
            with self._lock:
                now = time.monotonic()
                start = max(now, self._next)
                self._next = start + self.delay
            if start > now:
                time.sleep(start - now)
            try:
                yield
            finally:  # and no sooner than ``delay`` after a request ends: the server sees it
                with self._lock:
                    self._next = max(self._next, time.monotonic() + self.delay)


_GATES: dict[str, HostGate] = {}
_GATES_LOCK = threading.Lock()


def gate_for(host: str, per_host: int, delay: float) -> HostGate:
    """The gate of ``host`` (``name:port``), shared by every crawl of the process with the same
    limits (the sites of one ``collect.yaml``); other limits make a new gate."""
    host = host.lower()
    with _GATES_LOCK:
        gate = _GATES.get(host)
        if gate is None or (gate.per_host, gate.delay) != (per_host, delay):
            gate = _GATES[host] = HostGate(per_host, delay)
        return gate
