r"""Worked solutions for the practice page, computed from the package.

Each problem on ``docs/practice.md`` gives the reader some input values and
unfolds a solution whose every derived number comes from here, from
:mod:`gdnotes.descent`, :mod:`gdnotes.theory` or :mod:`gdnotes.regression`.
The functions come in two kinds:

* *numbers*: :func:`hand_steps`, :func:`momentum_steps`,
  :func:`regression_step`, :func:`example_gradients`, :func:`first_step_below`
  return plain records that the tests compare with the rest of the package;
* *Markdown*: the ``*_markdown`` and ``*_table`` functions turn those numbers
  into the step-by-step part of a worked solution, so that each block on the
  page stays a few lines long.

A few small losses that only the practice page uses are defined here, once,
as SymPy expressions, exactly like the surfaces of :mod:`gdnotes.surfaces`.

>>> [float(step.after[0]) for step in hand_steps(shifted_bowl(3.0), 0.1, 0.0, 2)]
[0.6000000000000001, 1.08]
>>> print(steps_markdown(shifted_bowl(3.0), 0.1, 0.0, 1))
- **Step 1.** At $w = 0$ the slope is $L'(0) = {-6}$. The step is $0.1 \times ({-6}) = {-0.6}$, so $w \leftarrow 0 - ({-0.6}) = 0.6$. The loss goes from $9$ to $5.76$.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

import numpy as np
import sympy as sp

from . import _validate, descent, tables, theory
from .optimizers import Optimizer
from .surfaces import Surface, quadratic, resolve
from ._validate import ArgumentError, ArgumentTypeError

__all__ = [
    "shifted_bowl",
    "product_valley",
    "plateau",
    "sign_bug",
    "tex",
    "signed",
    "point",
    "partial_latex",
    "gradient_markdown",
    "HandStep",
    "hand_steps",
    "steps_markdown",
    "MomentumStep",
    "momentum_steps",
    "momentum_markdown",
    "regime_table",
    "tolerance_table",
    "blowup_table",
    "first_step_below",
    "RegressionStep",
    "regression_step",
    "regression_markdown",
    "example_gradients",
]

number = tables.number
"""A number for prose and tables (:func:`gdnotes.tables.number`: typographic minus sign)."""


# ----------------------------------------------------------------- losses used only here


def shifted_bowl(center: float = 3.0) -> Surface:
    """The bowl ``L(w) = (w - center)**2``, whose minimum sits at ``center`` instead of 0."""
    c = _validate.finite_number(center, "center")
    w = sp.Symbol("w", real=True)
    expression = (w - sp.Rational(repr(c))) ** 2
    return Surface("shifted_bowl", "A shifted bowl", expression, (w,), ((c - 5.0, c + 5.0),), ((c,),))


def product_valley(target: float = 2.0) -> Surface:
    """``L(w1, w2) = (w1 * w2 - target)**2``: a curved valley of minima along ``w1 * w2 = target``.

    Its origin is a flat point that is not a minimum: the gradient there is
    zero but the loss is ``target**2``.
    """
    t = _validate.positive_number(target, "target")
    w1, w2 = sp.symbols("w1 w2", real=True)
    expression = (w1 * w2 - sp.Rational(repr(t))) ** 2
    return Surface("product_valley", "A valley of minima", expression, (w1, w2), ((-3.0, 3.0), (-3.0, 3.0)), ())


def plateau() -> Surface:
    """``L(w) = w**2 / (1 + w**2)``: a bowl near 0 whose sides flatten into a plateau at height 1."""
    w = sp.Symbol("w", real=True)
    return Surface("plateau", "A bowl with a plateau", w**2 / (1 + w**2), (w,), ((-12.0, 12.0),), ((0.0,),))


def sign_bug(learning_rate: float) -> Optimizer:
    """The update ``w <- w + learning_rate * grad``: gradient descent with its minus sign lost.

    It is gradient *ascent*; run with :func:`gdnotes.descent.run` it climbs
    away from a minimum until the run is flagged as diverged.
    """
    alpha = _validate.positive_number(learning_rate, "learning_rate")

    def init(params: np.ndarray) -> tuple:
        return ()

    def update(grads: np.ndarray, state: tuple) -> tuple[np.ndarray, tuple]:
        return alpha * np.asarray(grads, dtype=float), state

    return Optimizer("gradient ascent (sign bug)", init, update, {"learning_rate": alpha})


# ----------------------------------------------------------------- formatting


def tex(value: float, digits: int = 4) -> str:
    r"""A number for inside ``$...$``: like :func:`number`, in LaTeX.

    The minus sign is ASCII, LaTeX's own (the typographic U+2212 that
    :func:`number` prints is meant for text), and a negative number is
    braced, ``{-2}``, so that the
    minus is a prefix sign and not spaced like a subtraction. ``e``
    notation becomes a power of ten.

    >>> tex(-0.25), tex(1200.0), tex(2.5e11), tex(-1e-6)
    ('{-0.25}', '1200', '2.5 \\times 10^{11}', '{-10^{-6}}')
    """
    value = _validate.finite_number(value, "value")
    text = number(value, digits).replace("−", "-")
    if "e" in text:
        mantissa, exponent = text.split("e")
        power = f"10^{{{int(exponent)}}}"
        text = power if mantissa == "1" else f"-{power}" if mantissa == "-1" else f"{mantissa} \\times {power}"
    return f"{{{text}}}" if text.startswith("-") else text


def signed(value: float, digits: int = 4) -> str:
    """A number for the middle of a formula (inside ``$...$``): negatives get parentheses, ``({-0.6})``."""
    text = tex(value, digits)
    return f"({text})" if text.startswith("{-") else text


def point(values: object, digits: int = 4, math: bool = True) -> str:
    """A point or vector as ``(a, b)``; a single coordinate prints as a bare number.

    With ``math=True`` (the default) the numbers are :func:`tex` numbers, for
    inside ``$...$``; with ``math=False`` they are :func:`number` numbers, for
    prose and table cells.
    """
    array = np.atleast_1d(_validate.numeric_array(values, "values"))
    if array.ndim != 1 or array.size == 0:
        raise ArgumentError(f"values must be one number or a flat sequence of numbers, got shape {array.shape}")
    if not np.all(np.isfinite(array)):
        raise ArgumentError(f"values must be finite, got {array.tolist()!r:.60}")
    _validate.instance(math, (bool, np.bool_), "math", "True or False")
    fmt = tex if math else number
    if array.size == 1:
        return fmt(float(array[0]) + 0.0, digits)
    return "(" + ", ".join(fmt(float(v) + 0.0, digits) for v in array) + ")"




def _one_point(value: object, dim: int, name: str) -> np.ndarray:
    points = _validate.points(value, dim, name)
    if points.shape[0] != 1:
        raise ArgumentError(f"{name} must be a single point, got {points.shape[0]} points")
    return points[0]


# ----------------------------------------------------------------- gradients


def partial_latex(surface: Surface, inline: bool = False) -> tuple[str, ...]:
    """Each partial derivative of ``surface`` as LaTeX, factored (``2 \\left(w - 3\\right)``).

    With ``inline=True`` a quotient is written with a slash, ``2 w / (...)^2``,
    which reads better in running text than a small stacked fraction.
    """
    surface = resolve(surface)
    if not isinstance(inline, bool):
        raise ArgumentTypeError(f"inline must be True or False, got {inline!r}")
    out = []
    for g in surface.gradient_expressions:
        factored = sp.factor(g)
        top, bottom = sp.fraction(factored)
        if not inline or bottom == 1:
            out.append(sp.latex(factored))
            continue
        below = sp.latex(bottom)
        if isinstance(bottom, (sp.Add, sp.Mul)):
            below = f"\\left({below}\\right)"
        above = sp.latex(top)
        if isinstance(top, sp.Add):
            above = f"\\left({above}\\right)"
        out.append(f"{above} / {below}")
    return tuple(out)


def gradient_markdown(surface: Surface, points: Sequence[object], loss: str = "L") -> str:
    r"""A bullet per point: each partial's formula and value there, the gradient and the loss.

    The partials are SymPy's derivatives of the surface's expression; their
    values come from :meth:`Surface.gradient`.
    """
    surface = resolve(surface)
    _validate.instance(loss, str, "loss", "a string (the loss's symbol)")
    if isinstance(points, (str, bytes)) or not isinstance(points, Sequence) or len(points) == 0:
        raise ArgumentTypeError(f"points must be a non-empty list of points, got {points!r}")
    formulas = partial_latex(surface)
    names = [sp.latex(v) for v in surface.variables]
    lines = []
    for i, raw in enumerate(points):
        where = _one_point(raw, surface.dim, f"points[{i}]")
        grad = surface.gradient(where)
        parts = ", ".join(
            f"$\\partial {loss} / \\partial {name} = {formula} = {tex(float(g) + 0.0)}$"
            for name, formula, g in zip(names, formulas, grad)
        )
        lines.append(
            f"- At ${point(where)}$: {parts}. So $\\nabla {loss} = {point(grad)}$, "
            f"and the loss there is ${tex(float(surface.value(where)))}$."
        )
    return "\n".join(lines)


# ----------------------------------------------------------------- hand updates


class HandStep(NamedTuple):
    """One step of plain gradient descent, with everything a hand calculation writes down.

    ``before``, ``gradient`` and ``after`` have shape (d,).
    """

    k: int
    before: np.ndarray
    gradient: np.ndarray
    after: np.ndarray
    loss_before: float
    loss_after: float
    diverged: bool = False
    """True on the last step of a run that blew up there (its numbers may be huge or infinite)."""


def hand_steps(surface: Surface, learning_rate: float, start: object, steps: int) -> list[HandStep]:
    """The first ``steps`` steps of :func:`gdnotes.descent.gradient_descent_path` as :class:`HandStep` records.

    A run that diverges stops at the step where :mod:`gdnotes.descent` flags
    it; that last step is marked ``diverged``.
    """
    surface = resolve(surface)
    steps = _validate.count(steps, "steps", minimum=1)
    start = _one_point(start, surface.dim, "start")
    path = descent.gradient_descent_path(surface, learning_rate, start, steps)
    last = int(path.diverged_at[0]) if path.diverged[0] else steps
    return [
        HandStep(
            k,
            path.positions[k - 1, 0].copy(),
            path.gradients[k - 1, 0].copy(),
            path.positions[k, 0].copy(),
            float(path.losses[k - 1, 0]),
            float(path.losses[k, 0]),
            bool(path.diverged[0] and k == last),
        )
        for k in range(1, last + 1)
    ]


def steps_markdown(surface: Surface, learning_rate: float, start: object, steps: int) -> str:
    """A bullet per step: the slope (or gradient), the step, the update and the loss."""
    surface = resolve(surface)
    alpha = _validate.positive_number(learning_rate, "learning_rate")
    a = tex(alpha)
    names = [sp.latex(v) for v in surface.variables]
    lines = []
    for s in hand_steps(surface, alpha, start, steps):
        if surface.dim == 1:
            w, g, new = float(s.before[0]), float(s.gradient[0]), float(s.after[0])
            x = names[0]
            body = (
                f"At ${x} = {tex(w)}$ the slope is $L'({tex(w)}) = {tex(g)}$. "
                f"The step is ${a} \\times {signed(g)} = {tex(alpha * g)}$, "
                f"so ${x} \\leftarrow {tex(w)} - {signed(alpha * g)} = {tex(new)}$."
            )
        else:
            updates = " and ".join(
                f"${x} \\leftarrow {tex(float(w))} - {a} \\times {signed(float(g))} = {tex(float(new))}$"
                for x, w, g, new in zip(names, s.before, s.gradient, s.after)
            )
            body = f"At ${point(s.before)}$ the gradient is ${point(s.gradient)}$, so {updates}."
        lines.append(
            f"- **Step {s.k}.** {body} The loss goes from ${tex(s.loss_before)}$ to ${tex(s.loss_after)}$."
        )
    return "\n".join(lines)


# ----------------------------------------------------------------- momentum


class MomentumStep(NamedTuple):
    """Step ``k`` of heavy-ball momentum: the gradient at the old position, the new velocity and position."""

    k: int
    gradient: np.ndarray
    velocity: np.ndarray
    position: np.ndarray
    diverged: bool = False
    """True on the last step of a run that blew up there (its numbers may be huge or infinite)."""


def momentum_steps(surface: Surface, learning_rate: float, beta: float, start: object, steps: int) -> list[MomentumStep]:
    r"""Momentum written out by hand, in the convention of :func:`gdnotes.optimizers.momentum`:

    .. math:: v_k = \beta v_{k-1} + \nabla L(w_{k-1}), \qquad w_k = w_{k-1} - \alpha v_k, \qquad v_0 = 0.

    This is an independent transcription of the formula (it does not call
    the optimizer), so comparing it with :func:`gdnotes.descent.run` checks both.
    A run that blows up (a coordinate past :data:`gdnotes.descent.DIVERGENCE_LIMIT`
    or not finite) ends with the step where it did, marked ``diverged``, as
    :func:`hand_steps` does, rather than going on in NaN.
    """
    surface = resolve(surface)
    alpha = _validate.positive_number(learning_rate, "learning_rate")
    beta = _validate.unit_interval(beta, "beta")
    steps = _validate.count(steps, "steps", minimum=1)
    w = _one_point(start, surface.dim, "start")
    v = np.zeros_like(w)
    records = []
    with np.errstate(all="ignore"):
        for k in range(1, steps + 1):
            g = np.asarray(surface.gradient(w), dtype=float).reshape(w.shape)
            v = beta * v + g
            w = w - alpha * v
            blew_up = not np.all(np.abs(w) <= descent.DIVERGENCE_LIMIT)  # NaN fails the comparison too
            records.append(MomentumStep(k, g, v.copy(), w.copy(), blew_up))
            if blew_up:
                break
    return records


def momentum_markdown(surface: Surface, learning_rate: float, beta: float, start: object, steps: int) -> str:
    """A bullet per step of :func:`momentum_steps`: the gradient, then each line of the update with its arithmetic."""
    records = momentum_steps(surface, learning_rate, beta, start, steps)
    surface = resolve(surface)
    a, b = tex(float(learning_rate)), tex(float(beta))
    w_before, v_before = _one_point(start, surface.dim, "start"), np.zeros(surface.dim)
    lines = []
    for r in records:
        lines += [
            f"- **Step {r.k}.** The gradient at ${point(w_before)}$ is $g = {point(r.gradient)}$.",
            # two pieces of math, so that a narrow screen can break the line before the result
            f"    - $v_{r.k} = {b} \\times {point(v_before)} + {point(r.gradient)}$ $= {point(r.velocity)}$",
            f"    - $w_{r.k} = {point(w_before)} - {a} \\times {point(r.velocity)}$ $= {point(r.position)}$",
        ]
        w_before, v_before = r.position, r.velocity
    return "\n".join(lines)


# ----------------------------------------------------------------- learning rates on a quadratic


def _rates(learning_rates: object) -> list[float]:
    if isinstance(learning_rates, (str, bytes)) or not isinstance(learning_rates, Sequence):
        raise ArgumentTypeError(f"learning_rates must be a sequence of positive numbers, got {learning_rates!r}")
    return _validate.positive_numbers(learning_rates, "learning_rates")


def regime_table(learning_rates: Sequence[float], curvature: float = 2.0, start: float = 1.0, steps: int = 3) -> str:
    """A Markdown table: for each rate on ``f = curvature * x**2 / 2``, the multiplier, ``x_steps`` and the regime.

    The multiplier and the regime come from :mod:`gdnotes.theory`; ``x_steps``
    from an actual run of :mod:`gdnotes.descent`.
    """
    rates = _rates(learning_rates)
    lam = _validate.positive_number(curvature, "curvature")
    x0 = _validate.finite_number(start, "start")
    steps = _validate.count(steps, "steps", minimum=1)
    bowl = quadratic([lam])
    rows = []
    for alpha in rates:
        end = descent.gradient_descent_path(bowl, alpha, x0, steps).positions[-1, 0, 0]
        rows.append([alpha, theory.contraction_factor(alpha, lam), float(end), theory.regime(alpha, lam)])
    subscript = str(steps).translate(str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉"))
    headers = ["α", f"1\u00a0−\u00a0{number(lam)}α", f"x{subscript}", "what the run does"]
    return tables.markdown_table(headers, rows, align="rrrl")


def tolerance_table(learning_rates: Sequence[float], start: float, tolerance: float, curvature: float = 2.0) -> str:
    """A Markdown table: for each rate, the size of the multiplier and the fewest steps to ``|x| <= tolerance``."""
    rates = _rates(learning_rates)
    lam = _validate.positive_number(curvature, "curvature")
    rows = []
    for alpha in rates:
        steps = theory.steps_to_tolerance(alpha, start, tolerance, lam)
        factor = abs(theory.contraction_factor(alpha, lam))
        rows.append([alpha, factor, "never" if steps is None else steps])
    return tables.markdown_table(["α", f"size of 1\u00a0−\u00a0{number(lam)}α", "steps needed"], rows)


def blowup_table(path: descent.Path, first: int = 5, names: Sequence[str] | None = None, digits: int = 5) -> str:
    """The first ``first`` steps of a one-start path and, after a gap, the step where it was flagged as diverged."""
    if not isinstance(path, descent.Path):
        raise ArgumentTypeError(f"path must be a gdnotes.descent.Path, got {type(path).__name__}")
    first = _validate.count(first, "first", minimum=1)
    if path.positions.shape[1] != 1:
        raise ArgumentError(f"path must have a single start, got {path.positions.shape[1]}")
    d = path.positions.shape[2]
    names = list(_validate.strings(names, "names")) if names is not None else (["x"] if d == 1 else [f"w{i + 1}" for i in range(d)])
    if len(names) != d:
        raise ArgumentError(f"names must have {d} entries, got {len(names)}")
    end = int(path.diverged_at[0]) if path.diverged[0] else path.steps
    shown = list(range(min(first, end) + 1))
    rows = [[k, *path.positions[k, 0], path.losses[k, 0]] for k in shown]
    if end > shown[-1]:
        if end > shown[-1] + 1:
            rows.append(["…"] * (d + 2))
        rows.append([end, *path.positions[end, 0], path.losses[end, 0]])
    return tables.markdown_table(["step k", *names, "loss"], rows, digits)


def first_step_below(values: object, threshold: float) -> int | None:
    """The first index ``k`` with ``values[k] < threshold``, or ``None`` if there is none (NaN never counts)."""
    array = _validate.numeric_array(values, "values")
    if array.ndim != 1:
        raise ArgumentError(f"values must be a 1-D sequence, got shape {array.shape}")
    limit = _validate.finite_number(threshold, "threshold")
    with np.errstate(invalid="ignore"):
        hits = np.nonzero(array < limit)[0]
    return int(hits[0]) if hits.size else None


# ----------------------------------------------------------------- linear regression


class RegressionStep(NamedTuple):
    """One gradient step of the line ``w x + b`` on a small data set, worked by hand.

    ``residuals`` has shape (n,); ``gradient`` and ``after`` are ``(w, b)`` pairs.
    """

    residuals: np.ndarray
    gradient: np.ndarray
    after: np.ndarray
    cost_before: float
    cost_after: float


def _data(x: object, y: object) -> tuple[np.ndarray, np.ndarray]:
    x, y = _validate.numeric_array(x, "x"), _validate.numeric_array(y, "y")
    if x.ndim != 1 or y.ndim != 1 or x.size == 0:
        raise ArgumentError(f"x and y must be non-empty 1-D sequences, got shapes {x.shape} and {y.shape}")
    if x.shape != y.shape:
        raise ArgumentError(f"x and y must have the same length, got {x.size} and {y.size}")
    if not (np.all(np.isfinite(x)) and np.all(np.isfinite(y))):
        raise ArgumentError("x and y must hold finite numbers only")
    return x, y


def _pair(params: object) -> np.ndarray:
    array = _validate.numeric_array(params, "params")
    if array.shape != (2,) or not np.all(np.isfinite(array)):
        raise ArgumentError(f"params must be one finite pair (w, b), got {params!r}")
    return array


def regression_step(x: object, y: object, params: object, learning_rate: float) -> RegressionStep:
    r"""One step on the mean squared error, by the formulas of lesson 8:

    .. math:: r_i = w x_i + b - y_i,\quad \partial_w J = \tfrac{2}{n}\sum_i r_i x_i,\quad \partial_b J = \tfrac{2}{n}\sum_i r_i.
    """
    x, y = _data(x, y)
    w, b = _pair(params)
    alpha = _validate.positive_number(learning_rate, "learning_rate")
    residuals = w * x + b - y
    gradient = np.array([2 * np.mean(residuals * x), 2 * np.mean(residuals)])
    with np.errstate(over="ignore", invalid="ignore"):
        after = np.array([w, b]) - alpha * gradient
        cost_after = float(np.mean((after[0] * x + after[1] - y) ** 2))
    if not (np.all(np.isfinite(after)) and np.isfinite(cost_after)):
        raise ArgumentError(f"learning_rate {alpha:g} is so large that the step overflows (the cost after it is not finite)")
    return RegressionStep(residuals, gradient, after, float(np.mean(residuals**2)), cost_after)


def regression_markdown(x: object, y: object, params: object, learning_rate: float) -> str:
    """A residual table, then the two partials and the update, each with its arithmetic."""
    x, y = _data(x, y)
    w, b = _pair(params)
    step = regression_step(x, y, params, learning_rate)
    n, a = x.size, tex(float(learning_rate))
    table = tables.markdown_table(
        ["i", "xᵢ", "yᵢ", "rᵢ", "rᵢ xᵢ"],
        [[i + 1, xi, yi, ri, ri * xi] for i, (xi, yi, ri) in enumerate(zip(x, y, step.residuals))],
    )
    r_sum = " + ".join(signed(float(r)) for r in step.residuals)
    rx_sum = " + ".join(signed(float(r * xi)) for r, xi in zip(step.residuals, x))
    gw, gb = (float(g) for g in step.gradient)
    return (
        f"{table}\n\n"
        f"$$\n\\frac{{\\partial J}}{{\\partial w}} = \\frac{{2}}{{{n}}}\\left({rx_sum}\\right) = {tex(gw)}\n$$\n\n"
        f"$$\n\\frac{{\\partial J}}{{\\partial b}} = \\frac{{2}}{{{n}}}\\left({r_sum}\\right) = {tex(gb)}\n$$\n\n"
        f"The step: $w \\leftarrow {tex(w)} - {a} \\times {signed(gw)} = {tex(float(step.after[0]))}$ and "
        f"$b \\leftarrow {tex(b)} - {a} \\times {signed(gb)} = {tex(float(step.after[1]))}$. "
        f"The cost goes from ${tex(step.cost_before)}$ to ${tex(step.cost_after)}$."
    )


def example_gradients(x: object, y: object, params: object) -> np.ndarray:
    r"""Shape (n, 2): the gradient of each example's own squared error ``(w x_i + b - y_i)**2``.

    Row ``i`` is ``(2 r_i x_i, 2 r_i)``. Their mean is the full gradient of
    the mean squared error; the mean over a subset is a mini-batch gradient.
    """
    x, y = _data(x, y)
    w, b = _pair(params)
    r = w * x + b - y
    return np.column_stack([2 * r * x, 2 * r])
