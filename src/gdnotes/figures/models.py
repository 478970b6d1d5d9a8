"""Figures for lesson 8: a linear regression trained by gradient descent.

Each function takes the data and the :class:`~gdnotes.regression.Fit`
records a lesson has already computed, draws one figure in the house style
and returns the HTML of :func:`gdnotes.figures.svg`. Nothing is refitted
here, so the figure shows exactly the run the page's tables describe.

>>> from gdnotes import regression
>>> data = regression.petals()
>>> run = regression.fit(data.x, data.y, 0.05, max_steps=50)
>>> html = cost_curve(data.x, data.y, run)
>>> html.startswith('<figure class="gd-figure"'), 'id="fig-cost-curve"' in html
(True, True)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
from matplotlib.ticker import MaxNLocator

from .. import _validate, regression
from ..tables import number
from . import COLORS, FAINT, INK, MAX_SCALE, figure, svg
from ._parts import cost_contours, frame_map, point_text
from .._validate import ArgumentError, ArgumentTypeError

__all__ = ["cost_landscape", "fitted_lines", "cost_curve", "scaling_landscapes"]

BLUE, ORANGE, GREEN, CRIMSON, VIOLET, OCHRE = COLORS


def _fit(run: object, name: str = "run") -> regression.Fit:
    return _validate.instance(run, regression.Fit, name, "a gdnotes.regression.Fit")


def _slug(slug: object) -> str:
    return _validate.instance(slug, str, "slug", "a string")


def _box(points: np.ndarray, pad: float = 0.15) -> tuple[tuple[float, float], tuple[float, float]]:
    """A square-ish box around ``points`` (shape (k, 2)), padded by ``pad`` of its size."""
    low, high = points.min(axis=0), points.max(axis=0)
    span = np.maximum(high - low, 1e-9)
    return tuple(low - pad * span), tuple(high + pad * span)


def _draw_landscape(ax, x: np.ndarray, y: np.ndarray, run: regression.Fit, names: tuple[str, str], color: str, show_every: int | None = None) -> dict:
    """Contours of the cost around the path of ``run``, the path and the minimum; returns facts for the alt text."""
    best = regression.least_squares(x, y)
    best_cost = regression.cost(best, x, y)
    path = run.params
    (x0, y0), (x1, y1) = _box(np.vstack([path, best]))
    box = ((x0, x1), (y0, y1))
    cost_contours(ax, x, y, box, best_cost, float(run.costs[0]), linewidth=0.8)
    ax.plot(path[:, 0], path[:, 1], "-", color=color, linewidth=1.3)
    marks = path[: min(len(path), 12)] if show_every is None else path[::show_every]
    ax.plot(marks[:, 0], marks[:, 1], "o", color=color, markersize=3.5, zorder=3)
    ax.plot(*path[0], "o", color=ORANGE, markersize=7, zorder=4)
    ax.annotate("start", path[0], xytext=(6, 6), textcoords="offset points", ha="left", va="bottom", fontsize=9.5)
    ax.plot(*best, marker="*", color=GREEN, markersize=13, linestyle="none", zorder=5)
    frame_map(ax, box, names)
    return {"best": best, "best_cost": best_cost, "box": box}


def _motion(x: np.ndarray, run: regression.Fit) -> str:
    """How a gradient-descent path moves on the bowl of :func:`regression.hessian` (for alt text)."""
    low, high = np.linalg.eigvalsh(regression.hessian(x))
    steep = run.learning_rate * high
    if steep >= 2:
        return "swings from wall to wall ever wider: it diverges"
    if high / low < 1.5:
        across = "heads straight for the minimum" if steep <= 1 else "moves back and forth along one straight line through the minimum, overshooting it by less each time"
        return across
    if steep > 1:
        return "zigzags from wall to wall across the valley while the swings die down, then creeps along the valley floor"
    return "drops onto the valley floor and then creeps along it"


def _shape(x: np.ndarray, names: tuple[str, str]) -> str:
    """The shape of the contours of :func:`regression.hessian`, in words (for alt text)."""
    values, vectors = np.linalg.eigh(regression.hessian(x))
    if values[1] / values[0] < 1.5:
        return "The contours are nearly round: a bowl."
    along = names[0] if abs(vectors[0, 0]) > abs(vectors[1, 0]) else names[1]
    return f"The contours are long thin ellipses: a narrow valley whose floor runs mostly along {along}."


def cost_landscape(x: object, y: object, run: regression.Fit, slug: str = "cost-landscape", names: tuple[str, str] = ("w", "b")) -> str:
    """The cost ``J(w, b)`` as contours, with the path of ``run`` and the least-squares minimum (a star)."""
    x, y = regression._data(x, y)
    run = _fit(run)
    names = _validate.strings(names, "names", 2)
    with figure(4.6, 4.2) as (fig, ax):
        facts = _draw_landscape(ax, x, y, run, names, BLUE)
        path = run.params
        ax.annotate("after 1 step", path[min(1, run.steps)], xytext=(6, -6), textcoords="offset points", ha="left", va="top", fontsize=9.5)
        (wx, wy) = facts["box"]
        return svg(
            fig,
            f"A contour map of the cost J over {names[0]} from {number(wx[0], 3)} to {number(wx[1], 3)} and {names[1]} from "
            f"{number(wy[0], 3)} to {number(wy[1], 3)}. {_shape(x, names)} The path of {run.steps} gradient-descent steps with learning rate "
            f"{number(run.learning_rate)} starts at {point_text(path[0])}, goes to {point_text(path[min(1, run.steps)])} in its first "
            f"step, {_motion(x, run)}, and ends at {point_text(path[-1])}; the least-squares minimum is at "
            f"{point_text(facts['best'])}, marked with a star.",
            _slug(slug),
            max_scale=MAX_SCALE,
        )


def fitted_lines(x: object, y: object, run: regression.Fit, steps: Sequence[int] = (0, 1, 2, 5, 20, 100), labels: tuple[str, str] = ("x", "y"), slug: str = "fitted-lines") -> str:
    """The data as dots and the fitted line ``w x + b`` after each of ``steps`` (and at the end) of ``run``."""
    x, y = regression._data(x, y)
    labels = _validate.strings(labels, "labels", 2)
    run = _fit(run)
    if isinstance(steps, (str, bytes)) or not isinstance(steps, Sequence) or not 1 <= len(steps) <= 5 + 1:
        raise ArgumentTypeError(f"steps must be a sequence of 1 to 6 step numbers, got {steps!r}")
    ks = [_validate.count(k, f"steps[{i}]") for i, k in enumerate(steps)]
    if any(k > run.steps for k in ks):
        raise ArgumentError(f"steps must not pass the run's {run.steps} steps, got {ks}")
    if run.steps not in ks:
        ks.append(run.steps)
    grid = np.linspace(0, x.max() * 1.04, 2)
    described = []
    with figure(4.6, 3.4) as (fig, ax):
        ax.plot(x, y, "o", color=FAINT, markersize=4, alpha=0.8, label="flowers", zorder=1)
        palette = [CRIMSON, ORANGE, OCHRE, VIOLET, GREEN, BLUE, INK]
        for color, k in zip(palette[-len(ks):] if len(ks) < len(palette) else palette, ks):
            w, b = run.params[k]
            final = k == run.steps
            ax.plot(grid, w * grid + b, color=color, linewidth=2.2 if final else 1.4, label=f"step {k}" + (" (end)" if final else ""), zorder=3 if final else 2)
            described.append(f"after {k} step{'' if k == 1 else 's'} y = {number(w, 3)} x {'+' if b >= 0 else '−'} {number(abs(b), 3)}")
        ax.set_xlim(0, grid[-1])
        ax.set_ylim(min(0.0, float(y.min())) - 0.3, float(y.max()) * 1.25)
        ax.set_xlabel(labels[0])
        ax.set_ylabel(labels[1])
        ax.legend(loc="upper left", fontsize=9, ncols=2)
        return svg(
            fig,
            f"A scatter plot of the {x.size} examples, {labels[1]} against {labels[0]}, "
            f"{'rising from the lower left to the upper right' if np.corrcoef(x, y)[0, 1] > 0 else 'falling from the upper left to the lower right'}, with the model's straight line drawn at several moments of training with learning rate "
            f"{number(run.learning_rate)}: " + "; ".join(described) + ". The first lines miss the cloud; the last runs "
            f"through the middle of it.",
            _slug(slug),
            max_scale=MAX_SCALE,
        )


def cost_curve(x: object, y: object, run: regression.Fit, marks: Mapping[str, int] | None = None, slug: str = "cost-curve") -> str:
    """The cost against the step: above on a plain scale, below as the excess over the minimum on a log scale.

    ``marks`` maps a label (a stopping rule, say) to the step where it fired; each is drawn as a dot on the lower panel.
    """
    x, y = regression._data(x, y)
    run = _fit(run)
    if marks is not None and not isinstance(marks, Mapping):
        raise ArgumentTypeError(f"marks must map labels (strings) to steps, got {type(marks).__name__} {marks!r:.60}")
    marks = dict(marks or {})
    for label, k in marks.items():
        if not isinstance(label, str):
            raise ArgumentTypeError(f"marks must map labels (strings) to steps, got key {label!r}")
        if _validate.count(k, f"marks[{label!r}]") > run.steps:
            raise ArgumentError(f"marks[{label!r}] = {k} passes the run's {run.steps} steps")
    best_cost = regression.cost(regression.least_squares(x, y), x, y)
    excess = np.maximum(run.costs - best_cost, 1e-16)
    ks = np.arange(run.steps + 1)
    early = min(run.steps, 30)
    with figure(4.6, 4.6, nrows=2) as (fig, (top, bottom)):
        top.plot(ks[: early + 1], run.costs[: early + 1], "o-", color=BLUE, markersize=3, linewidth=1.4)
        top.axhline(best_cost, color=GREEN, linewidth=1, linestyle="--")
        top.annotate("the minimum", (early, best_cost), xytext=(0, 4), textcoords="offset points", ha="right", va="bottom", fontsize=9.5)
        top.set_ylabel("cost J")
        top.set_xlabel("step (the first 30)" if early == 30 else "step")
        top.xaxis.set_major_locator(MaxNLocator(integer=True))
        bottom.plot(ks, excess, color=BLUE, linewidth=1.4)
        for i, (label, k) in enumerate(sorted(marks.items(), key=lambda item: item[1])):
            color = COLORS[(i + 1) % len(COLORS)]
            bottom.plot([k], [excess[k]], "o", color=color, markersize=7, zorder=3, label=f"{label}: step {k}")
        bottom.set_yscale("log")
        bottom.set_ylabel("J − minimum (log)")
        bottom.set_xlabel("step")
        if marks:
            bottom.legend(loc="upper right", fontsize=9)
        stops = "; ".join(f"{label} fires at step {k}" for label, k in sorted(marks.items(), key=lambda item: item[1]))
        return svg(
            fig,
            f"Two charts of the cost during {run.steps} steps of gradient descent with learning rate {number(run.learning_rate)}. "
            f"Top: the cost over the first {early} steps falls from {number(run.costs[0])} to {number(run.costs[early])}, close to "
            f"the minimum {number(best_cost)} (dashed line); most of the fall happens in the first few steps. Bottom: the excess "
            f"of the cost over the minimum on a log scale, which falls along a nearly straight line from {number(excess[0])} to "
            f"{number(excess[-1])}: a fixed fraction of the excess disappears at every step."
            + (f" Dots mark where stopping rules fire: {stops}." if marks else ""),
            _slug(slug),
            max_scale=MAX_SCALE,
        )


def scaling_landscapes(
    x: object, y: object, raw: regression.Fit, scaled: regression.Fit, slug: str = "scaling-landscapes"
) -> str:
    """Side by side: the cost and a run with the raw feature ``x``, and with ``x`` standardised.

    ``raw`` must have been fitted on ``x``, ``scaled`` on ``regression.standardize(x)[0]``.
    """
    x, y = regression._data(x, y)
    raw, scaled = _fit(raw, "raw"), _fit(scaled, "scaled")
    z, _ = regression.standardize(x)
    with figure(5.2, 3.3, ncols=2) as (fig, (left, right)):
        _draw_landscape(left, x, y, raw, ("w", "b"), BLUE)
        _draw_landscape(right, z, y, scaled, ("w (scaled feature)", "b"), BLUE)
        left.set_title(f"raw feature: κ = {number(regression.condition_number(x), 3)}", fontsize=10.5, loc="left")
        right.set_title(f"standardised: κ = {number(regression.condition_number(z), 3)}", fontsize=10.5, loc="left")
        return svg(
            fig,
            f"Two contour maps of the same cost, before and after feature scaling, each with a gradient-descent path from (0, 0). "
            f"Left, with the raw feature: the contours are long thin ellipses (condition number "
            f"{number(regression.condition_number(x), 3)}); with learning rate {number(raw.learning_rate, 3)} the path "
            f"{_motion(x, raw)}, {raw.steps} steps in all. Right, with the feature standardised: the contours are circles "
            f"(condition number {number(regression.condition_number(z), 3)}); with learning rate {number(scaled.learning_rate, 3)} "
            f"the path {_motion(z, scaled)}, {scaled.steps} steps in all.",
            _slug(slug),
            max_scale=MAX_SCALE,
        )
