"""The JSON writer: the Result itself (``docs/result-schema.json``), written one finding at a
time.  ``unit`` and ``show_all`` do not apply: the JSON is always complete, so it can be read
back (``disclosure-rules report result.json``)."""

from __future__ import annotations

import io
from typing import IO

from ..results.result import Result
from .writer import ReportOptions


def write(result: Result, stream: IO[bytes], options: ReportOptions) -> None:
    text = io.TextIOWrapper(stream, encoding="utf-8", newline="\n")
    result.write_json(text)
    text.flush()
    text.detach()
