"""Surfaces: gradients, minima, shapes, LaTeX and the JavaScript the widgets run."""

from __future__ import annotations

import math
import re
import json
import shutil
import subprocess

import numpy as np
import pytest

from gdnotes import surfaces

NAMES = surfaces.names()
QUADRATICS = [surfaces.quadratic([2.0]), surfaces.quadratic([1.0, 25.0]), surfaces.quadratic([0.3, 4.5, 70.0])]
ALL = [surfaces.get(name) for name in NAMES] + QUADRATICS


def _random_points(surface: surfaces.Surface, count: int, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    low = np.array([lo for lo, _ in surface.bounds])
    high = np.array([hi for _, hi in surface.bounds])
    return low + (high - low) * rng.random((count, surface.dim))


def _central_difference(surface: surfaces.Surface, points: np.ndarray, h: float = 1e-6) -> np.ndarray:
    out = np.empty_like(points)
    for i in range(surface.dim):
        step = np.zeros(surface.dim)
        step[i] = h
        out[:, i] = (surface.value(points + step) - surface.value(points - step)) / (2 * h)
    return out


def test_catalogue_names() -> None:
    assert NAMES == ["bowl1d", "bowl2d", "ravine", "double_well", "saddle", "rosenbrock", "tilted_himmelblau"]


@pytest.mark.parametrize("surface", ALL, ids=lambda s: s.name)
def test_gradient_matches_central_differences(surface: surfaces.Surface) -> None:
    points = _random_points(surface, 50)
    analytic = surface.gradient(points)
    numeric = _central_difference(surface, points)
    scale = 1.0 + np.abs(analytic)
    assert np.all(np.abs(analytic - numeric) <= 1e-5 * scale), (analytic, numeric)


def test_bowl2d_worked_example() -> None:
    bowl = surfaces.get("bowl2d")
    assert bowl.gradient([3.0, 1.0]).tolist() == [6.0, 6.0]
    assert bowl.gradient([0.0, 2.0]).tolist() == [0.0, 12.0]
    assert bowl.gradient([0.0, 0.0]).tolist() == [0.0, 0.0]
    assert bowl.value([3.0, 1.0]) == 12.0


def test_bowl1d_is_x_squared() -> None:
    bowl = surfaces.get("bowl1d")
    assert bowl.value(4.0) == 16.0
    assert bowl.gradient([[4.0]]).tolist() == [[8.0]]


def test_double_well_has_two_minima_of_different_depth_global_first() -> None:
    well = surfaces.get("double_well")
    assert len(well.minima) == 2
    (deep,), (shallow,) = well.minima
    assert deep < 0 < shallow  # the tilt 0.3 x makes the left well deeper
    assert well.value(deep) < well.value(shallow) - 0.1
    for (m,) in well.minima:
        assert abs(float(well.gradient(m)[0])) < 1e-12
    # the global minimum really is global on a fine grid over the plotting box
    x = np.linspace(*well.bounds[0], 20001)
    assert well.value(deep) <= well.value(x).min() + 1e-12


@pytest.mark.parametrize("surface", ALL, ids=lambda s: s.name)
def test_listed_minima_are_minima(surface: surfaces.Surface) -> None:
    rng = np.random.default_rng(1)
    for minimum in surface.minima:
        point = np.array(minimum, dtype=float)
        assert np.all(np.abs(surface.gradient(point)) < 1e-9)
        nearby = point + 1e-3 * rng.standard_normal((200, surface.dim))
        assert np.all(surface.value(nearby) > surface.value(point))


def test_saddle_and_rosenbrock_minima() -> None:
    assert surfaces.get("saddle").minima == ()
    assert surfaces.get("rosenbrock").minima == ((1.0, 1.0),)
    assert surfaces.get("rosenbrock").value([1.0, 1.0]) == 0.0


def test_minima_lie_inside_the_plotting_box() -> None:
    for surface in ALL:
        for minimum in surface.minima:
            assert all(lo < c < hi for c, (lo, hi) in zip(minimum, surface.bounds))


@pytest.mark.parametrize("surface", ALL, ids=lambda s: s.name)
def test_shapes(surface: surfaces.Surface) -> None:
    d = surface.dim
    one = _random_points(surface, 1)[0]
    assert isinstance(surface.value(one), float)
    assert surface.gradient(one).shape == (d,)
    many = _random_points(surface, 7)
    assert surface.value(many).shape == (7,)
    assert surface.gradient(many).shape == (7, d)
    stack = _random_points(surface, 15).reshape(3, 5, d)
    assert surface.value(stack).shape == (3, 5)
    assert surface.gradient(stack).shape == (3, 5, d)
    # the same numbers whatever the batching
    assert np.array_equal(surface.value(stack).reshape(-1), surface.value(stack.reshape(-1, d)))
    assert np.array_equal(surface.gradient(stack).reshape(-1, d), surface.gradient(stack.reshape(-1, d)))
    assert surface.value(one) == surface.value(one[None, :])[0]


def test_one_dimensional_scalar_inputs() -> None:
    bowl = surfaces.get("bowl1d")
    assert bowl.value(3.0) == 9.0 and isinstance(bowl.value(3.0), float)
    assert bowl.gradient(3.0).tolist() == [6.0]  # one point in 1-D: shape (dim,)
    assert bowl.value([1.0, 2.0, 3.0]).tolist() == [1.0, 4.0, 9.0]
    assert bowl.gradient([1.0, 2.0, 3.0]).tolist() == [2.0, 4.0, 6.0]  # numbers in, numbers out
    assert bowl.value(np.array([[1.0], [2.0]])).tolist() == [1.0, 4.0]
    assert bowl.gradient(np.array([[1.0], [2.0]])).tolist() == [[2.0], [4.0]]
    assert bowl.value(np.int64(2)) == 4.0


def test_constant_gradient_components_broadcast() -> None:
    ravine = surfaces.get("ravine")  # d/dx = x: a bare symbol, d/dy = 25 y
    assert ravine.gradient(np.zeros((4, 2))).shape == (4, 2)
    linear = surfaces.quadratic([2.0])
    assert linear.gradient(np.ones((3, 1))).tolist() == [[2.0]] * 3


def test_wrong_point_shape_names_points() -> None:
    with pytest.raises(ValueError, match="points"):
        surfaces.get("bowl2d").value([1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match="points"):
        surfaces.get("bowl2d").gradient(1.0)
    with pytest.raises(TypeError, match="points"):
        surfaces.get("bowl2d").value(["a", "b"])


LATEX = {
    "tilted_himmelblau": ("x + \\frac{y}{2} + \\frac{\\left(x + y^{2} - 7\\right)^{2}}{10} + \\frac{\\left(x^{2} + y - 11\\right)^{2}}{10}", ("\\frac{2 x \\left(x^{2} + y - 11\\right)}{5} + \\frac{x}{5} + \\frac{y^{2}}{5} - \\frac{2}{5}", "\\frac{x^{2}}{5} + \\frac{2 y \\left(x + y^{2} - 7\\right)}{5} + \\frac{y}{5} - \\frac{17}{10}")),
    "bowl1d": ("x^{2}", ("2 x",)),
    "bowl2d": ("w_{1}^{2} + 3 w_{2}^{2}", ("2 w_{1}", "6 w_{2}")),
    "ravine": (r"\frac{x^{2}}{2} + \frac{25 y^{2}}{2}", ("x", "25 y")),
    "double_well": (r"\frac{x^{4}}{4} - x^{2} + \frac{3 x}{10}", (r"x^{3} - 2 x + \frac{3}{10}",)),
    "saddle": ("x^{2} - y^{2}", ("2 x", "- 2 y")),
    "rosenbrock": (
        r"\left(1 - x\right)^{2} + 100 \left(- x^{2} + y\right)^{2}",
        (r"400 x \left(x^{2} - y\right) + 2 x - 2", "- 200 x^{2} + 200 y"),
    ),
}


@pytest.mark.parametrize("name", NAMES)
def test_latex(name: str) -> None:
    """The formulas the course states in its prose, written out by hand."""
    surface = surfaces.get(name)
    assert (surface.latex, surface.gradient_latex) == LATEX[name]


def test_latex_is_balanced() -> None:
    for surface in ALL:
        assert len(surface.gradient_latex) == surface.dim
        assert "Math" not in surface.latex and surface.latex.count("{") == surface.latex.count("}")


class _Math:
    """The part of JavaScript's Math object the surface code may use."""

    pow = staticmethod(math.pow)
    sqrt = staticmethod(math.sqrt)
    exp = staticmethod(math.exp)
    log = staticmethod(math.log)
    abs = staticmethod(abs)
    sin = staticmethod(math.sin)
    cos = staticmethod(math.cos)
    tanh = staticmethod(math.tanh)
    E = math.e
    PI = math.pi


_JS_TOKENS = re.compile(r"\s*(?:Math\.(?:pow|sqrt|exp|log|abs|sin|cos|tanh|E|PI)|v\[\d+\]|\d+(?:\.\d+)?(?:e[+-]?\d+)?|[-+*/(),])")


def _evaluate_js(source: str, point: np.ndarray) -> float:
    """Evaluate a JavaScript arithmetic expression in Python.

    The allowed tokens (numbers, ``v[i]``, ``Math.f(...)`` and ``+ - * / ( ) ,``)
    mean the same in both languages, so a token check then ``eval`` is faithful.
    """
    rest = _JS_TOKENS.sub("", source).strip()
    assert rest == "", f"unexpected JavaScript in {source!r}: {rest!r}"
    return eval(source, {"__builtins__": {}}, {"Math": _Math, "v": [float(c) for c in point]})  # noqa: S307


@pytest.mark.parametrize("surface", ALL, ids=lambda s: s.name)
def test_javascript_matches_numpy(surface: surfaces.Surface) -> None:
    js = surface.javascript
    assert set(js) == {"value", "gradient"}
    assert len(js["gradient"]) == surface.dim
    for point in _random_points(surface, 25, seed=3):
        assert _evaluate_js(js["value"], point) == pytest.approx(surface.value(point), rel=1e-12, abs=1e-12)
        gradient = surface.gradient(point)
        for i, source in enumerate(js["gradient"]):
            assert _evaluate_js(source, point) == pytest.approx(gradient[i], rel=1e-12, abs=1e-12)


def test_javascript_in_node_when_available() -> None:
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed; the Python evaluation above covers the same check")
    cases = []
    expected = []
    for surface in ALL:
        points = _random_points(surface, 5, seed=4)
        cases.append({"value": surface.javascript["value"], "gradient": surface.javascript["gradient"], "points": points.tolist()})
        expected.append([[surface.value(p), *surface.gradient(p).tolist()] for p in points])
    script = (
        "const cases = JSON.parse(process.argv[1]);"
        "const out = cases.map(c => { const f = new Function('v', 'return ' + c.value + ';');"
        "const g = c.gradient.map(s => new Function('v', 'return ' + s + ';'));"
        "return c.points.map(v => [f(v), ...g.map(h => h(v))]); });"
        "console.log(JSON.stringify(out));"
    )
    result = subprocess.run([node, "-e", script, json.dumps(cases)], capture_output=True, text=True, timeout=60, check=True)
    computed = json.loads(result.stdout)
    for got, want in zip(computed, expected):
        np.testing.assert_allclose(np.array(got), np.array(want), rtol=1e-12, atol=1e-12)


def test_grid() -> None:
    X, Y, Z = surfaces.get("bowl2d").grid(5)
    assert X.shape == Y.shape == Z.shape == (5, 5)
    assert Z[2, 2] == 0.0 and Z[0, 0] == 16.0 + 27.0
    x, z = surfaces.get("bowl1d").grid(11)
    assert x.shape == z.shape == (11,) and z[0] == 25.0
    with pytest.raises(ValueError, match="resolution"):
        surfaces.get("bowl2d").grid(1)
    with pytest.raises(TypeError, match="resolution"):
        surfaces.get("bowl2d").grid(10.5)


def test_quadratic_curvatures_are_exact() -> None:
    # any positive float is kept as it is: no rounding to a "simple" number
    for curvature in (0.1, 2.0, 0.5000000001, 1e-300, 1.4142135623730951, 0.33333333333333, 123456.789):
        bowl = surfaces.quadratic([curvature])
        assert bowl.gradient(1.0)[0] == curvature
        assert bowl.value(2.0) == pytest.approx(2.0 * curvature, rel=1e-15)
    ravine = surfaces.quadratic([1, 25])
    assert ravine.gradient([1.0, 1.0]).tolist() == [1.0, 25.0]
    assert surfaces.quadratic(np.array([4.0])).gradient(1.0).tolist() == [4.0]
    assert surfaces.quadratic([2.0]).latex == "x^{2}"
    assert surfaces.quadratic([2.0], name="mine").name == "mine"


@pytest.mark.parametrize(
    ("curvatures", "error", "named"),
    [
        ([], ValueError, "curvatures"),
        ([1.0, 0.0], ValueError, r"curvatures\[1\]"),
        ([-1.0], ValueError, r"curvatures\[0\]"),
        ([float("nan")], ValueError, r"curvatures\[0\]"),
        ([float("inf")], ValueError, r"curvatures\[0\]"),
        (["2"], TypeError, r"curvatures\[0\]"),
        ([True], TypeError, r"curvatures\[0\]"),
        (2.0, TypeError, "curvatures"),
        ("12", TypeError, "curvatures"),
        (None, TypeError, "curvatures"),
        (np.ones((2, 2)), ValueError, "curvatures"),
    ],
)
def test_quadratic_bad_curvatures(curvatures: object, error: type, named: str) -> None:
    with pytest.raises(error, match=named):
        surfaces.quadratic(curvatures)  # type: ignore[arg-type]


def test_quadratic_bad_name() -> None:
    with pytest.raises(TypeError, match="name"):
        surfaces.quadratic([1.0], name=3)  # type: ignore[arg-type]


def test_unknown_name_is_named() -> None:
    with pytest.raises(ValueError, match="'bowl3d'") as caught:
        surfaces.get("bowl3d")
    assert "bowl2d" in str(caught.value)  # and the message lists the known names


@pytest.mark.parametrize("name", [None, 2, b"bowl1d", ["bowl1d"]])
def test_non_string_name_is_a_type_error(name: object) -> None:
    with pytest.raises(TypeError, match="name"):
        surfaces.get(name)  # type: ignore[arg-type]


def test_get_returns_the_same_surface() -> None:
    assert surfaces.get("ravine") is surfaces.get("ravine")
    assert "ravine" in repr(surfaces.get("ravine"))


@pytest.mark.parametrize("name", surfaces.names())
def test_joint_value_and_gradient_match_the_separate_ones_exactly(name: str) -> None:
    # descent.run evaluates loss and gradient in one call; it must give the very same floats
    surface = surfaces.get(name)
    rng = np.random.default_rng(3)
    points = rng.uniform(-5, 5, (200, surface.dim)) * rng.choice([1e-3, 1.0, 1e3], (200, 1))
    loss, grad = surface._value_and_gradient(points)
    np.testing.assert_array_equal(loss, surface.value(points))
    np.testing.assert_array_equal(grad, surface.gradient(points))


def test_the_catalogue_makes_a_surface_only_when_asked() -> None:
    """Making a surface can be slow (the tilted Himmelblau minima by Newton's method): get() makes only the one asked for."""
    catalogue = surfaces._Catalogue()
    assert list(catalogue) == surfaces.names() and len(catalogue) == len(surfaces.names())
    assert repr(catalogue["bowl1d"]) == repr(surfaces.get("bowl1d")) and catalogue["bowl1d"].minima == surfaces.get("bowl1d").minima
    assert catalogue["bowl1d"] is catalogue["bowl1d"]
    assert set(catalogue._made) == {"bowl1d"}
    with pytest.raises(KeyError):
        catalogue["no_such_surface"]
