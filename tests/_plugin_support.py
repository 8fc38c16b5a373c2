"""Shared helpers of the plugin and collection tests (not a test module)."""

from __future__ import annotations

import contextlib
import functools
import importlib
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from disclosure_rules.ruleset.loader import load_ruleset
from disclosure_rules.ruleset.model import Ruleset

FIXTURES = Path(__file__).parent / "fixtures"
MINI = FIXTURES / "mini.yaml"


PIP = [sys.executable, "-m", "pip", "--disable-pip-version-check"]


def uninstall(dist: str, module: str) -> None:
    subprocess.run([*PIP, "uninstall", "-y", "-q", dist], capture_output=True, check=False)
    sys.modules.pop(module, None)
    importlib.invalidate_caches()


def plugin_package(folder: Path, dist: str, module: str, entry: str, code: str,
                   version: str = "0.0.1") -> Path:
    """Write a throw-away plugin distribution into ``folder``: a pyproject.toml declaring the
    entry point ``entry = module`` of group ``disclosure_rules``, and ``code`` as the module."""
    (folder / "src" / module).mkdir(parents=True)
    (folder / "pyproject.toml").write_text(f"""\
[build-system]
requires = ["setuptools>=70.1"]
build-backend = "setuptools.build_meta"

[project]
name = "{dist}"
version = "{version}"
dependencies = ["disclosure-rules"]

[project.entry-points.disclosure_rules]
{entry} = "{module}"
""", encoding="utf-8")
    (folder / "src" / module / "__init__.py").write_text(code, encoding="utf-8")
    return folder


@contextlib.contextmanager
def installed_package(package: Path, dist: str, module: str) -> Iterator[Path]:
    """Install the package folder with pip (offline, no build isolation) for the block; it is
    uninstalled afterwards even when the block fails."""
    uninstall(dist, module)  # leftovers of an interrupted run
    try:
        subprocess.run(
            [*PIP, "install", "-q", "--no-deps", "--no-build-isolation", "--no-index",
             str(package)],
            check=True, capture_output=True, text=True, timeout=120,
        )
        importlib.invalidate_caches()
        yield package
    finally:
        uninstall(dist, module)


@functools.cache
def mini_ruleset() -> Ruleset:
    """Units office, tech (科技科), port; kinds publication, training_record, attestation."""
    return load_ruleset(MINI)


class FuncPlugin:
    """An in-process plugin whose ``disclosure_rules_collectors`` calls ``body(register)``."""

    def __init__(self, body: Callable[[Callable[..., None]], Any]) -> None:
        self.body = body

    from disclosure_rules.markers import hookimpl as _hookimpl

    @_hookimpl
    def disclosure_rules_collectors(self, register: Callable[..., None]) -> None:
        self.body(register)

