r"""Learning-rate schedules: the rate :math:`\alpha_k` to use at step ``k``.

A schedule is called with a step number (``k = 0, 1, 2, ...``) or an array
of them and gives the rate for each:

* :func:`constant`: :math:`\alpha_k = \alpha_0`;
* :func:`step_decay`: :math:`\alpha_k = \alpha_0 \, \gamma^{\lfloor k / s \rfloor}`
  (multiply by ``factor`` :math:`\gamma` every ``every`` :math:`s` steps);
* :func:`exponential`: :math:`\alpha_k = \alpha_0 \, \gamma^{k}`
  (multiply by ``decay`` :math:`\gamma` every step);
* :func:`cosine`: :math:`\alpha_k = \alpha_T + \tfrac12 (\alpha_0 - \alpha_T)(1 + \cos(\pi k / T))`
  for :math:`k \le T`, then :math:`\alpha_T` (``total_steps`` :math:`T`, ``final`` :math:`\alpha_T`).

>>> schedule = step_decay(0.1, factor=0.5, every=10)
>>> schedule(0), schedule(9), schedule(10), schedule(25)
(0.1, 0.1, 0.05, 0.025)
>>> cosine(0.1, total_steps=100)([0, 50, 100]).round(6).tolist()
[0.1, 0.05, 0.0]
"""

from __future__ import annotations

import numbers
from collections.abc import Callable

import numpy as np

from . import _validate
from ._validate import ArgumentError, ArgumentTypeError

__all__ = ["Schedule", "constant", "step_decay", "exponential", "cosine"]


class Schedule:
    """A learning-rate schedule: ``schedule(k)`` is the rate at step ``k``.

    Attributes:
        name: a short human name, such as ``"cosine"``.
        hyperparameters: the numbers that define it.
    """

    def __init__(self, name: str, rule: Callable[[np.ndarray], np.ndarray], hyperparameters: dict[str, float]) -> None:
        self.name = name
        self._rule = rule
        self.hyperparameters = dict(hyperparameters)

    def __call__(self, step: object) -> float | np.ndarray:
        """The rate at ``step`` (an integer >= 0) or at each of an array of steps."""
        if isinstance(step, (numbers.Integral, np.integer)) and not isinstance(step, (bool, np.bool_)):
            k = _validate.count(step, "step")
            return float(self._rule(np.array(k, dtype=float)))
        array = _validate.numeric_array(step, "step")
        if array.ndim == 0 or not np.all(np.isfinite(array)) or np.any(array != np.round(array)):
            raise ArgumentTypeError(f"step must be an integer or an array of integers, got {step!r}")
        if np.any(array < 0):
            raise ArgumentError(f"step must be >= 0, got {step!r}")
        return self._rule(array)

    def __repr__(self) -> str:
        settings = ", ".join(f"{k}={v:g}" for k, v in self.hyperparameters.items())
        return f"Schedule({self.name}: {settings})"


def constant(learning_rate: float) -> Schedule:
    """The same rate at every step."""
    alpha = _validate.positive_number(learning_rate, "learning_rate")
    return Schedule("constant", lambda k: np.full_like(k, alpha), {"learning_rate": alpha})


def _factor(value: object, name: str) -> float:
    value = _validate.positive_number(value, name)
    if value >= 1:
        raise ArgumentError(f"{name} must be between 0 and 1 (exclusive) to decay the rate, got {value}")
    return value


def step_decay(learning_rate: float, factor: float = 0.5, every: int = 10) -> Schedule:
    """Multiply the rate by ``factor`` once every ``every`` steps: a staircase."""
    alpha = _validate.positive_number(learning_rate, "learning_rate")
    gamma = _factor(factor, "factor")
    every = _validate.count(every, "every", minimum=1)
    return Schedule(
        "step decay",
        lambda k: alpha * gamma ** np.floor(k / every),
        {"learning_rate": alpha, "factor": gamma, "every": every},
    )


def exponential(learning_rate: float, decay: float = 0.99) -> Schedule:
    """Multiply the rate by ``decay`` at every step: a smooth geometric fall."""
    alpha = _validate.positive_number(learning_rate, "learning_rate")
    gamma = _factor(decay, "decay")
    return Schedule("exponential", lambda k: alpha * gamma**k, {"learning_rate": alpha, "decay": gamma})


def cosine(learning_rate: float, total_steps: int, final: float = 0.0) -> Schedule:
    """Fall from ``learning_rate`` to ``final`` along half a cosine wave over ``total_steps``, then stay."""
    alpha = _validate.positive_number(learning_rate, "learning_rate")
    total = _validate.count(total_steps, "total_steps", minimum=1)
    final = _validate.finite_number(final, "final")
    if not 0 <= final < alpha:
        raise ArgumentError(f"final must be >= 0 and below learning_rate ({alpha}), got {final}")
    return Schedule(
        "cosine",
        lambda k: final + 0.5 * (alpha - final) * (1 + np.cos(np.pi * np.minimum(k, total) / total)),
        {"learning_rate": alpha, "total_steps": total, "final": final},
    )
