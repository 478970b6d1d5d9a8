"""Mini-batch gradient descent: reproducible, equal to full-batch descent when the batch is everything."""

from __future__ import annotations

import math

import numpy as np
import pytest

from gdnotes import regression, schedules, stochastic


@pytest.fixture(scope="module")
def scaled() -> tuple[np.ndarray, np.ndarray]:
    data = regression.petals()
    return regression.standardize(data.x)[0], data.y


def test_same_seed_same_path(scaled) -> None:
    z, y = scaled
    first = stochastic.minibatch_descent(z, y, 0.1, 7, 3, seed=42)
    again = stochastic.minibatch_descent(z, y, 0.1, 7, 3, seed=42)
    other = stochastic.minibatch_descent(z, y, 0.1, 7, 3, seed=43)
    assert np.array_equal(first.params, again.params) and np.array_equal(first.costs, again.costs)
    assert not np.allclose(first.params, other.params)


def test_full_batch_is_plain_gradient_descent(scaled) -> None:
    z, y = scaled
    run = stochastic.minibatch_descent(z, y, 0.1, batch_size=z.size, epochs=25, seed=3)
    plain = regression.fit(z, y, 0.1, max_steps=25)
    assert np.allclose(run.params, plain.params, rtol=0, atol=1e-13)
    assert np.allclose(run.costs, plain.costs, rtol=1e-13)
    assert run.epochs.tolist() == list(range(26))


def test_batches_and_epochs_are_counted(scaled) -> None:
    z, y = scaled
    run = stochastic.minibatch_descent(z, y, 0.05, batch_size=16, epochs=2)
    per_epoch = math.ceil(150 / 16)
    assert run.updates == 2 * per_epoch and run.params.shape == (2 * per_epoch + 1, 2)
    assert run.epochs[per_epoch] == pytest.approx(1.0) and run.epochs[-1] == pytest.approx(2.0)
    assert run.epochs[1] == pytest.approx(16 / 150)
    assert np.all(np.diff(run.epochs) > 0)


def test_one_update_follows_one_example(scaled) -> None:
    z, y = scaled
    run = stochastic.minibatch_descent(z, y, 0.1, batch_size=1, epochs=1, seed=5, start=(0.3, -0.2))
    first = np.random.default_rng(5).permutation(150)[0]
    w, b = 0.3, -0.2
    r = w * z[first] + b - y[first]
    assert np.allclose(run.params[1], [w - 0.1 * 2 * r * z[first], b - 0.1 * 2 * r])


def test_costs_are_over_all_examples(scaled) -> None:
    z, y = scaled
    run = stochastic.minibatch_descent(z, y, 0.1, batch_size=10, epochs=1)
    assert np.allclose(run.costs, regression.cost(run.params, z, y))


def test_sgd_gets_near_the_minimum(scaled) -> None:
    z, y = scaled
    best_cost = regression.cost(regression.least_squares(z, y), z, y)
    run = stochastic.minibatch_descent(z, y, 0.05, batch_size=10, epochs=20, seed=0)
    assert run.costs[-1] - best_cost < 1e-3 * run.costs[0]


def test_decaying_schedule_settles_closer_than_constant(scaled) -> None:
    z, y = scaled
    best_cost = regression.cost(regression.least_squares(z, y), z, y)
    total = 150 * 6
    gaps = {}
    for name, rate in (("constant", 0.1), ("cosine", schedules.cosine(0.1, total))):
        gaps[name] = np.median([stochastic.minibatch_descent(z, y, rate, 1, 6, seed=s).costs[-1] - best_cost for s in range(3)])
    assert gaps["cosine"] < gaps["constant"] / 10


def test_schedule_is_applied_per_update(scaled) -> None:
    z, y = scaled
    schedule = schedules.step_decay(0.1, factor=0.5, every=1)
    run = stochastic.minibatch_descent(z, y, schedule, batch_size=150, epochs=3)
    expected = np.zeros(2)
    for k in range(3):
        expected = expected - 0.1 * 0.5**k * regression.gradient(expected, z, y)
    assert np.allclose(run.final, expected)


def test_divergence_is_a_result() -> None:
    data = regression.petals()
    with np.errstate(all="raise"):
        run = stochastic.minibatch_descent(data.x, data.y, 5.0, batch_size=1, epochs=50)
    assert run.diverged_at > 0
    assert np.all(np.isnan(run.params[run.diverged_at :])) and np.all(np.isnan(run.costs[run.diverged_at :]))
    assert np.all(np.isfinite(run.costs[: run.diverged_at]))


def test_gradient_spread_is_unbiased_and_shrinks(scaled) -> None:
    z, y = scaled
    full = regression.gradient([0.0, 0.0], z, y)
    spreads = []
    for size in (1, 4, 16, 64):
        mean, spread = stochastic.gradient_spread(z, y, [0.0, 0.0], size, samples=4000, seed=1)
        assert np.allclose(mean, full, atol=4 * spread / np.sqrt(4000) + 1e-12)
        spreads.append(float(spread))
    assert all(a > b for a, b in zip(spreads, spreads[1:]))
    _, whole = stochastic.gradient_spread(z, y, [0.0, 0.0], 150, samples=10)
    assert whole == pytest.approx(0, abs=1e-12)


@pytest.mark.parametrize(
    ("kwargs", "error", "name"),
    [
        ({"learning_rate": -0.1}, ValueError, "learning_rate"),
        ({"learning_rate": "fast"}, TypeError, "learning_rate"),
        ({"batch_size": 0}, ValueError, "batch_size"),
        ({"batch_size": 151}, ValueError, "batch_size"),
        ({"batch_size": 2.0}, TypeError, "batch_size"),
        ({"epochs": 0}, ValueError, "epochs"),
        ({"seed": -1}, ValueError, "seed"),
        ({"seed": 1.5}, TypeError, "seed"),
        ({"start": (0.0, 0.0, 0.0)}, ValueError, "start"),
    ],
)
def test_bad_input_names_the_problem(scaled, kwargs: dict, error: type, name: str) -> None:
    z, y = scaled
    arguments = {"learning_rate": 0.1, "batch_size": 10, "epochs": 1, **kwargs}
    with pytest.raises(error, match=name):
        stochastic.minibatch_descent(z, y, **arguments)


def test_bad_spread_input(scaled) -> None:
    z, y = scaled
    with pytest.raises(ValueError, match="batch_size"):
        stochastic.gradient_spread(z, y, [0.0, 0.0], 0)
    with pytest.raises(ValueError, match="params"):
        stochastic.gradient_spread(z, y, [[0.0, 0.0]], 4)
