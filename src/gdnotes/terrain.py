"""A real landscape: gradient descent on a digital elevation model.

Matplotlib ships a small digital elevation model (DEM) as sample data:
``jacksboro_fault_dem.npz``, a grid of ground heights in metres around the
Jacksboro fault in Campbell County, Tennessee, with one height every three
arc-seconds (about 75 m east-west and 93 m north-south). This module turns
it into a loss landscape you could walk on:

* :func:`load` reads the grid, puts it on a kilometre grid with ``y``
  pointing north, and optionally smooths it (a Gaussian blur), so that a
  walker feels hills and valleys rather than every bump of the survey;
* :class:`Terrain` interpolates the height between grid points with a
  cubic (Catmull-Rom) interpolant, smooth enough that its exact gradient
  is continuous;
* :func:`descend` runs plain gradient descent on it,
  ``p <- p - learning_rate * grad h(p)``, from one start.

Heights are in metres and positions in kilometres, so a gradient is in
metres of climb per kilometre walked.

>>> land = load()
>>> path = descend(land, start=(15.0, 15.0), learning_rate=0.002, steps=50)
>>> bool(path.elevations[-1] < path.elevations[0])
True
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

import numpy as np

from . import _validate, descent
from .optimizers import gradient_descent
from ._validate import ArgumentError, ArgumentTypeError

MAX_SMOOTHING = 10.0
"""The widest blur :func:`load` takes, in km (a third of the map; wider would flatten it and cost seconds)."""

__all__ = ["SOURCE", "Terrain", "TerrainPath", "load", "descend"]

SOURCE = "jacksboro_fault_dem.npz"
"""The matplotlib sample-data file the terrain comes from."""

_KM_PER_DEGREE = 111.32
"""Kilometres per degree of latitude (and of longitude at the equator)."""


@dataclass(frozen=True, eq=False)
class Terrain:
    """Ground height on a regular grid, with a smooth interpolant.

    Attributes:
        heights: shape (ny, nx), metres; row 0 is the southern edge.
        spacing: ``(dx, dy)``, the distance between grid points in km,
            east-west and north-south.
        smoothing: the Gaussian blur applied, as a standard deviation in km
            (0 for the raw survey).
    """

    heights: np.ndarray
    spacing: tuple[float, float]
    smoothing: float = 0.0

    @property
    def shape(self) -> tuple[int, int]:
        """``(ny, nx)``: rows (south to north) and columns (west to east)."""
        return self.heights.shape  # type: ignore[return-value]

    @property
    def bounds(self) -> tuple[tuple[float, float], tuple[float, float]]:
        """``((0, width), (0, height))`` in km: the box positions may lie in."""
        ny, nx = self.shape
        dx, dy = self.spacing
        return ((0.0, (nx - 1) * dx), (0.0, (ny - 1) * dy))

    def contains(self, points: object) -> np.ndarray | bool:
        """Whether each point of shape (..., 2) lies on the grid (edges included)."""
        array = np.asarray(points, dtype=float)
        (x0, x1), (y0, y1) = self.bounds
        inside = (array[..., 0] >= x0) & (array[..., 0] <= x1) & (array[..., 1] >= y0) & (array[..., 1] <= y1)
        return bool(inside) if inside.ndim == 0 else inside

    def elevation(self, points: object) -> np.ndarray | float:
        """Interpolated height in metres at ``points`` of shape (..., 2), in km."""
        value, _ = self._interpolate(points, "points")
        return float(value) if value.ndim == 0 else value

    def gradient(self, points: object) -> np.ndarray:
        """Exact gradient of the interpolated height, shape (..., 2), in metres per km."""
        _, grad = self._interpolate(points, "points")
        return grad

    def _interpolate(self, points: object, name: str) -> tuple[np.ndarray, np.ndarray]:
        array = _as_points(points, name)
        if not np.all(self.contains(array)):
            (x0, x1), (y0, y1) = self.bounds
            raise ArgumentError(f"{name} must lie on the grid, 0 <= x <= {x1:.3f} and 0 <= y <= {y1:.3f} km, got {points!r}")
        ny, nx = self.shape
        dx, dy = self.spacing
        ix, tx = _cell(array[..., 0] / dx, nx)
        iy, ty = _cell(array[..., 1] / dy, ny)
        # the 4 x 4 grid heights around each point (rows south to north, columns west to east)
        rows = np.minimum(np.maximum(iy[..., None] + _NEIGHBOURS, 0), ny - 1)
        cols = np.minimum(np.maximum(ix[..., None] + _NEIGHBOURS, 0), nx - 1)
        h = self.heights[rows[..., :, None], cols[..., None, :]]
        wx, dwx = _catmull_rom(tx)
        wy, dwy = _catmull_rom(ty)
        along_x = (h @ wx[..., None])[..., 0]  # each of the four rows interpolated east-west
        slope_along_x = (h @ dwx[..., None])[..., 0]
        value = (along_x[..., None, :] @ wy[..., None])[..., 0, 0]
        slope_x = (slope_along_x[..., None, :] @ wy[..., None])[..., 0, 0]
        slope_y = (along_x[..., None, :] @ dwy[..., None])[..., 0, 0]
        return value, np.stack([slope_x / dx, slope_y / dy], axis=-1)


_NEIGHBOURS = np.arange(-1, 3)
"""Offsets of the four grid points, along each axis, whose heights the cubic interpolant blends."""

_POWERS = np.arange(4)
"""The powers ``t**0`` to ``t**3`` of the cubic interpolant."""

_CATMULL_ROM = np.array([[0, 2, 0, 0], [-1, 0, 1, 0], [2, -5, 4, -1], [-1, 3, -3, 1]]) / 2
"""Row ``i``: the coefficients of ``t**i`` in the weights of the neighbours at offsets -1, 0, 1, 2."""

_CATMULL_ROM_SLOPES = _CATMULL_ROM[1:] * np.array([[1], [2], [3]])
"""Row ``i``: the coefficients of ``t**i`` in the derivatives of those weights."""


def _as_points(points: object, name: str) -> np.ndarray:
    try:
        array = np.asarray(points, dtype=float)
    except (TypeError, ValueError):
        raise ArgumentTypeError(f"{name} must be numbers, got {points!r}") from None
    if array.ndim == 0 or array.shape[-1] != 2:
        raise ArgumentError(f"{name} must have a last axis of length 2 (x east, y north, in km), got shape {array.shape}")
    if not np.all(np.isfinite(array)):
        raise ArgumentError(f"{name} must be finite, got {points!r}")
    return array


def _cell(position: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Index of the cell holding each position (in grid units) and the fraction across it."""
    index = np.minimum(np.maximum(np.floor(position).astype(int), 0), n - 2)
    return index, position - index


def _catmull_rom(t: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Weights of the four neighbours at offsets -1, 0, 1, 2 and their derivatives in ``t``: shape (..., 4) each.

    The weights are ``(-t^3 + 2t^2 - t)/2``, ``(3t^3 - 5t^2 + 2)/2``, ``(-3t^3 + 4t^2 + t)/2`` and ``(t^3 - t^2)/2``.
    """
    powers = t[..., None] ** _POWERS
    return powers @ _CATMULL_ROM, powers[..., :3] @ _CATMULL_ROM_SLOPES


def _blur(heights: np.ndarray, sigma_cells: tuple[float, float]) -> np.ndarray:
    """Separable Gaussian blur with edge padding; ``sigma_cells`` is (along rows, along columns)."""
    out = heights
    for axis, sigma in ((0, sigma_cells[0]), (1, sigma_cells[1])):
        if sigma <= 0:
            continue
        radius = max(1, int(math.ceil(3 * sigma)))
        offsets = np.arange(-radius, radius + 1)
        kernel = np.exp(-0.5 * (offsets / sigma) ** 2)
        kernel /= kernel.sum()
        pad = [(0, 0), (0, 0)]
        pad[axis] = (radius, radius)
        padded = np.pad(out, pad, mode="edge")
        out = np.apply_along_axis(lambda line: np.convolve(line, kernel, mode="valid"), axis, padded)
    return out


@functools.lru_cache(maxsize=4)
def _load(smoothing: float) -> Terrain:
    from matplotlib import cbook

    data = cbook.get_sample_data(SOURCE)
    heights = np.asarray(data["elevation"], dtype=float)[::-1]  # the file stores the northern row first
    latitude = math.radians((float(data["ymin"]) + float(data["ymax"])) / 2)
    dx = float(data["dx"]) * _KM_PER_DEGREE * math.cos(latitude)
    dy = float(data["dy"]) * _KM_PER_DEGREE
    if smoothing > 0:
        heights = _blur(heights, (smoothing / dy, smoothing / dx))
    heights.setflags(write=False)
    return Terrain(heights, (dx, dy), smoothing)


def load(smoothing: float = 0.8) -> Terrain:
    """The Jacksboro fault terrain from matplotlib's sample data.

    Args:
        smoothing: standard deviation of a Gaussian blur, in km (>= 0; 0
            keeps the raw survey). The default softens survey noise and
            small gullies while keeping ridges and valleys.
    """
    smoothing = _validate.finite_number(smoothing, "smoothing")
    if not 0 <= smoothing <= MAX_SMOOTHING:
        raise ArgumentError(f"smoothing must be between 0 and {MAX_SMOOTHING:g} km, got {smoothing:g}")
    return _load(smoothing)


class _Ground:
    """The terrain as an objective for the descent engine: height and slope on the grid, NaN off it."""

    dim = 2
    name = "terrain"

    def __init__(self, terrain: Terrain) -> None:
        self.terrain = terrain

    def _value_and_gradient(self, points: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        inside = np.asarray(self.terrain.contains(points), dtype=bool).reshape(-1)
        loss, grad = np.full(points.shape[0], np.nan), np.full(points.shape, np.nan)
        if inside.any():
            loss[inside], grad[inside] = self.terrain._interpolate(points[inside], "points")
        return loss, grad


@dataclass(frozen=True)
class TerrainPath:
    """A descent on the terrain.

    Attributes:
        positions: shape (k + 1, 2), km; row ``i`` is the walker after ``i`` steps.
        elevations: shape (k + 1,), metres.
        gradients: shape (k + 1, 2), metres per km, at each position.
        reached_edge: True if the walk stopped because the next step would
            have left the grid (then ``k`` is less than the steps asked for).
    """

    positions: np.ndarray
    elevations: np.ndarray
    gradients: np.ndarray
    reached_edge: bool

    @property
    def steps(self) -> int:
        """Number of steps taken, ``k``."""
        return self.positions.shape[0] - 1

    @property
    def length(self) -> float:
        """Distance walked along the path, in km."""
        return float(np.sum(np.linalg.norm(np.diff(self.positions, axis=0), axis=1)))


def descend(terrain: Terrain, start: object, learning_rate: float, steps: int) -> TerrainPath:
    """Plain gradient descent on the ground height: ``p <- p - learning_rate * grad h(p)``.

    Args:
        terrain: from :func:`load`.
        start: ``(x, y)`` in km, east and north of the south-west corner;
            it must lie on the grid (see :attr:`Terrain.bounds`).
        learning_rate: km of step per metre-per-km of slope (> 0).
        steps: the most steps to take (>= 0). The walk stops early, with
            ``reached_edge`` set, if a step would leave the grid.
    """
    if not isinstance(terrain, Terrain):
        raise ArgumentTypeError(f"terrain must be a Terrain from gdnotes.terrain.load(), got {type(terrain).__name__}")
    point = _as_points(start, "start")
    if point.shape != (2,):
        raise ArgumentError(f"start must be one point (x, y), got shape {point.shape}")
    if not terrain.contains(point):
        (_, x1), (_, y1) = terrain.bounds
        raise ArgumentError(f"start must lie on the grid, 0 <= x <= {x1:.3f} and 0 <= y <= {y1:.3f} km, got {tuple(point.tolist())}")
    alpha = _validate.positive_number(learning_rate, "learning_rate")
    steps = _validate.count(steps, "steps")

    path = descent.run(_Ground(terrain), gradient_descent(alpha), point, steps)
    # a step onto a point off the grid shows as a divergence there: the walk ends the step before
    reached_edge = bool(path.diverged[0])
    array = path.positions[: int(path.diverged_at[0]) if reached_edge else steps + 1, 0]
    return TerrainPath(array, np.asarray(terrain.elevation(array)).reshape(-1), terrain.gradient(array), reached_edge)
