"""Hypothesis settings for the fuzz tests: ``ci`` (the default, in ``make test``) and ``fuzz`` (``make fuzz``).

``HYPOTHESIS_PROFILE=fuzz`` selects the long run. Each of the fuzz tests runs ``max_examples`` examples:
the ``ci`` profile gives about 300 in all (a few seconds), the ``fuzz`` profile 2,500 a test, over
10,000 in all. No deadline: an example's time is not what is tested.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

FUZZ_TESTS = 5  # the number of @given tests under tests/fuzz (the totals above count on it)
_COMMON = dict(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

settings.register_profile("ci", max_examples=60, **_COMMON)
settings.register_profile("fuzz", max_examples=2_500, **_COMMON)

PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "ci")
if PROFILE not in ("ci", "fuzz"):
    PROFILE = "ci"
FUZZ = settings(settings.get_profile(PROFILE))
