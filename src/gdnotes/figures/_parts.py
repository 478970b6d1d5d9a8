"""Pieces that several figure modules draw or write the same way."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .. import regression
from ..tables import number
from . import FAINT


def point_text(values: Sequence[float], digits: int = 3) -> str:
    """A point for alt text, each coordinate to ``digits`` significant digits: ``(0.416, -0.363)``."""
    return "(" + ", ".join(number(float(v), digits) for v in values) + ")"


def frame_map(ax, box: Sequence[Sequence[float]], names: Sequence[str]) -> None:
    """Show the box ``((x0, x1), (y0, y1))`` of a map of two parameters, at equal scales, with their names on the axes."""
    (x0, x1), (y0, y1) = box
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_aspect("equal")
    ax.set_xlabel(names[0])
    ax.set_ylabel(names[1], rotation=0, labelpad=8)


def cost_contours(ax, x: np.ndarray, y: np.ndarray, box: Sequence[Sequence[float]], lowest: float, top: float, linewidth: float) -> None:
    """Contours of the regression cost ``J(w, b)`` over ``box``, at eight levels above its minimum ``lowest``.

    The levels are spaced geometrically in the excess cost, from a thousandth
    of ``top - lowest`` up to ``top``, so the narrow bottom of the bowl shows
    as well as its walls.
    """
    (x0, x1), (y0, y1) = box
    W, B = np.meshgrid(np.linspace(x0, x1, 61), np.linspace(y0, y1, 61))
    J = regression.cost(np.stack([W, B], axis=-1), x, y)
    levels = lowest + np.geomspace((top - lowest) * 1e-3, top - lowest, 8)
    ax.contour(W, B, J, levels=levels, colors=FAINT, linewidths=linewidth)
