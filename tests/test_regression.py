"""Linear regression: the data file, the cost and its gradient, fitting, stopping rules, scaling."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gdnotes import regression


@pytest.fixture(scope="module")
def data() -> regression.Dataset:
    return regression.petals()


# ----------------------------------------------------------------- the data file


def test_iris_file_has_fisher_values() -> None:
    table = regression.iris()
    assert set(table) == {"sepal_length_cm", "sepal_width_cm", "petal_length_cm", "petal_width_cm", "species"}
    assert all(len(column) == 150 for column in table.values())
    species, counts = np.unique(table["species"], return_counts=True)
    assert species.tolist() == ["setosa", "versicolor", "virginica"] and counts.tolist() == [50, 50, 50]
    # column sums of Fisher's table (as in R's built-in iris)
    sums = [table[c].sum() for c in ("sepal_length_cm", "sepal_width_cm", "petal_length_cm", "petal_width_cm")]
    assert np.allclose(sums, [876.5, 458.6, 563.7, 179.9])
    # the two rows that the UCI copy gets wrong (numbered from 1)
    row = lambda i: [table[c][i - 1] for c in ("sepal_length_cm", "sepal_width_cm", "petal_length_cm", "petal_width_cm")]
    assert row(35) == [4.9, 3.1, 1.5, 0.2]
    assert row(38) == [4.9, 3.6, 1.4, 0.1]


def test_petals_are_length_and_width(data: regression.Dataset) -> None:
    table = regression.iris()
    assert np.array_equal(data.x, table["petal_length_cm"]) and np.array_equal(data.y, table["petal_width_cm"])
    assert "cm" in data.x_label and "cm" in data.y_label and "CC BY 4.0" in data.source


# ----------------------------------------------------------------- cost and gradient


def test_cost_is_mean_squared_error(data: regression.Dataset) -> None:
    w, b = 0.3, -0.2
    assert regression.cost([w, b], data.x, data.y) == pytest.approx(np.mean((w * data.x + b - data.y) ** 2), rel=1e-14)
    assert regression.cost([0.0, 0.0], data.x, data.y) == pytest.approx(np.mean(data.y**2))


def test_gradient_matches_finite_differences(data: regression.Dataset) -> None:
    h = 1e-6
    for point in ([0.0, 0.0], [0.5, -0.5], [-1.0, 2.0], [0.41, -0.36]):
        point = np.array(point)
        numeric = [(regression.cost(point + e, data.x, data.y) - regression.cost(point - e, data.x, data.y)) / (2 * h) for e in np.eye(2) * h]
        assert np.allclose(regression.gradient(point, data.x, data.y), numeric, rtol=1e-7, atol=1e-7)


@settings(max_examples=40, deadline=None)
@given(st.floats(-5, 5), st.floats(-5, 5))
def test_gradient_matches_finite_differences_anywhere(w: float, b: float) -> None:
    data = regression.petals()
    point, h = np.array([w, b]), 1e-5
    numeric = [(regression.cost(point + e, data.x, data.y) - regression.cost(point - e, data.x, data.y)) / (2 * h) for e in np.eye(2) * h]
    assert np.allclose(regression.gradient(point, data.x, data.y), numeric, rtol=1e-6, atol=1e-6)


def test_cost_and_gradient_work_on_a_grid(data: regression.Dataset) -> None:
    W, B = np.meshgrid(np.linspace(-1, 1, 7), np.linspace(-2, 2, 5))
    grid = np.stack([W, B], axis=-1)
    costs = regression.cost(grid, data.x, data.y)
    grads = regression.gradient(grid, data.x, data.y)
    assert costs.shape == (5, 7) and grads.shape == (5, 7, 2)
    assert costs[3, 4] == pytest.approx(regression.cost(grid[3, 4], data.x, data.y))
    assert np.allclose(grads[1, 2], regression.gradient(grid[1, 2], data.x, data.y))
    assert regression.predict(grid, data.x).shape == (5, 7, 150)


def test_gradient_is_zero_at_least_squares(data: regression.Dataset) -> None:
    best = regression.least_squares(data.x, data.y)
    assert np.linalg.norm(regression.gradient(best, data.x, data.y)) < 1e-12


def test_hessian_is_the_curvature_of_the_cost(data: regression.Dataset) -> None:
    H = regression.hessian(data.x)
    h = 1e-4
    point = np.array([0.2, 0.1])
    numeric = np.column_stack(
        [(regression.gradient(point + e, data.x, data.y) - regression.gradient(point - e, data.x, data.y)) / (2 * h) for e in np.eye(2) * h]
    )
    assert np.allclose(H, numeric, rtol=1e-8)
    assert regression.largest_stable_rate(data.x) == pytest.approx(2 / np.linalg.eigvalsh(H).max())


# ----------------------------------------------------------------- fitting


def test_fit_converges_to_least_squares(data: regression.Dataset) -> None:
    best, *_ = np.linalg.lstsq(np.column_stack([data.x, np.ones(150)]), data.y, rcond=None)
    run = regression.fit(data.x, data.y, 0.05, max_steps=20_000, gradient_tolerance=1e-10)
    assert run.stopped_by == "gradient norm"
    assert np.allclose(run.final, best, rtol=0, atol=1e-9)
    assert run.costs[-1] == pytest.approx(regression.cost(best, data.x, data.y), rel=1e-12)


def test_fit_records_every_step(data: regression.Dataset) -> None:
    run = regression.fit(data.x, data.y, 0.05, max_steps=3)
    assert run.stopped_by == "step budget" and run.steps == 3
    assert run.params.shape == (4, 2) and run.costs.shape == (4,) and run.gradients.shape == (4, 2)
    for k in range(3):
        assert np.allclose(run.params[k + 1], run.params[k] - 0.05 * regression.gradient(run.params[k], data.x, data.y))
        assert run.costs[k] == pytest.approx(regression.cost(run.params[k], data.x, data.y))
    assert np.allclose(run.gradient_norms, np.linalg.norm(run.gradients, axis=1))


def test_first_step_by_hand(data: regression.Dataset) -> None:
    run = regression.fit(data.x, data.y, 0.1, max_steps=1)
    dw, db = -2 * np.mean(data.x * data.y), -2 * np.mean(data.y)
    assert np.allclose(run.params[1], [-0.1 * dw, -0.1 * db])


def test_gradient_rule_stops_exactly_when_the_gradient_is_short(data: regression.Dataset) -> None:
    run = regression.fit(data.x, data.y, 0.05, max_steps=5000, gradient_tolerance=1e-3)
    assert run.stopped_by == "gradient norm"
    norms = run.gradient_norms
    assert norms[-1] < 1e-3 and np.all(norms[:-1] >= 1e-3)


def test_cost_rule_stops_exactly_when_the_cost_stalls(data: regression.Dataset) -> None:
    run = regression.fit(data.x, data.y, 0.05, max_steps=5000, cost_tolerance=1e-9)
    assert run.stopped_by == "cost change"
    changes = np.abs(np.diff(run.costs))
    assert changes[-1] < 1e-9 and np.all(changes[:-1] >= 1e-9)


def test_the_first_rule_to_fire_wins(data: regression.Dataset) -> None:
    gradient_only = regression.fit(data.x, data.y, 0.05, max_steps=5000, gradient_tolerance=1e-3)
    cost_only = regression.fit(data.x, data.y, 0.05, max_steps=5000, cost_tolerance=1e-9)
    both = regression.fit(data.x, data.y, 0.05, max_steps=5000, gradient_tolerance=1e-3, cost_tolerance=1e-9)
    assert both.steps == min(gradient_only.steps, cost_only.steps)
    budget = regression.fit(data.x, data.y, 0.05, max_steps=10, gradient_tolerance=1e-3, cost_tolerance=1e-9)
    assert budget.stopped_by == "step budget" and budget.steps == 10


def test_a_loose_cost_rule_stops_far_from_the_minimum(data: regression.Dataset) -> None:
    loose = regression.fit(data.x, data.y, 0.05, max_steps=5000, cost_tolerance=1e-6)
    best = regression.least_squares(data.x, data.y)
    assert np.linalg.norm(loose.final - best) > 1e-2


def test_divergence_is_a_result(data: regression.Dataset) -> None:
    too_large = 1.2 * regression.largest_stable_rate(data.x)
    with np.errstate(all="raise"):
        run = regression.fit(data.x, data.y, too_large, max_steps=10_000)
    assert run.stopped_by == "diverged"
    assert run.steps < 10_000
    just_below = 0.99 * regression.largest_stable_rate(data.x)
    assert regression.fit(data.x, data.y, just_below, max_steps=20_000, gradient_tolerance=1e-6).stopped_by == "gradient norm"


# ----------------------------------------------------------------- scaling


def test_scaling_makes_the_bowl_round(data: regression.Dataset) -> None:
    z, scaling = regression.standardize(data.x)
    assert z.mean() == pytest.approx(0, abs=1e-12) and z.std() == pytest.approx(1)
    assert regression.condition_number(data.x) > 100
    assert regression.condition_number(z) == pytest.approx(1.0)
    assert regression.condition_number(z) < regression.condition_number(data.x)
    assert np.allclose(regression.hessian(z), 2 * np.eye(2))
    assert np.allclose(scaling.apply(data.x), z)


def test_unscale_gives_the_same_line(data: regression.Dataset) -> None:
    z, scaling = regression.standardize(data.x)
    assert np.allclose(regression.unscale(regression.least_squares(z, data.y), scaling), regression.least_squares(data.x, data.y), atol=1e-12)
    run = regression.fit(z, data.y, 0.3, max_steps=40)
    line = regression.unscale(run.final, scaling)
    assert np.allclose(regression.predict(line, data.x), regression.predict(run.final, z))


def test_scaling_cuts_the_steps(data: regression.Dataset) -> None:
    z, _ = regression.standardize(data.x)
    raw = regression.fit(data.x, data.y, 0.9 * regression.largest_stable_rate(data.x), max_steps=20_000, gradient_tolerance=1e-6)
    scaled = regression.fit(z, data.y, 0.9 * regression.largest_stable_rate(z), max_steps=20_000, gradient_tolerance=1e-6)
    assert scaled.steps * 5 < raw.steps
    # a round bowl: at half the limit, one step lands on the minimum
    one = regression.fit(z, data.y, 0.5 * regression.largest_stable_rate(z), max_steps=1)
    assert np.allclose(one.final, regression.least_squares(z, data.y))


# ----------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("call", "error", "name"),
    [
        (lambda d: regression.cost([0, 0], "abc", d.y), TypeError, "x"),
        (lambda d: regression.cost([0, 0], d.x, d.y[:-1]), ValueError, "same length"),
        (lambda d: regression.cost([0, 0], [1.0], [2.0]), ValueError, "x"),
        (lambda d: regression.cost([0, 0], [[1.0, 2.0]], [[1.0, 2.0]]), ValueError, "x"),
        (lambda d: regression.cost([0, 0], [1.0, np.nan], [1.0, 2.0]), ValueError, "x"),
        (lambda d: regression.cost([0, 0], [2.0, 2.0], [1.0, 2.0]), ValueError, "constant"),
        (lambda d: regression.cost([0, 0, 0], d.x, d.y), ValueError, "params"),
        (lambda d: regression.gradient(None, d.x, d.y), TypeError, "params"),
        (lambda d: regression.fit(d.x, d.y, 0), ValueError, "learning_rate"),
        (lambda d: regression.fit(d.x, d.y, "fast"), TypeError, "learning_rate"),
        (lambda d: regression.fit(d.x, d.y, 0.1, start=[[0, 0]]), ValueError, "start"),
        (lambda d: regression.fit(d.x, d.y, 0.1, start=[np.inf, 0]), ValueError, "start"),
        (lambda d: regression.fit(d.x, d.y, 0.1, max_steps=-1), ValueError, "max_steps"),
        (lambda d: regression.fit(d.x, d.y, 0.1, max_steps=2.5), TypeError, "max_steps"),
        (lambda d: regression.fit(d.x, d.y, 0.1, cost_tolerance=-1e-6), ValueError, "cost_tolerance"),
        (lambda d: regression.fit(d.x, d.y, 0.1, gradient_tolerance="tiny"), TypeError, "gradient_tolerance"),
        (lambda d: regression.standardize([3.0, 3.0, 3.0]), ValueError, "constant"),
        (lambda d: regression.unscale([1.0, 0.0], (0.0, 1.0)), TypeError, "scaling"),
    ],
)
def test_bad_input_names_the_problem(data: regression.Dataset, call, error: type, name: str) -> None:
    with pytest.raises(error, match=name):
        call(data)


@pytest.mark.parametrize("scaled", [False, True])
def test_fit_uses_the_same_cost_and_gradient_as_the_formulas(data: regression.Dataset, scaled: bool) -> None:
    # fit works from moments of the data, not a pass over every example: the numbers must agree all the way down
    x = regression.standardize(data.x)[0] if scaled else data.x
    run = regression.fit(x, data.y, 0.5 * regression.largest_stable_rate(x), start=(2.0, -3.0), max_steps=2000)
    np.testing.assert_allclose(run.costs, regression.cost(run.params, x, data.y), rtol=1e-13, atol=1e-16)
    np.testing.assert_allclose(run.gradients, regression.gradient(run.params, x, data.y), rtol=1e-12, atol=1e-14)
    best_cost = regression.cost(regression.least_squares(x, data.y), x, data.y)
    assert abs(run.costs[-1] - best_cost) < 1e-16  # no cancellation at the minimum


@pytest.mark.parametrize("bad", [(float("nan"), 0.0), (0.0, float("inf")), [[1.0, 2.0], [float("-inf"), 0.0]]])
def test_nan_or_infinite_parameters_are_refused_by_name(bad) -> None:
    data = regression.petals()
    for call in (lambda: regression.cost(bad, data.x, data.y), lambda: regression.gradient(bad, data.x, data.y), lambda: regression.predict(bad, data.x)):
        with pytest.raises(ValueError, match="params must hold finite numbers only"):
            call()


def test_a_fit_says_when_it_diverged() -> None:
    data = regression.petals()
    assert regression.fit(data.x, data.y, 10.0, max_steps=1000).diverged
    assert not regression.fit(data.x, data.y, 0.01, max_steps=50).diverged


# ----------------------------------------------------------------- fit's own loop against the descent engine


def _engine_fit(x, y, rate, start, max_steps, cost_tolerance, gradient_tolerance):
    """What fit computed before it had its own loop: gdnotes.descent.run on the same cost, the same rules."""
    from gdnotes import descent, optimizers

    rules = []
    if gradient_tolerance is not None:
        rules.append(descent.gradient_below(gradient_tolerance, "gradient norm"))
    if cost_tolerance is not None:
        rules.append(descent.loss_change_below(cost_tolerance, "cost change"))
    path = descent.run(regression._CentredCost(x, y), optimizers.gradient_descent(rate), np.array(start, dtype=float), max_steps, stop=rules)
    last = path.last(0)
    stopped_by = "diverged" if path.diverged[0] else path.stopped_by[0] or "step budget"
    return path.positions[: last + 1, 0], path.losses[: last + 1, 0], path.gradients[: last + 1, 0], stopped_by


def _same_run(data_x, data_y, rate, start, max_steps, cost_tolerance, gradient_tolerance) -> None:
    run = regression.fit(data_x, data_y, rate, start=start, max_steps=max_steps, cost_tolerance=cost_tolerance, gradient_tolerance=gradient_tolerance)
    params, costs, gradients, stopped_by = _engine_fit(data_x, data_y, rate, start, max_steps, cost_tolerance, gradient_tolerance)
    assert run.stopped_by == stopped_by
    assert run.params.tobytes() == params.tobytes()  # bit for bit, NaN included
    assert run.costs.tobytes() == costs.tobytes()
    if stopped_by == "diverged":  # fit fills in the gradient where the run blew up; the engine keeps none
        assert np.all(np.isnan(gradients[-1]))
        gradients = gradients.copy()
        gradients[-1] = regression._CentredCost(data_x, data_y).gradient_at(params[-1])
    assert run.gradients.tobytes() == gradients.tobytes()


@pytest.mark.parametrize("scaled", [False, True])
@pytest.mark.parametrize("fraction", [0.1, 0.5, 0.9, 0.99, 0.999, 1.0, 1.001, 1.2, 5.0])
def test_fit_computes_what_the_descent_engine_computes(data: regression.Dataset, scaled: bool, fraction: float) -> None:
    """fit runs its own loop on floats (speed); it must give the engine's numbers exactly, at every rate up to past the limit."""
    x = regression.standardize(data.x)[0] if scaled else data.x
    rate = fraction * regression.largest_stable_rate(x)
    _same_run(x, data.y, rate, (0.0, 0.0), 3000, None, None)
    _same_run(x, data.y, rate, (1.5, -2.0), 3000, 1e-9, None)
    _same_run(x, data.y, rate, (0.0, 0.0), 3000, None, 1e-6)
    _same_run(x, data.y, rate, (-3.0, 4.0), 3000, 1e-3, 1e-2)


@settings(max_examples=60, deadline=None)
@given(
    rate=st.floats(1e-4, 2.0),
    w=st.floats(-1e3, 1e3),
    b=st.floats(-1e3, 1e3),
    steps=st.integers(0, 400),
    cost_tolerance=st.none() | st.floats(1e-12, 1.0),
    gradient_tolerance=st.none() | st.floats(1e-12, 1.0),
    n=st.integers(2, 30),
    seed=st.integers(0, 2**16),
)
def test_fit_agrees_with_the_engine_on_any_data(rate, w, b, steps, cost_tolerance, gradient_tolerance, n, seed) -> None:
    rng = np.random.default_rng(seed)
    x, y = rng.normal(0, 3, n), rng.normal(1, 2, n)
    _same_run(x, y, rate, (w, b), steps, cost_tolerance, gradient_tolerance)
