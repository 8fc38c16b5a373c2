"""disclosure-rules plugin ``ledger``: evidence from the 台账 (XLSX or CSV) a unit fills in.

Settings (``plugins: ledger:`` in ``collect.yaml``; paths relative to that file)::

    ledger:
      files:
        - {unit: regulation, path: ledgers/法规科台账.xlsx}
        - {unit: office, path: ledgers/依申请公开.csv, kind: application, encoding: gbk}
        - {unit: port, path: ledgers/港航事务中心台账.xlsx, kinds: [enforcement_decision]}

One collector is registered per unit (``ledger:<unit>``), reading all of the unit's files.
The evidence kinds it declares come from ``kinds`` (or ``kind``) when given, else from the
workbook: the template's 说明 sheet, sheet titles that are kind names, or kind labels when
``collect.yaml`` names the rule set.  Reading rules: :mod:`disclosure_rules_ledger.read`;
the template: :func:`write_template`.

A row with a bad cell is reported with file, sheet, row and column and does not stop the
other rows: the good rows are yielded as evidence; the bad row is handed to the host as it
is, so the host rejects it and the unit's findings say ``error`` (a ledger with a row that
cannot be read is not a ledger to pass or fail on).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from functools import partial
from pathlib import Path
from typing import Any

from attrs import frozen

from disclosure_rules import hookimpl
from disclosure_rules.collectors import CollectConfig, CollectContext, Collector
from disclosure_rules.errors import PluginError

from .read import LedgerResult, LedgerRow, RowError, read_ledger, sheet_kinds
from .template import ledger_kinds, unit_rules, write_template

__version__ = "0.1.0"
PLUGIN = "ledger"

__all__ = [
    "LedgerFile",
    "LedgerResult",
    "LedgerRow",
    "RowError",
    "collect",
    "ledger_kinds",
    "parse_settings",
    "read_ledger",
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
        kind = item.get("kind")
        out.append(LedgerFile(item["unit"].strip(), path, kind,
                              tuple(kinds) or ((kind,) if kind else ()), item.get("encoding")))
    return out


def _kinds(entry: LedgerFile, base: Path, config: CollectConfig) -> tuple[str, ...]:
    if entry.kinds:
        return entry.kinds
    path = base / entry.path
    if not path.exists():
        raise _fail(f"台账文件 {path} 不存在；请检查 path，或用 kinds 列出它的证据类型")
    ruleset = None
    if config.ruleset is not None and config.ruleset.exists():
        from disclosure_rules.ruleset_loader import load_ruleset

        try:
            ruleset = load_ruleset(config.ruleset)
        except Exception:  # a bad rule set is reported by the run itself
            ruleset = None
    try:
        found = sheet_kinds(path, ruleset)
    except ValueError as exc:
        raise _fail(f"台账文件 {path}：{exc}") from exc
    except Exception as exc:
        raise _fail(f"无法打开台账文件 {path}：{type(exc).__name__}: {exc}") from exc
    if not found:
        raise _fail(f"无法确定台账文件 {path} 含哪些证据类型；"
                    "请用模板生成台账，或在设置中给出 kinds")
    return found


def collectors(config: CollectConfig) -> list[Collector]:
    """One collector per unit of the settings (see the module docstring)."""
    files = parse_settings(config.settings(PLUGIN))
    units: dict[str, list[LedgerFile]] = {}
    for entry in files:
        units.setdefault(entry.unit, []).append(entry)
    found = []
    for unit, entries in units.items():
        kinds: dict[str, None] = {}
        for entry in entries:
            kinds.update(dict.fromkeys(_kinds(entry, config.base_dir, config)))
        found.append(Collector(name=f"{PLUGIN}:{unit}", unit=unit, kinds=tuple(kinds),
                               collect=partial(collect, unit=unit), version=__version__,
                               timeout=120.0))
    return found


def collect(ctx: CollectContext, *, unit: str | None = None) -> Iterator[dict[str, Any]]:
    """Read the unit's ledger files (``unit`` as the settings spell it; default: ``ctx.unit``)
    and yield one raw record per filled row."""
    wanted = unit if unit is not None else ctx.unit
    entries = [e for e in parse_settings(ctx.settings) if e.unit == wanted]
    ctx.progress.start(len(entries))
    for entry in entries:
        path = ctx.path(entry.path)
        if not path.is_file():
            raise FileNotFoundError(f"台账文件不存在：{path}")
        ctx.progress.note(f"读取台账 {path.name}")
        result = read_ledger(path, ctx.ruleset, kind=entry.kind, encoding=entry.encoding)
        for error in result.errors:
            ctx.progress.note(str(error))
        for row in result.rows:
            record = ctx.record(row.kind, row.key, title=row.title, source=row.source)
            # fields are set apart from record()'s keywords: a kind may have a field "source"
            record["fields"] = dict(row.fields)
            yield record
        ctx.progress.advance()


@hookimpl
def disclosure_rules_collectors(
    register: Callable[[Collector], None], config: CollectConfig
) -> None:
    """Register one collector per unit of the ``ledger`` settings (none when unconfigured)."""
    for collector in collectors(config):
        register(collector)
