"""``collect.yaml``: what the office edits to say which collectors run and how.

::

    as_of: 2019-12-31            # optional; the command line's --as-of wins
    ruleset: ../rulesets/2019.yaml   # optional; relative to this file; --ruleset wins
    workers: 4                   # collectors run at the same time
    timeouts:                    # seconds, per collector name or per plugin name
      website: 300
      "ledger:office": 60
    http:
      timeout: 20                # or {connect: 5, read: 20}
      max_bytes: 10000000
      allowed_hosts: [www.example.gov.cn, "127.0.0.1:8765"]
    plugins:
      attestation:               # one section per plugin, as the plugin documents it
        folder: attestations
      website: {...}
    # for ``disclosure-rules run`` (collect, check, write the outputs in one command):
    store: disclosure.db         # the evidence store; --store wins
    waivers: waivers-2019.yaml   # optional
    outputs:                     # format: file
      json: out/result.json
      text: out/result.txt

Relative paths in a plugin's settings resolve against the folder of this file
(``CollectContext.base_dir``).
"""

from __future__ import annotations

import types
from collections.abc import Callable, Mapping
from datetime import date
from pathlib import Path
from typing import Any, Protocol

import attrs
from attrs import field, frozen
from yaml.nodes import MappingNode, Node

from ..errors import InputError, Location, Problem, did_you_mean
from ..ruleset.yaml_nodes import Reader, compose, read_text

__all__ = ["CollectConfig", "HttpSettings", "TimedCollector"]


class TimedCollector(Protocol):
    """What :meth:`CollectConfig.timeout_for` reads of a
    :class:`~disclosure_rules.collectors.Collector`: this module stays below collectors.py,
    which imports it, and never imports it back."""

    @property
    def name(self) -> str: ...

    @property
    def plugin(self) -> str: ...

    @property
    def timeout(self) -> float: ...


_TOP_KEYS = ("as_of", "ruleset", "workers", "timeouts", "http", "plugins", "store", "waivers",
             "outputs")
#: Formats of the built-in report writers, named in messages (``outputs:`` may name any
#: registered format: ``disclosure-rules report --help`` lists them).
OUTPUT_FORMATS = ("text", "html", "xlsx", "md", "junit", "json")
_HTTP_KEYS = ("timeout", "max_bytes", "allowed_hosts", "user_agent")


@frozen
class HttpSettings:
    connect_timeout: float = 10.0
    read_timeout: float = 30.0
    max_bytes: int = 10_000_000
    allowed_hosts: tuple[str, ...] = ()
    user_agent: str = ""


def _readonly(value: Mapping[str, Mapping[str, Any]]) -> Mapping[str, Mapping[str, Any]]:
    return types.MappingProxyType({k: types.MappingProxyType(dict(v)) for k, v in value.items()})


@frozen
class CollectConfig:
    """A parsed ``collect.yaml``; ``CollectConfig()`` is the empty configuration."""

    path: Path | None = None
    as_of: date | None = None
    ruleset: Path | None = None  # resolved against the config file's folder
    workers: int = 4
    timeouts: Mapping[str, float] = field(factory=dict, converter=dict)
    http: HttpSettings = HttpSettings()
    plugins: Mapping[str, Mapping[str, Any]] = field(factory=dict, converter=_readonly)
    locations: Mapping[str, Location] = field(factory=dict, eq=False, repr=False)
    store: Path | None = None  # resolved against the config file's folder
    waivers: Path | None = None
    outputs: Mapping[str, Path] = field(factory=dict, converter=dict)  # format → file

    @property
    def base_dir(self) -> Path:
        """Where relative paths in the settings resolve: the config file's folder (or cwd)."""
        return self.path.parent if self.path is not None else Path.cwd()

    def settings(self, plugin_name: str) -> Mapping[str, Any]:
        """The plugin's own section of ``plugins:``; an empty mapping when there is none."""
        return self.plugins.get(plugin_name, types.MappingProxyType({}))

    def with_settings(self, plugin_name: str, **overrides: Any) -> CollectConfig:
        """A copy whose plugin section has ``overrides`` applied, e.g. the demo pointing the
        website plugin at a site served on a free local port:
        ``config.with_settings("website", base_url=url)``."""
        section = types.MappingProxyType({**self.settings(plugin_name), **overrides})
        return attrs.evolve(self, plugins={**self.plugins, plugin_name: section})

    def timeout_for(self, collector: TimedCollector) -> float:
        """``timeouts`` by collector name, else by plugin name, else the collector's own."""
        if collector.name in self.timeouts:
            return self.timeouts[collector.name]
        return self.timeouts.get(collector.plugin, collector.timeout)

    def location(self, path: str) -> Location:
        """Where ``path`` (``plugins.website``, ``http.max_bytes``) sits in the file."""
        return _locate(self.locations, str(self.path) if self.path else None, path)

    @classmethod
    def load(cls, path: str | Path) -> CollectConfig:
        """Read and check a config file; every problem names file:line:column."""
        try:
            text = read_text(path)
        except InputError as exc:
            raise InputError(exc.problems, summary=f"无法读取采集配置 {path}") from None
        return cls.from_text(text, path=path)

    @classmethod
    def from_text(cls, text: str, *, path: str | Path | None = None) -> CollectConfig:
        source = str(path) if path is not None else "<collect.yaml>"
        try:
            data, marks, problems = _compose(text, source)
        except InputError as exc:  # a syntax error
            problems = list(exc.problems)
        if problems:
            raise InputError(problems, summary=f"采集配置 {source} 有误")
        return cls.from_mapping(data if data is not None else {}, path=path, locations=marks)

    @classmethod
    def from_mapping(
        cls,
        data: Mapping[str, Any],
        *,
        path: str | Path | None = None,
        locations: Mapping[str, Location] | None = None,
    ) -> CollectConfig:
        """Build from already parsed data (tests and embedding)."""
        marks = dict(locations or {})
        file = str(path) if path is not None else None
        problems: list[Problem] = []

        def bad(p: str, message: str, hint: str | None = None) -> None:
            problems.append(Problem(_locate(marks, file, p), message, hint))

        if not isinstance(data, Mapping):
            raise InputError(Problem(Location(file), "采集配置应为 YAML 映射（键: 值）"))
        for key in data:
            if key not in _TOP_KEYS:
                bad(str(key), f"未知的键“{key}”", did_you_mean(str(key), _TOP_KEYS))
        base = Path(path).parent if path is not None else Path.cwd()

        as_of = data.get("as_of")
        if as_of is not None and not isinstance(as_of, date):
            try:
                as_of = date.fromisoformat(str(as_of))
            except ValueError:
                bad("as_of", f"as_of 应为日期 YYYY-MM-DD，实际为 {as_of!r}")
                as_of = None

        ruleset = data.get("ruleset")
        ruleset_path: Path | None = None
        if ruleset is not None:
            if isinstance(ruleset, str) and ruleset.strip():
                ruleset_path = base / ruleset
            else:
                bad("ruleset", "ruleset 应为规则集文件的路径")

        workers = data.get("workers", 4)
        if not _is_int(workers) or not 1 <= workers <= 64:
            bad("workers", f"workers 应为 1 到 64 的整数，实际为 {workers!r}")
            workers = 4

        timeouts: dict[str, float] = {}
        raw_timeouts = data.get("timeouts") or {}
        if not isinstance(raw_timeouts, Mapping):
            bad("timeouts", "timeouts 应为映射：采集器名或插件名: 秒数")
        else:
            for name, seconds in raw_timeouts.items():
                if _positive(seconds):
                    timeouts[str(name)] = float(seconds)
                else:
                    bad(f"timeouts.{name}", f"超时应为正数（秒），实际为 {seconds!r}")

        http = _http(data.get("http") or {}, bad)

        plugins: dict[str, Mapping[str, Any]] = {}
        raw_plugins = data.get("plugins") or {}
        if not isinstance(raw_plugins, Mapping):
            bad("plugins", "plugins 应为映射：插件名: 设置")
        else:
            for name, settings in raw_plugins.items():
                if settings is None:
                    settings = {}
                if not isinstance(settings, Mapping):
                    bad(f"plugins.{name}", f"插件“{name}”的设置应为映射（键: 值）")
                    continue
                plugins[str(name)] = settings

        store, waivers, outputs = _run_settings(data, base, bad)
        if problems:
            raise InputError(problems, summary=f"采集配置 {file or '<collect.yaml>'} 有误")
        return cls(
            Path(path) if path is not None else None, as_of, ruleset_path, workers, timeouts,
            http, plugins, marks, store=store, waivers=waivers, outputs=outputs,
        )


def _run_settings(data: Mapping[str, Any], base: Path, bad: Callable[..., None]
                  ) -> tuple[Path | None, Path | None, dict[str, Path]]:
    """``store``, ``waivers`` and ``outputs`` (for ``disclosure-rules run``), paths resolved
    against the config file's folder."""
    found: list[Path | None] = []
    for key in ("store", "waivers"):
        value = data.get(key)
        if value is not None and not (isinstance(value, str) and value.strip()):
            bad(key, f"{key} 应为文件路径")
            value = None
        found.append(base / value if value is not None else None)
    outputs: dict[str, Path] = {}
    raw = data.get("outputs") or {}
    if not isinstance(raw, Mapping):
        bad("outputs", "outputs 应为映射：格式: 文件路径，如 json: out/result.json")
        raw = {}
    for fmt, target in raw.items():
        # which formats exist is the report writers' registry's to say (plugins add formats):
        # `run` checks the names against it before collecting
        if not (isinstance(fmt, str) and fmt.strip()):
            bad("outputs", f"输出格式应为名称（如 {'、'.join(OUTPUT_FORMATS)}），实际为 {fmt!r}")
        elif not (isinstance(target, str) and target.strip()):
            bad(f"outputs.{fmt}", "输出应为文件路径")
        else:
            outputs[str(fmt)] = base / target
    return found[0], found[1], outputs


def _locate(marks: Mapping[str, Location], file: str | None, path: str) -> Location:
    """Where ``path`` sits: the mark of its nearest ancestor (or itself) that has one."""
    probe = path
    while probe and probe not in marks:
        probe = probe.rpartition(".")[0]
    found = marks.get(probe)
    if found is None:
        return Location(file, path=path)
    return Location(found.file, found.line, found.column, path)


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _positive(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and value > 0


def _http(raw: Any, bad: Callable[..., None]) -> HttpSettings:
    if not isinstance(raw, Mapping):
        bad("http", "http 应为映射")
        return HttpSettings()
    for key in raw:
        if key not in _HTTP_KEYS:
            bad(f"http.{key}", f"未知的键“{key}”", did_you_mean(str(key), _HTTP_KEYS))
    connect, read = 10.0, 30.0
    timeout = raw.get("timeout")
    if timeout is not None:
        if _positive(timeout):
            connect = min(connect, float(timeout))
            read = float(timeout)
        elif isinstance(timeout, Mapping) and set(timeout) <= {"connect", "read"} and all(
            _positive(v) for v in timeout.values()
        ):
            connect = float(timeout.get("connect", connect))
            read = float(timeout.get("read", read))
        else:
            bad("http.timeout", "http.timeout 应为正数（秒）或 {connect: 秒, read: 秒}")
    max_bytes = raw.get("max_bytes", 10_000_000)
    if not _is_int(max_bytes) or max_bytes <= 0:
        bad("http.max_bytes", f"http.max_bytes 应为正整数（字节），实际为 {max_bytes!r}")
        max_bytes = 10_000_000
    hosts = raw.get("allowed_hosts", [])
    if isinstance(hosts, str):
        hosts = [hosts]
    if not isinstance(hosts, list) or not all(isinstance(h, str) and h.strip() for h in hosts):
        bad("http.allowed_hosts", "http.allowed_hosts 应为主机名列表，如 [www.example.gov.cn]")
        hosts = []
    agent = raw.get("user_agent", "")
    if not isinstance(agent, str):
        bad("http.user_agent", "http.user_agent 应为文本")
        agent = ""
    return HttpSettings(connect, read, max_bytes, tuple(h.strip() for h in hosts), agent)


def _compose(text: str, source: str) -> tuple[Any, dict[str, Location], list[Problem]]:
    """Parse YAML with the host's reader (duplicate keys and runaway aliases are problems),
    keeping where each mapping key sits (dotted paths → Location)."""
    node = compose(text, source)
    reader = Reader(source)
    data = reader.plain(node, "")
    marks: dict[str, Location] = {}

    def walk(node: Node, path: str) -> None:
        if isinstance(node, MappingNode):
            for key_node, value_node in node.value:
                child = f"{path}.{key_node.value}" if path else str(key_node.value)
                marks.setdefault(child, reader.location(key_node, ""))
                walk(value_node, child)

    if node is not None and not reader.problems:  # within the reader's budget of node visits
        walk(node, "")
    return data, marks, reader.problems
