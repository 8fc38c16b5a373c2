"""Rule kinds: one module per kind, each holding its parameters, plan, reference semantics,
reason templates, checks and documentation; found through :mod:`.registry`.

This package's ``__init__`` imports nothing of the kinds, so the engine can import the
registry without a cycle (a kind's module imports the engine's plan).
"""

from __future__ import annotations

from .kind import RuleChecker, RuleKind

__all__ = ["RuleChecker", "RuleKind"]
