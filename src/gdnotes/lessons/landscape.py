"""Lesson 1, the loss landscape: the values its prose names as ``{{ landscape.* }}``.

The lesson scores a one-dial model ``w x`` on three examples that lie on
$y = 2x$, puts a marble on the bowl $f(x) = x^2$, counts what mapping a
landscape by brute force would cost, and sends two walkers down real
ground (matplotlib's Jacksboro fault elevation model).

>>> values()["dials"]["loss_at_2"]
0.0
>>> values()["marble"]["slope"]
6.0
"""

from __future__ import annotations

import numpy as np

from .. import _validate, regression, surfaces, tables, terrain
from ..figures import landscape as figures

#: the three examples of "Dials and a score": inputs and right answers
X = (1.0, 2.0, 3.0)
Y = (2.0, 4.0, 6.0)
#: where the marble sits on the bowl f(x) = x^2
MARBLE_AT = 3.0
#: brute force: values tried per dial, settings scored per second, and the dial counts in the table
VALUES_PER_DIAL = 10
SETTINGS_PER_SECOND = 1e9
DIAL_COUNTS = (1, 2, 10, 20, 100)
SECONDS_PER_YEAR = 365.25 * 24 * 3600
#: the two walkers on the real terrain: where they start (km east, km north), their learning rate and steps
WALKER_STARTS = ((16.0, 11.0), (17.0, 11.0))
WALKER_RATE = 0.002
WALKER_STEPS = 1000
#: the step of walker A whose length the prose quotes (step number 300)
LATE_STEP = 300
#: the two settings Practice problem 1 scores, and the two points Problem 2 compares on the 2-D bowl
PROBLEM1_DIALS = (1, 3)
PROBLEM2_POINTS = ((2.0, 0.0), (0.0, 2.0))


def loss(w: float) -> float:
    """The mean squared error of the model ``w x`` on the lesson's three examples (``w`` at most 1e100 in size)."""
    w = _validate.finite_number(w, "w", largest=1e100)
    return regression.cost((w, 0.0), X, Y)


def dials() -> dict:
    """The loss at the dial settings the prose names (0 and the best setting, 2)."""
    return {"loss_at_0": loss(0.0), "loss_at_2": loss(2.0)}


def marble() -> dict:
    """The marble on the wall of the bowl: where it sits, the loss there and the slope."""
    bowl = surfaces.get("bowl1d")
    return {"x": MARBLE_AT, "loss": bowl.value(MARBLE_AT), "slope": float(np.ravel(bowl.gradient(MARBLE_AT))[0])}


def _readable(seconds: float) -> str:
    """A duration as the brute-force table shows it: nanoseconds, seconds or years."""
    years = seconds / SECONDS_PER_YEAR
    if seconds < 1:
        return f"{seconds * 1e9:.0f} nanoseconds"
    if years < 1:
        return f"{seconds:.0f} seconds"
    mantissa, exponent = f"{years:.1e}".split("e")
    return f"{years:,.0f} years" if years < 1e6 else f"${mantissa} \\times 10^{{{int(exponent)}}}$ years"


def brute_force_seconds(dials: int) -> float:
    """How long scoring every setting of ``dials`` dials takes, trying ``VALUES_PER_DIAL`` values each (at most 300 dials)."""
    dials = _validate.count(dials, "dials", maximum=300)
    return float(VALUES_PER_DIAL) ** dials / SETTINGS_PER_SECOND


def brute_force_table() -> str:
    """The Markdown table of "Why not just try every setting?"."""
    rows = [
        [n, f"$10^{{{n}}}$" if n > 2 else VALUES_PER_DIAL**n, _readable(brute_force_seconds(n))]
        for n in DIAL_COUNTS
    ]
    return tables.markdown_table(["dials", "settings to score", "time at a billion per second"], rows)


def ground() -> dict:
    """The size of the elevation grid (km) and the distance between its heights (m)."""
    land = terrain.load()
    east, north = (1000 * d for d in land.spacing)
    (_, width), (_, height) = land.bounds
    return {"width_km": width, "height_km": height, "east_m": east, "north_m": north}


def walks() -> tuple[terrain.TerrainPath, ...]:
    """The walkers' descents, A then B."""
    land = terrain.load()
    return tuple(terrain.descend(land, start, WALKER_RATE, WALKER_STEPS) for start in WALKER_STARTS)


def _walker(walk: terrain.TerrainPath) -> dict:
    steps = np.linalg.norm(np.diff(walk.positions, axis=0), axis=1) * 1000  # metres
    return {
        "start_height": walk.elevations[0], "end_height": walk.elevations[-1], "length_km": walk.length,
        "end_slope": float(np.linalg.norm(walk.gradients[-1])), "steps": walk.steps, "reached_edge": walk.reached_edge,
        "first_step_m": steps[0], "late_step_m": steps[LATE_STEP - 1], "step_lengths_m": steps,
    }


def walkers() -> dict:
    """The two walkers: each one's walk, how far apart they start and end."""
    a, b = walks()
    return {
        "a": _walker(a), "b": _walker(b), "late_step": LATE_STEP,
        "start_gap_km": float(np.linalg.norm(a.positions[0] - b.positions[0])),
        "end_gap_km": float(np.linalg.norm(a.positions[-1] - b.positions[-1])),
    }


def problem1() -> dict:
    """Practice problem 1: the errors and the loss at each of the two dial settings."""
    def at(w: float) -> dict:
        return {"w": w, "errors": regression.predict((w, 0.0), X) - np.asarray(Y), "loss": loss(w)}

    low, high = PROBLEM1_DIALS
    return {"at_1": at(low), "at_3": at(high), "best_loss": loss(2.0)}


def problem2() -> dict:
    """Practice problem 2: the loss at two points 2 units from the bottom of the 2-D bowl, and their ratio."""
    bowl = surfaces.get("bowl2d")
    along_w1, along_w2 = (bowl.value(p) for p in PROBLEM2_POINTS)
    return {"along_w1": along_w1, "along_w2": along_w2, "ratio": along_w2 / along_w1}


def marble_figure() -> str:
    """The bowl with the marble on its wall."""
    return figures.bowl_with_marble(MARBLE_AT)


def terrain_figure() -> str:
    """The relief map with both walkers' paths."""
    return figures.terrain_descent(WALKER_STARTS, learning_rate=WALKER_RATE, steps=WALKER_STEPS)


def values() -> dict:
    return {
        "dials": dials(), "marble": marble(), "ground": ground(), "walkers": walkers(),
        "problem1": problem1(), "problem2": problem2(),
    }
