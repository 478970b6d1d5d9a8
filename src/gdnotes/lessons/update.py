"""Lesson 3, the update rule: the values its prose names as ``{{ update.* }}``.

The worked example is the bowl $L(w) = w^2$ from $w_0 = 4$ with
$\\alpha = 0.1$; every step multiplies $w$ by $1 - 2\\alpha$. The
two-parameter example is $L = w_1^2 + 3 w_2^2$ from $(3, 1)$.
"""

from __future__ import annotations

from .. import descent, tables, theory

START = 4.0
ALPHA = 0.1
#: where the two-parameter example on $L = w_1^2 + 3 w_2^2$ starts, and how many steps it shows
POINT_2D = (3.0, 1.0)
STEPS_2D = 10
#: the stopping rule's tolerance on the slope
TOLERANCE = 0.001


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
        "alpha": ALPHA, "g1": g1, "g2": g2, "w1": w1, "w2": w2,
        "factor_1": theory.contraction_factor(ALPHA, curvature=2),
        "factor_2": theory.contraction_factor(ALPHA, curvature=6),
    }


def bowl2d_table() -> str:
    """Every second step of the two-parameter run: $(w_1, w_2)$ and the loss."""
    path = descent.gradient_descent_path("bowl2d", ALPHA, POINT_2D, STEPS_2D)
    n = tables.number
    rows = [[k, f"({n(w1)}, {n(w2)})", path.losses[k, 0]] for k, (w1, w2) in enumerate(path.trajectory()) if k % 2 == 0]
    return tables.markdown_table(["step k", "(w₁, w₂)", "loss L"], rows, align="rcr")


def by_hand() -> dict:
    """One step from a given slope, a tiny slope, and the stopping rule on the worked example."""
    w, grad, tiny = 2.5, 0.8, 0.001
    # on L = w**2 the slope is 2w, so |slope| < tolerance exactly when |w| < tolerance / 2
    steps = theory.steps_to_tolerance(ALPHA, START, TOLERANCE / 2)
    path = descent.gradient_descent_path("bowl1d", ALPHA, START, steps)
    return {
        "w": w, "alpha": ALPHA, "grad": grad, "step": ALPHA * grad, "new": w - ALPHA * grad,
        "tiny": tiny, "tiny_step": ALPHA * tiny,
        "tolerance": TOLERANCE, "stop_steps": steps, "stop_w": path.positions[-1, 0, 0],
        "stop_slope": path.gradients[-1, 0, 0], "slope_before_stop": path.gradients[-2, 0, 0],
    }


def quiz() -> dict:
    """Numbers in the quizzes: one step from $w = 3$ with $\\alpha = 0.2$; one 2-D step from $(1, 1)$."""
    w, alpha = 3.0, 0.2
    slope = 2 * w
    path = descent.gradient_descent_path("bowl2d", 0.1, (1.0, 1.0), 1)
    (g1, g2), (w1, w2) = path.gradients[0, 0], path.positions[1, 0]
    return {
        "one_step": {"w": w, "alpha": alpha, "slope": slope, "step": alpha * slope, "right": w - alpha * slope,
                     "added": w + alpha * slope, "slope_is_w": w - alpha * w, "alpha_only": w - alpha},
        "two_params": {"g1": g1, "g2": g2, "w1": w1, "w2": w2, "same_partial": 1 - 0.1 * g1,
                       "uphill_1": 1 + 0.1 * g1, "uphill_2": 1 + 0.1 * g2},
    }


def problems() -> dict:
    """The worked solutions of the practice problems."""
    w, alpha, grad = 1.2, 0.05, -4.0
    two = descent.gradient_descent_path("bowl1d", 0.25, -3.0, 2)
    flat = descent.gradient_descent_path("bowl2d", 0.1, (0.0, 2.0), 1)
    (g1, g2), (a1, a2) = flat.gradients[0, 0], flat.positions[1, 0]
    return {
        "one": {"w": w, "alpha": alpha, "grad": grad, "step": alpha * grad, "new": w - alpha * grad},
        "two": {"factor": theory.contraction_factor(0.25), "w1": two.positions[1, 0, 0], "w2": two.positions[2, 0, 0],
                "loss0": two.losses[0, 0], "loss1": two.losses[1, 0], "loss2": two.losses[2, 0]},
        "three": {"g1": g1, "g2": g2, "w1": a1, "w2": a2, "step2": 0.1 * g2},
        "four": {"factor": 1 + 2 * ALPHA},
    }


def values() -> dict:
    return {"bowl": bowl(), "bowl2d": bowl2d(), "hand": by_hand(), "quiz": quiz(), "problem": problems(), "challenge": challenge()}


def challenge() -> dict:
    """The bounds of this lesson's try-it challenge (:mod:`gdnotes.challenges`), for the prose."""
    from .. import challenges

    return dict(challenges.CHALLENGES["update"].values)
