"""Lesson 6's widget ``multi-start``: drop marbles on a 2-D loss with several minima and see where each ends.

Its function, validation, data and static fallback are here; its script is
``docs/assets/widgets/multi-start/multi-start.js`` and its stylesheet
``multi-start.css`` beside it.
"""

from __future__ import annotations

from collections.abc import Sequence

from .. import _validate, basins, descent, surfaces
from ._common import Widget, _contour_levels, _html_table, _inside, _label, _minima_config, _note, _num, _point, _rate_control, _root, settling, _surface_config, _with_minima
from .._validate import ArgumentError

__all__ = ["multi_start"]


def multi_start(
    surface: surfaces.Surface | str = "tilted_himmelblau",
    learning_rate: float = 0.05,
    steps: int = 200,
    rate_range: Sequence[float] = (0.005, 0.3, 0.005),
    max_typed_rate: float = 1.0,
    tolerance: float = 1e-3,
    starts: Sequence[Sequence[float]] = ((0.3, -4.5), (-0.5, 4.5), (0.0, 0.0), (4.5, 0.2), (-4.5, -0.5)),
    seed: int = 6,
    batch: int = 8,
    max_marbles: int = 120,
) -> str:
    """Lesson 6: drop marbles on a 2-D loss with several minima and see where each ends.

    The reader drops marbles on a contour map (click, tap, or a cursor moved
    with the arrow keys and dropped with Enter; or *Drop 8 random marbles*,
    drawn by a generator seeded with ``seed`` so that every visit drops the
    same ones). Each marble runs gradient descent for at most ``steps``
    steps, leaving a trail; once it stays within ``tolerance`` of a minimum
    (the rule of :func:`settling`, the same as the basin map's) it takes
    that minimum's colour, and a legend counts the marbles in each minimum,
    those still moving after ``steps`` steps and those that diverged.

    Args:
        surface: a 2-D surface listing one to four minima, or its name.
        learning_rate: the first learning rate; it must lie in ``rate_range``.
        steps: the step budget of each marble.
        rate_range: the learning-rate slider's ``(low, high, step)``.
        max_typed_rate: the largest learning rate the reader may type.
        tolerance: how close to a minimum counts as having ended there.
        starts: the starts of the fallback table, inside the bounds.
        seed: the seed of the random drops, an integer from 0 to 2**32 - 1.
        batch: how many marbles one random drop adds.
        max_marbles: the most marbles on the map at once.

    Returns:
        The widget's HTML; its fallback is a table of where each of
        ``starts`` ends and a sentence.

    Raises:
        TypeError: an argument has the wrong type.
        ValueError: an argument has a wrong value (the message names it).
    """
    surface = surfaces.resolve(surface, dim=2)
    _with_minima(surface, 4)
    alpha = _validate.positive_number(learning_rate, "learning_rate")
    steps = _validate.count(steps, "steps", minimum=1)
    rates = _rate_control(rate_range, max_typed_rate, alpha)
    tol = _validate.positive_number(tolerance, "tolerance")
    points = _validate.points(starts, 2, "starts")
    for i, p in enumerate(points):
        _inside(surface, p, f"starts[{i}]")
    seed = _validate.count(seed, "seed", maximum=None)
    if seed >= 2**32:
        raise ArgumentError(f"seed must be below 2**32, got {seed}")
    batch = _validate.count(batch, "batch", minimum=1)
    most = _validate.count(max_marbles, "max_marbles", minimum=1)
    if most < batch:
        raise ArgumentError(f"max_marbles must be at least batch ({batch}), got {most}")

    path = descent.gradient_descent_path(surface, alpha, points, steps)
    labels, stops = settling(path, tol)
    names = [_label(v) for v in surface.variables]
    rows = []
    for p, end, stop in zip(points, labels, stops):
        if end >= 0:
            rows.append([_point(p), int(end) + 1, _point(surface.minima[end]), int(stop)])
        else:
            rows.append([_point(p), basins.label_name(surface, int(end)), "—", "—"])
    table = _html_table([f"start ({', '.join(names)})", "ends in minimum", "minimum at", "settled at step"], rows)
    reached = len({int(e) for e in labels if e >= 0})
    note = _note(
        f"Each row is one marble: gradient descent with $\\alpha = {_num(alpha)}$ for at most {steps} steps. "
        f"{len(points)} starts end in {reached} different minima (numbered by depth, 1 the deepest). With JavaScript "
        "on, this becomes a contour map on which you drop marbles (click, tap, or the arrow keys and Enter) and watch "
        "each roll into a minimum and take its colour."
    )
    data = {
        "surface": _surface_config(surface),
        "minima": _minima_config(surface),
        "outcomes": {"unsettled": basins.label_name(surface, basins.UNSETTLED), "diverged": basins.label_name(surface, basins.DIVERGED)},
        "levels": _contour_levels(surface, 14),
        **rates,
        "steps": steps,
        "tolerance": tol,
        "seed": seed,
        "batch": batch,
        "maxMarbles": most,
        "keyStep": 0.25,
        "divergenceLimit": descent.DIVERGENCE_LIMIT,
    }
    return _root("multi-start", data, f'{note}\n<div class="gd-fallback-only gd-table-box">\n{table}\n</div>')


WIDGET = Widget(name="multi-start", function=multi_start, style=True, summary='Lesson 6: drop marbles on a 2-D loss with several minima and see where each ends.')
