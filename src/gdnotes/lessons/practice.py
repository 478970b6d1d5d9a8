r"""The practice page (docs/practice.md): the values its prose names as ``{{ practice.* }}``.

One group of values per problem, named after what the problem is about
(``blowup.flagged`` is the step where Problem 9's run is flagged), plus
the functions that print the page's tables and step-by-step bullets, so
that each block on the page is one call. The worked steps themselves come
from :mod:`gdnotes.practice`; this module only fixes the problems' numbers
and collects what the sentences around those steps say.

A number that needs a power of ten inside ``$...$`` (``10^{-6}``) is
given as a LaTeX string made by :func:`gdnotes.practice.tex`; every other
value is a plain number, formatted by the page.

>>> values()["blowup"]["flagged"]
33
>>> print(shifted_steps().splitlines()[0][:40])
- **Step 1.** At $w = 0$ the slope is $L
"""

from __future__ import annotations

import math

import numpy as np
import sympy as sp

from .. import descent, optimizers, regression, surfaces, tables, theory
from .. import practice as worked

# Problem 1: reading a gradient on the bowl L = w1^2 + 3 w2^2
BOWL_POINTS = [(-2.0, 0.5), (1.0, -1.0), (4.0, 0.0)]
# Problem 2: the valley L = (w1 w2 - 2)^2, the points asked about, and two steps off the origin
VALLEY_TARGET = 2.0
VALLEY_POINTS = [(1.0, 1.0), (2.0, 1.0), (4.0, 0.5), (0.0, 0.0)]
VALLEY_MINIMA = [(2.0, 1.0), (4.0, 0.5)]
OFF_ORIGIN = {"along": (0.5, 0.5), "across": (0.5, -0.5)}
# Problem 3: the bowl (w - 3)^2 from 0
SHIFT, SHIFT_ALPHA, SHIFT_START, SHIFT_STEPS = 3.0, 0.1, 0.0, 3
# Problem 4: two steps on the 2-D bowl
ZIGZAG_ALPHA, ZIGZAG_START, ZIGZAG_STEPS = 0.2, (1.0, -2.0), 2
# Problem 5: a slope of 0.002 on w^2, and the stopping rule |slope| < 0.001
TINY_SLOPE, TINY_ALPHA, STOP_SLOPE = 0.002, 0.1, 0.001
# Problem 6: one step too far: at w = 2.5 the slope is 0.8 and the rate is 10; the fix, a smaller rate
OVERSHOOT_W, OVERSHOOT_SLOPE, OVERSHOOT_ALPHA, OVERSHOOT_STEPS = 2.5, 0.8, 10.0, 3
OVERSHOOT_FIX, OVERSHOOT_FIX_STEPS = 1.0, 2
# Problem 7: the rates on x^2 (curvature 2) from x0 = 1
REGIME_RATES = [0.2, 0.5, 0.8, 1.0, 1.05]
MIRROR_RATES = (0.2, 0.8)
# Problem 8: the sharper bowl 4x^2 and its rates, and the rate that must bounce forever
SHARP_CURVATURE = 8.0
SHARP_RATES = [0.05, 0.125, 0.2, 0.25, 0.3]
BOUNCE_ALPHA = 0.05
# Problem 9: a blow-up on x^2
BLOWUP_ALPHA, BLOWUP_START, BLOWUP_SHOWN = 1.25, 2.0, 4
# Problem 10: steps to a tolerance, in 1-D and on the 2-D bowl
TOLERANCE_RATES = [0.05, 0.1, 0.25, 0.4, 0.5, 0.6, 0.75, 0.95, 1.0]
TOLERANCE_START, TOLERANCE = 3.0, 1e-4
BOTH_ALPHA, BOTH_START, BOTH_TOLERANCE = 0.1, (3.0, 1.0), 1e-3
# Problem 11: a rate just past the limit on the 2-D bowl
PAST_ALPHA, PAST_START, PAST_STEPS = 0.35, (3.0, 0.01), 400
# Problem 12: the loop with the sign bug
BUG_START, BUG_ALPHA, BUG_STEPS = 1.0, 0.1, 3
# Problem 13: run B on the plateau, run A on w^2 at the same slope
PLATEAU_START, PLATEAU_ALPHA, PLATEAU_STEPS = 10.0, 0.25, 8000
PLATEAU_LOSSES = (0.5, 0.01)
# Problem 14: momentum on the 2-D bowl
MOMENTUM_ALPHA, MOMENTUM_BETA, MOMENTUM_START, MOMENTUM_STEPS = 0.1, 0.5, (2.0, 1.0), 3
# Problems 15 and 16: a line through three points
X, Y, LINE_START, LINE_ALPHA = [1.0, 2.0, 3.0], [3.0, 4.0, 8.0], (1.0, 0.0), 0.05
BATCHES = {"all three": [0, 1, 2], "examples 1 and 2": [0, 1], "example 1 alone": [0], "example 3 alone": [2]}
# the quick check: a regime question and a velocity question
QUIZ_ALPHA, QUIZ_CURVATURE = 0.15, 10.0
QUIZ_RATE, QUIZ_BETA, QUIZ_GRADIENT, QUIZ_STEPS = 0.1, 0.5, 2.0, 100


def _bowl2d():
    return surfaces.get("bowl2d")


def _valley():
    return worked.product_valley(VALLEY_TARGET)


# ----------------------------------------------------------------- the gradient


def bowl_gradients() -> str:
    """Problem 1's bullets: each partial, the gradient and the loss at each point."""
    return worked.gradient_markdown(_bowl2d(), BOWL_POINTS)


def bowl() -> dict:
    """Problem 1: at each point, the largest entry of the gradient, which parameter it is and which way to move."""
    points = []
    for p in BOWL_POINTS:
        g = _bowl2d().gradient(p)
        i = int(np.argmax(np.abs(g)))
        points.append({
            "largest": g[i], "parameter": i + 1, "way": "decrease" if g[i] > 0 else "increase",
            "flat": [j + 1 for j in range(len(g)) if g[j] == 0],
        })
    return {"points": points}


def valley_gradients() -> str:
    """Problem 2's bullets, on the valley ``(w1 w2 - 2)**2``."""
    return worked.gradient_markdown(_valley(), VALLEY_POINTS)


def valley() -> dict:
    """Problem 2: the loss at the two minima, at the origin and a little off it, and the gradient at the origin."""
    v = _valley()
    return {
        "minimum_losses": [v.value(p) for p in VALLEY_MINIMA],
        "origin_loss": v.value((0.0, 0.0)), "origin_gradient": v.gradient((0.0, 0.0)),
        **{name: v.value(p) for name, p in OFF_ORIGIN.items()},
    }


# ----------------------------------------------------------------- the update rule


def shifted_steps() -> str:
    """Problem 3's bullets: three steps on ``(w - 3)**2`` by hand."""
    return worked.steps_markdown(worked.shifted_bowl(SHIFT), SHIFT_ALPHA, SHIFT_START, SHIFT_STEPS)


def shifted() -> dict:
    """Problem 3: the distances to the minimum before and after each step, and the multiplier between them."""
    steps = worked.hand_steps(worked.shifted_bowl(SHIFT), SHIFT_ALPHA, SHIFT_START, SHIFT_STEPS)
    gaps = [SHIFT - float(steps[0].before[0])] + [SHIFT - float(s.after[0]) for s in steps]
    return {"gaps": gaps, "ratio": gaps[1] / gaps[0], "factor": theory.contraction_factor(SHIFT_ALPHA)}


def zigzag_steps() -> str:
    """Problem 4's bullets: two steps on the 2-D bowl, both coordinates at once."""
    return worked.steps_markdown(_bowl2d(), ZIGZAG_ALPHA, ZIGZAG_START, ZIGZAG_STEPS)


def zigzag() -> dict:
    """Problem 4: each coordinate's multiplier (curvatures 2 and 6) and what it does."""
    return {
        f"w{i}": {"factor": theory.contraction_factor(ZIGZAG_ALPHA, lam), "regime": theory.regime(ZIGZAG_ALPHA, lam)}
        for i, lam in ((1, 2), (2, 6))
    }


def tiny_slope() -> dict:
    """Problem 5: where a slope of 0.002 puts you on ``w**2``, one step from there, and the steps to the stopping rule."""
    w = TINY_SLOPE / 2  # the slope of w**2 is 2w
    step = worked.hand_steps(surfaces.get("bowl1d"), TINY_ALPHA, w, 1)[0]
    more = theory.steps_to_tolerance(TINY_ALPHA, w, STOP_SLOPE / 2)  # |slope| < 0.001 exactly when |w| < 0.0005
    run = descent.gradient_descent_path("bowl1d", TINY_ALPHA, w, more)
    return {
        "w": w, "step": TINY_ALPHA * TINY_SLOPE, "after": step.after[0],
        "loss_before": worked.tex(step.loss_before), "loss_after": worked.tex(step.loss_after),
        "factor": theory.contraction_factor(TINY_ALPHA), "more": more,
        "slope_then": run.gradients[-1, 0, 0], "slope_one_step_earlier": run.gradients[-2, 0, 0],
    }


# ----------------------------------------------------------------- the learning rate


def _overshoot_bowl() -> surfaces.Surface:
    """Problem 6's loss: the bowl through (0, 0) whose slope at OVERSHOOT_W is OVERSHOOT_SLOPE, ``L = lambda w**2 / 2``."""
    w = sp.Symbol("w", real=True)
    curvature = sp.Rational(repr(OVERSHOOT_SLOPE)) / sp.Rational(repr(OVERSHOOT_W))
    return surfaces.Surface("overshoot_bowl", "A gentle bowl", curvature * w**2 / 2, (w,), ((-30.0, 30.0),), ((0.0,),))


def overshoot_steps() -> str:
    """Problem 6: the steps at the rate of the problem, one bullet each."""
    return worked.steps_markdown(_overshoot_bowl(), OVERSHOOT_ALPHA, OVERSHOOT_W, OVERSHOOT_STEPS)


def overshoot_fix_steps() -> str:
    """Problem 6: the same start with the smaller rate."""
    return worked.steps_markdown(_overshoot_bowl(), OVERSHOOT_FIX, OVERSHOOT_W, OVERSHOOT_FIX_STEPS)


def overshoot() -> dict:
    """Problem 6: the step that jumps to -5.5, the bowl behind the slope, its limit 2/lambda, and the fix."""
    bowl = _overshoot_bowl()
    lam = float(sp.diff(bowl.expression, bowl.variables[0], 2))
    slope = float(bowl.gradient([OVERSHOOT_W])[0])
    far = worked.hand_steps(bowl, OVERSHOOT_ALPHA, OVERSHOOT_W, OVERSHOOT_STEPS)
    fixed = worked.hand_steps(bowl, OVERSHOOT_FIX, OVERSHOOT_W, OVERSHOOT_FIX_STEPS)
    return {
        "w": OVERSHOOT_W, "slope": slope, "alpha": OVERSHOOT_ALPHA, "step": OVERSHOOT_ALPHA * slope,
        "new": far[0].after[0], "positions": [s.after[0] for s in far],
        "loss_before": far[0].loss_before, "loss_after": far[0].loss_after,
        "distance_before": abs(OVERSHOOT_W), "distance_after": abs(far[0].after[0]),
        "coefficient": lam / 2, "curvature": lam, "factor": theory.contraction_factor(OVERSHOOT_ALPHA, lam),
        "limit": theory.largest_stable_rate(lam), "one_step": 1 / lam, "regime": theory.regime(OVERSHOOT_ALPHA, lam),
        "fix": {
            "alpha": OVERSHOOT_FIX, "new": fixed[0].after[0], "loss_after": fixed[0].loss_after,
            "factor": theory.contraction_factor(OVERSHOOT_FIX, lam), "regime": theory.regime(OVERSHOOT_FIX, lam),
            "positions": [s.after[0] for s in fixed],
        },
    }



def regime_table() -> str:
    """Problem 7's table: the rates on ``x**2``."""
    return worked.regime_table(REGIME_RATES)


def regimes() -> dict:
    """Problem 7: the two rates whose multipliers have the same size, and ``x_3`` for each."""
    return {
        "factors": [theory.contraction_factor(a) for a in MIRROR_RATES],
        "x3": [theory.iterate(1.0, a, 3) for a in MIRROR_RATES],
    }


def sharp_regime_table() -> str:
    """Problem 8's table: the rates on ``4 x**2`` (curvature 8)."""
    return worked.regime_table(SHARP_RATES, curvature=SHARP_CURVATURE)


def sharp() -> dict:
    """Problem 8: the limit 2/λ, the one-step rate 1/λ, and the curvature at which ``BOUNCE_ALPHA`` bounces forever."""
    bounce = 2 / BOUNCE_ALPHA  # bouncing forever means alpha * lambda = 2
    return {
        "limit": theory.largest_stable_rate(SHARP_CURVATURE), "one_step": 1 / SHARP_CURVATURE,
        "bounce_curvature": bounce, "bounce_coefficient": bounce / 2,
        "bounce_regime": theory.regime(BOUNCE_ALPHA, curvature=bounce),
    }


def _blowup_path() -> descent.Path:
    return descent.gradient_descent_path("bowl1d", BLOWUP_ALPHA, BLOWUP_START, 100)


def blowup_table() -> str:
    """Problem 9's table: the first steps of the blow-up and the step where it is flagged."""
    return worked.blowup_table(_blowup_path(), first=BLOWUP_SHOWN)


def blowup() -> dict:
    """Problem 9: the multiplier, the threshold, and the flagged step worked out from the loss ``4 * 2.25**k``."""
    r = theory.contraction_factor(BLOWUP_ALPHA)
    limit = descent.DIVERGENCE_LIMIT
    start_loss = BLOWUP_START**2
    k = math.log(limit / start_loss) / math.log(r**2)
    path = _blowup_path()
    return {
        "factor": r, "size": abs(r), "loss_factor": r**2,
        "limit": worked.tex(limit), "limit_over_start_loss": worked.tex(limit / start_loss),
        "k": k, "flagged": math.ceil(k),
        "flagged_by_descent": path.diverged_at[0], "loss_at_flag": path.losses[path.diverged_at[0], 0],
    }


def tolerance_table() -> str:
    """Problem 10's table: steps to ``|x| <= 1e-4`` from 3 for each rate."""
    return worked.tolerance_table(TOLERANCE_RATES, TOLERANCE_START, TOLERANCE)


def tolerance() -> dict:
    """Problem 10, second part: each coordinate's multiplier and steps needed, and when the actual run has both."""
    lams = (2, 6)
    need = [theory.steps_to_tolerance(BOTH_ALPHA, w0, BOTH_TOLERANCE, curvature=lam) for w0, lam in zip(BOTH_START, lams)]
    run = descent.gradient_descent_path(_bowl2d(), BOTH_ALPHA, BOTH_START, max(need))
    close = np.all(np.abs(run.positions[:, 0]) <= BOTH_TOLERANCE, axis=1)
    return {
        "factors": [theory.contraction_factor(BOTH_ALPHA, lam) for lam in lams],
        "need": need, "both": max(need), "run_both": int(np.argmax(close)),
    }


def _past_path() -> descent.Path:
    return descent.gradient_descent_path(_bowl2d(), PAST_ALPHA, PAST_START, PAST_STEPS)


def _past_steps(path: descent.Path) -> dict:
    losses = path.losses[:, 0]
    return {
        "lowest": int(np.nanargmin(losses)),
        "back": int(np.argmax(losses[1:] > losses[0])) + 1,
        "flagged": int(path.diverged_at[0]),
    }


def past_limit_table() -> str:
    """Problem 11's table: the start, the lowest loss, the first loss above the start, the flagged step."""
    path = _past_path()
    rows = [[k, *path.positions[k, 0], path.losses[k, 0]] for k in (0, *_past_steps(path).values())]
    return tables.markdown_table(["step k", "w1", "w2", "loss"], rows)


def past_limit() -> dict:
    """Problem 11: each direction's multiplier and regime, the limit, and the three steps of the table."""
    path = _past_path()
    r2 = theory.contraction_factor(PAST_ALPHA, 6)
    return {
        "w1": {"factor": theory.contraction_factor(PAST_ALPHA, 2), "regime": theory.regime(PAST_ALPHA, 2)},
        "w2": {"factor": r2, "regime": theory.regime(PAST_ALPHA, 6), "size": abs(r2), "loss_factor": r2**2},
        "limit": theory.largest_stable_rate([2, 6]),
        "losses": {k: path.losses[step, 0] for k, step in (("start", 0), *_past_steps(path).items())},
        **_past_steps(path),
    }


# ----------------------------------------------------------------- code, plateaus, momentum


def sign_bug() -> dict:
    """Problem 12: the buggy loop as written, the same update run by ``descent``, and where that run is flagged."""
    w, alpha, seen = BUG_START, BUG_ALPHA, []
    for _ in range(BUG_STEPS):  # the loop from the problem, as written
        grad = 2 * w
        w = w + alpha * grad
        seen.append(w)
    path = descent.run(surfaces.get("bowl1d"), worked.sign_bug(BUG_ALPHA), BUG_START, 200)
    return {
        "seen": seen, "run": path.positions[1 : BUG_STEPS + 1, 0, 0],
        "factor": 1 + 2 * alpha, "loss_factor": (1 + 2 * alpha) ** 2, "flagged": path.diverged_at[0],
    }


def plateau() -> dict:
    """Problem 13: run B on the plateau and run A on ``w**2`` at the same slope, and when run B's loss falls."""
    shelf = worked.plateau()
    slope = float(shelf.gradient(PLATEAU_START)[0])
    a_at = slope / 2  # the slope of w**2 is 2w
    path = descent.gradient_descent_path(shelf, PLATEAU_ALPHA, PLATEAU_START, PLATEAU_STEPS)
    half, done = (worked.first_step_below(path.losses[:, 0], t) for t in PLATEAU_LOSSES)
    return {
        "slope_formula": worked.partial_latex(shelf, inline=True)[0], "slope": slope, "a_at": a_at,
        "step": PLATEAU_ALPHA * slope,
        "a_loss": worked.tex(surfaces.get("bowl1d").value(a_at)), "b_loss": shelf.value(PLATEAU_START),
        "half": half, "done": done, "gap": done - half,
    }


def momentum_steps() -> str:
    """Problem 14's bullets: three momentum steps by hand."""
    return worked.momentum_markdown(_bowl2d(), MOMENTUM_ALPHA, MOMENTUM_BETA, MOMENTUM_START, MOMENTUM_STEPS)


def momentum() -> dict:
    """Problem 14: where momentum and plain descent are after three steps, and their losses."""
    path = descent.run(_bowl2d(), optimizers.momentum(MOMENTUM_ALPHA, beta=MOMENTUM_BETA), MOMENTUM_START, MOMENTUM_STEPS)
    plain = descent.gradient_descent_path(_bowl2d(), MOMENTUM_ALPHA, MOMENTUM_START, MOMENTUM_STEPS)
    return {
        "heavy": path.positions[-1, 0], "heavy_loss": path.losses[-1, 0], "heavy_path": path.positions[:, 0],
        "plain": plain.positions[-1, 0], "plain_loss": plain.losses[-1, 0],
    }


# ----------------------------------------------------------------- a line through three points


def regression_steps() -> str:
    """Problem 15's residual table, partials and step."""
    return worked.regression_markdown(X, Y, LINE_START, LINE_ALPHA)


def line() -> dict:
    """Problem 15: the step by hand next to ``regression.gradient`` and one step of ``regression.fit``."""
    step = worked.regression_step(X, Y, LINE_START, LINE_ALPHA)
    return {
        "residuals": step.residuals, "gradient": step.gradient, "after": step.after,
        "package_gradient": regression.gradient(LINE_START, X, Y),
        "fitted": regression.fit(X, Y, LINE_ALPHA, start=LINE_START, max_steps=1).final,
    }


def _each() -> np.ndarray:
    return worked.example_gradients(X, Y, LINE_START)


def example_gradient_table() -> str:
    """Problem 16's first table: each example's own gradient."""
    return tables.markdown_table(["example i", "∂/∂w", "∂/∂b"], [[i + 1, *g] for i, g in enumerate(_each())])


def _batches() -> dict:
    out = {}
    for name, picked in BATCHES.items():
        g = _each()[picked].mean(axis=0)
        after = np.array(LINE_START) - LINE_ALPHA * g
        out[name] = {"gradient": g, "after": after, "cost": regression.cost(after, X, Y)}
    return out


def minibatch_table() -> str:
    """Problem 16's second table: for each batch, its gradient, where one step lands and the full cost there."""
    rows = [
        [name, worked.point(b["gradient"], math=False), worked.point(b["after"], math=False), b["cost"]]
        for name, b in _batches().items()
    ]
    return tables.markdown_table(["batch", "gradient", "after one step", "full cost J"], rows, align="lllr")


def minibatch() -> dict:
    """Problem 16: the largest residual, the cost before, and the best and worst batch."""
    step = worked.regression_step(X, Y, LINE_START, LINE_ALPHA)
    batches = _batches()
    best, worst = (pick(batches, key=lambda k: batches[k]["cost"]) for pick in (min, max))
    return {
        "residual_3": step.residuals[2], "cost_before": step.cost_before,
        "best": best, "best_cost": batches[best]["cost"], "worst": worst, "worst_cost": batches[worst]["cost"],
        "costs": {name: b["cost"] for name, b in batches.items()},
        "mean_gradient": _each().mean(axis=0), "largest_residual": int(np.argmax(np.abs(step.residuals))),
        "largest_example": int(np.argmax(np.linalg.norm(_each(), axis=1))),
    }


# ----------------------------------------------------------------- the quick check


def quiz() -> dict:
    """The quick check: the regime question on ``5 x**2``, and where a momentum velocity settles."""
    opt = optimizers.momentum(QUIZ_RATE, QUIZ_BETA)
    v = opt.init(np.zeros(1))
    for _ in range(QUIZ_STEPS):
        _, v = opt.update(np.array([QUIZ_GRADIENT]), v)
    return {
        "regime": {
            "alpha": QUIZ_ALPHA, "curvature": QUIZ_CURVATURE,
            "factor": theory.contraction_factor(QUIZ_ALPHA, QUIZ_CURVATURE),
            "limit": theory.largest_stable_rate(QUIZ_CURVATURE), "answer": theory.regime(QUIZ_ALPHA, QUIZ_CURVATURE),
        },
        "velocity": {
            "beta": QUIZ_BETA, "gradient": QUIZ_GRADIENT, "settled": float(v[0]), "kept": QUIZ_GRADIENT * QUIZ_BETA,
        },
    }


# ----------------------------------------------------------------- the loss-curve drill


def drill() -> dict:
    """The loss-curve drill: how many causes it asks about, how many curves of each, and how many in all."""
    from .. import diagnosis

    causes = len(diagnosis.CAUSES)
    return {"causes": causes, "variants": diagnosis.VARIANTS, "curves": causes * diagnosis.VARIANTS, "steps": diagnosis.POINTS - 1}


def values() -> dict:
    return {
        "bowl": bowl(), "valley": valley(), "shifted": shifted(), "zigzag": zigzag(), "tiny_slope": tiny_slope(),
        "overshoot": overshoot(), "regimes": regimes(), "sharp": sharp(), "blowup": blowup(), "tolerance": tolerance(),
        "past_limit": past_limit(), "sign_bug": sign_bug(), "plateau": plateau(), "momentum": momentum(),
        "line": line(), "minibatch": minibatch(), "quiz": quiz(), "drill": drill(),
    }
