"""Run an optimizer on a surface from one start or many at once.

All starts move together as one array, so ten thousand starts cost about
as much Python as one. A start whose loss overflows or whose position
leaves a huge box is *diverged*: it is flagged with the step where that
happened, frozen as NaN from then on, and no floating-point warning escapes.

>>> from gdnotes import descent, surfaces, optimizers
>>> path = descent.run(surfaces.get("bowl1d"), optimizers.gradient_descent(0.1), start=4.0, steps=3)
>>> path.positions[:, 0, 0].round(4).tolist()
[4.0, 3.2, 2.56, 2.048]
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import _validate
from .optimizers import Optimizer, gradient_descent
from .surfaces import Surface, get

__all__ = ["Path", "run", "gradient_descent_path"]

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
    """

    surface: Surface
    optimizer: Optimizer
    positions: np.ndarray
    losses: np.ndarray
    gradients: np.ndarray
    diverged_at: np.ndarray

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


def run(surface: Surface | str, optimizer: Optimizer, start: object, steps: int) -> Path:
    """Take ``steps`` steps of ``optimizer`` on ``surface`` from ``start``.

    Args:
        surface: a :class:`~gdnotes.surfaces.Surface` or the name of one.
        optimizer: from :mod:`gdnotes.optimizers`.
        start: one point (shape (d,), or a number for a 1-D surface) or many,
            shape (m, d).
        steps: number of steps, >= 0.

    Returns:
        A :class:`Path` whose arrays have a start axis even for one start.
    """
    if isinstance(surface, str):
        surface = get(surface)
    if not isinstance(surface, Surface):
        raise TypeError(f"surface must be a Surface or a surface name, got {type(surface).__name__}")
    if not isinstance(optimizer, Optimizer):
        raise TypeError(f"optimizer must be an Optimizer from gdnotes.optimizers, got {type(optimizer).__name__}")
    steps = _validate.count(steps, "steps")
    current = _validate.points(start, surface.dim, "start")
    m, d = current.shape

    positions = np.full((steps + 1, m, d), np.nan)
    losses = np.full((steps + 1, m), np.nan)
    gradients = np.full((steps + 1, m, d), np.nan)
    diverged_at = np.full(m, -1, dtype=int)
    alive = np.ones(m, dtype=bool)
    state = optimizer.init(current)

    with np.errstate(all="ignore"):
        for k in range(steps + 1):
            loss = surface.value(current)
            grad = surface.gradient(current)
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
            if k == steps or not alive.any():
                break
            step, state = optimizer.update(np.where(alive[:, None], grad, 0.0), state)
            current = np.where(alive[:, None], current + step, current)

    return Path(surface, optimizer, positions, losses, gradients, diverged_at)


def gradient_descent_path(surface: Surface | str, learning_rate: float, start: object, steps: int) -> Path:
    """Shorthand for ``run(surface, gradient_descent(learning_rate), start, steps)``."""
    return run(surface, gradient_descent(learning_rate), start, steps)
