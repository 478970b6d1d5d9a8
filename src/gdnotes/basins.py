r"""Basins of attraction: which minimum each start ends in (lesson 6).

On a surface with several minima, gradient descent ends in one of them, and
which one depends on where it starts (and on the learning rate). The set of
starts that end in a given minimum is that minimum's *basin of attraction*.

* :func:`final_positions` runs every start at once (one call of
  :func:`gdnotes.descent.run` on an (m, d) array of starts);
  :func:`final_positions_looped` does the same one start at a time, in a
  Python loop. They compute the same numbers; the first is much faster.
* :func:`nearest_minimum` labels final positions by the listed minimum they
  ended at (:attr:`gdnotes.surfaces.Surface.minima`, deepest first), or as
  :data:`UNSETTLED` or :data:`DIVERGED`.
* :func:`basin_map` does both for a grid of starts over a 2-D surface.
* :func:`measure` times the vectorised and the looped run for
  ``scripts/measure_lesson6.py``; :func:`load_timings` reads the committed
  measurement, so pages show the same numbers on every build.

>>> from gdnotes import optimizers
>>> labels = outcomes("double_well", optimizers.gradient_descent(0.1), [-2.0, 0.1, 0.2, 2.0], steps=200)
>>> labels.tolist()  # 0 is the deeper (global) minimum, 1 the shallower one
[0, 0, 1, 1]
"""

from __future__ import annotations

import json
import time
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any

import numpy as np

from . import _validate
from .descent import run
from .optimizers import Optimizer, gradient_descent
from .surfaces import Surface, resolve
from ._validate import ArgumentError, ArgumentTypeError

__all__ = [
    "UNSETTLED",
    "DIVERGED",
    "TIMINGS_FILE",
    "nearest_minimum",
    "Finals",
    "final_positions",
    "final_positions_looped",
    "outcomes",
    "label_name",
    "grid_starts",
    "BasinMap",
    "basin_map",
    "measure",
    "load_timings",
]

UNSETTLED = -1
"""Label of a start that ended farther than the tolerance from every listed minimum."""

DIVERGED = -2
"""Label of a start whose run diverged (see :attr:`gdnotes.descent.Path.diverged`)."""

TIMINGS_FILE = "lesson6_timings.json"
"""The committed measurement of ``scripts/measure_lesson6.py``, under ``gdnotes/data``."""


def _surface(surface: Surface | str, *, need_minima: bool = True) -> Surface:
    surface = resolve(surface)
    if need_minima and not surface.minima:
        raise ArgumentError(f"surface {surface.name!r} lists no minima to classify by")
    return surface


def _optimizer(optimizer: Optimizer) -> Optimizer:
    return _validate.instance(optimizer, Optimizer, "optimizer", "an Optimizer from gdnotes.optimizers")


def nearest_minimum(surface: Surface | str, positions: object, tolerance: float = 1e-3) -> np.ndarray:
    """Label each position by the listed minimum it sits at.

    Args:
        surface: a surface with listed minima (global first).
        positions: shape (m, d), or (d,) for one point (a number or an
            (m,) array for a 1-D surface). Rows holding NaN count as diverged.
        tolerance: how close (Euclidean distance) a position must be to a
            minimum to count as having ended there.

    Returns:
        Shape (m,) integers: the index into ``surface.minima`` of the nearest
        minimum, :data:`UNSETTLED` if even that is farther than ``tolerance``,
        or :data:`DIVERGED` for a row with NaN.
    """
    surface = _surface(surface)
    tolerance = _validate.positive_number(tolerance, "tolerance")
    array = _validate.numeric_array(positions, "positions")
    if surface.dim == 1 and array.ndim <= 1:
        array = array.reshape(-1, 1)
    elif array.ndim == 1:
        array = array.reshape(1, -1)
    if array.ndim != 2 or array.shape[1] != surface.dim:
        raise ArgumentError(f"positions must have shape (m, {surface.dim}), got shape {np.shape(positions)}")
    minima = np.asarray(surface.minima, dtype=float)
    lost = np.isnan(array).any(axis=1)
    with np.errstate(all="ignore"):
        distances = np.linalg.norm(np.where(lost[:, None], 0.0, array)[:, None, :] - minima[None, :, :], axis=2)
    labels = np.argmin(distances, axis=1)
    far = distances[np.arange(len(labels)), labels] > tolerance
    labels = np.where(far, UNSETTLED, labels)
    return np.where(lost, DIVERGED, labels).astype(int)


class Finals(np.ndarray):
    """Shape (m, d): where each start ended, saying which diverged.

    ``diverged`` (shape (m,), booleans) marks the starts that diverged; their
    rows are NaN (no position to report).
    """

    diverged: np.ndarray

    def __array_finalize__(self, obj: object) -> None:
        flags = getattr(obj, "diverged", None)  # kept by copies of the same rows only
        self.diverged = flags if flags is not None and self.ndim == 2 and flags.shape == self.shape[:1] else None


def _finals(rows: np.ndarray) -> Finals:
    out = rows.view(Finals)
    out.diverged = np.isnan(rows).any(axis=1)
    return out


def final_positions(surface: Surface | str, optimizer: Optimizer, starts: object, steps: int) -> Finals:
    """Shape (m, d): where each start is after ``steps`` steps, all starts run together.

    One call of :func:`gdnotes.descent.run` on the whole (m, d) array of
    starts; a start that diverged ends as a row of NaN, and the result's
    ``diverged`` marks it.
    """
    surface = _surface(surface, need_minima=False)
    optimizer = _optimizer(optimizer)
    return _finals(run(surface, optimizer, _validate.points(starts, surface.dim, "starts"), steps).final)


def final_positions_looped(surface: Surface | str, optimizer: Optimizer, starts: object, steps: int) -> Finals:
    """The same as :func:`final_positions`, one start at a time in a Python loop.

    It exists to be compared with the vectorised version: the numbers are
    identical, only the time differs.
    """
    surface = _surface(surface, need_minima=False)
    optimizer = _optimizer(optimizer)
    points = _validate.points(starts, surface.dim, "starts")
    steps = _validate.count(steps, "steps")
    finals = np.empty_like(points)
    for i, start in enumerate(points):
        finals[i] = run(surface, optimizer, start, steps).final[0]
    return _finals(finals)


def outcomes(surface: Surface | str, optimizer: Optimizer, starts: object, steps: int, tolerance: float = 1e-3) -> np.ndarray:
    """Shape (m,): the label (see :func:`nearest_minimum`) of where each start ends."""
    surface = _surface(surface)
    return nearest_minimum(surface, final_positions(surface, optimizer, starts, steps), tolerance)


def label_name(surface: Surface | str, label: int) -> str:
    """Words for a label: ``"global minimum"``, ``"local minimum"``, ``"no minimum (still moving)"``, ``"diverged"``.

    With more than two minima the local ones are numbered by depth:
    ``"local minimum 2"`` is the second deepest.
    """
    surface = _surface(surface)
    if isinstance(label, bool) or not isinstance(label, (int, np.integer)):
        raise ArgumentTypeError(f"label must be an integer, got {type(label).__name__} {label!r}")
    label = int(label)
    if label == DIVERGED:
        return "diverged"
    if label == UNSETTLED:
        return "no minimum (still moving)"
    if not 0 <= label < len(surface.minima):
        raise ArgumentError(f"label must be -2, -1 or an index below {len(surface.minima)}, got {label}")
    if label == 0:
        return "global minimum"
    return "local minimum" if len(surface.minima) == 2 else f"local minimum {label + 1}"


def _resolution(resolution: object) -> tuple[int, int]:
    if isinstance(resolution, Sequence) and not isinstance(resolution, (str, bytes)):
        if len(resolution) != 2:
            raise ArgumentError(f"resolution must be one integer or a pair (columns, rows), got {resolution!r}")
        return _validate.count(resolution[0], "resolution[0]", minimum=2), _validate.count(resolution[1], "resolution[1]", minimum=2)
    n = _validate.count(resolution, "resolution", minimum=2)
    return n, n


def grid_starts(surface: Surface | str, resolution: int | tuple[int, int] = 100) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """An evenly spaced grid of starts over a 2-D surface's bounds.

    Returns ``(xs, ys, starts)``: the column coordinates (nx,), the row
    coordinates (ny,) and the starts (ny * nx, 2), row by row (the start
    ``i * nx + j`` is ``(xs[j], ys[i])``). ``resolution`` is one count for
    both axes or a pair ``(nx, ny)``.
    """
    surface = _surface(surface, need_minima=False)
    if surface.dim != 2:
        raise ArgumentError(f"surface must have 2 parameters for a grid of starts, got {surface.name!r} with {surface.dim}")
    nx, ny = _resolution(resolution)
    (x0, x1), (y0, y1) = surface.bounds
    xs, ys = np.linspace(x0, x1, nx), np.linspace(y0, y1, ny)
    X, Y = np.meshgrid(xs, ys)
    return xs, ys, np.stack([X.ravel(), Y.ravel()], axis=1)


@dataclass(frozen=True)
class BasinMap:
    """Which minimum each start of a grid ended in.

    Attributes:
        surface: the 2-D surface.
        optimizer: the optimizer that was run.
        steps: steps per start.
        tolerance: the distance that counts as having reached a minimum.
        xs, ys: the grid's coordinates, shapes (nx,) and (ny,).
        labels: shape (ny, nx); row ``i``, column ``j`` is the start ``(xs[j], ys[i])``.
        finals: shape (ny, nx, 2), where each start ended.
    """

    surface: Surface
    optimizer: Optimizer
    steps: int
    tolerance: float
    xs: np.ndarray
    ys: np.ndarray
    labels: np.ndarray
    finals: np.ndarray

    @property
    def starts(self) -> int:
        """Number of starts in the grid."""
        return int(self.labels.size)

    def counts(self) -> dict[int, int]:
        """How many starts got each label: every minimum's index, then :data:`UNSETTLED` and :data:`DIVERGED`."""
        keys = [*range(len(self.surface.minima)), UNSETTLED, DIVERGED]
        return {key: int(np.count_nonzero(self.labels == key)) for key in keys}

    def shares(self) -> dict[int, float]:
        """The fraction of starts with each label (keys as in :meth:`counts`)."""
        return {key: count / self.starts for key, count in self.counts().items()}


def basin_map(
    surface: Surface | str,
    optimizer: Optimizer | None = None,
    resolution: int | tuple[int, int] = 100,
    steps: int = 200,
    tolerance: float = 1e-3,
) -> BasinMap:
    """Run every start of a grid at once and label where each ends.

    ``optimizer`` defaults to plain gradient descent with ``learning_rate =
    0.05``. With the default ``resolution`` of 100 that is 10,000 starts in
    one call of :func:`gdnotes.descent.run`.
    """
    surface = _surface(surface)
    optimizer = gradient_descent(0.05) if optimizer is None else _optimizer(optimizer)
    steps = _validate.count(steps, "steps")
    tolerance = _validate.positive_number(tolerance, "tolerance")
    xs, ys, starts = grid_starts(surface, resolution)
    finals = final_positions(surface, optimizer, starts, steps)
    labels = nearest_minimum(surface, finals, tolerance)
    shape = (len(ys), len(xs))
    return BasinMap(surface, optimizer, steps, tolerance, xs, ys, labels.reshape(shape), finals.reshape(*shape, 2))


# ----------------------------------------------------------------- timings


def _timed(call, repeats: int) -> tuple[float, np.ndarray]:
    """The best wall-clock time of ``repeats`` calls, and the last call's result."""
    best, result = float("inf"), None
    for _ in range(repeats):
        begin = time.perf_counter()
        result = call()
        best = min(best, time.perf_counter() - begin)
    return best, result


def measure(
    surface: str = "tilted_himmelblau",
    learning_rate: float = 0.05,
    resolution: int = 100,
    steps: int = 200,
    repeats: int = 3,
    loop_repeats: int = 1,
) -> dict[str, Any]:
    """Time :func:`final_positions` against :func:`final_positions_looped` on a grid of starts.

    Returns a dict ready to be saved as JSON: the settings, the best of
    ``repeats`` (vectorised) and of ``loop_repeats`` (looped) wall-clock
    times in seconds, and whether the two gave identical final positions.
    """
    if not isinstance(surface, str):
        raise ArgumentTypeError(f"surface must be a surface name, got {type(surface).__name__}")
    optimizer = gradient_descent(learning_rate)
    steps = _validate.count(steps, "steps", minimum=1)
    repeats = _validate.count(repeats, "repeats", minimum=1)
    loop_repeats = _validate.count(loop_repeats, "loop_repeats", minimum=1)
    _, _, starts = grid_starts(surface, resolution)
    vectorised_seconds, vectorised = _timed(lambda: final_positions(surface, optimizer, starts, steps), repeats)
    looped_seconds, looped = _timed(lambda: final_positions_looped(surface, optimizer, starts, steps), loop_repeats)
    return {
        "what": "seconds to run plain gradient descent from every start of a grid: all starts in one call of "
        "gdnotes.descent.run (vectorised) or one call per start (looped); best of the given rounds",
        "surface": surface,
        "learning_rate": float(learning_rate),
        "steps": steps,
        "starts": int(len(starts)),
        "repeats": {"vectorised": repeats, "looped": loop_repeats},
        "seconds": {"vectorised": vectorised_seconds, "looped": looped_seconds},
        "identical": bool(np.array_equal(vectorised, looped, equal_nan=True)),
    }


def load_timings() -> dict[str, Any]:
    """The committed measurement of ``scripts/measure_lesson6.py`` (see the module docs)."""
    text = resources.files("gdnotes").joinpath("data", TIMINGS_FILE).read_text(encoding="utf-8")
    return json.loads(text)
