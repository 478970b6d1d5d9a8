"""Lesson 2's widget ``gradient-field``: hover or tap a contour map to see the gradient there.

Its function, validation, data and static fallback are here; its script is
``docs/assets/widgets/gradient-field/gradient-field.js``.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .. import _validate, descent, figures, surfaces
from ._common import Widget, _contour_levels, _html_table, _inside, _label, _note, _num, _point, _root, _surface_config

__all__ = ["gradient_field"]


def gradient_field(
    surface: surfaces.Surface | str = "bowl2d",
    points: Sequence[Sequence[float]] = ((3.0, 1.0), (0.0, 2.0), (-2.0, -1.5), (0.0, 0.0)),
    arrow_scale: float = 0.1,
    slug: str = "gradient-field",
) -> str:
    """Lesson 2: hover or tap a contour map to see the gradient there.

    Arrows are drawn ``arrow_scale`` times the gradient long, on axes of
    equal scale, so the gradient is seen at right angles to the contours.
    The fallback is the contour map with arrows at ``points`` and a table
    of the gradient and the descent direction at each.
    """
    surface = surfaces.resolve(surface, dim=2)
    scale = _validate.positive_number(arrow_scale, "arrow_scale")
    probes = _validate.points(points, 2, "points")
    for i, p in enumerate(probes):
        _inside(surface, p, f"points[{i}]")
    levels = _contour_levels(surface)
    grads = surface.gradient(probes)
    labels = [_label(v) for v in surface.variables]

    w1, w2, z = surface.grid(61)
    with figures.figure(5.6, 4.4) as (fig, ax):
        ax.contour(w1, w2, z, levels=levels, colors=figures.FAINT, linewidths=0.8)
        for (a, b), (ga, gb) in zip(probes, grads):
            ax.plot(a, b, "o", color=figures.INK, markersize=3.5)
            if ga or gb:
                kw = {"angles": "xy", "scale_units": "xy", "scale": 1 / scale, "width": 0.006, "clip_on": False}
                ax.quiver(a, b, ga, gb, color=figures.COLORS[3], **kw)
                ax.quiver(a, b, -ga, -gb, color=figures.COLORS[2], **kw)
        ax.set(xlabel=labels[0], ylabel=labels[1], aspect="equal")
        ax.set_xlim(*surface.bounds[0])
        ax.set_ylim(*surface.bounds[1])
        alt = (
            f"Contour map of {surface.title.lower()}, L({', '.join(labels)}). At each marked point a crimson arrow shows "
            f"the gradient (uphill, at right angles to the contour line) and a green arrow the opposite, descent "
            f"direction; both are drawn {_num(scale)} times the gradient's length. The table below lists the values."
        )
        figure = figures.svg(fig, alt, slug)
    rows = []
    for p, g in zip(probes, grads):
        rows.append([_point(p), _point(g), _point(-g + 0.0), float(np.linalg.norm(g))])
    table = _html_table([f"point ({', '.join(labels)})", "gradient ∇L", "descent direction −∇L", "length |∇L|"], rows)
    note = _note(
        "Crimson arrows: the gradient, pointing uphill; green arrows: minus the gradient, the direction gradient "
        "descent steps in. With JavaScript on, hover over or tap any point of the map (or use the arrow keys) to "
        "see the arrows and the components there."
    )
    data = {
        "surface": _surface_config(surface),
        "levels": levels,
        "arrowScale": scale,
        "point": [float(c) for c in probes[0]],
        "keyStep": 0.25,
        "divergenceLimit": descent.DIVERGENCE_LIMIT,
    }
    return _root(
        "gradient-field",
        data,
        f'<div class="gd-fallback-only">{figure}</div>\n{note}\n<div class="gd-fallback-only gd-table-box">\n{table}\n</div>',
    )


WIDGET = Widget(name="gradient-field", function=gradient_field, style=False, summary='Lesson 2: hover or tap a contour map to see the gradient there.')
