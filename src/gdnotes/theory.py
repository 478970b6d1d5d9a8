r"""Closed forms for gradient descent on a quadratic.

On ``f(x) = lambda * x**2 / 2`` (curvature ``lambda``) one step of plain
gradient descent is ``x <- x - alpha * lambda * x``, so every step multiplies
``x`` by the *contraction factor* ``1 - alpha * lambda`` and

.. math:: x_n = (1 - \alpha\lambda)^n \, x_0 .

Everything here follows from that line. The 1-D bowl ``x**2`` has
``lambda = 2``, hence the factor ``1 - 2 alpha`` of lesson 4.

The second half does the same for heavy-ball momentum (lesson 7), whose step
multiplies the pair of the last two positions by a 2×2 matrix
(:func:`heavy_ball_matrix`): its rate over a whole grid of learning rates
and momenta (:func:`momentum_map`, the data of the widget ``momentum-map``),
the closed-form region where it converges (:func:`heavy_ball_converges`) and
what the slowest direction does there (:func:`heavy_ball_regime`).

>>> contraction_factor(0.1, curvature=2)
0.8
>>> regime(0.6, curvature=2)
'zigzags but converges'
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import NamedTuple

import numpy as np

from . import _validate
from ._validate import ArgumentError

__all__ = [
    "REGIMES",
    "Overflow",
    "contraction_factor",
    "regime",
    "largest_stable_rate",
    "iterate",
    "steps_to_tolerance",
    "largest_rate_for_tolerance",
    "condition_number",
    "HEAVY_BALL_REGIMES",
    "heavy_ball_matrix",
    "heavy_ball_radius",
    "heavy_ball_converges",
    "heavy_ball_regime",
    "MomentumMap",
    "momentum_map",
]

REGIMES = ("converges", "converges in one step", "zigzags but converges", "oscillates forever", "diverges")
"""The regime names that :func:`regime` can return, in order of growing learning rate."""


def contraction_factor(learning_rate: float, curvature: float = 2.0) -> float:
    """The multiplier ``1 - learning_rate * curvature`` applied to x by each step."""
    alpha = _validate.positive_number(learning_rate, "learning_rate")
    lam = _validate.positive_number(curvature, "curvature")
    factor = 1.0 - alpha * lam
    if not math.isfinite(factor):
        raise ArgumentError(f"learning_rate * curvature must be finite, got {alpha:g} * {lam:g}")
    return factor


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
    rel_tol = _validate.positive_number(rel_tol, "rel_tol")
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
    of the right sign, not raised as an error: an :class:`Overflow`, a float
    whose ``diverged`` says so.
    """
    x0 = _validate.finite_number(start, "start")
    n = _validate.count(steps, "steps")
    factor = contraction_factor(learning_rate, curvature)
    try:
        power = factor**n
    except OverflowError:
        power = math.copysign(math.inf, factor if n % 2 else 1.0)
    if x0 == 0.0:
        return 0.0
    with np.errstate(over="ignore"):
        result = power * x0
    return result if math.isfinite(result) else Overflow(result)


class Overflow(float):
    """An iterate past the largest float: an infinity (of the right sign) that says the run diverged."""

    diverged = True


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
        raise ArgumentError("start must be non-zero: from 0 every rate meets any tolerance")
    return (1.0 + (tol / x0) ** (1.0 / n)) / lam


def condition_number(curvatures: Sequence[float]) -> float:
    """``max(curvature) / min(curvature)``: how much steeper the steepest direction is than the flattest."""
    lams = _validate.positive_numbers(curvatures, "curvatures")
    return max(lams) / min(lams)


# ------------------------------------------------------------- the heavy ball on a quadratic
#
# Momentum in the form of gdnotes.optimizers.momentum (torch.optim.SGD),
# v <- beta v + grad, w <- w - alpha v, is on the quadratic lambda x**2 / 2 the
# recurrence w_{k+1} = (1 + beta - alpha lambda) w_k - beta w_{k-1} (substitute
# alpha v_k = w_{k-1} - w_k). The pair (w_k, w_{k-1}) is multiplied at each step
# by the matrix [[1 + beta - alpha lambda, -beta], [1, 0]], and v_0 = 0 means
# w_{-1} = w_0. Its eigenvalues are the roots of z**2 - (1 + beta - alpha lambda) z + beta:
# the same matrix as Polyak's form x <- x - alpha grad + beta (x - x_prev)
# (Polyak, 1964; Goh, 2017).

HEAVY_BALL_REGIMES = ("creeps", "zigzags", "swings", "does not converge")
"""What the slowest direction does, as :func:`heavy_ball_regime` names it.

``creeps``: its two roots are real and the larger is positive (overdamped, the
distance shrinks without changing sign); ``zigzags``: the larger root is
negative (it flips sign at every step); ``swings``: the roots are complex
(underdamped, it spirals in, at the rate ``sqrt(beta)``); ``does not
converge``: the rate is 1 or more."""


def _rates_array(values: object, name: str) -> np.ndarray:
    array = _validate.numeric_array(values, name)
    if not np.all(np.isfinite(array)):
        raise ArgumentError(f"{name} must be finite numbers, got {values!r}")
    if np.any(array <= 0):
        raise ArgumentError(f"{name} must be positive, got {values!r}")
    return array


def _betas_array(values: object, name: str) -> np.ndarray:
    array = _validate.numeric_array(values, name)
    if not np.all(np.isfinite(array)) or np.any(array < 0) or np.any(array >= 1):
        raise ArgumentError(f"{name} must be in [0, 1), got {values!r}")
    return array


def heavy_ball_matrix(learning_rate: float, beta: float, curvature: float) -> np.ndarray:
    r"""The 2×2 matrix that one momentum step applies to :math:`(w_k, w_{k-1})` on :math:`\lambda w^2/2`.

    .. math:: \begin{pmatrix} 1 + \beta - \alpha\lambda & -\beta \\ 1 & 0 \end{pmatrix}

    >>> heavy_ball_matrix(0.1, 0.5, 2.0).tolist()
    [[1.3, -0.5], [1.0, 0.0]]
    """
    alpha = _validate.positive_number(learning_rate, "learning_rate")
    beta = _validate.unit_interval(beta, "beta")
    lam = _validate.positive_number(curvature, "curvature")
    return np.array([[1.0 + beta - alpha * lam, -beta], [1.0, 0.0]])


def _radius_and_kind(alpha: np.ndarray, beta: np.ndarray, lam: float) -> tuple[np.ndarray, np.ndarray]:
    """Spectral radius of :func:`heavy_ball_matrix` for one curvature, and its kind (an index of HEAVY_BALL_REGIMES)."""
    trace = 1.0 + beta - alpha * lam
    disc = trace * trace - 4.0 * beta
    real = disc > 0
    radius = np.where(real, (np.abs(trace) + np.sqrt(np.where(real, disc, 0.0))) / 2.0, np.sqrt(beta))
    kind = np.where(real, np.where(trace > 0, 0, 1), 2)
    return radius, kind


def _broadcast(alpha: np.ndarray, beta: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    try:
        return np.broadcast_arrays(alpha, beta)
    except ValueError:
        raise ArgumentError(f"learning_rates and betas must broadcast together, got shapes {alpha.shape} and {beta.shape}") from None


def heavy_ball_radius(learning_rates: object, betas: object, curvatures: Sequence[float]) -> np.ndarray:
    r"""The heavy ball's rate: the spectral radius of :func:`heavy_ball_matrix`, largest over the curvatures.

    The roots of :math:`z^2 - t z + \beta` with :math:`t = 1 + \beta - \alpha\lambda`
    are real when :math:`t^2 > 4\beta`, and the larger in size is then
    :math:`(|t| + \sqrt{t^2 - 4\beta})/2`; otherwise both have size
    :math:`\sqrt\beta`. ``learning_rates`` and ``betas`` broadcast against each
    other (numbers or arrays); the result has their broadcast shape. The
    same numbers as :func:`gdnotes.ravines.convergence_rate`, for a whole grid at once.

    >>> float(heavy_ball_radius(1 / 9, 4 / 9, [1, 25]))  # Polyak's best setting for curvatures 1 and 25
    0.6666666666666666
    """
    alpha = _rates_array(learning_rates, "learning_rates")
    beta = _betas_array(betas, "betas")
    lams = _validate.positive_numbers(curvatures, "curvatures")
    alpha, beta = _broadcast(alpha, beta)
    return np.max([_radius_and_kind(alpha, beta, lam)[0] for lam in lams], axis=0)


def heavy_ball_converges(learning_rates: object, betas: object, curvatures: Sequence[float]) -> np.ndarray:
    r"""The closed form of the region where the heavy ball converges: :math:`0 < \alpha\lambda < 2(1 + \beta)` for every curvature.

    (With :math:`0 \le \beta < 1`, the Schur–Cohn conditions for
    :math:`z^2 - t z + \beta` to have both roots inside the unit circle,
    :math:`|\beta| < 1` and :math:`|t| < 1 + \beta`.) Its edge,
    :math:`\alpha = 2(1 + \beta)/\lambda_{\max}`, is where the rate is exactly 1.

    >>> heavy_ball_converges([0.05, 0.1], 0.0, [1, 25]).tolist()
    [True, False]
    """
    alpha = _rates_array(learning_rates, "learning_rates")
    beta = _betas_array(betas, "betas")
    top = max(_validate.positive_numbers(curvatures, "curvatures"))
    alpha, beta = _broadcast(alpha, beta)
    return alpha * top < 2.0 * (1.0 + beta)


def _regimes(alpha: np.ndarray, beta: np.ndarray, lams: list[float]) -> tuple[np.ndarray, np.ndarray]:
    """Rates and regime indices (HEAVY_BALL_REGIMES) on broadcast arrays: the kind of the slowest direction."""
    pairs = [_radius_and_kind(alpha, beta, lam) for lam in lams]
    radii = np.array([p[0] for p in pairs])
    kinds = np.array([p[1] for p in pairs])
    slowest = np.argmax(radii, axis=0)
    rate = np.take_along_axis(radii, slowest[None], axis=0)[0]
    kind = np.take_along_axis(kinds, slowest[None], axis=0)[0]
    top = max(lams)
    kind = np.where(alpha * top < 2.0 * (1.0 + beta), kind, 3)
    return rate, kind


def heavy_ball_regime(learning_rate: float, beta: float, curvatures: Sequence[float]) -> str:
    """What the slowest direction of the heavy ball does at ``(learning_rate, beta)``: one of :data:`HEAVY_BALL_REGIMES`.

    >>> [heavy_ball_regime(a, b, [1, 25]) for a, b in [(0.01, 0.1), (0.079, 0.0), (0.02, 0.9), (0.2, 0.5)]]
    ['creeps', 'zigzags', 'swings', 'does not converge']
    """
    alpha = _validate.positive_number(learning_rate, "learning_rate")
    b = _validate.unit_interval(beta, "beta")
    lams = _validate.positive_numbers(curvatures, "curvatures")
    _, kind = _regimes(np.asarray(alpha), np.asarray(b), lams)
    return HEAVY_BALL_REGIMES[int(kind)]


class MomentumMap(NamedTuple):
    """The heavy ball's rate over a grid of learning rates and momenta (:func:`momentum_map`)."""

    curvatures: tuple[float, ...]
    learning_rates: np.ndarray
    """Shape (n,): the grid's learning rates, increasing."""
    betas: np.ndarray
    """Shape (m,): the grid's momenta, increasing."""
    rates: np.ndarray
    """Shape (m, n): ``rates[j, i]`` is the rate at ``(learning_rates[i], betas[j])``."""
    regimes: np.ndarray
    """Shape (m, n): indices into :data:`HEAVY_BALL_REGIMES`."""


def momentum_map(curvatures: Sequence[float], learning_rates: object, betas: object) -> MomentumMap:
    """The heavy ball's rate and regime at every point of the grid ``learning_rates`` × ``betas``.

    >>> grid = momentum_map([1, 25], [0.02, 0.1, 0.2], [0.0, 0.5])
    >>> grid.rates.round(3).tolist()
    [[0.98, 1.5, 4.0], [0.958, 0.707, 3.351]]
    >>> [HEAVY_BALL_REGIMES[k] for k in grid.regimes[1]]
    ['creeps', 'swings', 'does not converge']
    """
    lams = tuple(_validate.positive_numbers(curvatures, "curvatures"))
    alphas = _rates_array(learning_rates, "learning_rates")
    bs = _betas_array(betas, "betas")
    for name, array in (("learning_rates", alphas), ("betas", bs)):
        if array.ndim != 1 or array.size == 0 or np.any(np.diff(array) <= 0):
            raise ArgumentError(f"{name} must be a non-empty increasing 1-D sequence, got {array.tolist()!r}")
    a, b = np.meshgrid(alphas, bs)
    rates, kinds = _regimes(a, b, list(lams))
    return MomentumMap(lams, alphas, bs, rates, kinds.astype(int))
