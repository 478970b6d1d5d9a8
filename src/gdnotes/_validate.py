"""Argument checks shared by the public functions.

Every check raises ``TypeError`` (wrong kind of value) or ``ValueError``
(right kind, wrong value) with a message that names the argument.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Sequence

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


def positive_numbers(values: object, name: str) -> list[float]:
    """Return a non-empty sequence (or 1-D array) of finite numbers > 0 as floats."""
    if isinstance(values, (str, bytes)) or not (isinstance(values, Sequence) or isinstance(values, np.ndarray)):
        raise TypeError(f"{name} must be a sequence of positive numbers, got {type(values).__name__} {values!r}")
    if isinstance(values, np.ndarray) and values.ndim != 1:
        raise ValueError(f"{name} must be one-dimensional, got shape {values.shape}")
    if len(values) == 0:
        raise ValueError(f"{name} must hold at least one value")
    return [positive_number(v, f"{name}[{i}]") for i, v in enumerate(values)]


def numeric_array(value: object, name: str) -> np.ndarray:
    """Return ``value`` as a float array, refusing text, booleans, None and ragged nesting."""
    if value is None or isinstance(value, (str, bytes, bool, np.bool_)):
        raise TypeError(f"{name} must be numbers, got {type(value).__name__} {value!r}")
    try:
        raw = np.asarray(value)
    except ValueError:
        raise ValueError(f"{name} must be a number, a point or a rectangular array of points, got {value!r}") from None
    if raw.dtype.kind not in "iuf":
        raise TypeError(f"{name} must be real numbers, got an array of dtype {raw.dtype} from {value!r}")
    return raw.astype(float)


def points(value: object, dim: int, name: str = "start") -> np.ndarray:
    """Return starting points as a float array of shape (m, dim).

    Accepts one point (a number when ``dim`` is 1, or a sequence of ``dim``
    numbers) or many points of shape (m, dim).
    """
    array = numeric_array(value, name)
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


def instance(value: object, kind: type, name: str, what: str) -> object:
    """``value`` if it is a ``kind``; otherwise a TypeError naming the argument and what was expected.

    >>> instance(3, str, "slug", "a string")
    Traceback (most recent call last):
    TypeError: slug must be a string, got int 3
    """
    if not isinstance(value, kind):
        raise TypeError(f"{name} must be {what}, got {type(value).__name__} {value!r:.60}")
    return value
