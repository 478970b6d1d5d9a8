"""Figures (and the small bookkeeping behind them) for lesson 9: beyond plain gradient descent.

* :func:`race` runs several optimizers from one start with
  :func:`gdnotes.descent.run` and records, for each, how many steps it
  needed to bring the loss below a tolerance for good;
  :func:`race_figure` draws their paths and loss curves.
* :func:`sgd_paths` and :func:`sgd_costs` draw mini-batch runs of
  :func:`gdnotes.stochastic.minibatch_descent`.
* :func:`schedule_rates` draws learning-rate schedules.

>>> from gdnotes import optimizers
>>> racers = race("ravine", [optimizers.gradient_descent(0.07), optimizers.momentum(0.02)], (-9.0, 2.0), 150, 1e-4)
>>> [r.optimizer.name for r in racers], [r.steps_to_tolerance for r in racers]
(['gradient descent', 'momentum'], [89, 124])
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import NamedTuple

import numpy as np
from matplotlib.ticker import MaxNLocator

from .. import _validate, regression
from ..descent import Path, run_each
from ..optimizers import Optimizer
from ..schedules import Schedule
from ..stochastic import StochasticPath
from ..surfaces import Surface
from ..tables import number
from . import COLORS, FAINT, INK, MAX_SCALE, figure, svg
from ._parts import cost_contours, frame_map, point_text
from .._validate import ArgumentError, ArgumentTypeError

__all__ = ["Racer", "steps_to_tolerance", "race", "race_figure", "sgd_paths", "sgd_costs", "schedule_rates"]

BLUE, ORANGE, GREEN, CRIMSON, VIOLET, OCHRE = COLORS


# ----------------------------------------------------------------- the race


class Racer(NamedTuple):
    """One optimizer's run in a :func:`race`."""

    optimizer: Optimizer
    path: Path
    steps_to_tolerance: int | None
    final_loss: float


def steps_to_tolerance(path: Path, tolerance: float, start: int = 0) -> int | None:
    """The first step from which the loss of ``start`` stays below ``tolerance`` to the end of ``path``.

    ``None`` if the last loss is not below it (or the run diverged). A run
    that dips below the tolerance and climbs out again is not counted until
    it gets back below for good.
    """
    if not isinstance(path, Path):
        raise ArgumentTypeError(f"path must be a gdnotes.descent.Path, got {type(path).__name__}")
    tolerance = _validate.positive_number(tolerance, "tolerance")
    start = _validate.count(start, "start")
    if start >= path.losses.shape[1]:
        raise ArgumentError(f"start must be below the path's number of starts ({path.losses.shape[1]}), got {start}")
    losses = path.losses[:, start]
    if path.diverged[start]:
        return None
    above = np.nonzero(~(losses < tolerance))[0]
    if above.size == 0:
        return 0
    last = int(above[-1])
    return None if last == path.steps else last + 1


def race(surface: Surface | str, optimizers: Sequence[Optimizer], start: object, steps: int, tolerance: float) -> list[Racer]:
    """Run each optimizer for ``steps`` steps from ``start`` and record when it met ``tolerance``."""
    if isinstance(optimizers, Optimizer) or not isinstance(optimizers, Sequence) or not optimizers:
        raise ArgumentTypeError(f"optimizers must be a non-empty list of Optimizer, got {optimizers!r}")
    if len(optimizers) > len(COLORS):
        raise ArgumentError(f"optimizers must hold at most {len(COLORS)} optimizers (one colour each), got {len(optimizers)}")
    tolerance = _validate.positive_number(tolerance, "tolerance")
    racers = []
    for optimizer, path in zip(optimizers, run_each(surface, optimizers, start, steps)):
        final = float(path.losses[-1, 0]) if not path.diverged[0] else float("nan")
        racers.append(Racer(optimizer, path, steps_to_tolerance(path, tolerance), final))
    return racers


def _label(optimizer: Optimizer) -> str:
    return f"{optimizer.name}, α = {optimizer.hyperparameters['learning_rate']:g}"


def race_figure(racers: Sequence[Racer], slug: str, tolerance: float | None = None, box: object = None) -> str:
    """Paths over the contour map (top) and losses against the step on a log scale (bottom).

    ``box`` is the map's ``((x0, x1), (y0, y1))``; by default the surface's bounds.
    """
    if isinstance(racers, Racer) or not isinstance(racers, Sequence) or not racers or not all(isinstance(r, Racer) for r in racers):
        raise ArgumentTypeError("racers must be a non-empty list of Racer from race()")
    surface = racers[0].path.surface
    if box is None:
        box = surface.bounds
    box = _validate.numeric_array(box, "box")
    if box.shape != (2, 2) or not np.all(np.isfinite(box)) or not np.all(box[:, 0] < box[:, 1]):
        raise ArgumentError(f"box must be ((x0, x1), (y0, y1)) with x0 < x1 and y0 < y1, got {box.tolist()}")
    (x0, x1), (y0, y1) = box
    X, Y = np.meshgrid(np.linspace(x0, x1, 81), np.linspace(y0, y1, 61))
    Z = surface.value(np.stack([X, Y], axis=-1))
    positive = Z[Z > 0]
    levels = np.geomspace(max(positive.min(), Z.max() * 1e-5), Z.max(), 10)
    steps = racers[0].path.steps
    described = []
    height = 4.6 * (y1 - y0) / (x1 - x0) + 3.2
    with figure(4.8, height, nrows=2, height_ratios=[height - 3.2, 2.6]) as (fig, (top, bottom)):
        top.contour(X, Y, Z, levels=levels, colors=FAINT, linewidths=0.7)
        for color, racer in zip(COLORS, racers):
            trace = racer.path.trajectory(0)
            top.plot(trace[:, 0], trace[:, 1], "-", color=color, linewidth=1.3, alpha=0.9)
            losses = racer.path.losses[:, 0]
            bottom.plot(np.arange(steps + 1), losses, color=color, linewidth=1.4, label=_label(racer.optimizer))
            end = trace[~np.isnan(trace).any(axis=1)][-1]
            met = f"stays below the tolerance from step {racer.steps_to_tolerance}" if racer.steps_to_tolerance is not None else "does not get below the tolerance for good"
            described.append(f"{_label(racer.optimizer)} ends at {point_text(end)} with loss {number(racer.final_loss, 3)} and {met}")
        start = racers[0].path.positions[0, 0]
        top.plot(*start, "o", color=INK, markersize=6, zorder=4)
        top.annotate("start", start, xytext=(6, 4), textcoords="offset points", ha="left", va="bottom", fontsize=9.5)
        for minimum in surface.minima:
            top.plot(*minimum, marker="*", color=INK, markersize=12, linestyle="none", zorder=5)
        frame_map(top, box, [str(v) for v in surface.variables])
        if tolerance is not None:
            tolerance = _validate.positive_number(tolerance, "tolerance")
            bottom.axhline(tolerance, color=FAINT, linestyle="--", linewidth=1)
            lowest = np.nanmin([np.nanmin(r.path.losses) for r in racers])
            bottom.set_ylim(bottom=max(lowest, tolerance * 1e-8))
        bottom.set_yscale("log")
        bottom.set_xlabel("step")
        bottom.set_ylabel("loss (log)")
        bottom.set_xlim(0, steps)
        fig.legend(loc="outside lower center", ncols=2, fontsize=8.5)
        return svg(
            fig,
            f"Two charts for {surface.title.lower()}, {len(racers)} optimizers from {point_text(start)} for {steps} steps. Top: a "
            f"contour map with each optimizer's path and the minimum marked with a star. Bottom: each loss against the step on "
            f"a log scale" + (f", with the tolerance {number(tolerance)} as a dashed line" if tolerance is not None else "")
            + ". " + "; ".join(described) + ".",
            slug,
            max_scale=MAX_SCALE,
        )


# ----------------------------------------------------------------- mini-batches


def _runs(runs: Mapping[str, StochasticPath]) -> list[tuple[str, StochasticPath]]:
    if not isinstance(runs, Mapping) or not runs:
        raise ArgumentTypeError("runs must be a non-empty mapping of label -> StochasticPath")
    if len(runs) > len(COLORS):
        raise ArgumentError(f"runs must hold at most {len(COLORS)} runs, got {len(runs)}")
    items = list(runs.items())
    for label, path in items:
        if not isinstance(label, str) or not isinstance(path, StochasticPath):
            raise ArgumentTypeError(f"runs must map strings to gdnotes.stochastic.StochasticPath, got {label!r}: {type(path).__name__}")
    return items


def sgd_paths(x: object, y: object, runs: Mapping[str, StochasticPath], names: tuple[str, str] = ("w", "b"), slug: str = "sgd-paths") -> str:
    """The paths of mini-batch runs over the contours of the full cost, with the least-squares minimum."""
    x, y = regression._data(x, y)
    items = _runs(runs)
    names = _validate.strings(names, "names", 2)
    best = regression.least_squares(x, y)
    best_cost = regression.cost(best, x, y)
    points = np.vstack([path.params[~np.isnan(path.params).any(axis=1)] for _, path in items] + [best[None, :]])
    low, high = points.min(axis=0), points.max(axis=0)
    span = float(np.max(high - low))
    low, high = low - 0.12 * span, high + 0.12 * span
    box = ((low[0], high[0]), (low[1], high[1]))
    first_cost = max(float(path.costs[0]) for _, path in items)
    described = []
    with figure(4.6, 4.6 * (high[1] - low[1]) / (high[0] - low[0]) + 0.9) as (fig, ax):
        cost_contours(ax, x, y, box, best_cost, first_cost, linewidth=0.7)
        for color, (label, path) in zip(COLORS, items):
            ax.plot(path.params[:, 0], path.params[:, 1], "-", color=color, linewidth=1.0 if path.updates > 100 else 1.4,
                    marker="o" if path.updates <= 60 else None, markersize=3, label=f"{label} ({path.updates} updates)")
            described.append(f"{label}, {path.updates} updates, ends at {point_text(path.final)}")
        start = items[0][1].params[0]
        ax.plot(*start, "o", color=INK, markersize=6, zorder=4)
        ax.annotate("start", start, xytext=(6, 4), textcoords="offset points", ha="left", va="bottom", fontsize=9.5)
        ax.plot(*best, marker="*", color=INK, markersize=13, linestyle="none", zorder=5)
        frame_map(ax, box, names)
        fig.legend(loc="outside lower center", ncols=1, fontsize=9)
        return svg(
            fig,
            f"A contour map of the full cost over {names[0]} and {names[1]} with the paths of {len(items)} runs from "
            f"{point_text(start)}, the same number of passes through the data each: " + "; ".join(described)
            + f". The least-squares minimum, {point_text(best)}, is marked with a star.",
            slug,
            max_scale=MAX_SCALE,
        )


def sgd_costs(x: object, y: object, runs: Mapping[str, StochasticPath], slug: str = "sgd-costs") -> str:
    """The full cost minus its minimum against passes through the data (epochs), log scale."""
    x, y = regression._data(x, y)
    items = _runs(runs)
    best_cost = regression.cost(regression.least_squares(x, y), x, y)
    described = []
    with figure(4.6, 3.5) as (fig, ax):
        for color, (label, path) in zip(COLORS, items):
            excess = np.maximum(path.costs - best_cost, 1e-16)
            ax.plot(path.epochs, excess, "-", color=color, linewidth=1.0 if path.updates > 100 else 1.5,
                    marker="o" if path.updates <= 60 else None, markersize=3, label=label)
            rises = int(np.sum(np.diff(excess[np.isfinite(excess)]) > 0))
            how = "falls at every update" if rises == 0 else f"rises again at {rises} of its {path.updates} updates"
            described.append(f"{label} {how} and ends {number(excess[-1], 3)} above the minimum")
        ax.set_yscale("log")
        ax.set_xlabel("passes through the data (epochs)")
        ax.set_ylabel("cost − minimum (log)")
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        fig.legend(loc="outside lower center", ncols=min(len(items), 2), fontsize=9)
        return svg(
            fig,
            f"The cost over all examples minus its minimum, on a log scale, against the number of passes through the data, "
            f"for {len(items)} runs: " + "; ".join(described) + ".",
            slug,
            max_scale=MAX_SCALE,
        )


# ----------------------------------------------------------------- schedules

_SHAPES = {
    "constant": "a flat line",
    "step decay": "falling in stairs",
    "exponential": "a smooth curve that falls fast and then flattens",
    "cosine": "slow at first, fastest in the middle, slow again at the end",
}


def schedule_rates(schedules: Mapping[str, Schedule], steps: int, slug: str = "schedule-rates") -> str:
    """Each schedule's learning rate against the step, for ``steps`` steps."""
    if not isinstance(schedules, Mapping) or not schedules or not all(isinstance(s, Schedule) for s in schedules.values()):
        raise ArgumentTypeError("schedules must be a non-empty mapping of label -> gdnotes.schedules.Schedule")
    if len(schedules) > len(COLORS):
        raise ArgumentError(f"schedules must hold at most {len(COLORS)} schedules, got {len(schedules)}")
    steps = _validate.count(steps, "steps", minimum=1)
    ks = np.arange(steps + 1)
    described = []
    with figure(4.6, 3.3) as (fig, ax):
        for color, (label, schedule) in zip(COLORS, schedules.items()):
            rates = schedule(ks)
            ax.plot(ks, rates, color=color, linewidth=1.6, label=label, drawstyle="steps-post" if schedule.name == "step decay" else "default")
            described.append(f"{label} ({_SHAPES.get(schedule.name, 'its own shape')}): from {number(rates[0])} to {number(rates[-1])}")
        ax.set_xlabel("step k")
        ax.set_ylabel("learning rate αₖ")
        ax.set_xlim(0, steps)
        ax.set_ylim(bottom=0)
        fig.legend(loc="outside lower center", ncols=min(len(schedules), 2), fontsize=9)
        return svg(
            fig,
            f"The learning rate against the step for {len(schedules)} schedules over {steps} steps: " + "; ".join(described)
            + ".",
            slug,
            max_scale=MAX_SCALE,
        )
