"""Test-wide settings.

Hypothesis: no per-example deadline (CI machines are shared and slow; a deadline there would
fail on timing, not on behaviour; for the same reason CI does not fail on slow data
generation). On CI (``CI=true``) examples are derandomized, so a run of
CI is reproducible; locally they vary, which is how new counterexamples are found.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

settings.register_profile("local", deadline=None)
settings.register_profile(
    "ci", deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile("ci" if os.environ.get("CI") == "true" else "local")
