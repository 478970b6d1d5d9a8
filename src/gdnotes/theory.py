r"""Closed forms for gradient descent on a quadratic.

On ``f(x) = lambda * x**2 / 2`` (curvature ``lambda``) one step of plain
gradient descent is ``x <- x - alpha * lambda * x``, so every step multiplies
``x`` by the *contraction factor* ``1 - alpha * lambda`` and

.. math:: x_n = (1 - \alpha\lambda)^n \, x_0 .

Everything here follows from that line. The 1-D bowl ``x**2`` has
``lambda = 2``, hence the factor ``1 - 2 alpha`` of lesson 4.

>>> contraction_factor(0.1, curvature=2)
0.8
>>> regime(0.6, curvature=2)
'zigzags but converges'
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from . import _validate

__all__ = [
    "REGIMES",
    "contraction_factor",
    "regime",
    "largest_stable_rate",
    "iterate",
    "steps_to_tolerance",
    "largest_rate_for_tolerance",
    "condition_number",
]

REGIMES = ("converges", "converges in one step", "zigzags but converges", "oscillates forever", "diverges")
"""The regime names that :func:`regime` can return, in order of growing learning rate."""


def contraction_factor(learning_rate: float, curvature: float = 2.0) -> float:
    """The multiplier ``1 - learning_rate * curvature`` applied to x by each step."""
    alpha = _validate.positive_number(learning_rate, "learning_rate")
    lam = _validate.positive_number(curvature, "curvature")
    return 1.0 - alpha * lam


def regime(learning_rate: float, curvature: float = 2.0, *, rel_tol: float = 1e-12) -> str:
    """Name what plain gradient descent does on a quadratic of this curvature.

    One of :data:`REGIMES`: with ``r = learning_rate * curvature``,
    ``r < 1`` converges (straight down), ``r == 1`` lands on the minimum in one step,
    ``1 < r < 2`` zigzags but converges, ``r == 2`` bounces between ``x0`` and
    ``-x0`` forever, ``r > 2`` diverges. Equality is judged to ``rel_tol``.
    """
    alpha = _validate.positive_number(learning_rate, "learning_rate")
    lam = _validate.positive_number(curvature, "curvature")
    r = alpha * lam
    if math.isclose(r, 1.0, rel_tol=rel_tol):
        return REGIMES[1]
    if math.isclose(r, 2.0, rel_tol=rel_tol):
        return REGIMES[3]
    if r < 1.0:
        return REGIMES[0]
    if r < 2.0:
        return REGIMES[2]
    return REGIMES[4]


def largest_stable_rate(curvatures: float | Sequence[float] = 2.0) -> float:
    """The bound ``2 / max(curvature)``: gradient descent converges iff the rate is below it."""
    if isinstance(curvatures, (str, bytes)) or not (isinstance(curvatures, Sequence) or np.ndim(curvatures) > 0):
        return 2.0 / _validate.positive_number(curvatures, "curvatures")
    return 2.0 / max(_validate.positive_numbers(curvatures, "curvatures"))


def iterate(start: float, learning_rate: float, steps: int, curvature: float = 2.0) -> float:
    """The closed form ``x_n = (1 - learning_rate * curvature) ** steps * start``.

    A diverging iterate too large for a float is returned as an infinity
    of the right sign, not raised as an error.
    """
    x0 = _validate.finite_number(start, "start")
    n = _validate.count(steps, "steps")
    factor = contraction_factor(learning_rate, curvature)
    try:
        power = factor**n
    except OverflowError:
        power = math.copysign(math.inf, factor if n % 2 else 1.0)
    return power * x0 if x0 != 0.0 else 0.0


def steps_to_tolerance(learning_rate: float, start: float, tolerance: float, curvature: float = 2.0) -> int | None:
    """Fewest steps ``n`` with ``|x_n| <= tolerance``, or ``None`` if that never happens."""
    x0 = abs(_validate.finite_number(start, "start"))
    tol = _validate.positive_number(tolerance, "tolerance")
    factor = abs(contraction_factor(learning_rate, curvature))
    if x0 <= tol:
        return 0
    if factor == 0.0:
        return 1
    if factor >= 1.0:
        return None
    n = math.ceil(math.log(tol / x0) / math.log(factor))
    # guard the last step against rounding in the logarithms
    while n > 0 and factor ** (n - 1) * x0 <= tol:
        n -= 1
    while factor**n * x0 > tol:
        n += 1
    return n


def largest_rate_for_tolerance(start: float, steps: int, tolerance: float, curvature: float = 2.0) -> float:
    """The supremum of rates ``alpha`` with ``|x_steps| < tolerance`` from ``start``.

    Solving ``|1 - alpha * lambda| ** steps * |start| < tolerance`` for the large
    side gives ``alpha < (1 + (tolerance / |start|) ** (1 / steps)) / lambda``.
    """
    x0 = abs(_validate.finite_number(start, "start"))
    n = _validate.count(steps, "steps", minimum=1)
    tol = _validate.positive_number(tolerance, "tolerance")
    lam = _validate.positive_number(curvature, "curvature")
    if x0 == 0.0:
        raise ValueError("start must be non-zero: from 0 every rate meets any tolerance")
    return (1.0 + (tol / x0) ** (1.0 / n)) / lam


def condition_number(curvatures: Sequence[float]) -> float:
    """``max(curvature) / min(curvature)``: how much steeper the steepest direction is than the flattest."""
    lams = _validate.positive_numbers(curvatures, "curvatures")
    return max(lams) / min(lams)
