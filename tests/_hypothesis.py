"""Hypothesis settings shared by the package's property tests.

``PROPERTY`` keeps the whole package suite well under a minute on two cores.
Set ``GDNOTES_HYPOTHESIS_EXAMPLES`` to search harder (for example 2000 before
a release). No example database is written into the repository.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

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
