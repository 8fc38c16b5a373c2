"""The plugin host: build a plugin manager, gather the collectors plugins register.

There is no module-global manager; call :func:`get_plugin_manager` where one is needed.
Set-up order (as pytest and tox do it): hook specs → block list from the environment variable
``DISCLOSURE_RULES_BLOCK_PLUGINS`` → plugins published under the ``disclosure_rules`` entry-point
group → in-process plugins → ``check_pending()``, so a misspelt hook name fails at start-up.
"""

from __future__ import annotations

import importlib.metadata
import os
import re
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

import attrs
import pluggy
from attrs import frozen

from ..errors import Location, PluginError, Problem, did_you_mean
from ..markers import PROJECT, call_registrations, implementations
from . import hookspecs
from .collectors import CollectConfig, Collector

if TYPE_CHECKING:
    from ..reports.writer import ReportWriter
    from ..ruleset.model import Ruleset

__all__ = [
    "BLOCK_ENV",
    "PluginInfo",
    "get_collectors",
    "get_plugin_manager",
    "get_report_writers",
    "plugin_infos",
    "unknown_plugin_sections",
]

#: Comma-separated plugin names that are not loaded (``DISCLOSURE_RULES_BLOCK_PLUGINS=website``).
BLOCK_ENV = "DISCLOSURE_RULES_BLOCK_PLUGINS"

PluginSpec = object | tuple[str, object]


def get_plugin_manager(
    *, load_entrypoints: bool = True, plugins: Iterable[PluginSpec] = ()
) -> pluggy.PluginManager:
    """A new plugin manager with the installed and the given plugins registered.

    :param load_entrypoints: load plugins of installed distributions (entry-point group
        ``disclosure_rules``); False in tests that want only their own plugins.
    :param plugins: in-process plugins: modules or objects with ``@hookimpl`` functions, or
        ``(name, plugin)`` pairs to choose the name shown in reports.
    :raises PluginError: a plugin failed to import or implements a hook wrongly (wrong argument
        names, a misspelt hook), naming the plugin.
    """
    pm = pluggy.PluginManager(PROJECT)
    pm.add_hookspecs(hookspecs)
    for name in blocked_names():
        pm.set_blocked(name)
    if load_entrypoints:
        _load_entrypoints(pm)
    for spec in plugins:
        name, plugin = spec if isinstance(spec, tuple) else (None, spec)
        label = name or getattr(plugin, "__name__", None) or type(plugin).__name__
        try:
            pm.register(plugin, name=name)
        except (pluggy.PluginValidationError, ValueError) as exc:
            raise PluginError(f"无法注册插件 {label}：{exc}") from exc
    try:
        pm.check_pending()
    except pluggy.PluginValidationError as exc:
        plugin_name = pm.get_name(exc.plugin) or str(exc.plugin)
        raise PluginError(
            f"插件 {plugin_name} 实现了未知的钩子：{exc}；"
            "请检查函数名（可用的钩子见 docs/plugins.md）"
        ) from exc
    return pm


def blocked_names() -> list[str]:
    return [n.strip() for n in os.environ.get(BLOCK_ENV, "").split(",") if n.strip()]


def _load_entrypoints(pm: pluggy.PluginManager) -> None:
    seen: set[str] = set()
    for ep in importlib.metadata.entry_points(group=PROJECT):
        if ep.name in seen or pm.is_blocked(ep.name) or pm.has_plugin(ep.name):
            continue
        seen.add(ep.name)
        try:
            pm.load_setuptools_entrypoints(PROJECT, name=ep.name)
        except Exception as exc:
            raise PluginError(
                f"无法加载插件 {ep.name}（入口 {ep.value}）：{type(exc).__name__}: {exc}；"
                f"可修复或卸载该插件，或设置环境变量 {BLOCK_ENV}={ep.name} 暂时屏蔽它"
            ) from exc


# -- collectors ----------------------------------------------------------------------------------


def get_collectors(
    pm: pluggy.PluginManager, config: CollectConfig, ruleset: Ruleset | None = None
) -> tuple[Collector, ...]:
    """Call every plugin's ``disclosure_rules_collectors`` and check what it registers.

    Collectors come back with ``plugin`` filled in and ``unit`` replaced by the unit id.  The
    hook receives ``ruleset`` as its ``ruleset`` argument.  With no ``ruleset`` (listing
    collectors with ``disclosure-rules plugins`` without one) the hook gets ``None`` and units
    and kinds are not checked; a run that collects always passes one.

    :raises PluginError: listing every bad registration, each naming its plugin and the fix.
    """
    collectors: list[Collector] = []
    by_name: dict[str, Collector] = {}
    problems: list[str] = []

    def register_for(plugin: str) -> dict[str, Any]:
        def register(collector: Collector) -> None:
            checked, found = _check_collector(collector, plugin, ruleset, by_name)
            problems.extend(found)
            if checked is not None:
                by_name[checked.name] = checked
                collectors.append(checked)

        return {"register": register, "config": config, "ruleset": ruleset}

    hook = "disclosure_rules_collectors"
    call_registrations(hook, implementations(pm, hook), register_for, problems)
    if problems:
        raise PluginError("插件注册的采集器有误：\n" + "\n".join(f"  - {p}" for p in problems))
    return tuple(collectors)


def _check_collector(
    collector: Any,
    plugin: str,
    ruleset: Ruleset | None,
    by_name: Mapping[str, Collector],
) -> tuple[Collector | None, list[str]]:
    if not isinstance(collector, Collector):
        return None, [
            f"插件 {plugin}：register() 需要 disclosure_rules.collectors.Collector 对象，"
            f"实际为 {type(collector).__name__}"
        ]
    label = f"插件 {plugin} 的采集器“{collector.name}”"
    problems: list[str] = []
    if not isinstance(collector.name, str) or not collector.name.strip():
        problems.append(f"插件 {plugin}：采集器缺少名称；请用“插件名:单位”形式，如 {plugin}:tech")
    elif collector.name in by_name:
        other = by_name[collector.name].plugin
        problems.append(
            f"{label}与插件 {other} 注册的采集器重名；"
            "采集器名须唯一，请换一个（惯例为 插件名:单位）"
        )
    unit_id = collector.unit
    if ruleset is not None:
        ids = ruleset.units.resolve(collector.unit) if isinstance(collector.unit, str) else ()
        if collector.unit in ruleset.units.group_by_phrase and collector.unit not in (
            *ruleset.units.by_id, *ruleset.units.by_name
        ):
            problems.append(f"{label}：“{collector.unit}”是单位组，采集器须代表一个具体单位")
        elif not ids:
            hint = did_you_mean(str(collector.unit), ruleset.units.known_names())
            problems.append(
                f"{label}：规则集 {ruleset.id} 中没有单位“{collector.unit}”"
                + (f"（{hint}）" if hint else "；请改用规则集 units 中的 id 或名称")
            )
        elif len(ids) > 1:
            problems.append(f"{label}：“{collector.unit}”是单位组，采集器须代表一个具体单位")
        else:
            unit_id = ids[0]
    if not collector.kinds:
        problems.append(f"{label}：kinds 为空；请列出它产出的证据类型")
    for kind in collector.kinds:
        if ruleset is not None and kind not in ruleset.kind_map:
            hint = did_you_mean(str(kind), ruleset.kind_map)
            problems.append(
                f"{label}：规则集 {ruleset.id} 未声明证据类型“{kind}”"
                + (f"（{hint}）" if hint else "；请在规则集的 evidence_kinds 中声明它，或改正名称")
            )
    if not callable(collector.collect):
        problems.append(f"{label}：collect 不可调用；应为接受 CollectContext 的函数")
    timeout = collector.timeout
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or not timeout > 0:
        problems.append(f"{label}：timeout 应为正数（秒），实际为 {timeout!r}")
    if problems:
        return None, problems
    return attrs.evolve(collector, plugin=plugin, unit=unit_id), []


def unknown_plugin_sections(pm: pluggy.PluginManager, config: CollectConfig) -> list[Problem]:
    """Warnings for ``plugins:`` sections of the config no loaded plugin answers to (a typo,
    or a plugin not installed or blocked)."""
    names = [name for name, plugin in pm.list_name_plugin() if plugin is not None]
    warnings = []
    for section in config.plugins:
        if section not in names:
            where: Location = config.location(f"plugins.{section}")
            state = "已被屏蔽" if pm.is_blocked(section) else "未安装"
            message = f"配置了插件“{section}”，但该插件{state}"
            warnings.append(Problem(where, message, did_you_mean(section, names)))
    return warnings


# -- report writers ------------------------------------------------------------------------------

#: The plugin name of the built-in report writers (block it and only plugins' formats remain).
BUILTIN_REPORTS = "reports"
_FORMAT_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


def get_report_writers(pm: pluggy.PluginManager) -> dict[str, ReportWriter]:
    """Call every plugin's ``disclosure_rules_report_writers`` and check what it registers.

    The built-in writers (plugin ``reports``) are registered on ``pm`` first unless blocked.
    Returns the writers by format name, built-in ones first, each with ``plugin`` filled in.

    :raises PluginError: listing every bad registration, each naming its plugin and the fix.
    """
    from ..reports import builtin

    if not pm.has_plugin(BUILTIN_REPORTS) and not pm.is_blocked(BUILTIN_REPORTS):
        pm.register(builtin, name=BUILTIN_REPORTS)
    writers: dict[str, ReportWriter] = {}
    suffixes: dict[str, ReportWriter] = {}
    problems: list[str] = []

    def register_for(plugin: str) -> dict[str, Any]:
        def register(writer: ReportWriter) -> None:
            found = _check_writer(writer, plugin, writers, suffixes)
            problems.extend(found)
            if not found:
                checked = attrs.evolve(writer, plugin=plugin, suffixes=tuple(writer.suffixes))
                writers[checked.name] = checked
                for suffix in checked.suffixes:
                    suffixes[suffix] = checked

        return {"register": register}

    hook = "disclosure_rules_report_writers"
    # pluggy calls the last registered first; the built-in formats claim their names first
    impls = sorted(implementations(pm, hook), key=lambda item: item[0] != BUILTIN_REPORTS)
    call_registrations(hook, impls, register_for, problems)
    if problems:
        raise PluginError("插件注册的报告格式有误：\n" + "\n".join(f"  - {p}" for p in problems))
    return writers


def _check_writer(writer: Any, plugin: str, writers: Mapping[str, ReportWriter],
                  suffixes: Mapping[str, ReportWriter]) -> list[str]:
    from ..reports.writer import ReportWriter

    if not isinstance(writer, ReportWriter):
        return [f"插件 {plugin}：register() 需要 disclosure_rules.reports.writer.ReportWriter "
                f"对象，实际为 {type(writer).__name__}"]
    label = f"插件 {plugin} 的报告格式“{writer.name}”"
    problems: list[str] = []
    if not isinstance(writer.name, str) or not _FORMAT_NAME.match(writer.name):
        problems.append(f"{label}：格式名只能由小写字母、数字、- 和 _ 组成，如 csv")
    elif writer.name in writers:
        problems.append(f"{label}与插件 {writers[writer.name].plugin} 的格式重名；请换一个名称")
    if isinstance(writer.suffixes, str) or not isinstance(writer.suffixes, (tuple, list)):
        problems.append(f"{label}：suffixes 应为后缀的元组，如 (\".csv\",)")
    else:
        for suffix in writer.suffixes:
            if not isinstance(suffix, str) or not re.match(r"^\.[a-z0-9.]+$", suffix):
                problems.append(f"{label}：后缀 {suffix!r} 应以点开头、用小写，如 .csv")
            elif suffix in suffixes:
                other = suffixes[suffix]
                problems.append(f"{label}：后缀 {suffix} 已属于插件 {other.plugin} 的格式"
                                f"“{other.name}”；请换一个后缀或不声明后缀")
    if not callable(writer.write):
        problems.append(f"{label}：write 不可调用；应为 write(result, stream, options)")
    return problems


# -- listing -------------------------------------------------------------------------------------


@frozen
class PluginInfo:
    name: str
    distribution: str | None
    version: str | None
    hooks: tuple[str, ...]


def plugin_infos(pm: pluggy.PluginManager) -> tuple[PluginInfo, ...]:
    """Every registered plugin: its name, distribution and version (for entry-point plugins)
    and the hooks it implements, sorted by name."""
    dists = {id(plugin): dist for plugin, dist in pm.list_plugin_distinfo()}
    infos = []
    for name, plugin in pm.list_name_plugin():
        if plugin is None:  # blocked
            continue
        dist = dists.get(id(plugin))
        hooks = tuple(sorted(caller.name for caller in pm.get_hookcallers(plugin) or ()))
        infos.append(
            PluginInfo(
                name,
                dist.metadata["Name"] if dist is not None else None,
                dist.version if dist is not None else None,
                hooks,
            )
        )
    return tuple(sorted(infos, key=lambda i: i.name))
