r"""Stochastic and mini-batch gradient descent on the linear regression of :mod:`gdnotes.regression`.

Instead of the gradient of the cost over all ``n`` examples, each update
uses the gradient over a *mini-batch* of ``batch_size`` examples:

.. math::
    g_k = \frac{2}{|B_k|} \sum_{i \in B_k} (w x_i + b - y_i) \begin{pmatrix} x_i \\ 1 \end{pmatrix},
    \qquad (w, b) \leftarrow (w, b) - \alpha_k\, g_k.

An *epoch* is one pass through the data: the examples are shuffled, then
cut into consecutive batches (the last one smaller if ``batch_size`` does
not divide ``n``). ``batch_size = n`` is plain (full-batch) gradient descent,
``batch_size = 1`` is stochastic gradient descent in the strict sense. The
shuffles come from ``numpy.random.default_rng(seed)``, so a run is
reproducible.

>>> from gdnotes import regression
>>> data = regression.petals()
>>> run = minibatch_descent(data.x, data.y, 0.01, batch_size=10, epochs=2, seed=0)
>>> run.updates, run.params.shape
(30, (31, 2))
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from . import _validate
from .descent import DIVERGENCE_LIMIT
from .regression import _data, _gradient, _params, cost, gradient
from .schedules import Schedule, constant
from ._validate import ArgumentError, ArgumentTypeError

__all__ = ["StochasticPath", "minibatch_descent", "gradient_spread"]


@dataclass(frozen=True)
class StochasticPath:
    """The record of a mini-batch run of ``u`` updates.

    Attributes:
        params: shape (u + 1, 2), ``(w, b)`` after each update (row 0 is the start).
        costs: shape (u + 1,), the cost over *all* examples at each row of
            ``params`` (computed for the record; the updates never see it).
        epochs: shape (u + 1,), how many passes through the data each row
            represents (fractions inside an epoch: examples seen / n).
        batch_size: examples per update.
        seed: the seed of the shuffles.
        diverged_at: the update whose cost or parameters blew up, or -1.
            Rows after it are NaN.
    """

    params: np.ndarray
    costs: np.ndarray
    epochs: np.ndarray
    batch_size: int
    seed: int
    diverged_at: int

    @property
    def updates(self) -> int:
        """Number of updates ``u``."""
        return self.params.shape[0] - 1

    @property
    def final(self) -> np.ndarray:
        """Shape (2,): the last ``(w, b)``."""
        return self.params[-1]


def _rate(learning_rate: object) -> Schedule:
    if isinstance(learning_rate, Schedule):
        return learning_rate
    if isinstance(learning_rate, bool) or not isinstance(learning_rate, (int, float, np.integer, np.floating)):
        raise ArgumentTypeError(f"learning_rate must be a positive number or a gdnotes.schedules.Schedule, got {learning_rate!r}")
    return constant(learning_rate)


def minibatch_descent(
    x: object,
    y: object,
    learning_rate: float | Schedule,
    batch_size: int,
    epochs: int,
    start: object = (0.0, 0.0),
    seed: int = 0,
) -> StochasticPath:
    """Run ``epochs`` passes of mini-batch gradient descent on the mean squared error of ``(x, y)``.

    Args:
        x: the feature, shape (n,).
        y: the targets, shape (n,).
        learning_rate: a positive number, or a :class:`~gdnotes.schedules.Schedule`
            evaluated at the update count ``k = 0, 1, ...``.
        batch_size: examples per update, from 1 to n.
        epochs: passes through the data, >= 1.
        start: the first ``(w, b)``.
        seed: seed of the random shuffles (an integer >= 0).
    """
    x, y = _data(x, y)
    schedule = _rate(learning_rate)
    n = x.size
    batch_size = _validate.count(batch_size, "batch_size", minimum=1)
    if batch_size > n:
        raise ArgumentError(f"batch_size must be at most the number of examples ({n}), got {batch_size}")
    epochs = _validate.count(epochs, "epochs", minimum=1)
    seed = _validate.count(seed, "seed", maximum=None)
    current = _params(start, "start")
    if current.shape != (2,) or not np.all(np.isfinite(current)):
        raise ArgumentError(f"start must be one finite setting (w, b), got {start!r}")

    per_epoch = math.ceil(n / batch_size)
    total = per_epoch * epochs
    rates = np.asarray(schedule(np.arange(total)), dtype=float)
    rng = np.random.default_rng(seed)
    params = np.full((total + 1, 2), np.nan)
    seen = np.zeros(total + 1)
    params[0] = current
    diverged_at = -1
    k = 0
    with np.errstate(all="ignore"):
        for epoch in range(epochs):
            order = rng.permutation(n)
            for first in range(0, n, batch_size):
                batch = order[first : first + batch_size]
                current = current - rates[k] * _gradient(current, x[batch], y[batch])
                k += 1
                seen[k] = epoch + (first + batch.size) / n
                if not np.all(np.abs(current) <= DIVERGENCE_LIMIT):
                    diverged_at = k
                    break
                params[k] = current
            if diverged_at >= 0:
                break
        costs = np.full(total + 1, np.nan)
        done = params[: (diverged_at if diverged_at >= 0 else total + 1)]
        costs[: done.shape[0]] = cost(done, x, y)
    if diverged_at >= 0:
        seen[diverged_at + 1 :] = np.nan
    return StochasticPath(params, costs, seen, batch_size, seed, diverged_at)


def gradient_spread(x: object, y: object, params: object, batch_size: int, samples: int = 2000, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """How far mini-batch gradients stray from the full gradient at one ``(w, b)``.

    Draws ``samples`` mini-batches of ``batch_size`` examples (each without
    replacement) and returns ``(mean, spread)``: the average of their
    gradients, shape (2,), and the root-mean-square distance of a mini-batch
    gradient from the full-batch gradient, a number in an array of shape ().
    The mean approaches the full gradient (the estimate is unbiased); the
    spread shrinks roughly like ``1 / sqrt(batch_size)``.
    """
    x, y = _data(x, y)
    point = _params(params)
    if point.shape != (2,):
        raise ArgumentError(f"params must be one setting (w, b), got shape {point.shape}")
    n = x.size
    batch_size = _validate.count(batch_size, "batch_size", minimum=1)
    if batch_size > n:
        raise ArgumentError(f"batch_size must be at most the number of examples ({n}), got {batch_size}")
    samples = _validate.count(samples, "samples", minimum=1)
    rng = np.random.default_rng(_validate.count(seed, "seed", maximum=None))
    batches = np.argsort(rng.random((samples, n)), axis=1)[:, :batch_size]
    estimates = _gradient(point[None, :], x[batches], y[batches])
    full = gradient(point, x, y)
    return estimates.mean(axis=0), np.sqrt(np.mean(np.sum((estimates - full) ** 2, axis=1)))
