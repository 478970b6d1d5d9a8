"""Lesson 3's widget ``scrubber``: step or drag through iterations ``k = 0..steps`` of the worked example.

Its function, validation, data and static fallback are here; its script is
``docs/assets/widgets/scrubber/scrubber.js``.
"""

from __future__ import annotations

import re

import sympy as sp

from .. import _validate, descent, surfaces
from ._common import Widget, _formula, _html_table, _label, _note, _num, _root, _surface_config
from .._validate import ArgumentError

__all__ = ["scrubber"]


def scrubber(
    surface: surfaces.Surface | str = "bowl1d",
    start: float = 4.0,
    learning_rate: float = 0.1,
    steps: int = 20,
    variable: str = "w",
    loss: str = "L",
) -> str:
    """Lesson 3: step or drag through iterations ``k = 0..steps`` of the worked example.

    The fallback is the table of the run (``k``, ``w``, ``L(w)``, ``L'(w)``);
    the widget keeps it, highlights the current row and draws the marble.
    ``variable`` and ``loss`` name the parameter and the loss on the page
    (lesson 3 writes ``L(w) = w**2``).
    """
    surface = surfaces.resolve(surface, dim=1)
    x0 = _validate.finite_number(start, "start")
    alpha = _validate.positive_number(learning_rate, "learning_rate")
    steps = _validate.count(steps, "steps", minimum=1)
    for value, name in ((variable, "variable"), (loss, "loss")):
        if not isinstance(value, str) or not re.fullmatch(r"[A-Za-z]\w*", value):
            raise ArgumentError(f"{name} must be a short name such as 'w', got {value!r}")
    path = descent.gradient_descent_path(surface, alpha, x0, steps)
    if path.diverged[0]:
        raise ArgumentError(f"the worked example diverges at step {int(path.diverged_at[0])}; choose a smaller learning_rate")
    label = _label(sp.Symbol(variable))
    rows = [[k, path.positions[k, 0, 0], path.losses[k, 0], path.gradients[k, 0, 0]] for k in range(steps + 1)]
    table = _html_table(["step k", label, f"{loss}({label})", f"{loss}′({label})"], rows, row_keys=list(range(steps + 1)))
    formula = sp.latex(surface.expression.subs(surface.variables[0], sp.Symbol(variable)))
    note = _note(
        f"The worked example: gradient descent on ${loss}({variable}) = {formula}$ from ${variable}_0 = {_num(x0)}$ with "
        f"$\\alpha = {_num(alpha)}$, {steps} steps. With JavaScript on, a slider and step buttons walk through "
        "the table while a marble follows on the curve."
    )
    surface_data = _surface_config(surface)
    surface_data["labels"] = [label]
    surface_data["formula"] = _formula(surface).replace(str(surface.variables[0]), label)
    data = {
        "surface": surface_data,
        "lossName": loss,
        "start": x0,
        "learningRate": alpha,
        "steps": steps,
        "divergenceLimit": descent.DIVERGENCE_LIMIT,
    }
    return _root("scrubber", data, f'{note}\n<div class="gd-table-box">\n{table}\n</div>')


WIDGET = Widget(name="scrubber", function=scrubber, style=False, summary='Lesson 3: step or drag through iterations ``k = 0..steps`` of the worked example.')
