"""Lesson 8's widget ``regression-trainer``: train the line ``y = w x + b`` on the iris petals, one gradient-descent step at a time.

Its function, validation, data and static fallback are here; its script is
``docs/assets/widgets/regression-trainer/regression-trainer.js`` and its
stylesheet ``regression-trainer.css`` beside it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from .. import _validate, descent, tables
from ._common import Widget, _html_table, _note, _num, _point, _root
from .._validate import ArgumentError, ArgumentTypeError

__all__ = ["regression_trainer"]


_TRAINER_MAX_STEPS = 20_000
"""The most steps one run of the regression trainer may budget: the browser keeps every step."""


def _nice_below(value: float) -> float:
    """The largest 1, 2 or 5 times a power of ten that is at most ``value``."""
    power = 10.0 ** math.floor(math.log10(value))
    unit = next(u for u in (5, 2, 1) if u * power <= value * (1 + 1e-12))
    return float(f"{unit * power:.12g}")


def _trainer_rates(limit: float) -> tuple[list[float], float]:
    """The learning-rate slider ``(low, high, step)`` around a stability ``limit``, and the largest typed rate.

    The slider runs from a hundredth of the limit to 30% past it, so that it
    spans converging and diverging runs; a typed rate may go up to the power
    of ten at or above ten times the limit.
    """
    step = _nice_below(limit / 100)
    high = float(f"{math.ceil(1.3 * limit / step) * step:.12g}")
    return [step, high, step], float(10.0 ** math.ceil(math.log10(10 * limit)))


def _matching_rate(rate: float, limit: float, other_limit: float, rate_range: Sequence[float], typed_max: float) -> float:
    """The rate at the same fraction of ``other_limit`` as ``rate`` is of ``limit``, on the other slider's steps.

    The browser does the same when the reader switches feature scaling on or off.
    """
    low, high, step = rate_range
    value = rate / limit * other_limit
    value = round(value / step) * step if value <= high else float(f"{value:.3g}")
    return min(max(float(f"{value:.12g}"), low), typed_max)


def _trainer_box(points: np.ndarray, pad: float = 0.3) -> list[list[float]]:
    """A square box (equal spans in w and b) around ``points`` (k, 2), padded and rounded outwards."""
    low, high = points.min(axis=0), points.max(axis=0)
    side = float(max(np.max(high - low), 1e-6)) * (1 + 2 * pad)
    grain = _nice_below(side / 10)
    centre = (low + high) / 2
    box = []
    for c in centre:
        lo = math.floor((c - side / 2) / grain) * grain
        box.append([float(f"{lo:.12g}"), float(f"{lo + math.ceil(side / grain) * grain:.12g}")])
    span = max(b[1] - b[0] for b in box)
    return [[b[0], float(f"{b[0] + span:.12g}")] for b in box]


def _tolerance_or_none(value: object, name: str) -> float | None:
    return None if value is None else _validate.positive_number(value, name)


def regression_trainer(
    learning_rate: float = 0.05,
    start: Sequence[float] = (0.0, 0.0),
    scaled: bool = False,
    max_steps: int = 5000,
    cost_tolerance: float | None = 1e-9,
    gradient_tolerance: float | None = 1e-6,
    table_steps: Sequence[int] = (0, 1, 2, 5, 20, 100),
    data: object = None,
) -> str:
    r"""Lesson 8: train the line ``y = w x + b`` on the iris petals, one gradient-descent step at a time.

    Three pictures move together: the data with the current line, the
    contours of the cost ``J(w, b)`` with the point ``(w, b)`` and its path,
    and the cost above its minimum against the step. The reader steps,
    trains (an animation) and resets; sets the learning rate with a slider
    or by typing; switches feature scaling on, which trains on the
    standardised feature of :func:`gdnotes.regression.standardize` (the line
    is drawn in the original units with :func:`gdnotes.regression.unscale`);
    and sets the start ``(w, b)`` by clicking or tapping the contour map or
    with the arrow keys. The browser repeats :func:`gdnotes.regression.fit`
    step for step, with its cost, gradient and stopping rules, so a run
    stops by the rule ``fit`` would report (one of
    :data:`gdnotes.regression.STOP_REASONS`).

    Each feature's learning-rate slider spans its own stability limit
    (:func:`gdnotes.regression.largest_stable_rate`), from a hundredth of it
    to 30% past it; switching scaling keeps the rate at the same fraction of
    the limit.

    Args:
        learning_rate: the first learning rate, for the feature the widget
            starts with; at most ten times its largest stable rate.
        start: the first ``(w, b)``, in the coordinates of that feature.
        scaled: whether the widget starts with the standardised feature.
        max_steps: the step budget of a run (at most 20000).
        cost_tolerance: stop when the cost changes by less than this in one
            step (``None``: rule off).
        gradient_tolerance: stop when the gradient is shorter than this
            (``None``: rule off).
        table_steps: steps shown in the fallback table (the last step is added).
        data: a :class:`gdnotes.regression.Dataset`; ``None`` for
            :func:`gdnotes.regression.petals`.

    Returns:
        The widget's HTML: its root, its config (the data, the scaling, the
        rules and tolerances, and for each feature the limit, the slider and
        the map's bounds) and a fallback table of the first run with a
        sentence comparing it with the run on the scaled feature.

    Raises:
        TypeError: an argument of the wrong type.
        ValueError: an argument out of range (the message names it).
    """
    from .. import regression

    if data is None:
        data = regression.petals()
    if not isinstance(data, regression.Dataset):
        raise ArgumentTypeError(f"data must be a gdnotes.regression.Dataset or None, got {type(data).__name__}")
    x, y = regression._data(data.x, data.y)
    if not isinstance(scaled, bool):
        raise ArgumentTypeError(f"scaled must be True or False, got {scaled!r}")
    alpha = _validate.positive_number(learning_rate, "learning_rate")
    first = _validate.points(start, 2, "start")
    if first.shape[0] != 1:
        raise ArgumentError(f"start must be one point (w, b), got {first.shape[0]} points")
    first = first[0]
    steps = _validate.count(max_steps, "max_steps", minimum=1)
    if steps > _TRAINER_MAX_STEPS:
        raise ArgumentError(f"max_steps must be at most {_TRAINER_MAX_STEPS} (the browser keeps every step), got {steps}")
    cost_tol = _tolerance_or_none(cost_tolerance, "cost_tolerance")
    gradient_tol = _tolerance_or_none(gradient_tolerance, "gradient_tolerance")
    if isinstance(table_steps, (str, bytes)) or not isinstance(table_steps, Sequence) or not table_steps:
        raise ArgumentTypeError(f"table_steps must be a non-empty sequence of step numbers, got {table_steps!r}")
    shown = [_validate.count(k, f"table_steps[{i}]") for i, k in enumerate(table_steps)]

    z, scaling = regression.standardize(x)
    features = {"raw": x, "scaled": z}
    limits = {mode: regression.largest_stable_rate(f) for mode, f in features.items()}
    rates = {mode: _trainer_rates(limit) for mode, limit in limits.items()}
    mode, other = ("scaled", "raw") if scaled else ("raw", "scaled")
    if alpha > rates[mode][1]:
        raise ArgumentError(f"learning_rate must be at most {rates[mode][1]} (ten times the largest stable rate), got {alpha}")
    alphas = {mode: alpha, other: _matching_rate(alpha, limits[mode], limits[other], *rates[other])}
    # the same line in the other feature's coordinates: w_z = w std, b_z = b + w mean
    if scaled:
        starts = {"scaled": first, "raw": regression.unscale(first, scaling)}
    else:
        starts = {"raw": first, "scaled": np.array([first[0] * scaling.std, first[1] + first[0] * scaling.mean])}
    rules = {"max_steps": steps, "cost_tolerance": cost_tol, "gradient_tolerance": gradient_tol}
    runs = {m: regression.fit(features[m], y, alphas[m], starts[m], **rules) for m in features}

    modes = {}
    for m, run in runs.items():
        seen = run.params if run.stopped_by != regression.STOP_REASONS[3] else run.params[: min(2, run.steps)]
        box = _trainer_box(np.vstack([seen[:60], regression.least_squares(features[m], y), starts[m]]))
        modes[m] = {
            "limit": limits[m],
            "learningRate": alphas[m],
            "rateRange": rates[m][0],
            "maxTypedRate": rates[m][1],
            "bounds": box,
            "keyStep": _nice_below((box[0][1] - box[0][0]) / 40),
        }

    run = runs[mode]
    ks = sorted({k for k in shown if k < run.steps} | {run.steps})
    names = ("w<sub>z</sub>", "b<sub>z</sub>") if scaled else ("w", "b")
    rows = [[k, *run.params[k], run.costs[k], float(np.hypot(*run.gradients[k]))] for k in ks]
    table = _html_table(["step k", names[0], names[1], "cost J", "gradient length |∇J|"], rows)

    def ending(fitted: regression.Fit) -> str:
        reason = fitted.stopped_by
        if reason == regression.STOP_REASONS[3]:
            return f"diverges at step {fitted.steps}"
        if reason == regression.STOP_REASONS[2]:
            return f"is stopped by the step budget after {fitted.steps} steps"
        return f"stops after {fitted.steps} steps, by the {reason} rule"

    fraction = alpha / limits[mode]
    feature_words = {"raw": "the raw petal lengths", "scaled": "the standardised petal lengths"}
    note = _note(
        f"Gradient descent on the mean squared error from $(w, b) = {_point(first)}$ with $\\alpha = {_num(alpha)}$ "
        f"({tables.number(100 * fraction, 3)}% of the largest stable rate) on {feature_words[mode]} {ending(run)}; the table "
        f"shows some of its steps. On {feature_words[other]}, at the same fraction of its own limit "
        f"($\\alpha = {_num(alphas[other])}$), the run {ending(runs[other])}. With JavaScript on, this table becomes a "
        "trainer: step or train, change $\\alpha$, switch feature scaling, and set $(w, b)$ on the cost's contour map, "
        "while the line moves over the data."
    )
    stops = list(regression.STOP_REASONS)
    config_data = {
        "x": [float(v) for v in x],
        "y": [float(v) for v in y],
        "labels": [data.x_label, data.y_label],
        "scaling": {"mean": scaling.mean, "std": scaling.std},
        "scaled": scaled,
        "start": [float(c) for c in first],
        "learningRate": alpha,
        "modes": modes,
        "maxSteps": steps,
        "costTolerance": cost_tol,
        "gradientTolerance": gradient_tol,
        "stopReasons": {"cost": stops[0], "gradient": stops[1], "budget": stops[2], "diverged": stops[3]},
        "divergenceLimit": descent.DIVERGENCE_LIMIT,
    }
    return _root("regression-trainer", config_data, f'{note}\n<div class="gd-fallback-only gd-table-box">\n{table}\n</div>')


WIDGET = Widget(name="regression-trainer", function=regression_trainer, style=True, summary='Lesson 8: train the line ``y = w x + b`` on the iris petals, one gradient-descent step at a time.')
