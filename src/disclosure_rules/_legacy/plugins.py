"""``disclosure_rules.plugins``: the old import path of
:mod:`disclosure_rules.collect.plugins`, kept so plugins written against it keep working."""

from __future__ import annotations

from disclosure_rules.collect.plugins import (
    BLOCK_ENV,
    BUILTIN_REPORTS,
    PluginInfo,
    PluginSpec,
    blocked_names,
    get_collectors,
    get_plugin_manager,
    get_report_writers,
    plugin_infos,
    unknown_plugin_sections,
)

__all__ = [
    "BLOCK_ENV",
    "BUILTIN_REPORTS",
    "PluginInfo",
    "PluginSpec",
    "blocked_names",
    "get_collectors",
    "get_plugin_manager",
    "get_report_writers",
    "plugin_infos",
    "unknown_plugin_sections",
]
