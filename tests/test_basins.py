"""Basins of attraction (gdnotes.basins) and the tilted Himmelblau surface of lesson 6."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gdnotes import basins, descent, optimizers, surfaces

HILLS = surfaces.get("tilted_himmelblau")
WELL = surfaces.get("double_well")


# ----------------------------------------------------------------- the surface


def test_tilted_himmelblau_has_four_minima_of_four_depths_deepest_first() -> None:
    depths = [HILLS.value(m) for m in HILLS.minima]
    assert len(HILLS.minima) == 4
    assert depths == sorted(depths)
    assert min(np.diff(depths)) > 1.0  # clearly different depths, so that where a run ends matters
    for m in HILLS.minima:
        point = np.array(m)
        assert np.all(np.abs(HILLS.gradient(point)) < 1e-12)
        # positive definite Hessian by central differences of the gradient
        h = 1e-5
        hessian = np.array([(HILLS.gradient(point + h * e) - HILLS.gradient(point - h * e)) / (2 * h) for e in np.eye(2)])
        assert np.all(np.linalg.eigvalsh((hessian + hessian.T) / 2) > 1.0)


def test_tilted_himmelblau_is_himmelblau_scaled_and_tilted() -> None:
    rng = np.random.default_rng(3)
    points = rng.uniform(-5, 5, (50, 2))
    x, y = points[:, 0], points[:, 1]
    expected = ((x**2 + y - 11) ** 2 + (x + y**2 - 7) ** 2) / 10 + x + y / 2
    np.testing.assert_allclose(HILLS.value(points), expected, rtol=1e-13)
    # without the tilt, Himmelblau's classic minimum (3, 2) has loss 0
    assert HILLS.value([3.0, 2.0]) == pytest.approx(3.0 + 1.0)


def test_global_minimum_is_global_on_a_fine_grid() -> None:
    X, Y, Z = HILLS.grid(401)
    assert HILLS.value(HILLS.minima[0]) <= Z.min() + 1e-12


# ----------------------------------------------------------------- labels


def test_nearest_minimum_labels_each_minimum_by_its_index() -> None:
    labels = basins.nearest_minimum(HILLS, np.array(HILLS.minima))
    assert labels.tolist() == [0, 1, 2, 3]


def test_far_points_are_unsettled_and_nan_rows_diverged() -> None:
    m = np.array(HILLS.minima[2])
    positions = np.array([m + [2e-3, 0.0], m + [5e-4, 0.0], [np.nan, 1.0], [0.0, 0.0]])
    assert basins.nearest_minimum(HILLS, positions).tolist() == [basins.UNSETTLED, 2, basins.DIVERGED, basins.UNSETTLED]
    assert basins.nearest_minimum(HILLS, positions, tolerance=3e-3).tolist()[:2] == [2, 2]


def test_one_dimensional_positions_in_every_shape() -> None:
    (deep,), (shallow,) = WELL.minima
    assert basins.nearest_minimum(WELL, deep).tolist() == [0]
    assert basins.nearest_minimum(WELL, [deep, shallow, 0.0]).tolist() == [0, 1, basins.UNSETTLED]
    assert basins.nearest_minimum(WELL, [[shallow]]).tolist() == [1]


@settings(max_examples=100, deadline=None)
@given(st.integers(0, 3), st.floats(0, 2 * np.pi), st.floats(0, 0.99))
def test_points_within_the_tolerance_get_that_minimum(index: int, angle: float, fraction: float) -> None:
    tolerance = 0.05
    point = np.array(HILLS.minima[index]) + fraction * tolerance * np.array([np.cos(angle), np.sin(angle)])
    assert basins.nearest_minimum(HILLS, point, tolerance).tolist() == [index]


def test_label_names() -> None:
    assert basins.label_name(WELL, 0) == "global minimum"
    assert basins.label_name(WELL, 1) == "local minimum"
    assert basins.label_name(HILLS, 2) == "local minimum 3"
    assert basins.label_name(HILLS, basins.UNSETTLED) == "no minimum (still moving)"
    assert basins.label_name(HILLS, basins.DIVERGED) == "diverged"


# ----------------------------------------------------------------- runs


def test_vectorised_and_looped_runs_are_identical() -> None:
    rng = np.random.default_rng(11)
    starts = rng.uniform(-5, 5, (60, 2))
    for optimizer in (optimizers.gradient_descent(0.05), optimizers.momentum(0.02, 0.9)):
        together = basins.final_positions(HILLS, optimizer, starts, 150)
        one_by_one = basins.final_positions_looped(HILLS, optimizer, starts, 150)
        assert together.shape == (60, 2)
        np.testing.assert_array_equal(together, one_by_one)


def test_vectorised_and_looped_agree_on_divergence_too() -> None:
    starts = np.linspace(-2.4, 2.4, 25)
    optimizer = optimizers.gradient_descent(1.2)  # far too large for the double well: some starts blow up
    together = basins.final_positions(WELL, optimizer, starts, 60)
    one_by_one = basins.final_positions_looped(WELL, optimizer, starts, 60)
    assert np.isnan(together).any()
    np.testing.assert_array_equal(together, one_by_one)
    assert (basins.nearest_minimum(WELL, together) == basins.DIVERGED).sum() == np.isnan(together[:, 0]).sum()


def test_double_well_outcomes_depend_on_start_and_rate() -> None:
    gd = optimizers.gradient_descent
    # small steps: each start rolls into the hollow on its own side of the hump near x = 0.15
    assert basins.outcomes(WELL, gd(0.05), [-2.2, 0.0, 0.3, 2.3], 500).tolist() == [0, 0, 1, 1]
    # a long first step from 2.3 jumps the hump; from -2.2 with 0.4 the jump goes the other way
    assert basins.outcomes(WELL, gd(0.3), [2.3], 500).tolist() == [0]
    assert basins.outcomes(WELL, gd(0.4), [-2.2], 500).tolist() == [1]
    # above 2 / f''(global minimum) the global minimum cannot hold a run: it bounces on the walls
    assert basins.outcomes(WELL, gd(0.45), [0.0, 2.3], 500).tolist() == [basins.UNSETTLED, basins.UNSETTLED]


def test_no_floating_point_warnings_escape() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        finals = basins.final_positions(HILLS, optimizers.gradient_descent(5.0), [[4.0, 4.0], [-4.0, 4.0]], 30)
        assert basins.nearest_minimum(HILLS, finals).tolist() == [basins.DIVERGED, basins.DIVERGED]


# ----------------------------------------------------------------- maps


def test_grid_starts_are_row_major() -> None:
    xs, ys, starts = basins.grid_starts(HILLS, (4, 3))
    np.testing.assert_array_equal(xs, np.linspace(-5, 5, 4))
    np.testing.assert_array_equal(ys, np.linspace(-5, 5, 3))
    assert starts.shape == (12, 2)
    for i in range(3):
        for j in range(4):
            assert starts[i * 4 + j].tolist() == [xs[j], ys[i]]


@pytest.fixture(scope="module")
def small_map() -> basins.BasinMap:
    return basins.basin_map(HILLS, optimizers.gradient_descent(0.05), resolution=(31, 25), steps=300)


def test_basin_map_shapes_and_counts(small_map: basins.BasinMap) -> None:
    assert small_map.labels.shape == (25, 31) and small_map.finals.shape == (25, 31, 2)
    counts = small_map.counts()
    assert sum(counts.values()) == small_map.starts == 31 * 25
    assert all(counts[i] > 0.15 * small_map.starts for i in range(4))  # four basins of comparable size
    assert sum(small_map.shares().values()) == pytest.approx(1.0)


def test_basin_map_matches_single_runs(small_map: basins.BasinMap) -> None:
    for i, j in [(0, 0), (12, 15), (24, 30), (5, 27), (20, 3)]:
        start = [small_map.xs[j], small_map.ys[i]]
        alone = descent.gradient_descent_path(HILLS, 0.05, start, 300)
        np.testing.assert_array_equal(small_map.finals[i, j], alone.final[0])
        assert small_map.labels[i, j] == basins.nearest_minimum(HILLS, alone.final)[0]


def test_corners_fall_into_the_minimum_of_their_quadrant(small_map: basins.BasinMap) -> None:
    # minima: 1 lower left, 2 upper left, 3 lower right, 4 upper right
    assert small_map.labels[0, 0] == 0
    assert small_map.labels[-1, 0] == 1
    assert small_map.labels[0, -1] == 2
    assert small_map.labels[-1, -1] == 3


# ----------------------------------------------------------------- the committed timing


def test_committed_timing_is_complete_and_says_the_runs_agreed() -> None:
    data = basins.load_timings()
    assert data["identical"] is True
    assert data["starts"] == 10_000 and data["steps"] == 200 and data["learning_rate"] == 0.05
    assert data["surface"] == "tilted_himmelblau"
    assert 0 < data["seconds"]["vectorised"] < data["seconds"]["looped"]
    assert {"cpu", "cores", "system", "python", "numpy"} <= set(data["machine"])
    assert data["command"] == "python scripts/measure_lesson6.py"


def test_measure_reports_identical_runs_on_a_small_grid() -> None:
    result = basins.measure(resolution=3, steps=5, repeats=1)
    assert result["identical"] is True and result["starts"] == 9
    assert set(result["seconds"]) == {"vectorised", "looped"}


# ----------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    "call, error, words",
    [
        (lambda: basins.nearest_minimum("saddle", [0.0, 0.0]), ValueError, "lists no minima"),
        (lambda: basins.nearest_minimum(HILLS, [[1.0, 2.0, 3.0]]), ValueError, "positions"),
        (lambda: basins.nearest_minimum(HILLS, "far"), TypeError, "positions"),
        (lambda: basins.nearest_minimum(HILLS, [0.0, 0.0], tolerance=0), ValueError, "tolerance"),
        (lambda: basins.nearest_minimum(3, [0.0, 0.0]), TypeError, "surface"),
        (lambda: basins.final_positions(HILLS, "sgd", [0.0, 0.0], 5), TypeError, "optimizer"),
        (lambda: basins.final_positions_looped(HILLS, optimizers.gradient_descent(0.1), [0.0, 0.0], -1), ValueError, "steps"),
        (lambda: basins.final_positions_looped(HILLS, optimizers.gradient_descent(0.1), [[np.inf, 0.0]], 5), ValueError, "starts"),
        (lambda: basins.grid_starts(WELL, 10), ValueError, "2 parameters"),
        (lambda: basins.grid_starts(HILLS, 1), ValueError, "resolution"),
        (lambda: basins.grid_starts(HILLS, (10, 2.5)), TypeError, "resolution[1]"),
        (lambda: basins.grid_starts(HILLS, (10, 10, 10)), ValueError, "resolution"),
        (lambda: basins.basin_map(HILLS, tolerance=-1.0), ValueError, "tolerance"),
        (lambda: basins.label_name(HILLS, 4), ValueError, "label"),
        (lambda: basins.label_name(HILLS, 1.0), TypeError, "label"),
        (lambda: basins.measure(surface=HILLS), TypeError, "surface"),
    ],
)
def test_bad_input_is_named(call, error: type, words: str) -> None:
    with pytest.raises(error, match=words.replace("[", r"\[").replace("]", r"\]")):
        call()


def test_final_positions_say_which_starts_diverged() -> None:
    from gdnotes import optimizers

    for final in (basins.final_positions, basins.final_positions_looped):
        ends = final("bowl2d", optimizers.gradient_descent(0.4), [[3.0, 1.0], [0.1, 0.1]], 60)
        assert ends.diverged.tolist() == [True, True]  # 0.4 is too large for the steep direction (curvature 6)
        ends = final("bowl2d", optimizers.gradient_descent(0.1), [[3.0, 1.0], [0.1, 0.1]], 60)
        assert ends.diverged.tolist() == [False, False] and np.all(np.isfinite(ends))
