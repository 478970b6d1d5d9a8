"""Lesson 9, beyond plain gradient descent: the values its prose names as ``{{ beyond.* }}``, and its tables.

The lesson has three parts. Mini-batches and schedules work on the
standardised petal data of lesson 8, from $(w, b) = (0, 0)$ with
$\\alpha = 0.1$. The optimizer family races on the ravine of lesson 7 from
$(-9, 2)$ and on the Rosenbrock valley from $(-1.2, 1)$, each optimizer
with its own learning rate. The constants below are the settings that the
page's visible code uses too (tests/test_lesson_beyond.py runs that code
and checks that it agrees with this module).

>>> STEPS_TOLERANCE
0.0001
>>> [o.name for o in family(RAVINE.rates)][:3]
['gradient descent', 'momentum', 'Nesterov momentum']
"""

from __future__ import annotations

import functools
from typing import NamedTuple

import numpy as np
import sympy as sp

from .. import _validate, descent, optimizers, regression, schedules, stochastic, surfaces, tables, theory
from ..figures import comparison

#: where the gradient estimates are taken and the mini-batch runs start
ORIGIN = (0.0, 0.0)
#: batch sizes of the gradient-spread table (the whole data set is added as the last row)
SPREAD_BATCHES = (1, 4, 16, 64)
#: random batches drawn for each batch size
SPREAD_SAMPLES = 2000
#: the learning rate of the mini-batch runs and the start of every schedule
RATE = 0.1
#: "three runs with the same budget": passes through the data, and the batch size of each run (None: all)
BUDGET_EPOCHS = 5
BUDGET_RUNS = {"full batch": None, "mini-batches of 10": 10, "one example at a time": 1}
#: a race counts a run as done from the step where its loss stays below this for good
STEPS_TOLERANCE = 1e-4


class Race(NamedTuple):
    """One race of the lesson: the surface, the start, the number of steps, each optimizer's rate."""

    surface: str
    start: tuple[float, float]
    steps: int
    rates: tuple[float, ...]


#: the learning rates in the order of :func:`family`
RAVINE = Race("ravine", (-9.0, 2.0), 200, (0.07, 0.02, 0.05, 2.0, 0.1, 0.3))
ROSENBROCK = Race("rosenbrock", (-1.2, 1.0), 1000, (0.002, 0.002, 0.001, 1.0, 0.01, 0.2))
#: the names the prose uses for the six racers, in the order of :func:`family`
RACER_KEYS = ("gradient_descent", "momentum", "nesterov", "adagrad", "rmsprop", "adam")
#: where the Rosenbrock valley's curvatures are measured: its minimum
ROSENBROCK_MINIMUM = (1.0, 1.0)

#: the schedules: mini-batches of 10 for 20 passes, the median over 5 seeds
SCHEDULE_BATCH = 10
SCHEDULE_EPOCHS = 20
SCHEDULE_SEEDS = 5

#: the quiz on unbiased estimates: batches of this many flowers
QUIZ_BATCH = 10
#: the quiz on a steady gradient: AdaGrad's rate and how many steps it takes
STEADY_RATE = 0.1
STEADY_STEPS = 100
#: practice problem 1: RMSProp's first step
PROBLEM1_RATE = 0.1
#: practice problem 2: counting updates
PROBLEM2_BATCH, PROBLEM2_EPOCHS = 16, 5
#: practice problem 3: a cosine schedule
PROBLEM3_RATE, PROBLEM3_STEPS = 0.1, 300
PROBLEM3_AT = (0, 75, 150, 225, 300)

_SYMBOLS = {"beta": "β", "beta1": "β₁", "beta2": "β₂", "rho": "ρ", "eps": "ε"}


def _pair(vector, names: tuple[str, str] = ("x", "y")) -> dict:
    return dict(zip(names, (float(v) for v in vector)))


# ------------------------------------------------------------ mini-batches


@functools.cache
def petals() -> tuple[np.ndarray, np.ndarray]:
    """The standardised feature and the targets of lesson 8's petal data."""
    data = regression.petals()
    z, _ = regression.standardize(data.x)
    return z, data.y


def best_cost() -> float:
    """The least-squares minimum of the cost."""
    z, y = petals()
    return float(regression.cost(regression.least_squares(z, y), z, y))


def spread() -> dict:
    """The exact gradient at the origin, and for each batch size the average and typical error of the estimates."""
    z, y = petals()
    rows = []
    for size in (*SPREAD_BATCHES, z.size):
        mean, error = stochastic.gradient_spread(z, y, ORIGIN, size, samples=SPREAD_SAMPLES, seed=0)
        error = float(np.round(error, 12)) + 0.0  # a batch of everything has no error at all
        rows.append({"batch": size, "average": _pair(mean, ("w", "b")), "error": error, "scaled_error": error * np.sqrt(size)})
    return {"exact": _pair(regression.gradient(ORIGIN, z, y), ("w", "b")), "samples": SPREAD_SAMPLES, "rows": rows}


def spread_table() -> str:
    """The table of mini-batch gradient estimates at the origin."""
    rows = [[r["batch"], f"({tables.number(r['average']['w'])}, {tables.number(r['average']['b'])})", r["error"], r["scaled_error"]]
            for r in spread()["rows"]]
    return tables.markdown_table(["batch size", "average of the estimates", "typical error", "error × √(batch size)"], rows)


@functools.cache
def budget_runs() -> dict[str, stochastic.StochasticPath]:
    """The three runs with the same budget, by label."""
    z, y = petals()
    return {label: stochastic.minibatch_descent(z, y, RATE, size or z.size, epochs=BUDGET_EPOCHS, start=ORIGIN, seed=0)
            for label, size in BUDGET_RUNS.items()}


def budget() -> dict:
    """Each run's updates and how far above the minimum it ends; the single-example run's best in its first pass."""
    best = best_cost()
    result = {}
    for key, (label, run) in zip(("full_batch", "batches_of_10", "one_at_a_time"), budget_runs().items()):
        first_pass = run.costs[: int(np.argmax(run.epochs >= 1)) + 1] - best
        result[key] = {"label": label, "batch": run.batch_size, "updates": run.updates,
                       "excess": run.costs[-1] - best, "lowest_in_first_pass": first_pass.min()}
    return result


def budget_table() -> str:
    """The three runs: batch size, updates, and cost above the minimum at the end."""
    rows = [[r["label"], r["batch"], r["updates"], r["excess"]] for r in budget().values()]
    return tables.markdown_table(["run", "batch size", "updates", "cost above the minimum at the end"], rows, align="lrrr")


# ------------------------------------------------------------ the optimizer family


def momentum_speedup() -> dict:
    """Momentum's default $\\beta$ and the factor $1 / (1 - \\beta)$ a steady gradient's velocity tends to."""
    beta = optimizers.momentum(RATE).hyperparameters["beta"]
    return {"beta": beta, "speedup": 1 / (1 - beta)}


def family(rates) -> list[optimizers.Optimizer]:
    """The six optimizers of the lesson, in its order, with these learning rates."""
    rates = _validate.positive_numbers(rates, "rates")
    if len(rates) != len(RACER_KEYS):
        raise _validate.ArgumentError(f"rates must hold {len(RACER_KEYS)} learning rates (one per optimizer), got {len(rates)}")
    gd, mom, nesterov, adagrad, rmsprop, adam = rates
    return [optimizers.gradient_descent(gd), optimizers.momentum(mom), optimizers.momentum(nesterov, nesterov=True),
            optimizers.adagrad(adagrad), optimizers.rmsprop(rmsprop), optimizers.adam(adam)]


def defaults_table() -> str:
    """Each optimizer's default settings besides the learning rate."""
    rows = []
    for o in family([RATE] * 6):
        settings = [f"{_SYMBOLS.get(k, k)} = {tables.number(v)}" for k, v in o.hyperparameters.items() if k != "learning_rate"]
        rows.append([o.name, ", ".join(settings) or "none"])
    return tables.markdown_table(["optimizer", "defaults besides α"], rows, align="ll")


# ------------------------------------------------------------ the race


def curvatures(surface: surfaces.Surface, point) -> list[float]:
    """The eigenvalues of the surface's Hessian at ``point``, smallest first."""
    surface = surfaces.resolve(surface)
    point = _validate.points(point, surface.dim, "point")
    if point.shape[0] != 1:
        raise _validate.ArgumentError(f"point must be one point of {surface.dim} coordinates, got {point.shape[0]} points")
    hessian = np.array(sp.hessian(surface.expression, surface.variables).subs(dict(zip(surface.variables, point[0]))), dtype=float)
    if not np.all(np.isfinite(hessian)):
        raise _validate.ArgumentError(f"point must be where the Hessian of {surface.name!r} is finite, got {tuple(point[0])}")
    return sorted(float(v) for v in np.linalg.eigvalsh(hessian))


def _race_setup(name: object) -> Race:
    """The race called ``name`` (``"ravine"`` or ``"rosenbrock"``), or an error naming ``name``."""
    races = {"ravine": RAVINE, "rosenbrock": ROSENBROCK}
    if not isinstance(name, str):
        raise _validate.ArgumentTypeError(f"name must be 'ravine' or 'rosenbrock', got {type(name).__name__} {name!r:.60}")
    if name not in races:
        raise _validate.ArgumentError(f"name must be 'ravine' or 'rosenbrock', got {name!r:.60}")
    return races[name]


@functools.cache
def race(name: str) -> list[comparison.Racer]:
    """The race on ``"ravine"`` or ``"rosenbrock"``."""
    setup = _race_setup(name)
    return comparison.race(setup.surface, family(setup.rates), start=setup.start, steps=setup.steps, tolerance=STEPS_TOLERANCE)


def race_table(name: str) -> str:
    """Each racer's rate, steps to the tolerance and final loss."""
    _race_setup(name)
    rows = [[r.optimizer.name, r.optimizer.hyperparameters["learning_rate"],
             r.steps_to_tolerance if r.steps_to_tolerance is not None else "not within the budget", r.final_loss]
            for r in race(name)]
    return tables.markdown_table(["optimizer", "α", "steps to loss < 10⁻⁴ for good", "loss at the end"], rows, align="lrrr")


def race_results(name: str) -> dict:
    """A surface of the race: its formula, curvatures, condition number and each racer's result by :data:`RACER_KEYS`."""
    setup = _race_setup(name)
    surface = surfaces.get(setup.surface)
    flat, steep = curvatures(surface, (0.0, 0.0) if name == "ravine" else ROSENBROCK_MINIMUM)
    result = {"latex": surface.latex, "flat": flat, "steep": steep, "condition": theory.condition_number([flat, steep]),
              "largest_stable_rate": theory.largest_stable_rate([flat, steep]), "steps": setup.steps}
    for key, racer in zip(RACER_KEYS, race(name)):
        result[key] = {"name": racer.optimizer.name, "alpha": racer.optimizer.hyperparameters["learning_rate"],
                       "steps": racer.steps_to_tolerance, "final_loss": racer.final_loss, "steps_run": racer.path.steps}
    finished = [r for r in race(name) if r.steps_to_tolerance is not None]
    fastest = min(finished, key=lambda r: r.steps_to_tolerance) if finished else None
    result["fastest"] = {"name": fastest.optimizer.name, "steps": fastest.steps_to_tolerance} if fastest else None
    return result


#: how long the run at the edge of the Rosenbrock valley is followed past the race
EDGE_STEPS = 30_000


@functools.cache
def _edge_run():
    setup = ROSENBROCK
    return descent.run(setup.surface, optimizers.gradient_descent(setup.rates[0]), setup.start, EDGE_STEPS)


def rosenbrock_edge() -> dict:
    """Plain gradient descent's rate on the Rosenbrock valley against the limit ``2 / lambda_max`` at its minimum.

    ``product`` is ``alpha * lambda_max`` and ``factor`` the steep direction's
    multiplier ``1 - alpha * lambda_max`` there (below -1: just past the edge);
    the long run of :data:`EDGE_STEPS` steps shows what that does: the loss
    falls to ``closest_loss`` at ``closest_step``, then the run is thrown into
    a bounce between two points (``bounces``) with loss ``end_loss``.
    """
    setup = ROSENBROCK
    alpha = setup.rates[0]
    flat, steep = curvatures(surfaces.get(setup.surface), ROSENBROCK_MINIMUM)
    limit = theory.largest_stable_rate([flat, steep])
    run = _edge_run()
    losses, positions = run.losses[:, 0], run.positions[:, 0]
    closest = int(np.argmin(losses))
    hop, back = np.max(np.abs(positions[-1] - positions[-2])), np.max(np.abs(positions[-1] - positions[-3]))
    bounces = bool(back < 1e-3 * hop)  # every second step returns to (almost) the same point
    return {
        "alpha": alpha, "limit": limit, "above": alpha > limit, "percent_over": 100 * (alpha / limit - 1),
        "product": alpha * steep, "factor": 1 - alpha * steep, "growth_percent": 100 * (abs(1 - alpha * steep) - 1),
        "steps": EDGE_STEPS, "closest_step": closest, "closest_loss": losses[closest],
        "end_loss": losses[-1], "bounces": bounces, "diverged": bool(run.diverged[0]),
        # where the race's 1000 steps end, the steep curvature is still below 2 / alpha: no bounce there yet
        "race_end_steep": curvatures(surfaces.get(setup.surface), tuple(positions[setup.steps]))[1],
    }


def tilted_ravine() -> surfaces.Surface:
    """The ravine turned by 45 degrees, as the page's code builds it."""
    ravine = surfaces.get("ravine")
    x_, y_ = ravine.variables
    along, across = (x_ + y_) / sp.sqrt(2), (y_ - x_) / sp.sqrt(2)
    return surfaces.Surface("tilted", "The tilted ravine", (along**2 + 25 * across**2) / 2,
                            (x_, y_), ((-10.0, 10.0), (-10.0, 10.0)), ((0.0, 0.0),))


@functools.cache
def tilted_race() -> list[comparison.Racer]:
    """The ravine's racers, with the same rates, on the tilted ravine from the same point relative to the valley."""
    (x0, y0) = RAVINE.start
    start = ((x0 - y0) / np.sqrt(2), (x0 + y0) / np.sqrt(2))
    return comparison.race(tilted_ravine(), family(RAVINE.rates), start=start, steps=RAVINE.steps, tolerance=STEPS_TOLERANCE)


def tilted() -> dict:
    """Which racers need exactly as many steps on the tilted ravine (as a list in words), and each one's steps."""
    pairs = list(zip(race("ravine"), tilted_race()))
    same = [a.optimizer.name for a, b in pairs if a.steps_to_tolerance == b.steps_to_tolerance]
    steps = {key: {"straight": a.steps_to_tolerance, "tilted": b.steps_to_tolerance} for key, (a, b) in zip(RACER_KEYS, pairs)}
    return {"unchanged": ", ".join(same), "unchanged_names": same, **steps}


def tilted_table() -> str:
    """Steps on the straight and the tilted ravine, per optimizer."""
    rows = [[a.optimizer.name, a.steps_to_tolerance, b.steps_to_tolerance] for a, b in zip(race("ravine"), tilted_race())]
    return tables.markdown_table(["optimizer", "steps, straight ravine", "steps, tilted ravine"], rows, align="lrr")


# ------------------------------------------------------------ schedules


def schedule_steps() -> int:
    """Updates in the schedule runs: the passes times the batches per pass."""
    z, _ = petals()
    return SCHEDULE_EPOCHS * int(np.ceil(z.size / SCHEDULE_BATCH))


def schedule_plans() -> dict[str, schedules.Schedule]:
    """The four schedules of the lesson, by label."""
    total = schedule_steps()
    return {
        "constant": schedules.constant(RATE),
        "step decay": schedules.step_decay(RATE, factor=0.5, every=60),
        "exponential": schedules.exponential(RATE, decay=0.01 ** (1 / total)),
        "cosine": schedules.cosine(RATE, total_steps=total),
    }


@functools.cache
def schedule_results() -> dict[str, float]:
    """For each schedule, the median over the seeds of how far above the minimum the run ends."""
    z, y = petals()
    best = best_cost()
    return {label: float(np.median([stochastic.minibatch_descent(z, y, plan, batch_size=SCHEDULE_BATCH, epochs=SCHEDULE_EPOCHS,
                                                                   seed=s).costs[-1] - best for s in range(SCHEDULE_SEEDS)]))
            for label, plan in schedule_plans().items()}


def schedule_table() -> str:
    """Each schedule's rate at the start, the middle and the end, and where its runs end."""
    total = schedule_steps()
    rows = [[label, plan(0), plan(total // 2), plan(total - 1), schedule_results()[label]] for label, plan in schedule_plans().items()]
    headers = ["schedule", "α at step 0", f"α at step {total // 2}", f"α at step {total - 1}",
               f"cost above the minimum at the end (median of {SCHEDULE_SEEDS} seeds)"]
    return tables.markdown_table(headers, rows, align="lrrrr")


def schedule_summary() -> dict:
    """How many times closer to the minimum than the constant rate even the worst decaying schedule ends."""
    ends = schedule_results()
    decaying = [v for label, v in ends.items() if label != "constant"]
    return {"steps": schedule_steps(), "ends": ends, "closer": ends["constant"] / max(decaying)}


# ------------------------------------------------------------ quiz and problems


def unbiased() -> dict:
    """The quiz on unbiased estimates: the average of many batches of :data:`QUIZ_BATCH` against the exact gradient."""
    z, y = petals()
    mean, _ = stochastic.gradient_spread(z, y, ORIGIN, QUIZ_BATCH, samples=SPREAD_SAMPLES, seed=0)
    return {"batch": QUIZ_BATCH, "fraction": z.size // QUIZ_BATCH, "samples": SPREAD_SAMPLES,
            "average": _pair(mean, ("w", "b")), "exact": _pair(regression.gradient(ORIGIN, z, y), ("w", "b"))}


def adam_first() -> dict:
    """The quiz on Adam's first step on the ravine (at the race's rate), against two wrong answers."""
    alpha = RAVINE.rates[RACER_KEYS.index("adam")]
    start = np.array(RAVINE.start)
    g0 = surfaces.get("ravine").gradient(start)
    adam = optimizers.adam(alpha)
    step, _ = adam.update(g0, adam.init(start))
    return {"alpha": alpha, "start": _pair(start), "gradient": _pair(g0), "step": _pair(step),
            "plain_step": _pair(-alpha * g0), "rescaled_step": _pair(-alpha * g0 / np.linalg.norm(g0))}


def adagrad_steady_sizes() -> list[float]:
    """AdaGrad's step sizes, one per step, for a steady gradient of size 1 (:data:`STEADY_STEPS` steps)."""
    adagrad, steady = optimizers.adagrad(STEADY_RATE), np.array([1.0])
    state, sizes = adagrad.init(steady), []
    for _ in range(STEADY_STEPS):
        step, state = adagrad.update(steady, state)
        sizes.append(abs(float(step[0])))
    return sizes


def adagrad_steady() -> dict:
    """The quiz on shrinking steps: AdaGrad's first, fourth and hundredth step for a steady gradient of size 1."""
    sizes = adagrad_steady_sizes()
    return {"alpha": STEADY_RATE, "step_1": sizes[0], "step_4": sizes[3], "step_100": sizes[99]}


def problem1() -> dict:
    """RMSProp's first step from the ravine's start."""
    rms = optimizers.rmsprop(PROBLEM1_RATE)
    start = np.array(RAVINE.start)
    g0 = surfaces.get("ravine").gradient(start)
    step, _ = rms.update(g0, rms.init(start))
    return {"alpha": PROBLEM1_RATE, "rho": rms.hyperparameters["rho"], "gradient": _pair(g0), "step": _pair(step)}


def problem2() -> dict:
    """Counting the updates of mini-batches of :data:`PROBLEM2_BATCH` over :data:`PROBLEM2_EPOCHS` epochs, by hand and by the package."""
    z, y = petals()
    counted = stochastic.minibatch_descent(z, y, RATE, batch_size=PROBLEM2_BATCH, epochs=PROBLEM2_EPOCHS)
    per_epoch = counted.updates // PROBLEM2_EPOCHS
    return {"flowers": z.size, "batch": PROBLEM2_BATCH, "epochs": PROBLEM2_EPOCHS, "full_batches": per_epoch - 1,
            "last_batch": z.size - (per_epoch - 1) * PROBLEM2_BATCH, "per_epoch": per_epoch,
            "updates": counted.updates, "epoch_counter": counted.epochs[per_epoch]}


def problem3() -> dict:
    """The cosine schedule at a few steps: the cosines, and the rates."""
    plan = schedules.cosine(PROBLEM3_RATE, total_steps=PROBLEM3_STEPS)
    cosines = [round(float(np.cos(np.pi * k / PROBLEM3_STEPS)), 12) + 0.0 for k in PROBLEM3_AT]
    return {"at": list(PROBLEM3_AT), "cosines": cosines, "rates": [float(plan(k)) for k in PROBLEM3_AT]}


def values() -> dict:
    return {
        "spread": spread(), "budget": budget(), "momentum": momentum_speedup(),
        "ravine": race_results("ravine"), "rosenbrock": race_results("rosenbrock"), "edge": rosenbrock_edge(),
        "tilted": tilted(),
        "schedules": schedule_summary(),
        "unbiased": unbiased(), "adam_first": adam_first(), "adagrad_steady": adagrad_steady(),
        "problem1": problem1(), "problem2": problem2(), "problem3": problem3(),
    }
