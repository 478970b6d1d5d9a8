"""Lesson 1's widget ``surface-explorer``: a 3-D loss surface to rotate, with a marble to place and release.

Its function, validation, data and static fallback are here; its script is
``docs/assets/widgets/surface-explorer/surface-explorer.js``.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .. import _validate, descent, figures, surfaces
from ._common import Widget, _inside, _label, _note, _num, _point, _rate_control, _root, _surface_config

__all__ = ["surface_explorer"]


def surface_explorer(
    surface: surfaces.Surface | str = "bowl2d",
    start: Sequence[float] = (3.0, 2.0),
    learning_rate: float = 0.1,
    steps: int = 200,
    rate_range: Sequence[float] = (0.01, 0.4, 0.01),
    max_typed_rate: float = 2.0,
    tolerance: float = 1e-3,
    slug: str = "surface-explorer",
) -> str:
    """Lesson 1: a 3-D loss surface to rotate, with a marble to place and release.

    The reader drags (or uses the arrow keys) to rotate the surface, clicks
    or taps to place the marble (or types its start), presses *Release* and
    watches it roll along the gradient-descent path
    ``w <- w - learning_rate * grad L(w)`` for at most ``steps`` steps. The
    run stops early once the gradient's length is below ``tolerance``
    (settled) or when it diverges. ``rate_range`` is the slider's
    ``(low, high, step)``; a typed rate may go up to ``max_typed_rate``.
    The fallback is a 3-D figure of the same path.
    """
    surface = surfaces.resolve(surface, dim=2)
    alpha = _validate.positive_number(learning_rate, "learning_rate")
    steps = _validate.count(steps, "steps", minimum=1)
    tol = _validate.positive_number(tolerance, "tolerance")
    rates = _rate_control(rate_range, max_typed_rate, alpha)
    first = _validate.points(start, 2, "start")[0]
    _inside(surface, first, "start")
    path = descent.gradient_descent_path(surface, alpha, first, steps)
    trajectory, losses = path.trajectory(), path.losses[:, 0]
    norms = np.linalg.norm(path.gradients[:, 0, :], axis=1)
    settled = np.flatnonzero(norms < tol)
    stop = int(settled[0]) if settled.size else (int(path.diverged_at[0]) if path.diverged[0] else steps)
    labels = [_label(v) for v in surface.variables]

    w1, w2, z = surface.grid(21)
    with figures.figure(6.0, 4.2, subplot_kw={"projection": "3d"}) as (fig, ax):
        ax.plot_wireframe(w1, w2, z, color=figures.FAINT, linewidth=0.6)
        shown = slice(0, stop + 1)
        ax.plot(trajectory[shown, 0], trajectory[shown, 1], losses[shown], "o-", color=figures.COLORS[1], markersize=3, linewidth=1.6)
        ax.set_xlabel(labels[0])
        ax.set_ylabel(labels[1])
        ax.set_zlabel("loss")
        ax.view_init(elev=32, azim=-58)
        ending = (
            f"settles at the bottom after {stop} steps"
            if settled.size
            else (f"flies off and diverges at step {stop}" if path.diverged[0] else f"is still moving after {steps} steps")
        )
        alt = (
            f"{surface.title}, the loss surface L({', '.join(labels)}) drawn in 3-D as a wire mesh. "
            f"A marble placed at {_point(first)} with learning rate {_num(alpha)} rolls down the surface along "
            f"the gradient-descent path and {ending}."
        )
        figure = figures.svg(fig, alt, slug)
    loss_text = _num(losses[stop]) if np.isfinite(losses[stop]) else "undefined"
    note = _note(
        f"From {_point(first)} with $\\alpha = {_num(alpha)}$ the marble {ending} (loss {loss_text}). "
        "With JavaScript on, this figure becomes a surface you can rotate (drag, swipe or arrow keys); "
        "click or tap to place the marble, release it and change $\\alpha$ with a slider."
    )
    data = {
        "surface": _surface_config(surface),
        "start": [float(c) for c in first],
        **rates,
        "steps": steps,
        "tolerance": tol,
        "divergenceLimit": descent.DIVERGENCE_LIMIT,
        "mesh": 31,
    }
    return _root("surface-explorer", data, f'<div class="gd-fallback-only">{figure}</div>\n{note}')


WIDGET = Widget(name="surface-explorer", function=surface_explorer, style=False, summary='Lesson 1: a 3-D loss surface to rotate, with a marble to place and release.')
