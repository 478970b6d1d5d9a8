"""Argument checks shared by the public functions.

Every check raises :class:`ArgumentTypeError` (wrong kind of value, a
``TypeError``) or :class:`ArgumentError` (right kind, wrong value, a
``ValueError``) with a message that names the argument and what it must be.
Every public function of the package raises these two for bad input, so a
caller can tell "you passed something wrong" from a fault inside NumPy.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Sequence

import numpy as np

MAX_STEPS = 1_000_000
"""The most steps (or epochs, samples, ...) a public function takes in one call.

A million updates of a small problem is seconds of work; a count far beyond
it is a typo, and would otherwise run for hours or allocate gigabytes.
"""


class ArgumentError(ValueError):
    """An argument of a public function has the right kind but a wrong value (the message names it)."""


class ArgumentTypeError(TypeError):
    """An argument of a public function has the wrong kind of value (the message names it)."""


def positive_number(value: object, name: str) -> float:
    """Return ``value`` as a float after checking it is a finite number > 0."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ArgumentTypeError(f"{name} must be a real number, got {type(value).__name__} {value!r}")
    value = float(value)
    if math.isnan(value):
        raise ArgumentError(f"{name} must be a number, got NaN")
    if math.isinf(value):
        raise ArgumentError(f"{name} must be finite, got {value}")
    if value <= 0:
        raise ArgumentError(f"{name} must be positive, got {value}")
    return value


def finite_number(value: object, name: str, largest: float | None = None) -> float:
    """Return ``value`` as a float after checking it is a finite real number (and at most ``largest`` in size)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ArgumentTypeError(f"{name} must be a real number, got {type(value).__name__} {value!r}")
    value = float(value)
    if not math.isfinite(value):
        raise ArgumentError(f"{name} must be finite, got {value}")
    if largest is not None and abs(value) > largest:
        raise ArgumentError(f"{name} must lie between -{largest:g} and {largest:g}, got {value:g}")
    return value


def strings(value: object, name: str, length: int | None = None) -> tuple[str, ...]:
    """Return a sequence of strings (exactly ``length`` of them, if given) as a tuple."""
    if isinstance(value, (str, bytes)) or not isinstance(value, Sequence):
        raise ArgumentTypeError(f"{name} must be a sequence of strings, got {type(value).__name__} {value!r:.60}")
    if length is not None and len(value) != length:
        raise ArgumentError(f"{name} must hold {length} strings, got {len(value)}")
    for i, item in enumerate(value):
        if not isinstance(item, str):
            raise ArgumentTypeError(f"{name}[{i}] must be a string, got {type(item).__name__} {item!r:.60}")
    return tuple(value)


def unit_interval(value: object, name: str) -> float:
    """Return ``value`` as a float after checking 0 <= value < 1."""
    value = finite_number(value, name)
    if not 0.0 <= value < 1.0:
        raise ArgumentError(f"{name} must be in [0, 1), got {value}")
    return value


def count(value: object, name: str, minimum: int = 0, maximum: int | None = MAX_STEPS) -> int:
    """Return ``value`` after checking it is an integer >= ``minimum`` and <= ``maximum`` (None: no upper limit).

    The default upper limit, :data:`MAX_STEPS`, keeps a mistyped count from
    running for hours; a seed passes ``maximum=None``.
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise ArgumentTypeError(f"{name} must be an integer, got {type(value).__name__} {value!r}")
    value = int(value)
    if value < minimum:
        raise ArgumentError(f"{name} must be >= {minimum}, got {value}")
    if maximum is not None and value > maximum:
        raise ArgumentError(f"{name} must be at most {maximum:,}, got {value:,}")
    return value


def positive_numbers(values: object, name: str) -> list[float]:
    """Return a non-empty sequence (or 1-D array) of finite numbers > 0 as floats."""
    if isinstance(values, (str, bytes)) or not (isinstance(values, Sequence) or isinstance(values, np.ndarray)):
        raise ArgumentTypeError(f"{name} must be a sequence of positive numbers, got {type(values).__name__} {values!r}")
    if isinstance(values, np.ndarray) and values.ndim != 1:
        raise ArgumentError(f"{name} must be one-dimensional, got shape {values.shape}")
    if len(values) == 0:
        raise ArgumentError(f"{name} must hold at least one value")
    return [positive_number(v, f"{name}[{i}]") for i, v in enumerate(values)]


def numeric_array(value: object, name: str) -> np.ndarray:
    """Return ``value`` as a float array, refusing text, booleans, None and ragged nesting."""
    if value is None or isinstance(value, (str, bytes, bool, np.bool_)):
        raise ArgumentTypeError(f"{name} must be numbers, got {type(value).__name__} {value!r}")
    try:
        raw = np.asarray(value)
    except ValueError:
        raise ArgumentError(f"{name} must be a number, a point or a rectangular array of points, got {value!r}") from None
    if raw.dtype.kind not in "iuf":
        raise ArgumentTypeError(f"{name} must be real numbers, got an array of dtype {raw.dtype} from {value!r}")
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
            raise ArgumentError(f"{name} must have {dim} coordinates, got shape {array.shape}")
        array = array.reshape(1, dim)
    if array.ndim != 2 or array.shape[1] != dim:
        raise ArgumentError(f"{name} must have shape ({dim},) or (m, {dim}), got shape {array.shape}")
    if array.shape[0] == 0:
        raise ArgumentError(f"{name} must hold at least one point")
    if not np.all(np.isfinite(array)):
        raise ArgumentError(f"{name} must be finite, got {value!r}")
    return array


def instance(value: object, kind: type, name: str, what: str) -> object:
    """``value`` if it is a ``kind``; otherwise a TypeError naming the argument and what was expected.

    >>> instance(3, str, "slug", "a string")
    Traceback (most recent call last):
    gdnotes._validate.ArgumentTypeError: slug must be a string, got int 3
    """
    if not isinstance(value, kind):
        raise ArgumentTypeError(f"{name} must be {what}, got {type(value).__name__} {value!r:.60}")
    return value
