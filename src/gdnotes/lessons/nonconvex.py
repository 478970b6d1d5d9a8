"""Lesson 6, when the landscape fights back: the values its prose names as ``{{ nonconvex.* }}``.

Three examples, each with the functions that compute what its sentences say:

* the saddle $x^2 - y^2$ with $\\alpha = 0.1$, from a start on the stable
  axis and from starts nudged off it (:func:`saddle`, :func:`nudges`,
  :func:`plateau`);
* the 1-D double well $x^4/4 - x^2 + 0.3x$, with runs from four starts at
  four learning rates (:func:`well`, :func:`well_runs`);
* the tilted Himmelblau surface, its basin map and the committed timing of
  the single call against a Python loop (:func:`hills`, :func:`basin_shares`,
  :func:`timings`);

then the quizzes and the worked solutions of the practice problems. The
functions ending in ``_table`` give the Markdown of a table on the page.

>>> saddle()["escape_step"] == saddle()["predicted_escape"]
True
"""

from __future__ import annotations

import math
from functools import cache

import numpy as np
import sympy as sp

from .. import _validate, basins, descent, optimizers, surfaces, tables, theory
from ..figures import nonconvex as figures
from ..implementations import format_seconds

# --- the saddle x**2 - y**2
SADDLE_ALPHA = 0.1
#: the two runs of the first table: exactly on the stable x axis, and nudged off it by a millionth
SADDLE_STARTS = ((1.5, 0.0), (1.5, 1e-6))
SADDLE_STEPS = 90
#: the steps the first table shows
SADDLE_ROWS = (0, 10, 30, 50, 70, 90)
#: the nudges in y of the second table, each a run from x = 1.5
NUDGES = (1e-2, 1e-4, 1e-6, 1e-9, 1e-12)
NUDGE_STEPS = 200
#: "a tiny gradient": the stopping rule's threshold, and what counts as the plateau
THRESHOLD = 1e-2
#: |y| past this has escaped the saddle
ESCAPED = 1.0

# --- the double well
WELL_ALPHAS = (0.05, 0.3, 0.4, 0.45)
WELL_STARTS = (-2.2, 0.0, 0.3, 2.3)
WELL_STEPS = 500
#: a run "ends in" a minimum when its final position is this close to it
WELL_TOLERANCE = 1e-6

# --- the tilted Himmelblau surface
HILLS_ALPHA = 0.05
HILLS_STEPS = 200
#: the four marbles of the first table (and the sample paths on the basin map)
SAMPLE_STARTS = ((0.3, -4.5), (-0.5, 4.5), (0.0, 0.0), (4.5, 0.2))
BASIN_RESOLUTION = 100

# --- the quizzes and practice problems
QUIZ_SADDLE_START = (2.0, 0.0)
QUIZ_SADDLE_STEPS = 100
QUIZ_JUMP_START = 2.3
QUIZ_JUMP_ALPHA = 0.3
BY_HAND_START = (1.0, 0.01)
BY_HAND_STEPS = 40
CYCLE_ALPHA = 0.5
CYCLE_START = -1.3
CYCLE_STEPS = 400
FIRST_STEP_START = (0.0, 0.0)


# ----------------------------------------------------------------- the saddle


def growth_factor(learning_rate: float = SADDLE_ALPHA) -> float:
    """What each step multiplies ``y`` by on ``x**2 - y**2``: ``1 + 2 * learning_rate`` (the curvature along y is -2)."""
    learning_rate = _validate.positive_number(learning_rate, "learning_rate")
    return 1 + 2 * learning_rate


def steps_to_escape(nudge: float, learning_rate: float = SADDLE_ALPHA) -> int:
    """The first ``k`` with ``growth_factor**k * nudge > 1``: when ``|y|`` passes 1 by the formula (0 if ``nudge`` is past it)."""
    nudge = _validate.positive_number(nudge, "nudge")
    growth = growth_factor(learning_rate)
    if nudge >= ESCAPED:
        return 0
    per_step = math.log(growth) if growth > 1.0 else math.log1p(2 * learning_rate)  # a rate so small 1 + 2 rate rounds to 1
    return math.ceil(math.log(ESCAPED / nudge) / per_step)


@cache
def saddle_path() -> descent.Path:
    """The two runs of the first table (the page's code makes the same ones)."""
    return descent.gradient_descent_path("saddle", SADDLE_ALPHA, [list(s) for s in SADDLE_STARTS], SADDLE_STEPS)


def _saddle_runs(path: object) -> descent.Path:
    """``path`` checked to be like :func:`saddle_path`: two runs on a 2-D surface, long enough for the table, not diverged."""
    _validate.instance(path, descent.Path, "path", "a descent.Path (as saddle_path() gives)")
    if path.positions.ndim != 3 or path.positions.shape[1] < 2 or path.positions.shape[2] != 2:
        raise _validate.ArgumentError(f"path must hold two runs on a 2-D surface, got positions of shape {path.positions.shape}")
    if path.steps < max(SADDLE_ROWS):
        raise _validate.ArgumentError(f"path must run for at least {max(SADDLE_ROWS)} steps, got {path.steps}")
    if np.any(path.diverged_at >= 0) or not (np.all(np.isfinite(path.positions)) and np.all(np.isfinite(path.losses))):
        raise _validate.ArgumentError("path must not have diverged (its table would hold no numbers)")
    return path


def saddle_table(path: descent.Path | None = None) -> str:
    """The first table: ``x`` (the same in both runs), the nudged run's ``y`` and both losses at a few steps."""
    path = saddle_path() if path is None else _saddle_runs(path)
    rows = [[k, path.positions[k, 0, 0], path.positions[k, 1, 1], path.losses[k, 0], path.losses[k, 1]] for k in SADDLE_ROWS]
    return tables.markdown_table(["step k", "x", "y (nudged)", "loss (on the axis)", "loss (nudged)"], rows)


def saddle() -> dict:
    """Where the two runs end, and when the nudged one escapes, by the formula and by the run."""
    path = saddle_path()
    nudge = SADDLE_STARTS[1][1]
    return {
        "alpha": SADDLE_ALPHA, "steps": path.steps, "growth": growth_factor(),
        "gradient_end": float(np.linalg.norm(path.gradients[-1, 0])),
        "loss_end_axis": path.losses[-1, 0], "loss_end_nudged": path.losses[-1, 1],
        "predicted_escape": steps_to_escape(nudge),
        "escape_step": figures.escape_step(path.trajectory(1), ESCAPED),
    }


@cache
def nudge_runs() -> list[dict]:
    """One run from ``x = 1.5`` per nudge, all in one call: its steps below the threshold and its escape step."""
    many = descent.gradient_descent_path("saddle", SADDLE_ALPHA, [[SADDLE_STARTS[0][0], e] for e in NUDGES], NUDGE_STEPS)
    norms = np.linalg.norm(many.gradients, axis=2)
    return [
        {"nudge": e, "stalled": int(np.sum(norms[:, i] < THRESHOLD)), "escape_step": figures.escape_step(many.trajectory(i), ESCAPED)}
        for i, e in enumerate(NUDGES)
    ]


def nudges_table() -> str:
    """The second table: for each nudge, the steps spent with a tiny gradient and the escape step."""
    rows = [[run["nudge"], run["stalled"], run["escape_step"]] for run in nudge_runs()]
    headers = ["nudge in y", f"steps with a gradient below {tables.number(THRESHOLD)}", "step where the size of y passes 1"]
    return tables.markdown_table(headers, rows)


def nudges() -> dict:
    """The extra steps each factor of 1,000 in the nudge costs."""
    return {"growth": growth_factor(), "steps_per_factor": math.log(1000) / math.log(growth_factor())}


def plateau() -> dict:
    """The nudged run's stretch with a gradient below the threshold, and where the stopping rule would stop it."""
    path = saddle_path()
    norm = np.linalg.norm(path.gradients[:, 1], axis=1)
    flat = np.nonzero(norm < THRESHOLD)[0]
    first, last = int(flat[0]), int(flat[-1])
    return {
        "threshold": THRESHOLD, "first": first, "last": last, "length": last - first + 1,
        "largest_change": np.abs(np.diff(path.losses[:, 1]))[first:last].max(),
        "steps": path.steps, "loss_end": path.losses[-1, 1],
        "stop_x": path.positions[first, 1, 0], "stop_y": path.positions[first, 1, 1], "stop_loss": path.losses[first, 1],
    }


# ----------------------------------------------------------------- the double well


def _curvature(surface: surfaces.Surface):
    """``f''`` of a 1-D surface, as a function of ``x``."""
    (x,) = surface.variables
    return sp.lambdify(x, sp.diff(surface.expression, x, 2))


def well() -> dict:
    """The double well's formula, its three flat points, and how sharp each minimum is."""
    surface = surfaces.get("double_well")
    (deep,), (shallow,) = surface.minima
    (x,) = surface.variables
    hump = sorted(float(r) for r in sp.Poly(surface.gradient_expressions[0], x).nroots())[1]
    bend = _curvature(surface)
    return {
        "latex": surface.latex, "gradient_latex": surface.gradient_latex[0],
        "deep": deep, "deep_loss": surface.value(deep), "shallow": shallow, "shallow_loss": surface.value(shallow),
        "hump": hump,
        "deep_curvature": bend(deep), "shallow_curvature": bend(shallow),
        "deep_limit": theory.largest_stable_rate(bend(deep)), "shallow_limit": theory.largest_stable_rate(bend(shallow)),
    }


@cache
def well_runs() -> list[dict]:
    """One run of :data:`WELL_STEPS` steps per learning rate and start: where it ends, in words and numbers."""
    surface = surfaces.get("double_well")
    runs = []
    for alpha in WELL_ALPHAS:
        finals = basins.final_positions(surface, optimizers.gradient_descent(alpha), list(WELL_STARTS), WELL_STEPS)
        labels = basins.nearest_minimum(surface, finals, WELL_TOLERANCE)
        for start, (final,), label in zip(WELL_STARTS, finals, labels):
            runs.append({"start": start, "alpha": alpha, "ends": basins.label_name(surface, label), "final": final, "loss": surface.value(final)})
    return runs


def well_table() -> str:
    """The double-well table: one row per run."""
    rows = [[run["start"], run["alpha"], run["ends"], run["final"], run["loss"]] for run in well_runs()]
    return tables.markdown_table(["start x₀", "α", "ends in", "final x", "final f(x)"], rows, align="rrlrr")


def ends_in(start: float, alpha: float) -> str:
    """Where the table's run from ``start`` with ``alpha`` ends (``"global minimum"``, ...)."""
    start, alpha = _validate.finite_number(start, "start"), _validate.finite_number(alpha, "alpha")
    for run in well_runs():
        if run["start"] == start and run["alpha"] == alpha:
            return run["ends"]
    raise _validate.ArgumentError(f"start and alpha must name a run of the table (start in {WELL_STARTS}, alpha in {WELL_ALPHAS}),"
                                  f" got start {start} with alpha {alpha}")


# ----------------------------------------------------------------- the tilted Himmelblau surface


@cache
def basin_map() -> basins.BasinMap:
    """The basin map of the page (the page's code makes the same one)."""
    return basins.basin_map("tilted_himmelblau", optimizers.gradient_descent(HILLS_ALPHA), resolution=BASIN_RESOLUTION, steps=HILLS_STEPS)


def hills() -> dict:
    """The surface's formula and the depths of its deepest and shallowest minima."""
    surface = surfaces.get("tilted_himmelblau")
    deepest, shallowest = surface.value(surface.minima[0]), surface.value(surface.minima[-1])
    return {"latex": surface.latex, "deepest_loss": deepest, "shallowest_loss": shallowest, "depth_range": shallowest - deepest}


def minima_table() -> str:
    """The four minima, deepest first."""
    surface = surfaces.get("tilted_himmelblau")
    rows = [[i + 1, m[0], m[1], surface.value(m)] for i, m in enumerate(surface.minima)]
    return tables.markdown_table(["minimum", "x", "y", "loss"], rows, digits=3)


def marbles_table() -> str:
    """Four marbles from :data:`SAMPLE_STARTS`: where each ends and in which minimum."""
    surface = surfaces.get("tilted_himmelblau")
    path = descent.gradient_descent_path(surface, HILLS_ALPHA, [list(s) for s in SAMPLE_STARTS], HILLS_STEPS)
    labels = basins.nearest_minimum(surface, path.final)
    n = tables.number
    rows = [
        [f"({n(a)}, {n(b)})", f"({n(c, 3)}, {n(d, 3)})", int(label) + 1, surface.value(path.final[i])]
        for i, ((a, b), (c, d), label) in enumerate(zip(SAMPLE_STARTS, path.final, labels))
    ]
    return tables.markdown_table(["start", "ends at", "minimum", "loss"], rows, digits=3)


def shares_table(bmap: basins.BasinMap | None = None) -> str:
    """How many starts of the basin map end in each minimum."""
    bmap = basin_map() if bmap is None else _validate.instance(bmap, basins.BasinMap, "bmap", "a basins.BasinMap")
    shares, counts = bmap.shares(), bmap.counts()
    rows = [[i + 1, bmap.surface.value(m), counts[i], f"{tables.number(100 * shares[i], 3)}%"] for i, m in enumerate(bmap.surface.minima)]
    return tables.markdown_table(["minimum", "loss", "starts ending there", "share"], rows, digits=3)


def basin_shares() -> dict:
    """The basin map's size, how many starts settled nowhere, and which minimum has the biggest basin."""
    bmap = basin_map()
    shares, counts = bmap.shares(), bmap.counts()
    biggest = max(range(len(bmap.surface.minima)), key=lambda i: shares[i])
    return {
        "starts": bmap.starts, "steps": bmap.steps, "tolerance": bmap.tolerance,
        "unsettled": counts[basins.UNSETTLED] + counts[basins.DIVERGED],
        "biggest": biggest + 1, "biggest_percent": 100 * shares[biggest],
        "deepest_percent": 100 * shares[0],
        "percents": [100 * shares[i] for i in range(len(bmap.surface.minima))],
    }


def timing_table() -> str:
    """The committed timing of the single call against the Python loop, in all and per start."""
    data = basins.load_timings()
    fast, slow = data["seconds"]["vectorised"], data["seconds"]["looped"]
    return tables.markdown_table(
        ["how", "time for all starts", "per start"],
        [["one call, all starts together", format_seconds(fast), format_seconds(fast / data["starts"])],
         ["a Python loop, one start per call", format_seconds(slow), format_seconds(slow / data["starts"])]],
        align="lrr",
    )


def timings() -> dict:
    """How much longer the loop took, and how and where the committed timing was measured."""
    data = basins.load_timings()
    machine = data["machine"]
    busy = data["load_average_before"][0] > machine["cores"]
    return {
        "ratio": data["seconds"]["looped"] / data["seconds"]["vectorised"],
        "measured_on": data["measured_on"], "starts": data["starts"], "steps": data["steps"],
        "alpha": data["learning_rate"], "cores": machine["cores"], "cpu": machine["cpu"], "system": machine["system"],
        "python": machine["python"], "numpy": machine["numpy"], "command": data["command"],
        "busy": busy,
        # a clause of the sentence, there only when the machine was loaded
        "busy_note": " that was busy with other work" if busy else "",
    }


# ----------------------------------------------------------------- the quizzes


def quiz_saddle() -> dict:
    """Quiz l6-saddle: the run from (2, 0) that slides into the saddle."""
    path = descent.gradient_descent_path("saddle", SADDLE_ALPHA, list(QUIZ_SADDLE_START), QUIZ_SADDLE_STEPS)
    return {"x": path.final[0, 0], "y": path.final[0, 1], "gradient": float(np.linalg.norm(path.gradients[-1, 0]))}


def quiz_jump() -> dict:
    """Quiz l6-jump: the run from 2.3 with alpha 0.3 that jumps the hump."""
    surface = surfaces.get("double_well")
    final = basins.final_positions(surface, optimizers.gradient_descent(QUIZ_JUMP_ALPHA), [QUIZ_JUMP_START], WELL_STEPS)
    slope = surface.gradient(QUIZ_JUMP_START)[0]
    return {
        "shallow": surface.minima[1][0], "slope": slope, "x1": QUIZ_JUMP_START - QUIZ_JUMP_ALPHA * slope,
        "ends": basins.label_name(surface, basins.nearest_minimum(surface, final, WELL_TOLERANCE)[0]), "final": final[0, 0],
    }


# ----------------------------------------------------------------- the practice problems


def by_hand() -> dict:
    """Problem 1: the saddle from (1, 0.01), its first three steps and when ``|y|`` passes 1."""
    path = descent.gradient_descent_path("saddle", SADDLE_ALPHA, list(BY_HAND_START), BY_HAND_STEPS)
    trajectory = path.trajectory(0)
    return {
        "shrink": theory.contraction_factor(SADDLE_ALPHA), "growth": growth_factor(),
        **{f"step{k}": {"x": trajectory[k, 0], "y": trajectory[k, 1]} for k in (1, 2, 3)},
        "ratio": math.log(ESCAPED / BY_HAND_START[1]) / math.log(growth_factor()),
        "predicted_escape": steps_to_escape(BY_HAND_START[1]),
        "escape_step": figures.escape_step(trajectory, ESCAPED),
    }


def cycle() -> dict:
    """Problem 2: the learning-rate limits of the two valleys, and the two-point cycle with alpha 0.5."""
    surface = surfaces.get("double_well")
    path = descent.gradient_descent_path(surface, CYCLE_ALPHA, CYCLE_START, CYCLE_STEPS)
    return {"tail": path.positions[-4:, 0, 0]}


def first_step() -> dict:
    """Problem 3: the gradient and first step from the origin on the tilted Himmelblau surface, and where the run ends."""
    surface = surfaces.get("tilted_himmelblau")
    gradient = surface.gradient(list(FIRST_STEP_START))
    path = descent.gradient_descent_path(surface, HILLS_ALPHA, list(FIRST_STEP_START), HILLS_STEPS)
    first = path.trajectory(0)[1]
    return {
        "gx": gradient[0], "gy": gradient[1], "x1": first[0], "y1": first[1],
        "final_x": path.final[0, 0], "final_y": path.final[0, 1],
        "minimum": int(basins.nearest_minimum(surface, path.final)[0]) + 1, "loss": surface.value(path.final[0]),
    }


def values() -> dict:
    return {
        "saddle": saddle(), "nudges": nudges(), "plateau": plateau(),
        "well": {**well(), "runs": well_runs()},
        "hills": hills(), "basins": basin_shares(), "timings": timings(),
        "quiz_saddle": quiz_saddle(), "quiz_jump": quiz_jump(),
        "by_hand": by_hand(), "cycle": cycle(), "first_step": first_step(),
    }
