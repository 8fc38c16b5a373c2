"""disclosure-rules plugin ``ledger``: evidence from the 台账 (XLSX or CSV) a unit fills in.

Settings (``plugins: ledger:`` in ``collect.yaml``; paths relative to that file)::

    ledger:
      files:
        - {unit: regulation, path: ledgers/法规科台账.xlsx}
        - {unit: office, path: ledgers/依申请公开.csv, kind: application, encoding: gbk}
        - {unit: port, path: ledgers/港航事务中心台账.xlsx, kinds: [enforcement_decision]}

One collector is registered per unit (``ledger:<unit>``), reading all of the unit's files.
The evidence kinds it declares come from ``kinds`` (or ``kind``) when given, else from the
file: its sheet titles (a CSV file: its name) that are kinds of the rule set, by label
(``行政执法决定``) or name (``enforcement_decision``).  A file that cannot be opened at start-up
declares the kinds the rule set asks of the unit (those of its template) and fails when
collected, so that only its unit's findings become ``error``.  Reading rules:
:mod:`disclosure_rules_ledger.read`; the template: :func:`write_template`.

A row with a bad cell does not stop the other rows: the good rows are yielded as evidence, the
bad row as a :class:`~disclosure_rules.errors.Problem` naming file, sheet, row and column
(``法规科台账.xlsx:4:3: 工作表“行政执法决定” C列（决定日期）: 应为日期…``), which the host
counts as a rejected record: the unit's findings on the ledger's kinds say ``error`` (a ledger
with a row that cannot be read is not a ledger to pass or fail on).  So does a column or sheet
holding data that would not be read (an unknown header, a sheet title that is not a kind).
"""

from __future__ import annotations

import codecs
from collections.abc import Callable, Iterator, Mapping
from functools import partial
from pathlib import Path
from typing import Any

from attrs import frozen

from disclosure_rules import hookimpl
from disclosure_rules.collectors import CollectConfig, CollectContext, Collector
from disclosure_rules.errors import InputError, Location, PluginError, Problem
from disclosure_rules.model import Ruleset

from .read import (
    LedgerFileError,
    LedgerResult,
    LedgerRow,
    RowError,
    kind_for_title,
    read_ledger,
    row_problem,
    sheet_kinds,
    sheet_titles,
)
from .template import ledger_kinds, unit_rules, write_template

__version__ = "0.1.0"
PLUGIN = "ledger"

__all__ = [
    "LedgerFile",
    "LedgerFileError",
    "LedgerResult",
    "LedgerRow",
    "RowError",
    "collect",
    "ledger_kinds",
    "parse_settings",
    "read_ledger",
    "row_problem",
    "unit_rules",
    "write_template",
]

_FILE_KEYS = ("unit", "path", "kind", "kinds", "encoding")


@frozen
class LedgerFile:
    unit: str
    path: str
    kind: str | None = None
    kinds: tuple[str, ...] = ()
    encoding: str | None = None


def _fail(message: str) -> PluginError:
    return PluginError(f"collect.yaml 中 plugins.{PLUGIN} 设置有误：{message}")


def parse_settings(raw: Mapping[str, Any]) -> list[LedgerFile]:
    """The ``files`` of the plugin's settings, checked; empty when the plugin is unconfigured."""
    if not raw:
        return []
    extra = [k for k in raw if k != "files"]
    if extra:
        raise _fail(f"未知的键 {'、'.join(map(str, extra))}（可用：files）")
    files = raw.get("files")
    if not isinstance(files, list) or not files:
        raise _fail("files 应为列表：- {unit: 单位, path: 台账文件}")
    out = []
    for number, item in enumerate(files, start=1):
        where = f"files 第{number}项"
        if not isinstance(item, Mapping):
            raise _fail(f"{where} 应为映射 {{unit: ..., path: ...}}")
        unknown = [k for k in item if k not in _FILE_KEYS]
        if unknown:
            raise _fail(f"{where} 有未知的键 {'、'.join(map(str, unknown))}"
                        f"（可用：{'、'.join(_FILE_KEYS)}）")
        for key in ("unit", "path"):
            if not isinstance(item.get(key), str) or not item[key].strip():
                raise _fail(f"{where} 缺少 {key}")
        kinds = item.get("kinds") or ()
        if isinstance(kinds, str):
            kinds = (kinds,)
        if not all(isinstance(k, str) for k in kinds):
            raise _fail(f"{where} 的 kinds 应为证据类型名称列表")
        path = item["path"].strip()
        if not path.lower().endswith((".xlsx", ".xlsm", ".csv")):
            raise _fail(f"{where} 的 path 应为 .xlsx 或 .csv 文件，实际为 {path!r}")
        encoding = item.get("encoding")
        if encoding is not None and not _is_codec(encoding):
            raise _fail(f"{where} 的 encoding 不是已知的编码：{encoding!r}（如 utf-8、gbk）")
        kind = item.get("kind")
        out.append(LedgerFile(item["unit"].strip(), path, kind,
                              tuple(kinds) or ((kind,) if kind else ()), encoding))
    return out


def _is_codec(name: Any) -> bool:
    try:
        codecs.lookup(name)
    except (LookupError, TypeError):
        return False
    return True


def _kinds(entry: LedgerFile, base: Path, ruleset: Ruleset | None) -> tuple[str, ...]:
    if entry.kinds:
        return entry.kinds
    path = base / entry.path
    if ruleset is None:  # listing collectors without a rule set: unchecked, shown as found
        if path.suffix.lower() == ".csv":
            return (path.stem,)
        if not path.is_file():
            raise _fail(f"台账文件 {path} 不存在；请检查 path，或用 kinds 列出它的证据类型")
        try:
            return sheet_titles(path)
        except LedgerFileError as exc:
            raise _fail(f"台账文件 {path} {exc.reason}") from exc
    if path.suffix.lower() == ".csv":
        kind = kind_for_title(path.stem, ruleset)
        if kind is None:
            labels = "、".join(k.label or k.name for k in ruleset.evidence_kinds)
            raise _fail(f"无法确定 CSV 台账 {path} 的证据类型：请用证据类型的中文名命名文件"
                        f"（{labels}），或在设置中给出 kind")
        return (kind.name,)
    try:
        found = sheet_kinds(path, ruleset)
    except Exception:  # missing or unreadable: the collector fails when run, and says why
        found = ()
    if found:
        return found
    ids = ruleset.units.resolve(entry.unit)
    expected = tuple(k.name for k in ledger_kinds(ruleset, ids[0])) if len(ids) == 1 else ()
    if expected:
        return expected
    if not path.is_file():
        raise _fail(f"台账文件 {path} 不存在；请检查 path，或用 kinds 列出它的证据类型")
    raise _fail(f"台账文件 {path} 中没有以证据类型命名的工作表；"
                "请用 disclosure-rules template 生成台账，或在设置中给出 kinds")


def collectors(config: CollectConfig, ruleset: Ruleset | None = None) -> list[Collector]:
    """One collector per unit of the settings (see the module docstring); ``ruleset`` maps
    sheet titles to kinds (without one, the titles are listed as they are, unchecked)."""
    files = parse_settings(config.settings(PLUGIN))
    units: dict[str, list[LedgerFile]] = {}
    for entry in files:
        units.setdefault(entry.unit, []).append(entry)
    found = []
    for unit, entries in units.items():
        kinds: dict[str, None] = {}
        for entry in entries:
            kinds.update(dict.fromkeys(_kinds(entry, config.base_dir, ruleset)))
        found.append(Collector(name=f"{PLUGIN}:{unit}", unit=unit, kinds=tuple(kinds),
                               collect=partial(collect, unit=unit), version=__version__,
                               timeout=120.0))
    return found


def collect(ctx: CollectContext, *, unit: str | None = None) -> Iterator[dict[str, Any] | Problem]:
    """Read the unit's ledger files (``unit`` as the settings spell it; default: ``ctx.unit``)
    and yield one raw record per good row, one :class:`~disclosure_rules.errors.Problem` per
    bad row (and per column or sheet holding data that was not read)."""
    wanted = unit if unit is not None else ctx.unit
    entries = [e for e in parse_settings(ctx.settings) if e.unit == wanted]
    ctx.progress.start(len(entries))
    for entry in entries:
        path = ctx.path(entry.path)
        # named as the office wrote it in collect.yaml, not by this machine's absolute path
        where = Location(entry.path)
        if not path.is_file():
            raise InputError(Problem(where, "台账文件不存在（路径相对于 collect.yaml 所在目录）"))
        ctx.progress.note(f"读取台账 {path.name}")
        try:
            result = read_ledger(path, ctx.ruleset, kind=entry.kind, encoding=entry.encoding)
        except LedgerFileError as exc:
            raise InputError(Problem(where, exc.reason)) from exc
        in_rows: set[RowError] = set()
        for row in result.rows:
            if row.errors:
                in_rows.update(row.errors)
                yield row_problem(row.errors)
            else:
                yield ctx.record(row.kind, row.key, title=row.title, source=row.source,
                                 fields=row.fields)
        for error in result.errors:
            if error not in in_rows:  # a column or sheet not read
                yield error.to_problem()
        ctx.progress.advance()


@hookimpl
def disclosure_rules_collectors(
    register: Callable[[Collector], None], config: CollectConfig, ruleset: Ruleset | None
) -> None:
    """Register one collector per unit of the ``ledger`` settings (none when unconfigured)."""
    for collector in collectors(config, ruleset):
        register(collector)
