"""Figures for lesson 6: landscapes that are not bowls.

* :func:`saddle_escape`: gradient descent on the saddle ``x**2 - y**2`` from
  a start exactly on the stable axis (it stalls at the saddle) and from one
  nudged off it (it lingers on the plateau around the saddle, then escapes).
* :func:`double_well_runs`: runs on the 1-D double well that end in
  different minima because of their start or their learning rate.
* :func:`basin_map`: which minimum each start of a grid ends in, from a
  :class:`gdnotes.basins.BasinMap`, with a few sample paths.

Each function returns the HTML of :func:`gdnotes.figures.svg`, ready for a
lesson to print.

>>> html = double_well_runs()
>>> html.startswith('<figure class="gd-figure" id="fig-double-well-runs"')
True
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from .. import _validate, basins
from ..descent import gradient_descent_path, run
from ..surfaces import get
from ..tables import number
from . import COLORS, FAINT, INK, MAX_SCALE, figure, svg
from .._validate import ArgumentError, ArgumentTypeError

__all__ = ["saddle_escape", "escape_step", "DOUBLE_WELL_PANELS", "double_well_runs", "basin_map"]

BLUE, ORANGE, GREEN, CRIMSON, VIOLET, OCHRE = COLORS

_SUBSCRIPTS = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


def _n(value: float, digits: int = 4) -> str:
    return number(float(value), digits)


def _point(values: Sequence[float], digits: int = 3) -> str:
    return "(" + ", ".join(_n(v, digits) for v in values) + ")"


# ----------------------------------------------------------------- the saddle


def saddle_escape(learning_rate: float = 0.1, start: Sequence[float] = (1.5, 0.0), nudge: float = 1e-6, steps: int = 90) -> str:
    """Two runs on ``x**2 - y**2``: from ``start`` and from ``start`` moved by ``nudge`` in ``y``.

    Top: both paths over the contour map. Bottom: the size of the gradient
    at every step on a log scale, where the stall shows as a long dip.
    """
    alpha = _validate.positive_number(learning_rate, "learning_rate")
    if alpha >= 1.0:
        raise ArgumentError(f"learning_rate must be below 1 (the stable limit along x), got {alpha}")
    point = _validate.points(start, 2, "start")[0]
    if point[1] != 0.0 or point[0] == 0.0:
        raise ArgumentError(f"start must lie on the x axis, away from the saddle, got {tuple(point.tolist())}")
    nudge = _validate.positive_number(nudge, "nudge")
    steps = _validate.count(steps, "steps", minimum=2)
    surface = get("saddle")
    starts = np.array([point, point + [0.0, nudge]])
    path = gradient_descent_path(surface, alpha, starts, steps)
    (x0, x1), (y0, y1) = surface.bounds
    X, Y = np.meshgrid(np.linspace(x0, x1, 61), np.linspace(y0, y1, 61))
    Z = surface.value(np.stack([X, Y], axis=-1))
    norms = np.linalg.norm(path.gradients, axis=2)  # (n + 1, 2), NaN after divergence
    labels = ["exactly on the x axis", f"nudged by {_n(nudge)} in y"]
    colors = [BLUE, ORANGE]
    with figure(4.6, 6.6, nrows=2, height_ratios=[4.0, 2.4]) as (fig, (top, bottom)):
        top.contour(X, Y, Z, levels=np.linspace(-3.5, 3.5, 15), colors=FAINT, linewidths=0.7)
        top.plot([0], [0], marker="X", color=INK, markersize=9, linestyle="none", zorder=5)
        top.annotate("saddle", (0, 0), xytext=(-8, 8), textcoords="offset points", ha="right", va="bottom", fontsize=9.5)
        top.text(x1 - 0.08, -0.1, "uphill\nalong x", ha="right", va="top", fontsize=9)
        top.text(0.08, y1 - 0.08, "downhill along y", ha="left", va="top", fontsize=9)
        for i, (color, label) in enumerate(zip(colors, labels)):
            trace = path.trajectory(i)
            inside = np.all((trace >= [x0, y0]) & (trace <= [x1, y1]), axis=1)
            last = int(np.argmin(inside)) if not inside.all() else steps + 1
            shown = trace[: min(last + 1, steps + 1)]
            top.plot(shown[:, 0], np.clip(shown[:, 1], y0 - 1, y1 + 1), "-", color=color, linewidth=1.6 if i else 2.6, zorder=3 - i)
            top.plot(shown[:: 3, 0], shown[:: 3, 1], "o", color=color, markersize=3.2, zorder=3 - i)
            bottom.plot(np.arange(steps + 1), norms[:, i], color=color, linewidth=1.6, label=label)
        top.plot(*point, "o", color=INK, markersize=6, zorder=6)
        top.annotate("start", point, xytext=(0, 8), textcoords="offset points", ha="center", va="bottom", fontsize=9.5)
        top.set_xlim(x0, x1)
        top.set_ylim(y0, y1)
        top.set_aspect("equal")
        top.set_xlabel("x")
        top.set_ylabel("y", rotation=0, labelpad=8)
        bottom.set_yscale("log")
        bottom.set_xlim(0, steps)
        bottom.set_xlabel("step k")
        bottom.set_ylabel("size of the gradient")
        bottom.axhline(1e-2, color=FAINT, linewidth=1, linestyle="--")
        bottom.legend(loc="lower left", fontsize=9)
        stalled = int(np.count_nonzero(norms[:, 1] < 1e-2))
        escape = escape_step(path.trajectory(1), 1.0)
        return svg(
            fig,
            f"Two charts of gradient descent with learning rate {_n(alpha)} on the saddle f(x, y) = x squared minus y squared. "
            f"Top: a contour map with the saddle point marked at the origin, and two paths from {_point(point)}. The path that "
            f"starts exactly on the x axis slides straight to the saddle and stops there: after {steps} steps it is at "
            f"{_point(path.trajectory(0)[-1])}. The path nudged by {_n(nudge)} in y first follows it toward the saddle, then "
            f"curves away along the y axis, downhill" + (f", passing |y| = 1 at step {escape}" if escape is not None else "")
            + ". Bottom: the size of the gradient at every step on a log scale. For the first path it falls steadily toward "
            f"zero and stays there, {_n(norms[-1, 0])} at step {steps}. For the nudged path it dips below 0.01 (a dashed line) "
            f"for {stalled} steps, the stall on the flat ground around the saddle, then grows again as the path escapes.",
            "saddle-escape",
            max_scale=MAX_SCALE,
        )


def escape_step(trajectory: np.ndarray, distance: float) -> int | None:
    """The first step at which ``|y|`` (the second coordinate) of ``trajectory`` passes ``distance``, or ``None``."""
    trajectory = _validate.numeric_array(trajectory, "trajectory")
    if trajectory.ndim != 2 or trajectory.shape[1] != 2:
        raise ArgumentError(f"trajectory must have shape (n + 1, 2), got {trajectory.shape}")
    distance = _validate.positive_number(distance, "distance")
    with np.errstate(invalid="ignore"):
        beyond = np.nonzero(np.abs(trajectory[:, 1]) > distance)[0]
    return int(beyond[0]) if beyond.size else None


# ----------------------------------------------------------------- the double well


DOUBLE_WELL_PANELS = (
    ("Same start, two learning rates", ((2.3, 0.05), (2.3, 0.3))),
    ("Same learning rate, two starts", ((0.0, 0.2), (0.3, 0.2))),
)
"""The default panels of :func:`double_well_runs`: a title and ``(start, learning_rate)`` pairs each."""


def _panels(panels: object) -> list[tuple[str, list[tuple[float, float]]]]:
    if isinstance(panels, (str, bytes)) or not isinstance(panels, Sequence) or not 1 <= len(panels) <= 3:
        raise ArgumentTypeError(f"panels must be a sequence of 1 to 3 (title, runs) pairs, got {panels!r}")
    out = []
    for i, panel in enumerate(panels):
        if isinstance(panel, (str, bytes)) or not isinstance(panel, Sequence) or len(panel) != 2 or not isinstance(panel[0], str):
            raise ArgumentTypeError(f"panels[{i}] must be a (title, runs) pair, got {panel!r}")
        title, runs = panel
        if isinstance(runs, (str, bytes)) or not isinstance(runs, Sequence) or not 1 <= len(runs) <= 3:
            raise ArgumentTypeError(f"panels[{i}] must hold 1 to 3 (start, learning_rate) pairs, got {runs!r}")
        pairs = []
        for j, pair in enumerate(runs):
            if isinstance(pair, (str, bytes)) or not isinstance(pair, Sequence) or len(pair) != 2:
                raise ArgumentTypeError(f"panels[{i}] run {j} must be a (start, learning_rate) pair, got {pair!r}")
            pairs.append((_validate.finite_number(pair[0], f"panels[{i}] start {j}"), _validate.positive_number(pair[1], f"panels[{i}] learning rate {j}")))
        out.append((title, pairs))
    return out


def double_well_runs(panels: Sequence[tuple[str, Sequence[tuple[float, float]]]] = DOUBLE_WELL_PANELS, steps: int = 12) -> str:
    """The double well, once per panel, with the first ``steps`` iterates of each ``(start, learning_rate)`` run.

    Each run is drawn as dots on the curve joined by thin straight hops;
    the legend says which minimum it ends in (after 500 steps).
    """
    chosen = _panels(panels)
    steps = _validate.count(steps, "steps", minimum=1)
    well = get("double_well")
    (lo, hi), = well.bounds
    x, fx = well.grid(241)
    described = []
    with figure(4.8, 2.9 * len(chosen) + 0.2, nrows=len(chosen), sharex=True, squeeze=False) as (fig, axes):
        for (title, pairs), ax, in zip(chosen, axes[:, 0]):
            ax.plot(x, fx, color=INK, linewidth=1.5)
            runs = []
            for i, (start, alpha) in enumerate(pairs):
                color = COLORS[i]
                long_run = gradient_descent_path(well, alpha, start, 500)
                label = int(basins.nearest_minimum(well, long_run.final, 1e-6)[0])
                where = basins.label_name(well, label)
                xs = long_run.positions[: steps + 1, 0, 0]
                ok = np.isfinite(xs) & (xs >= lo) & (xs <= hi)
                xs = xs[: int(np.argmin(ok)) if not ok.all() else steps + 1]
                ys = np.asarray(well.value(xs))
                ax.plot(xs, ys, "-", color=color, linewidth=0.9, alpha=0.85)
                ax.plot(xs, ys, "o", color=color, markersize=4.5, label=f"x₀ = {_n(start)}, α = {_n(alpha)}: ends in the {where}")
                ax.plot(xs[:1], ys[:1], "o", color=color, markersize=10, markerfacecolor="none", markeredgewidth=1.6)
                runs.append(
                    f"from x = {_n(start)} with learning rate {_n(alpha)} the run goes "
                    + ", ".join(_n(v, 3) for v in xs[1:5])
                    + f" and so on, and ends in the {where}"
                    + (f" at x = {_n(long_run.final[0, 0])}" if label >= 0 else "")
                )
            described.append(f"{title}: " + "; ".join(runs))
            for j, (m,) in enumerate(well.minima):
                ax.plot([m], [well.value(m)], marker="*", color=INK, markersize=12, linestyle="none", zorder=5)
            ax.set_title(title, loc="left", fontsize=10)
            ax.set_ylim(min(fx) - 0.35, 2.6)
            ax.set_ylabel("f(x)")
            ax.legend(loc="upper center", fontsize=8.5, handletextpad=0.3)
        axes[-1, 0].set_xlim(lo, hi)
        axes[-1, 0].set_xlabel("x")
        (deep,), (shallow,) = well.minima
        return svg(
            fig,
            f"{len(chosen)} charts of the double well f(x) = x to the fourth over 4, minus x squared, plus 0.3 x, from x = "
            f"{_n(lo)} to {_n(hi)}. It has a deeper (global) minimum at x = {_n(deep)} with f = {_n(well.value(deep))} and a "
            f"shallower (local) one at x = {_n(shallow)} with f = {_n(well.value(shallow))}, both marked with stars, and a hump "
            f"between them. Dots on the curve show the first {steps} steps of gradient-descent runs, each in its own colour, "
            f"the start circled. " + ". ".join(described) + ".",
            "double-well-runs",
            max_scale=MAX_SCALE,
        )


# ----------------------------------------------------------------- basins


def basin_map(bmap: basins.BasinMap, sample_starts: Sequence[Sequence[float]] = (), slug: str = "basin-map") -> str:
    """A map of which minimum each start ends in, with the minima marked and optional sample paths.

    Each basin is filled in the colour of its minimum (numbered by depth,
    1 = global); thin contours show the loss; each start in
    ``sample_starts`` gets its path drawn in the colour of where it ends.
    """
    if not isinstance(bmap, basins.BasinMap):
        raise ArgumentTypeError(f"bmap must be a gdnotes.basins.BasinMap, got {type(bmap).__name__}")
    surface = bmap.surface
    raw = _validate.numeric_array(sample_starts, "sample_starts")
    samples = np.empty((0, 2)) if raw.size == 0 else _validate.points(raw, 2, "sample_starts")
    minima = np.asarray(surface.minima, dtype=float)
    if len(minima) > 4:
        raise ArgumentError(f"surface must have at most 4 minima (one colour each), got {len(minima)}")
    colors = list(COLORS[: len(minima)])
    xs, ys = bmap.xs, bmap.ys
    X, Y = np.meshgrid(xs, ys)
    Z = surface.value(np.stack([X, Y], axis=-1))
    shares = bmap.shares()
    counts = bmap.counts()
    with figure(4.6, 5.6) as (fig, ax):
        for label, color in enumerate(colors):
            mask = (bmap.labels == label).astype(float)
            if mask.any():
                ax.contourf(X, Y, mask, levels=[0.3, 1.5], colors=[color], alpha=0.42)
        others = (bmap.labels < 0).astype(float)
        if others.any():
            ax.contourf(X, Y, others, levels=[0.3, 1.5], colors=[FAINT], alpha=0.6)
        ax.contour(X, Y, Z, levels=14, colors=INK, linewidths=0.45, alpha=0.45)
        if len(samples):
            path = run(surface, bmap.optimizer, samples, bmap.steps)
            ends = basins.nearest_minimum(surface, path.final, bmap.tolerance)
            for i, end in enumerate(ends):
                trace = path.trajectory(i)
                color = colors[end] if end >= 0 else INK
                ax.plot(trace[:, 0], trace[:, 1], "-", color=color, linewidth=1.6, zorder=4)
                ax.plot(*trace[0], "o", color=color, markersize=5.5, markeredgecolor=INK, markeredgewidth=0.8, zorder=5)
        for j, m in enumerate(minima):
            ax.plot(*m, marker="*", color=colors[j], markersize=15, markeredgecolor=INK, markeredgewidth=0.9, linestyle="none", zorder=6)
            ax.annotate(str(j + 1), m, xytext=(7, 5), textcoords="offset points", ha="left", va="bottom", fontsize=11, fontweight="bold")
        (x0, x1), (y0, y1) = surface.bounds
        ax.set_xlim(x0, x1)
        ax.set_ylim(y0, y1)
        ax.set_aspect("equal")
        names = [str(v) for v in surface.variables]
        ax.set_xlabel(names[0])
        ax.set_ylabel(names[1], rotation=0, labelpad=8)
        handles = [
            Patch(facecolor=color, alpha=0.6, edgecolor="none", label=f"{j + 1}: f = {_n(surface.value(minima[j]), 3)}, {_n(100 * shares[j], 3)}% of starts")
            for j, color in enumerate(colors)
        ]
        if len(samples):
            handles.append(Line2D([], [], color=INK, marker="o", markersize=5, linewidth=1.4, label="a sample path from its start"))
        fig.legend(handles=handles, loc="outside lower center", ncols=2, fontsize=8.5)
        alpha = bmap.optimizer.hyperparameters.get("learning_rate")
        described = "; ".join(
            f"minimum {j + 1} at {_point(m)} with loss {_n(surface.value(m), 3)} collects {_n(100 * shares[j], 3)}% of the starts"
            for j, m in enumerate(minima)
        )
        rest = counts[basins.UNSETTLED] + counts[basins.DIVERGED]
        return svg(
            fig,
            f"A basin map of {surface.title.lower()} over x and y from {_n(x0)} to {_n(x1)} and {_n(y0)} to {_n(y1)}: "
            f"{bmap.starts} starts on a grid, each run for {bmap.steps} steps of {bmap.optimizer.name}"
            + (f" with learning rate {_n(alpha)}" if alpha is not None else "")
            + f", coloured by the minimum where it ended. Thin contour lines show the loss. The {len(minima)} minima are "
            f"marked with numbered stars, 1 the deepest: {described}"
            + (f"; {rest} starts reached none of them" if rest else "")
            + ". The basins meet along curved borders that run over the ridges between the minima"
            + (f"; {len(samples)} sample paths are drawn from their starts into the minimum where each ends." if len(samples) else "."),
            slug,
            max_scale=MAX_SCALE,
        )
