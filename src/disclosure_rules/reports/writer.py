"""What a report writer is and what it is asked for.

A writer turns one :class:`~disclosure_rules.findings.Result` into bytes on a stream.  It reads
nothing else: no rule set, no evidence store, no network.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import IO

from attrs import frozen

from ..results.result import Result


@frozen
class ReportOptions:
    """What the reader asked for.

    ``unit`` is a unit id (already resolved from a name): the report shows that unit only, as
    its to-do list.  ``show_all`` lists every finding, not only those that need action.
    ``width`` is the terminal's width for text (None: the writer's default); ``color`` asks
    the text writer for colours (a terminal).
    """

    lang: str = "zh"
    unit: str | None = None
    show_all: bool = False
    width: int | None = None
    color: bool = False


#: ``write(result, stream, options)`` writes the whole report to a binary stream.
WriteFunction = Callable[[Result, IO[bytes], ReportOptions], None]


@frozen
class ReportWriter:
    """One report format.

    :param name: the ``--format`` value, lower-case letters, digits, ``-`` or ``_`` (``html``).
    :param suffixes: file suffixes that choose this format for ``check --out`` (``.html``),
        lower-case with the dot; may be empty (the format is then chosen only by name).
    :param write: ``write(result, stream, options)``; writes bytes to ``stream``.
    :param description: one line for ``--help`` and listings, in the office's words.
    :param plugin: filled in by the host with the plugin's name.
    """

    name: str
    suffixes: tuple[str, ...]
    write: WriteFunction
    description: str = ""
    plugin: str = ""
