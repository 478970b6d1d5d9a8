r"""Lesson 7's widget ``momentum-map``: the heavy ball's rate over the plane of learning rate α and momentum β.

On a quadratic with curvatures :math:`\lambda_{\min}, \lambda_{\max}` every
pair (α, β) gets the rate :func:`gdnotes.theory.heavy_ball_radius` (the
spectral radius of the momentum step's matrix), coloured; the edge of the
region where the heavy ball converges, :math:`\alpha = 2(1+\beta)/\lambda_{\max}`,
and Polyak's best point (:func:`gdnotes.ravines.best_heavy_ball`) are marked.
The grid is computed here, by :func:`gdnotes.theory.momentum_map`, and sent in
the config; the browser only draws it. Picking a point sets lesson 7's
momentum race to it: the script sends the DOM event ``gdnotes:momentum`` that
``momentum-race.js`` listens for. Its script is
``docs/assets/widgets/momentum-map/momentum-map.js`` (the shared
stylesheet ``lib/widgets.css`` is enough for it).
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

import matplotlib
import numpy as np

from .. import _validate, figures, ravines, surfaces, tables, theory
from ._common import Widget, _note, _num, _root

__all__ = ["momentum_map"]

RACE_EVENT = "gdnotes:momentum"
"""The DOM event (on ``document``) by which the map sets the race's α and β: detail ``{learningRate, beta}``."""

SCALE_TICKS = (0.7, 0.8, 0.9, 0.95, 0.98, 0.99, 0.995, 0.999)
"""Rates marked on the colour scale (those inside its range)."""

SLOWEST = 0.999
"""The slow end of the colour scale: every rate from here to 1 gets its colour."""


def _grid_axis(spec: object, name: str, low_ok: float, high_ok: float, *, zero: bool) -> np.ndarray:
    if not isinstance(spec, Sequence) or isinstance(spec, (str, bytes)) or len(spec) != 3:
        raise _validate.ArgumentTypeError(f"{name} must be (first, last, step), got {spec!r:.60}")
    first, last = (_validate.finite_number(v, f"{name}[{i}]") for i, v in enumerate(spec[:2]))
    step = _validate.positive_number(spec[2], f"{name}[2]")
    if not (first > low_ok or (zero and first == low_ok)) or not last < high_ok or not first < last:
        raise _validate.ArgumentError(f"{name} must have {low_ok} {'<=' if zero else '<'} first < last < {high_ok}, got {spec!r}")
    count = round((last - first) / step) + 1
    if not 2 <= count <= 200 or not math.isclose(first + (count - 1) * step, last, rel_tol=1e-9, abs_tol=1e-12):
        raise _validate.ArgumentError(f"{name} must reach last from first in 2 to 200 whole steps, got {spec!r}")
    return np.array([float(f"{first + k * step:.10g}") for k in range(count)])


def shade(rates: object, fastest: float) -> np.ndarray:
    r"""Where each rate sits on the colour scale, 0 (``fastest``) to 1 (:data:`SLOWEST` and slower).

    The scale is even in :math:`\log(-1/\ln\rho)`, the logarithm of the steps
    the distance takes to shrink by a factor e, so that 0.9, 0.99 and 0.999
    (10, 100 and 1000 such steps) lie evenly apart.
    """
    low = math.log(-1 / math.log(fastest))
    high = math.log(-1 / math.log(SLOWEST))
    r = np.clip(np.asarray(rates, dtype=float), fastest, SLOWEST)
    return (np.log(-1 / np.log(r)) - low) / (high - low)


def _stops(count: int = 9) -> list[str]:
    """The colour scale: matplotlib's viridis (even in lightness, readable for colour-blind readers), fast = yellow."""
    cmap = matplotlib.colormaps["viridis"]
    return [matplotlib.colors.to_hex(cmap(1 - k / (count - 1))) for k in range(count)]


def _figure(grid: theory.MomentumMap, best: tuple[float, float, float], fastest: float, marked: tuple[float, float], slug: str) -> str:
    """The static map: the rate in bands of the colour scale, the edge, the best point and the race's setting."""
    lams = grid.curvatures
    alphas, betas = grid.learning_rates, grid.betas
    fine_a = np.linspace(alphas[0], alphas[-1], 121)
    fine_b = np.linspace(betas[0], betas[-1], 61)
    fine = theory.momentum_map(lams, fine_a, fine_b)
    levels = [0.0, *[float(shade(t, fastest)) for t in SCALE_TICKS if fastest < t < SLOWEST], 1.0]
    cmap = matplotlib.colors.LinearSegmentedColormap.from_list("gd-rate", _stops())
    converges = theory.heavy_ball_converges(*np.meshgrid(fine_a, fine_b), lams)
    shading = np.where(converges, shade(fine.rates, fastest), np.nan)
    edge_b = np.linspace(0, betas[-1], 50)
    edge_a = 2 * (1 + edge_b) / max(lams)
    with figures.figure(4.8, 3.6) as (fig, ax):
        bands = ax.contourf(fine_a, fine_b, shading, levels=levels, cmap=cmap, vmin=0, vmax=1)
        ax.plot(edge_a, edge_b, color=figures.INK, linewidth=1.6, linestyle=(0, (4, 2)))
        ax.text(alphas[-1] * 0.985, betas[0] + 0.04, "does not\nconverge", ha="right", va="bottom", fontsize=9)
        ax.plot(*best[:2], marker="*", markersize=13, color=figures.COLORS[1], markeredgecolor=figures.INK, linestyle="none")
        ax.plot(*marked, marker="o", markersize=8, markerfacecolor="none", markeredgecolor=figures.INK, markeredgewidth=1.5, linestyle="none")
        ax.set(xlabel="learning rate α", ylabel="momentum β", xlim=(0, alphas[-1]), ylim=(0, betas[-1]))
        ax.xaxis.set_major_locator(matplotlib.ticker.MaxNLocator(5))
        bar = fig.colorbar(bands, ax=ax, ticks=levels[1:-1], pad=0.02)
        bar.ax.set_yticklabels([_num(t) for t in SCALE_TICKS if fastest < t < SLOWEST])
        bar.set_label("rate per step (darker: slower)")
        bar.outline.set_visible(False)
        alt = (
            f"Map of the heavy ball's rate per step on a quadratic with curvatures {_num(lams[0])} and {_num(lams[-1])}, "
            f"for learning rates α from 0 to {_num(alphas[-1])} (across) and momenta β from 0 to {_num(betas[-1])} (up). The colour runs "
            f"from yellow (fast, a rate near {tables.number(best[2], 3)}) to dark violet (slow, a rate near 1). A dashed line, "
            f"α = 2(1 + β)/{_num(max(lams))}, is the edge: to its right the heavy ball does not converge (left blank). "
            f"The fast region is a narrow wedge near the edge; a star marks the best point, α = {tables.number(best[0], 3)}, "
            f"β = {tables.number(best[1], 3)}, with rate {tables.number(best[2], 3)}; a ring marks α = {_num(marked[0])}, β = {_num(marked[1])}, "
            f"where the race starts, at rate {tables.number(float(theory.heavy_ball_radius(*marked, lams)), 3)}."
        )
        return figures.svg(fig, alt, slug, max_scale=figures.MAX_SCALE)


def momentum_map(
    surface: surfaces.Surface | str = "ravine",
    learning_rates: Sequence[float] = (0.002, 0.17, 0.002),
    betas: Sequence[float] = (0.0, 0.98, 0.02),
    marked: Sequence[float] = (0.02, 0.9),
    slug: str = "momentum-map",
) -> str:
    r"""Lesson 7: the heavy ball's rate over the plane of α and β; picking a point sets the momentum race to it.

    A heat map of the rate (:func:`gdnotes.theory.momentum_map`) on the grid
    ``learning_rates`` × ``betas`` for the curvatures of the quadratic
    ``surface``, with the edge :math:`\alpha = 2(1+\beta)/\lambda_{\max}`
    beyond which the heavy ball does not converge and Polyak's best point. A
    cursor moves over the grid by pointer, tap or arrow keys, with a readout of
    α, β, the rate and the regime (:data:`gdnotes.theory.HEAVY_BALL_REGIMES`);
    a click, a tap or Enter picks the point and sends it to the momentum race
    on the page. The fallback is the map as a figure and a sentence with the
    best point.

    Args:
        surface: a quadratic surface (constant Hessian), or its name.
        learning_rates: the grid's α as (first, last, step), all positive and below 10⁶.
        betas: the grid's β as (first, last, step), within [0, 1).
        marked: a point (α, β) ringed on the figure (the race's own setting), inside the grid's range.
        slug: the figure's page-unique id.

    Returns:
        The widget's HTML: its root, config and static fallback.

    Raises:
        TypeError: an argument of the wrong type.
        ValueError: a surface that is not quadratic, a grid out of range or
            not made of whole steps, a mark outside the grid.
    """
    _validate.instance(slug, str, "slug", "a string")
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", slug):
        raise _validate.ArgumentError(f"slug must be lowercase letters, digits and hyphens, got {slug!r}")
    surface = surfaces.resolve(surface)
    lams = ravines.curvatures(surface)
    if len(lams) < 2 or min(lams) <= 0 or max(lams) == min(lams):
        raise _validate.ArgumentError(f"surface must be a quadratic bowl with positive curvatures, not all equal, got {lams}")
    alphas = _grid_axis(learning_rates, "learning_rates", 0.0, 1e6, zero=False)  # far past any edge of convergence; a huge α overflows the rates
    bs = _grid_axis(betas, "betas", 0.0, 1.0, zero=True)
    mark = _validate.points(marked, 2, "marked")[0]
    if not (alphas[0] <= mark[0] <= alphas[-1] and bs[0] <= mark[1] <= bs[-1]):
        raise _validate.ArgumentError(f"marked must lie within the grid ({alphas[0]}..{alphas[-1]}, {bs[0]}..{bs[-1]}), got {tuple(mark.tolist())}")
    grid = theory.momentum_map(lams, alphas, bs)
    best = ravines.best_heavy_ball(lams)
    fastest = best[2]  # no point of the plane is faster (tests/test_momentum_map.py)
    figure = _figure(grid, best, fastest, (float(mark[0]), float(mark[1])), slug)
    note = _note(
        f"On this quadratic (curvatures {_num(lams[0])} and {_num(lams[-1])}) the heavy ball is fastest at "
        f"$\\alpha^\\star = {_num(best[0])}$ and $\\beta^\\star = {_num(best[1])}$, where the distance to the minimum shrinks "
        f"by {_num(best[2])} per step; to the right of the dashed edge it does not converge. With JavaScript on, move "
        "over the map (or use the arrow keys) to read the rate anywhere, and click, tap or press Enter to run the "
        "momentum race with that α and β."
    )
    data = {
        "curvatures": list(lams),
        "alphas": alphas.tolist(),
        "betas": bs.tolist(),
        # the rate to 4 decimals: what the readout says; a row per β
        "rates": [[round(float(r), 4) for r in row] for row in grid.rates],
        # the regime of each cell, an index of regimeNames, one string of digits per β
        "regimes": ["".join(str(k) for k in row) for row in grid.regimes],
        "regimeNames": list(theory.HEAVY_BALL_REGIMES),
        "best": {"learningRate": best[0], "beta": best[1], "rate": best[2]},
        "marked": [float(mark[0]), float(mark[1])],
        "scale": {"fastest": fastest, "slowest": SLOWEST, "stops": _stops(), "ticks": [t for t in SCALE_TICKS if fastest < t < SLOWEST]},
        "event": RACE_EVENT,
    }
    return _root("momentum-map", data, f'<div class="gd-fallback-only">{figure}</div>\n{note}')


WIDGET = Widget(
    name="momentum-map",
    function=momentum_map,
    style=False,
    summary="Lesson 7: the heavy ball's rate over the plane of α and β; picking a point sets the momentum race to it.",
)
