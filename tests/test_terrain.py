"""The real landscape: loading, interpolation, its gradient and descent on it."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gdnotes import terrain


@pytest.fixture(scope="module")
def land() -> terrain.Terrain:
    return terrain.load()


@pytest.fixture(scope="module")
def raw() -> terrain.Terrain:
    return terrain.load(0.0)


def test_grid_has_the_sample_data_shape_and_a_kilometre_scale(raw: terrain.Terrain) -> None:
    assert raw.shape == (344, 403)
    (x0, x1), (y0, y1) = raw.bounds
    assert (x0, y0) == (0.0, 0.0)
    # three arc-seconds is about 93 m of latitude and, at 36.6 degrees north, about 74 m of longitude
    assert raw.spacing[0] == pytest.approx(0.0745, abs=0.001)
    assert raw.spacing[1] == pytest.approx(0.0928, abs=0.001)
    assert 25 < x1 < 35 and 25 < y1 < 35


def test_north_is_up(raw: terrain.Terrain) -> None:
    from matplotlib import cbook

    stored = cbook.get_sample_data(terrain.SOURCE)["elevation"]
    # the file lists the northern row first; the terrain's row 0 is the southern edge
    np.testing.assert_array_equal(raw.heights[0], stored[-1])
    np.testing.assert_array_equal(raw.heights[-1], stored[0])


def test_interpolation_passes_through_the_grid_points(raw: terrain.Terrain) -> None:
    dx, dy = raw.spacing
    rows = np.array([0, 5, 100, 343])
    cols = np.array([0, 7, 200, 402])
    points = np.stack([cols * dx, rows * dy], axis=-1)
    np.testing.assert_allclose(raw.elevation(points), raw.heights[rows, cols], atol=1e-9)


def test_smoothing_keeps_heights_within_the_survey_range(land: terrain.Terrain, raw: terrain.Terrain) -> None:
    assert land.heights.min() >= raw.heights.min()
    assert land.heights.max() <= raw.heights.max()
    assert land.heights.std() < raw.heights.std()


def test_gradient_is_the_derivative_of_the_interpolated_height(land: terrain.Terrain) -> None:
    rng = np.random.default_rng(3)
    (_, x1), (_, y1) = land.bounds
    points = rng.uniform([0.5, 0.5], [x1 - 0.5, y1 - 0.5], size=(50, 2))
    h = 1e-6
    numeric = np.stack(
        [
            (land.elevation(points + [h, 0]) - land.elevation(points - [h, 0])) / (2 * h),
            (land.elevation(points + [0, h]) - land.elevation(points - [0, h])) / (2 * h),
        ],
        axis=-1,
    )
    np.testing.assert_allclose(land.gradient(points), numeric, rtol=1e-5, atol=1e-4)


def test_descent_from_the_ridge_only_goes_down_and_reaches_flat_ground(land: terrain.Terrain) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        path = terrain.descend(land, (16.0, 11.0), learning_rate=0.002, steps=1000)
    assert path.positions.shape == (1001, 2)
    assert path.elevations.shape == (1001,)
    assert not path.reached_edge
    assert np.all(np.diff(path.elevations) <= 1e-9)
    assert path.elevations[0] - path.elevations[-1] > 100  # a real descent, not a shuffle
    assert np.linalg.norm(path.gradients[-1]) < 1e-3
    np.testing.assert_allclose(path.elevations, land.elevation(path.positions))


def test_nearby_starts_can_end_in_different_valleys(land: terrain.Terrain) -> None:
    a = terrain.descend(land, (16.0, 11.0), 0.002, 1000)
    b = terrain.descend(land, (17.0, 11.0), 0.002, 1000)
    assert np.linalg.norm(a.positions[-1] - b.positions[-1]) > 5
    assert abs(a.elevations[-1] - b.elevations[-1]) > 50


def test_steps_shrink_as_the_ground_flattens(land: terrain.Terrain) -> None:
    path = terrain.descend(land, (16.0, 11.0), 0.002, 1000)
    lengths = np.linalg.norm(np.diff(path.positions, axis=0), axis=1)
    np.testing.assert_allclose(lengths, 0.002 * np.linalg.norm(path.gradients[:-1], axis=1), rtol=1e-9, atol=1e-12)
    assert lengths[-1] < lengths[0] / 1000


@settings(max_examples=25, deadline=None)
@given(st.floats(0.2, 29.5), st.floats(0.2, 31.5))
def test_elevation_never_increases_for_a_small_learning_rate(x: float, y: float) -> None:
    land = terrain.load()
    path = terrain.descend(land, (x, y), learning_rate=0.002, steps=150)
    assert np.all(np.diff(path.elevations) <= 1e-9)
    assert np.all(land.contains(path.positions))


def test_walk_stops_at_the_edge_instead_of_leaving_the_grid(land: terrain.Terrain) -> None:
    path = terrain.descend(land, (2.0, 1.0), 0.002, 1000)
    assert path.reached_edge
    assert path.steps < 1000
    assert np.all(land.contains(path.positions))
    following = path.positions[-1] - 0.002 * land.gradient(path.positions[-1])
    assert not land.contains(following)


def test_runs_are_reproducible(land: terrain.Terrain) -> None:
    assert terrain.load() is land
    a = terrain.descend(land, (10.0, 20.0), 0.002, 200)
    b = terrain.descend(land, (10.0, 20.0), 0.002, 200)
    np.testing.assert_array_equal(a.positions, b.positions)


def test_zero_steps_is_just_the_start(land: terrain.Terrain) -> None:
    path = terrain.descend(land, (10.0, 20.0), 0.002, 0)
    assert path.steps == 0 and path.length == 0.0
    np.testing.assert_array_equal(path.positions, [[10.0, 20.0]])


@pytest.mark.parametrize("start", [(-0.1, 5.0), (5.0, -1.0), (40.0, 5.0), (5.0, 100.0)])
def test_start_outside_the_grid_is_a_clear_error(land: terrain.Terrain, start: tuple[float, float]) -> None:
    with pytest.raises(ValueError, match="start must lie on the grid"):
        terrain.descend(land, start, 0.002, 10)


def test_elevation_outside_the_grid_is_a_clear_error(land: terrain.Terrain) -> None:
    with pytest.raises(ValueError, match="points must lie on the grid"):
        land.elevation([[1.0, 1.0], [-5.0, 1.0]])


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"start": (1.0, 2.0, 3.0)}, ValueError, "start"),
        ({"start": [[1.0, 2.0], [3.0, 4.0]]}, ValueError, "start"),
        ({"start": (float("nan"), 2.0)}, ValueError, "start"),
        ({"start": "here"}, TypeError, "start"),
        ({"learning_rate": 0.0}, ValueError, "learning_rate"),
        ({"learning_rate": -1.0}, ValueError, "learning_rate"),
        ({"learning_rate": "fast"}, TypeError, "learning_rate"),
        ({"steps": -1}, ValueError, "steps"),
        ({"steps": 2.5}, TypeError, "steps"),
    ],
)
def test_bad_arguments_name_themselves(land: terrain.Terrain, kwargs: dict, error: type, message: str) -> None:
    arguments = {"start": (10.0, 10.0), "learning_rate": 0.002, "steps": 10, **kwargs}
    with pytest.raises(error, match=message):
        terrain.descend(land, **arguments)


def test_terrain_argument_is_checked() -> None:
    with pytest.raises(TypeError, match="terrain"):
        terrain.descend("jacksboro", (10.0, 10.0), 0.002, 10)


@pytest.mark.parametrize(("smoothing", "error"), [(-0.5, ValueError), (float("inf"), ValueError), ("a", TypeError)])
def test_bad_smoothing(smoothing: object, error: type) -> None:
    with pytest.raises(error, match="smoothing"):
        terrain.load(smoothing)
