"""The pluggy markers of the ``disclosure_rules`` project.

Plugins import the implementation marker from the package top::

    from disclosure_rules import hookimpl
"""

from __future__ import annotations

import pluggy

PROJECT = "disclosure_rules"
"""The pluggy project name; also the entry-point group plugins are published under."""

hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)

__all__ = ["PROJECT", "hookimpl", "hookspec"]
