"""Lesson 7, ravines and momentum: the values its prose names as ``{{ momentum.* }}``.

The ravine is the quadratic $\\tfrac12(x^2 + 25 y^2)$ (curvatures 1 and 25);
every run starts high on a wall at $(-9, 2)$ and counts the step from which
it stays within $10^{-3}$ of the minimum. The page's tables and figures are
here too, so each block on the page is one call.

>>> ravine()["kappa"]
25.0
"""

from __future__ import annotations

import functools
import math

import numpy as np

from .. import _validate, descent, optimizers, ravines, surfaces, tables, theory
from ..figures import ravine as ravine_figures

SURFACE = "ravine"
START = (-9.0, 2.0)
TOLERANCE = 1e-3
#: the learning rate close to plain gradient descent's limit (the zigzag, the quiz, Problem 4)
STEEP_ALPHA = 0.07
ZIGZAG_STEPS = 40
#: the race: the same learning rate and momentum for every runner
ALPHA = 0.02
BETA = 0.9
RACE_STEPS = 250
#: the learning rates of the race table
ALPHAS = (0.005, 0.01, 0.02, 0.04, 0.05, 0.06, 0.07)
#: the steps between which a run's rate is measured, in the table of best settings
RATE_WINDOW = (20, 60)
RATE_CHECK_STEPS = 60
KAPPAS = (10, 100, 1000, 10000)
#: "a millionfold": the shrink factor of the κ table and of the second quiz
MILLIONFOLD = 1e-6


def _steps(path: descent.Path) -> int | None:
    return ravines.steps_to_tolerance(path, TOLERANCE)


def _racers(alpha: float) -> dict[str, optimizers.Optimizer]:
    return {
        "plain": optimizers.gradient_descent(alpha),
        "momentum": optimizers.momentum(alpha, BETA),
        "nesterov": optimizers.momentum(alpha, BETA, nesterov=True),
    }


def ravine() -> dict:
    """The ravine's formula, curvatures, condition number and plain gradient descent's largest stable rate."""
    surface = surfaces.get(SURFACE)
    lams = ravines.curvatures(surface)
    return {
        "latex": surface.latex,
        "along": lams[0],
        "across": lams[1],
        "kappa": theory.condition_number(lams),
        "limit": theory.largest_stable_rate(lams),
    }


def zigzag() -> dict:
    """Plain gradient descent at α = 0.07: the factor per step across and along the valley, and the steps it needs."""
    lams = ravines.curvatures(SURFACE)
    along = 1 - STEEP_ALPHA * lams[0]
    path = descent.gradient_descent_path(SURFACE, STEEP_ALPHA, START, 3000)
    return {
        "alpha": STEEP_ALPHA,
        "across": 1 - STEEP_ALPHA * lams[1],
        "along": along,
        "percent_lost": 100 * (1 - along),
        "steps": _steps(path),
    }


def bookkeeping() -> list[dict]:
    """The first three momentum steps on the ravine (α = 0.02, β = 0.9), as the page's code takes them by hand."""
    surface = surfaces.get(SURFACE)
    opt = optimizers.momentum(ALPHA, BETA)
    w = np.array(START)
    v = opt.init(w)
    rows = []
    for k in range(3):
        g = surface.gradient(w)
        step, v = opt.update(g, v)
        w = w + step
        rows.append({"k": k + 1, "gradient": g, "velocity": v, "w": w})
    return rows


def constant_slope(steps: int = 200) -> dict:
    """Momentum's velocity on a constant slope of 1: where it settles, and where the optimizer is after ``steps``."""
    steps = _validate.count(steps, "steps", maximum=100_000)
    opt = optimizers.momentum(ALPHA, BETA)
    v = opt.init(np.zeros(1))
    for _ in range(steps):
        _, v = opt.update(np.ones(1), v)
    return {"beta": BETA, "limit": 1 / (1 - BETA), "steps": steps, "velocity": v[0]}


def race_counts(alphas=ALPHAS) -> list[dict]:
    """Per learning rate, each runner's steps to stay within the tolerance (``None``: diverged); all runs advance together."""
    alphas = _validate.positive_numbers(alphas, "alphas")
    if len(alphas) > 20:
        raise _validate.ArgumentError(f"alphas must hold at most 20 learning rates, got {len(alphas)}")
    return [dict(row) for row in _race_counts(tuple(alphas))]  # the lesson's values and its table both ask: run once


@functools.lru_cache(maxsize=4)
def _race_counts(alphas: tuple[float, ...]) -> tuple[dict, ...]:
    racers = [_racers(alpha) for alpha in alphas]
    paths = iter(descent.run_each(SURFACE, [opt for r in racers for opt in r.values()], START, 5000))
    return tuple({"alpha": alpha, **{name: _steps(next(paths)) for name in r}} for alpha, r in zip(alphas, racers))


def _race_rows(counts: object) -> list[dict]:
    """``counts`` checked to be rows like :func:`race_counts` gives: an alpha and each runner's steps (or None)."""
    if not isinstance(counts, (list, tuple)) or not counts:
        raise _validate.ArgumentTypeError(f"counts must be a non-empty list of rows from race_counts(), got {type(counts).__name__} {counts!r:.60}")
    rows = []
    for i, row in enumerate(counts):
        if not isinstance(row, dict) or not {"alpha", "plain", "momentum", "nesterov"} <= row.keys():
            raise _validate.ArgumentTypeError(f"counts[{i}] must be a dict with alpha, plain, momentum and nesterov, got {row!r:.60}")
        checked = {"alpha": _validate.positive_number(row["alpha"], f"counts[{i}]['alpha']")}
        for name in ("plain", "momentum", "nesterov"):
            value = row[name]
            checked[name] = None if value is None else _validate.count(value, f"counts[{i}][{name!r}]", maximum=None)
        rows.append(checked)
    return rows


def race(counts: list[dict] | None = None) -> dict:
    """The race at α = 0.02, and what the table of learning rates shows about the three runners."""
    counts = race_counts() if counts is None else _race_rows(counts)
    here = next((c for c in counts if c["alpha"] == ALPHA), None)
    if here is None or here["plain"] is None or not here["momentum"]:
        raise _validate.ArgumentError(f"counts must hold a row for alpha = {ALPHA} in which plain and momentum both finish")
    ahead_wins = [c["alpha"] for c in counts
                  if c["nesterov"] is not None and c["momentum"] is not None and c["nesterov"] < c["momentum"]]
    if not ahead_wins or all(c["nesterov"] is not None for c in counts):
        raise _validate.ArgumentError("counts must hold a rate where Nesterov wins and a rate where it diverges (as race_counts() gives)")
    return {
        "alpha": ALPHA, "beta": BETA,
        "plain": here["plain"], "momentum": here["momentum"], "nesterov": here["nesterov"],
        "speedup": here["plain"] / here["momentum"],
        "sqrt_beta": math.sqrt(BETA),
        "nesterov_wins_from": min(ahead_wins),
        "nesterov_wins_to": max(ahead_wins),
        "nesterov_diverges_from": next(c["alpha"] for c in counts if c["nesterov"] is None),
    }


def best_settings() -> dict:
    """Plain gradient descent and the heavy ball at their best fixed settings for the ravine: theory and a real run."""
    lams = ravines.curvatures(SURFACE)
    gd_alpha, gd_rate = ravines.best_gradient_descent(lams)
    hb_alpha, hb_beta, hb_rate = ravines.best_heavy_ball(lams)
    out = {"first": RATE_WINDOW[0], "last": RATE_WINDOW[1]}
    for name, opt, alpha, beta, rate in (
        ("plain", optimizers.gradient_descent(gd_alpha), gd_alpha, None, gd_rate),
        ("heavy", optimizers.momentum(hb_alpha, hb_beta), hb_alpha, hb_beta, hb_rate),
    ):
        path = descent.run(SURFACE, opt, START, 400)
        out[name] = {
            "alpha": alpha, "beta": beta, "rate": rate,
            "measured_rate": ravines.measured_rate(path, *RATE_WINDOW),
            "steps": ravines.predicted_steps(rate, ravines.distances(path)[0], TOLERANCE),
            "measured_steps": _steps(path),
        }
    out["speedup"] = out["plain"]["measured_steps"] / out["heavy"]["measured_steps"]
    return out


def by_condition_number() -> list[dict]:
    """Each best-tuned method's rate and its steps to shrink the distance a millionfold, for κ = 10 to 10,000."""
    rows = []
    for kappa in KAPPAS:
        _, gd = ravines.best_gradient_descent([1, kappa])
        _, _, hb = ravines.best_heavy_ball([1, kappa])
        rows.append({
            "kappa": kappa,
            "plain_rate": gd, "plain_steps": ravines.predicted_steps(gd, 1.0, MILLIONFOLD),
            "heavy_rate": hb, "heavy_steps": ravines.predicted_steps(hb, 1.0, MILLIONFOLD),
        })
    return rows


def quiz() -> dict:
    """The three quizzes: momentum's first step, the rates at κ = 100, and momentum losing at α = 0.07."""
    opt = optimizers.momentum(0.1, BETA)
    first, v = opt.update(np.array([2.0]), opt.init(np.zeros(1)))
    _, gd = ravines.best_gradient_descent([1, 100])
    _, _, hb = ravines.best_heavy_ball([1, 100])
    lams = ravines.curvatures(SURFACE)
    counts = [_steps(descent.run(SURFACE, o, START, 3000))
              for o in (optimizers.gradient_descent(STEEP_ALPHA), optimizers.momentum(STEEP_ALPHA, BETA))]
    return {
        "first_step": {"v1": v[0], "step": first[0], "built_up": first[0] / (1 - BETA), "times_beta": BETA * first[0]},
        "rates": {
            "plain": gd, "heavy": hb, "heavy_squared": hb**2,
            "plain_steps": ravines.predicted_steps(gd, 1.0, MILLIONFOLD),
            "heavy_steps": ravines.predicted_steps(hb, 1.0, MILLIONFOLD),
        },
        "too_much": {
            "alpha": STEEP_ALPHA, "beta": BETA, "plain_steps": counts[0], "momentum_steps": counts[1],
            "rate_plain": ravines.convergence_rate(STEEP_ALPHA, lams),
            "rate_heavy": ravines.convergence_rate(STEEP_ALPHA, lams, BETA),
        },
    }


def hand_steps(opt: optimizers.Optimizer, x0: float = 1.0, steps: int = 3) -> list[dict]:
    """Problems 1 and 2: each step of ``opt`` on $x^2$ from ``x0``, with the position and velocity before and after.

    A run that overflows is an error naming ``opt`` and ``x0`` (its steps are not numbers any more).
    """
    _validate.instance(opt, optimizers.Optimizer, "opt", "an Optimizer (from gdnotes.optimizers)")
    if opt.name not in ("momentum", "Nesterov momentum"):
        raise _validate.ArgumentError(f"opt must be a momentum optimizer (it keeps a velocity), got {opt.name!r}")
    x0 = _validate.finite_number(x0, "x0", largest=1e100)
    steps = _validate.count(steps, "steps", maximum=100_000)
    bowl = surfaces.get("bowl1d")
    x, v, lines = np.array([x0]), opt.init(np.array([x0])), []
    for k in range(steps):
        g = bowl.gradient(x)
        before = v[0]
        step, v = opt.update(g, v)
        lines.append({"k": k + 1, "x_before": x[0], "gradient": g[0], "v_before": before, "v": v[0], "x": (x + step)[0]})
        x = x + step
        if not (np.all(np.isfinite(x)) and np.all(np.isfinite(g))):
            raise _validate.ArgumentError(f"opt diverges on x² from x0 = {x0:g}: it overflows at step {k + 1}")
    return lines


def practice() -> dict:
    """The worked solutions of the four practice problems."""
    heavy = hand_steps(optimizers.momentum(0.1, BETA))
    ahead = hand_steps(optimizers.momentum(0.1, BETA, nesterov=True))
    plain = descent.gradient_descent_path("bowl1d", 0.1, 1.0, 3).positions[1:, 0, 0]

    narrow = (2.0, 200.0)
    gd_alpha, gd_rate = ravines.best_gradient_descent(narrow)
    hb_alpha, hb_beta, hb_rate = ravines.best_heavy_ball(narrow)
    path = descent.run(surfaces.quadratic(list(narrow)), optimizers.momentum(hb_alpha, hb_beta), (1.0, 1.0), 300)
    kappa = narrow[1] / narrow[0]

    lams = ravines.curvatures(SURFACE)
    betas = [round(b, 2) for b in np.arange(0.0, 0.96, 0.01).tolist()]  # 0 to 0.95
    rates = [ravines.convergence_rate(STEEP_ALPHA, lams, b) for b in betas]
    best = betas[int(np.argmin(rates))]

    def momentum_steps(beta: float) -> int | None:
        return _steps(descent.run(SURFACE, optimizers.momentum(STEEP_ALPHA, beta), START, 3000))

    return {
        "one": {"steps": heavy, "plain": plain, "after_three": heavy[-1]["x"]},
        "two": {"steps": ahead, "first_step": 1.0 - ahead[0]["x"], "plain_first_step": 1.0 - plain[0], "heavy_after_three": heavy[-1]["x"]},
        "three": {
            "kappa": kappa, "sqrt_kappa": math.sqrt(kappa),
            "gd_alpha": gd_alpha, "gd_rate": gd_rate, "hb_alpha": hb_alpha, "hb_beta": hb_beta, "hb_rate": hb_rate,
            "measured_rate": ravines.measured_rate(path, 100, 300),
        },
        "four": {
            "best_beta": best, "best_rate": min(rates),
            "rate_at_09": rates[betas.index(BETA)], "rate_at_0": rates[0],
            "steps_best": momentum_steps(best), "steps_09": momentum_steps(BETA),
            "steps_plain": _steps(descent.gradient_descent_path(SURFACE, STEEP_ALPHA, START, 3000)),
        },
    }


def _tenfold(rate: float) -> int | None:
    """Steps for a distance that shrinks by ``rate`` per step to shrink tenfold."""
    return ravines.predicted_steps(rate, 1.0, 0.1)


def rate_map() -> dict:
    """The momentum map's numbers: Polyak's best point, the race's own setting, and the edge of convergence."""
    lams = ravines.curvatures(SURFACE)
    alpha, beta, rate = ravines.best_heavy_ball(lams)
    race_rate = float(theory.heavy_ball_radius(ALPHA, BETA, lams))
    return {
        "best": {"alpha": alpha, "beta": beta, "rate": rate, "tenfold": _tenfold(rate)},
        "race": {"alpha": ALPHA, "beta": BETA, "rate": race_rate, "tenfold": _tenfold(race_rate),
                 "regime": theory.heavy_ball_regime(ALPHA, BETA, lams)},
        # the edge α = 2(1 + β)/λmax: plain gradient descent's limit at β = 0, twice it as β nears 1
        "edge_plain": theory.largest_stable_rate(lams),
        "edge_top": 4 / max(lams),
    }


def values() -> dict:
    counts = race_counts()
    return {
        "ravine": ravine(),
        "zigzag": zigzag(),
        "bookkeeping": bookkeeping(),
        "slope": constant_slope(),
        "race": race(counts),
        "best": best_settings(),
        "quiz": quiz(),
        "practice": practice(),
        "map": rate_map(),
        "challenge": challenge(),
    }


# ------------------------------------------------------------- tables and figures


def zigzag_figure() -> str:
    """Plain gradient descent ping-ponging across the ravine at α = 0.07."""
    return ravine_figures.zigzag(STEEP_ALPHA, START, ZIGZAG_STEPS)


def race_figure() -> str:
    """The three runners' paths and distances at α = 0.02, β = 0.9."""
    return ravine_figures.race(ALPHA, BETA, START, RACE_STEPS, TOLERANCE)


def race_table() -> str:
    """Each runner's steps for several learning rates (a dash: diverged), with momentum's rate per step."""
    lams = ravines.curvatures(SURFACE)
    rows = [
        [c["alpha"], c["plain"], c["momentum"], "—" if c["nesterov"] is None else c["nesterov"],
         ravines.convergence_rate(c["alpha"], lams, BETA)]
        for c in race_counts()
    ]
    beta = f"(β = {tables.number(BETA)})"
    return tables.markdown_table(["α", "plain", f"momentum {beta}", f"Nesterov {beta}", "momentum's rate per step"], rows)


def best_settings_table() -> str:
    """Theory against a real run for the best fixed settings of plain gradient descent and the heavy ball."""
    best = best_settings()
    rows = [
        [label, r["alpha"], "—" if r["beta"] is None else r["beta"], r["rate"], r["measured_rate"], r["steps"], r["measured_steps"]]
        for label, r in (("plain gradient descent", best["plain"]), ("heavy ball", best["heavy"]))
    ]
    return tables.markdown_table(
        ["best setting of", "α", "β", "rate", "measured rate", "steps", "measured steps"], rows, align="lrrrrrr",
    )


def rate_check_figure() -> str:
    """The two best-tuned runs' distances against their predicted rates."""
    return ravine_figures.rate_check(START, RATE_CHECK_STEPS)


def condition_number_table() -> str:
    """Rates and steps for a millionfold shrink, by condition number."""
    rows = [[r["kappa"], r["plain_rate"], r["plain_steps"], r["heavy_rate"], r["heavy_steps"]] for r in by_condition_number()]
    return tables.markdown_table(["κ", "plain: rate", "plain: steps", "heavy ball: rate", "heavy ball: steps"], rows)


def challenge() -> dict:
    """The bounds of this lesson's try-it challenge (:mod:`gdnotes.challenges`), for the prose."""
    from .. import challenges

    return dict(challenges.CHALLENGES["momentum"].values)
