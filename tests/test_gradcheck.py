"""Finite-difference gradient checks."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gdnotes import gradcheck, surfaces

POINTS = [(3.0, 1.0), (0.0, 2.0), (-1.5, 0.7), (2.2, -2.9)]


def test_true_gradient_of_the_bowl_passes() -> None:
    result = gradcheck.check("bowl2d", POINTS)
    assert result.numeric.shape == result.analytic.shape == (4, 2)
    assert result.max_relative_error < 1e-9
    assert result.passed()
    np.testing.assert_allclose(result.numeric, [[6, 6], [0, 12], [-3, 4.2], [4.4, -17.4]], atol=1e-6)


def test_wrong_gradient_fails_loudly() -> None:
    result = gradcheck.check("bowl2d", POINTS, gradient=lambda p: 2 * p)  # forgot the factor 3
    assert result.max_relative_error > 0.2
    assert not result.passed()
    np.testing.assert_allclose(result.difference, result.analytic - result.numeric)


def test_a_bug_can_hide_at_a_single_point() -> None:
    colleague = lambda p: p * np.array([2.0, 3.0])  # noqa: E731 - d/dw2 of 3 w2^2 is 6 w2, not 3 w2
    hidden = gradcheck.check("bowl2d", (1.0, 0.0), gradient=colleague)
    caught = gradcheck.check("bowl2d", (1.0, 1.0), gradient=colleague)
    assert hidden.passed()
    assert not caught.passed()
    assert caught.max_relative_error == pytest.approx(3 / (np.hypot(2, 3) + np.hypot(2, 6)) , rel=1e-6)


def test_minimum_has_zero_error_not_nan() -> None:
    result = gradcheck.check("bowl2d", (0.0, 0.0))
    assert result.relative_error.tolist() == [0.0]


def test_exact_zero_gradient_at_a_curved_minimum_is_not_a_false_alarm() -> None:
    # at the Rosenbrock minimum the true gradient is 0, while central differences carry ~h^2 truncation error
    result = gradcheck.check("rosenbrock", (1.0, 1.0))
    assert result.analytic.tolist() == [[0.0, 0.0]]
    assert result.relative_error[0] == pytest.approx(1.0)  # the ratio alone would cry wolf...
    assert result.passed()  # ...but the difference is within the estimate's own uncertainty
    assert not gradcheck.check("rosenbrock", (1.0, 1.0), gradient=lambda p: p - 0.999).passed()


def test_gradient_below_round_off_is_not_a_false_alarm() -> None:
    # next to the minimum the true gradient (about 3.5e-119 here) is far below what differences of losses can resolve
    result = gradcheck.check("bowl2d", (0.0, 5.8e-120))
    assert result.numeric.tolist() == [[0.0, 0.0]]
    assert result.passed()
    # ...but a wrong gradient of measurable size still is caught there
    assert not gradcheck.check("bowl2d", (0.0, 5.8e-120), gradient=lambda p: p + 1.0).passed()


def test_one_dimensional_surfaces_work() -> None:
    result = gradcheck.check("double_well", [-1.5, 0.3, 2.0])
    assert result.numeric.shape == (3, 1)
    assert result.passed(1e-8)


def test_central_differences_agree_with_the_rosenbrock_gradient() -> None:
    valley = surfaces.get("rosenbrock")
    points = np.array([[-1.0, 1.5], [0.5, 0.5], [1.2, 1.3]])
    np.testing.assert_allclose(gradcheck.central_differences(valley, points), valley.gradient(points), rtol=1e-7)


def test_error_shrinks_like_h_squared() -> None:
    errors = [np.abs(gradcheck.check("rosenbrock", (-1.0, 1.5), h=h).difference).max() for h in (1e-2, 1e-3)]
    assert 50 < errors[0] / errors[1] < 200


def test_too_small_h_loses_to_round_off() -> None:
    sweet = gradcheck.check("rosenbrock", (-1.0, 1.5), h=1e-5).max_relative_error
    tiny = gradcheck.check("rosenbrock", (-1.0, 1.5), h=1e-12).max_relative_error
    assert tiny > 100 * sweet


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(["bowl2d", "ravine", "saddle", "rosenbrock"]), st.floats(-2, 2), st.floats(-1, 2))
def test_every_catalogue_gradient_passes(name: str, a: float, b: float) -> None:
    assert gradcheck.check(name, (a, b)).passed(1e-6)


def test_custom_surface_from_sympy() -> None:
    import sympy as sp

    w1, w2 = sp.symbols("w1 w2", real=True)
    mine = surfaces.Surface("p1", "Problem 1", (w1 - 1) ** 2 + 2 * w1 * w2 + w2**2, (w1, w2), ((-3, 3), (-3, 3)))
    result = gradcheck.check(mine, (1.0, 2.0))
    np.testing.assert_allclose(result.analytic, [[4.0, 6.0]])
    assert result.passed()


def test_no_floating_point_warnings_on_overflow() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(ValueError, match=r"points must be small enough.*points\[0\]"):
            gradcheck.check("rosenbrock", (1e200, 1e200))


@pytest.mark.parametrize(("h", "error"), [(0.0, ValueError), (-1e-5, ValueError), (float("nan"), ValueError), ("small", TypeError)])
def test_h_must_be_a_positive_number(h: object, error: type) -> None:
    with pytest.raises(error, match="h must"):
        gradcheck.check("bowl2d", (1.0, 1.0), h=h)
    with pytest.raises(error, match="h must"):
        gradcheck.central_differences("bowl2d", (1.0, 1.0), h=h)


def test_points_must_match_the_surface() -> None:
    with pytest.raises(ValueError, match="points"):
        gradcheck.check("bowl2d", (1.0, 2.0, 3.0))
    with pytest.raises(ValueError, match="points"):
        gradcheck.check("bowl2d", (float("inf"), 2.0))


def test_gradient_must_be_callable_and_the_right_shape() -> None:
    with pytest.raises(TypeError, match="gradient"):
        gradcheck.check("bowl2d", (1.0, 2.0), gradient=[2.0, 12.0])
    with pytest.raises(ValueError, match="gradient must return shape"):
        gradcheck.check("bowl2d", [(1.0, 2.0), (3.0, 4.0)], gradient=lambda p: np.zeros(3))


def test_surface_must_be_a_surface_or_a_name() -> None:
    with pytest.raises(TypeError, match="surface"):
        gradcheck.check(42, (1.0, 2.0))
    with pytest.raises(ValueError, match="unknown surface"):
        gradcheck.check("volcano", (1.0, 2.0))


def test_tolerance_is_checked() -> None:
    result = gradcheck.check("bowl2d", (1.0, 2.0))
    with pytest.raises(ValueError, match="tolerance"):
        result.passed(0.0)


def test_an_overflowing_point_is_not_counted_as_a_pass() -> None:
    # at 1e300 the loss overflows: nothing can be compared, so the check must not pass a wrong gradient
    with pytest.raises(ValueError, match=r"points must be small enough.*points\[1\] = \[1e\+300, 1\.0\]"):
        gradcheck.check("bowl2d", [[1.0, 1.0], [1e300, 1.0]], gradient=lambda p: 3 * np.asarray(p))
    with pytest.raises(ValueError, match=r"gradient must return finite numbers.*points\[0\]"):
        gradcheck.check("bowl2d", [[1.0, 1.0]], gradient=lambda p: np.full(np.shape(p), np.nan))


def test_huge_but_finite_gradients_do_not_overflow_the_relative_error() -> None:
    analytic = np.array([[3e200, 4e200]])
    assert gradcheck._relative_error(analytic, analytic)[0] == 0.0
    assert gradcheck._relative_error(analytic, 2 * analytic)[0] == pytest.approx(1 / 3)
