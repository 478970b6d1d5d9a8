"""The shared argument checks: the right error class, and a message that names the argument."""

from __future__ import annotations

import math

import numpy as np
import pytest

from gdnotes import _validate, descent, optimizers, surfaces, tables, theory
from gdnotes.figures import landscape


@pytest.mark.parametrize("value", [1, 0.5, 1e-300, 1e300, np.float64(2.0), np.int32(3), np.float32(0.25)])
def test_positive_number_accepts(value: object) -> None:
    out = _validate.positive_number(value, "rate")
    assert type(out) is float and out == float(value)


@pytest.mark.parametrize(
    ("value", "error", "says"),
    [
        (0, ValueError, "positive"),
        (-1.0, ValueError, "positive"),
        (-0.0, ValueError, "positive"),
        (math.nan, ValueError, "NaN"),
        (math.inf, ValueError, "finite"),
        (-math.inf, ValueError, "finite"),
        ("1", TypeError, "real number"),
        (True, TypeError, "real number"),
        (np.bool_(True), TypeError, "real number"),
        (None, TypeError, "real number"),
        (1 + 0j, TypeError, "real number"),
        ([1.0], TypeError, "real number"),
        (np.array([1.0]), TypeError, "real number"),
    ],
)
def test_positive_number_rejects(value: object, error: type, says: str) -> None:
    with pytest.raises(error, match=f"rate.*{says}"):
        _validate.positive_number(value, "rate")


@pytest.mark.parametrize("value", [0, -3.5, 1e308])
def test_finite_number_accepts(value: float) -> None:
    assert _validate.finite_number(value, "start") == value


@pytest.mark.parametrize(("value", "error"), [(math.nan, ValueError), (math.inf, ValueError), ("0", TypeError), (False, TypeError)])
def test_finite_number_rejects(value: object, error: type) -> None:
    with pytest.raises(error, match="start"):
        _validate.finite_number(value, "start")


def test_unit_interval_is_half_open() -> None:
    assert _validate.unit_interval(0, "beta") == 0.0
    assert _validate.unit_interval(0.999999, "beta") == 0.999999
    for bad in (1.0, 1.0000001, -1e-12, math.nan):
        with pytest.raises(ValueError, match=r"beta"):
            _validate.unit_interval(bad, "beta")


def test_count() -> None:
    assert _validate.count(0, "steps") == 0
    assert _validate.count(np.int64(5), "steps") == 5
    assert _validate.count(3, "every", minimum=1) == 3
    with pytest.raises(ValueError, match="every must be >= 1, got 0"):
        _validate.count(0, "every", minimum=1)
    for bad in (2.5, 2.0, True, "3", None):
        with pytest.raises(TypeError, match="steps must be an integer"):
            _validate.count(bad, "steps")


def test_positive_numbers() -> None:
    assert _validate.positive_numbers([1, 2.5], "curvatures") == [1.0, 2.5]
    assert _validate.positive_numbers((3,), "curvatures") == [3.0]
    assert _validate.positive_numbers(np.array([1.0, 4.0]), "curvatures") == [1.0, 4.0]
    with pytest.raises(ValueError, match=r"curvatures\[2\] must be positive"):
        _validate.positive_numbers([1, 2, 0], "curvatures")
    with pytest.raises(ValueError, match="curvatures must hold at least one"):
        _validate.positive_numbers([], "curvatures")
    with pytest.raises(TypeError, match="curvatures must be a sequence"):
        _validate.positive_numbers("12", "curvatures")
    with pytest.raises(TypeError, match="curvatures must be a sequence"):
        _validate.positive_numbers({1.0, 2.0}, "curvatures")
    with pytest.raises(ValueError, match="one-dimensional"):
        _validate.positive_numbers(np.ones((1, 2)), "curvatures")


@pytest.mark.parametrize(
    ("value", "dim", "shape"),
    [
        (4.0, 1, (1, 1)),
        (4, 1, (1, 1)),
        ([4.0], 1, (1, 1)),
        ([1.0, 2.0, 3.0], 1, (3, 1)),
        ([[1.0], [2.0]], 1, (2, 1)),
        ([3.0, 1.0], 2, (1, 2)),
        ((3, 1), 2, (1, 2)),
        ([[3.0, 1.0], [0.0, 0.0], [1.0, 1.0]], 2, (3, 2)),
        (np.zeros((4, 3)), 3, (4, 3)),
        (np.arange(2, dtype=np.int32), 2, (1, 2)),
    ],
)
def test_points_shapes(value: object, dim: int, shape: tuple[int, int]) -> None:
    out = _validate.points(value, dim)
    assert out.shape == shape and out.dtype == np.float64


def test_points_copies_rather_than_aliases() -> None:
    start = np.array([[1.0, 2.0]])
    out = _validate.points(start, 2)
    out[0, 0] = 99.0
    assert start[0, 0] == 1.0


@pytest.mark.parametrize(
    ("value", "dim", "error", "says"),
    [
        ([1.0, 2.0, 3.0], 2, ValueError, "2 coordinates"),
        (np.zeros((2, 3)), 2, ValueError, r"shape \(2,\) or \(m, 2\)"),
        (np.zeros((1, 1, 2)), 2, ValueError, "shape"),
        (5.0, 2, ValueError, "shape"),
        (np.zeros((0, 2)), 2, ValueError, "at least one point"),
        ([], 1, ValueError, "at least one point"),
        ([1.0, math.nan], 2, ValueError, "finite"),
        ([[1.0, 2.0], [3.0]], 2, ValueError, "rectangular"),
        ("4", 1, TypeError, "numbers"),
        (b"4", 1, TypeError, "numbers"),
        (None, 1, TypeError, "numbers"),
        (True, 1, TypeError, "numbers"),
        ([True, False], 2, TypeError, "real numbers"),
        ([1.0, "2"], 2, TypeError, "real numbers"),
        ([1 + 1j, 0], 2, TypeError, "real numbers"),
        ({"x": 1.0}, 1, TypeError, "real numbers"),
    ],
)
def test_points_rejects(value: object, dim: int, error: type, says: str) -> None:
    with pytest.raises(error, match=f"start.*{says}"):
        _validate.points(value, dim)


# Every public entry point names the argument it rejects.


@pytest.mark.parametrize(
    ("call", "error", "named"),
    [
        (lambda: optimizers.gradient_descent("fast"), TypeError, "learning_rate"),
        (lambda: optimizers.momentum(0.1, beta=1), ValueError, "beta"),
        (lambda: optimizers.momentum(0.1, nesterov="no"), TypeError, "nesterov"),
        (lambda: optimizers.adagrad(0.1, eps=0), ValueError, "eps"),
        (lambda: optimizers.rmsprop(0.1, rho=2), ValueError, "rho"),
        (lambda: optimizers.adam(0.1, beta1=-0.1), ValueError, "beta1"),
        (lambda: optimizers.adam(0.1, beta2=1.0), ValueError, "beta2"),
        (lambda: surfaces.get(3), TypeError, "name"),
        (lambda: surfaces.get("valley"), ValueError, "valley"),
        (lambda: surfaces.quadratic([1.0, -2.0]), ValueError, r"curvatures\[1\]"),
        (lambda: surfaces.get("bowl2d").grid(0), ValueError, "resolution"),
        (lambda: surfaces.get("bowl2d").value("ab"), TypeError, "points"),
        (lambda: descent.gradient_descent_path("bowl1d", 0.1, [], 3), ValueError, "start"),
        (lambda: descent.gradient_descent_path("bowl1d", 0.1, 1.0, -1), ValueError, "steps"),
        (lambda: descent.gradient_descent_path("bowl1d", 0, 1.0, 1), ValueError, "learning_rate"),
        (lambda: descent.run("bowl1d", "gd", 1.0, 1), TypeError, "optimizer"),
        (lambda: descent.run(None, optimizers.gradient_descent(0.1), 1.0, 1), TypeError, "surface"),
        (lambda: theory.regime(None), TypeError, "learning_rate"),
        (lambda: theory.steps_to_tolerance(0.1, 1.0, math.inf), ValueError, "tolerance"),
        (lambda: theory.largest_rate_for_tolerance(1.0, 2.5, 0.1), TypeError, "steps"),
    ],
)
def test_public_functions_name_the_bad_argument(call, error: type, named: str) -> None:
    with pytest.raises(error, match=named):
        call()


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: tables.markdown_table(["a"], None), TypeError, "rows must be a list of rows"),
        (lambda: landscape.contour_map(points=[(1.0, float("nan"))]), ValueError, "points must be finite"),
        (lambda: landscape.contour_map(points=[(1.0, 2.0, 3.0)]), ValueError, "points must have shape"),
        (lambda: landscape.gradient_field(points=[[1.0], [2.0, 3.0]]), (ValueError, TypeError), "points"),
    ],
)
def test_tables_and_figures_name_a_bad_argument(call, error, message) -> None:
    with pytest.raises(error, match=message):
        call()


def test_the_package_errors_are_value_and_type_errors() -> None:
    assert issubclass(_validate.ArgumentError, ValueError) and issubclass(_validate.ArgumentTypeError, TypeError)
    with pytest.raises(_validate.ArgumentError, match="rate must be positive"):
        _validate.positive_number(0, "rate")
    with pytest.raises(_validate.ArgumentTypeError, match="rate must be a real number"):
        _validate.positive_number("1", "rate")


def test_counts_have_an_upper_limit() -> None:
    assert _validate.count(_validate.MAX_STEPS, "steps") == _validate.MAX_STEPS
    with pytest.raises(_validate.ArgumentError, match="steps must be at most 1,000,000, got 1,000,000,000"):
        _validate.count(10**9, "steps")
    assert _validate.count(2**40, "seed", maximum=None) == 2**40


def test_strings_and_bounded_numbers() -> None:
    assert _validate.strings(["w", "b"], "names", 2) == ("w", "b")
    with pytest.raises(_validate.ArgumentError, match="names must hold 2 strings, got 1"):
        _validate.strings(["w"], "names", 2)
    with pytest.raises(_validate.ArgumentTypeError, match=r"names\[1\] must be a string"):
        _validate.strings(["w", 3], "names")
    with pytest.raises(_validate.ArgumentTypeError, match="names must be a sequence of strings"):
        _validate.strings("wb", "names")
    assert _validate.finite_number(-5.0, "start", largest=10) == -5.0
    with pytest.raises(_validate.ArgumentError, match="start must lie between -10 and 10, got 11"):
        _validate.finite_number(11, "start", largest=10)
