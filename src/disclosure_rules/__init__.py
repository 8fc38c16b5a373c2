"""disclosure-rules: 政务公开 duty tables as executable rules."""

from __future__ import annotations

__version__ = "0.1.0"
