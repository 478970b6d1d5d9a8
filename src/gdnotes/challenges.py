"""Coding challenges for the try-it cell: a task the page checks.

A :class:`Challenge` is data: the code the reader starts from, the checking
code, a hint and a worked solution. The try-it cell
(:func:`gdnotes.widgets.try_it` with ``challenge=KEY``) shows the starter code;
when the reader runs it, the page's Python (Pyodide, in a Web Worker) runs
the reader's code in a fresh namespace and then the challenge's checking
code, which defines ``check(namespace)``. ``check`` reads the reader's
variables (and functions), recomputes the run itself, and returns
``(passed, message)``; it never trusts what the reader's code printed.
:func:`attempt` does the same here in CPython, so the build (and the tests)
can prove that every challenge's solution passes and its starter does not:
a page never carries a broken challenge.

The checking code uses nothing beyond Python's built-ins and ``math``: the
page's Python loads no other package. Each challenge's bounds (start,
tolerance, step budget, ...) are in ``Challenge.values``, which the lesson
modules hand to the prose as named values (``{{ rate.challenge.steps }}``).

>>> outcome = attempt(CHALLENGES["rate"].solution, CHALLENGES["rate"])
>>> outcome.passed, outcome.error
(True, None)
>>> attempt(CHALLENGES["rate"].starter, CHALLENGES["rate"]).passed
False
"""

from __future__ import annotations

import contextlib
import dataclasses
import io
import math
import re
import sys
import traceback
from collections.abc import Mapping
from typing import Any, NamedTuple

from . import _validate
from ._validate import ArgumentError, ArgumentTypeError

__all__ = ["Challenge", "Attempt", "CHALLENGES", "attempt", "challenge"]

FILENAME = "<your code>"
"""The file name tracebacks give the reader's code (as :func:`gdnotes.widgets.run_snippet` does)."""


@dataclasses.dataclass(frozen=True)
class Challenge:
    """One task for the try-it cell.

    Attributes:
        key: its name (``try_it(challenge=key)``), lowercase words and hyphens.
        lesson: the lesson it belongs to.
        starter: the code the reader starts from; it runs, and does not pass.
        check: Python source that defines ``check(namespace)``, returning
            ``(passed, message)``; it runs after the reader's code, with the
            reader's namespace, and recomputes what it judges.
        hint: shown after a miss (Markdown).
        solution: a worked solution (Python); it passes.
        explanation: why the solution works (Markdown), shown with it.
        values: the task's bounds, for the lesson's prose.
    """

    key: str
    lesson: int
    starter: str
    check: str
    hint: str
    solution: str
    explanation: str
    values: Mapping[str, Any]

    def __post_init__(self) -> None:
        if not isinstance(self.key, str) or not re.fullmatch(r"[a-z][a-z0-9]*(-[a-z0-9]+)*", self.key):
            raise ArgumentError(f"key must be lowercase words joined by hyphens, got {self.key!r}")
        for name in ("starter", "check", "hint", "solution", "explanation"):
            text = getattr(self, name)
            if not isinstance(text, str) or not text.strip():
                raise ArgumentError(f"{name} of challenge {self.key!r} must be non-empty text")
        if "def check(" not in self.check:
            raise ArgumentError(f"check of challenge {self.key!r} must define check(namespace)")


class Attempt(NamedTuple):
    """What running some code against a challenge gave.

    ``output`` is what the code printed; ``error`` the last line of the
    exception it raised (then the check did not run and ``passed`` is
    False); ``message`` what the check said.
    """

    passed: bool
    message: str
    output: str
    error: str | None


def _verdict(check: str, namespace: dict) -> tuple[bool, str]:
    """Run the checking code on the reader's namespace, as the page's worker does; a failing check is a miss."""
    scope: dict[str, Any] = {"__name__": "gdnotes_check"}
    try:
        exec(compile(check, "<check>", "exec"), scope)  # noqa: S102 - the challenge's own checking code
        result = scope["check"](namespace)
        passed, message = result
        return passed is True, str(message)
    except Exception as error:  # the reader's objects may raise anything
        return False, f"The check could not read your result: {type(error).__name__}: {error}"


def attempt(code: str, task: Challenge) -> Attempt:
    """Run ``code`` as the try-it cell does (fresh namespace, output captured), then ``task``'s check.

    >>> attempt("alpha = 'fast'", CHALLENGES["rate"]).message
    'Set alpha to a number, for example alpha = 0.2.'
    """
    if not isinstance(code, str):
        raise ArgumentTypeError(f"code must be a string of Python, got {type(code).__name__}")
    _validate.instance(task, Challenge, "task", "a Challenge")
    printed = io.StringIO()
    namespace: dict[str, Any] = {"__name__": "__main__"}
    saved_stdin = sys.stdin
    try:
        sys.stdin = io.StringIO("")
        with contextlib.redirect_stdout(printed), contextlib.redirect_stderr(printed):
            exec(compile(code, FILENAME, "exec"), namespace)  # noqa: S102 - the lesson's code, or a test's
            passed, message = _verdict(task.check, namespace)
    except BaseException as error:  # the reader's code raised: the check does not run
        if isinstance(error, SystemExit) and error.code in (None, 0):
            passed, message = _verdict(task.check, namespace)
            return Attempt(passed, message, printed.getvalue(), None)
        detail = "".join(traceback.format_exception_only(type(error), error)).strip()
        return Attempt(False, "Your code raised an exception, so the check did not run.", printed.getvalue(), detail)
    finally:
        sys.stdin = saved_stdin
    return Attempt(passed, message, printed.getvalue(), None)


def _constants(**named: float | int | tuple) -> str:
    """The lines that give the checking code its bounds (from the lesson modules, not typed twice)."""
    return "".join(f"{name} = {value!r}\n" for name, value in named.items())


# ----------------------------------------------------------------- lesson 3


def _update() -> Challenge:
    from .lessons import update

    start, alpha, tolerance = update.START, update.ALPHA, update.TOLERANCE
    cases = ((start, alpha), (-2.0, 0.25), (1.5, 0.3))
    steps = 0
    w = start
    while abs(w) >= tolerance:
        w, steps = w - alpha * 2 * w, steps + 1
    starter = f'''\
# L(w) = w**2, whose slope is 2w. Finish step(): it must return
# the w after one gradient-descent step with learning rate alpha.
def step(w, alpha):
    slope = 2 * w
    return w  # <- write the update rule here

# The loop: step from w = {start!r} until |w| < {tolerance!r}, counting steps
# (it gives up after 1000 steps).
w, alpha, steps = {start!r}, {alpha!r}, 0
while abs(w) >= {tolerance!r} and steps < 1000:
    w = step(w, alpha)
    steps = steps + 1
print(f"{{steps}} steps, w = {{w:.6g}}")
'''
    solution = starter.replace("    return w  # <- write the update rule here", "    return w - alpha * slope")
    check = _constants(START=start, ALPHA=alpha, TOLERANCE=tolerance, CASES=cases) + '''
import math

def _number(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool)

def check(ns):
    step = ns.get("step")
    if not callable(step):
        return False, "Define a function step(w, alpha) that returns the next w."
    for w, alpha in CASES:
        want = w - alpha * 2 * w
        got = step(w, alpha)
        if not _number(got) or not math.isclose(got, want, rel_tol=1e-9, abs_tol=1e-12):
            return False, (f"step({w:g}, {alpha:g}) returns {got!r}, but one step of gradient descent "
                           f"on L(w) = w² from w = {w:g} with α = {alpha:g} gives {want:g}.")
    w, steps = START, 0
    while abs(w) >= TOLERANCE:
        w, steps = w - ALPHA * 2 * w, steps + 1
    if ns.get("steps") != steps or not _number(ns.get("w")) or abs(ns["w"]) >= TOLERANCE:
        return False, (f"step() is right, but the loop should stop at the first w with |w| < {TOLERANCE:g} "
                       f"and count its steps: it got steps = {ns.get('steps')!r}.")
    return True, (f"step() does one gradient-descent step, and the loop reaches |w| < {TOLERANCE:g} "
                  f"after {steps} steps (w = {w:.3g}), as the check's own run does.")
'''
    return Challenge(
        key="update",
        lesson=3,
        starter=starter,
        check=check,
        hint="Gradient descent moves *against* the slope, by the learning rate times the slope: "
        "the new $w$ is the old $w$ minus `alpha * slope`.",
        solution=solution,
        explanation="The update rule $w \\leftarrow w - \\alpha L'(w)$ with $L'(w) = 2w$ is one line, "
        "`return w - alpha * slope`. Each step multiplies $w$ by $1 - 2\\alpha$, so $|w|$ shrinks "
        "by the same factor every step until it drops below the tolerance.",
        values={"start": start, "alpha": alpha, "tolerance": tolerance, "steps": steps},
    )


# ----------------------------------------------------------------- lesson 4


def _rate() -> Challenge:
    from .lessons import rate

    start, steps, tolerance = rate.START, rate.RUN_STEPS, rate.TOLERANCE
    # |x_n| = |x_0| |1 - 2 alpha|^n: the rates that pass lie around the one-step rate 1/2
    reach = (tolerance / start) ** (1 / steps)
    starter = f'''\
# Gradient descent on f(x) = x**2 (its slope is 2x):
# {steps} steps from x = {start!r} with learning rate alpha.
alpha = 0.05  # <- choose your learning rate

x = {start!r}
for step in range({steps}):
    x = x - alpha * 2 * x
print(f"alpha = {{alpha}}: after {steps} steps x = {{x:.4g}}")
'''
    solution = f'''\
# After n steps x = x0 * (1 - 2*alpha)**n, so we need
# |1 - 2*alpha| < (tolerance / |x0|) ** (1 / n).
reach = ({tolerance!r} / {start!r}) ** (1 / {steps})
print(f"any alpha between {{(1 - reach) / 2:.4f}} and {{(1 + reach) / 2:.4f}} works")

alpha = 0.4  # inside that range: each step multiplies x by 0.2

x = {start!r}
for step in range({steps}):
    x = x - alpha * 2 * x
print(f"alpha = {{alpha}}: after {steps} steps x = {{x:.4g}}")
'''
    check = _constants(START=start, STEPS=steps, TOLERANCE=tolerance) + '''
def check(ns):
    alpha = ns.get("alpha")
    if isinstance(alpha, bool) or not isinstance(alpha, (int, float)):
        return False, "Set alpha to a number, for example alpha = 0.2."
    x = START
    for _ in range(STEPS):
        x = x - alpha * 2 * x
    where = f"With α = {alpha:g}, {STEPS} steps from x = {START:g} end at x = {x:.3g}"
    if abs(x) < TOLERANCE:
        return True, f"{where}: within {TOLERANCE:g} of the minimum."
    return False, f"{where}: not within {TOLERANCE:g} of the minimum yet."
'''
    return Challenge(
        key="rate",
        lesson=4,
        starter=starter,
        check=check,
        hint="Each step multiplies $x$ by $1 - 2\\alpha$. To get close in few steps that multiplier must be "
        f"small in size: try rates nearer the one-step rate $\\alpha = {1 / rate.CURVATURE:g}$, and remember that "
        f"past $\\alpha = {2 / rate.CURVATURE:g}$ the run diverges.",
        solution=solution,
        explanation="After $n$ steps $x_n = x_0 (1 - 2\\alpha)^n$, so the run ends close enough exactly when "
        "$|1 - 2\\alpha|^n |x_0|$ is below the tolerance. The code solves that for $\\alpha$ and picks "
        "a rate inside the range.",
        values={"start": start, "steps": steps, "tolerance": tolerance,
                "low": (1 - reach) / 2, "high": (1 + reach) / 2},
    )


# ----------------------------------------------------------------- lesson 7


def _momentum() -> Challenge:
    from .lessons import momentum

    lams = (1.0, 25.0)  # the ravine 0.5 * (x**2 + 25 y**2): curvatures 1 and 25
    start, tolerance, budget = momentum.START, momentum.TOLERANCE, momentum.RATE_CHECK_STEPS
    starter = f'''\
# Heavy-ball momentum on the ravine L(x, y) = (x**2 + 25 * y**2) / 2,
# from ({start[0]!r}, {start[1]!r}). With beta = 0 it is plain gradient descent.
alpha = 0.02  # <- learning rate
beta = 0.9    # <- momentum

x, y = {start!r}
vx, vy = 0.0, 0.0
for step in range({budget}):
    gx, gy = x, 25 * y             # the gradient
    vx, vy = beta * vx + gx, beta * vy + gy
    x, y = x - alpha * vx, y - alpha * vy
print(f"after {budget} steps: distance to the minimum {{(x * x + y * y) ** 0.5:.3g}}")
'''
    solution = starter.replace("alpha = 0.02  # <- learning rate", "alpha = 1 / 9  # 4 / (sqrt(25) + sqrt(1))**2").replace(
        "beta = 0.9    # <- momentum", "beta = 4 / 9   # ((sqrt(25) - 1) / (sqrt(25) + 1))**2"
    )
    check = _constants(START=start, TOLERANCE=tolerance, BUDGET=budget, CURVATURES=lams) + '''
import math

def _number(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)

def check(ns):
    alpha, beta = ns.get("alpha"), ns.get("beta")
    if not _number(alpha) or alpha <= 0:
        return False, "Set alpha to a positive number."
    if not _number(beta) or not 0 <= beta < 1:
        return False, "Set beta to a number from 0 up to (not including) 1."
    (x, y), (vx, vy) = START, (0.0, 0.0)
    # the first step from which the run stays within the tolerance (run on past the budget to be sure)
    settled = 0
    for step in range(1, 4 * BUDGET + 1):
        vx, vy = beta * vx + CURVATURES[0] * x, beta * vy + CURVATURES[1] * y
        x, y = x - alpha * vx, y - alpha * vy
        gap = math.hypot(x, y)
        if not math.isfinite(gap) or gap > 1e12:
            return False, f"With α = {alpha:g}, β = {beta:g} the run diverges (step {step})."
        if gap > TOLERANCE:
            settled = step
    settled += 1
    where = f"With α = {alpha:g}, β = {beta:g}"
    if settled <= BUDGET:
        return True, f"{where} the run stays within {TOLERANCE:g} of the minimum from step {settled}: inside the budget of {BUDGET}."
    if settled > 4 * BUDGET:
        return False, f"{where} the run is still farther than {TOLERANCE:g} from the minimum after {4 * BUDGET} steps."
    return False, f"{where} the run stays within {TOLERANCE:g} of the minimum only from step {settled}; the budget is {BUDGET}."
'''
    return Challenge(
        key="momentum",
        lesson=7,
        starter=starter,
        check=check,
        hint=f"The race's β = {momentum.BETA:g} carries too much speed: the run swings to and fro for a long time. "
        "Try a smaller β with a larger α, and keep $\\alpha$ small enough that the steep direction "
        "does not blow up.",
        solution=solution,
        explanation="The heavy ball is fastest on a quadratic when $\\beta = \\left(\\frac{\\sqrt{\\lambda_{\\max}} - "
        "\\sqrt{\\lambda_{\\min}}}{\\sqrt{\\lambda_{\\max}} + \\sqrt{\\lambda_{\\min}}}\\right)^2$ and "
        "$\\alpha = \\frac{4}{(\\sqrt{\\lambda_{\\max}} + \\sqrt{\\lambda_{\\min}})^2}$ (see the theory below). "
        "With curvatures 1 and 25 that is $\\beta = 4/9$ and $\\alpha = 1/9$: the distance then shrinks "
        "by about $\\sqrt{\\beta} = 2/3$ per step.",
        values={"start_x": start[0], "start_y": start[1], "tolerance": tolerance, "budget": budget},
    )


# ----------------------------------------------------------------- lesson 8


MODEL_BUDGET = 300
"""Lesson 8's challenge: the most steps the reader may take."""
MODEL_GAP = 1e-5
"""Lesson 8's challenge: how far above the least-squares cost the final cost may be."""
MODEL_SOLUTION_ALPHA = 0.052
"""Lesson 8's worked solution: a rate just below the limit 2/λmax."""


def _model() -> Challenge:
    from . import regression

    data = regression.petals()
    xs, ys = [float(v) for v in data.x], [float(v) for v in data.y]
    n = len(xs)
    means = {
        "mean_x": sum(xs) / n,
        "mean_y": sum(ys) / n,
        "mean_xx": sum(v * v for v in xs) / n,
        "mean_xy": sum(a * b for a, b in zip(xs, ys)) / n,
        "mean_yy": sum(v * v for v in ys) / n,
    }
    w_best, b_best = (float(v) for v in regression.least_squares(data.x, data.y))
    best = float(regression.cost([w_best, b_best], data.x, data.y))
    budget, gap = MODEL_BUDGET, MODEL_GAP
    averages = "".join(f"{name} = {value!r}\n" for name, value in means.items())
    starter = f'''\
# The line y = w * x + b through the {n} iris petals (x: length, y: width).
# Its cost J (mean squared error) and gradient need only these averages
# of the data (expand the square in J to see why):
{averages}
def cost(w, b):
    return (w * w * mean_xx + 2 * w * b * mean_x + b * b
            - 2 * w * mean_xy - 2 * b * mean_y + mean_yy)

alpha = 0.01  # <- learning rate
steps = 300   # <- number of steps (at most {budget})

w, b = 0.0, 0.0
for step in range(steps):
    dw = 2 * (w * mean_xx + b * mean_x - mean_xy)
    db = 2 * (w * mean_x + b - mean_y)
    w, b = w - alpha * dw, b - alpha * db
print(f"after {{steps}} steps: w = {{w:.4f}}, b = {{b:.4f}}, cost J = {{cost(w, b):.6f}}")
'''
    trace, det = 2 * (means["mean_xx"] + 1), 4 * (means["mean_xx"] - means["mean_x"] ** 2)
    limit = 2 / ((trace + math.sqrt(trace * trace - 4 * det)) / 2)  # 2 / λmax of the Hessian 2[[E x², E x], [E x, 1]]
    solution = starter.replace("alpha = 0.01  # <- learning rate", f"alpha = {MODEL_SOLUTION_ALPHA!r}  # just below 2 / λmax ≈ {limit:.4f}")
    check = _constants(BUDGET=budget, GAP=gap, GAP_TEXT=f"{gap:.12f}".rstrip("0"), BEST=best, **means) + '''
import math

def _cost(w, b):
    return (w * w * mean_xx + 2 * w * b * mean_x + b * b
            - 2 * w * mean_xy - 2 * b * mean_y + mean_yy)

def check(ns):
    alpha, steps = ns.get("alpha"), ns.get("steps")
    if isinstance(alpha, bool) or not isinstance(alpha, (int, float)) or not math.isfinite(alpha) or alpha <= 0:
        return False, "Set alpha to a positive number."
    if isinstance(steps, bool) or not isinstance(steps, int) or not 1 <= steps <= BUDGET:
        return False, f"Set steps to a whole number from 1 to {BUDGET}."
    w, b = 0.0, 0.0
    for step in range(steps):
        dw = 2 * (w * mean_xx + b * mean_x - mean_xy)
        db = 2 * (w * mean_x + b - mean_y)
        w, b = w - alpha * dw, b - alpha * db
        if not (math.isfinite(w) and math.isfinite(b)) or abs(w) + abs(b) > 1e100:
            return False, f"With α = {alpha:g} the run diverges (step {step + 1}): α is past the limit 2/λmax."
    cost = _cost(w, b)
    if cost > _cost(0.0, 0.0):
        return False, f"With α = {alpha:g} the run diverges: after {steps} steps the cost is {cost:.3g}. α is past the limit 2/λmax."
    where = f"With α = {alpha:g}, {steps} steps end at cost J = {cost:.6f}"
    if cost - BEST < GAP:
        return True, f"{where}, within {GAP_TEXT} of the least possible cost {BEST:.6f}."
    return False, f"{where}, {cost - BEST:.2g} above the least possible cost {BEST:.6f} (the task: less than {GAP_TEXT})."
'''
    return Challenge(
        key="model",
        lesson=8,
        starter=starter,
        check=check,
        hint="With a fixed budget of steps, the slow direction along the valley floor decides: it shrinks "
        "faster the larger $\\alpha$ is. Raise $\\alpha$ towards the limit $2/\\lambda_{\\max}$, but stay below it.",
        solution=solution,
        explanation="Along the valley floor each step keeps a fraction $1 - \\alpha\\lambda_{\\min}$ of the distance "
        "still to go, so the larger the rate the better, up to the limit $2/\\lambda_{\\max}$ above which the "
        f"steep direction blows up. A rate just below the limit, such as {MODEL_SOLUTION_ALPHA:g}, clears the task in the budget.",
        values={"budget": budget, "gap": gap, "best": best, "limit": limit, "solution_alpha": MODEL_SOLUTION_ALPHA, **means},
    )


_MAKERS = {"update": _update, "rate": _rate, "momentum": _momentum, "model": _model}
_MADE: dict[str, Challenge] = {}


class _Challenges(Mapping):
    """The challenges by key, each made (from its lesson's values) the first time it is asked for."""

    def __getitem__(self, key: str) -> Challenge:
        if key not in _MAKERS:
            raise KeyError(key)
        if key not in _MADE:
            _MADE[key] = _MAKERS[key]()
        return _MADE[key]

    def __iter__(self):
        return iter(_MAKERS)

    def __len__(self) -> int:
        return len(_MAKERS)


CHALLENGES: Mapping[str, Challenge] = _Challenges()
"""Every challenge by key: ``update`` (lesson 3), ``rate`` (4), ``momentum`` (7) and ``model`` (8)."""


def challenge(key: object) -> Challenge:
    """The challenge called ``key``; a clear error naming the keys there are otherwise."""
    if not isinstance(key, str):
        raise ArgumentTypeError(f"challenge must be the name of a challenge (its key), got {type(key).__name__} {key!r}")
    if key not in _MAKERS:
        raise ArgumentError(f"challenge must be one of {', '.join(_MAKERS)}, got the key {key!r}")
    return CHALLENGES[key]

