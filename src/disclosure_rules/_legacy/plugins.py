"""``disclosure_rules.plugins``: the old import path of
:mod:`disclosure_rules.collect.plugins`, kept so plugins written against it keep working.

Any other name of that module is looked up there on first use."""

from __future__ import annotations

from typing import Any

import disclosure_rules.collect.plugins as _moved
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


def __getattr__(name: str) -> Any:
    return getattr(_moved, name)
