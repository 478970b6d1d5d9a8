"""Lesson 8, training a real model: the values its prose names as ``{{ model.* }}``.

A line $\\hat y = w x + b$ predicts an iris petal's width from its length;
gradient descent on the mean squared error trains it from $w = b = 0$ with
$\\alpha = 0.05$. The page's tables and figures come from here too, one call
each (``model.training_table()``, ``model.cost_curve_figure()``, ...).

>>> v = values()
>>> v["data"]["flowers"], v["training"]["steps"]
(150, 690)
>>> v["stopping"]["loose_cost"]["steps"] < v["stopping"]["loose_gradient"]["steps"]
True
"""

from __future__ import annotations

import math
from functools import cache

import numpy as np

from .. import _validate, regression, tables
from ..figures import models

#: the learning rate of the page's runs (the limit for the raw petals is about 0.0554)
ALPHA = 0.05
START = (0.0, 0.0)
#: the long run stops when the gradient is shorter than this, or after MAX_STEPS
GRADIENT_TOLERANCE = 1e-6
MAX_STEPS = 5000
#: settings of (w, b) whose cost the page shows, for a feel of the scale
GUESSES = ((0.0, 0.0), (0.5, 0.0), (0.5, -0.5), (0.4, -0.35))
#: where the gradient is checked against finite differences, and the nudge
CHECK_POINT = (0.5, -0.5)
NUDGE = 1e-6
#: the steps of the long run that the training table shows (its last step is added)
TABLE_STEPS = (0, 1, 2, 3, 5, 10, 20, 50, 100, 200, 400)
#: the steps whose lines the fitted-lines figure draws
LINE_STEPS = (0, 1, 2, 5, 20, 100)
#: each stopping rule on its own: the table's label, a short name for the prose, fit()'s arguments
STOPPING_RULES = (
    ("cost change below 10⁻⁶", "loose_cost", {"cost_tolerance": 1e-6}),
    ("cost change below 10⁻⁹", "tight_cost", {"cost_tolerance": 1e-9}),
    ("gradient shorter than 10⁻³", "loose_gradient", {"gradient_tolerance": 1e-3}),
    ("gradient shorter than 10⁻⁶", "tight_gradient", {"gradient_tolerance": 1e-6}),
    ("budget of 100 steps", "budget", {"max_steps": 100}),
)
#: the rules whose stopping points the cost curve marks
MARKED_RULES = ("loose_cost", "loose_gradient", "tight_cost")
#: the race: rates at these fractions of each feature's own stability limit
RACE_FRACTIONS = (0.25, 0.5, 0.9)
#: "close to the minimum" in the race: cost within this of J*
RACE_TOLERANCE = 1e-8
RACE_MAX_STEPS = 20_000
#: the fraction of the limit for the side-by-side scaling figure
FIGURE_FRACTION = 0.9
#: practice problem 3: a rate a little above the limit
FAST_ALPHA = 0.06


# ----------------------------------------------------------------- the runs (computed once)


@cache
def _data() -> regression.Dataset:
    return regression.petals()


@cache
def _best() -> np.ndarray:
    data = _data()
    return regression.least_squares(data.x, data.y)


def _best_cost() -> float:
    data = _data()
    return regression.cost(_best(), data.x, data.y)


@cache
def _run() -> regression.Fit:
    """The page's long run: from (0, 0) with ALPHA until the gradient is shorter than 10⁻⁶."""
    data = _data()
    return regression.fit(data.x, data.y, ALPHA, start=START, max_steps=MAX_STEPS, gradient_tolerance=GRADIENT_TOLERANCE)


@cache
def _stops() -> dict[str, regression.Fit]:
    """Each stopping rule on its own, same start and rate, keyed by its short name."""
    data = _data()
    return {name: regression.fit(data.x, data.y, ALPHA, **{"max_steps": MAX_STEPS, **rule}) for _, name, rule in STOPPING_RULES}


@cache
def _scaled() -> tuple[np.ndarray, regression.Scaling]:
    return regression.standardize(_data().x)


def steps_to_minimum(feature: np.ndarray, rate: float, tolerance: float = RACE_TOLERANCE) -> int:
    """How many steps a run on ``feature`` at ``rate`` takes until its cost is within ``tolerance`` of J*.

    A run that diverges, or does not come that close in ``RACE_MAX_STEPS``
    steps, is an error naming ``rate`` and ``tolerance`` (there is no count to give).
    """
    y = _data().y
    array = _validate.numeric_array(feature, "feature")
    if array.shape != y.shape:
        raise _validate.ArgumentError(f"feature must hold one value per flower, shape {y.shape}, got shape {array.shape}")
    if not np.all(np.isfinite(array)) or np.ptp(array) == 0:
        raise _validate.ArgumentError("feature must be finite numbers that are not all equal")
    rate = _validate.positive_number(rate, "rate")
    tolerance = _validate.positive_number(tolerance, "tolerance")
    trial = regression.fit(array, y, rate, max_steps=RACE_MAX_STEPS)
    close = np.nonzero(trial.costs - _best_cost() < tolerance)[0]
    if close.size == 0:
        raise _validate.ArgumentError(
            f"rate {rate:g} on this feature never brings the cost within tolerance {tolerance:g} of J* in"
            f" {RACE_MAX_STEPS:,} steps (the run stopped by {trial.stopped_by!r})")
    return int(close[0])


# ----------------------------------------------------------------- the values the prose names


def data() -> dict:
    """The data set: how many flowers and species, and the range of the petal lengths and widths."""
    x, y = _data().x, _data().y
    species, counts = np.unique(regression.iris()["species"], return_counts=True)
    return {
        "flowers": x.size, "species": species.size, "per_species": counts[0],
        "same_count_per_species": bool(np.all(counts == counts[0])),
        "length_min": x.min(), "length_max": x.max(), "width_min": y.min(), "width_max": y.max(),
        "mean_width": np.mean(y),
    }


def gradient_check() -> dict:
    """The formula for the gradient against central differences of the cost, at CHECK_POINT."""
    x, y = _data().x, _data().y
    (w, b), h = CHECK_POINT, NUDGE
    by_formula = regression.gradient([w, b], x, y)
    dw = (regression.cost([w + h, b], x, y) - regression.cost([w - h, b], x, y)) / (2 * h)
    db = (regression.cost([w, b + h], x, y) - regression.cost([w, b - h], x, y)) / (2 * h)
    return {"w": w, "b": b, "h": h, "by_formula": by_formula, "by_nudging": [dw, db],
            "gap": np.max(np.abs(by_formula - [dw, db]))}


def curvature() -> dict:
    """The curvature matrix of the raw cost: the averages in it, its eigenvalues, the stability limit.

    Also what the page's rate does along each direction: ``steep_factor`` and
    ``flat_factor`` are the per-step multipliers ``1 - alpha * lambda`` (the
    steep one is negative: that direction flips sign every step), and
    ``best_alpha`` is the rate that makes the worse of the two sizes as small
    as it can be, ``2 / (lambda_min + lambda_max)``, with that size ``best_factor``.
    """
    x = _data().x
    low, high = np.linalg.eigvalsh(regression.hessian(x))
    limit = regression.largest_stable_rate(x)
    best = 2 / (low + high)
    return {
        "mean_x": np.mean(x), "mean_x2": np.mean(x**2), "high": high, "low": low,
        "limit": limit, "kappa": regression.condition_number(x), "alpha": ALPHA,
        "fraction": ALPHA / limit, "alpha_high": ALPHA * high,
        "steep_factor": 1 - ALPHA * high, "steep_size": abs(1 - ALPHA * high), "flat_factor": 1 - ALPHA * low,
        "best_alpha": best, "best_factor": 1 - best * low,
        "flat_percent": 100 * ALPHA * low, "best_flat_percent": 100 * best * low,
        # steps for the steep direction's zigzag to shrink a thousandfold, at ALPHA and at best_alpha
        "zigzag_steps": math.ceil(math.log(1e-3) / math.log(abs(1 - ALPHA * high))),
        "best_zigzag_steps": math.ceil(math.log(1e-3) / math.log(abs(1 - best * high))),
    }


def training() -> dict:
    """The long run: where it ends and after how many steps, its first steps, and the least-squares answer."""
    run, best = _run(), _best()
    return {
        "alpha": ALPHA, "steps": run.steps, "stopped_by": run.stopped_by, "w": run.final[0], "b": run.final[1],
        "first_steps": run.params[:4], "best_w": best[0], "best_b": best[1], "best_cost": _best_cost(),
    }


def ravine() -> dict:
    """How the long run zigzags across the valley and creeps along its floor."""
    run, best = _run(), _best()
    low, high = np.linalg.eigvalsh(regression.hessian(_data().x))
    side = np.sign(run.params[1:6, 0] - best[0])  # +1 above the final w, -1 below, for steps 1 to 5
    return {
        "w1": run.params[1, 0], "alpha_high": ALPHA * high, "low": low, "removed_per_step": ALPHA * low,
        "first_sides": side,
        "alternates": bool(np.all(side[1:] == -side[:-1])), "first_above": bool(side[0] > 0),
    }


def stopping() -> dict:
    """Each stopping rule on its own: steps, where it ended, how far from the answer."""
    best, best_cost = _best(), _best_cost()
    return {
        name: {"steps": r.steps, "stopped_by": r.stopped_by, "w": r.final[0], "b": r.final[1],
               "excess": r.costs[-1] - best_cost, "distance": np.linalg.norm(r.final - best)}
        for name, r in _stops().items()
    }


def scaling() -> dict:
    """Standardising the feature: its mean and spread, the condition numbers, and one step on the round bowl."""
    x, y = _data().x, _data().y
    z, scale = _scaled()
    limit_z = regression.largest_stable_rate(z)
    half = 0.5 * limit_z
    one = regression.fit(z, y, half, max_steps=1)
    back = regression.unscale(one.final, scale)
    wz, bz = (float(v) for v in regression.least_squares(z, y))
    return {
        "mean": scale.mean, "std": scale.std,
        "kappa_raw": regression.condition_number(x), "kappa_z": regression.condition_number(z), "limit_z": limit_z,
        "one_step": {"alpha": half, "wz": one.final[0], "bz": one.final[1], "w": back[0], "b": back[1],
                     "difference": np.max(np.abs(back - _best()))},
        "raw_steps_at_half": steps_to_minimum(x, 0.5 * regression.largest_stable_rate(x)),
        "least_squares": {"wz": wz, "bz": bz, "w": wz / scale.std, "b": bz - wz * scale.mean / scale.std},
    }


def bias_quiz() -> dict:
    """The quiz on dJ/db at w = b = 0: the average width, the average residual, the partial and its opposite."""
    x, y = _data().x, _data().y
    partial = regression.gradient([0.0, 0.0], x, y)[1]
    return {"mean_width": np.mean(y), "average_residual": -np.mean(y), "partial": partial, "opposite": -partial}


def problems() -> dict:
    """The practice problems: the first step by hand, a line through the origin, a rate a little too fast."""
    x, y = _data().x, _data().y
    run = _run()
    mean_xy, mean_y = np.mean(x * y), np.mean(y)
    w_only = np.sum(x * y) / np.sum(x**2)
    limit = regression.largest_stable_rate(x)
    high = np.linalg.eigvalsh(regression.hessian(x))[-1]
    fast = regression.fit(x, y, FAST_ALPHA, max_steps=MAX_STEPS)
    return {
        "first_step": {"alpha": ALPHA, "mean_xy": mean_xy, "mean_y": mean_y, "dw": -2 * mean_xy, "db": -2 * mean_y,
                       "w1": run.params[1, 0], "b1": run.params[1, 1]},
        "origin": {"w": w_only, "cost": regression.cost([w_only, 0.0], x, y), "best_cost": _best_cost()},
        "fast": {"alpha": FAST_ALPHA, "limit": limit, "high": high, "factor": 1 - FAST_ALPHA * high,
                 "stopped_by": fast.stopped_by, "steps": fast.steps, "over_percent": 100 * (FAST_ALPHA / limit - 1)},
    }


def values() -> dict:
    return {
        "data": data(), "gradient_check": gradient_check(), "curvature": curvature(), "training": training(),
        "ravine": ravine(), "stopping": stopping(), "scaling": scaling(), "bias_quiz": bias_quiz(),
        "problems": problems(),
        "challenge": challenge(),
    }


# ----------------------------------------------------------------- the page's tables and figures


def iris_table(rows: int = 4) -> str:
    """The first rows of the iris file, as a Markdown table."""
    table = regression.iris()
    rows = _validate.count(rows, "rows", minimum=1, maximum=len(table["species"]))
    columns = ["sepal_length_cm", "sepal_width_cm", "petal_length_cm", "petal_width_cm", "species"]
    return tables.markdown_table(["sepal length", "sepal width", "petal length", "petal width", "species"],
                                 [[table[c][i] for c in columns] for i in range(rows)], align="rrrrl")


def guesses_table() -> str:
    """The cost at a few settings of (w, b)."""
    x, y = _data().x, _data().y
    rows = [[w, b, regression.cost([w, b], x, y)] for w, b in GUESSES]
    return tables.markdown_table(["w", "b", "cost J(w, b)"], rows)


def training_table() -> str:
    """Some steps of the long run, and its last."""
    run = _run()
    ks = [k for k in TABLE_STEPS if k < run.steps] + [run.steps]
    rows = [[k, *run.params[k], run.costs[k], run.gradient_norms[k]] for k in ks]
    return tables.markdown_table(["step", "w", "b", "cost J", "gradient length"], rows)


def landscape_figure() -> str:
    """The long run on the contour map of the cost."""
    data = _data()
    return models.cost_landscape(data.x, data.y, _run())


def lines_figure() -> str:
    """The model's line after a few numbers of steps, over the data."""
    data = _data()
    return models.fitted_lines(data.x, data.y, _run(), steps=LINE_STEPS, labels=(data.x_label, data.y_label))


def stopping_table() -> str:
    """Each stopping rule on its own: steps, where it ended, how far from the answer."""
    best, best_cost = _best(), _best_cost()
    stops = _stops()
    rows = [[label, stops[name].steps, *stops[name].final, stops[name].costs[-1] - best_cost,
             np.linalg.norm(stops[name].final - best)] for label, name, _ in STOPPING_RULES]
    return tables.markdown_table(["rule", "steps", "w", "b", "cost above J*", "distance to (w*, b*)"], rows, align="lrrrrr")


def cost_curve_figure() -> str:
    """The cost of the long run, plain and on a log scale, with where three rules would stop it."""
    data, stops = _data(), _stops()
    labels = {name: label for label, name, _ in STOPPING_RULES}
    return models.cost_curve(data.x, data.y, _run(), {labels[name]: stops[name].steps for name in MARKED_RULES})


def scaling_table() -> str:
    """The raw and the standardised feature: mean, mean of the square, condition number, stability limit."""
    rows = []
    for name, feature in (("raw petal length x", _data().x), ("standardised z", _scaled()[0])):
        rows.append([name, np.round(np.mean(feature), 12) + 0.0, np.mean(feature**2),
                     regression.condition_number(feature), regression.largest_stable_rate(feature)])
    return tables.markdown_table(["feature", "mean", "mean of square", "condition number κ", "largest stable α"], rows, align="lrrrr")


def race_rows() -> list[list]:
    """For each fraction of the limit: the raw rate and its steps, the scaled rate and its steps."""
    x, z = _data().x, _scaled()[0]
    limit, limit_z = regression.largest_stable_rate(x), regression.largest_stable_rate(z)
    return [[fraction, fraction * limit, steps_to_minimum(x, fraction * limit),
             fraction * limit_z, steps_to_minimum(z, fraction * limit_z)] for fraction in RACE_FRACTIONS]


def race_table() -> str:
    """Steps to within 10⁻⁸ of the minimum cost, raw against standardised, at the same fractions of each limit."""
    rows = [[f"{fraction:.0%} of the limit", *rest] for fraction, *rest in race_rows()]
    return tables.markdown_table(["learning rate", "α, raw", "steps, raw", "α, scaled", "steps, scaled"], rows, align="lrrrr")


def scaling_figure() -> str:
    """The raw and the standardised cost side by side, each with a run at FIGURE_FRACTION of its limit."""
    x, y = _data().x, _data().y
    z = _scaled()[0]
    raw_run = regression.fit(x, y, FIGURE_FRACTION * regression.largest_stable_rate(x), max_steps=MAX_STEPS, gradient_tolerance=GRADIENT_TOLERANCE)
    scaled_run = regression.fit(z, y, FIGURE_FRACTION * regression.largest_stable_rate(z), max_steps=MAX_STEPS, gradient_tolerance=GRADIENT_TOLERANCE)
    return models.scaling_landscapes(x, y, raw_run, scaled_run)


def challenge() -> dict:
    """The bounds of this lesson's try-it challenge (:mod:`gdnotes.challenges`), for the prose."""
    from .. import challenges

    return dict(challenges.CHALLENGES["model"].values)
