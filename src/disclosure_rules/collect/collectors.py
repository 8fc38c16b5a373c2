"""What a plugin hands the host: collectors, and what a collector gets when it runs.

A :class:`Collector` speaks for one unit (科室 or 局属单位) and yields evidence of the kinds it
declares.  Its ``collect(context)`` receives a :class:`CollectContext`: the as_of date, the
plugin's own settings, the rule set, a shared :class:`HttpClient`, a :class:`Progress` and the
folder relative paths resolve against.  It yields :class:`~disclosure_rules.evidence.Evidence`
objects or raw records (mappings, most easily built with :meth:`CollectContext.record`); the host
checks each against the rule set's declared kinds.

For a record it could not build (a ledger row with a bad cell, an article page that would not
load) a collector yields a :class:`~disclosure_rules.errors.Problem` saying where and what, and
goes on: the host counts it as a rejected record, exactly like a record it rejects itself, so the
collector's report gets an error quoting the first problems and its unit's findings on its kinds
become ``error``, while its good records are kept.

When what is missing concerns only some of its kinds — a website column whose list was cut by a
limit, an article page of one column that would not load — it yields a :class:`KindProblem`
naming those kinds instead: the unit's findings on those kinds only become ``error``, and its
other kinds are judged on their evidence as usual.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from attrs import field, frozen

from ..errors import Location, Problem
from ..evidence.records import Evidence
from .cache import CollectorCache
from .config import CollectConfig, HttpSettings
from .httpclient import HttpClient, HttpError, HttpResponse, decode_html

if TYPE_CHECKING:
    from ..ruleset.model import Ruleset

__all__ = [
    "CollectConfig",
    "CollectContext",
    "Collector",
    "CollectorCache",
    "HttpClient",
    "HttpError",
    "HttpResponse",
    "HttpSettings",
    "KindProblem",
    "Location",
    "Problem",
    "Progress",
    "decode_html",
]

RawRecord = Mapping[str, Any]


@frozen
class KindProblem(Problem):
    """Evidence of some of the collector's kinds is incomplete: only the unit's findings on
    ``kinds`` become ``error``; the collector's other kinds keep their verdicts.

    A collector yields it (instead of a plain :class:`~disclosure_rules.errors.Problem`, which
    concerns every kind it declares) when it knows which kinds a gap touches::

        yield KindProblem(Location("http://…/zcwj/index_20.html", path="栏目“政策文件”"),
                          "列表页读到上限 20 页即停止，约 1,600 条未读",
                          kinds=("policy_document", "site_update"))

    It is not a rejected record (it does not count in the report's ``rejected``); the report's
    error quotes it and its ``kind_errors`` name the kinds.  An empty ``kinds``, or a kind the
    collector does not declare, makes it concern every kind of the collector, like a Problem.
    """

    kinds: tuple[str, ...] = field(default=(), converter=tuple)


@frozen
class Collector:
    """One source of evidence for one unit.

    :param name: unique within a run, conventionally ``"<plugin>:<unit>"``, e.g. ``website:tech``.
    :param unit: the unit it speaks for: an id, name or alias of the rule set's unit registry
        (the host replaces it with the unit id); every record it yields must be that unit's.
    :param kinds: the evidence kinds it yields; each must be declared by the rule set.
    :param collect: called with a :class:`CollectContext`; returns or yields
        :class:`~disclosure_rules.evidence.Evidence` or raw records (mappings), and a
        :class:`~disclosure_rules.errors.Problem` for each record it could not build (counted
        as a rejected record: the unit's findings on ``kinds`` become ``error``, the good
        records are kept), or a :class:`KindProblem` for a gap that concerns only some of
        ``kinds`` (the unit's findings on those kinds only become ``error``).
    :param version: shown in ``disclosure-rules plugins`` and stored in provenance.
    :param timeout: seconds; past it the collector is abandoned and its unit's findings on its
        kinds become ``error`` (``timeouts:`` in ``collect.yaml`` overrides it).
    :param plugin: filled in by the host: the name of the plugin that registered it.
    """

    name: str
    unit: str
    kinds: tuple[str, ...] = field(converter=tuple)
    collect: Callable[[CollectContext], Iterable[Evidence | RawRecord | Problem]]
    version: str = ""
    timeout: float = 120.0
    plugin: str = ""


class Progress:
    """Progress reporting for one collector.  This base class does nothing (tests, no terminal);
    the command line connects it to a progress bar.  Methods may be called from any thread."""

    def start(self, total: int | None = None) -> None:
        """Announce how many steps (pages, rows, files) are coming; None when unknown."""

    def advance(self, n: int = 1) -> None:
        """``n`` more steps done."""

    def note(self, text: str) -> None:
        """A short status line (what is being read now)."""


@frozen
class CollectContext:
    """What a collector's ``collect`` receives.

    ``collect`` yields records built with :meth:`record` and, for each record it could not
    build, a :class:`~disclosure_rules.errors.Problem` locating it::

        yield Problem(Location("法规科台账.xlsx", line=5, column=3,
                               path="工作表“行政执法决定” C列（决定日期）"),
                      "应为日期（如 2019-10-08），实际为“十月八日”")

    The host counts each Problem as one rejected record (see :class:`Collector`); raising
    instead would drop the whole batch.  A gap that concerns only some kinds (a column the
    collector could not read to its end) is a :class:`KindProblem` naming them.

    :param as_of: the audit date; records dated after it are ignored by the checks.
    :param unit: the id of the unit the collector speaks for.
    :param settings: the plugin's own section of ``collect.yaml`` (read-only).
    :param ruleset: the rule set being checked (its units and evidence kinds).
    :param http: the shared HTTP client; allows ``http.allowed_hosts`` of ``collect.yaml`` plus
        the plugin section's ``allowed_hosts``.
    :param progress: report progress here; it is shown on the terminal.
    :param base_dir: the folder of ``collect.yaml``; resolve relative paths with :meth:`path`.
    :param collector: the collector's name (filled into provenance by :meth:`record`).
    :param collector_version: the collector's version (idem).
    :param cache: with an evidence store, this collector's own entries kept between runs
        (:class:`~disclosure_rules.collect.cache.CollectorCache`: ``get(key)``,
        ``put(key, value)``); None without a store.  A collector may use it to skip what has
        not changed since its last run, but must still yield every record of the period: an
        unchanged record is carried over from the cache and yielded again, never left out.
    """

    as_of: date
    unit: str
    settings: Mapping[str, Any]
    ruleset: Ruleset
    http: HttpClient
    progress: Progress = field(factory=Progress)
    base_dir: Path = field(factory=Path.cwd)
    collector: str = ""
    collector_version: str = ""
    cache: CollectorCache | None = None

    def path(self, value: str | Path) -> Path:
        """A path from the settings, resolved against :attr:`base_dir` when relative."""
        return (self.base_dir / Path(value).expanduser()).resolve()

    def record(
        self,
        kind: str,
        key: str,
        *,
        title: str = "",
        source: str = "",
        fields: Mapping[str, Any] | None = None,
        **more_fields: Any,
    ) -> dict[str, Any]:
        """A raw evidence record of this collector's unit with provenance filled in.

        The kind's fields are given as ``fields`` (a mapping), as keyword arguments, or both;
        a field whose name is one of this method's own parameters (``kind``, ``key``,
        ``title``, ``source``, ``fields``: the 2019 rule set's ``public_concern`` has a
        ``source`` field) can only be given in ``fields``::

            context.record("public_concern", "LY-3", title="留言", source="台账.xlsx 第3行",
                           fields={"source": "网站留言", "received": date(2019, 5, 6)})

        :param kind: an evidence kind the rule set declares (and the collector lists).
        :param key: natural key unique within the kind: a 文号, a URL, a ledger row.
        :param title: human-readable title.
        :param source: where it was read (URL, or file with sheet and row); goes into the
            provenance, not the fields.
        :param fields: the kind's fields; dates may be :class:`datetime.date` or ``YYYY-MM-DD``.
        :param more_fields: more fields, by keyword.
        :raises TypeError: a field given both in ``fields`` and as a keyword argument.
        """
        merged = dict(fields) if fields is not None else {}
        twice = sorted(name for name in more_fields if name in merged)
        if twice:
            raise TypeError(
                f"record() got field {', '.join(map(repr, twice))} both in fields= and as a "
                "keyword argument; give each field once"
            )
        merged.update(more_fields)
        return {
            "kind": kind,
            "unit": self.unit,
            "key": key,
            "title": title,
            "fields": merged,
            "provenance": {
                "collector": self.collector,
                "collector_version": self.collector_version,
                "source": source,
                "collected_at": datetime.now().astimezone().isoformat(timespec="seconds"),
            },
        }
