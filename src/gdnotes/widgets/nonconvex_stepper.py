"""Lesson 6's widget ``nonconvex-stepper``: step gradient descent by hand on a 1-D loss with two minima.

Its function, validation, data and static fallback are here; its script is
``docs/assets/widgets/nonconvex-stepper/nonconvex-stepper.js``.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .. import _validate, basins, descent, surfaces
from ._common import Widget, _html_table, _inside, _label, _minima_config, _note, _num, _rate_control, _root, settling, _surface_config, _with_minima
from .._validate import ArgumentError

__all__ = ["nonconvex_stepper"]


def _ending(surface: surfaces.Surface, label: int, step: int, steps: int) -> str:
    if label == basins.DIVERGED:
        return f"diverges at step {step}"
    if label == basins.UNSETTLED:
        return f"is still moving after {steps} steps, near no minimum"
    return f"settles in the {basins.label_name(surface, label)} after {step} steps"


def nonconvex_stepper(
    surface: surfaces.Surface | str = "double_well",
    start: float = 2.3,
    learning_rate: float = 0.1,
    steps: int = 500,
    rate_range: Sequence[float] = (0.01, 1.0, 0.01),
    max_typed_rate: float = 5.0,
    tolerance: float = 1e-6,
    table_steps: int = 6,
) -> str:
    """Lesson 6: step gradient descent by hand on a 1-D loss with two minima.

    The reader sets the start ``x0`` (a slider over the surface's bounds, a
    typed number, or a tap on the curve) and the learning rate, then presses
    *Step*, *Run 10 steps* or *Reset*; the widget shows ``x``, ``f(x)``,
    ``f'(x)`` and the step count, draws the marble and its trail on the
    curve and says which minimum the run has settled in. A run stops at
    ``steps`` steps or when it diverges (the rule of
    :func:`gdnotes.descent.run`); it has settled once it stays within
    ``tolerance`` of a listed minimum (see :func:`settling`).

    Args:
        surface: a 1-D surface that lists its minima, or its name.
        start: the first start, inside the surface's bounds.
        learning_rate: the first learning rate; it must lie in ``rate_range``.
        steps: the most steps one run may take.
        rate_range: the learning-rate slider's ``(low, high, step)``.
        max_typed_rate: the largest learning rate the reader may type.
        tolerance: how close to a minimum counts as settled in it.
        table_steps: rows of the fallback table after the start.

    Returns:
        The widget's HTML; its fallback is a table of the first
        ``table_steps`` steps of the first run and a sentence saying where
        that run ends.

    Raises:
        TypeError: an argument has the wrong type.
        ValueError: an argument has a wrong value (the message names it).
    """
    surface = surfaces.resolve(surface, dim=1)
    _with_minima(surface, 4)
    x0 = _validate.finite_number(start, "start")
    _inside(surface, np.array([x0]), "start")
    alpha = _validate.positive_number(learning_rate, "learning_rate")
    steps = _validate.count(steps, "steps", minimum=1)
    rates = _rate_control(rate_range, max_typed_rate, alpha)
    tol = _validate.positive_number(tolerance, "tolerance")
    shown = _validate.count(table_steps, "table_steps", minimum=1)
    if shown > steps:
        raise ArgumentError(f"table_steps must be at most steps ({steps}), got {shown}")

    path = descent.gradient_descent_path(surface, alpha, x0, steps)
    label = _label(surface.variables[0])
    last = min(shown, int(path.diverged_at[0]) if path.diverged[0] else steps)
    rows = [[k, path.positions[k, 0, 0], path.losses[k, 0], path.gradients[k, 0, 0]] for k in range(last + 1)]
    table = _html_table(["step k", label, f"f({label})", f"f′({label})"], rows)
    (ends,), (stop,) = settling(path, tol)
    where = _ending(surface, int(ends), int(stop), steps)
    if ends >= 0:
        where += f", at ${label} = {_num(surface.minima[ends][0])}$"
    note = _note(
        f"From ${label}_0 = {_num(x0)}$ with $\\alpha = {_num(alpha)}$ gradient descent on {surface.title.lower()} takes "
        f"the steps in the table; the run {where}. With JavaScript on, this table becomes a stepper: choose the start "
        "and $\\alpha$, then step, run ten steps or reset, and watch the marble on the curve."
    )
    data = {
        "surface": _surface_config(surface),
        "minima": _minima_config(surface),
        "start": x0,
        "startStep": 0.05,
        **rates,
        "steps": steps,
        "tolerance": tol,
        "divergenceLimit": descent.DIVERGENCE_LIMIT,
    }
    return _root("nonconvex-stepper", data, f'{note}\n<div class="gd-fallback-only gd-table-box">\n{table}\n</div>')


WIDGET = Widget(name="nonconvex-stepper", function=nonconvex_stepper, style=False, summary='Lesson 6: step gradient descent by hand on a 1-D loss with two minima.')
