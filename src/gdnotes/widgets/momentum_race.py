"""Lesson 7's widget ``momentum-race``: plain gradient descent and momentum race on the ravine, same start, same learning rate.

Its function, validation, data and static fallback are here; its script is
``docs/assets/widgets/momentum-race/momentum-race.js`` and its stylesheet
``momentum-race.css`` beside it.
"""

from __future__ import annotations

from collections.abc import Sequence

from .. import _validate, descent, surfaces
from ._common import Widget, _contour_levels, _html_table, _inside, _note, _num, _optimizer_defaults, _point, _RACE_MAX_STEPS, _rate_control, _root, _surface_config
from .._validate import ArgumentError, ArgumentTypeError

__all__ = ["momentum_race"]


def _beta_range(beta_range: object, beta: float) -> tuple[float, float, float]:
    if not isinstance(beta_range, Sequence) or isinstance(beta_range, (str, bytes)) or len(beta_range) != 3:
        raise ArgumentTypeError(f"beta_range must be (low, high, step), got {beta_range!r}")
    low = _validate.unit_interval(beta_range[0], "beta_range[0]")
    high = _validate.unit_interval(beta_range[1], "beta_range[1]")
    step = _validate.positive_number(beta_range[2], "beta_range[2]")
    if not low < high:
        raise ArgumentError(f"beta_range must have low < high, got {beta_range!r}")
    if not low <= beta <= high:
        raise ArgumentError(f"beta must lie in beta_range [{low}, {high}], got {beta}")
    return low, high, step


def momentum_race(
    surface: surfaces.Surface | str = "ravine",
    start: Sequence[float] = (-9.0, 2.0),
    learning_rate: float = 0.02,
    beta: float = 0.9,
    nesterov: bool = False,
    steps: int = 3000,
    tolerance: float = 1e-3,
    rate_range: Sequence[float] = (0.001, 0.2, 0.001),
    max_typed_rate: float = 1.0,
    beta_range: Sequence[float] = (0.0, 0.99, 0.01),
) -> str:
    r"""Lesson 7: plain gradient descent and momentum race on the ravine, same start, same learning rate.

    Two contour maps, one per racer, share the start and the learning rate;
    below them, the distance to the minimum against the step. The reader
    plays, pauses, steps and resets the race, sets ``learning_rate`` and the
    momentum ``beta`` (with sliders or typed), turns on Nesterov's
    look-ahead, and moves the start (click, tap, arrow keys or typed). A
    racer finishes at the step from which it stays within ``tolerance`` of
    the minimum for the rest of its ``steps`` steps, as
    :func:`gdnotes.ravines.steps_to_tolerance` counts. The browser runs the
    update rules of :mod:`gdnotes.optimizers` (their default hyperparameters
    arrive in the config) with the step loop and divergence rule of
    :func:`gdnotes.descent.run`. The fallback is a table of the steps each
    racer (and Nesterov momentum) needs.

    Args:
        surface: a 2-D surface, or its name, that lists its minimum.
        start: the racers' common start, within the surface's bounds.
        learning_rate: alpha, shared by both racers.
        beta: momentum's beta, in [0, 1).
        nesterov: whether the momentum racer starts with Nesterov's look-ahead on.
        steps: the step budget of each racer (at most 20000).
        tolerance: the distance to the minimum that counts as arrived.
        rate_range: the learning-rate slider's (low, high, step).
        max_typed_rate: the largest learning rate the reader may type.
        beta_range: the beta slider's (low, high, step), within [0, 1).

    Returns:
        The widget's HTML: its root, config and static fallback.

    Raises:
        TypeError: an argument of the wrong type.
        ValueError: an argument out of range, a start outside the bounds, or
            a surface without a listed minimum.
    """
    from .. import optimizers, ravines

    surface = surfaces.resolve(surface, dim=2)
    if not surface.minima:
        raise ArgumentError(f"surface must list its minimum (the finish line), {surface.name!r} lists none")
    alpha = _validate.positive_number(learning_rate, "learning_rate")
    beta = _validate.unit_interval(beta, "beta")
    if not isinstance(nesterov, bool):
        raise ArgumentTypeError(f"nesterov must be True or False, got {nesterov!r}")
    steps = _validate.count(steps, "steps", minimum=1)
    if steps > _RACE_MAX_STEPS:
        raise ArgumentError(f"steps must be at most {_RACE_MAX_STEPS} (the browser keeps every step), got {steps}")
    tol = _validate.positive_number(tolerance, "tolerance")
    rates = _rate_control(rate_range, max_typed_rate, alpha)
    beta_low, beta_high, beta_step = _beta_range(beta_range, beta)
    first = _validate.points(start, 2, "start")[0]
    _inside(surface, first, "start")

    names = {
        "plain": "plain " + optimizers.gradient_descent(alpha).name,
        "momentum": optimizers.momentum(alpha, beta).name,
        "nesterov": optimizers.momentum(alpha, beta, nesterov=True).name,
    }
    racers = [
        (names["plain"], optimizers.gradient_descent(alpha)),
        (f"{names['momentum']}, β = {_num(beta)}", optimizers.momentum(alpha, beta)),
        (f"{names['nesterov']}, β = {_num(beta)}", optimizers.momentum(alpha, beta, nesterov=True)),
    ]
    rows = []
    for label, optimizer in racers:
        path = descent.run(surface, optimizer, first, steps)
        reached = ravines.steps_to_tolerance(path, tol)
        if path.diverged[0]:
            result = f"diverges at step {int(path.diverged_at[0])}"
        elif reached is None:
            result = f"not yet: {_num(ravines.distances(path)[-1])} away after {steps} steps"
        else:
            result = str(reached)
        rows.append([label, result])
    table = _html_table(["runner", f"steps to stay within {_num(tol)} of the minimum"], rows)
    note = _note(
        f"The race of this lesson: from {_point(first)}, with the same $\\alpha = {_num(alpha)}$, the table counts the "
        f"steps each runner needs to get within {_num(tol)} of the minimum for good. With JavaScript on, the race runs "
        "here: a contour map per runner and their distances to the minimum, with play, pause, step and reset buttons, "
        "sliders for $\\alpha$ and $\\beta$, a Nesterov switch, and a start you can move."
    )
    data = {
        "surface": _surface_config(surface),
        "start": [float(c) for c in first],
        **rates,
        "beta": beta,
        "betaRange": [beta_low, beta_high, beta_step],
        "nesterov": nesterov,
        "steps": steps,
        "tolerance": tol,
        "levels": _contour_levels(surface),
        "rules": _optimizer_defaults(),
        "names": names,
        "divergenceLimit": descent.DIVERGENCE_LIMIT,
    }
    return _root("momentum-race", data, f'{note}\n<div class="gd-fallback-only gd-table-box">\n{table}\n</div>')


WIDGET = Widget(name="momentum-race", function=momentum_race, style=True, summary='Lesson 7: plain gradient descent and momentum race on the ravine, same start, same learning rate.')
