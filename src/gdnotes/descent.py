"""The descent engine: run an update rule on a surface from one start or many at once.

All starts move together as one array, so ten thousand starts cost about
as much Python as one. A start whose loss overflows or whose position
leaves a huge box is *diverged*: it is flagged with the step where that
happened, frozen as NaN from then on, and no floating-point warning escapes.
:func:`run_each` does the same for several optimizers at once, for races and
comparisons of settings.

:func:`run` also takes a learning-rate ``schedule`` (a function of the step,
such as those of :mod:`gdnotes.schedules`) and stopping rules
(:func:`gradient_below`, :func:`loss_change_below`, or your own
:class:`Stop`): a start that meets one is recorded in ``Path.stopped_at``
and ``Path.stopped_by`` and takes no more steps.

>>> from gdnotes import descent, surfaces, optimizers
>>> path = descent.run(surfaces.get("bowl1d"), optimizers.gradient_descent(0.1), start=4.0, steps=3)
>>> path.positions[:, 0, 0].round(4).tolist()
[4.0, 3.2, 2.56, 2.048]
"""

from __future__ import annotations

import dis
import functools
import inspect
import math
import types
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np

from . import _validate
from . import optimizers as _optimizers
from .optimizers import Optimizer, gradient_descent
from .surfaces import Surface, resolve
from ._validate import ArgumentError, ArgumentTypeError

__all__ = ["Path", "Stop", "run", "run_each", "gradient_descent_path", "gradient_below", "loss_change_below"]

DIVERGENCE_LIMIT = 1e12
"""A start is called diverged once a coordinate's size or its loss passes this."""


@dataclass(frozen=True)
class Path:
    """The record of a run of ``n`` steps from ``m`` starts in ``d`` dimensions.

    Attributes:
        surface: the surface that was descended.
        optimizer: the optimizer that was used.
        positions: shape (n + 1, m, d); row ``k`` is the parameters after ``k`` steps.
        losses: shape (n + 1, m).
        gradients: shape (n + 1, m, d), the gradient at each position.
        diverged_at: shape (m,); the first step whose position or loss passed
            :data:`DIVERGENCE_LIMIT` or was not finite, or -1 for a start that
            did not diverge. At that step the start keeps its (huge) position
            and loss but its gradient is NaN; after it all its rows are NaN.
        stopped_at: shape (m,); the step at which a stopping rule of
            :func:`run` ended the start (its rows after it are NaN), or -1.
            With stopping rules, the arrays end once every start has stopped
            or diverged, so ``n`` can be smaller than the ``steps`` asked for.
        stopped_by: for each start, the name of the rule that stopped it, or None.
    """

    surface: Surface
    optimizer: Optimizer
    positions: np.ndarray
    losses: np.ndarray
    gradients: np.ndarray
    diverged_at: np.ndarray
    stopped_at: np.ndarray = field(default=None)  # type: ignore[assignment]
    stopped_by: tuple = ()

    def __post_init__(self) -> None:
        if self.stopped_at is None:
            object.__setattr__(self, "stopped_at", np.full(self.diverged_at.shape, -1, dtype=int))
        if not self.stopped_by:
            object.__setattr__(self, "stopped_by", (None,) * self.diverged_at.shape[0])

    @property
    def steps(self) -> int:
        """Number of steps ``n``."""
        return self.positions.shape[0] - 1

    @property
    def diverged(self) -> np.ndarray:
        """Shape (m,): whether each start diverged."""
        return self.diverged_at >= 0

    @property
    def final(self) -> np.ndarray:
        """Shape (m, d): the last position of each start (NaN where diverged)."""
        return self.positions[-1]

    def trajectory(self, start: int = 0) -> np.ndarray:
        """Shape (n + 1, d): the positions of one start."""
        return self.positions[:, start, :]

    def last(self, start: int = 0) -> int:
        """The index of the last row of one start that holds a position: where it stopped or diverged, or ``n``."""
        for end in (self.stopped_at[start], self.diverged_at[start]):
            if end >= 0:
                return int(end)
        return self.steps


class Stop(NamedTuple):
    """A stopping rule: ``test(k, loss, previous_loss, gradient)`` says, for each start, whether to stop at step ``k``.

    ``loss`` has shape (m,), ``gradient`` (m, d); ``previous_loss`` is the loss
    one step before (NaN at ``k = 0``). The rule is checked after the
    position of step ``k`` is recorded, before the step is taken.
    """

    name: str
    test: Callable[[int, np.ndarray, np.ndarray, np.ndarray], np.ndarray]


def gradient_below(tolerance: float, name: str = "gradient norm") -> Stop:
    """Stop a start once its gradient's length is below ``tolerance``: :math:`\\|\\nabla L(w_k)\\| < \\varepsilon`."""
    _validate.instance(name, str, "name", "a string (the rule's name in Path.stopped_by)")
    tolerance = _validate.positive_number(tolerance, "tolerance")
    return Stop(name, lambda k, loss, previous, grad: np.sqrt(np.einsum("ij,ij->i", grad, grad)) < tolerance)


def loss_change_below(tolerance: float, name: str = "loss change") -> Stop:
    """Stop a start once its loss changed by less than ``tolerance`` in one step: :math:`|L(w_k) - L(w_{k-1})| < \\varepsilon`."""
    _validate.instance(name, str, "name", "a string (the rule's name in Path.stopped_by)")
    tolerance = _validate.positive_number(tolerance, "tolerance")
    return Stop(name, lambda k, loss, previous, grad: np.abs(previous - loss) < tolerance)


def run(
    surface: Surface | str,
    optimizer: Optimizer,
    start: object,
    steps: int,
    *,
    schedule: Callable[[int], float] | None = None,
    stop: Stop | Sequence[Stop] = (),
) -> Path:
    """Take ``steps`` steps of ``optimizer`` on ``surface`` from ``start``.

    Args:
        surface: a :class:`~gdnotes.surfaces.Surface` or the name of one.
        optimizer: from :mod:`gdnotes.optimizers`.
        start: one point (shape (d,), or a number for a 1-D surface) or many,
            shape (m, d).
        steps: the most steps to take, >= 0.
        schedule: the learning rate at step ``k``, ``schedule(k)``, in place of
            the optimizer's own (for example :func:`gdnotes.schedules.cosine`).
            Every rule of :mod:`gdnotes.optimizers` is linear in its learning
            rate, so step ``k`` is the optimizer's step times
            ``schedule(k) / learning_rate``.
        stop: a stopping rule or a list of them, checked in order at every step.

    Returns:
        A :class:`Path` whose arrays have a start axis even for one start.

    >>> path = run("bowl1d", gradient_descent(0.1), 4.0, 1000, stop=gradient_below(1e-3))
    >>> path.steps, path.stopped_by[0]
    (41, 'gradient norm')
    """
    surface = _objective(surface)
    _check_optimizer(optimizer, "optimizer")
    steps = _validate.count(steps, "steps")
    current = _validate.points(start, surface.dim, "start")
    if schedule is not None and not callable(schedule):
        raise ArgumentTypeError(f"schedule must be a function of the step (see gdnotes.schedules), got {type(schedule).__name__}")
    if not isinstance(stop, (Stop, Sequence)):
        raise ArgumentTypeError(f"stop must be a descent.Stop or a sequence of them, got {type(stop).__name__} {stop!r:.60}")
    stops = [stop] if isinstance(stop, Stop) else list(stop)
    for i, rule in enumerate(stops):
        if not isinstance(rule, Stop):
            raise ArgumentTypeError(f"stop[{i}] must be a descent.Stop (gradient_below, loss_change_below), got {type(rule).__name__}")
    scale = None
    if schedule is not None:
        base = optimizer.hyperparameters.get("learning_rate")
        if not base:
            raise ArgumentError(f"schedule needs an optimizer with a learning_rate, got {optimizer.name!r}")

        def scale(k: int) -> float:
            rate = float(schedule(k))
            if not (math.isfinite(rate) and rate >= 0):
                raise ArgumentError(f"schedule gave the learning rate {rate!r} at step {k}; it must be finite and >= 0")
            return rate / base

    return _descend(surface, [optimizer], current, steps, scale, stops)[0]


def run_each(surface: Surface | str, optimizers: Sequence[Optimizer], start: object, steps: int) -> list[Path]:
    """Run every optimizer in ``optimizers`` from the same ``start``: one :class:`Path` each.

    The paths are exactly those of ``[run(surface, o, start, steps) for o in
    optimizers]``, but all the runs advance together, one step at a time, so a
    comparison of many settings costs little more Python than one run.

    >>> from gdnotes import optimizers
    >>> plain, heavy = run_each("bowl1d", [optimizers.gradient_descent(0.1), optimizers.momentum(0.1)], 4.0, 2)
    >>> plain.positions[:, 0, 0].round(4).tolist(), heavy.positions[:, 0, 0].round(4).tolist()
    ([4.0, 3.2, 2.56], [4.0, 3.2, 1.84])
    """
    surface = resolve(surface)
    if isinstance(optimizers, Optimizer) or not isinstance(optimizers, Sequence) or not optimizers:
        raise ArgumentTypeError(f"optimizers must be a non-empty list of Optimizer, got {optimizers!r}")
    for i, optimizer in enumerate(optimizers):
        _check_optimizer(optimizer, f"optimizers[{i}]")
    steps = _validate.count(steps, "steps")
    current = _validate.points(start, surface.dim, "start")
    return _descend(surface, list(optimizers), current, steps)


def _objective(surface: object) -> Surface:
    """A surface, its name, or any objective the engine can descend.

    Besides a :class:`~gdnotes.surfaces.Surface`, the engine runs on an object
    with ``dim`` and ``_value_and_gradient(points)`` (points of shape (m, dim)
    to losses (m,) and gradients (m, dim)): :func:`gdnotes.regression.fit`
    descends the regression cost that way.
    """
    if not isinstance(surface, (str, Surface)) and hasattr(surface, "_value_and_gradient") and isinstance(getattr(surface, "dim", None), int):
        return surface  # type: ignore[return-value]
    return resolve(surface)


def _check_optimizer(optimizer: object, name: str) -> Optimizer:
    return _validate.instance(optimizer, Optimizer, name, "an Optimizer from gdnotes.optimizers")


def _descend(
    surface: Surface,
    optimizers: list[Optimizer],
    start: np.ndarray,
    steps: int,
    scale: Callable[[int], float] | None = None,
    stops: Sequence[Stop] = (),
) -> list[Path]:
    """Run each optimizer from the (m, d) ``start`` points, all in one loop: one :class:`Path` per optimizer.

    The runs are stacked along the start axis (optimizer ``i`` owns rows
    ``i*m`` to ``(i+1)*m``), so the surface is evaluated and checked once per
    step for all of them; only the updates are made per optimizer. ``scale(k)``
    multiplies step ``k`` (a schedule); ``stops`` end starts (see :func:`run`).
    """
    m, d = start.shape
    groups = [slice(i * m, (i + 1) * m) for i in range(len(optimizers))]
    current = np.concatenate([start] * len(optimizers)) if len(optimizers) > 1 else start
    total = current.shape[0]

    positions = np.full((steps + 1, total, d), np.nan)
    losses = np.full((steps + 1, total), np.nan)
    gradients = np.full((steps + 1, total, d), np.nan)
    diverged_at = np.full(total, -1, dtype=int)
    stopped_at = np.full(total, -1, dtype=int)
    stopped_by: list[str | None] = [None] * total
    alive = np.ones(total, dtype=bool)
    live = None  # the rows of the starts still alive, once one has diverged (None: all of them)
    states = [optimizer.init(current[rows]) for optimizer, rows in zip(optimizers, groups)]

    def update(grad: np.ndarray, k: int) -> np.ndarray:
        if len(optimizers) == 1:
            step, states[0] = optimizers[0].update(grad, states[0])
            return step if scale is None else step * scale(k)
        step = np.empty_like(grad)
        for i, (optimizer, rows) in enumerate(zip(optimizers, groups)):
            step[rows], states[i] = optimizer.update(grad[rows], states[i])
        return step

    evaluate = surface._value_and_gradient
    # Most runs never diverge: without stopping rules the steps are taken in
    # blocks, unchecked, each block checked after it in a few array
    # operations (_unchecked). A block in which a start diverges is put back
    # and taken by the checked loop below, which hands the run back to the
    # blocks after that block's last step, with the starts still alive.
    fast_evaluate = (_on_floats(surface, total) or evaluate) if not stops else None
    one_on_floats = _one_on_floats(surface, optimizers, total) if fast_evaluate is not None and scale is None else None
    first, until = 0, steps + 1  # the checked loop takes the steps first .. until - 1
    with np.errstate(all="ignore"):
        while True:
            if fast_evaluate is not None and first <= steps:
                first, current, until = _unchecked(fast_evaluate, update, optimizers, states, groups, current, first, steps, positions, losses, gradients, live, one_on_floats)
            if first > steps:
                break
            handed_back = False
            for k in range(first, steps + 1):
                if k == until:
                    handed_back = True
                    break
                here = current if live is None else current[live]
                loss, grad = evaluate(here)
                if _none_diverging(here, loss, grad):
                    # the common case, in few array operations: no live start
                    # diverges now (the same numbers as the general case below)
                    if live is None:
                        positions[k], losses[k], gradients[k] = current, loss, grad
                    else:
                        positions[k, live], losses[k, live], gradients[k, live] = here, loss, grad
                    if stops and _stop(stops, k, losses, gradients, alive, stopped_at, stopped_by):
                        live = np.flatnonzero(alive)
                        if live.size == 0:
                            steps = k
                            break
                    if k == steps:
                        break
                    if live is None:
                        current = current + update(grad, k)
                    else:
                        full = np.zeros_like(current)  # the ended starts get no gradient and stay put
                        full[live] = gradients[k, live]
                        current[live] = current[live] + update(full, k)[live]
                    continue
                if live is not None:
                    loss, grad = _spread(loss, live, (total,)), _spread(grad, live, (total, d))
                bad = alive & ~(
                    np.all(np.abs(current) <= DIVERGENCE_LIMIT, axis=1)
                    & (np.abs(loss) <= DIVERGENCE_LIMIT)
                    & np.all(np.isfinite(grad), axis=1)
                )
                diverged_at[bad] = k
                # rows start as NaN: write the live starts, and for one that diverges
                # now its position and loss (the evidence), but no gradient
                good = alive & ~bad
                positions[k, alive] = np.where(np.isfinite(current[alive]), current[alive], np.nan)
                losses[k, alive] = loss[alive]
                gradients[k, good] = grad[good]
                alive = good
                if stops:
                    _stop(stops, k, losses, gradients, alive, stopped_at, stopped_by)
                live = np.flatnonzero(alive)
                if live.size == 0 and stops:
                    steps = k
                    break
                if k == steps or live.size == 0:
                    break
                step = update(np.where(alive[:, None], grad, 0.0), k)
                current = np.where(alive[:, None], current + step, current)
            if not handed_back:
                break
            first = until

    if stops:  # the arrays end where the last start stopped or diverged
        positions, losses, gradients = positions[: steps + 1], losses[: steps + 1], gradients[: steps + 1]

    if len(optimizers) == 1:
        return [Path(surface, optimizers[0], positions, losses, gradients, diverged_at, stopped_at, tuple(stopped_by))]
    return [
        Path(surface, optimizer, positions[:, rows].copy(), losses[:, rows].copy(), gradients[:, rows].copy(), diverged_at[rows].copy())
        for optimizer, rows in zip(optimizers, groups)
    ]


_FIRST_BLOCK = 16
"""Steps in the first unchecked block of :func:`_unchecked`; each block after it is twice as long, up to :data:`_LONGEST_BLOCK`."""
_LONGEST_BLOCK = 512


def _unchecked(evaluate, update, optimizers, states, groups, current, first, steps, positions, losses, gradients, live=None, one_on_floats=None):
    """Take the steps of :func:`_descend` in blocks with no check inside a block; check each block whole after it.

    Inside a block every step is the checked loop's step when no start
    diverges (the same operations in the same order, so the same floats):
    evaluate, record the row, update, add. After a block, one test over its
    rows asks whether any position or loss passed :data:`DIVERGENCE_LIMIT` or
    any gradient was not finite. If none did, the rows are the checked loop's
    rows. If one did (or the block raised), the block's rows are made NaN
    again, the position and optimizer states are put back as they were
    before it, and the checked loop takes over from the block's first step.

    An optimizer whose update might change its state in place cannot be put
    back that way: unless every optimizer is from :mod:`gdnotes.optimizers`
    or keeps no state, a failed block sends the checked loop back to step 0.

    The blocks start at step ``first``. With ``live`` (the rows of the starts
    still alive, once one has diverged) a block takes the checked loop's
    step for that case: only those rows are evaluated, recorded and moved.

    With ``one_on_floats`` (see :func:`_one_on_floats`: one start, one
    optimizer) a block runs wholly on Python floats and writes its rows at
    its end.

    Returns ``(first, current, until)``: the step the checked loop starts at
    (``steps + 1`` when every step is done), the position there, and the step
    at which the checked loop hands the run back to the blocks (the end of
    the block that failed; ``steps + 1``, never, after a start from step 0).
    ``states`` is updated in place.
    """
    pure = all(o.update.__module__ == Optimizer.__module__ or (isinstance(state, tuple) and not state) for o, state in zip(optimizers, states))
    initial = current
    k = first
    block = _FIRST_BLOCK
    with np.errstate(all="ignore"):
        while k <= steps:
            end = min(k + block, steps + 1)  # this block records the rows k .. end - 1
            saved_current, saved_states = current, list(states)
            try:
                if live is None and one_on_floats is not None:
                    here = _float_block(*one_on_floats, states, current, k, end, steps, positions, losses, gradients)
                elif live is None:
                    here = current
                    for j in range(k, end):
                        loss, grad = evaluate(here)
                        positions[j], losses[j], gradients[j] = here, loss, grad
                        if j == steps:
                            break
                        here = here + update(grad, j)
                else:  # the checked loop's step once a start has diverged: the others move, the ended stay put
                    here = current.copy()
                    for j in range(k, end):
                        moving = here[live]
                        loss, grad = evaluate(moving)
                        positions[j, live], losses[j, live], gradients[j, live] = moving, loss, grad
                        if j == steps:
                            break
                        full = np.zeros_like(here)
                        full[live] = gradients[j, live]
                        here[live] = here[live] + update(full, j)[live]
            except Exception:  # noqa: BLE001 - the checked loop raises it again if it is really raised
                ok = False
            else:
                rows = slice(None) if live is None else live
                ok = _block_within_limit(positions[k:end][:, rows], losses[k:end][:, rows], gradients[k:end][:, rows])
            if not ok:
                positions[k:end], losses[k:end], gradients[k:end] = np.nan, np.nan, np.nan
                if pure:
                    states[:] = saved_states
                    return k, saved_current, end
                if live is not None:  # cannot start again from step 0 once the checked loop has marked a start
                    raise AssertionError("the blocks were handed back a run whose optimizer cannot be put back")
                positions[:], losses[:], gradients[:] = np.nan, np.nan, np.nan
                states[:] = [optimizer.init(initial[rows]) for optimizer, rows in zip(optimizers, groups)]
                return 0, initial, steps + 1
            current = here
            k = end
            block = min(2 * block, _LONGEST_BLOCK)
    return steps + 1, current, steps + 1


_FLOAT_ROWS = 4
"""The most starts (rows) :func:`_on_floats` evaluates one by one on Python floats."""

_ARITHMETIC = {"+", "-", "*", "/"}


def _float_block(fn, form, states, current, k, end, steps, positions, losses, gradients) -> np.ndarray:
    """Steps ``k`` .. ``end - 1`` of one start with one optimizer, on Python floats: the array loop's operations coordinate by coordinate.

    ``fn`` is the surface's code (see :func:`_on_floats`), ``form`` the
    optimizer's float form (``gdnotes.optimizers._FloatForm``). The rows are
    written at the end, the optimizer's state put back as arrays in
    ``states``; returns the position after the block.
    """
    xs = current[0].tolist()
    state = form.to_floats(states[0])
    block_positions, block_losses, block_gradients = [], [], []
    for j in range(k, end):
        value, *grad = fn(*xs)
        block_positions.append(xs)
        block_losses.append(value)
        block_gradients.append(grad)
        if j == steps:
            break
        step, state = form.update(grad, state)
        xs = [x + s for x, s in zip(xs, step)]
    n = len(block_positions)
    positions[k : k + n, 0] = block_positions
    losses[k : k + n, 0] = block_losses
    gradients[k : k + n, 0] = block_gradients
    states[0] = form.to_arrays(state)
    return np.array([xs], dtype=float)


def _one_on_floats(surface: object, optimizers: list[Optimizer], rows: int) -> tuple | None:
    """For one start and one optimizer that both have a float form: the surface's code and the optimizer's float form; else None."""
    if rows != 1 or len(optimizers) != 1 or _on_floats(surface, 1) is None:
        return None
    form = _optimizers._float_form(optimizers[0])
    return None if form is None else (surface._value_and_partials_fn, form)


def _on_floats(surface: object, rows: int) -> Callable | None:
    """``surface._value_and_gradient`` computed on Python floats, start by start, or None where that would not be exact.

    A surface's loss and partials are one function of its coordinates
    (SymPy's printed code, powers written as products). When that code does
    nothing but ``+ - * /`` and negation on its arguments and number
    constants (:func:`_plain_arithmetic`), each operation on a Python float
    is the same IEEE double operation NumPy does on an array, rounded the
    same way, so the floats are the same; with few starts the function runs
    about thirty times faster on floats than on arrays of one or two rows.
    Where floats and arrays part (a division by zero raises on floats) the
    block fails and the checked loop takes it again on arrays.
    """
    if type(surface) is not Surface or rows > _FLOAT_ROWS:
        return None
    fn = surface._value_and_partials_fn
    code = getattr(fn, "__code__", None)
    if code is None or code.co_argcount != surface.dim or getattr(fn, "__closure__", None) or not _plain_arithmetic(code, 1 + surface.dim):
        return None

    def evaluate(points: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        results = [fn(*row) for row in points.tolist()]
        return np.array([r[0] for r in results], dtype=float), np.array([r[1:] for r in results], dtype=float)

    return evaluate


@functools.lru_cache(maxsize=64)
def _plain_arithmetic(code: types.CodeType, outputs: int) -> bool:
    """Whether a function's code only reads its arguments and number constants, does ``+ - * /`` and negation, and returns a list of ``outputs`` results."""
    instructions = list(dis.get_instructions(code))
    if [(i.opname, i.argval) for i in instructions[-2:]] != [("BUILD_LIST", outputs), ("RETURN_VALUE", None)]:
        return False
    if code.co_names or code.co_freevars or code.co_cellvars or code.co_kwonlyargcount or code.co_flags & (inspect.CO_VARARGS | inspect.CO_VARKEYWORDS):
        return False
    for instruction in instructions[:-2]:
        name = instruction.opname
        if name in ("RESUME", "LOAD_FAST", "UNARY_NEGATIVE"):
            continue
        if name == "LOAD_CONST" and (
            instruction.argval is None
            or type(instruction.argval) is float
            or (type(instruction.argval) is int and abs(instruction.argval) < 2**53)
        ):
            continue
        if name == "BINARY_OP" and instruction.argrepr in _ARITHMETIC:
            continue
        return False
    return True


def _block_within_limit(positions: np.ndarray, losses: np.ndarray, gradients: np.ndarray) -> bool:
    """Whether every position and loss of a block of rows is within :data:`DIVERGENCE_LIMIT` and every gradient finite (NaN fails)."""
    return bool(
        _largest(np.abs(positions)) <= DIVERGENCE_LIMIT
        and _largest(np.abs(losses)) <= DIVERGENCE_LIMIT
        and np.isfinite(gradients).all()
    )


def _stop(stops: Sequence[Stop], k: int, losses, gradients, alive, stopped_at, stopped_by) -> bool:
    """Check the stopping rules for the live starts at step ``k``; mark those that stop. Whether any did."""
    rows = np.flatnonzero(alive)
    if rows.size == 0:
        return False
    previous = losses[k - 1, rows] if k > 0 else np.full(rows.size, np.nan)
    ended = np.zeros(rows.size, dtype=bool)
    for rule in stops:
        fired = np.asarray(rule.test(k, losses[k, rows], previous, gradients[k, rows]), dtype=bool) & ~ended
        for row in rows[fired]:
            stopped_at[row], stopped_by[row] = k, rule.name
        ended |= fired
    alive[rows[ended]] = False
    return bool(ended.any())


def _spread(values: np.ndarray, rows: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    """An array of ``shape``, NaN but for ``values`` in ``rows``."""
    out = np.full(shape, np.nan)
    out[rows] = values
    return out


def _none_diverging(current: np.ndarray, loss: np.ndarray, grad: np.ndarray) -> bool:
    """Whether no start diverges at this step: every coordinate and loss within the limit, every gradient finite.

    NaN fails the comparisons, so it counts as diverging. The gradient test
    looks at the sum, which is finite when every entry is (and can only err
    towards "diverging", when a sum of finite entries overflows; the caller
    then checks each start). Direct ufunc reductions keep this cheap, as it
    runs once per step.
    """
    return bool(
        _largest(np.abs(current)) <= DIVERGENCE_LIMIT
        and _largest(np.abs(loss)) <= DIVERGENCE_LIMIT
        and math.isfinite(_total(grad))
    )


def _largest(values: np.ndarray) -> float:
    return np.maximum.reduce(values, axis=None)


def _total(values: np.ndarray) -> float:
    return np.add.reduce(values, axis=None)


def gradient_descent_path(surface: Surface | str, learning_rate: float, start: object, steps: int) -> Path:
    """Shorthand for ``run(surface, gradient_descent(learning_rate), start, steps)``."""
    return run(surface, gradient_descent(learning_rate), start, steps)
