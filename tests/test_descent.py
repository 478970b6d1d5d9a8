"""Descent: the worked example of lesson 3, vectorisation, divergence and bad input."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from gdnotes import descent, optimizers, surfaces
from gdnotes.descent import DIVERGENCE_LIMIT


def test_worked_example_on_w_squared() -> None:
    path = descent.gradient_descent_path("bowl1d", 0.1, 4.0, 50)
    w = path.positions[:, 0, 0]
    assert w[0] == 4.0
    assert w[1] == pytest.approx(3.2, abs=1e-15)
    assert path.losses[1, 0] == pytest.approx(10.24, abs=1e-14)
    assert w[2] == pytest.approx(2.56, abs=1e-15)
    assert w[3] == pytest.approx(2.048, abs=1e-15)
    assert w[4] == pytest.approx(1.6384, abs=1e-15)
    assert w[20] == pytest.approx(4.61168602e-02, rel=1e-8)
    assert w[50] == pytest.approx(5.7e-5, rel=0.01)
    assert w[50] == pytest.approx(4.0 * 0.8**50, rel=1e-12)
    assert path.gradients[0, 0, 0] == 8.0
    np.testing.assert_allclose(path.losses[:, 0], w**2, rtol=1e-15)
    np.testing.assert_allclose(path.gradients[:, 0, 0], 2 * w, rtol=1e-15)
    assert path.steps == 50
    assert path.diverged_at.tolist() == [-1]
    assert not path.diverged[0]
    assert path.final.shape == (1, 1)


def test_shapes_for_one_and_many_starts() -> None:
    one = descent.gradient_descent_path("bowl2d", 0.1, [3.0, 1.0], 7)
    assert one.positions.shape == (8, 1, 2)
    assert one.losses.shape == (8, 1)
    assert one.gradients.shape == (8, 1, 2)
    assert one.diverged_at.shape == (1,)
    assert one.trajectory(0).shape == (8, 2)
    many = descent.gradient_descent_path("bowl2d", 0.1, np.ones((5, 2)), 7)
    assert many.positions.shape == (8, 5, 2)
    assert many.diverged_at.shape == (5,)
    oned = descent.gradient_descent_path("bowl1d", 0.1, [1.0, 2.0, 3.0], 2)
    assert oned.positions.shape == (3, 3, 1)  # numbers on a 1-D surface are three starts


def test_bowl2d_first_step_follows_the_gradient() -> None:
    path = descent.gradient_descent_path(surfaces.get("bowl2d"), 0.1, [3.0, 1.0], 1)
    np.testing.assert_allclose(path.positions[1, 0], [3.0 - 0.6, 1.0 - 0.6], rtol=1e-15)


OPTIMIZERS = [
    optimizers.gradient_descent(0.001),
    optimizers.momentum(0.0005, 0.9),
    optimizers.momentum(0.0005, 0.9, nesterov=True),
    optimizers.adagrad(0.2),
    optimizers.rmsprop(0.01),
    optimizers.adam(0.05),
]


@pytest.mark.parametrize("surface", surfaces.names())
@pytest.mark.parametrize("opt", OPTIMIZERS, ids=lambda o: o.name)
def test_many_starts_equal_runs_one_at_a_time(surface: str, opt: optimizers.Optimizer) -> None:
    s = surfaces.get(surface)
    rng = np.random.default_rng(5)
    low = np.array([lo for lo, _ in s.bounds])
    high = np.array([hi for _, hi in s.bounds])
    starts = low + (high - low) * rng.random((6, s.dim))
    together = descent.run(s, opt, starts, 40)
    for i, start in enumerate(starts):
        alone = descent.run(s, opt, start, 40)
        np.testing.assert_array_equal(together.positions[:, i], alone.positions[:, 0])
        np.testing.assert_array_equal(together.losses[:, i], alone.losses[:, 0])
        np.testing.assert_array_equal(together.gradients[:, i], alone.gradients[:, 0])
        assert together.diverged_at[i] == alone.diverged_at[0]


def test_divergent_starts_are_flagged_and_the_rest_unaffected() -> None:
    # on x^2 with alpha = 1.5 every step multiplies x by -2
    starts = [[4.0], [0.0], [-1e-3]]
    path = descent.gradient_descent_path("bowl1d", 1.5, starts, 60)
    assert path.diverged_at[0] == 18  # 4 * 2**18 > 1e6, so the loss passes 1e12 there
    assert path.diverged_at[1] == -1  # the minimum is a fixed point
    assert 18 < path.diverged_at[2] < 60
    assert path.diverged.tolist() == [True, False, True]
    k = path.diverged_at[0]
    assert np.isfinite(path.positions[k, 0, 0]) and abs(path.losses[k, 0]) > DIVERGENCE_LIMIT
    assert np.all(np.isnan(path.positions[k + 1 :, 0]))
    assert np.all(np.isnan(path.losses[k + 1 :, 0]))
    assert np.all(np.isnan(path.gradients[k:, 0]))
    assert np.all(np.isfinite(path.positions[:k, 0])) and np.all(np.abs(path.losses[:k, 0]) <= DIVERGENCE_LIMIT)
    assert np.all(path.positions[:, 1, 0] == 0.0)
    np.testing.assert_allclose(path.positions[:k + 1, 0, 0], 4.0 * (-2.0) ** np.arange(k + 1), rtol=1e-15)


def test_converging_starts_unaffected_by_a_diverging_neighbour() -> None:
    # on rosenbrock, alpha = 0.0015 is stable near the valley floor (curvature ~1000)
    # but not at (2, -1), where the curvature across the valley is about 5200
    starts = np.array([[1.0, 1.0], [0.9, 0.8], [2.0, -1.0]])
    batch = descent.gradient_descent_path("rosenbrock", 0.0015, starts, 300)
    assert batch.diverged.tolist() == [False, False, True]
    assert batch.diverged_at[2] < 10
    for i in (0, 1):
        alone = descent.gradient_descent_path("rosenbrock", 0.0015, starts[i], 300)
        np.testing.assert_array_equal(batch.positions[:, i], alone.positions[:, 0])
    assert batch.positions[-1, 0].tolist() == [1.0, 1.0]  # the minimum stays put


@pytest.mark.parametrize(
    "opt",
    [
        optimizers.gradient_descent(1e3),
        optimizers.momentum(50.0, 0.99),
        optimizers.momentum(50.0, 0.99, nesterov=True),
        optimizers.adam(1e8),
        optimizers.rmsprop(1e6),
        optimizers.adagrad(1e12),
    ],
    ids=lambda o: o.name,
)
def test_no_floating_point_warning_escapes(opt: optimizers.Optimizer) -> None:
    starts = np.array([[1.5, 2.0], [-1.0, 1.0], [1.0, 1.0], [0.0, 0.0]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        old = np.seterr(all="raise")
        try:
            path = descent.run("rosenbrock", opt, starts, 100)
        finally:
            np.seterr(**old)
    assert path.diverged[:2].all()
    assert path.diverged_at[2] == -1 and path.positions[-1, 2].tolist() == [1.0, 1.0]
    for i in np.flatnonzero(path.diverged):
        assert np.all(np.isnan(path.positions[path.diverged_at[i] + 1 :, i]))


def test_overflow_to_inf_is_divergence_without_warnings() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        old = np.seterr(all="raise")
        try:
            path = descent.gradient_descent_path("double_well", 1e150, [[2.0], [1.3322207371911865]], 5)
        finally:
            np.seterr(**old)
    assert path.diverged_at[0] == 1
    assert path.diverged_at[1] in (-1, 1)  # a minimum only up to rounding: its tiny gradient times 1e150
    assert np.isnan(path.positions[2:, 0]).all()


def test_start_outside_the_limit_diverges_at_step_zero() -> None:
    path = descent.gradient_descent_path("bowl2d", 0.1, [2e12, 0.0], 5)
    assert path.diverged_at.tolist() == [0]
    assert path.positions[0, 0].tolist() == [2e12, 0.0]
    assert np.isnan(path.positions[1:]).all()


def test_zero_steps_gives_the_start_only() -> None:
    path = descent.gradient_descent_path("bowl2d", 0.1, [[3.0, 1.0], [1.0, 1.0]], 0)
    assert path.steps == 0
    assert path.positions.shape == (1, 2, 2)
    assert path.positions[0].tolist() == [[3.0, 1.0], [1.0, 1.0]]
    assert path.losses[0].tolist() == [12.0, 4.0]
    assert path.gradients[0].tolist() == [[6.0, 6.0], [2.0, 6.0]]


def test_start_is_not_modified() -> None:
    start = np.array([[3.0, 1.0]])
    descent.gradient_descent_path("bowl2d", 0.1, start, 5)
    assert start.tolist() == [[3.0, 1.0]]


def test_run_equals_gradient_descent_path_and_accepts_surface_objects() -> None:
    a = descent.run(surfaces.get("ravine"), optimizers.gradient_descent(0.05), [8.0, 2.0], 30)
    b = descent.gradient_descent_path("ravine", 0.05, [8.0, 2.0], 30)
    np.testing.assert_array_equal(a.positions, b.positions)
    assert a.surface is surfaces.get("ravine") and a.optimizer.name == "gradient descent"


def test_momentum_path_by_hand() -> None:
    path = descent.run("bowl1d", optimizers.momentum(0.1, 0.5), 4.0, 2)
    # v1 = 8, w1 = 4 - 0.8 = 3.2; v2 = 0.5 * 8 + 6.4 = 10.4, w2 = 3.2 - 1.04 = 2.16
    np.testing.assert_allclose(path.positions[:, 0, 0], [4.0, 3.2, 2.16], rtol=1e-15)


@pytest.mark.parametrize(
    ("start", "error", "named"),
    [
        ([1.0, 2.0, 3.0], ValueError, "start"),
        ([[1.0, 2.0, 3.0]], ValueError, "start"),
        (np.zeros((2, 2, 2)), ValueError, "start"),
        (1.0, ValueError, "start"),
        ([], ValueError, "start"),
        (np.zeros((0, 2)), ValueError, "start"),
        ([np.nan, 0.0], ValueError, "start"),
        ([np.inf, 0.0], ValueError, "start"),
        ([[1.0, 2.0], [3.0]], ValueError, "start"),
        (["1", "2"], TypeError, "start"),
        ("12", TypeError, "start"),
        (None, TypeError, "start"),
        ([1.0, None], TypeError, "start"),
        ([True, False], TypeError, "start"),
        ([1j, 0.0], TypeError, "start"),
    ],
)
def test_bad_start_is_named(start: object, error: type, named: str) -> None:
    with pytest.raises(error, match=named):
        descent.gradient_descent_path("bowl2d", 0.1, start, 3)


@pytest.mark.parametrize(("start", "error"), [([], ValueError), ([[]], ValueError), (np.nan, ValueError), ([[1.0, 2.0]], ValueError), (True, TypeError)])
def test_bad_start_in_one_dimension(start: object, error: type) -> None:
    with pytest.raises(error, match="start"):
        descent.gradient_descent_path("bowl1d", 0.1, start, 3)


@pytest.mark.parametrize(("steps", "error"), [(-1, ValueError), (2.5, TypeError), (3.0, TypeError), (True, TypeError), (None, TypeError), ("3", TypeError)])
def test_bad_steps_is_named(steps: object, error: type) -> None:
    with pytest.raises(error, match="steps"):
        descent.gradient_descent_path("bowl1d", 0.1, 1.0, steps)


def test_numpy_integer_steps_are_fine() -> None:
    assert descent.gradient_descent_path("bowl1d", 0.1, 1.0, np.int64(3)).steps == 3


def test_bad_surface() -> None:
    with pytest.raises(ValueError, match="'bowl9'"):
        descent.gradient_descent_path("bowl9", 0.1, 1.0, 3)
    with pytest.raises(TypeError, match="surface"):
        descent.run(42, optimizers.gradient_descent(0.1), 1.0, 3)  # type: ignore[arg-type]


def test_bad_optimizer() -> None:
    with pytest.raises(TypeError, match="optimizer"):
        descent.run("bowl1d", 0.1, 1.0, 3)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="optimizer"):
        descent.run("bowl1d", ("gd", None, None, {}), 1.0, 3)  # type: ignore[arg-type]


def test_bad_learning_rate_is_named() -> None:
    with pytest.raises(ValueError, match="learning_rate"):
        descent.gradient_descent_path("bowl1d", -0.1, 1.0, 3)


# ----------------------------------------------------------------- several optimizers at once

RACERS = [
    optimizers.gradient_descent(0.0015),
    optimizers.gradient_descent(0.1),  # diverges on the ravine and on rosenbrock
    optimizers.momentum(0.001, 0.9),
    optimizers.momentum(0.002, 0.9, nesterov=True),
    optimizers.adam(0.05),
    optimizers.rmsprop(0.01),
]


@pytest.mark.parametrize("surface", ["ravine", "rosenbrock", "double_well"])
def test_run_each_equals_one_run_per_optimizer(surface: str) -> None:
    s = surfaces.get(surface)
    starts = np.array([[1.0, 1.0], [0.9, 0.8], [2.0, -1.0], [-1.5, 2.0]])[:, : s.dim] if s.dim == 2 else np.array([[2.3], [-2.2], [40.0]])
    together = descent.run_each(s, RACERS, starts, 300)
    assert len(together) == len(RACERS)
    for optimizer, path in zip(RACERS, together):
        alone = descent.run(s, optimizer, starts, 300)
        assert path.optimizer is optimizer and path.surface is s
        for field in ("positions", "losses", "gradients", "diverged_at"):
            np.testing.assert_array_equal(getattr(path, field), getattr(alone, field))
    assert any(path.diverged.any() for path in together) and any(not path.diverged.all() for path in together)


def test_run_each_paths_are_independent_arrays() -> None:
    first, second = descent.run_each("bowl1d", [optimizers.gradient_descent(0.1), optimizers.gradient_descent(0.2)], 4.0, 3)
    first.positions[:] = 0.0
    assert second.positions[:, 0, 0].tolist() == pytest.approx([4.0, 2.4, 1.44, 0.864])


@pytest.mark.parametrize(
    ("racers", "named"),
    [
        (optimizers.gradient_descent(0.1), "optimizers"),
        ([], "optimizers"),
        ([optimizers.gradient_descent(0.1), 0.1], r"optimizers\[1\]"),
    ],
)
def test_run_each_bad_optimizers_are_named(racers: object, named: str) -> None:
    with pytest.raises(TypeError, match=named):
        descent.run_each("bowl1d", racers, 1.0, 3)  # type: ignore[arg-type]


# --- the engine's schedules and stopping rules ------------------------------------


def test_schedule_sets_each_steps_learning_rate() -> None:
    from gdnotes import schedules

    schedule = schedules.step_decay(0.1, factor=0.5, every=3)
    path = descent.run("bowl1d", optimizers.gradient_descent(0.1), 4.0, 8, schedule=schedule)
    w = 4.0
    for k in range(8):
        w = w - schedule(k) * 2 * w
        assert path.positions[k + 1, 0, 0] == pytest.approx(w, rel=1e-14)
    constant = descent.run("bowl2d", optimizers.adam(0.05), (3.0, 1.0), 30, schedule=schedules.constant(0.05))
    plain = descent.run("bowl2d", optimizers.adam(0.05), (3.0, 1.0), 30)
    np.testing.assert_allclose(constant.positions, plain.positions, rtol=1e-14)


def test_schedule_scales_every_rule_as_its_learning_rate_would() -> None:
    from gdnotes import schedules

    for make in (optimizers.adam, optimizers.rmsprop, optimizers.adagrad, lambda a: optimizers.momentum(a, 0.9, nesterov=True)):
        halved = descent.run("rosenbrock", make(0.002), (-1.0, 1.5), 40, schedule=schedules.constant(0.001))
        direct = descent.run("rosenbrock", make(0.001), (-1.0, 1.5), 40)
        np.testing.assert_allclose(halved.positions, direct.positions, rtol=1e-12)


def test_gradient_rule_stops_each_start_at_its_own_step() -> None:
    starts = np.array([[4.0], [-0.5], [40.0]])
    path = descent.run("bowl1d", optimizers.gradient_descent(0.1), starts, 1000, stop=descent.gradient_below(1e-3))
    expected = [int(np.ceil(np.log(5e-4 / abs(s)) / np.log(0.8))) for s in starts[:, 0]]
    assert path.stopped_at.tolist() == expected
    assert path.stopped_by == ("gradient norm",) * 3
    assert path.steps == max(expected)  # the arrays end when the last start stops
    early = int(np.argmin(expected))
    assert np.isnan(path.positions[expected[early] + 1 :, early]).all()
    assert path.last(early) == expected[early] and np.isfinite(path.positions[path.last(early), early]).all()
    assert not path.diverged.any()


def test_rules_are_checked_in_order_and_the_budget_still_holds() -> None:
    both = [descent.loss_change_below(1e-2, "loss change"), descent.gradient_below(1e-1)]
    path = descent.run("bowl1d", optimizers.gradient_descent(0.1), 4.0, 1000, stop=both)
    k = path.stopped_at[0]
    assert path.stopped_by[0] == "loss change"
    assert abs(path.losses[k, 0] - path.losses[k - 1, 0]) < 1e-2 <= abs(path.losses[k - 1, 0] - path.losses[k - 2, 0])
    budget = descent.run("bowl1d", optimizers.gradient_descent(0.001), 4.0, 5, stop=descent.gradient_below(1e-9))
    assert budget.steps == 5 and budget.stopped_at[0] == -1 and budget.stopped_by[0] is None


def test_divergence_and_stopping_end_a_run_together() -> None:
    starts = np.array([[1.0], [1.0]])
    path = descent.run("bowl1d", optimizers.gradient_descent(1.5), starts[:1], 500, stop=descent.gradient_below(1e-3))
    assert path.diverged[0] and path.stopped_at[0] == -1 and path.steps == path.diverged_at[0]


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"schedule": 0.1}, TypeError, "schedule must be a function of the step"),
        ({"stop": "gradient"}, TypeError, r"stop\[0\] must be a descent.Stop"),
        ({"schedule": lambda k: -1.0}, ValueError, "learning rate -1.0 at step 0"),
        ({"schedule": lambda k: float("nan")}, ValueError, "learning rate nan at step 0"),
    ],
)
def test_engine_refuses_bad_schedules_and_rules(kwargs, error, message) -> None:
    with pytest.raises(error, match=message):
        descent.run("bowl1d", optimizers.gradient_descent(0.1), 4.0, 3, **kwargs)


@pytest.mark.parametrize("tolerance", [0.0, -1.0, float("nan"), float("inf"), "small"])
def test_stopping_rules_refuse_bad_tolerances(tolerance) -> None:
    with pytest.raises((ValueError, TypeError), match="tolerance"):
        descent.gradient_below(tolerance)
    with pytest.raises((ValueError, TypeError), match="tolerance"):
        descent.loss_change_below(tolerance)
