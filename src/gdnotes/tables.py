"""Markdown tables from numbers and paths.

>>> print(markdown_table(["k", "x"], [[0, 4.0], [1, 3.2]]))
| k | x |
|--:|--:|
| 0 | 4 |
| 1 | 3.2 |
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from . import _validate
from ._validate import ArgumentError, ArgumentTypeError

if TYPE_CHECKING:  # imported where it is used: a page that only formats numbers need not load SymPy
    from .descent import Path

__all__ = ["number", "markdown_table", "path_table"]


def number(value: object, digits: int = 4) -> str:
    """Format a number for a page: ``digits`` significant digits, no trailing zeros.

    Integers print whole; magnitudes from 1e6 up or below 1e-4 use ``e``
    notation; minus signs are typographic (U+2212); NaN prints as an em dash.
    """
    digits = _validate.count(digits, "digits", minimum=1)
    if isinstance(value, str):
        return value
    if isinstance(value, (bool, np.bool_)):
        return "yes" if value else "no"
    if isinstance(value, (int, np.integer)):
        text = f"{int(value):,}" if abs(int(value)) >= 10_000 else str(int(value))
        return text.replace("-", "−")
    if not isinstance(value, numbers.Real):
        raise ArgumentTypeError(f"value must be a real number or a string, got {type(value).__name__} {value!r}")
    value = float(value)
    if math.isnan(value):
        return "—"
    if math.isinf(value):
        return "∞" if value > 0 else "−∞"
    if value == 0:
        return "0"
    magnitude = abs(value)
    if magnitude >= 1e6 or magnitude < 1e-4:
        mantissa, exponent = f"{value:.{digits - 1}e}".split("e")
        mantissa = mantissa.rstrip("0").rstrip(".")
        return f"{mantissa}e{int(exponent):+03d}".replace("-", "−")
    text = f"{value:.{digits}g}" if magnitude < 1 else f"{value:.{max(digits - 1 - int(math.floor(math.log10(magnitude))), 0)}f}"
    if "." in text and "e" not in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace("-", "−")


def markdown_table(headers: Sequence[str], rows: Sequence[Sequence[object]], digits: int = 4, align: str | None = None) -> str:
    """A Markdown table; numbers go through :func:`number`.

    ``align`` has one letter per column: ``l``, ``c`` or ``r`` (default all ``r``).
    """
    if isinstance(headers, str) or not isinstance(headers, Sequence) or not all(isinstance(h, str) for h in headers):
        raise ArgumentTypeError(f"headers must be a sequence of strings, got {headers!r}")
    columns = len(headers)
    if columns == 0:
        raise ArgumentError("headers must name at least one column")
    align = align or "r" * columns
    if not isinstance(align, str):
        raise ArgumentTypeError(f"align must be a string such as 'lrr', got {type(align).__name__} {align!r}")
    if len(align) != columns or set(align) - set("lcr"):
        raise ArgumentError(f"align must have one of 'l', 'c', 'r' per column ({columns}), got {align!r}")
    if isinstance(rows, (str, bytes)) or not isinstance(rows, Sequence):
        raise ArgumentTypeError(f"rows must be a list of rows (each a list of cells), got {type(rows).__name__} {rows!r:.60}")
    rule = {"l": ":--", "c": ":-:", "r": "--:"}
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join(rule[a] for a in align) + "|"]
    for i, row in enumerate(rows):
        if len(row) != columns:
            raise ArgumentError(f"rows[{i}] has {len(row)} cells, expected {columns}")
        lines.append("| " + " | ".join(number(cell, digits) for cell in row) + " |")
    return "\n".join(lines)


def path_table(path: Path, start: int = 0, every: int = 1, digits: int = 4, names: Sequence[str] | None = None) -> str:
    """A table of step ``k``, the parameters and the loss along one start of a path.

    ``names`` labels the coordinates (default ``x`` in 1-D, ``w1, w2, ...`` otherwise).
    Rows after a divergence are left out and the table says where it stopped.
    """
    from .descent import Path

    if not isinstance(path, Path):
        raise ArgumentTypeError(f"path must be a gdnotes.descent.Path, got {type(path).__name__}")
    every = _validate.count(every, "every", minimum=1)
    start = _validate.count(start, "start")
    if start >= path.positions.shape[1]:
        raise ArgumentError(f"start must be below the number of starts ({path.positions.shape[1]}), got {start}")
    trajectory = path.trajectory(start)
    d = trajectory.shape[1]
    names = list(_validate.strings(names, "names")) if names is not None else (["x"] if d == 1 else [f"w{i + 1}" for i in range(d)])
    if len(names) != d:
        raise ArgumentError(f"names must have {d} entries, got {len(names)}")
    loss_name = f"f({', '.join(names)})"
    stop = path.diverged_at[start] if path.diverged[start] else path.steps
    ks = list(range(0, stop + 1, every))
    if ks[-1] != stop:
        ks.append(stop)
    rows = [[k, *trajectory[k], path.losses[k, start]] for k in ks]
    table = markdown_table(["step k", *names, loss_name], rows, digits)
    if path.diverged[start]:
        table += f"\n\n*Diverged at step {stop}: the run was stopped there.*"
    return table
