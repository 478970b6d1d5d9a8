"""Lesson 9's widget ``optimizer-race``: the optimizers race on one surface at a time, each with its own learning rate.

Its function, validation, data and static fallback are here; its script is
``docs/assets/widgets/optimizer-race/optimizer-race.js`` and its stylesheet
``optimizer-race.css`` beside it.
"""

from __future__ import annotations

import html as html_lib
from collections.abc import Sequence

import numpy as np

from .. import _validate, descent, surfaces
from ._common import Widget, _html_table, _note, _num, _optimizer_defaults, _point, _RACE_MAX_STEPS, _root, _surface_config
from .._validate import ArgumentError, ArgumentTypeError

__all__ = ["optimizer_race"]


_MARKERS = ("circle", "square", "triangle", "diamond", "cross", "star")
"""One marker shape per racer, so that the legend and the map read without colour too."""


def _rule_of(optimizer: object, argument: str) -> tuple[str, dict]:
    """The update rule of ``optimizer`` in ``optimizers.js`` and its hyperparameters for the browser."""
    from .. import optimizers

    if not isinstance(optimizer, optimizers.Optimizer):
        raise ArgumentTypeError(f"{argument} must be a gdnotes.optimizers.Optimizer, got {type(optimizer).__name__}")
    keys = set(optimizer.hyperparameters)
    for rule, defaults in _optimizer_defaults().items():
        names = {"learning_rate", *defaults} - {"nesterov"}
        if keys == names:
            hyperparameters = {key: float(value) for key, value in optimizer.hyperparameters.items()}
            if "nesterov" in defaults:
                hyperparameters["nesterov"] = optimizer.name == optimizers.momentum(1.0, nesterov=True).name
            return rule, hyperparameters
    raise ArgumentError(f"{argument} is {optimizer.name!r}, whose update rule the browser does not know")


def _race_box(box: object, surface: surfaces.Surface, argument: str) -> list[list[float]]:
    """A map window ``((x0, x1), (y0, y1))``, or the surface's bounds for ``None``."""
    if box is None:
        box = surface.bounds
    array = _validate.numeric_array(box, argument)
    if array.shape != (2, 2) or not np.all(np.isfinite(array)) or not np.all(array[:, 0] < array[:, 1]):
        raise ArgumentError(f"{argument} must be ((x0, x1), (y0, y1)) with x0 < x1 and y0 < y1, got {array.tolist()}")
    return [[float(lo), float(hi)] for lo, hi in array]


def _loss_levels(surface: surfaces.Surface, box: Sequence[Sequence[float]], count: int = 10) -> list[float]:
    """Contour heights spaced evenly on a log scale over the map window, as the lesson's race figures space them."""
    (x0, x1), (y0, y1) = box
    X, Y = np.meshgrid(np.linspace(x0, x1, 81), np.linspace(y0, y1, 61))
    Z = surface.value(np.stack([X, Y], axis=-1))
    positive = Z[Z > 0]
    return [float(f"{v:.3g}") for v in np.geomspace(max(positive.min(), Z.max() * 1e-5), Z.max(), count)]


def optimizer_race(
    races: Sequence[Sequence[object]],
    tolerance: float = 1e-4,
    boxes: Sequence[object] | None = None,
    max_typed_rate: float = 10.0,
) -> str:
    r"""Lesson 9: the optimizers race on one surface at a time, each with its own learning rate.

    ``races`` holds one race per surface, each a list of
    :class:`gdnotes.figures.comparison.Racer` from
    :func:`gdnotes.figures.comparison.race` (so the widget starts from the
    lesson's surfaces, starts, step budgets and learning rates). The reader
    picks the surface; one contour map carries a path per optimizer, and
    below it each loss against the step on a log scale. Play, pause, step
    and reset; a learning rate per optimizer (typed); a checkbox per
    optimizer to show or hide it; the start moves by click, tap, arrow keys
    or typing. A racer is done at the first step from which its loss stays
    below ``tolerance`` (:func:`gdnotes.figures.comparison.steps_to_tolerance`).
    The browser runs the update rules of ``optimizers.js`` with the step loop
    and divergence rule of :func:`gdnotes.descent.run`. The fallback is a
    table of each optimizer's steps on each surface.

    Args:
        races: one list of racers per surface (at most six racers each, all
            from one start with one step budget of at most 20000 steps).
        tolerance: the loss below which a racer counts as arrived, for good.
        boxes: one map window ``((x0, x1), (y0, y1))`` per race holding its
            start, or ``None`` for the surfaces' bounds.
        max_typed_rate: the largest learning rate the reader may type.

    Returns:
        The widget's HTML: its root, config and static fallback.

    Raises:
        TypeError: an argument of the wrong type.
        ValueError: an argument out of range, a race with a surface that is
            not 2-D, or a start outside its map window.
    """
    from ..figures import comparison

    if not isinstance(races, Sequence) or isinstance(races, (str, bytes)) or not races:
        raise ArgumentTypeError(f"races must be a non-empty list of races from comparison.race(), got {races!r}")
    tol = _validate.positive_number(tolerance, "tolerance")
    typed_max = _validate.positive_number(max_typed_rate, "max_typed_rate")
    if boxes is None:
        boxes = [None] * len(races)
    if not isinstance(boxes, Sequence) or isinstance(boxes, (str, bytes)) or len(boxes) != len(races):
        raise ArgumentTypeError(f"boxes must be a list of one map window per race ({len(races)}), got {boxes!r}")

    configs, rows, names = [], {}, []
    for index, racers in enumerate(races):
        argument = f"races[{index}]"
        if isinstance(racers, comparison.Racer) or not isinstance(racers, Sequence) or not racers:
            raise ArgumentTypeError(f"{argument} must be a non-empty list of Racer from comparison.race(), got {racers!r}")
        if not all(isinstance(r, comparison.Racer) for r in racers):
            raise ArgumentTypeError(f"{argument} must hold only Racer from comparison.race()")
        if len(racers) > len(_MARKERS):
            raise ArgumentError(f"{argument} must hold at most {len(_MARKERS)} racers (one colour each), got {len(racers)}")
        surface = surfaces.resolve(racers[0].path.surface, f"{argument} surface", 2)
        first, steps = racers[0].path.positions[0, 0], racers[0].path.steps
        for r in racers:
            if r.path.surface is not surface or r.path.steps != steps or not np.array_equal(r.path.positions[0, 0], first):
                raise ArgumentError(f"{argument} must race on one surface from one start with one step budget")
        if steps > _RACE_MAX_STEPS:
            raise ArgumentError(f"{argument} must budget at most {_RACE_MAX_STEPS} steps (the browser keeps every step), got {steps}")
        box = _race_box(boxes[index], surface, f"boxes[{index}]")
        for value, (low, high) in zip(first, box):
            if not low <= value <= high:
                raise ArgumentError(f"boxes[{index}] must hold the race's start {_point(first)}, got {box}")
        entries = []
        for j, racer in enumerate(racers):
            rule, hyperparameters = _rule_of(racer.optimizer, f"{argument}[{j}].optimizer")
            if hyperparameters["learning_rate"] > typed_max:
                raise ArgumentError(f"max_typed_rate must be at least every racer's learning rate, got {typed_max}")
            entries.append({"name": racer.optimizer.name, "rule": rule, "hyperparameters": hyperparameters})
            if racer.optimizer.name not in names:
                names.append(racer.optimizer.name)
            reached = comparison.steps_to_tolerance(racer.path, tol)
            if racer.path.diverged[0]:
                result = f"diverges at step {int(racer.path.diverged_at[0])}"
            elif reached is None:
                result = f"not within {steps} steps (loss {_num(racer.path.losses[-1, 0])})"
            else:
                result = f"{reached} steps"
            rows.setdefault(racer.optimizer.name, {})[index] = f"α = {_num(hyperparameters['learning_rate'])}: {result}"
        configs.append(
            {
                "surface": _surface_config(surface),
                "start": [float(c) for c in first],
                "steps": int(steps),
                "box": box,
                "levels": _loss_levels(surface, box),
                "racers": entries,
            }
        )
    headers = ["optimizer"] + [html_lib.escape(c["surface"]["title"]) for c in configs]
    table = _html_table(headers, [[name] + [rows[name].get(i, "—") for i in range(len(races))] for name in names])
    note = _note(
        f"The lesson's races in one table: for each optimizer, its learning rate and the steps it needs on each "
        f"surface to bring the loss below {_num(tol)} for good. With "
        "JavaScript on, the race runs here: pick a surface, give each optimizer its own $\\alpha$, show or hide "
        "optimizers, move the start, and play, pause or step the race while the loss curves draw themselves."
    )
    data = {
        "races": configs,
        "tolerance": tol,
        "maxTypedRate": typed_max,
        "rules": _optimizer_defaults(),
        "markers": list(_MARKERS),
        "divergenceLimit": descent.DIVERGENCE_LIMIT,
    }
    return _root("optimizer-race", data, f'{note}\n<div class="gd-fallback-only gd-table-box">\n{table}\n</div>')


def _example() -> str:
    """A two-racer race on the ravine (lesson 9's start and rates), for the registry's tests."""
    from .. import optimizers
    from ..figures import comparison

    racers = comparison.race("ravine", [optimizers.gradient_descent(0.07), optimizers.adam(0.3)], start=(-9.0, 2.0), steps=200, tolerance=1e-4)
    return optimizer_race([racers])


WIDGET = Widget(name="optimizer-race", function=optimizer_race, style=True, summary='Lesson 9: the optimizers race on one surface at a time, each with its own learning rate.', example=_example)
