r"""Check a gradient numerically, with central differences.

A gradient written by hand is easy to get wrong and hard to notice: a
wrong sign or a missing factor still gives descent that *runs*. The cure is
to compare it with what the loss itself says. Nudge one parameter by a
small ``h`` either way, holding the others fixed, and divide the change in
loss by ``2h``:

.. math::

    \frac{\partial L}{\partial w_i} \approx \frac{L(w + h e_i) - L(w - h e_i)}{2h}

where :math:`e_i` is the unit vector along parameter :math:`i`. The error of
this estimate shrinks like :math:`h^2`, until round-off (which grows like
:math:`1/h`) takes over; ``h = 1e-5`` suits losses of moderate size in
double precision.

>>> from gdnotes import surfaces
>>> result = check(surfaces.get("bowl2d"), [3.0, 1.0])
>>> result.analytic.tolist(), result.numeric.round(6).tolist()
([[6.0, 6.0]], [[6.0, 6.0]])
>>> bool(result.max_relative_error < 1e-8)
True
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

import numpy as np

from . import _validate
from .surfaces import Surface, resolve
from ._validate import ArgumentError, ArgumentTypeError

__all__ = ["GradientCheck", "central_differences", "check"]


def central_differences(surface: Surface | str, points: object, h: float = 1e-5) -> np.ndarray:
    """The gradient of ``surface`` at ``points`` estimated by central differences.

    Args:
        surface: a :class:`~gdnotes.surfaces.Surface` or the name of one.
        points: one point (shape (d,), or a number for a 1-D surface) or
            many, shape (m, d).
        h: the nudge, > 0.

    Returns:
        Shape (m, d): entry ``[k, i]`` estimates the partial derivative in
        coordinate ``i`` at point ``k``.
    """
    surface = resolve(surface)
    h = _validate.positive_number(h, "h")
    array = _validate.points(points, surface.dim, "points")
    return _differences(surface, array, h)[0]


def _differences(surface: Surface, array: np.ndarray, h: float) -> tuple[np.ndarray, np.ndarray]:
    """Central differences, shape (m, d), and how far off they may be, same shape.

    Two things limit the estimate. Truncation: its error shrinks like ``h**2``,
    so comparing the estimates with nudges ``h`` and ``2h`` measures it (their
    difference is about three times the error at ``h``). Round-off: each loss
    is only known to about one unit in the last place, which costs about
    ``eps * (|L(w + h e_i)| + |L(w - h e_i)|) / (2 h)``.
    """
    estimate = np.empty_like(array)
    uncertainty = np.empty_like(array)
    eps = np.finfo(float).eps
    with np.errstate(all="ignore"):
        for i in range(surface.dim):
            nudge = np.zeros(surface.dim)
            nudge[i] = h
            above, below = surface.value(array + nudge), surface.value(array - nudge)
            estimate[:, i] = (above - below) / (2 * h)
            coarse = (surface.value(array + 2 * nudge) - surface.value(array - 2 * nudge)) / (4 * h)
            round_off = eps * (np.abs(above) + np.abs(below)) / (2 * h)
            uncertainty[:, i] = np.abs(coarse - estimate[:, i]) / 3 + round_off
    return estimate, uncertainty


class GradientCheck(NamedTuple):
    """The outcome of :func:`check` at ``m`` points in ``d`` dimensions.

    Attributes:
        points: shape (m, d), where the gradient was checked.
        analytic: shape (m, d), the gradient being checked.
        numeric: shape (m, d), the central-difference estimate.
        difference: shape (m, d), ``analytic - numeric``.
        uncertainty: shape (m, d), how far the numeric estimate itself may be
            off: its truncation error (estimated by redoing it with nudge ``2h``)
            plus round-off.
        relative_error: shape (m,), ``|analytic - numeric| / (|analytic| + |numeric|)``
            per point (Euclidean norms); 0 where both vanish. (A point where
            the loss overflows, or the gradient is not finite, is refused by
            :func:`check`: nothing could be compared there.) Where the gradient is about as small
            as the uncertainty (right at a minimum) this ratio says nothing,
            which :meth:`passed` takes into account.
    """

    points: np.ndarray
    analytic: np.ndarray
    numeric: np.ndarray
    difference: np.ndarray
    uncertainty: np.ndarray
    relative_error: np.ndarray

    @property
    def max_relative_error(self) -> float:
        """The worst relative error over the points."""
        return float(np.max(self.relative_error))

    def passed(self, tolerance: float = 1e-6) -> bool:
        """Whether, at every point, the relative error is at most ``tolerance``
        or the difference is within the uncertainty of the numeric estimate
        (a gradient too small to measure, as at a minimum, cannot be judged
        and is not flagged)."""
        tolerance = _validate.positive_number(tolerance, "tolerance")
        with np.errstate(all="ignore"):
            within_uncertainty = np.linalg.norm(self.difference, axis=1) <= 10 * np.linalg.norm(self.uncertainty, axis=1)
        checked = np.isfinite(self.relative_error)  # NaN: the numbers overflowed, nothing could be compared
        return bool(np.all(checked & ((self.relative_error <= tolerance) | within_uncertainty)))


def check(
    surface: Surface | str,
    points: object,
    gradient: Callable[[np.ndarray], object] | None = None,
    h: float = 1e-5,
) -> GradientCheck:
    """Compare an analytic gradient with central differences of the loss.

    Args:
        surface: whose loss gives the numeric estimate; a Surface or a name.
        points: one point or many (as for :func:`central_differences`).
        gradient: the gradient to check, a function from points of shape
            (m, d) to gradients of shape (m, d). Default: the surface's own
            ``surface.gradient``.
        h: the nudge of the central differences, > 0.

    Relative errors of about 1e-7 or below mean the gradient agrees with
    the loss; errors anywhere near 1 mean it is wrong.
    """
    surface = resolve(surface)
    array = _validate.points(points, surface.dim, "points")
    if gradient is None:
        gradient = surface.gradient
    elif not callable(gradient):
        raise ArgumentTypeError(f"gradient must be a function of the points, got {type(gradient).__name__}")
    h = _validate.positive_number(h, "h")
    numeric, uncertainty = _differences(surface, array, h)
    with np.errstate(all="ignore"):  # a huge point may overflow: that shows up as inf or NaN, not as warnings
        analytic = np.asarray(gradient(array), dtype=float)
        if analytic.shape != array.shape:
            if analytic.size != array.size:
                raise ArgumentError(f"gradient must return shape {array.shape} for points of shape {array.shape}, got {analytic.shape}")
            analytic = analytic.reshape(array.shape)
        difference = analytic - numeric
        relative = _relative_error(analytic, numeric)
    _comparable(array, analytic, numeric)
    return GradientCheck(array, analytic, numeric, difference, uncertainty, relative)


def _comparable(array: np.ndarray, analytic: np.ndarray, numeric: np.ndarray) -> None:
    """Refuse a check that could compare nothing: an overflowing loss or a NaN/inf gradient is not a pass (nor a result)."""
    numeric_bad = ~np.all(np.isfinite(numeric), axis=1)
    if numeric_bad.any():
        i = int(np.argmax(numeric_bad))
        raise ArgumentError(
            f"points must be small enough for the loss to be finite around them: at points[{i}] = {array[i].tolist()} "
            "it overflows, so the central differences (and the check) mean nothing there"
        )
    analytic_bad = ~np.all(np.isfinite(analytic), axis=1)
    if analytic_bad.any():
        i = int(np.argmax(analytic_bad))
        raise ArgumentError(f"gradient must return finite numbers, got {analytic[i].tolist()} at points[{i}] = {array[i].tolist()}")


def _relative_error(analytic: np.ndarray, numeric: np.ndarray) -> np.ndarray:
    """``|a - n| / (|a| + |n|)`` per row, computed on rows scaled by their largest entry so that huge gradients
    (at a point of size 1e300, say) do not overflow; 0 where both vanish, NaN where either is not finite."""
    largest = np.maximum(np.max(np.abs(analytic), axis=1), np.max(np.abs(numeric), axis=1))
    finite = np.all(np.isfinite(analytic), axis=1) & np.all(np.isfinite(numeric), axis=1)
    unit = np.where(finite & (largest > 0), largest, 1.0)[:, None]
    a, n = analytic / unit, numeric / unit
    scale = np.linalg.norm(a, axis=1) + np.linalg.norm(n, axis=1)
    relative = np.where(scale > 0, np.linalg.norm(a - n, axis=1) / np.where(scale > 0, scale, 1.0), 0.0)
    return np.where(finite, relative, np.nan)


