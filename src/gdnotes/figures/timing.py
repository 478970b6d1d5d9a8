"""Figure for lesson 5: how the plain-Python loop and NumPy scale with the number of parameters.

It is drawn from committed measurements (:func:`gdnotes.implementations.load_timings`),
never from a fresh timing, so the site's build stays byte-for-byte reproducible.

>>> html = scaling()
>>> html.startswith('<figure class="gd-figure" id="fig-timing-scaling"')
True
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from .. import implementations
from ..tables import number
from . import COLORS, FAINT, MAX_SCALE, figure, svg
from .._validate import ArgumentError, ArgumentTypeError

__all__ = ["scaling"]

BLUE, ORANGE = COLORS[0], COLORS[1]


def _series(timings: Mapping[str, Any]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    try:
        sizes = np.asarray(timings["sizes"], dtype=float)
        python = np.asarray(timings["seconds"]["python"], dtype=float)
        vector = np.asarray(timings["seconds"]["numpy"], dtype=float)
    except (KeyError, TypeError) as error:
        raise ArgumentError(f"timings must hold 'sizes' and 'seconds' with 'python' and 'numpy' lists ({error})") from None
    if not (sizes.ndim == python.ndim == vector.ndim == 1 and sizes.size == python.size == vector.size >= 2):
        raise ArgumentError("timings must give one time per size for each implementation, for at least two sizes")
    if np.any(~np.isfinite(np.concatenate([sizes, python, vector]))) or np.any(np.concatenate([sizes, python, vector]) <= 0):
        raise ArgumentError("timings must be positive, finite numbers")
    return sizes, python, vector


def scaling(timings: Mapping[str, Any] | None = None) -> str:
    """Log-log plot of the time of one run against the number of parameters, Python loop versus NumPy.

    Args:
        timings: measurements in the format of :func:`gdnotes.implementations.measure`;
            by default the committed ones.
    """
    if timings is None:
        timings = implementations.load_timings()
    if not isinstance(timings, Mapping):
        raise ArgumentTypeError(f"timings must be a mapping like implementations.load_timings() returns, got {type(timings).__name__}")
    sizes, python, vector = _series(timings)
    steps = timings.get("steps", "?")
    fmt = implementations.format_seconds
    with figure(5.0, 3.5) as (fig, ax):
        ax.loglog(sizes, python, "o-", color=ORANGE, label="plain Python loop")
        ax.loglog(sizes, vector, "s-", color=BLUE, label="NumPy")
        # a guide with slope 1: time proportional to the number of parameters
        guide = python[-1] * sizes / sizes[-1]
        ax.loglog(sizes, guide, ":", color=FAINT, linewidth=1.2, label="time ∝ parameters")
        ax.set_xlabel("number of parameters")
        ax.set_ylabel(f"seconds for {steps} steps")
        ax.grid(True, which="major")
        ax.legend(loc="upper left")
        # the last times, written just left of and above their points (clear of both lines)
        for y, color, offset in ((python[-1], ORANGE, (0, 8)), (vector[-1], BLUE, (-8, 4))):
            ax.annotate(fmt(y), (sizes[-1], y), xytext=offset, textcoords="offset points", ha="right", va="bottom", color=color)
        faster = np.flatnonzero(vector < python)
        crossover = (
            f"NumPy is faster from {number(int(sizes[faster[0]]))} parameters on"
            if faster.size and np.all(vector[faster[0]:] < python[faster[0]:])
            else "the two cross more than once"
        )
        alt = (
            f"Log-log plot of the time for {steps} gradient-descent steps against the number of parameters, from "
            f"{number(int(sizes[0]))} to {number(int(sizes[-1]))}. The plain Python loop's time grows in proportion to the "
            f"number of parameters, from {fmt(python[0])} to {fmt(python[-1])}. NumPy's time grows far more slowly, "
            f"from {fmt(vector[0])} to {fmt(vector[-1])}; {crossover}, and at the largest size it is "
            f"{number(python[-1] / vector[-1], 2)} times faster than the loop."
        )
        return svg(fig, alt, "timing-scaling", max_scale=MAX_SCALE)
