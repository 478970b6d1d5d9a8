"""Lesson 2, the gradient: the values its prose names as ``{{ gradient.* }}``.

The lesson's surface is the bowl $L(w_1, w_2) = w_1^2 + 3 w_2^2$: its
partial derivatives, the gradient at a few points, a gradient check of the
true gradient against a buggy one, and the best nudge $h$ for central
differences on the Rosenbrock valley.

>>> values()["worked"]["at_3_1"]
[6.0, 6.0]
>>> values()["nudge"]["default_exponent"]
-5
"""

from __future__ import annotations

import inspect

import numpy as np

from .. import _validate, gradcheck, surfaces, tables
from ..figures import landscape as figures

SURFACE = "bowl2d"
#: the points of the worked example (the first two are highlighted in the figures)
WORKED_POINTS = ((3.0, 1.0), (0.0, 2.0), (0.0, 0.0))
#: the loss with many weights: seed, number of weights, range of the curvatures
SEED = 0
WEIGHTS = 1000
CURVATURE_RANGE = (0.1, 10.0)
#: where the true and the buggy gradient (which forgot the factor 3) are checked
CHECK_POINTS = ((3.0, 1.0), (0.0, 2.0), (-1.5, 0.7))
#: the nudges tried on the Rosenbrock valley, and the point where they are tried
NUDGES = (1e-1, 1e-3, 1e-5, 1e-7, 1e-9, 1e-11)
NUDGE_POINT = (-1.0, 1.5)
#: the quiz point, Practice problem 2's point, and the colleague's gradient of Practice problem 3
QUIZ_POINT = (-2.0, 1.0)
PROBLEM2_POINT = (0.0, 2.0)
COLLEAGUE_FACTORS = (2.0, 3.0)
PROBLEM3_POINTS = {"at_1_1": (1.0, 1.0), "at_1_0": (1.0, 0.0)}


def _bowl() -> surfaces.Surface:
    return surfaces.get(SURFACE)


def formulas() -> dict:
    """The bowl's loss and its two partial derivatives, as LaTeX."""
    bowl = _bowl()
    d1, d2 = bowl.gradient_latex
    return {"loss": bowl.latex, "d1": d1, "d2": d2}


def worked() -> dict:
    """The gradient at each point of the worked example, as ``[dL/dw1, dL/dw2]``."""
    bowl = _bowl()
    names = ["at_3_1", "at_0_2", "at_0_0"]
    return {name: [float(g) + 0.0 for g in bowl.gradient(point)] for name, point in zip(names, WORKED_POINTS)}


def many_gradient() -> np.ndarray:
    """The gradient of $\\tfrac12 \\sum_i c_i w_i^2$ at random weights, made as the page's code makes it."""
    rng = np.random.default_rng(seed=SEED)
    curvature = rng.uniform(*CURVATURE_RANGE, size=WEIGHTS)
    w = rng.normal(size=WEIGHTS)
    return curvature * w


def many() -> dict:
    """The size of the largest and of the median entry of that gradient."""
    sizes = np.abs(many_gradient())
    return {"weights": WEIGHTS, "largest": sizes.max(), "median": np.median(sizes)}


def checks() -> tuple[gradcheck.GradientCheck, gradcheck.GradientCheck]:
    """The gradient check of the true gradient and of the buggy one, ``[2 w1, 2 w2]``."""
    bowl = _bowl()
    return gradcheck.check(bowl, CHECK_POINTS), gradcheck.check(bowl, CHECK_POINTS, gradient=lambda p: 2 * p)


def check() -> dict:
    """The worst relative error of each."""
    right, buggy = checks()
    return {"true_max": right.max_relative_error, "buggy_max": buggy.max_relative_error}


def nudge_errors() -> list[float]:
    """The gradient check's relative error on the Rosenbrock valley for each nudge in ``NUDGES``."""
    valley = surfaces.get("rosenbrock")
    return [gradcheck.check(valley, NUDGE_POINT, h=h).max_relative_error for h in NUDGES]


def _power(h: float) -> str:
    return f"$10^{{{round(np.log10(h))}}}$"


def nudge_table() -> str:
    """The Markdown table of relative error against nudge $h$."""
    return tables.markdown_table(["nudge $h$", "relative error"], list(zip(map(_power, NUDGES), nudge_errors())), digits=2)


def nudge() -> dict:
    """The best nudge of the table and ``gradcheck``'s default, as powers of ten."""
    errors = nudge_errors()
    best = NUDGES[int(np.argmin(errors))]
    default = inspect.signature(gradcheck.check).parameters["h"].default
    return {
        "best_exponent": round(np.log10(best)), "default_exponent": round(np.log10(default)),
        "errors": errors,
    }


def quiz() -> dict:
    """The gradient at the quiz point, and the wrong answers made from it."""
    g1, g2 = _bowl().gradient(QUIZ_POINT)
    return {"evaluate": {"g1": g1, "g2": g2, "sign_flipped": -g1, "half_g2": g2 / 2}}


def problem2() -> dict:
    """Practice problem 2: the gradient at the point, the steepest way down, and the slope along it."""
    g = _bowl().gradient(PROBLEM2_POINT)
    down = -g / np.linalg.norm(g)
    return {"g1": g[0], "g2": g[1], "down1": down[0] + 0.0, "down2": down[1] + 0.0, "norm": np.linalg.norm(g)}


def colleague(points: np.ndarray) -> np.ndarray:
    """Practice problem 3's buggy gradient ``[2 w1, 3 w2]``."""
    array = _validate.numeric_array(points, "points")
    if array.ndim == 0 or array.shape[-1] != len(COLLEAGUE_FACTORS) or array.size == 0:
        raise _validate.ArgumentError(f"points must be a point (w1, w2) or an array of them, got shape {array.shape}")
    if not np.all(np.isfinite(array)):
        raise _validate.ArgumentError(f"points must be finite, got {points!r:.60}")
    return array * np.array(COLLEAGUE_FACTORS)


def problem3() -> dict:
    """Practice problem 3: the relative error of the colleague's gradient at each point."""
    bowl = _bowl()
    return {name: gradcheck.check(bowl, point, gradient=colleague).max_relative_error for name, point in PROBLEM3_POINTS.items()}


def slices_figure() -> str:
    """The two slices through the first point of the worked example."""
    return figures.partial_slices(SURFACE, WORKED_POINTS[0])


def field_figure() -> str:
    """The gradient field, with the first two points of the worked example highlighted."""
    return figures.gradient_field(SURFACE, points=WORKED_POINTS[:2])


def values() -> dict:
    return {
        "bowl": formulas(), "worked": worked(), "many": many(), "check": check(), "nudge": nudge(),
        "quiz": quiz(), "problem2": problem2(), "problem3": problem3(),
    }
