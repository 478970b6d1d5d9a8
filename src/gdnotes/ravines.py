r"""Ravines and momentum on a quadratic: rates in closed form, and measured (lesson 7).

On a quadratic bowl with curvatures :math:`\mu = \lambda_{\min}` and
:math:`L = \lambda_{\max}` (condition number :math:`\kappa = L/\mu`), every
method of :mod:`gdnotes.optimizers` without adaptive scaling is a linear
iteration, so its error shrinks by a fixed factor per step in the long run:
the *convergence rate*, the largest root in size of its characteristic
polynomial over all curvatures (:func:`convergence_rate`). The best fixed
choices are classical (Polyak, 1964; see also Goh, 2017):

* plain gradient descent: :math:`\alpha = 2/(L+\mu)` gives the rate
  :math:`(\kappa-1)/(\kappa+1)` (:func:`best_gradient_descent`);
* heavy-ball momentum: :math:`\alpha = 4/(\sqrt L+\sqrt\mu)^2` and
  :math:`\beta = \big((\sqrt\kappa-1)/(\sqrt\kappa+1)\big)^2` give the rate
  :math:`(\sqrt\kappa-1)/(\sqrt\kappa+1)` (:func:`best_heavy_ball`).

:func:`steps_to_tolerance` and :func:`measured_rate` read the same facts off
a real run of :func:`gdnotes.descent.run`, so the two can be compared.

>>> best_gradient_descent([1, 25])
(0.07692307692307693, 0.9230769230769231)
>>> alpha, beta, rate = best_heavy_ball([1, 25])
>>> round(alpha, 6), round(beta, 6), round(rate, 6)
(0.111111, 0.444444, 0.666667)
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import sympy as sp

from . import _validate
from .descent import Path
from .surfaces import Surface, resolve
from ._validate import ArgumentError, ArgumentTypeError

__all__ = [
    "Distances",
    "curvatures",
    "convergence_rate",
    "best_gradient_descent",
    "best_heavy_ball",
    "distances",
    "steps_to_tolerance",
    "predicted_steps",
    "measured_rate",
]


def curvatures(surface: Surface | str) -> tuple[float, ...]:
    """The curvatures of a quadratic surface: the eigenvalues of its (constant) Hessian, smallest first.

    Raises:
        ValueError: the surface is not quadratic (its Hessian depends on the point).
    """
    surface = resolve(surface)
    hessian = sp.hessian(surface.expression, surface.variables)
    if hessian.free_symbols:
        raise ArgumentError(f"surface {surface.name!r} is not quadratic: its Hessian {hessian.tolist()} changes from point to point")
    values = np.linalg.eigvalsh(np.array(hessian.tolist(), dtype=float))
    return tuple(float(v) for v in values)


def _curvatures(values: object) -> list[float]:
    return _validate.positive_numbers(values, "curvatures")


def convergence_rate(learning_rate: float, curvatures: Sequence[float], beta: float = 0.0, nesterov: bool = False) -> float:
    r"""The factor by which the error of a run on the quadratic eventually shrinks per step.

    For each curvature :math:`\lambda` the run obeys a linear recurrence
    whose characteristic polynomial is

    * heavy ball (``torch.optim.SGD`` with momentum :math:`\beta`; plain
      gradient descent is :math:`\beta = 0`):
      :math:`z^2 - (1 + \beta - \alpha\lambda)\,z + \beta`;
    * Nesterov: :math:`z^2 - (1+\beta)(1-\alpha\lambda)\,z + \beta(1-\alpha\lambda)`.

    The rate is the largest root in absolute value over all curvatures; the
    run converges exactly when it is below 1.
    """
    alpha = _validate.positive_number(learning_rate, "learning_rate")
    lams = _curvatures(curvatures)
    beta = _validate.unit_interval(beta, "beta")
    if not isinstance(nesterov, bool):
        raise ArgumentTypeError(f"nesterov must be True or False, got {nesterov!r}")
    worst = 0.0
    for lam in lams:
        if nesterov:
            trace, product = (1 + beta) * (1 - alpha * lam), beta * (1 - alpha * lam)
        else:
            trace, product = 1 + beta - alpha * lam, beta
        roots = np.roots([1.0, -trace, product]) if product != 0.0 else np.array([trace])
        worst = max(worst, float(np.max(np.abs(roots))))
    return worst


def best_gradient_descent(curvatures: Sequence[float]) -> tuple[float, float]:
    r"""The learning rate :math:`2/(L+\mu)` that makes plain gradient descent fastest, and its rate :math:`(\kappa-1)/(\kappa+1)`.

    At that rate the flattest and the steepest direction shrink by the same
    factor, one of them flipping sign at each step: any other rate makes one
    of the two slower.
    """
    lams = _curvatures(curvatures)
    low, high = min(lams), max(lams)
    kappa = high / low
    return 2.0 / (high + low), (kappa - 1.0) / (kappa + 1.0)


def best_heavy_ball(curvatures: Sequence[float]) -> tuple[float, float, float]:
    r"""Polyak's best heavy-ball setting: :math:`(\alpha, \beta, \text{rate})`.

    :math:`\alpha = 4/(\sqrt L+\sqrt\mu)^2`,
    :math:`\beta = \big((\sqrt\kappa-1)/(\sqrt\kappa+1)\big)^2` and the rate
    is :math:`\sqrt\beta = (\sqrt\kappa-1)/(\sqrt\kappa+1)`. With these, the
    flattest and steepest directions are both critically damped. The
    ``torch.optim.SGD`` form of momentum uses the same :math:`\alpha` and
    :math:`\beta` as Polyak's form, so they plug straight into
    :func:`gdnotes.optimizers.momentum`.
    """
    lams = _curvatures(curvatures)
    low, high = min(lams), max(lams)
    root = math.sqrt(high / low)
    rate = (root - 1.0) / (root + 1.0)
    return 4.0 / (math.sqrt(high) + math.sqrt(low)) ** 2, rate**2, rate


class Distances(np.ndarray):
    """Distances to a minimum, one per step, that say whether the run diverged.

    ``diverged_at`` is the step at which the run diverged (-1: it did not);
    from that step on the distances are NaN, so that a plot against the step
    numbers simply stops there.
    """

    diverged_at: int = -1

    def __array_finalize__(self, obj: object) -> None:
        self.diverged_at = getattr(obj, "diverged_at", -1)


def distances(path: Path, start: int = 0) -> Distances:
    """Shape (n + 1,): the distance of one start of ``path`` from the surface's global minimum at every step.

    NaN from the step where the run diverged on; the result's ``diverged_at``
    says which step that is (-1: the run did not diverge).
    """
    if not isinstance(path, Path):
        raise ArgumentTypeError(f"path must be a gdnotes.descent.Path, got {type(path).__name__}")
    start = _validate.count(start, "start")
    if start >= path.positions.shape[1]:
        raise ArgumentError(f"start must be below the number of starts ({path.positions.shape[1]}), got {start}")
    if not path.surface.minima:
        raise ArgumentError(f"surface {path.surface.name!r} lists no minimum to measure the distance to")
    minimum = np.asarray(path.surface.minima[0], dtype=float)
    out = np.linalg.norm(path.trajectory(start) - minimum, axis=1)
    out = out.view(Distances)
    if path.diverged[start]:
        out[path.diverged_at[start] :] = np.nan
        out.diverged_at = int(path.diverged_at[start])
    return out


def steps_to_tolerance(path: Path, tolerance: float, start: int = 0) -> int | None:
    """The first step from which the distance to the minimum stays at or below ``tolerance`` to the end of ``path``.

    ``None`` if the run diverged or is still above the tolerance at its last
    step. A run that dips below and climbs out again (momentum can) is only
    counted once it is below for good.
    """
    tolerance = _validate.positive_number(tolerance, "tolerance")
    gaps = distances(path, start)
    if path.diverged[start]:
        return None
    above = np.nonzero(gaps > tolerance)[0]
    if above.size == 0:
        return 0
    last = int(above[-1])
    return None if last == path.steps else last + 1


def predicted_steps(rate: float, distance: float, tolerance: float) -> int | None:
    """Steps for an error that shrinks by ``rate`` per step to fall from ``distance`` to ``tolerance``.

    ``ceil(log(tolerance / distance) / log(rate))``; 0 if already there,
    ``None`` if ``rate >= 1`` (never).
    """
    rate = _validate.finite_number(rate, "rate")
    if rate < 0:
        raise ArgumentError(f"rate must be >= 0, got {rate}")
    distance = _validate.positive_number(distance, "distance")
    tolerance = _validate.positive_number(tolerance, "tolerance")
    if distance <= tolerance:
        return 0
    if rate >= 1.0:
        return None
    if rate == 0.0:
        return 1
    return math.ceil(math.log(tolerance / distance) / math.log(rate))


def measured_rate(path: Path, first: int, last: int, start: int = 0) -> float:
    """The average factor per step by which the distance shrank between steps ``first`` and ``last``.

    ``(d_last / d_first) ** (1 / (last - first))``: the geometric mean of the
    step-to-step ratios, which is what :func:`convergence_rate` predicts.
    """
    if not isinstance(path, Path):
        raise ArgumentTypeError(f"path must be a gdnotes.descent.Path, got {type(path).__name__}")
    first = _validate.count(first, "first")
    last = _validate.count(last, "last")
    if not first < last <= path.steps:
        raise ArgumentError(f"need first < last <= {path.steps} (the path's steps), got first={first}, last={last}")
    gaps = distances(path, start)
    if not (np.isfinite(gaps[last]) and gaps[first] > 0):
        raise ArgumentError(f"the distance must be positive at step {first} and finite at step {last}")
    return float((gaps[last] / gaps[first]) ** (1.0 / (last - first)))
