"""disclosure-rules plugin: statements a unit signs off, as evidence of kind ``attestation``.

Settings (``plugins: attestation:`` in ``collect.yaml``):

``folder``
    where the statement files (``*.yaml``/``*.yml``, subfolders included) are; relative to
    ``collect.yaml``.
``units``
    optional list of units to collect for; by default every unit named by a statement.
``kind``
    optional evidence kind to yield (default ``attestation``).

One collector per unit, named ``attestation:<unit>``.  Each statement file becomes one record:
key = the file's path within the folder, title = its topic, fields = ``topic``, ``signed_by``,
``signed_on``, ``file_sha256`` (one ``<sha256>  <path>`` line per attached file) and, when the
rule set's kind declares them, ``statement`` and ``files``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator, Mapping
from datetime import date
from pathlib import Path
from typing import Any

from disclosure_rules import hookimpl
from disclosure_rules.collectors import CollectConfig, CollectContext, Collector
from disclosure_rules.errors import DisclosureRulesError, InputError, Location, Problem
from disclosure_rules.yaml_nodes import Reader, compose, read_text

__version__ = "0.1.0"
PLUGIN = "attestation"
KIND = "attestation"
KEYS = ("unit", "topic", "signed_by", "signed_on", "statement", "files")
REQUIRED = ("unit", "topic", "signed_by", "signed_on")


class AttestationError(DisclosureRulesError):
    """A statement file that cannot be used; the message names the file."""


@hookimpl
def disclosure_rules_collectors(
    register: Callable[[Collector], None], config: CollectConfig
) -> None:
    settings = config.settings(PLUGIN)
    if not settings:
        return
    folder = settings.get("folder")
    if not isinstance(folder, str) or not folder:
        raise ValueError(f"请在 collect.yaml 的 plugins.{PLUGIN}.folder 中写明说明文件所在目录")
    kind = str(settings.get("kind", KIND))
    units = settings.get("units")
    if units is None:
        units = _units_named(config.base_dir / folder)
    elif not isinstance(units, list) or not all(isinstance(u, str) for u in units):
        raise ValueError(f"plugins.{PLUGIN}.units 应为单位列表，如 [tech, office]")
    for unit in units:
        register(
            Collector(
                name=f"{PLUGIN}:{unit}",
                unit=unit,
                kinds=(kind,),
                collect=collect,
                version=__version__,
                timeout=60.0,
            )
        )


def _units_named(folder: Path) -> list[str]:
    """Units named by the statements of ``folder`` (statements that cannot be read are skipped
    here; the collector of their unit, or none, reports them)."""
    if not folder.is_dir():
        raise ValueError(f"说明文件目录不存在：{folder}")
    seen: dict[str, None] = {}
    for path in _statement_files(folder):
        try:
            data, _ = _read(path)
        except AttestationError:
            continue
        if isinstance(data.get("unit"), str):
            seen.setdefault(data["unit"], None)
    return list(seen)


def _statement_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file())


def _read(path: Path) -> tuple[Mapping[str, Any], list[Problem]]:
    """The statement as data, read with the host's YAML reader (size limit, strict UTF-8,
    located syntax errors), and its located problems (a key given twice) for whoever reports
    the statement; :class:`AttestationError` when it cannot be read at all."""
    try:
        node = compose(read_text(path), str(path))
    except InputError as exc:
        raise AttestationError(str(exc)) from None
    reader = Reader(str(path))
    data = reader.plain(node, "")
    if not isinstance(data, Mapping):
        raise AttestationError(f"{path}：说明文件应为 YAML 映射（unit、topic、signed_by…）")
    return data, reader.problems


def collect(context: CollectContext) -> Iterator[dict[str, Any] | Problem]:
    settings = context.settings
    folder = context.path(str(settings["folder"]))
    kind = str(settings.get("kind", KIND))
    if not folder.is_dir():
        raise AttestationError(f"说明文件目录不存在：{folder}")
    declared = context.ruleset.kind_map[kind].field_map if kind in context.ruleset.kind_map else {}
    files = _statement_files(folder)
    context.progress.start(len(files))
    for path in files:
        context.progress.note(path.name)
        data, problems = _read(path)
        unit = data.get("unit")
        if not isinstance(unit, str) or context.unit not in context.ruleset.units.resolve(unit):
            context.progress.advance()
            continue  # another unit's statement (or a bad one: checked where it belongs)
        try:
            yield from problems or [_record(context, kind, folder, path, data, declared)]
        except AttestationError as exc:
            # this statement is unusable, the unit's other statements still count
            yield Problem(Location(str(path)), str(exc).removeprefix(f"{path}："))
        context.progress.advance()


def _record(
    context: CollectContext,
    kind: str,
    folder: Path,
    path: Path,
    data: Mapping[str, Any],
    declared: Mapping[str, Any],
) -> dict[str, Any]:
    unknown = sorted(str(k) for k in data if k not in KEYS)
    if unknown:
        raise AttestationError(f"{path}：未知的键 {'、'.join(unknown)}（可用：{'、'.join(KEYS)}）")
    missing = [k for k in REQUIRED if data.get(k) in (None, "")]
    if missing:
        raise AttestationError(f"{path}：缺少 {'、'.join(missing)}")
    signed_on = data["signed_on"]
    if not isinstance(signed_on, date):
        try:
            signed_on = date.fromisoformat(str(signed_on))
        except ValueError:
            raise AttestationError(
                f"{path}：signed_on 应为日期 YYYY-MM-DD，实际为 {signed_on!r}"
            ) from None
    attached = data.get("files") or []
    if isinstance(attached, str):
        attached = [attached]
    if not isinstance(attached, list) or not all(isinstance(f, str) for f in attached):
        raise AttestationError(f"{path}：files 应为附件路径列表")
    lines = []
    for name in attached:
        file = (path.parent / name).resolve()
        if not file.is_file():
            raise AttestationError(f"{path}：附件 {name} 不存在（{file}）")
        lines.append(f"{_sha256(file)}  {name}")
    fields: dict[str, Any] = {
        "topic": str(data["topic"]),
        "signed_by": str(data["signed_by"]),
        "signed_on": signed_on,
    }
    if lines:
        fields["file_sha256"] = "\n".join(lines)
    if "statement" in declared and data.get("statement"):
        fields["statement"] = str(data["statement"])
    if "files" in declared and attached:
        fields["files"] = "\n".join(attached)
    key = path.relative_to(folder).as_posix()
    # the source as collect.yaml names it (folder/key): the same on every machine, so the
    # record's provenance does not carry where this machine keeps the files
    source = (Path(str(context.settings["folder"])) / key).as_posix()
    return context.record(kind, key, title=str(data["topic"]), source=source, **fields)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()
