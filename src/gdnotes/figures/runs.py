"""Figures for lessons 3 and 4: gradient-descent runs and the learning rate.

Each function runs plain gradient descent with :mod:`gdnotes.descent` (or
reads the closed forms of :mod:`gdnotes.theory`), draws one figure in the
house style and returns the HTML of :func:`gdnotes.figures.svg`, ready for a
lesson to print. Runs that diverge are drawn up to the step where
:mod:`gdnotes.descent` stopped them, without floating-point warnings.

>>> html = regime_runs()
>>> html.startswith('<figure class="gd-figure" id="fig-regime-runs"')
True
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from matplotlib.patches import FancyArrowPatch
from matplotlib.ticker import MaxNLocator

from .. import _validate, theory
from ..descent import DIVERGENCE_LIMIT, gradient_descent_path
from ..surfaces import get
from ..tables import number
from . import COLORS, FAINT, INK, MAX_SCALE, figure, svg
from ._parts import frame_map
from .._validate import ArgumentError, ArgumentTypeError

FIGURE_RANGE = 1e6
"""The largest size of a start these figures draw (their losses stay far from overflowing)."""

__all__ = [
    "bowl_iterates",
    "iterates_by_step",
    "bowl2d_path",
    "regime_runs",
    "phase_diagram",
    "loss_blowup",
]

BLUE, ORANGE, GREEN, CRIMSON, VIOLET, OCHRE = COLORS

PHASE_FLOOR = 1e-10
"""The bottom of :func:`phase_diagram`'s log scale: smaller distances are drawn on it."""


def _plain(value: float) -> str:
    """A number for alt text and labels, formatted like the tables (:func:`~gdnotes.tables.number`)."""
    return number(float(value))


_SUBSCRIPTS = str.maketrans("0123456789+-kn", "₀₁₂₃₄₅₆₇₈₉₊₋ₖₙ")


def _sub(text: object) -> str:
    """Unicode subscripts (plain text keeps SVG labels light, unlike mathtext)."""
    return str(text).translate(_SUBSCRIPTS)


def _check_converges(learning_rate: float, surface: str) -> None:
    """Raise unless plain gradient descent converges on the (quadratic) ``surface`` at this rate."""
    alpha = _validate.positive_number(learning_rate, "learning_rate")
    bowl = get(surface)
    curvatures = [float(bowl.expression.diff(v, 2)) for v in bowl.variables]
    limit = theory.largest_stable_rate(curvatures)
    if alpha >= limit:
        raise ArgumentError(f"learning_rate must be below {limit:g} for a converging run on {surface}, got {alpha:g}")


def _rates(learning_rates: Sequence[float], name: str = "learning_rates") -> list[float]:
    if isinstance(learning_rates, (str, bytes)) or not isinstance(learning_rates, Sequence) or not learning_rates:
        raise ArgumentTypeError(f"{name} must be a non-empty sequence of positive numbers, got {learning_rates!r}")
    return [_validate.positive_number(a, f"{name}[{i}]") for i, a in enumerate(learning_rates)]


def bowl_iterates(start: float = 4.0, learning_rate: float = 0.1, steps: int = 6) -> str:
    """The first iterates of gradient descent on ``L(w) = w^2``, as numbered marbles on the curve.

    Curved arrows show each hop; the hops shrink as the marble nears the bottom.
    """
    start = _validate.finite_number(start, "start", largest=FIGURE_RANGE)
    steps = _validate.count(steps, "steps", minimum=1)
    _check_converges(learning_rate, "bowl1d")
    path = gradient_descent_path("bowl1d", learning_rate, start, steps)
    ws = path.positions[:, 0, 0]
    losses = path.losses[:, 0]
    reach = 1.15 * abs(start)
    w = np.linspace(-0.35 * reach, reach, 81) * np.sign(start)
    with figure(4.6, 3.0) as (fig, ax):
        ax.plot(w, w**2, color=BLUE)
        for k in range(steps):
            ax.add_patch(
                FancyArrowPatch(
                    (ws[k], losses[k]), (ws[k + 1], losses[k + 1]), arrowstyle="-|>", mutation_scale=11, color=INK,
                    linewidth=1.1, shrinkA=6, shrinkB=6, connectionstyle=f"arc3,rad={0.45 * np.sign(start)}",
                )
            )
        ax.plot(ws, losses, "o", color=ORANGE, markersize=9, zorder=3)
        for k in (0, 1, 2, steps):
            ax.annotate(f"w{_sub(k)}", (ws[k], losses[k]), xytext=(8, -4), textcoords="offset points", ha="left", va="top")
        ax.plot([0], [0], marker="*", color=GREEN, markersize=13, linestyle="none", zorder=3)
        ax.set_xlabel("parameter w")
        ax.set_ylabel("loss L(w) = w²")
        ax.set_ylim(-0.06 * start**2, 1.08 * start**2)
        hops = np.abs(np.diff(ws))
        return svg(
            fig,
            f"The curve L(w) = w squared with {steps + 1} marbles on it, the positions of gradient descent with learning rate "
            f"{learning_rate:g} from w = {_plain(start)}: w = " + ", ".join(_plain(v) for v in ws) + ". Curved arrows show each "
            f"hop toward the lowest point, marked with a star at w = 0. The hops shrink, from {_plain(hops[0])} to "
            f"{_plain(hops[-1])}, as the marble nears the bottom.",
            "bowl-iterates",
            max_scale=MAX_SCALE,
        )


def iterates_by_step(start: float = 4.0, learning_rate: float = 0.1, steps: int = 20) -> str:
    """``w_k`` against ``k`` on ``L(w) = w^2``, with the length of each step as bars."""
    start = _validate.finite_number(start, "start", largest=FIGURE_RANGE)
    steps = _validate.count(steps, "steps", minimum=1)
    _check_converges(learning_rate, "bowl1d")
    path = gradient_descent_path("bowl1d", learning_rate, start, steps)
    ws = path.positions[:, 0, 0]
    ks = np.arange(steps + 1)
    hops = np.abs(np.diff(ws))
    with figure(4.6, 3.0) as (fig, ax):
        ax.bar(ks[:-1] + 0.5, hops, width=0.6, color=ORANGE, label=f"length of the step from w{_sub('k')} to w{_sub('k+1')}")
        ax.plot(ks, ws, "o-", color=BLUE, markersize=4.5, label=f"w{_sub('k')}, the parameter after k steps")
        ax.axhline(0, color=FAINT, linewidth=1)
        ax.set_xlabel("step k")
        ax.set_ylabel("w")
        ax.set_xlim(-0.5, steps + 0.5)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True, steps=[1, 2, 5, 10]))
        ax.legend(loc="upper right")
        return svg(
            fig,
            f"A chart of w after k steps, for k from 0 to {steps}, with learning rate {learning_rate:g} from w = {_plain(start)}. "
            f"The points fall along a smooth curve toward 0, reaching {_plain(ws[-1])} at step {steps}. Bars show the length of "
            f"each step: {_plain(hops[0])} for the first, shrinking in proportion to w down to {_plain(hops[-1])} for the last.",
            "iterates-by-step",
            max_scale=MAX_SCALE,
        )


def bowl2d_path(start: Sequence[float] = (3.0, 1.0), learning_rate: float = 0.1, steps: int = 10) -> str:
    """A gradient-descent path on ``L = w1^2 + 3 w2^2`` over its contour map.

    Both coordinates move at every step, each by its own partial derivative.
    """
    steps = _validate.count(steps, "steps", minimum=1)
    surface = get("bowl2d")
    _check_converges(learning_rate, "bowl2d")
    path = gradient_descent_path(surface, learning_rate, start, steps)
    trace = path.trajectory(0)
    losses = path.losses[:, 0]
    low, high = np.minimum(trace.min(axis=0), 0.0), np.maximum(trace.max(axis=0), 0.0)
    span = np.max(high - low)
    (x0, y0), (x1, y1) = low - 0.2 * span, high + 0.2 * span
    grid = np.stack(np.meshgrid(np.linspace(x0, x1, 61), np.linspace(y0, y1, 41)), axis=-1)
    levels = np.unique(losses[: min(steps, 5) + 1])
    with figure(4.6, 4.6 * (y1 - y0) / (x1 - x0) + 0.6) as (fig, ax):
        ax.contour(grid[..., 0], grid[..., 1], surface.value(grid), levels=levels, colors=FAINT, linewidths=0.8)
        ax.plot(trace[:, 0], trace[:, 1], "-", color=BLUE, linewidth=1.5)
        ax.plot(trace[:, 0], trace[:, 1], "o", color=ORANGE, markersize=6, zorder=3)
        ax.annotate("start", trace[0], xytext=(6, 6), textcoords="offset points", ha="left", va="bottom")
        ax.annotate("after 1 step", trace[1], xytext=(6, -8), textcoords="offset points", ha="left", va="top")
        ax.plot([0], [0], marker="*", color=GREEN, markersize=13, linestyle="none", zorder=4)
        frame_map(ax, ((x0, x1), (y0, y1)), ("w₁", "w₂"))
        return svg(
            fig,
            f"A contour map of the loss L = w1 squared + 3 w2 squared, with the path of {steps} gradient-descent steps at "
            f"learning rate {learning_rate:g} from ({_plain(trace[0, 0])}, {_plain(trace[0, 1])}). The first step goes to "
            f"({_plain(trace[1, 0])}, {_plain(trace[1, 1])}): w2, the steeper direction, shrinks much faster than w1, so the "
            f"path bends and then runs along the w1 axis to ({_plain(trace[-1, 0])}, {_plain(trace[-1, 1])}), near the "
            f"minimum at the origin (a star). Grey contour curves pass through the first points of the path, so each step "
            f"visibly lands on a lower contour.",
            "bowl2d-path",
            max_scale=MAX_SCALE,
        )


def _regime_label(learning_rate: float) -> str:
    name = theory.regime(learning_rate)
    if name == theory.REGIMES[0] and theory.contraction_factor(learning_rate) > 0.9:
        return f"{name}, slowly"
    return name


def regime_runs(start: float = 5.0, learning_rates: Sequence[float] = (0.02, 0.1, 0.5, 0.8, 1.0, 1.05), steps: int = 20) -> str:
    """Small multiples of ``x_n`` against ``n`` on ``f(x) = x^2``, one panel per learning rate.

    The default rates cover every regime of :data:`gdnotes.theory.REGIMES`
    (and one rate too small to be useful). All panels share one vertical
    scale; a diverging run is drawn until it leaves the panel.
    """
    start = _validate.finite_number(start, "start", largest=FIGURE_RANGE)
    if start == 0:
        raise ArgumentError("start must be non-zero: from the minimum nothing moves")
    rates = _rates(learning_rates)
    if len(rates) > 6:
        raise ArgumentError(f"learning_rates must hold at most 6 rates (one panel each), got {len(rates)}")
    steps = _validate.count(steps, "steps", minimum=1)
    rows = (len(rates) + 1) // 2
    limit = 1.6 * abs(start)
    ns = np.arange(steps + 1)
    described = []
    with figure(4.8, 1.8 * rows + 0.4, ncols=2, nrows=rows, sharex=True, sharey=True, squeeze=False) as (fig, axes):
        flat = axes.ravel()
        for i, (ax, alpha) in enumerate(zip(flat, rates)):
            path = gradient_descent_path("bowl1d", alpha, start, steps)
            xs = path.positions[:, 0, 0]
            shown = np.abs(xs) <= limit
            last = int(np.argmin(shown)) if not shown.all() else steps + 1
            color = COLORS[i % len(COLORS)]
            ax.axhline(0, color=FAINT, linewidth=1)
            ax.plot(ns[: last + 1], np.clip(xs[: last + 1], -limit * 1.2, limit * 1.2), "-", color=color, linewidth=1.4)
            ax.plot(ns[:last], xs[:last], "o", color=color, markersize=3.5)
            label = _regime_label(alpha)
            ax.set_title(f"α = {alpha:g}: {label}", fontsize=9, loc="left")
            if last <= steps:
                ax.text(0.97, 0.8, f"leaves the chart\nafter step {last - 1}", transform=ax.transAxes, ha="right", va="center", fontsize=9.5)
                described.append(f"learning rate {alpha:g}, {label}: x swings from side to side ever wider and leaves the chart after step {last - 1}")
            else:
                factor = theory.contraction_factor(alpha)
                how = "walks straight down toward 0" if factor > 0 else ("jumps to 0 in one step and stays" if factor == 0 else "flips sign at every step")
                described.append(f"learning rate {alpha:g}, {label}: x {how} and is {_plain(xs[-1])} after {steps} steps")
        for ax in flat[len(rates):]:
            ax.set_axis_off()
        for ax in axes[:, 0]:
            ax.set_ylabel("xₙ", rotation=0, labelpad=8)
        for ax in axes[-1, :]:
            ax.set_xlabel("step n")
        flat[0].set_ylim(-limit, limit)
        flat[0].set_xlim(-0.5, steps + 0.5)
        return svg(
            fig,
            f"{len(rates)} small charts of x after n steps of gradient descent on f(x) = x squared from x = {_plain(start)}, "
            f"one chart per learning rate, all on the same scale. " + "; ".join(described) + ".",
            "regime-runs",
            max_scale=MAX_SCALE,
        )


def phase_diagram(start: float = 5.0, steps: Sequence[int] = (5, 25, 100), learning_rates: Sequence[float] | None = None) -> str:
    """``|x_n|`` after ``n`` steps against the learning rate, on a log scale, on ``f(x) = x^2``.

    One curve per entry of ``steps``; bands mark the regimes of
    :func:`gdnotes.theory.regime`. Values come from :func:`gdnotes.theory.iterate`.
    """
    start = _validate.finite_number(start, "start", largest=FIGURE_RANGE)
    if start == 0:
        raise ArgumentError("start must be non-zero: from the minimum nothing moves")
    if isinstance(steps, (str, bytes)) or not isinstance(steps, Sequence) or not 1 <= len(steps) <= 4:
        raise ArgumentTypeError(f"steps must be a sequence of 1 to 4 step counts, got {steps!r}")
    counts = [_validate.count(n, f"steps[{i}]", minimum=1) for i, n in enumerate(steps)]
    alphas = np.linspace(0.004, 1.2, 300) if learning_rates is None else np.asarray(_rates(learning_rates), dtype=float)
    floor, ceiling = PHASE_FLOOR, 1e6
    stable = theory.largest_stable_rate()
    one_step = stable / 2
    with figure(4.8, 3.6) as (fig, ax):
        ax.axvspan(stable, alphas.max(), color=CRIMSON, alpha=0.12, linewidth=0)
        ax.axvline(one_step, color=FAINT, linewidth=1, linestyle=":")
        ax.axvline(stable, color=CRIMSON, linewidth=1.2, linestyle="--")
        ax.axhline(abs(start), color=FAINT, linewidth=1, linestyle="--")
        for i, n in enumerate(counts):
            values = np.array([abs(theory.iterate(start, float(a), n)) for a in alphas])
            ax.plot(alphas, np.clip(values, floor, ceiling * 10), color=COLORS[i], label=f"after {n} steps")
        ax.set_yscale("log")
        ax.set_ylim(floor, ceiling)
        ax.set_xlim(0, alphas.max())
        top = ceiling / 4
        ax.text(one_step / 2, top, "straight down", ha="center", va="top", fontsize=9.5)
        ax.text((one_step + stable) / 2, top, "zigzag", ha="center", va="top", fontsize=9.5)
        ax.text(alphas.max() - 0.01, top, "diverges", ha="right", va="top", fontsize=9.5)
        ax.annotate(f"|x₀| = {_plain(abs(start))}", (0.02, abs(start)), xytext=(0, 4), textcoords="offset points", ha="left", va="bottom", fontsize=9.5)
        ax.set_xlabel("learning rate α")
        ax.set_ylabel("|xₙ| (log scale)")
        fig.legend(loc="outside lower center", ncols=len(counts), fontsize=9.5)
        return svg(
            fig,
            f"A chart of how far from the minimum gradient descent on f(x) = x squared ends, |x_n| on a log scale, against the "
            f"learning rate from 0 to {_plain(alphas.max())}, starting from x = {_plain(start)}, with one curve for each of "
            + ", ".join(str(n) for n in counts)
            + f" steps. Each curve is a deep V: it falls from |x_0| = {_plain(abs(start))} at tiny rates to exactly 0 at "
            f"rate {_plain(one_step)} (off the bottom of the chart), then climbs back to {_plain(abs(start))} at rate "
            f"{_plain(stable)}, a dashed line. Values below {_plain(floor)} are drawn along the bottom edge. Left of that line every curve ends below where it started, and more steps push "
            f"it lower; right of it, in the shaded band labelled diverges, every curve ends above the start, and more steps "
            f"push it higher.",
            "phase-diagram",
            max_scale=MAX_SCALE,
        )


def loss_blowup(start: Sequence[float] = (3.0, 1.0), learning_rate: float = 0.15, factor: float = 3.0, steps: int = 40) -> str:
    """Loss against step on ``L = w1^2 + 3 w2^2`` for a rate that trains and for ``factor`` times it.

    The faster run is drawn up to the step where :mod:`gdnotes.descent`
    declared it diverged (its loss passed :data:`~gdnotes.descent.DIVERGENCE_LIMIT`).
    """
    alpha = _validate.positive_number(learning_rate, "learning_rate")
    factor = _validate.positive_number(factor, "factor")
    steps = _validate.count(steps, "steps", minimum=1)
    surface = get("bowl2d")
    runs = [(alpha, gradient_descent_path(surface, alpha, start, steps)), (alpha * factor, gradient_descent_path(surface, alpha * factor, start, steps))]
    described = []
    with figure(4.8, 3.2) as (fig, ax):
        ax.axhline(DIVERGENCE_LIMIT, color=FAINT, linewidth=1, linestyle="--")
        ax.annotate("divergence threshold", (0, DIVERGENCE_LIMIT), xytext=(0, 4), textcoords="offset points", ha="left", va="bottom", fontsize=9.5)
        for color, (rate, path) in zip((BLUE, CRIMSON), runs):
            end = int(path.diverged_at[0]) if path.diverged[0] else steps
            losses = path.losses[: end + 1, 0]
            ax.plot(np.arange(end + 1), losses, "o-", color=color, markersize=3, linewidth=1.4, label=f"α = {rate:g}")
            if path.diverged[0]:
                ax.plot([end], [losses[-1]], marker="X", color=color, markersize=10, linestyle="none")
                ax.annotate(f"diverged at step {end}", (end, losses[-1]), xytext=(8, -6), textcoords="offset points", ha="left", va="top", fontsize=9.5)
                described.append(f"with learning rate {rate:g} the loss grows at every step, from {_plain(losses[0])} to {_plain(losses[-1])} at step {end}, where the run is stopped and reported as diverged")
            else:
                described.append(f"with learning rate {rate:g} the loss falls steadily, from {_plain(losses[0])} to {_plain(losses[-1])} after {end} steps")
        ax.set_yscale("log")
        ax.set_xlabel("step")
        ax.set_ylabel("loss (log scale)")
        ax.set_xlim(-0.5, steps + 0.5)
        ax.legend(loc="center right")
        return svg(
            fig,
            f"Loss against step, on a log scale, for gradient descent on L = w1 squared + 3 w2 squared from "
            f"({', '.join(_plain(v) for v in np.ravel(start))}): " + "; ".join(described) + f". A dashed line marks the "
            f"divergence threshold, a loss of {_plain(DIVERGENCE_LIMIT)}.",
            "loss-blowup",
            max_scale=MAX_SCALE,
        )
