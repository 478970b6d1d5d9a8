r"""Linear regression with one feature, trained by gradient descent.

The model predicts :math:`\hat y = w x + b` from a weight ``w`` and a bias
``b``; the cost is the mean squared error over ``n`` examples,

.. math::
    J(w, b) = \frac{1}{n} \sum_{i=1}^{n} (w x_i + b - y_i)^2,
    \qquad
    \frac{\partial J}{\partial w} = \frac{2}{n} \sum_i (w x_i + b - y_i)\, x_i,
    \qquad
    \frac{\partial J}{\partial b} = \frac{2}{n} \sum_i (w x_i + b - y_i).

Parameters are arrays whose last axis is ``(w, b)``: one setting has shape
(2,), a grid of settings (..., 2), and every function here works on the
whole grid at once. The data are 1-D arrays ``x`` and ``y`` of equal length.

>>> data = petals()
>>> w, b = least_squares(data.x, data.y)
>>> round(float(w), 4), round(float(b), 4)
(0.4158, -0.3631)
>>> float(np.linalg.norm(gradient([w, b], data.x, data.y))) < 1e-12
True
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from importlib import resources
from typing import NamedTuple

import numpy as np

from . import _validate, descent
from ._validate import ArgumentError, ArgumentTypeError

LARGEST = 1e150
"""The largest size of a feature or target the regression functions take (its square must not overflow)."""

__all__ = [
    "Dataset",
    "Fit",
    "Scaling",
    "STOP_REASONS",
    "iris",
    "petals",
    "predict",
    "cost",
    "gradient",
    "hessian",
    "condition_number",
    "largest_stable_rate",
    "least_squares",
    "standardize",
    "unscale",
    "fit",
]

IRIS_SOURCE = (
    "Anderson's iris measurements as published by R. A. Fisher (1936), from the UCI Machine Learning "
    "Repository (doi:10.24432/C56C76, CC BY 4.0), with the two entries that UCI records as transcription "
    "errors restored to Fisher's values"
)
"""Where ``data/iris.csv`` comes from, in one sentence (``data/iris.md`` has the details)."""


class Dataset(NamedTuple):
    """One feature ``x`` and one target ``y`` (shape (n,) each), with their names and units."""

    x: np.ndarray
    y: np.ndarray
    x_label: str
    y_label: str
    source: str


def iris() -> dict[str, np.ndarray]:
    """The 150 rows of ``data/iris.csv`` as columns: four float arrays (cm) and ``species`` (strings)."""
    with resources.files("gdnotes").joinpath("data/iris.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    columns = {name: np.array([float(row[name]) for row in rows]) for name in rows[0] if name != "species"}
    columns["species"] = np.array([row["species"] for row in rows])
    return columns


def petals() -> Dataset:
    """Petal length (the feature, cm) and petal width (the target, cm) of the 150 iris flowers."""
    table = iris()
    return Dataset(table["petal_length_cm"], table["petal_width_cm"], "petal length (cm)", "petal width (cm)", IRIS_SOURCE)


# ----------------------------------------------------------------- checks


def _vector(value: object, name: str) -> np.ndarray:
    array = _validate.numeric_array(value, name)
    if array.ndim != 1:
        raise ArgumentError(f"{name} must be a 1-D array of numbers, got shape {array.shape}")
    if array.size < 2:
        raise ArgumentError(f"{name} must hold at least 2 examples, got {array.size}")
    if not np.all(np.isfinite(array)):
        raise ArgumentError(f"{name} must hold finite numbers only")
    if np.max(np.abs(array)) > LARGEST:
        raise ArgumentError(f"{name} must lie between -{LARGEST:g} and {LARGEST:g} (their squares must not overflow), got {np.max(np.abs(array)):g}")
    return array


def _data(x: object, y: object) -> tuple[np.ndarray, np.ndarray]:
    x, y = _vector(x, "x"), _vector(y, "y")
    if x.shape != y.shape:
        raise ArgumentError(f"x and y must have the same length, got {x.size} and {y.size}")
    if np.ptp(x) == 0:
        raise ArgumentError("x must not be constant: with one value of x the weight and the bias cannot be told apart")
    return x, y


def _params(value: object, name: str = "params") -> np.ndarray:
    array = _validate.numeric_array(value, name)
    if array.ndim == 0 or array.shape[-1] != 2:
        raise ArgumentError(f"{name} must have a last axis of length 2 (w, b), got shape {array.shape}")
    if not np.all(np.isfinite(array)):
        raise ArgumentError(f"{name} must hold finite numbers only (a NaN or infinite w or b has no cost), got {value!r:.80}")
    return array


# ----------------------------------------------------------------- the model and its cost


def predict(params: object, x: object) -> np.ndarray:
    """``w * x + b`` for every setting in ``params`` (..., 2) and every ``x`` (n,): shape (..., n)."""
    params = _params(params)
    x = _vector(x, "x")
    return params[..., 0, None] * x + params[..., 1, None]


def _residuals(params: np.ndarray, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    return params[..., 0, None] * x + params[..., 1, None] - y


def cost(params: object, x: object, y: object) -> np.ndarray | float:
    """Mean squared error ``J(w, b)``: a float for one setting, shape (...) for a grid (..., 2)."""
    params = _params(params)
    x, y = _data(x, y)
    with np.errstate(over="ignore", invalid="ignore"):
        out = np.mean(_residuals(params, x, y) ** 2, axis=-1)
    _no_overflow(out, "cost")
    return float(out) if out.ndim == 0 else out


def gradient(params: object, x: object, y: object) -> np.ndarray:
    """``(dJ/dw, dJ/db)`` at each setting: same shape as ``params``."""
    params = _params(params)
    x, y = _data(x, y)
    with np.errstate(over="ignore", invalid="ignore"):
        out = _gradient(params, x, y)
    _no_overflow(out, "gradient")
    return out


def _no_overflow(values: np.ndarray, what: str) -> None:
    if not np.all(np.isfinite(values)):
        raise ArgumentError(f"params must be small enough for the {what} to be finite: it overflows with these params and data")


def _gradient(params: np.ndarray, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """:func:`gradient` without the checks, for any number of examples (even one)."""
    r = _residuals(params, x, y)
    return np.stack([2 * np.mean(r * x, axis=-1), 2 * np.mean(r, axis=-1)], axis=-1)


def hessian(x: object) -> np.ndarray:
    r"""The matrix of second derivatives of ``J``, the same at every ``(w, b)``:

    .. math:: H = 2 \begin{pmatrix} \overline{x^2} & \bar x \\ \bar x & 1 \end{pmatrix}

    where the bars are means over the examples. ``J`` is a quadratic bowl with this curvature.
    """
    x = _vector(x, "x")
    return 2 * np.array([[np.mean(x**2), np.mean(x)], [np.mean(x), 1.0]])


def condition_number(x: object) -> float:
    """Largest over smallest eigenvalue of :func:`hessian`: how elongated the bowl is."""
    low, high = np.linalg.eigvalsh(hessian(x))
    if low <= 0:
        raise ArgumentError("x must not be constant: the cost is then flat along one direction")
    return float(high / low)


def largest_stable_rate(x: object) -> float:
    """``2 / lambda_max`` of :func:`hessian`: gradient descent converges for every smaller rate."""
    return float(2 / np.linalg.eigvalsh(hessian(x))[-1])


def least_squares(x: object, y: object) -> np.ndarray:
    """The exact minimiser ``(w, b)`` of ``J``, from :func:`numpy.linalg.lstsq` (no descent)."""
    x, y = _data(x, y)
    design = np.column_stack([x, np.ones_like(x)])
    solution, *_ = np.linalg.lstsq(design, y, rcond=None)
    return solution


# ----------------------------------------------------------------- feature scaling


class Scaling(NamedTuple):
    """The shift and the scale of a standardised feature: ``z = (x - mean) / std``."""

    mean: float
    std: float

    def apply(self, x: object) -> np.ndarray:
        """``(x - mean) / std``."""
        return (_validate.numeric_array(x, "x") - self.mean) / self.std


def standardize(x: object) -> tuple[np.ndarray, Scaling]:
    """Shift ``x`` to mean 0 and scale it to standard deviation 1; return ``(z, scaling)``.

    With a standardised feature the mean of ``z`` is 0 and the mean of ``z**2``
    is 1, so :func:`hessian` becomes twice the identity: a round bowl,
    condition number 1.
    """
    x = _vector(x, "x")
    std = float(np.std(x))
    if std == 0:
        raise ArgumentError("x must not be constant: a constant feature cannot be scaled")
    scaling = Scaling(float(np.mean(x)), std)
    return scaling.apply(x), scaling


def unscale(params: object, scaling: Scaling) -> np.ndarray:
    """Turn ``(w, b)`` learned on the standardised feature into the same line in the original units.

    ``w_z z + b_z = (w_z / std) x + (b_z - w_z mean / std)``.
    """
    params = _params(params)
    if not isinstance(scaling, Scaling):
        raise ArgumentTypeError(f"scaling must be a Scaling from standardize(), got {type(scaling).__name__}")
    w = params[..., 0] / scaling.std
    return np.stack([w, params[..., 1] - w * scaling.mean], axis=-1)


# ----------------------------------------------------------------- training

STOP_REASONS = ("cost change", "gradient norm", "step budget", "diverged")
"""Why :func:`fit` stopped: the cost changed by less than ``cost_tolerance`` in one step; the
gradient's length fell below ``gradient_tolerance``; ``max_steps`` were taken; or the run blew up."""


@dataclass(frozen=True)
class Fit:
    """The record of one gradient-descent run of :func:`fit` that took ``k`` steps.

    Attributes:
        params: shape (k + 1, 2), the ``(w, b)`` after each step (row 0 is the start).
        costs: shape (k + 1,), the cost at each row of ``params``.
        gradients: shape (k + 1, 2), the gradient at each row of ``params``.
        stopped_by: one of :data:`STOP_REASONS`.
        learning_rate: the learning rate used.
    """

    params: np.ndarray
    costs: np.ndarray
    gradients: np.ndarray
    stopped_by: str
    learning_rate: float

    @property
    def steps(self) -> int:
        """Number of steps taken."""
        return self.params.shape[0] - 1

    @property
    def final(self) -> np.ndarray:
        """Shape (2,): the last ``(w, b)``."""
        return self.params[-1]

    @property
    def diverged(self) -> bool:
        """Whether the run blew up (``stopped_by == "diverged"``): it stopped at the step where its cost passed the limit."""
        return self.stopped_by == "diverged"

    @property
    def gradient_norms(self) -> np.ndarray:
        """Shape (k + 1,): the length of the gradient at each row of ``params``."""
        return np.linalg.norm(self.gradients, axis=-1)


class _CentredCost:
    """The cost of :func:`fit` as the descent engine's surface: ``J`` and its gradient from a few moments of the data.

    A step then costs a few float operations instead of passes over all n
    examples. Centre the data (x~ = x - x_bar, y~ = y - y_bar, bars are
    means) and let c = w x_bar + b - y_bar be the mean residual. Then, exactly,
    J = s (w - w*)^2 + J_min + c^2, dJ/dw = 2 (s (w - w*) + x_bar c), dJ/db = 2 c,
    with s = mean(x~^2), w* = mean(x~ y~) / s and J_min = mean((y~ - w* x~)^2),
    the lowest cost. This is the formula of the module docs regrouped, and it
    keeps full precision near the minimum, where expanding the square would
    cancel. The browser's trainer (regression-trainer) computes the same.
    """

    dim = 2
    name = "mean squared error"

    def __init__(self, x: np.ndarray, y: np.ndarray) -> None:
        self.x_bar, self.y_bar = float(np.mean(x)), float(np.mean(y))
        x_c, y_c = x - self.x_bar, y - self.y_bar
        self.spread = float(np.mean(x_c * x_c))
        self.w_star = float(np.mean(x_c * y_c)) / self.spread if self.spread > 0 else 0.0  # spread 0: x's spread underflowed
        self.floor = float(np.mean((y_c - self.w_star * x_c) ** 2))

    def _value_and_gradient(self, points: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        w, b = points[:, 0], points[:, 1]
        c = w * self.x_bar + b - self.y_bar
        gap = w - self.w_star
        grad = np.empty(points.shape)
        grad[:, 0], grad[:, 1] = 2 * (self.spread * gap + self.x_bar * c), 2 * c
        return self.spread * gap * gap + self.floor + c * c, grad

    def gradient_at(self, point: np.ndarray) -> np.ndarray:
        with np.errstate(all="ignore"):
            return self._value_and_gradient(np.asarray(point, dtype=float).reshape(1, 2))[1][0]


def _tolerance(value: object, name: str) -> float | None:
    return None if value is None else _validate.positive_number(value, name)


def _descend(
    objective: _CentredCost,
    alpha: float,
    start: np.ndarray,
    max_steps: int,
    cost_tolerance: float | None,
    gradient_tolerance: float | None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, str]:
    """The run of :func:`fit`: ``(params, costs, gradients, stopped_by)``, one row a step, the last without a gradient (NaN) if it diverged.

    It computes exactly what :func:`gdnotes.descent.run` computes with
    :func:`~gdnotes.optimizers.gradient_descent` on ``objective`` (the same
    floating-point operations in the same order, the same divergence test, the
    rules :func:`~gdnotes.descent.gradient_below` then
    :func:`~gdnotes.descent.loss_change_below`; ``tests/test_regression.py``
    checks the two agree bit for bit), with Python floats in place of arrays of
    one row: a step costs about a microsecond instead of fifteen, which matters
    to runs of tens of thousands of steps (lesson 8's race and its notebook's
    bisection for the largest stable rate).
    """
    x_bar, y_bar, spread, w_star, floor = objective.x_bar, objective.y_bar, objective.spread, objective.w_star, objective.floor
    limit, isfinite, sqrt, nan = descent.DIVERGENCE_LIMIT, math.isfinite, math.sqrt, math.nan
    step = -alpha
    w, b = float(start[0]), float(start[1])
    params, costs, gradients = [], [], []
    previous = nan
    stopped_by = STOP_REASONS[2]
    for k in range(max_steps + 1):
        c = w * x_bar + b - y_bar
        gap = w - w_star
        g_w, g_b = 2 * (spread * gap + x_bar * c), 2 * c
        loss = spread * gap * gap + floor + c * c
        if not (abs(w) <= limit and abs(b) <= limit and abs(loss) <= limit and isfinite(g_w) and isfinite(g_b)):
            params.append((w if isfinite(w) else nan, b if isfinite(b) else nan))
            costs.append(loss)
            gradients.append((nan, nan))
            stopped_by = STOP_REASONS[3]
            break
        params.append((w, b))
        costs.append(loss)
        gradients.append((g_w, g_b))
        if gradient_tolerance is not None and sqrt(g_w * g_w + g_b * g_b) < gradient_tolerance:
            stopped_by = STOP_REASONS[1]
            break
        if cost_tolerance is not None and abs(previous - loss) < cost_tolerance:
            stopped_by = STOP_REASONS[0]
            break
        if k == max_steps:
            break
        previous = loss
        w, b = w + step * g_w, b + step * g_b
    return np.array(params, dtype=float), np.array(costs, dtype=float), np.array(gradients, dtype=float), stopped_by


def fit(
    x: object,
    y: object,
    learning_rate: float,
    start: object = (0.0, 0.0),
    max_steps: int = 1000,
    cost_tolerance: float | None = None,
    gradient_tolerance: float | None = None,
) -> Fit:
    """Fit ``w`` and ``b`` by plain gradient descent, stopping by the first rule that fires.

    Every iteration computes the cost and the gradient at the current
    ``(w, b)``, then checks, in this order:

    1. the run diverged (cost or a parameter past
       :data:`gdnotes.descent.DIVERGENCE_LIMIT`, or not finite);
    2. ``gradient_tolerance``: the gradient is shorter than this;
    3. ``cost_tolerance``: the cost changed by less than this since the
       previous step;
    4. ``max_steps`` steps have been taken (the step budget).

    If none fires it updates ``w <- w - alpha dJ/dw`` and ``b <- b - alpha dJ/db``
    and goes round again. A tolerance of ``None`` switches that rule off.

    >>> data = petals()
    >>> run = fit(data.x, data.y, 0.05, gradient_tolerance=1e-6, max_steps=5000)
    >>> run.stopped_by, bool(np.allclose(run.final, least_squares(data.x, data.y), atol=1e-5))
    ('gradient norm', True)
    """
    x, y = _data(x, y)
    alpha = _validate.positive_number(learning_rate, "learning_rate")
    current = _params(start, "start")
    if current.shape != (2,):
        raise ArgumentError(f"start must be one setting (w, b), got shape {current.shape}")
    if not np.all(np.isfinite(current)):
        raise ArgumentError(f"start must be finite, got {start!r}")
    max_steps = _validate.count(max_steps, "max_steps")
    cost_tolerance = _tolerance(cost_tolerance, "cost_tolerance")
    gradient_tolerance = _tolerance(gradient_tolerance, "gradient_tolerance")

    objective = _CentredCost(x, y)
    params, costs, gradients, stopped_by = _descend(objective, alpha, current, max_steps, cost_tolerance, gradient_tolerance)
    if stopped_by == STOP_REASONS[3]:  # no gradient is kept where a run blew up; the record shows it, as the trainer does
        gradients[-1] = objective.gradient_at(params[-1])
    return Fit(params, costs, gradients, stopped_by, alpha)
