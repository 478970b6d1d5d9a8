"""Lesson 4, the learning rate: the values its prose names as ``{{ rate.* }}``.

Most of the lesson runs gradient descent on the bowl $f(x) = x^2$
(curvature 2) from $x_0 = 5$, where every step multiplies $x$ by
$1 - 2\\alpha$; the NaN section uses lesson 3's two-parameter bowl
$L = w_1^2 + 3 w_2^2$ (curvatures 2 and 6) from $(3, 1)$. The tables and
figures of the page are here too, so each page block is one call.

>>> values()["run"]["factor"]
0.8
>>> values()["regimes"]["zigzag"]["name"]
'zigzags but converges'
"""

from __future__ import annotations

import math
import sys

from .. import descent, tables, theory
from ..figures import runs

#: every 1-D example on the page starts here, on f(x) = x^2
START = 5.0
#: the curvature of f(x) = x^2
CURVATURE = 2.0

#: the rates of the regime table and of the list under it, one per regime
REGIME_RATES = {"straight": 0.1, "one_step": 0.5, "zigzag": 0.6, "bounce": 1.0, "diverge": 1.1}
#: how many steps the regime table shows
REGIME_STEPS = 4
#: the rates of the small-multiples figure at the top of the page, and its steps
FIGURE_RATES = (0.02, 0.1, 0.5, 0.8, 1.0, 1.05)
FIGURE_STEPS = 20

#: "A full run": 25 steps with this rate
RUN_ALPHA = 0.1
RUN_STEPS = 25

#: the step counts of the phase diagram's curves
PHASE_STEPS = (5, 25, 100)

#: the curvature table: one bowl per curvature, and the rate it judges them with
CURVATURES = (0.5, 2, 10, 25)
CURVATURE_ALPHA = 0.1

#: the condition-number table: the flat direction stays at 1, the steep one grows
FLAT = 1
STEEP = (2, 10, 100, 1000)
SHARE_OF_LIMIT = 0.9
SHRINK_TO = 1e-3

#: the NaN section: lesson 3's bowl, a rate that trains and the same rate tripled
BOWL_2D = "bowl2d"
CURVATURES_2D = (2, 6)
START_2D = (3.0, 1.0)
SLOW = 0.15
TRIPLED = 3.0
FAST = 0.45
NAN_STEPS = 40

#: Problem 1: the tolerance |x_25| must meet
TOLERANCE = 1e-3
#: Problem 2: one rate per regime, x_3 from x_0 = 5
PROBLEM2_RATES = {"straight": 0.3, "one_step": 0.5, "zigzag": 0.9, "bounce": 1.0, "diverge": 1.2}
PROBLEM2_STEPS = 3
#: Problem 3: f(x) = 3x^2 has curvature 6
PROBLEM3_CURVATURE = 6
PROBLEM3_ALPHA = 0.3
#: Problem 4: a blow-up from x_0 = 1, and the loss it must pass
PROBLEM4_START = 1.0
PROBLEM4_ALPHA = 1.5
PROBLEM4_LOSS = 1e12
PROBLEM4_STEPS = 60

#: the quizzes
QUIZ_ALPHA = 0.75
QUIZ_CURVATURE = 10
QUIZ_CURVATURES = (1, 100)


def _path(alpha: float, steps: int, start: float = START) -> descent.Path:
    return descent.gradient_descent_path("bowl1d", alpha, start, steps)


# --- tables and figures -----------------------------------------------------


def regime_runs() -> str:
    """The small multiples at the top of the page: x against step, one chart per rate."""
    return runs.regime_runs(START, FIGURE_RATES, FIGURE_STEPS)


def regimes_table() -> str:
    """Each regime's rate, its multiplier and the first iterates from x_0 = 5."""
    rows = []
    for alpha in REGIME_RATES.values():
        x = _path(alpha, REGIME_STEPS).positions[1:, 0, 0]
        rows.append([alpha, theory.contraction_factor(alpha), ", ".join(tables.number(v) for v in x)])
    return tables.markdown_table(["α", "1 − 2α", "x₁, x₂, x₃, x₄ from x₀ = 5"], rows, align="rrl")


def run_table() -> str:
    """All 25 steps of the full run, with x and f(x)."""
    return tables.path_table(_path(RUN_ALPHA, RUN_STEPS))


def phase_diagram() -> str:
    """How far from the minimum each run ends, against the rate, one curve per step count."""
    return runs.phase_diagram(START, PHASE_STEPS)


def curvature_rows() -> list[list]:
    """Per curvature: the limit 2/λ and what the rate 0.1 does there."""
    return [[lam, theory.largest_stable_rate(lam), theory.regime(CURVATURE_ALPHA, curvature=lam)] for lam in CURVATURES]


def curvature_table() -> str:
    return tables.markdown_table(["curvature λ", "converges for α below 2/λ", f"with α = {tables.number(CURVATURE_ALPHA)}"], curvature_rows(), align="rrl")


def condition_rows() -> list[list]:
    """Per steep curvature: κ, the rate at 90% of the limit and the steps the flat direction needs."""
    rows = []
    for steep in STEEP:
        curvatures = [FLAT, steep]
        alpha = SHARE_OF_LIMIT * theory.largest_stable_rate(curvatures)
        steps = theory.steps_to_tolerance(alpha, 1.0, SHRINK_TO, curvature=FLAT)
        rows.append([theory.condition_number(curvatures), alpha, steps])
    return rows


def condition_table() -> str:
    return tables.markdown_table(["κ", f"α ({SHARE_OF_LIMIT:.0%} of the limit)", "steps for the flat direction"], condition_rows())


def loss_blowup() -> str:
    """The loss of the slow and the tripled rate on lesson 3's bowl, on a log scale."""
    return runs.loss_blowup(START_2D, SLOW, TRIPLED, NAN_STEPS)


# --- the values the prose names ---------------------------------------------


def regimes() -> dict:
    """One rate per regime on f(x) = x^2: its multiplier and the regime's name."""
    groups = {
        key: {"alpha": alpha, "factor": theory.contraction_factor(alpha), "name": theory.regime(alpha)}
        for key, alpha in REGIME_RATES.items()
    }
    groups["zigzag"]["closer"] = 1 / abs(groups["zigzag"]["factor"])
    return groups


def run() -> dict:
    """The full run: the closed form x_25, the same from the step-by-step run, and the loss before and after."""
    path = _path(RUN_ALPHA, RUN_STEPS)
    return {
        "alpha": RUN_ALPHA, "start": START, "steps": RUN_STEPS,
        "factor": theory.contraction_factor(RUN_ALPHA),
        "x_end": theory.iterate(START, RUN_ALPHA, RUN_STEPS),
        "x_end_run": path.positions[-1, 0, 0],
        "loss_start": path.losses[0, 0], "loss_end": path.losses[-1, 0],
    }


def phase() -> dict:
    """Where the phase diagram's V has its point, where the curves cross the start, and its floor."""
    limit = theory.largest_stable_rate(CURVATURE)
    return {"one_step": limit / 2, "limit": limit, "floor": runs.PHASE_FLOOR}


def nan() -> dict:
    """The two-parameter bowl at a rate that trains and at that rate tripled: limit and multipliers."""

    def multipliers(alpha: float) -> dict:
        flat, steep = (theory.contraction_factor(alpha, curvature=lam) for lam in CURVATURES_2D)
        return {"alpha": alpha, "flat": flat, "steep": steep}

    fast = multipliers(FAST)
    return {
        "limit": theory.largest_stable_rate(CURVATURES_2D),
        "slow": multipliers(SLOW),
        "fast": {**fast, "loss_factor": fast["steep"] ** 2},
        "float_max": sys.float_info.max,
    }


def stops() -> dict:
    """Where the descent module stops each run of the NaN section (its step and loss)."""
    result = {}
    for key, alpha in (("slow", SLOW), ("fast", FAST)):
        path = descent.gradient_descent_path(BOWL_2D, alpha, START_2D, NAN_STEPS)
        end = int(path.diverged_at[0]) if path.diverged[0] else path.steps
        result[key] = {"alpha": alpha, "diverged": bool(path.diverged[0]), "step": end, "loss": path.losses[end, 0]}
    return result


def quiz() -> dict:
    """The numbers of the three quizzes."""
    return {
        "regime": {
            "alpha": QUIZ_ALPHA,
            "factor": theory.contraction_factor(QUIZ_ALPHA),
            "right": theory.regime(QUIZ_ALPHA),
        },
        "curvature": {
            "lam": QUIZ_CURVATURE,
            "bowl_limit": theory.largest_stable_rate(CURVATURE),
            "one_step": 1 / QUIZ_CURVATURE,
            "limit": theory.largest_stable_rate(QUIZ_CURVATURE),
        },
        "steepest": {
            "limit": theory.largest_stable_rate(QUIZ_CURVATURES),
            "flat_limit": theory.largest_stable_rate(min(QUIZ_CURVATURES)),
            "kappa": theory.condition_number(QUIZ_CURVATURES),
            "mean_curvature": sum(QUIZ_CURVATURES) / len(QUIZ_CURVATURES),
        },
    }


def problem1() -> dict:
    """The largest rate with |x_25| < 10^-3 from 5, and the smallest: alpha between (1 - q)/2 and (1 + q)/2."""
    q = (TOLERANCE / START) ** (1 / RUN_STEPS)
    return {
        "q": q,
        "largest": theory.largest_rate_for_tolerance(START, RUN_STEPS, TOLERANCE),
        "smallest": (1 - q) / 2,
    }


def problem2() -> dict:
    """One rate per regime: the multiplier r, the regime and x_3 from x_0 = 5."""
    return {
        key: {
            "alpha": alpha,
            "r": theory.contraction_factor(alpha),
            "regime": theory.regime(alpha),
            "x3": _path(alpha, PROBLEM2_STEPS).positions[-1, 0, 0],
        }
        for key, alpha in PROBLEM2_RATES.items()
    }


def problem3() -> dict:
    """f(x) = 3x^2: the limit, the one-step rate and what alpha = 0.3 does."""
    lam = PROBLEM3_CURVATURE
    return {
        "lam": lam,
        "limit": theory.largest_stable_rate(lam),
        "one_step": 1 / lam,
        "alpha": PROBLEM3_ALPHA,
        "factor": theory.contraction_factor(PROBLEM3_ALPHA, curvature=lam),
        "regime": theory.regime(PROBLEM3_ALPHA, curvature=lam),
    }


def problem4() -> dict:
    """A blow-up from x_0 = 1 with alpha = 1.5: the first iterates and losses, and when the loss passes 10^12."""
    path = _path(PROBLEM4_ALPHA, PROBLEM4_STEPS, start=PROBLEM4_START)
    r = theory.contraction_factor(PROBLEM4_ALPHA)
    x, loss = path.positions[:, 0, 0], path.losses[:, 0]
    return {
        "r": r,
        "x1": x[1], "x2": x[2], "x3": x[3],
        "loss0": loss[0], "loss1": loss[1], "loss2": loss[2], "loss3": loss[3],
        "loss_factor": r**2,
        "steps": math.ceil(math.log(PROBLEM4_LOSS) / math.log(r**2)),
        "diverged_at": int(path.diverged_at[0]),
    }


def values() -> dict:
    return {
        "regimes": regimes(),
        "run": run(),
        "phase": phase(),
        "nan": nan(),
        "stops": stops(),
        "quiz": quiz(),
        "problem1": problem1(),
        "problem2": problem2(),
        "problem3": problem3(),
        "problem4": problem4(),
        "challenge": challenge(),
    }


def challenge() -> dict:
    """The bounds of this lesson's try-it challenge (:mod:`gdnotes.challenges`), for the prose."""
    from .. import challenges

    return dict(challenges.CHALLENGES["rate"].values)
