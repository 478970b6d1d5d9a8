"""Update rules, each a pair of pure functions.

An optimizer is ``Optimizer(init, update)``:

* ``init(params) -> state`` builds the optimizer's state for parameters of
  a given shape;
* ``update(grads, state) -> (step, state)`` turns a gradient into the step
  to add to the parameters, and the next state.

So one iteration reads ``step, state = opt.update(grad, state); params = params + step``.
Plain gradient descent is the case with no state. The conventions follow
``torch.optim`` so that the two can be compared number for number.

>>> import numpy as np
>>> opt = gradient_descent(learning_rate=0.1)
>>> state = opt.init(np.array([4.0]))
>>> step, state = opt.update(np.array([8.0]), state)
>>> step.tolist()
[-0.8]
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import Any, NamedTuple

import numpy as np

from . import _validate
from ._validate import ArgumentTypeError

__all__ = ["Optimizer", "gradient_descent", "momentum", "adagrad", "rmsprop", "adam"]


class Optimizer(NamedTuple):
    """A named pair of pure functions ``init`` and ``update`` (see the module docs)."""

    name: str
    init: Callable[[np.ndarray], Any]
    update: Callable[[np.ndarray, Any], tuple[np.ndarray, Any]]
    hyperparameters: dict[str, float]


class _FloatForm(NamedTuple):
    """An update rule on one start's coordinates as a list of Python floats, for :mod:`gdnotes.descent`'s fast loop.

    ``update(grads, state)`` does, coordinate by coordinate, the very
    operations the array rule does (the same IEEE operations in the same
    order, so the same floats); ``to_floats`` turns the array rule's state for
    one start (arrays of shape (1, d)) into the float rule's, ``to_arrays``
    turns it back.
    """

    to_floats: Callable[[Any], Any]
    update: Callable[[list, Any], tuple[list, Any]]
    to_arrays: Callable[[Any], Any]


_FLOAT_FORMS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
"""The float form of each rule made here, keyed by its ``update`` function."""


def _float_form(optimizer: Optimizer) -> _FloatForm | None:
    """The float form of ``optimizer``'s rule, or None (a rule without one, or made elsewhere)."""
    try:
        return _FLOAT_FORMS.get(optimizer.update)
    except TypeError:  # an update that cannot be weakly referenced
        return None


def _same_state(state: Any) -> Any:
    return state


def _row_to_floats(state: np.ndarray) -> list[float]:
    return state[0].tolist()


def _floats_to_row(state: list[float]) -> np.ndarray:
    return np.array([state], dtype=float)


def gradient_descent(learning_rate: float) -> Optimizer:
    r"""Plain gradient descent: ``step = -learning_rate * grad``.

    .. math:: w_{k+1} = w_k - \alpha \nabla L(w_k)
    """
    alpha = _validate.positive_number(learning_rate, "learning_rate")

    def init(params: np.ndarray) -> tuple:
        return ()

    def update(grads: np.ndarray, state: tuple) -> tuple[np.ndarray, tuple]:
        grads = np.asarray(grads, dtype=float)
        return -alpha * grads, state

    def on_floats(grads: list[float], state: tuple) -> tuple[list[float], tuple]:
        return [-alpha * g for g in grads], state

    _FLOAT_FORMS[update] = _FloatForm(_same_state, on_floats, _same_state)
    return Optimizer("gradient descent", init, update, {"learning_rate": alpha})


def momentum(learning_rate: float, beta: float = 0.9, nesterov: bool = False) -> Optimizer:
    r"""Heavy-ball momentum in the convention of ``torch.optim.SGD``.

    .. math::
        v_{k+1} = \beta v_k + \nabla L(w_k), \qquad w_{k+1} = w_k - \alpha v_{k+1}

    With ``nesterov=True`` the step uses ``grad + beta * v_{k+1}`` instead of
    ``v_{k+1}``. The velocity starts at zero, so the first step equals plain
    gradient descent's.
    """
    alpha = _validate.positive_number(learning_rate, "learning_rate")
    beta = _validate.unit_interval(beta, "beta")
    if not isinstance(nesterov, bool):
        raise ArgumentTypeError(f"nesterov must be True or False, got {nesterov!r}")

    def init(params: np.ndarray) -> np.ndarray:
        return np.zeros_like(np.asarray(params, dtype=float))

    def update(grads: np.ndarray, velocity: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        grads = np.asarray(grads, dtype=float)
        velocity = beta * velocity + grads
        direction = grads + beta * velocity if nesterov else velocity
        return -alpha * direction, velocity

    def on_floats(grads: list[float], velocity: list[float]) -> tuple[list[float], list[float]]:
        velocity = [beta * v + g for v, g in zip(velocity, grads)]
        direction = [g + beta * v for g, v in zip(grads, velocity)] if nesterov else velocity
        return [-alpha * x for x in direction], velocity

    _FLOAT_FORMS[update] = _FloatForm(_row_to_floats, on_floats, _floats_to_row)
    name = "Nesterov momentum" if nesterov else "momentum"
    return Optimizer(name, init, update, {"learning_rate": alpha, "beta": beta})


def _root_scaled(name: str, alpha: float, eps: float, accumulate, hyperparameters: dict[str, float]) -> Optimizer:
    """The rule AdaGrad and RMSProp share: ``s = accumulate(s, g**2)``, step ``-alpha g / (sqrt(s) + eps)``, with ``s`` starting at 0."""

    def init(params: np.ndarray) -> np.ndarray:
        return np.zeros_like(np.asarray(params, dtype=float))

    def update(grads: np.ndarray, state: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        grads = np.asarray(grads, dtype=float)
        state = accumulate(state, grads**2)
        return -alpha * grads / (np.sqrt(state) + eps), state

    return Optimizer(name, init, update, hyperparameters)


def adagrad(learning_rate: float, eps: float = 1e-10) -> Optimizer:
    r"""AdaGrad (``torch.optim.Adagrad``): divide by the root of summed squared gradients.

    .. math:: s_{k+1} = s_k + g_k^2, \qquad w_{k+1} = w_k - \alpha\, g_k / (\sqrt{s_{k+1}} + \epsilon)
    """
    alpha = _validate.positive_number(learning_rate, "learning_rate")
    eps = _validate.positive_number(eps, "eps")
    return _root_scaled("AdaGrad", alpha, eps, lambda total, squares: total + squares, {"learning_rate": alpha, "eps": eps})


def rmsprop(learning_rate: float, rho: float = 0.99, eps: float = 1e-8) -> Optimizer:
    r"""RMSProp (``torch.optim.RMSprop``, its ``alpha`` is our ``rho``).

    .. math:: s_{k+1} = \rho s_k + (1-\rho) g_k^2, \qquad w_{k+1} = w_k - \alpha\, g_k / (\sqrt{s_{k+1}} + \epsilon)
    """
    alpha = _validate.positive_number(learning_rate, "learning_rate")
    rho = _validate.unit_interval(rho, "rho")
    eps = _validate.positive_number(eps, "eps")
    accumulate = lambda average, squares: rho * average + (1 - rho) * squares  # noqa: E731
    return _root_scaled("RMSProp", alpha, eps, accumulate, {"learning_rate": alpha, "rho": rho, "eps": eps})


class AdamState(NamedTuple):
    """Adam's state: step count and the two moving averages."""

    count: int
    mean: np.ndarray
    square: np.ndarray


def adam(learning_rate: float, beta1: float = 0.9, beta2: float = 0.999, eps: float = 1e-8) -> Optimizer:
    r"""Adam (Kingma and Ba, 2015), as in ``torch.optim.Adam``.

    .. math::
        m_{k} = \beta_1 m_{k-1} + (1-\beta_1) g_k,\quad
        s_{k} = \beta_2 s_{k-1} + (1-\beta_2) g_k^2,\quad
        w_{k} = w_{k-1} - \alpha \frac{m_k / (1-\beta_1^k)}{\sqrt{s_k / (1-\beta_2^k)} + \epsilon}
    """
    alpha = _validate.positive_number(learning_rate, "learning_rate")
    beta1 = _validate.unit_interval(beta1, "beta1")
    beta2 = _validate.unit_interval(beta2, "beta2")
    eps = _validate.positive_number(eps, "eps")

    def init(params: np.ndarray) -> AdamState:
        zeros = np.zeros_like(np.asarray(params, dtype=float))
        return AdamState(0, zeros, zeros.copy())

    def update(grads: np.ndarray, state: AdamState) -> tuple[np.ndarray, AdamState]:
        grads = np.asarray(grads, dtype=float)
        count = state.count + 1
        mean = beta1 * state.mean + (1 - beta1) * grads
        square = beta2 * state.square + (1 - beta2) * grads**2
        mean_hat = mean / (1 - beta1**count)
        square_hat = square / (1 - beta2**count)
        return -alpha * mean_hat / (np.sqrt(square_hat) + eps), AdamState(count, mean, square)

    return Optimizer("Adam", init, update, {"learning_rate": alpha, "beta1": beta1, "beta2": beta2, "eps": eps})
