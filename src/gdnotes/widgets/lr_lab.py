"""Lesson 4's widget ``lr-lab``: the 1-D bowl with a learning-rate slider across every regime.

Its function, validation, data and static fallback are here; its script is
``docs/assets/widgets/lr-lab/lr-lab.js``.
"""

from __future__ import annotations

from collections.abc import Sequence

import sympy as sp

from .. import _validate, descent, surfaces, theory
from ._common import Widget, _html_table, _label, _note, _num, _rate_control, regime_from_rule, regime_rule, _root, _surface_config
from .._validate import ArgumentError, ArgumentTypeError

__all__ = ["lr_lab"]


def _curvature_1d(surface: surfaces.Surface) -> float:
    """``lambda`` of a 1-D bowl ``lambda * x**2 / 2``; ValueError for anything else."""
    (x,) = surface.variables
    second = sp.diff(surface.expression, x, 2)
    if not second.is_number or float(second) <= 0 or sp.simplify(surface.expression - second * x**2 / 2) != 0:
        raise ArgumentError(f"surface must be a 1-D bowl lambda * x**2 / 2 (as the regimes assume), got {surface.expression}")
    return float(second)


def lr_lab(
    surface: surfaces.Surface | str = "bowl1d",
    start: float = 5.0,
    learning_rate: float = 0.1,
    steps: int = 25,
    rate_range: Sequence[float] = (0.01, 1.5, 0.01),
    max_typed_rate: float = 10.0,
    example_rates: Sequence[float] = (0.1, 0.5, 0.6, 1.0, 1.1),
) -> str:
    """Lesson 4: the 1-D bowl with a learning-rate slider across every regime.

    The marble runs ``steps`` steps of gradient descent from ``start``; the
    regime (one of :data:`gdnotes.theory.REGIMES`) is named on screen by the
    rule of :func:`regime_rule`. The slider spans ``rate_range`` (well past
    the divergence bound); a typed rate may go up to ``max_typed_rate``. The
    fallback is a table of ``example_rates``, one per regime.
    """
    surface = surfaces.resolve(surface, dim=1)
    lam = _curvature_1d(surface)
    x0 = _validate.finite_number(start, "start")
    if x0 == 0:
        raise ArgumentError("start must be non-zero: from the minimum nothing moves")
    alpha = _validate.positive_number(learning_rate, "learning_rate")
    steps = _validate.count(steps, "steps", minimum=1)
    rates = _rate_control(rate_range, max_typed_rate, alpha)
    if isinstance(example_rates, (str, bytes)) or not isinstance(example_rates, Sequence) or not example_rates:
        raise ArgumentTypeError(f"example_rates must be a non-empty sequence of positive numbers, got {example_rates!r}")
    examples = [_validate.positive_number(r, f"example_rates[{i}]") for i, r in enumerate(example_rates)]

    rule = regime_rule(lam)
    label = _label(surface.variables[0])
    rows = []
    for r in examples:
        path = descent.gradient_descent_path(surface, r, x0, steps)
        last = int(path.diverged_at[0]) if path.diverged[0] else steps
        rows.append([r, theory.contraction_factor(r, lam), path.positions[last, 0, 0], regime_from_rule(rule, r)])
    table = _html_table(
        ["learning rate α", "factor 1 − αλ", f"{label} after {steps} steps", "regime"],
        rows,
    )
    note = _note(
        f"Each step multiplies ${label}$ by $1 - \\alpha\\lambda$ (here $\\lambda = {_num(lam)}$), so the learning "
        f"rate alone decides the regime. The table starts every run at ${label}_0 = {_num(x0)}$. With JavaScript on, "
        "a slider sets $\\alpha$ and a marble shows the run, with its regime named in words."
    )
    data = {
        "surface": _surface_config(surface),
        "start": x0,
        **rates,
        "steps": steps,
        "divergenceLimit": descent.DIVERGENCE_LIMIT,
        "regimes": rule,
    }
    return _root("lr-lab", data, f'{note}\n<div class="gd-fallback-only gd-table-box">\n{table}\n</div>')


WIDGET = Widget(name="lr-lab", function=lr_lab, style=False, summary='Lesson 4: the 1-D bowl with a learning-rate slider across every regime.')
