"""Theory: the closed forms for quadratics, checked against each other and against real descent runs.

Property-based (Hypothesis) where the claim is "for every ...". A rate is
drawn as a fraction ``u`` of the stability bound ``2 / lambda``; a margin
of 1e-6 on each side of ``u = 1`` is far above floating-point rounding
(about 1e-16 per step) yet small enough to probe the edge.
"""

from __future__ import annotations

import math
from functools import lru_cache

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from _hypothesis import PROPERTY, SLOW_PROPERTY
from gdnotes import _validate, descent, surfaces, theory

CONVERGING = set(theory.REGIMES[:3])
MARGIN = 1e-6

curvature = st.floats(min_value=0.01, max_value=100.0, allow_nan=False, allow_infinity=False)
magnitude = st.floats(min_value=0.1, max_value=10.0)
sign = st.sampled_from([-1.0, 1.0])
start = st.builds(lambda m, s: m * s, magnitude, sign)
below = st.floats(min_value=1e-3, max_value=1.0 - MARGIN)
above = st.floats(min_value=1.0 + MARGIN, max_value=20.0)


@lru_cache(maxsize=None)
def bowl(lam: float) -> surfaces.Surface:
    return surfaces.quadratic([lam])


def _positions(lam: float, alpha: float, x0: float, steps: int) -> np.ndarray:
    return descent.gradient_descent_path(bowl(lam), alpha, x0, steps).positions[:, 0, 0]


@PROPERTY
@given(lam=curvature, u=below, x0=start)
def test_every_rate_below_two_over_lambda_converges(lam: float, u: float, x0: float) -> None:
    alpha = u * theory.largest_stable_rate(lam)
    assert theory.regime(alpha, lam) in CONVERGING
    assert abs(theory.contraction_factor(alpha, lam)) < 1.0
    x = np.abs(_positions(lam, alpha, x0, 30))
    assert np.all(x[1:] <= x[:-1]), x  # never further from the minimum
    assert x[-1] < x[0]
    assert math.isclose(abs(theory.iterate(x0, alpha, 30, lam)), x[-1], rel_tol=1e-9, abs_tol=1e-12 * abs(x0))


@PROPERTY
@given(lam=curvature, u=above, x0=start)
def test_every_rate_above_two_over_lambda_diverges(lam: float, u: float, x0: float) -> None:
    alpha = u * theory.largest_stable_rate(lam)
    assert theory.regime(alpha, lam) == "diverges"
    assert abs(theory.contraction_factor(alpha, lam)) > 1.0
    path = descent.gradient_descent_path(bowl(lam), alpha, x0, 30)
    x = np.abs(path.positions[:, 0, 0])
    finite = x[np.isfinite(x)]
    assert np.all(finite[1:] > finite[:-1]), x  # every step moves further out
    assert path.diverged[0] or x[-1] > x[0]
    assert theory.steps_to_tolerance(alpha, x0, abs(x0) / 2, lam) is None


@SLOW_PROPERTY
@given(lam=curvature, u=st.floats(min_value=0.1, max_value=0.9), x0=start)
def test_clearly_stable_rates_reach_the_minimum(lam: float, u: float, x0: float) -> None:
    path = descent.gradient_descent_path(bowl(lam), u * 2.0 / lam, x0, 150)
    assert not path.diverged[0]
    assert abs(path.final[0, 0]) < 1e-12  # |1 - u*2| <= 0.8, and 10 * 0.8**150 ~ 3e-14


@SLOW_PROPERTY
@given(lam=curvature, u=st.floats(min_value=1.1, max_value=20.0), x0=start)
def test_clearly_unstable_rates_are_flagged_diverged(lam: float, u: float, x0: float) -> None:
    path = descent.gradient_descent_path(bowl(lam), u * 2.0 / lam, x0, 150)
    # |factor| >= 1.2, and 0.1 * 1.2**150 ~ 7e10 puts the loss lam x^2 / 2 past 1e12
    assert path.diverged[0]
    k = path.diverged_at[0]
    assert np.all(np.isnan(path.positions[k + 1 :, 0]))


@PROPERTY
@given(
    lams=st.lists(curvature, min_size=2, max_size=4),
    u=st.one_of(below, above),
)
def test_the_stiffest_direction_sets_the_bound(lams: list[float], u: float) -> None:
    bound = theory.largest_stable_rate(lams)
    assert bound == 2.0 / max(lams)
    alpha = u * bound
    regimes = [theory.regime(alpha, lam) for lam in lams]
    if u < 1.0:
        assert all(r in CONVERGING for r in regimes)
    else:
        assert regimes[int(np.argmax(lams))] == "diverges"
    assert theory.condition_number(lams) == pytest.approx(max(lams) / min(lams), rel=1e-15)


@SLOW_PROPERTY
@given(lams=st.lists(curvature, min_size=2, max_size=3), u=st.one_of(below, above))
def test_the_bound_holds_for_descent_on_a_many_dimensional_bowl(lams: list[float], u: float) -> None:
    surface = surfaces.quadratic(lams)
    alpha = u * theory.largest_stable_rate(lams)
    positions = descent.gradient_descent_path(surface, alpha, np.ones(len(lams)), 20).positions[:, 0, :]
    size = np.abs(positions).max(axis=1)
    size = size[np.isfinite(size)]
    if u < 1.0:
        assert np.all(size[1:] <= size[:-1])
    else:
        stiff = np.abs(positions[:, int(np.argmax(lams))])
        stiff = stiff[np.isfinite(stiff)]
        assert np.all(stiff[1:] > stiff[:-1])


@PROPERTY
@given(alpha=st.floats(min_value=1e-6, max_value=10.0), x=st.floats(min_value=-100.0, max_value=100.0))
def test_one_step_on_x_squared_multiplies_by_one_minus_two_alpha(alpha: float, x: float) -> None:
    factor = theory.contraction_factor(alpha)
    assert factor == 1.0 - 2.0 * alpha
    x1 = _positions(2.0, alpha, x, 1)[1]
    x1_bowl1d = descent.gradient_descent_path("bowl1d", alpha, x, 1).positions[1, 0, 0]
    assert x1 == x1_bowl1d  # bowl1d is the quadratic of curvature 2
    assert x1 == pytest.approx(factor * x, rel=1e-12, abs=1e-15 * abs(x) * (1.0 + 2.0 * alpha))


@PROPERTY
@given(lam=curvature, u=st.floats(min_value=1e-3, max_value=1.5), x0=start, n=st.integers(min_value=0, max_value=40))
def test_iterate_equals_descent(lam: float, u: float, x0: float, n: int) -> None:
    alpha = u * 2.0 / lam
    path = descent.gradient_descent_path(bowl(lam), alpha, x0, n)
    closed = np.array([theory.iterate(x0, alpha, k, lam) for k in range(n + 1)])
    stop = path.diverged_at[0] if path.diverged[0] else n + 1  # rows after a divergence are NaN
    np.testing.assert_allclose(path.positions[:stop, 0, 0], closed[:stop], rtol=1e-9, atol=1e-12 * abs(x0))
    if path.diverged[0]:
        assert lam * closed[stop] ** 2 / 2 > descent.DIVERGENCE_LIMIT  # the loss really did pass the limit there
        assert lam * closed[stop - 1] ** 2 / 2 <= descent.DIVERGENCE_LIMIT * (1 + 1e-9)


@PROPERTY
@given(
    lam=curvature,
    u=st.floats(min_value=1e-4, max_value=2.5),
    x0=st.floats(min_value=-1e3, max_value=1e3).filter(lambda v: v != 0.0),
    tol=st.floats(min_value=1e-9, max_value=1e2),
)
def test_steps_to_tolerance_is_minimal(lam: float, u: float, x0: float, tol: float) -> None:
    alpha = u * 2.0 / lam
    n = theory.steps_to_tolerance(alpha, x0, tol, lam)
    if abs(x0) <= tol:
        assert n == 0
        return
    if abs(theory.contraction_factor(alpha, lam)) >= 1.0:
        assert n is None
        return
    assert isinstance(n, int) and n >= 1
    if n > _validate.MAX_STEPS:  # a rate next to the edge: the closed form counts them, a run of that length is refused
        with pytest.raises(_validate.ArgumentError, match="steps must be at most"):
            theory.iterate(x0, alpha, n, lam)
        return
    assert abs(theory.iterate(x0, alpha, n, lam)) <= tol
    assert abs(theory.iterate(x0, alpha, n - 1, lam)) > tol


def test_steps_to_tolerance_worked_example() -> None:
    # 4 * 0.8**n <= 1e-3 first at n = 38 (0.8**37 * 4 = 1.03e-3)
    assert theory.steps_to_tolerance(0.1, 4.0, 1e-3) == 38
    x = descent.gradient_descent_path("bowl1d", 0.1, 4.0, 38).positions[:, 0, 0]
    assert abs(x[38]) <= 1e-3 < abs(x[37])
    assert theory.steps_to_tolerance(0.5, 4.0, 1e-3) == 1
    assert theory.steps_to_tolerance(1.0, 4.0, 1e-3) is None
    assert theory.steps_to_tolerance(0.1, 1e-4, 1e-3) == 0


def _meets(rate: float, x0: float, steps: int, tol: float, lam: float = 2.0) -> bool:
    return abs(theory.iterate(x0, rate, steps, lam)) < tol


def test_largest_rate_for_tolerance_worked_example() -> None:
    rate = theory.largest_rate_for_tolerance(5.0, 25, 1e-3)
    assert rate == pytest.approx((1 + (1e-3 / 5) ** (1 / 25)) / 2, rel=1e-15)
    for r, meets in ((rate * (1 - 1e-6), True), (rate * (1 + 1e-6), False)):
        x = descent.gradient_descent_path("bowl1d", r, 5.0, 25).positions[:, 0, 0]
        assert bool(abs(x[25]) < 1e-3) is meets
        assert _meets(r, 5.0, 25, 1e-3) is meets
    # the whole stable range, including rates that zigzag, up to the bound: below, every rate meets
    for r in np.linspace(0.3, rate * (1 - 1e-6), 50):
        assert _meets(r, 5.0, 25, 1e-3)


@PROPERTY
@given(
    lam=curvature,
    x0=st.floats(min_value=1e-2, max_value=1e3),
    x0_sign=sign,
    n=st.integers(min_value=1, max_value=100),
    tol=st.floats(min_value=1e-6, max_value=10.0),
)
def test_largest_rate_for_tolerance_is_the_edge(lam: float, x0: float, x0_sign: float, n: int, tol: float) -> None:
    rate = theory.largest_rate_for_tolerance(x0 * x0_sign, n, tol, lam)
    q = rate * lam - 1.0  # |factor| at the edge: (tol / |x0|) ** (1 / n)
    assert q == pytest.approx((tol / x0) ** (1 / n), rel=1e-9)
    assume(q >= 1e-3)  # rounding stays far below the margin
    width = MARGIN * q / lam  # move |factor| by a relative 1e-6
    just_below, just_above = rate - width, rate + width
    assert _meets(just_below, x0 * x0_sign, n, tol, lam)
    assert not _meets(just_above, x0 * x0_sign, n, tol, lam)
    if n <= 40:
        path = descent.gradient_descent_path(bowl(lam), just_below, x0 * x0_sign, n)
        assert abs(path.final[0, 0]) < tol
        path = descent.gradient_descent_path(bowl(lam), just_above, x0 * x0_sign, n)
        assert not abs(path.final[0, 0]) < tol


@pytest.mark.parametrize(
    ("alpha", "name"),
    [(0.1, "converges"), (0.5, "converges in one step"), (0.6, "zigzags but converges"), (1.0, "oscillates forever"), (1.1, "diverges")],
)
def test_regime_names_on_the_one_dimensional_bowl(alpha: float, name: str) -> None:
    assert theory.regime(alpha) == name
    assert name in theory.REGIMES
    x = descent.gradient_descent_path("bowl1d", alpha, 4.0, 100).positions[:, 0, 0]
    if name == "converges":
        assert np.all(x[1:] > 0) and np.all(np.diff(x) < 0)
    elif name == "converges in one step":
        assert np.all(x[1:] == 0.0)
    elif name == "zigzags but converges":
        assert np.all(np.sign(x[1:]) == -np.sign(x[:-1]))
        assert np.all(np.abs(x[1:]) < np.abs(x[:-1]))
        assert abs(x[-1]) < 1e-30
    elif name == "oscillates forever":
        assert x.tolist() == [4.0 * (-1) ** k for k in range(101)]
    else:
        assert np.isnan(x[-1])


def test_regime_boundaries_are_judged_with_tolerance() -> None:
    assert theory.regime(1 / 3, curvature=3.0) == "converges in one step"  # 1/3 * 3 is 1 only up to rounding
    assert theory.regime(2 / 3, curvature=3.0) == "oscillates forever"
    assert theory.regime(0.5 * (1 - 1e-9)) == "converges"
    assert theory.regime(0.5 * (1 + 1e-9)) == "zigzags but converges"
    assert theory.regime(1.0 + 1e-9) == "diverges"


@PROPERTY
@given(lam=curvature, r1=st.floats(min_value=1e-3, max_value=5.0), r2=st.floats(min_value=1e-3, max_value=5.0))
def test_regime_grows_with_the_rate(lam: float, r1: float, r2: float) -> None:
    low, high = sorted((r1, r2))
    order = theory.REGIMES.index
    assert order(theory.regime(low / lam, lam)) <= order(theory.regime(high / lam, lam))


def test_contraction_factor_and_bound_examples() -> None:
    assert theory.contraction_factor(0.1) == pytest.approx(0.8)
    assert theory.contraction_factor(0.1, curvature=25) == pytest.approx(-1.5)
    assert theory.largest_stable_rate() == 1.0
    assert theory.largest_stable_rate([1, 25]) == 0.08
    assert theory.largest_stable_rate(np.array([1.0, 25.0])) == 0.08
    assert theory.largest_stable_rate(4) == 0.5


def test_condition_numbers_of_the_catalogue() -> None:
    def hessian_eigenvalues(name: str) -> np.ndarray:
        surface = surfaces.get(name)
        h = 1e-4
        columns = [(surface.gradient(h * e) - surface.gradient(-h * e)) / (2 * h) for e in np.eye(2)]
        return np.linalg.eigvalsh(np.array(columns))

    assert theory.condition_number(list(hessian_eigenvalues("ravine"))) == pytest.approx(25.0, rel=1e-9)
    assert theory.condition_number(list(hessian_eigenvalues("bowl2d"))) == pytest.approx(3.0, rel=1e-9)
    assert theory.condition_number([7.0]) == 1.0
    assert theory.condition_number(np.array([2.0, 6.0])) == 3.0


def test_iterate_overflow_is_infinity_not_an_error() -> None:
    assert theory.iterate(5.0, 2.0, 10_000) == math.inf  # factor -3, even power
    assert theory.iterate(5.0, 2.0, 10_001) == -math.inf
    assert theory.iterate(-5.0, 2.0, 10_001) == math.inf
    assert theory.iterate(0.0, 2.0, 10_001) == 0.0
    assert theory.iterate(5.0, 0.1, 0) == 5.0


@pytest.mark.parametrize(
    ("call", "error", "named"),
    [
        (lambda: theory.contraction_factor(0.0), ValueError, "learning_rate"),
        (lambda: theory.contraction_factor("0.1"), TypeError, "learning_rate"),
        (lambda: theory.contraction_factor(0.1, curvature=-2), ValueError, "curvature"),
        (lambda: theory.regime(float("nan")), ValueError, "learning_rate"),
        (lambda: theory.regime(0.1, curvature=0), ValueError, "curvature"),
        (lambda: theory.largest_stable_rate([]), ValueError, "curvatures"),
        (lambda: theory.largest_stable_rate([1.0, -1.0]), ValueError, r"curvatures\[1\]"),
        (lambda: theory.largest_stable_rate("2"), TypeError, "curvatures"),
        (lambda: theory.largest_stable_rate(None), TypeError, "curvatures"),
        (lambda: theory.iterate(float("inf"), 0.1, 3), ValueError, "start"),
        (lambda: theory.iterate(1.0, 0.1, -1), ValueError, "steps"),
        (lambda: theory.iterate(1.0, 0.1, 2.0), TypeError, "steps"),
        (lambda: theory.iterate(1.0, True, 2), TypeError, "learning_rate"),
        (lambda: theory.steps_to_tolerance(0.1, 1.0, 0.0), ValueError, "tolerance"),
        (lambda: theory.steps_to_tolerance(0.1, None, 0.1), TypeError, "start"),
        (lambda: theory.steps_to_tolerance(-0.1, 1.0, 0.1), ValueError, "learning_rate"),
        (lambda: theory.largest_rate_for_tolerance(0.0, 25, 1e-3), ValueError, "start"),
        (lambda: theory.largest_rate_for_tolerance(5.0, 0, 1e-3), ValueError, "steps"),
        (lambda: theory.largest_rate_for_tolerance(5.0, 25, -1e-3), ValueError, "tolerance"),
        (lambda: theory.largest_rate_for_tolerance(5.0, 25, 1e-3, curvature=0.0), ValueError, "curvature"),
        (lambda: theory.condition_number([]), ValueError, "curvatures"),
        (lambda: theory.condition_number("ab"), TypeError, "curvatures"),
        (lambda: theory.condition_number(3.0), TypeError, "curvatures"),
        (lambda: theory.condition_number([1.0, 0.0]), ValueError, r"curvatures\[1\]"),
    ],
)
def test_bad_input_is_named(call, error: type, named: str) -> None:
    with pytest.raises(error, match=named):
        call()


def test_an_overflowing_iterate_says_it_diverged() -> None:
    big = theory.iterate(5.0, 2.0, 10_000)
    assert isinstance(big, theory.Overflow) and big.diverged and big == math.inf
    assert not isinstance(theory.iterate(5.0, 0.1, 3), theory.Overflow)
