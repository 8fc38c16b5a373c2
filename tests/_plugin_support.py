"""Shared helpers of the plugin and collection tests (not a test module)."""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any

from disclosure_rules.model import Ruleset
from disclosure_rules.ruleset_loader import load_ruleset

FIXTURES = Path(__file__).parent / "fixtures"
MINI = FIXTURES / "mini.yaml"


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
