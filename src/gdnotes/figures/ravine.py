"""Figures for lesson 7: ravines and momentum.

* :func:`zigzag`: plain gradient descent on the ravine, ping-ponging across
  it and crawling along it.
* :func:`race`: plain gradient descent, momentum and Nesterov momentum with
  the same learning rate from the same start: paths, and the distance to the
  minimum against the step.
* :func:`rate_check`: the best-tuned plain gradient descent and heavy ball,
  measured against the rates that :mod:`gdnotes.ravines` predicts.

Each function returns the HTML of :func:`gdnotes.figures.svg`, ready for a
lesson to print.

>>> html = zigzag()
>>> html.startswith('<figure class="gd-figure" id="fig-ravine-zigzag"')
True
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .. import _validate, ravines
from ..descent import Path, run, run_each
from ..optimizers import Optimizer, gradient_descent, momentum
from ..surfaces import get
from ..tables import number
from . import COLORS, FAINT, INK, MAX_SCALE, figure, svg
from ._parts import frame_map
from .._validate import ArgumentError

__all__ = ["BOX", "zigzag", "race", "rate_check"]

BLUE, ORANGE, GREEN, CRIMSON, VIOLET, OCHRE = COLORS

BOX = ((-10.0, 3.0), (-2.5, 2.5))
"""The part of the ravine the maps show: the valley floor from the default start to a little past the minimum."""


def _n(value: float, digits: int = 4) -> str:
    return number(float(value), digits)


def _point(values: Sequence[float], digits: int = 3) -> str:
    return "(" + ", ".join(_n(v, digits) for v in values) + ")"


def _start(start: object) -> np.ndarray:
    point = _validate.points(start, 2, "start")[0]
    (x0, x1), (y0, y1) = BOX
    if not (x0 <= point[0] <= x1 and y0 <= point[1] <= y1):
        raise ArgumentError(f"start must lie in the mapped box {BOX}, got {tuple(point.tolist())}")
    return point


def _contours(ax, levels: int = 9) -> None:
    """Contours of the ravine over :data:`BOX`, at losses spaced evenly in the square root (evenly in distance)."""
    surface = get("ravine")
    (x0, x1), (y0, y1) = BOX
    X, Y = np.meshgrid(np.linspace(x0, x1, 105), np.linspace(y0, y1, 41))
    Z = surface.value(np.stack([X, Y], axis=-1))
    ax.contour(X, Y, Z, levels=np.linspace(0.6, 9.5, levels) ** 2, colors=FAINT, linewidths=0.7)
    ax.plot([0], [0], marker="*", color=INK, markersize=13, linestyle="none", zorder=5)
    frame_map(ax, ((x0, x1), (y0, y1)), ("x", "y"))


def _label(optimizer: Optimizer) -> str:
    beta = optimizer.hyperparameters.get("beta")
    return optimizer.name if beta is None else f"{optimizer.name}, β = {_n(beta)}"


def zigzag(learning_rate: float = 0.07, start: Sequence[float] = (-9.0, 2.0), steps: int = 40) -> str:
    """Plain gradient descent on the ravine ``(x**2 + 25 y**2) / 2`` over its contour map."""
    alpha = _validate.positive_number(learning_rate, "learning_rate")
    point = _start(start)
    steps = _validate.count(steps, "steps", minimum=10)  # the description names the position after 10 steps
    path = run("ravine", gradient_descent(alpha), point, steps)
    if path.diverged[0]:
        raise ArgumentError(f"learning_rate {alpha} diverges on the ravine; the map needs a converging run")
    trace = path.trajectory(0)
    flips = int(np.count_nonzero(np.sign(trace[1:, 1]) != np.sign(trace[:-1, 1])))
    with figure(4.8, 2.5) as (fig, ax):
        _contours(ax)
        ax.plot(trace[:, 0], trace[:, 1], "-", color=BLUE, linewidth=1.3)
        ax.plot(trace[:, 0], trace[:, 1], "o", color=ORANGE, markersize=3.5, zorder=4)
        ax.plot(*trace[0], "o", color=INK, markersize=6, zorder=5)
        ax.annotate("start", trace[0], xytext=(6, 4), textcoords="offset points", ha="left", va="bottom", fontsize=9.5)
        return svg(
            fig,
            f"A contour map of the ravine f(x, y) = (x squared + 25 y squared) / 2 from x = {_n(BOX[0][0])} to {_n(BOX[0][1])} "
            f"and y = {_n(BOX[1][0])} to {_n(BOX[1][1])}: long, narrow ellipses around the minimum at the origin (a star). The "
            f"path of {steps} steps of plain gradient descent with learning rate {_n(alpha)} from {_point(trace[0])} crosses "
            f"the valley floor {flips} times, bouncing from wall to wall, with each bounce a little smaller; meanwhile it creeps "
            f"along the valley, to x = {_n(trace[10, 0], 3)} after 10 steps and x = {_n(trace[-1, 0], 3)} after {steps}.",
            "ravine-zigzag",
            max_scale=MAX_SCALE,
        )


def race(
    learning_rate: float = 0.02,
    beta: float = 0.9,
    start: Sequence[float] = (-9.0, 2.0),
    steps: int = 250,
    tolerance: float = 1e-3,
) -> str:
    """Plain gradient descent, momentum and Nesterov momentum, same ``learning_rate``, same ``start``.

    Top: the paths over the contour map. Bottom: the distance to the minimum
    against the step (log scale), with the tolerance dashed and the step
    where each run gets below it for good marked.
    """
    alpha = _validate.positive_number(learning_rate, "learning_rate")
    beta = _validate.unit_interval(beta, "beta")
    point = _start(start)
    steps = _validate.count(steps, "steps", minimum=2)
    tolerance = _validate.positive_number(tolerance, "tolerance")
    racers = [gradient_descent(alpha), momentum(alpha, beta), momentum(alpha, beta, nesterov=True)]
    paths: list[Path] = run_each("ravine", racers, point, steps)
    described = []
    with figure(4.8, 5.0, nrows=2, height_ratios=[2.0, 2.6]) as (fig, (top, bottom)):
        _contours(top)
        bottom.axhline(tolerance, color=FAINT, linewidth=1, linestyle="--")
        for color, optimizer, path in zip((BLUE, ORANGE, GREEN), racers, paths):
            trace = path.trajectory(0)
            gaps = ravines.distances(path)
            reached = ravines.steps_to_tolerance(path, tolerance)
            top.plot(trace[:, 0], trace[:, 1], "-", color=color, linewidth=1.4, alpha=0.95)
            bottom.plot(np.arange(steps + 1), gaps, color=color, linewidth=1.5, label=_label(optimizer))
            if reached is not None:
                bottom.plot([reached], [gaps[reached]], "o", color=color, markersize=6, zorder=4)
                described.append(f"{_label(optimizer)} gets within {_n(tolerance)} for good at step {reached}")
            else:
                described.append(f"{_label(optimizer)} is still {_n(gaps[-1], 3)} away after {steps} steps")
        top.plot(*point, "o", color=INK, markersize=6, zorder=5)
        top.annotate("start", point, xytext=(6, 4), textcoords="offset points", ha="left", va="bottom", fontsize=9.5)
        bottom.set_yscale("log")
        bottom.set_xlim(0, steps)
        bottom.set_xlabel("step k")
        bottom.set_ylabel("distance to the minimum")
        bottom.legend(loc="lower left", fontsize=8.5)
        return svg(
            fig,
            f"Two charts of three runs on the ravine f(x, y) = (x squared + 25 y squared) / 2, all from {_point(point)} with "
            f"learning rate {_n(alpha)}: plain gradient descent, momentum and Nesterov momentum, both with beta = {_n(beta)}. "
            f"Top: their paths over the contour map. Plain gradient descent drops to the valley floor and then creeps along "
            f"it; the momentum runs gather speed along the floor, overshoot the minimum and swing back, in narrowing swings. "
            f"Bottom: the distance to the minimum at every step on a log scale, with the tolerance {_n(tolerance)} dashed. "
            + "; ".join(described)[:1].upper() + "; ".join(described)[1:] + ".",
            "ravine-race",
            max_scale=MAX_SCALE,
        )


def rate_check(start: Sequence[float] = (-9.0, 2.0), steps: int = 60) -> str:
    """Distance to the minimum for the best-tuned plain gradient descent and heavy ball, with their predicted rates.

    Solid lines are measured runs; dashed lines are ``distance_0 * rate**k``
    with the rates of :func:`gdnotes.ravines.best_gradient_descent` and
    :func:`gdnotes.ravines.best_heavy_ball`.
    """
    point = _start(start)
    steps = _validate.count(steps, "steps", minimum=2)
    lams = ravines.curvatures("ravine")
    kappa = max(lams) / min(lams)
    gd_alpha, gd_rate = ravines.best_gradient_descent(lams)
    hb_alpha, hb_beta, hb_rate = ravines.best_heavy_ball(lams)
    plain, heavy = run_each("ravine", [gradient_descent(gd_alpha), momentum(hb_alpha, hb_beta)], point, steps)
    runs = [
        (BLUE, f"plain, α = {_n(gd_alpha, 3)}", plain, gd_rate),
        (ORANGE, f"heavy ball, α = {_n(hb_alpha, 3)}, β = {_n(hb_beta, 3)}", heavy, hb_rate),
    ]
    ks = np.arange(steps + 1)
    described = []
    with figure(4.8, 3.4) as (fig, ax):
        for color, label, path, rate in runs:
            gaps = ravines.distances(path)
            ax.plot(ks, gaps, color=color, linewidth=1.8, label=f"{label} (measured)")
            ax.plot(ks, gaps[0] * rate**ks, "--", color=color, linewidth=1.1, label=f"rate {_n(rate, 3)} per step (theory)")
            described.append(
                f"{label}: measured distance {_n(gaps[-1], 3)} after {steps} steps, theory {_n(gaps[0] * rate**steps, 3)}"
            )
        ax.set_yscale("log")
        ax.set_xlim(0, steps)
        ax.set_xlabel("step k")
        ax.set_ylabel("distance to the minimum")
        fig.legend(loc="outside lower center", ncols=1, fontsize=8.5)
        return svg(
            fig,
            f"A chart of the distance to the minimum against the step, on a log scale, for two runs on the ravine (condition "
            f"number {_n(kappa)}) from {_point(point)}, each tuned as well as a fixed setting can be, with its predicted "
            f"straight line dashed. Plain gradient descent follows its line, rate {_n(gd_rate, 3)} per step, exactly. The heavy "
            f"ball falls far faster. Its measured curve runs nearly parallel to its dashed line of rate {_n(hb_rate, 3)} but "
            f"above it, by a factor that grows with the step: at its best setting the heavy ball is critically damped, and its "
            f"distance behaves like (a + b k) times the rate to the power k rather than a pure power. "
            + "; ".join(described) + ".",
            "ravine-rates",
            max_scale=MAX_SCALE,
        )
