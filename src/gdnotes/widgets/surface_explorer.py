"""Lesson 1's widget ``surface-explorer``: a 3-D loss surface to rotate, with a marble to place and release.

Its function, validation, data and static fallback are here; its script is
``docs/assets/widgets/surface-explorer/surface-explorer.js``.
"""

from __future__ import annotations

from collections.abc import Sequence

from .. import _validate, descent, surfaces
from ._common import Widget, _drop_figure, _inside, _note, _num, _point, _rate_control, _root, _surface_config

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
    figure, ending, loss_text = _drop_figure(
        surface, first, alpha, steps, tol, mesh=21, size=(6.0, 4.2), verb="placed", slug=slug
    )
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
