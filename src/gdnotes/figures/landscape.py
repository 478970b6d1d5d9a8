"""Figures for lessons 1 and 2: loss landscapes and their gradients.

Each function draws one figure in the house style and returns the HTML of
:func:`gdnotes.figures.svg`, ready for a lesson to print. Meshes are coarse
and contour levels few, so that each inline SVG stays light.

>>> html = bowl_with_marble()
>>> html.startswith('<figure class="gd-figure"'), 'id="fig-bowl-marble"' in html
(True, True)
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import matplotlib
import numpy as np
import sympy as sp
from matplotlib.cm import ScalarMappable
from matplotlib.colors import LightSource, LinearSegmentedColormap, Normalize
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch
from matplotlib.ticker import MultipleLocator

from .. import _validate, terrain
from ..surfaces import Surface, get
from . import COLORS, FAINT, INK, MAX_SCALE, figure, svg
from .._validate import ArgumentError, ArgumentTypeError

__all__ = [
    "bowl_with_marble",
    "surface_3d",
    "contour_map",
    "training_loop",
    "terrain_descent",
    "partial_slices",
    "gradient_field",
]

BLUE, ORANGE, GREEN, CRIMSON, VIOLET, OCHRE = COLORS

_HEIGHT_MAP = LinearSegmentedColormap.from_list("gd-height", [BLUE, GREEN, OCHRE, ORANGE])
"""Low ground blue, then green, ochre and orange for the heights: data colours only."""


_PATH_DATA = re.compile(r'(\sd=")([^"]*)(")')
_PATH_TOKEN = re.compile(r"[A-Za-z]|-?\d+(?:\.\d*)?(?:e[-+]?\d+)?")


def _compact_path(data: str) -> str:
    """Drop the ``L`` of a lineto that follows a moveto or lineto: SVG repeats it implicitly.

    ``M 1 2\nL 3 4\nL 5 6`` becomes ``M 1 2 3 4 5 6``; other commands are kept as they are.
    """
    out, current = [], ""
    for token in _PATH_TOKEN.findall(data):
        if token.isalpha():
            if token == "L" and current in ("M", "L"):
                current = "L"
                continue
            current = token
        out.append(token)
    return " ".join(out)


def _compact(html: str) -> str:
    """Shorten the path data of a figure's SVG with :func:`_compact_path` (these figures draw many long paths)."""
    return _PATH_DATA.sub(lambda m: m.group(1) + _compact_path(m.group(2)) + m.group(3), html)


def _surface(surface: Surface | str, dim: int) -> Surface:
    if isinstance(surface, str):
        surface = get(surface)
    if not isinstance(surface, Surface):
        raise ArgumentTypeError(f"surface must be a Surface or a surface name, got {type(surface).__name__}")
    if surface.dim != dim:
        raise ArgumentError(f"surface must have {dim} parameter(s), {surface.name!r} has {surface.dim}")
    return surface


def _names(surface: Surface) -> list[str]:
    """The variables as LaTeX, e.g. ``w_{1}``."""
    return [sp.latex(v) for v in surface.variables]


def _spoken(surface: Surface) -> str:
    """The formula in words a screen reader says well: ``w1 squared + 3 w2 squared``."""
    text = str(surface.expression).replace("**2", " squared").replace("**", " to the power ").replace("*", " ")
    return text.replace("-", "minus ")


def bowl_with_marble(position: float = 3.0) -> str:
    """The 1-D bowl ``f(x) = x^2`` with a marble resting at ``position``.

    The tangent at the marble shows the slope it feels; an arrow shows the
    downhill direction, opposite to the slope's sign.
    """
    position = _validate.finite_number(position, "position")
    bowl = get("bowl1d")
    (low, high), = bowl.bounds
    if not low < position < high or position == 0:
        raise ArgumentError(f"position must be non-zero and inside ({low}, {high}), got {position}")
    x = np.linspace(low, high, 81)
    y = bowl.value(x)
    height = bowl.value(position)
    slope = float(np.ravel(bowl.gradient(position))[0])
    with figure(5.0, 3.1) as (fig, ax):
        ax.plot(x, y, color=BLUE)
        run = 1.3
        ax.plot([position - run, position + run], [height - slope * run, height + slope * run], color=FAINT, linewidth=1.5, linestyle="--")
        ax.plot([position], [height], "o", color=ORANGE, markersize=13, zorder=3)
        direction = -np.sign(slope)
        # An arrow that follows the wall downhill, drawn a little above it.
        along = position + direction * np.linspace(0.45, 1.9, 20)
        lift = 2.2
        ax.plot(along[:-1], bowl.value(along[:-1]) + lift, color=INK, linewidth=1.5)
        tail, tip = ((t, bowl.value(t) + lift) for t in along[-2:])
        ax.add_patch(FancyArrowPatch(tail, tip, arrowstyle="-|>", mutation_scale=16, color=INK, linewidth=1.5, shrinkA=0, shrinkB=0))
        middle = along[len(along) // 2]
        ax.annotate("downhill", (middle, bowl.value(middle) + lift), xytext=(-direction * 6, 8), textcoords="offset points", ha="right" if direction < 0 else "left", va="bottom")
        ax.annotate(f"slope {slope:g}", (position + run, height + slope * run), xytext=(8, -4), textcoords="offset points", ha="left", va="top", color=INK)
        ax.plot([0], [0], marker="*", color=GREEN, markersize=14, zorder=3, linestyle="none")
        ax.annotate("lowest point", (0, 0), xytext=(0, 10), textcoords="offset points", ha="center", va="bottom")
        ax.set_xlabel("parameter $x$")
        ax.set_ylabel("loss $f(x)$")
        ax.set_xlim(low, high)
        ax.set_ylim(-1.5, high**2 + 1)
        return _compact(svg(
            fig,
            f"A U-shaped curve, the loss f(x) = x squared for x from {low:g} to {high:g}. A marble sits on the "
            f"{'right' if position > 0 else 'left'}-hand wall at x = {position:g}, where the loss is {height:g}. A dashed tangent line shows the slope there, "
            f"{slope:g}; an arrow points down the wall toward the lowest point at x = 0, marked with a star.",
            "bowl-marble",
            max_scale=MAX_SCALE,
        ))


def surface_3d(surface: Surface | str = "bowl2d", resolution: int = 15) -> str:
    """A 2-parameter loss drawn as a 3-D surface over its plotting box."""
    surface = _surface(surface, 2)
    resolution = _validate.count(resolution, "resolution", minimum=3)
    X, Y, Z = surface.grid(resolution)
    names = _names(surface)
    with figure(4.2, 3.8, subplot_kw={"projection": "3d"}) as (fig, ax):
        ax.plot_surface(X, Y, Z, cmap=_HEIGHT_MAP, edgecolor=FAINT, linewidth=0.3, antialiased=False, shade=False)
        ax.set_xlabel(f"${names[0]}$", labelpad=-4)
        ax.set_ylabel(f"${names[1]}$", labelpad=-4)
        ax.set_zlabel("loss", labelpad=-2)
        ax.tick_params(pad=-2, labelsize=9)
        ax.view_init(elev=28, azim=-58)
        for axis in (ax.xaxis, ax.yaxis, ax.zaxis):
            axis.set_pane_color((0, 0, 0, 0))
            axis._axinfo["grid"]["color"] = FAINT
            axis._axinfo["grid"]["linewidth"] = 0.4
            axis.line.set_color(INK)
        ax.set_box_aspect(None, zoom=0.88)
        return _compact(svg(fig, f"A 3-D surface: {_grid_summary(surface, X, Y, Z)}", f"surface-3d-{surface.name}", max_scale=MAX_SCALE))


def _grid_summary(surface: Surface, X: np.ndarray, Y: np.ndarray, Z: np.ndarray) -> str:
    """Alt-text facts about a 2-parameter loss, read off the plotted grid."""
    (x0, x1), (y0, y1) = surface.bounds
    a, b = (str(v) for v in surface.variables)
    low, high = np.unravel_index(np.argmin(Z), Z.shape), np.unravel_index(np.argmax(Z), Z.shape)
    return (
        f"the loss L = {_spoken(surface)} over {a} from {x0:g} to {x1:g} and {b} from {y0:g} to {y1:g}. "
        f"It is lowest, {Z[low]:.3g}, at ({X[low]:.3g}, {Y[low]:.3g}) and highest, {Z[high]:.3g}, at ({X[high]:.3g}, {Y[high]:.3g})."
    )


def contour_map(surface: Surface | str = "bowl2d", levels: int = 9, points: Sequence[Sequence[float]] = ()) -> str:
    """The same loss seen from above: a contour map with optional marked points."""
    surface = _surface(surface, 2)
    levels = _validate.count(levels, "levels", minimum=2)
    X, Y, Z = surface.grid(41)
    names = _names(surface)
    raw = _validate.numeric_array(points, "points")
    marks = _validate.points(raw, 2, "points") if raw.size else np.empty((0, 2))
    with figure(4.2, 3.8) as (fig, ax):
        filled = ax.contourf(X, Y, Z, levels=levels, cmap=_HEIGHT_MAP, alpha=0.85)
        ax.contour(X, Y, Z, levels=filled.levels, colors=FAINT, linewidths=0.6)
        for minimum in surface.minima:
            ax.plot(*minimum, marker="*", color=INK, markersize=12, linestyle="none")
        for point in marks:
            ax.plot(*point, "o", color=INK, markersize=6)
        ax.set_xlabel(f"${names[0]}$")
        ax.set_ylabel(f"${names[1]}$", rotation=0, labelpad=8)
        ax.set_aspect("equal")
        colorbar = fig.colorbar(filled, ax=ax, shrink=0.8, label="loss")
        colorbar.outline.set_visible(False)
        stars = " Known minima are marked with a star." if surface.minima else ""
        return _compact(svg(
            fig,
            f"A contour map, seen from above, of {_grid_summary(surface, X, Y, Z)} Each curve joins points of equal loss; "
            f"colour shows the loss from low (blue) to high (orange).{stars}",
            f"contour-{surface.name}",
            max_scale=MAX_SCALE,
        ))


def _box(ax, xy: tuple[float, float], text: str, color: str, width: float = 2.7, height: float = 1.1) -> None:
    x, y = xy
    ax.add_patch(
        FancyBboxPatch((x - width / 2, y - height / 2), width, height, boxstyle="round,pad=0.02,rounding_size=0.18", facecolor="none", edgecolor=color, linewidth=2.2)
    )
    ax.text(x, y, text, ha="center", va="center", fontsize=12.5, linespacing=1.3)


def _arrow(ax, start: tuple[float, float], end: tuple[float, float]) -> None:
    ax.add_patch(FancyArrowPatch(start, end, arrowstyle="-|>", mutation_scale=18, color=INK, linewidth=1.6, shrinkA=0, shrinkB=0))


def training_loop() -> str:
    """The training loop as boxes and arrows: parameters, model, loss, gradient, update."""
    with figure(5.6, 3.5) as (fig, ax):
        ax.set_xlim(-0.05, 10.05)
        ax.set_ylim(0.4, 6.6)
        ax.set_axis_off()
        top, bottom = 5.5, 1.5
        left, middle, right = 1.4, 5.0, 8.6
        half = 1.35
        _box(ax, (left, top), "parameters\n$w$", BLUE)
        _box(ax, (middle, top), "model", VIOLET)
        _box(ax, (right, top), "prediction", VIOLET)
        _box(ax, (right, bottom), "loss\n$L(w)$", ORANGE)
        _box(ax, (middle, bottom), "gradient\n(the slope)", GREEN)
        _box(ax, (left, bottom), "update\n(step downhill)", GREEN)
        _arrow(ax, (left + half, top), (middle - half, top))
        _arrow(ax, (middle + half, top), (right - half, top))
        _arrow(ax, (right, top - 0.55), (right, bottom + 0.55))
        _arrow(ax, (right - half, bottom), (middle + half, bottom))
        _arrow(ax, (middle - half, bottom), (left + half, bottom))
        _arrow(ax, (left, bottom + 0.55), (left, top - 0.55))
        ax.text(right - 0.2, (top + bottom) / 2, "compare with\nthe right answer", ha="right", va="center", fontsize=11, style="italic")
        ax.text(left + 0.2, (top + bottom) / 2, "repeat", ha="left", va="center", fontsize=11, style="italic")
        return _compact(svg(
            fig,
            "The training loop as a cycle of six boxes. Top row, left to right: the parameters w go into the model, which "
            "makes a prediction. The prediction is compared with the right answer, which gives the loss L(w). Bottom row, "
            "right to left: from the loss comes the gradient (the slope), and the update takes a step downhill, giving new "
            "parameters. An arrow back up to the parameters closes the loop, which repeats.",
            "training-loop",
            max_scale=MAX_SCALE,
        ))


def terrain_descent(
    starts: Sequence[Sequence[float]] = ((16.0, 11.0), (17.0, 11.0)),
    learning_rate: float = 0.002,
    steps: int = 1000,
    smoothing: float = 0.8,
) -> str:
    """Real ground (matplotlib's Jacksboro fault elevation model) with descent paths drawn on it.

    The map is the same smoothed ground the walkers descend, lit from the
    north-west so ridges and valleys show. It is drawn half transparent, so
    it darkens on a dark page and lightens on a light one, and the paths
    (in the text colour) stand out on both.
    """
    land = terrain.load(smoothing)
    starts = _validate.points(starts, 2, "starts")
    if not 1 <= len(starts) <= 4:
        raise ArgumentError(f"starts must hold 1 to 4 points, got {len(starts)}")
    (x0, x1), (y0, y1) = land.bounds
    for i, start in enumerate(starts):
        if not land.contains(start):
            raise ArgumentError(f"starts[{i}] must lie on the grid, {x0:g} <= x <= {x1:.3f} and {y0:g} <= y <= {y1:.3f} km, got {tuple(start.tolist())}")
    paths = [terrain.descend(land, start, learning_rate, steps) for start in starts]
    (x0, x1), (y0, y1) = land.bounds
    dx, dy = land.spacing
    low, high = float(land.heights.min()), float(land.heights.max())
    norm = Normalize(low, high)
    light = LightSource(azdeg=315, altdeg=45)
    relief = light.shade(land.heights, cmap=_HEIGHT_MAP, norm=norm, blend_mode="soft", vert_exag=3, dx=dx * 1000, dy=dy * 1000)
    letters = "ABCD"
    with figure(5.0, 4.6) as (fig, ax):
        ax.imshow(relief, origin="lower", extent=(x0, x1, y0, y1), alpha=0.75)
        for i, (letter, path) in enumerate(zip(letters, paths)):
            trace = path.positions
            ax.plot(trace[:, 0], trace[:, 1], color=INK, linewidth=2.2)
            ax.plot(*trace[0], "o", color=INK, markersize=7)
            ax.plot(*trace[-1], "X", color=INK, markeredgecolor=INK, markeredgewidth=0.5, markersize=10)
            side = -1 if i % 2 == 0 else 1
            ax.annotate(letter, trace[0], xytext=(side * 7, 7), textcoords="offset points", ha="right" if side < 0 else "left", fontsize=14, fontweight="bold")
        ax.set_xlim(x0, x1)
        ax.set_ylim(y0, y1)
        ax.set_xlabel("km east")
        ax.set_ylabel("km north")
        ax.set_aspect("equal")
        colorbar = fig.colorbar(ScalarMappable(norm, _HEIGHT_MAP), ax=ax, shrink=0.7, label="height (m)", alpha=0.75)
        colorbar.outline.set_visible(False)
        parts = []
        for letter, path in zip(letters, paths):
            (sx, sy), (ex, ey) = path.positions[0], path.positions[-1]
            parts.append(
                f"Walker {letter} starts {sx:.1f} km east and {sy:.1f} km north, {path.elevations[0]:.0f} m up, and ends after "
                f"{path.steps} steps {ex:.1f} km east and {ey:.1f} km north, {path.elevations[-1]:.0f} m up."
            )
        with matplotlib.rc_context({"savefig.dpi": 30}):  # the relief image is embedded at 30 dpi: soft terrain, small file
            return _compact(svg(
                fig,
                f"A shaded relief map of real ground, about {x1:.0f} km by {y1:.0f} km around the Jacksboro fault in Tennessee, "
                f"coloured by height from blue (low, {low:.0f} m) through green and ochre to orange (high, {high:.0f} m). A long "
                f"high ridge runs from the south up toward the north-west, with lower, flatter ground to the east. Gradient-descent "
                f"paths start near the crest of the ridge (circles) and end where the ground is flat (crosses). " + " ".join(parts),
                "terrain-descent",
                max_scale=MAX_SCALE,
            ))


def partial_slices(surface: Surface | str = "bowl2d", point: Sequence[float] = (3.0, 1.0)) -> str:
    """Two slices through a 2-parameter loss at ``point``: along each axis with the other held fixed.

    Each panel shows the tangent whose slope is that partial derivative.
    """
    surface = _surface(surface, 2)
    point = _validate.numeric_array(point, "point")
    if point.shape != (2,) or not np.all(np.isfinite(point)):
        raise ArgumentError(f"point must be two finite numbers, got {point!r}")
    gradient = surface.gradient(point)
    height = surface.value(point)
    names = _names(surface)
    spoken = [str(v) for v in surface.variables]
    with figure(5.0, 2.7, ncols=2, sharey=True) as (fig, axes):
        for i, ax in enumerate(axes):
            low, high = surface.bounds[i]
            t = np.linspace(low, high, 61)
            line = np.tile(point, (t.size, 1))
            line[:, i] = t
            ax.plot(t, surface.value(line), color=BLUE if i == 0 else ORANGE)
            run = 1.0
            ax.plot([point[i] - run, point[i] + run], [height - gradient[i] * run, height + gradient[i] * run], color=INK, linewidth=1.3, linestyle="--")
            ax.plot([point[i]], [height], "o", color=INK, markersize=7)
            other = names[1 - i]
            ax.set_title(f"${other}$ held at {point[1 - i]:g}", fontsize=11)
            ax.set_xlabel(f"${names[i]}$")
            ax.xaxis.set_major_locator(MultipleLocator(2))
            ax.annotate(f"slope {gradient[i]:g}", (point[i], height), xytext=(-8, 4), textcoords="offset points", ha="right", va="bottom")
        axes[0].set_ylabel("loss $L$")
        return _compact(svg(
            fig,
            f"Two slices through the loss L = {_spoken(surface)} at the point ({point[0]:g}, {point[1]:g}), where L = {height:g}. "
            f"Left: {spoken[1]} is held at {point[1]:g} and only {spoken[0]} moves; the dashed tangent at the point has slope "
            f"{gradient[0]:g}, the partial derivative with respect to {spoken[0]}. Right: {spoken[0]} is held at {point[0]:g} and "
            f"only {spoken[1]} moves; the tangent there has slope {gradient[1]:g}, the partial derivative with respect to {spoken[1]}.",
            f"slices-{surface.name}",
            max_scale=MAX_SCALE,
        ))


def gradient_field(surface: Surface | str = "bowl2d", arrows: int = 9, points: Sequence[Sequence[float]] = ((3.0, 1.0), (0.0, 2.0))) -> str:
    """Gradient arrows on a grid over a contour map, with highlighted ``points``.

    Arrows are scaled by one common factor, so their lengths compare.
    """
    surface = _surface(surface, 2)
    arrows = _validate.count(arrows, "arrows", minimum=2)
    X, Y, Z = surface.grid(61)
    (x0, x1), (y0, y1) = surface.bounds
    gx, gy = np.meshgrid(np.linspace(x0, x1, arrows + 2)[1:-1], np.linspace(y0, y1, arrows)[1:-1])
    raw = _validate.numeric_array(points, "points")
    marks = _validate.points(raw, 2, "points") if raw.size else np.empty((0, 2))
    # Leave out grid arrows that would sit on top of a highlighted one.
    spacing = min((x1 - x0) / (arrows + 1), (y1 - y0) / (arrows - 1))
    keep = np.all(np.hypot(gx[..., None] - marks[:, 0], gy[..., None] - marks[:, 1]) > 0.6 * spacing, axis=-1)
    gx, gy = gx[keep], gy[keep]
    field = surface.gradient(np.stack([gx, gy], axis=-1))
    mark_field = surface.gradient(marks)
    names = _names(surface)
    spoken = [str(v) for v in surface.variables]
    scale = float(np.max(np.linalg.norm(np.concatenate([field.reshape(-1, 2), mark_field]), axis=1))) / 0.8
    with figure(4.8, 3.8) as (fig, ax):
        ax.contour(X, Y, Z, levels=8, colors=FAINT, linewidths=0.8)
        ax.quiver(gx, gy, field[..., 0], field[..., 1], color=BLUE, angles="xy", scale_units="xy", scale=scale, width=0.005)
        ax.quiver(marks[:, 0], marks[:, 1], mark_field[:, 0], mark_field[:, 1], color=ORANGE, angles="xy", scale_units="xy", scale=scale, width=0.008, zorder=3)
        for (px, py), (qx, qy) in zip(marks, mark_field):
            ax.plot(px, py, "o", color=ORANGE, markersize=6)
            ax.annotate(f"({px:g}, {py:g})", (px, py), xytext=(-6, -6), textcoords="offset points", ha="right", va="top", fontsize=10)
        for minimum in surface.minima:
            ax.plot(*minimum, marker="*", color=INK, markersize=11, linestyle="none")
        ax.set_xlim(x0, x1)
        ax.set_ylim(y0, y1)
        ax.set_aspect("equal")
        ax.set_xlabel(f"${names[0]}$")
        ax.set_ylabel(f"${names[1]}$", rotation=0, labelpad=8)
        described = "; ".join(f"at ({px:g}, {py:g}) it is [{qx:g}, {qy:g}]" for (px, py), (qx, qy) in zip(marks, mark_field))
        return _compact(svg(
            fig,
            f"Contour curves of the loss L = {_spoken(surface)}, with a grid of arrows showing the gradient at each point, all "
            f"drawn to one scale. Every arrow crosses the contours at a right angle and points uphill; arrows are longer where "
            f"the surface is steeper and shrink toward a minimum (marked with a star, if the surface has one). "
            f"Highlighted gradient arrows: {described}.",
            f"gradient-field-{surface.name}",
            max_scale=MAX_SCALE,
        ))
