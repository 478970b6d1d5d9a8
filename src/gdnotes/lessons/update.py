"""Lesson 3, the update rule: the values its prose names as ``{{ update.* }}``.

The worked example is the bowl $L(w) = w^2$ from $w_0 = 4$ with
$\\alpha = 0.1$; every step multiplies $w$ by $1 - 2\\alpha$.
"""

from __future__ import annotations

from .. import descent, theory

START = 4.0
ALPHA = 0.1
#: where the two-parameter example on $L = w_1^2 + 3 w_2^2$ starts
POINT_2D = (3.0, 1.0)
STEPS_2D = 10


def bowl() -> dict:
    """The worked example: the first step by hand, where the run is after 20 and 50 steps, how far each step moves."""
    path = descent.gradient_descent_path("bowl1d", ALPHA, START, 50)
    w, loss, slope = path.positions[:, 0, 0], path.losses[:, 0], path.gradients[:, 0, 0]
    factor = theory.contraction_factor(ALPHA)
    hops = abs(w[1:] - w[:-1])
    return {
        "start": START, "alpha": ALPHA, "factor": factor, "fraction_removed": 1 - factor,
        "w1": w[1], "slope0": slope[0], "step0": ALPHA * slope[0], "loss0": loss[0], "loss1": loss[1],
        "after_20": w[20], "after_50": w[50],
        "hop_1": hops[0], "hop_10": hops[9], "hop_20": hops[19],
    }


def bowl2d() -> dict:
    """One step of the two-parameter example, and the factor each coordinate shrinks by."""
    path = descent.gradient_descent_path("bowl2d", ALPHA, POINT_2D, 1)
    (g1, g2), (w1, w2) = path.gradients[0, 0], path.positions[1, 0]
    return {
        "alpha": ALPHA, "w1_0": POINT_2D[0], "w2_0": POINT_2D[1], "g1": g1, "g2": g2, "w1": w1, "w2": w2,
        "factor_1": theory.contraction_factor(ALPHA, curvature=2),
        "factor_2": theory.contraction_factor(ALPHA, curvature=6),
    }


def values() -> dict:
    return {"bowl": bowl(), "bowl2d": bowl2d()}
