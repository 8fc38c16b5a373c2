"""disclosure-rules: 政务公开 duty tables as executable rules.

The stable API for embedding tools is what this module exports; everything else is internal.
"""

from __future__ import annotations

from .markers import hookimpl

__version__ = "0.1.0"

__all__ = ["__version__", "hookimpl"]
