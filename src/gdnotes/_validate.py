"""Argument checks shared by the public functions.

Every check raises ``TypeError`` (wrong kind of value) or ``ValueError``
(right kind, wrong value) with a message that names the argument.
"""

from __future__ import annotations

import math
import numbers

import numpy as np


def positive_number(value: object, name: str) -> float:
    """Return ``value`` as a float after checking it is a finite number > 0."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number, got {type(value).__name__} {value!r}")
    value = float(value)
    if math.isnan(value):
        raise ValueError(f"{name} must be a number, got NaN")
    if math.isinf(value):
        raise ValueError(f"{name} must be finite, got {value}")
    if value <= 0:
        raise ValueError(f"{name} must be positive, got {value}")
    return value


def finite_number(value: object, name: str) -> float:
    """Return ``value`` as a float after checking it is a finite real number."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number, got {type(value).__name__} {value!r}")
    value = float(value)
    if not math.isfinite(value):
        raise ValueError(f"{name} must be finite, got {value}")
    return value


def unit_interval(value: object, name: str) -> float:
    """Return ``value`` as a float after checking 0 <= value < 1."""
    value = finite_number(value, name)
    if not 0.0 <= value < 1.0:
        raise ValueError(f"{name} must be in [0, 1), got {value}")
    return value


def count(value: object, name: str, minimum: int = 0) -> int:
    """Return ``value`` after checking it is an integer >= ``minimum``."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an integer, got {type(value).__name__} {value!r}")
    value = int(value)
    if value < minimum:
        raise ValueError(f"{name} must be >= {minimum}, got {value}")
    return value


def points(value: object, dim: int, name: str = "start") -> np.ndarray:
    """Return starting points as a float array of shape (m, dim).

    Accepts one point (a number when ``dim`` is 1, or a sequence of ``dim``
    numbers) or many points of shape (m, dim).
    """
    try:
        array = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be numbers, got {value!r}") from None
    if dim == 1 and array.ndim == 0:
        array = array.reshape(1, 1)
    elif dim == 1 and array.ndim == 1 and array.shape[0] != 1:
        array = array.reshape(-1, 1)
    elif array.ndim == 1:
        if array.shape[0] != dim:
            raise ValueError(f"{name} must have {dim} coordinates, got shape {array.shape}")
        array = array.reshape(1, dim)
    if array.ndim != 2 or array.shape[1] != dim:
        raise ValueError(f"{name} must have shape ({dim},) or (m, {dim}), got shape {array.shape}")
    if array.shape[0] == 0:
        raise ValueError(f"{name} must hold at least one point")
    if not np.all(np.isfinite(array)):
        raise ValueError(f"{name} must be finite, got {value!r}")
    return array
