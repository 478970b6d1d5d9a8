"""The home page's widget ``marble``: drop a marble on a 3-D loss surface and watch it descend.

Its function, validation, data, the rule that names a drop's regime and the
static fallback are here; its script is ``docs/assets/widgets/marble/marble.js``,
which draws the surface with the shared ``lib/surface3d.js`` (as
``surface-explorer`` does) and runs the descent with the loader's ``descend``,
the update and divergence rule of :func:`gdnotes.descent.run`.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import sympy as sp

from .. import _validate, descent, surfaces, theory
from ._common import Widget, _drop_figure, _inside, _note, _num, _point, _rate_control, _root, _surface_config, regime_from_rule, regime_rule

__all__ = ["marble", "marble_modes", "marble_regime", "marble_regime_from_config", "MARBLE_WORDS"]

MARBLE_WORDS = {
    "converges": "converging",
    "converges in one step": "converging",
    "zigzags but converges": "oscillating but converging",
    "oscillates forever": "oscillating forever",
    "diverges": "diverging",
}
"""What the widget says for each regime of :func:`gdnotes.theory.regime`."""

AT_THE_MINIMUM = "already at the bottom"
"""What the widget says for a drop on the minimum itself (no direction to move in)."""

_EXCITED = 1e-9
"""A start excites a curvature's direction when its offset from the minimum along it is larger than this."""


def marble_modes(surface: surfaces.Surface | str) -> list[dict]:
    """The directions of a quadratic bowl and their curvatures, steepest first.

    Each is ``{"direction": unit vector, "curvature": eigenvalue of the Hessian,
    "rule": regime_rule(curvature)}``. Gradient descent moves along each
    direction on its own, shrinking the offset from the minimum by
    ``1 - rate * curvature`` per step; the steepest direction a start has any
    offset along decides what the run does.

    Raises:
        ValueError: the surface is not a quadratic bowl (its Hessian changes from
            point to point, or some curvature is not positive).

    >>> [(m["direction"], m["curvature"]) for m in marble_modes("bowl2d")]
    [([0.0, 1.0], 6.0), ([1.0, 0.0], 2.0)]
    """
    surface = surfaces.resolve(surface, dim=2)
    hessian = sp.hessian(surface.expression, surface.variables)
    if hessian.free_symbols:
        raise _validate.ArgumentError(f"surface must be a quadratic bowl, got {surface.name!r}, whose curvature changes from point to point")
    values, vectors = np.linalg.eigh(np.array(hessian.tolist(), dtype=float))
    if not (values > 0).all():
        raise _validate.ArgumentError(f"surface must be a quadratic bowl (every curvature positive), got {surface.name!r} with curvatures {values.tolist()}")
    if len(surface.minima) != 1:
        raise _validate.ArgumentError(f"surface must list its one minimum, got {len(surface.minima)} for {surface.name!r}")
    modes = []
    for i in np.argsort(-values, kind="stable"):
        direction = vectors[:, i]
        direction = direction if direction[np.flatnonzero(np.abs(direction) > 1e-12)[0]] > 0 else -direction
        modes.append({"direction": [float(c) + 0.0 for c in direction], "curvature": float(values[i]), "rule": regime_rule(float(values[i]))})
    return modes


def marble_regime(surface: surfaces.Surface | str, start: Sequence[float], learning_rate: float) -> str:
    """What gradient descent with ``learning_rate`` does from ``start`` on a quadratic bowl, in the widget's words.

    The regime (:func:`gdnotes.theory.regime`) of the steepest curvature along
    whose direction ``start`` is off the minimum, said as :data:`MARBLE_WORDS`;
    :data:`AT_THE_MINIMUM` for a start on the minimum.

    >>> marble_regime("bowl2d", (-3.5, 2.5), 0.1), marble_regime("bowl2d", (-3.5, 2.5), 0.25)
    ('converging', 'oscillating but converging')
    >>> marble_regime("bowl2d", (-3.5, 2.5), 0.35), marble_regime("bowl2d", (-3.5, 0.0), 0.35)
    ('diverging', 'converging')
    """
    surface = surfaces.resolve(surface, dim=2)
    alpha = _validate.positive_number(learning_rate, "learning_rate")
    offset = _validate.points(start, 2, "start")[0] - np.asarray(surface.minima[0], dtype=float)
    for mode in marble_modes(surface):
        if abs(float(np.dot(mode["direction"], offset))) > _EXCITED:
            return MARBLE_WORDS[theory.regime(alpha, mode["curvature"])]
    return AT_THE_MINIMUM


def marble_regime_from_config(config: dict, start: Sequence[float], learning_rate: float) -> str:
    """The regime as the browser finds it from the widget's config (a mirror of ``marble.js``).

    ``config`` is the widget's data (``widgets.config(marble())``); a config
    that lacks a part the browser reads is an error naming ``config``.
    """
    minimum, modes = _checked_config(config)
    alpha = _validate.positive_number(learning_rate, "learning_rate")
    first = _validate.points(start, 2, "start")
    if first.shape[0] != 1:
        raise _validate.ArgumentError(f"start must be one point (w1, w2), got {first.shape[0]} points")
    offset = [float(s) - m for s, m in zip(first[0], minimum)]
    for direction, rule in modes:
        if abs(sum(d * o for d, o in zip(direction, offset))) > config["excited"]:
            name = regime_from_rule(rule, alpha)
            if name not in config["words"]:
                raise _validate.ArgumentError(f"config['words'] must say every regime, it lacks {name!r}")
            return config["words"][name]
    return config["atTheMinimum"]


def _checked_config(config: object) -> tuple[list[float], list[tuple[list[float], dict]]]:
    """The minimum and the (direction, rule) of each mode of a marble config, after checking every part the browser reads."""
    _validate.instance(config, dict, "config", "the marble widget's config (a dict, from widgets.config(marble()))")
    missing = sorted({"surface", "modes", "excited", "words", "atTheMinimum"} - config.keys())
    if missing:
        raise _validate.ArgumentError(f"config must be the marble widget's config, it lacks {', '.join(missing)}")
    surface = _validate.instance(config["surface"], dict, "config['surface']", "a dict with the surface's minima")
    minima = surface.get("minima")
    if not isinstance(minima, (list, tuple)) or not minima:
        raise _validate.ArgumentError(f"config['surface']['minima'] must list at least one minimum, got {minima!r:.60}")
    minimum = [float(c) for c in _validate.points(minima[0], 2, "config['surface']['minima'][0]")[0]]
    _validate.finite_number(config["excited"], "config['excited']")
    _validate.instance(config["words"], dict, "config['words']", "a dict from regime names to words")
    _validate.instance(config["atTheMinimum"], str, "config['atTheMinimum']", "a string")
    if not isinstance(config["modes"], (list, tuple)) or not config["modes"]:
        raise _validate.ArgumentError(f"config['modes'] must list at least one mode, got {config['modes']!r:.60}")
    modes = []
    for i, mode in enumerate(config["modes"]):
        where = f"config['modes'][{i}]"
        _validate.instance(mode, dict, where, "a dict with a direction and a rule")
        if not {"direction", "rule"} <= mode.keys():
            raise _validate.ArgumentError(f"{where} must hold a direction and a rule, got keys {sorted(mode)!r}")
        direction = [float(c) for c in _validate.points(mode["direction"], 2, f"{where}['direction']")[0]]
        modes.append((direction, _checked_rule(mode["rule"], f"{where}['rule']")))
    return minimum, modes


def _checked_rule(rule: object, where: str) -> dict:
    """``rule`` after checking it has the shape of :func:`regime_rule` (so applying it raises nothing from inside)."""
    _validate.instance(rule, dict, where, "a dict made by regime_rule()")
    if not {"curvature", "boundaries", "intervals", "relTol"} <= rule.keys():
        raise _validate.ArgumentError(f"{where} must be a dict made by regime_rule(), got keys {sorted(rule)!r}")
    _validate.positive_number(rule["curvature"], f"{where}['curvature']")
    _validate.finite_number(rule["relTol"], f"{where}['relTol']")
    boundaries, intervals = rule["boundaries"], rule["intervals"]
    if not isinstance(boundaries, (list, tuple)) or not boundaries:
        raise _validate.ArgumentError(f"{where}['boundaries'] must list the boundaries, got {boundaries!r:.60}")
    for j, boundary in enumerate(boundaries):
        _validate.instance(boundary, dict, f"{where}['boundaries'][{j}]", "a dict with a product and a name")
        _validate.finite_number(boundary.get("product"), f"{where}['boundaries'][{j}]['product']")
        _validate.instance(boundary.get("name"), str, f"{where}['boundaries'][{j}]['name']", "a string")
    _validate.strings(intervals, f"{where}['intervals']", length=len(boundaries) + 1)
    return rule


def marble(
    surface: surfaces.Surface | str = "bowl2d",
    start: Sequence[float] = (-3.5, 2.5),
    learning_rate: float = 0.1,
    steps: int = 120,
    rate_range: Sequence[float] = (0.01, 0.4, 0.01),
    max_typed_rate: float = 2.0,
    tolerance: float = 1e-3,
    key_step: float = 0.5,
    slug: str = "marble",
) -> str:
    """The home page's first piece: a marble to drop on a 3-D quadratic bowl, with the learning rate at hand.

    The reader clicks or taps a point of the surface (or moves the drop point
    with the arrow keys, ``key_step`` at a time, and presses Enter or Space) to
    drop the marble there; it rolls along the gradient-descent path
    ``w <- w - learning_rate * grad L(w)`` for at most ``steps`` steps, stopping
    early once the gradient's length is below ``tolerance`` or when it
    diverges. A slider (``rate_range`` = ``(low, high, step)``; a typed rate
    up to ``max_typed_rate``) sets the rate. The status line says the step
    count, the loss and the regime (:func:`marble_regime`). The fallback is a
    3-D figure of the drop from ``start`` at ``learning_rate``.
    """
    surface = surfaces.resolve(surface, dim=2)
    modes = marble_modes(surface)
    alpha = _validate.positive_number(learning_rate, "learning_rate")
    steps = _validate.count(steps, "steps", minimum=1)
    tol = _validate.positive_number(tolerance, "tolerance")
    key = _validate.positive_number(key_step, "key_step")
    rates = _rate_control(rate_range, max_typed_rate, alpha)
    first = _validate.points(start, 2, "start")[0]
    _inside(surface, first, "start")
    regime = marble_regime(surface, first, alpha)
    figure, ending, loss_text = _drop_figure(
        surface, first, alpha, steps, tol, mesh=13, size=(5.2, 3.6), verb="dropped", slug=slug
    )
    note = _note(
        f"Dropped at {_point(first)} with learning rate $\\alpha = {_num(alpha)}$, the marble {ending} "
        f"(loss {loss_text}): {regime}. With JavaScript on, this figure becomes a surface to drop the marble on: "
        "click or tap a point (or move with the arrow keys and press Enter), and change $\\alpha$ with a slider."
    )
    data = {
        "surface": _surface_config(surface),
        "start": [float(c) for c in first],
        **rates,
        "steps": steps,
        "tolerance": tol,
        "keyStep": key,
        "divergenceLimit": descent.DIVERGENCE_LIMIT,
        "mesh": 25,
        "modes": modes,
        "regimes": modes[0]["rule"],
        "words": MARBLE_WORDS,
        "atTheMinimum": AT_THE_MINIMUM,
        "excited": _EXCITED,
    }
    return _root("marble", data, f'<div class="gd-fallback-only">{figure}</div>\n{note}')


WIDGET = Widget(name="marble", function=marble, style=False, summary="Home page: drop a marble on a 3-D loss surface and watch it descend, with the learning rate at hand.")
