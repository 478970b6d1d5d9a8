"""Hypothesis settings shared by the package's property tests.

``PROPERTY`` keeps the whole package suite well under a minute on two cores.
Set ``GDNOTES_HYPOTHESIS_EXAMPLES`` to search harder (for example 2000 before
a release). No example database is written into the repository.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, Phase, settings

EXAMPLES = int(os.environ.get("GDNOTES_HYPOTHESIS_EXAMPLES", "120"))

PROPERTY = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
    print_blob=True,
)
"""For properties that only evaluate closed forms or run a few steps."""

SLOW_PROPERTY = settings(PROPERTY, max_examples=max(EXAMPLES // 4, 10))
"""For properties that build a new surface or run long paths in every example."""

FUZZ_PROFILE = os.environ.get("GDNOTES_FUZZ", "short")
"""``short`` (the default, for ``make test``) or ``thorough`` (``make fuzz``)."""

if FUZZ_PROFILE not in ("short", "thorough"):
    raise ValueError(f"GDNOTES_FUZZ must be 'short' or 'thorough', got {FUZZ_PROFILE!r}")

THOROUGH = FUZZ_PROFILE == "thorough"

FUZZ = settings(
    PROPERTY,
    max_examples=int(os.environ.get("GDNOTES_FUZZ_EXAMPLES", "60" if THOROUGH else "3")),
    suppress_health_check=list(HealthCheck),
    print_blob=False,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],  # no shrinking: the failure message already names every argument
)
"""For ``tests/test_api_fuzz.py``: hostile calls to every public function.

The short profile makes a few calls per function (the whole file in well
under 30 s on one core); the thorough one many more, and also calls the
functions that take no argument.
"""

FUZZ_SECONDS = float(os.environ.get("GDNOTES_FUZZ_SECONDS", "10" if THOROUGH else "1"))
"""CPU seconds one fuzzed call may take before it is stopped and reported as slow."""

FUZZ_BUDGET = float(os.environ.get("GDNOTES_FUZZ_BUDGET", "30" if THOROUGH else "2"))
"""CPU seconds of calls per function, after which its remaining examples are skipped (slow timing functions)."""
