"""The engine's unchecked blocks (descent._unchecked) give exactly the checked loop's paths.

Each test runs the same call twice: once as the engine runs it, once with the
blocks turned off so the checked loop takes every step, and asks for the same
arrays bit for bit (NaN where NaN), the same ``diverged_at`` and stopping
record, and the same errors. Rates go from tiny to well past divergence.
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import sympy as sp

from gdnotes import descent, optimizers, schedules, surfaces


def _checked_only(evaluate, update, optimizers, states, groups, current, first, steps, *rest):
    """In place of descent._unchecked: no blocks, the checked loop takes every step and never hands the run back."""
    return first, current, steps + 1


def _both(monkeypatch, call):
    """``call()`` with the unchecked blocks and with the checked loop alone."""
    fast = call()
    with monkeypatch.context() as patch:
        patch.setattr(descent, "_unchecked", _checked_only)
        slow = call()
    return fast, slow


def _same(fast, slow) -> None:
    fast = fast if isinstance(fast, list) else [fast]
    slow = slow if isinstance(slow, list) else [slow]
    assert len(fast) == len(slow)
    for a, b in zip(fast, slow):
        for name in ("positions", "losses", "gradients"):
            x, y = getattr(a, name), getattr(b, name)
            assert x.shape == y.shape, name
            # bit for bit: compare the bytes (NaN payloads included), not the values
            assert x.tobytes() == y.tobytes(), name
        assert a.diverged_at.tolist() == b.diverged_at.tolist()
        assert a.stopped_at.tolist() == b.stopped_at.tolist()
        assert a.stopped_by == b.stopped_by


_MAKERS = {
    "gd": lambda a: optimizers.gradient_descent(a),
    "momentum": lambda a: optimizers.momentum(a, 0.9),
    "nesterov": lambda a: optimizers.momentum(a, 0.8, nesterov=True),
    "adagrad": lambda a: optimizers.adagrad(a),
    "rmsprop": lambda a: optimizers.rmsprop(a),
    "adam": lambda a: optimizers.adam(a),
}


def _starts(draw, dim: int, m: int) -> np.ndarray:
    values = draw(st.lists(st.floats(-6, 6, allow_nan=False), min_size=m * dim, max_size=m * dim))
    return np.array(values, dtype=float).reshape(m, dim)


@st.composite
def _runs(draw):
    surface = surfaces.get(draw(st.sampled_from(surfaces.names())))
    maker = draw(st.sampled_from(sorted(_MAKERS)))
    rate = 10 ** draw(st.floats(-3, 1))  # 0.001 to 10: most surfaces diverge well before 10
    m = draw(st.integers(1, descent._FLOAT_ROWS + 2))  # one start by one on floats, and more on arrays
    steps = draw(st.integers(0, 300))
    return surface, _MAKERS[maker](rate), _starts(draw, surface.dim, m), steps


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(_runs(), st.sampled_from([1, 3, 16]))
def test_run_equals_the_checked_loop(monkeypatch, run, first_block) -> None:
    surface, opt, start, steps = run
    with monkeypatch.context() as patch:
        patch.setattr(descent, "_FIRST_BLOCK", first_block)
        fast, slow = _both(patch, lambda: descent.run(surface, opt, start, steps))
    _same(fast, slow)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.sampled_from(surfaces.names()), st.lists(st.floats(-3, 0.7), min_size=1, max_size=4), st.integers(0, 200), st.data())
def test_run_each_equals_the_checked_loop(monkeypatch, name, exponents, steps, data) -> None:
    surface = surfaces.get(name)
    makers = data.draw(st.lists(st.sampled_from(sorted(_MAKERS)), min_size=len(exponents), max_size=len(exponents)))
    racers = [_MAKERS[k](10**e) for k, e in zip(makers, exponents)]
    start = _starts(data.draw, surface.dim, data.draw(st.integers(1, 3)))
    fast, slow = _both(monkeypatch, lambda: descent.run_each(surface, racers, start, steps))
    _same(fast, slow)


@pytest.mark.parametrize("rate", np.round(np.arange(0.05, 1.2, 0.01), 3).tolist())
def test_a_sweep_of_rates_up_to_past_divergence(monkeypatch, rate) -> None:
    """Lesson 6's kind of sweep on the double well, on past the rates that diverge (about 0.5 from 2.3 and beyond)."""
    for start in ([2.3], [[2.3], [-2.2], [0.0], [2.45]]):
        _same(*_both(monkeypatch, lambda: descent.run("double_well", optimizers.gradient_descent(rate), start, 500)))
    _same(*_both(monkeypatch, lambda: descent.run("ravine", optimizers.momentum(rate / 10, 0.9, nesterov=True), (-9.0, 2.0), 700)))


@pytest.mark.parametrize("diverge_at", [0, 1, 15, 16, 17, 47, 48, 49, 300])
def test_divergence_at_each_side_of_a_block_edge(monkeypatch, diverge_at) -> None:
    """Blocks of 16, 32, 64 ... : a start that leaves the box at, just before and just after an edge."""
    rate = 1.5  # on the bowl w**2 each step multiplies w by 1 - 2 * 1.5 = -2; the loss passes the limit once |w| > 1e6
    start = [[1.0], [0.75e6 * 2.0 ** (1 - diverge_at)], [0.5]]
    fast, slow = _both(monkeypatch, lambda: descent.run("bowl1d", optimizers.gradient_descent(rate), start, 400))
    _same(fast, slow)
    assert fast.diverged_at[1] == diverge_at


def test_overflow_to_inf_and_nan_inside_a_block(monkeypatch) -> None:
    """Huge rates overflow to inf, then inf - inf makes NaN, all inside the first block; no warning escapes."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for name in ("double_well", "rosenbrock", "tilted_himmelblau"):
            surface = surfaces.get(name)
            start = np.full((3, surface.dim), 3.0)
            for rate in (5.0, 1e3, 1e200):
                _same(*_both(monkeypatch, lambda: descent.run(surface, optimizers.adam(rate), start, 100)))
                _same(*_both(monkeypatch, lambda: descent.run(surface, optimizers.gradient_descent(rate), start, 100)))


def test_schedules_equal_the_checked_loop(monkeypatch) -> None:
    for rate in (0.01, 0.3, 0.9, 2.0):
        opt = optimizers.momentum(rate, 0.9)
        schedule = schedules.cosine(rate, 300)
        _same(*_both(monkeypatch, lambda: descent.run("double_well", opt, [[2.3], [-1.0]], 300, schedule=schedule)))


def test_a_schedule_that_fails_after_every_start_diverged_is_never_asked(monkeypatch) -> None:
    """The checked loop ends when every start diverged; a block may ask the schedule past that, but its error must not escape."""

    def schedule(k: int) -> float:
        return 3.0 if k < 40 else float("nan")  # diverges long before step 40 on the bowl

    fast, slow = _both(monkeypatch, lambda: descent.run("bowl1d", optimizers.gradient_descent(3.0), [1.0], 200, schedule=schedule))
    _same(fast, slow)
    assert fast.diverged_at[0] < 40


def test_a_schedule_that_fails_before_any_divergence_fails_at_the_same_step(monkeypatch) -> None:
    def schedule(k: int) -> float:
        return 0.1 if k < 40 else -1.0

    for unchecked in (True, False):
        with monkeypatch.context() as patch:
            if not unchecked:
                patch.setattr(descent, "_unchecked", _checked_only)
            with pytest.raises(descent.ArgumentError, match="at step 40"):
                descent.run("bowl1d", optimizers.gradient_descent(0.1), [1.0], 200, schedule=schedule)


def _in_place_momentum(rate: float) -> optimizers.Optimizer:
    """Momentum whose update writes its velocity in place: it cannot be put back after a failed block."""

    def init(params):
        return np.zeros_like(np.asarray(params, dtype=float))

    def update(grads, velocity):
        velocity *= 0.9
        velocity += grads
        return -rate * velocity, velocity

    return optimizers.Optimizer("in-place momentum", init, update, {"learning_rate": rate})


@pytest.mark.parametrize("rate", [0.01, 0.2, 1.5, 3.0])
def test_an_optimizer_that_changes_its_state_in_place(monkeypatch, rate) -> None:
    """A failed block sends the checked loop back to step 0 with a fresh state, so even this optimizer's path is the checked loop's."""
    start = [[2.3], [-2.2], [0.1]]
    _same(*_both(monkeypatch, lambda: descent.run("double_well", _in_place_momentum(rate), start, 300)))
    racers = [optimizers.gradient_descent(rate), _in_place_momentum(rate)]
    _same(*_both(monkeypatch, lambda: descent.run_each("double_well", racers, start, 300)))


def test_the_start_is_not_written_to(monkeypatch) -> None:
    start = np.array([[2.3], [1e11]])
    copy = start.copy()
    descent.run("double_well", optimizers.gradient_descent(3.0), start, 100)
    descent.run("double_well", _in_place_momentum(3.0), start, 100)
    assert start.tobytes() == copy.tobytes()


def test_stopping_rules_still_use_the_checked_loop(monkeypatch) -> None:
    calls = []
    monkeypatch.setattr(descent, "_unchecked", lambda *args: calls.append(1) or _checked_only(*args))
    descent.run("bowl1d", optimizers.gradient_descent(0.1), 4.0, 100, stop=descent.gradient_below(1e-3))
    assert calls == []
    descent.run("bowl1d", optimizers.gradient_descent(0.1), 4.0, 100)
    assert calls == [1]


class _InfiniteGradientBelowHalf:
    """An objective (see descent._objective) whose gradient is infinite once x < 0.5, its position and loss still small."""

    dim = 1

    def _value_and_gradient(self, points):
        x = points[:, 0]
        return x * x, np.where(x >= 0.5, 2 * x, np.inf)[:, None]


def test_an_infinite_gradient_with_a_small_position_and_loss(monkeypatch) -> None:
    fast, slow = _both(monkeypatch, lambda: descent.run(_InfiniteGradientBelowHalf(), optimizers.gradient_descent(0.1), [[1.0], [3.0]], 60))
    _same(fast, slow)
    assert fast.diverged_at.tolist() == [4, 9]
    # on the last step, with no later position to give it away
    fast, slow = _both(monkeypatch, lambda: descent.run(_InfiniteGradientBelowHalf(), optimizers.gradient_descent(0.1), [[1.0], [3.0]], 4))
    _same(fast, slow)
    assert fast.diverged_at.tolist() == [4, -1] and np.isnan(fast.gradients[4, 0, 0])


# ---------------------------------------------------------------- the surfaces' code on Python floats


def test_every_catalogue_surface_runs_on_floats() -> None:
    for name in surfaces.names():
        assert descent._on_floats(surfaces.get(name), 1) is not None, name
    assert descent._on_floats(surfaces.quadratic([1, 100]), descent._FLOAT_ROWS) is not None
    assert descent._on_floats(surfaces.get("ravine"), descent._FLOAT_ROWS + 1) is None


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(surfaces.names()), st.integers(1, descent._FLOAT_ROWS), st.data())
def test_floats_give_the_arrays_numbers(name, m, data) -> None:
    """Loss and gradient on floats, byte for byte those of the surface's own array code, from tiny to huge coordinates."""
    surface = surfaces.get(name)
    coordinate = st.one_of(st.floats(-10, 10), st.floats(-1e12, 1e12), st.floats(-1e-300, 1e-300))
    points = np.array(data.draw(st.lists(coordinate, min_size=m * surface.dim, max_size=m * surface.dim)), dtype=float).reshape(m, surface.dim)
    loss, grad = descent._on_floats(surface, m)(points)
    with np.errstate(all="ignore"):
        expected_loss, expected_grad = surface._value_and_gradient(points)
    assert loss.tobytes() == expected_loss.tobytes() and grad.tobytes() == expected_grad.tobytes()


_X, _Y = sp.symbols("x y", real=True)


def _surface(expression) -> surfaces.Surface:
    return surfaces.Surface("test", "A test surface", expression, (_X, _Y), ((-3.0, 3.0), (-3.0, 3.0)), ((0.0, 0.0),))


@pytest.mark.parametrize("expression", [sp.exp(_X) + _Y**2, sp.sqrt(1 + _X**2) + _Y**2, sp.Abs(_X) + _Y**2, _X**sp.Rational(5, 2) + _Y**2])
def test_code_beyond_plain_arithmetic_stays_on_arrays(monkeypatch, expression) -> None:
    surface = _surface(expression)
    assert descent._on_floats(surface, 1) is None
    _same(*_both(monkeypatch, lambda: descent.run(surface, optimizers.gradient_descent(0.1), (1.0, 2.0), 100)))


def test_a_division_by_zero_on_floats_is_taken_again_on_arrays(monkeypatch) -> None:
    """On floats x**2/y raises at y = 0; NumPy gives inf there, so the start diverges at once, as in the checked loop."""
    surface = _surface(_X**2 + _Y**2 + _X**2 / _Y)
    assert descent._on_floats(surface, 1) is not None
    fast, slow = _both(monkeypatch, lambda: descent.run(surface, optimizers.gradient_descent(0.01), (1.0, 0.0), 50))
    _same(fast, slow)
    assert fast.diverged_at.tolist() == [0]
    _same(*_both(monkeypatch, lambda: descent.run(surface, optimizers.gradient_descent(0.01), (1.0, 2.0), 300)))


def test_the_code_check_refuses_other_code() -> None:
    def calls(x, y):
        return [abs(x), x, y]

    def power(x, y):
        return [x**2, x, y]

    def remainder(x, y):
        return [x % 2, x, y]

    def short(x, y):
        return [x * y, x]

    def plain(x, y):
        return [(1 / 4) * x * x - y / 3 + 2, -x, 3]

    for fn in (calls, power, remainder, short):
        assert not descent._plain_arithmetic(fn.__code__, 3), fn.__name__
    assert descent._plain_arithmetic(plain.__code__, 3)


def test_after_a_divergence_the_blocks_take_the_run_back(monkeypatch) -> None:
    """A race in which one runner diverges early: the checked loop takes the block where it does, then hands the others back to the blocks."""
    racers = [optimizers.gradient_descent(0.07), optimizers.momentum(0.07, 0.9), optimizers.momentum(0.07, 0.9, nesterov=True), optimizers.adam(0.3)]
    calls = []
    unchecked = descent._unchecked

    def counted(*args):
        calls.append(args[6])  # the step the blocks start at
        return unchecked(*args)

    monkeypatch.setattr(descent, "_unchecked", counted)
    fast = descent.run_each("ravine", racers, [(-9.0, 2.0), (3.0, -1.0)], 2000)
    assert len(calls) >= 2 and calls[0] == 0 and calls[1] > 0
    assert [p.diverged.tolist() for p in fast] == [[False, False], [False, False], [True, True], [False, False]]
    monkeypatch.setattr(descent, "_unchecked", _checked_only)
    _same(fast, descent.run_each("ravine", racers, [(-9.0, 2.0), (3.0, -1.0)], 2000))


@pytest.mark.parametrize("make", [_MAKERS["gd"], _MAKERS["momentum"], _MAKERS["nesterov"]])
def test_one_start_runs_wholly_on_floats(monkeypatch, make) -> None:
    """One start, one rule with a float form, no schedule: blocks on floats only; the same paths as the checked loop, rates up to past divergence."""
    for name in surfaces.names():
        surface = surfaces.get(name)
        assert descent._one_on_floats(surface, [make(0.1)], 1) is not None
        start = np.linspace(-2.0, 2.5, surface.dim)
        for rate in (0.001, 0.02, 0.1, 0.3, 0.6, 1.1):
            _same(*_both(monkeypatch, lambda: descent.run(surface, make(rate), start, 400)))
    assert descent._one_on_floats(surfaces.get("ravine"), [make(0.1)], 2) is None
    assert descent._one_on_floats(surfaces.get("ravine"), [make(0.1), make(0.2)], 1) is None
    assert descent._one_on_floats(surfaces.get("ravine"), [optimizers.adam(0.1)], 1) is None
