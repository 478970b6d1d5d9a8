r"""Training-loss curves with a known cause, for the practice page's diagnosis drill.

Each :class:`Case` is a loss curve made by one hidden setting: a learning rate
that is too small, a good one, one at the edge of stability (the loss bounces),
one past it (the loss blows up), momentum kept too long (the loss swells and
ebbs), a start on a flat stretch (a plateau or a saddle), or mini-batch
gradients (noise). Nothing here classifies a curve: the
label of a case *is* the setting that made it, run by the package's one engine
(:func:`gdnotes.descent.run` with the rules of :mod:`gdnotes.optimizers` on
:mod:`gdnotes.surfaces` and the surfaces of
:mod:`gdnotes.practice`, or :func:`gdnotes.stochastic.minibatch_descent` on
the petal regression of :mod:`gdnotes.regression`). :func:`cases` draws the
rates, starts and shuffle seeds of every case from one seed, so the same seed
gives the same curves.

What a curve shows is the *gap*: the loss minus the lowest loss of the valley
the run ends in (for the regression, minus the least-squares cost), so that a
log scale can show it; gaps below :data:`FLOOR` are drawn at :data:`FLOOR`.

>>> first = cases(0)
>>> len(first), sorted({case.cause for case in first}) == sorted(CAUSES)
(49, True)
>>> [case.cause for case in cases(0)] == [case.cause for case in first]
True
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
import sympy as sp

from . import _validate, descent, optimizers, practice, regression, stochastic, surfaces, tables, theory
from ._validate import ArgumentError, ArgumentTypeError

__all__ = ["Cause", "CAUSES", "Case", "FLOOR", "POINTS", "VARIANTS", "cases", "example", "shape_facts"]

POINTS = 51
"""Points on every curve: the start and 50 later ones (every ``Case.every`` steps)."""

VARIANTS = 7
"""Cases per cause that :func:`cases` makes."""

FLOOR = 1e-10
"""Gaps (loss above the floor of its valley) below this are drawn at this value: rounding noise lives below it."""


class Cause(NamedTuple):
    """A cause the reader can name: its button text, its name in a sentence, the shape its curve shows, and why."""

    label: str
    name: str
    shape: str
    why: str


CAUSES: dict[str, Cause] = {
    "too_small": Cause(
        "Learning rate too small",
        "a learning rate that is too small",
        "the loss falls at every step, but slowly; on a log scale it is a shallow, steady slope, still far from the bottom at the end",
        "each step moves only a small fraction of the way, so progress is sure but slow",
    ),
    "good": Cause(
        "Good learning rate",
        "a good learning rate",
        "the loss falls steeply and steadily; on a log scale it is a steep straight line down to the floor within a few dozen steps",
        "each step removes a large, fixed fraction of what is left",
    ),
    "oscillating": Cause(
        "Rate at the edge: oscillating",
        "a learning rate at the edge of stability",
        "a sawtooth, the loss going down, up, down, up at every step while it hardly falls, or settling into a bounce between two levels",
        "the rate sits at the edge of stability (about 2 divided by the curvature at the minimum), so each step jumps across the valley to the other wall",
    ),
    "diverging": Cause(
        "Rate too large: diverging",
        "a learning rate past the limit",
        "the loss grows by a roughly fixed factor per step, often after falling at first, until it is huge or the run is stopped",
        "the rate is past the limit 2 divided by the largest curvature, so every step overshoots by more than it corrects",
    ),
    "momentum": Cause(
        "Momentum too high: ringing",
        "momentum set too high",
        "slow waves, the loss falling, rising again and falling, each swell several steps long, the swells dying out only slowly",
        "the velocity carries the run past the minimum and back again and again; with β close to 1 little of it is lost at each step",
    ),
    "plateau": Cause(
        "Stuck on a plateau or saddle",
        "a start on a plateau or beside a saddle point",
        "a long flat stretch, where the loss barely moves, then a sudden drop",
        "the run starts where the ground is almost flat (a plateau, or near a saddle point), so the gradient and the steps are tiny until it slides off",
    ),
    "noisy": Cause(
        "Noisy mini-batches",
        "noisy mini-batch gradients",
        "a jagged curve that goes up and down from step to step around a falling trend, then hovers above the bottom",
        "each step follows the gradient of a few examples, an estimate of the true gradient that is right on average but wrong in detail",
    ),
}
"""The causes, in the order the drill offers them."""


@dataclass(frozen=True)
class Case:
    """One curve and the setting that made it.

    Attributes:
        cause: a key of :data:`CAUSES`.
        setting: the setting in words (surface, rate, start), shown after the reader answers.
        every: steps between two points of the curve.
        gaps: shape (:data:`POINTS`,): the loss above its floor at steps 0, every, 2 every, ...,
            at least :data:`FLOOR`; a run flagged as diverged by :mod:`gdnotes.descent` ends at
            the huge gap where it was flagged (the curve is then shorter).
        diverged_at: the step at which the run was flagged as diverged, or -1.
    """

    cause: str
    setting: str
    every: int
    gaps: np.ndarray
    diverged_at: int = -1

    @property
    def steps(self) -> np.ndarray:
        """The step of each point of :attr:`gaps`."""
        return np.arange(self.gaps.size) * self.every


def _n(value: float) -> str:
    return tables.number(float(value))


def _rate(rng: np.random.Generator, low: float, high: float) -> float:
    """A rate drawn from [low, high], kept to three significant digits (so the setting reads plainly)."""
    return float(f"{rng.uniform(low, high):.3g}")


def _curvatures_at(surface: surfaces.Surface, point: tuple[float, ...]) -> np.ndarray:
    """The eigenvalues of the Hessian (the curvatures) of ``surface`` at ``point``, smallest first."""
    hessian = sp.hessian(surface.expression, surface.variables)
    values = hessian.subs(dict(zip(surface.variables, point)))
    return np.linalg.eigvalsh(np.array(values.tolist(), dtype=float))


def _nearest_floor(surface: surfaces.Surface, point: np.ndarray) -> float:
    """The loss at the listed minimum nearest to ``point`` (the floor of the valley a run ends in)."""
    minima = np.asarray(surface.minima, dtype=float)
    return float(surface.value(minima[int(np.argmin(np.linalg.norm(minima - point, axis=1)))]))


def _curve(
    surface: surfaces.Surface, rate: float, start: object, every: int, floor: float | None = None, beta: float = 0.0
) -> tuple[np.ndarray, int]:
    """Run gradient descent (with momentum ``beta`` if not 0) for ``(POINTS - 1) * every`` steps.

    Returns the gaps at every ``every``-th step and the step at which the run diverged (or -1).
    """
    optimizer = optimizers.momentum(rate, beta) if beta else optimizers.gradient_descent(rate)
    path = descent.run(surface, optimizer, start, (POINTS - 1) * every)
    losses = path.losses[:, 0]
    diverged = int(path.diverged_at[0])
    if floor is None:
        last = path.positions[path.last(0), 0]
        floor = _nearest_floor(surface, last) if diverged < 0 else min(float(surface.value(m)) for m in surface.minima)
    if diverged >= 0:
        kept = losses[: diverged + 1 : every]
        if diverged % every:
            kept = np.append(kept, losses[diverged])
    else:
        kept = losses[::every]
    return np.maximum(kept - floor, FLOOR), diverged


def _point(values: object) -> str:
    array = np.atleast_1d(np.asarray(values, dtype=float))
    return _n(array[0]) if array.size == 1 else "(" + ", ".join(_n(v) for v in array) + ")"


_POWERS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
_INDICES = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


def _on(surface: surfaces.Surface) -> str:
    """``the 1-D bowl, L = x²``: the surface's title and its formula as plain text."""
    formula = re.sub(r"\*\*(\d+)", lambda m: m.group(1).translate(_POWERS), sp.sstr(surface.expression))
    formula = re.sub(r"([a-z])(\d)", lambda m: m.group(1) + m.group(2).translate(_INDICES), formula)
    formula = formula.replace("*", "").replace("-", "−")
    title = surface.title
    title = title[0].lower() + title[1:] if title.split()[0] in ("The", "A") else "a " + title.lower()
    return f"{title}, L = {formula}"


def _quadratic_case(cause: str, surface: surfaces.Surface, rate: float, start: object, note: str) -> Case:
    lams = _curvatures_at(surface, tuple(0.0 for _ in surface.variables))
    gaps, diverged = _curve(surface, rate, start, 1, floor=0.0)
    limit = theory.largest_stable_rate(list(lams))
    setting = (
        f"Plain gradient descent on {_on(surface)}, from {_point(start)}, with α = {_n(rate)}. "
        f"Its steepest curvature is {_n(lams[-1])}, so the limit is α < 2/{_n(lams[-1])} = {_n(limit)}: "
        f"this rate is {_n(rate / limit)} times the limit. {note}"
    )
    return Case(cause, setting, 1, gaps, diverged)


def _well_case(cause: str, rng: np.random.Generator, side: int, product: tuple[float, float], start: float, note: str) -> Case:
    """A run in one well of the double well, at a rate given as ``alpha * curvature at that well's minimum``."""
    well = surfaces.get("double_well")
    minimum = sorted(well.minima)[side]
    lam = float(_curvatures_at(well, minimum)[0])
    rate = _rate(rng, product[0] / lam, product[1] / lam)
    gaps, diverged = _curve(well, rate, start, 1)
    setting = (
        f"Plain gradient descent on {_on(well)}, from x = {_n(start)}, with α = {_n(rate)}. The curvature at the bottom of "
        f"this well (x ≈ {_n(minimum[0])}) is {_n(lam)}, so α × curvature = {_n(rate * lam)} (the edge is 2). {note}"
    )
    return Case(cause, setting, 1, gaps, diverged)


def _off_bottom(rng: np.random.Generator, side: int, sign: float, distance: tuple[float, float]) -> float:
    """A start in one well of the double well (0: left, 1: right), a drawn distance from its bottom, on the ``sign`` side."""
    bottom = sorted(surfaces.get("double_well").minima)[side][0]
    return float(f"{bottom + sign * rng.uniform(*distance):.3g}")


def _too_small(rng: np.random.Generator, i: int) -> Case:
    note = "Every step goes the right way, but covers only a sliver of the distance."
    if i == 0:
        return _quadratic_case("too_small", surfaces.get("bowl1d"), _rate(rng, 0.002, 0.01), _rate(rng, 3.0, 5.0), note)
    if i == 1:
        return _quadratic_case("too_small", surfaces.get("bowl2d"), _rate(rng, 0.002, 0.01), (_rate(rng, 2.5, 3.5), _rate(rng, 1.0, 2.0)), note)
    if i == 2:
        return _quadratic_case("too_small", surfaces.get("ravine"), _rate(rng, 0.0005, 0.002), (_rate(rng, 6.0, 9.0), _rate(rng, 0.5, 1.5)), note)
    if i == 3:
        return _quadratic_case("too_small", surfaces.quadratic([0.5, 3.0], "bowl"), _rate(rng, 0.003, 0.012), (_rate(rng, 3.0, 4.0), _rate(rng, -3.0, -2.0)), note)
    if i == 4:
        return _well_case("too_small", rng, 0, (0.005, 0.015), -_rate(rng, 2.0, 2.3), note)
    if i == 5:
        return _well_case("too_small", rng, 1, (0.005, 0.015), _rate(rng, 2.0, 2.3), note)
    return _quadratic_case("too_small", surfaces.quadratic([4.0], "bowl"), _rate(rng, 0.001, 0.004), _rate(rng, -4.0, -2.0), note)


def _good(rng: np.random.Generator, i: int) -> Case:
    note = "Each step removes most of the remaining gap."
    if i == 0:
        return _quadratic_case("good", surfaces.get("bowl1d"), _rate(rng, 0.12, 0.38), _rate(rng, 3.0, 5.0), note)
    if i == 1:
        return _quadratic_case("good", surfaces.get("bowl2d"), _rate(rng, 0.12, 0.28), (_rate(rng, 2.5, 3.5), _rate(rng, 1.0, 2.0)), note)
    if i == 2:
        return _quadratic_case("good", surfaces.quadratic([1.0, 3.0], "bowl"), _rate(rng, 0.3, 0.5), (_rate(rng, 3.0, 4.0), _rate(rng, -3.0, -2.0)), note)
    if i == 3:
        return _well_case("good", rng, 0, (0.4, 0.9), _off_bottom(rng, 0, rng.choice([-1.0, 1.0]), (0.4, 0.8)), note)
    if i == 4:
        return _well_case("good", rng, 1, (0.4, 0.9), _off_bottom(rng, 1, rng.choice([-1.0, 1.0]), (0.4, 0.8)), note)
    if i == 5:
        return _quadratic_case("good", surfaces.quadratic([4.0], "bowl"), _rate(rng, 0.06, 0.2), _rate(rng, -4.0, -2.0), note)
    return _quadratic_case("good", surfaces.quadratic([2.0, 5.0], "bowl"), _rate(rng, 0.15, 0.26), (_rate(rng, -3.0, -2.0), _rate(rng, 1.0, 2.0)), note)


def _oscillating(rng: np.random.Generator, i: int) -> Case:
    note = (
        "The walls of this well are not mirror images, so the loss is higher on one side than the other, and the run, "
        "jumping from side to side, shows it at every step."
    )
    side = i % 2
    # a start on the inner wall, towards the hump between the wells (the outer walls are steep: from there
    # the second step can land almost on the minimum, and the bounce starts again from nothing)
    start = _off_bottom(rng, side, 1.0 if side == 0 else -1.0, (0.1, 0.3))
    product = ((2.0, 2.05), (2.05, 2.12), (2.12, 2.2))[i % 3]
    return _well_case("oscillating", rng, side, product, start, note)


def _diverging(rng: np.random.Generator, i: int) -> Case:
    note = "Each step lands further from the minimum than it started."
    if i == 0:
        return _quadratic_case("diverging", surfaces.get("bowl1d"), _rate(rng, 1.1, 1.5), _rate(rng, 1.0, 4.0), note)
    if i == 1:
        note = "The shallow direction still shrinks at first, so the loss falls before the steep one takes over."
        return _quadratic_case("diverging", surfaces.get("bowl2d"), _rate(rng, 0.36, 0.45), (_rate(rng, 2.5, 3.5), _rate(rng, 0.1, 0.5)), note)
    if i == 2:
        note = "The shallow direction still shrinks at first, so the loss falls before the steep one takes over."
        return _quadratic_case("diverging", surfaces.get("ravine"), _rate(rng, 0.088, 0.1), (_rate(rng, 7.0, 9.0), _rate(rng, 0.02, 0.1)), note)
    if i == 3:
        return _quadratic_case("diverging", surfaces.quadratic([0.5, 3.0], "bowl"), _rate(rng, 0.72, 0.9), (_rate(rng, 3.0, 4.0), _rate(rng, -3.0, -2.0)), note)
    if i == 4:
        return _quadratic_case("diverging", surfaces.quadratic([2.0, 8.0], "bowl"), _rate(rng, 0.27, 0.32), (_rate(rng, 2.0, 3.0), _rate(rng, 0.3, 1.0)), note)
    if i == 5:
        return _quadratic_case("diverging", surfaces.quadratic([4.0], "bowl"), _rate(rng, 0.55, 0.7), _rate(rng, 1.0, 3.0), note)
    return _quadratic_case("diverging", surfaces.quadratic([1.0, 3.0], "bowl"), _rate(rng, 0.76, 0.86), (_rate(rng, -3.0, -2.0), _rate(rng, 0.05, 0.2)), note)


def _momentum(rng: np.random.Generator, i: int) -> Case:
    """Gradient descent with momentum (lesson 7) and a large ``beta`` on a bowl: the run swings to and fro."""
    surface, rates, start = (
        (surfaces.get("bowl1d"), (0.05, 0.15), lambda: _rate(rng, 3.0, 5.0)),
        (surfaces.get("bowl2d"), (0.03, 0.06), lambda: (_rate(rng, 2.5, 3.5), _rate(rng, 1.0, 2.0))),
        (surfaces.quadratic([2.0, 5.0], "bowl"), (0.04, 0.1), lambda: (_rate(rng, -3.0, -2.0), _rate(rng, 1.0, 2.0))),
        (surfaces.quadratic([1.0, 3.0], "bowl"), (0.06, 0.12), lambda: (_rate(rng, 3.0, 4.0), _rate(rng, -3.0, -2.0))),
        (surfaces.quadratic([4.0], "bowl"), (0.02, 0.06), lambda: _rate(rng, -4.0, -2.0)),
        (surfaces.quadratic([0.5, 2.0], "bowl"), (0.1, 0.25), lambda: (_rate(rng, -4.0, -3.0), _rate(rng, 1.0, 2.0))),
        (surfaces.get("bowl1d"), (0.02, 0.05), lambda: _rate(rng, -5.0, -3.0)),
    )[i]
    rate, beta = _rate(rng, *rates), float(f"{rng.uniform(0.92, 0.97):.2g}")
    first = start()
    gaps, diverged = _curve(surface, rate, first, 1, floor=0.0, beta=beta)
    lams = _curvatures_at(surface, tuple(0.0 for _ in surface.variables))
    setting = (
        f"Gradient descent with momentum β = {_n(beta)} (lesson 7) on {_on(surface)}, from {_point(first)}, with α = {_n(rate)}. "
        f"Plain descent would be safe at this rate (α × the steepest curvature, {_n(lams[-1])}, is {_n(rate * lams[-1])}, below 2), "
        f"but the velocity keeps {_n(beta)} of itself at every step, so the run overshoots and swings back many times."
    )
    return Case("momentum", setting, 1, gaps, diverged)


def _saddle(rng: np.random.Generator, target: float) -> Case:
    """Gradient descent from a hair off the flat point at the origin of ``(w1 w2 - target)^2``, timed to slide off mid-run."""
    valley = practice.product_valley(target)
    eps = 10.0 ** rng.uniform(-5.0, -2.5)
    start = (float(f"{eps:.2g}"), float(f"{eps * rng.uniform(0.5, 2.0):.2g}"))
    every = 2
    leave = rng.uniform(0.5, 0.65) * (POINTS - 1) * every
    # near the origin w1 + w2 grows by the factor 1 + 2 target alpha per step; it leaves when it reaches sqrt(target)
    growth = math.exp(math.log(math.sqrt(target) / sum(start)) / leave)
    rate = float(f"{min((growth - 1) / (2 * target), 0.8 / (4 * target)):.3g}")
    gaps, diverged = _curve(valley, rate, start, every, floor=0.0)
    setting = (
        f"Plain gradient descent on a valley of minima, L = (w₁w₂ − {_n(target)})², from {_point(start)}, with α = {_n(rate)}. "
        f"The origin is a flat point (a saddle) with loss {_n(target**2)}; the start is a hair away from it, where the gradient "
        "is almost zero, so the run creeps until it slides off into the valley (loss 0)."
    )
    return Case("plateau", setting, every, gaps, diverged)


def _plateau(rng: np.random.Generator, i: int) -> Case:
    if i < 5:
        return _saddle(rng, (1.0, 2.0, 3.0, 1.5, 2.5)[i])
    shelf = practice.plateau()
    start = _rate(rng, 3.0, 4.5) * (1 if i == 5 else -1)
    rate = _rate(rng, 0.6, 0.9)
    # thin the run so that the slide off the plateau falls in the middle of the picture
    off = descent.Stop("off the plateau", lambda k, loss, previous, gradient: loss < 0.5)
    leave = descent.run(shelf, optimizers.gradient_descent(rate), start, 5000, stop=off).steps
    every = max(1, math.ceil(leave / (rng.uniform(0.45, 0.65) * (POINTS - 1))))
    gaps, diverged = _curve(shelf, rate, start, every, floor=0.0)
    setting = (
        f"Plain gradient descent on a bowl with a plateau, L = w²/(1 + w²), from w = {_n(start)}, with α = {_n(rate)} "
        f"(one point every {every} steps). Far from 0 the loss is nearly 1 and nearly flat, so the steps are tiny; "
        f"the run leaves the plateau near step {leave}."
    )
    return Case("plateau", setting, every, gaps, diverged)


def _noisy(rng: np.random.Generator, i: int) -> Case:
    data = regression.petals()
    batch = (1, 1, 2, 2, 3, 1, 2)[i]
    rate = _rate(rng, 0.006, 0.01) if i == 0 else _rate(rng, 0.002, 0.004) * (1 + 0.5 * (batch > 1))
    seed = int(rng.integers(0, 1000))
    start = (0.0, 0.0) if i % 2 == 0 else (_rate(rng, -1.0, -0.3), _rate(rng, 0.5, 1.0))
    per_epoch = math.ceil(data.x.size / batch)
    run = stochastic.minibatch_descent(data.x, data.y, rate, batch, math.ceil((POINTS - 1) / per_epoch), start=start, seed=seed)
    best = float(regression.cost(regression.least_squares(data.x, data.y), data.x, data.y))
    costs = run.costs[:POINTS]
    diverged = run.diverged_at if 0 <= run.diverged_at < POINTS else -1
    if diverged >= 0:
        costs = costs[: diverged + 1]
    examples = "1 example" if batch == 1 else f"{batch} examples"
    setting = (
        f"Mini-batch gradient descent on the straight-line fit of petal width to petal length (150 iris flowers), "
        f"{examples} per step, α = {_n(rate)}, from (w, b) = {_point(start)}, shuffle seed {seed}. "
        f"Each step sees {examples} of 150, so its gradient is a noisy estimate; the curve is the cost on all 150 "
        f"above its least-squares minimum, {_n(best)}."
    )
    return Case("noisy", setting, 1, np.maximum(costs - best, FLOOR), diverged)


_MAKERS: dict[str, Callable[[np.random.Generator, int], Case]] = {
    "too_small": _too_small,
    "good": _good,
    "oscillating": _oscillating,
    "diverging": _diverging,
    "momentum": _momentum,
    "plateau": _plateau,
    "noisy": _noisy,
}


def cases(seed: int = 0) -> list[Case]:
    """:data:`VARIANTS` cases of every cause of :data:`CAUSES` (in that order), their settings drawn from ``seed``.

    Args:
        seed: an integer from 0 to 2**32 - 1; the same seed gives the same cases.

    Raises:
        TypeError: ``seed`` is not an integer.
        ValueError: ``seed`` is negative or too large.
    """
    seed = _validate.count(seed, "seed")
    if seed >= 2**32:
        raise ArgumentError(f"seed must be below 2**32, got {seed}")
    out = []
    for k, (cause, make) in enumerate(_MAKERS.items()):
        rng = np.random.default_rng([seed, k])
        out.extend(make(rng, i) for i in range(VARIANTS))
    return out


def example(cause: str, seed: int = 0) -> Case:
    """The first case of ``cause`` (a key of :data:`CAUSES`) that :func:`cases` makes from ``seed``."""
    if not isinstance(cause, str):
        raise ArgumentTypeError(f"cause must be a string, got {type(cause).__name__} {cause!r}")
    if cause not in CAUSES:
        raise ArgumentError(f"cause must be one of {', '.join(CAUSES)}, got {cause!r}")
    seed = _validate.count(seed, "seed")
    rng = np.random.default_rng([seed, list(CAUSES).index(cause)])
    return _MAKERS[cause](rng, 0)


def shape_facts(gaps: object) -> dict[str, float]:
    """Numbers that describe a curve's shape (for the tests and the fallback's words).

    ``falls``: the share of steps on which the gap fell; ``alternates``: the share of
    consecutive changes that switch sign; ``drop``: the first gap over the last, in
    powers of ten (negative when the gap grew); ``flat``: the longest run of points
    (as a share of the curve) within a factor 1.25 of the first of them, among points
    above a tenth of the first gap.
    """
    g = _validate.numeric_array(gaps, "gaps")
    if g.ndim != 1 or g.size < 3 or not np.all((g > 0) & np.isfinite(g)):
        raise ArgumentError(f"gaps must be at least three positive finite numbers, got shape {g.shape}")
    change = np.diff(np.log10(g))
    moving = change[np.abs(change) > 1e-12]
    alternates = float(np.mean(np.sign(moving[1:]) != np.sign(moving[:-1]))) if moving.size > 1 else 0.0
    longest, i = 0, 0
    while i < g.size:
        j = i
        while j + 1 < g.size and g[i] / 1.25 <= g[j + 1] <= g[i] * 1.25 and g[j + 1] > g[0] / 10:
            j += 1
        longest = max(longest, j - i + 1)
        i = j + 1
    return {
        "falls": float(np.mean(change < 0)),
        "alternates": alternates,
        "drop": float(np.log10(g[0] / g[-1])),
        "flat": longest / g.size,
    }
