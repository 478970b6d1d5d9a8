"""The momentum convergence-region map (lesson 7): gdnotes.theory's heavy-ball closed forms and grid, and the widget builder.

The rate on the grid is held to the eigenvalues of the iteration matrix
(numpy), its edge to the closed form 0 < αλ < 2(1 + β), its smallest value to
Polyak's optimum, and the rate itself to real runs of
gdnotes.optimizers.momentum on the quadratic.
"""

from __future__ import annotations

import math
import re

import numpy as np
import pytest
from _browser import widget_config
from _hypothesis import PROPERTY, SLOW_PROPERTY
from hypothesis import assume, given
from hypothesis import strategies as st

from gdnotes import optimizers, ravines, tables, theory, widgets

LAMS = (1.0, 25.0)


@st.composite
def curvature_pairs(draw) -> tuple[float, float]:
    low = draw(st.floats(0.05, 20.0))
    kappa = draw(st.floats(1.2, 400.0))
    return low, low * kappa


@st.composite
def plane_points(draw, lams: tuple[float, float]) -> tuple[float, float]:
    """A point (α, β) of the plane, α up to 1.5 times the divergence edge at that β."""
    beta = draw(st.floats(0.0, 0.99))
    share = draw(st.floats(0.001, 1.5))
    return share * 2 * (1 + beta) / lams[1], beta


def eigen_radius(alpha: float, beta: float, lams) -> float:
    return max(float(np.max(np.abs(np.linalg.eigvals(theory.heavy_ball_matrix(alpha, beta, lam))))) for lam in lams)


# ----------------------------------------------------------------- the matrix is the optimizer's


def test_the_matrix_is_one_step_of_the_optimizer() -> None:
    """(w_k, w_{k-1}) -> (w_{k+1}, w_k) of optimizers.momentum on λw²/2 is heavy_ball_matrix, from the second step on."""
    for alpha, beta, lam in [(0.1, 0.5, 2.0), (0.02, 0.9, 25.0), (0.3, 0.0, 1.0)]:
        opt = optimizers.momentum(alpha, beta)
        w = np.array([1.0])
        v = opt.init(w)
        history = [w[0]]
        for _ in range(6):
            step, v = opt.update(lam * w, v)
            w = w + step
            history.append(w[0])
        m = theory.heavy_ball_matrix(alpha, beta, lam)
        for k in range(1, 6):
            assert m @ [history[k], history[k - 1]] == pytest.approx([history[k + 1], history[k]], rel=1e-12, abs=1e-15)
        # v_0 = 0: the first step is the matrix applied to (w_0, w_0)
        assert (m @ [history[0], history[0]])[0] == pytest.approx(history[1], rel=1e-12)


# ----------------------------------------------------------------- the grid against the closed forms


@PROPERTY
@given(st.data())
def test_grid_rate_is_the_eigenvalue_radius(data) -> None:
    lams = data.draw(curvature_pairs())
    alpha, beta = data.draw(plane_points(lams))
    grid = theory.momentum_map(lams, [alpha], [beta])
    expected = eigen_radius(alpha, beta, lams)
    assert grid.rates[0, 0] == pytest.approx(expected, rel=1e-7, abs=1e-9)
    assert float(theory.heavy_ball_radius(alpha, beta, lams)) == grid.rates[0, 0]
    assert grid.rates[0, 0] == pytest.approx(ravines.convergence_rate(alpha, lams, beta), rel=1e-9)


@PROPERTY
@given(st.data())
def test_the_edge_is_the_closed_form(data) -> None:
    lams = data.draw(curvature_pairs())
    alpha, beta = data.draw(plane_points(lams))
    edge = 2 * (1 + beta) / lams[1]
    assume(abs(alpha - edge) > 1e-6 * edge)
    rate = float(theory.heavy_ball_radius(alpha, beta, lams))
    inside = bool(theory.heavy_ball_converges(alpha, beta, lams))
    assert inside == (alpha < edge) == (rate < 1)
    assert (theory.heavy_ball_regime(alpha, beta, lams) == "does not converge") == (not inside)
    # on the edge itself the rate is exactly 1
    assert float(theory.heavy_ball_radius(edge, beta, lams)) == pytest.approx(1.0, abs=1e-9)


@PROPERTY
@given(st.data())
def test_nothing_beats_polyaks_point(data) -> None:
    lams = data.draw(curvature_pairs())
    alpha, beta = data.draw(plane_points(lams))
    best_alpha, best_beta, best = ravines.best_heavy_ball(lams)
    kappa = lams[1] / lams[0]
    assert best_alpha == pytest.approx((2 / (math.sqrt(lams[1]) + math.sqrt(lams[0]))) ** 2)
    assert best_beta == pytest.approx(((math.sqrt(kappa) - 1) / (math.sqrt(kappa) + 1)) ** 2)
    assert float(theory.heavy_ball_radius(best_alpha, best_beta, lams)) == pytest.approx(best, rel=1e-6)
    assert best == pytest.approx(math.sqrt(best_beta))
    assert float(theory.heavy_ball_radius(alpha, beta, lams)) >= best - 1e-9


@PROPERTY
@given(curvature_pairs(), st.integers(20, 300))
def test_the_grid_minimum_is_polyaks_within_the_grid_resolution(lams, n) -> None:
    best_alpha, best_beta, best = ravines.best_heavy_ball(lams)
    alphas = np.linspace(0, 2 * best_alpha, n + 1)[1:]
    betas = np.linspace(0, 0.99, n)
    grid = theory.momentum_map(lams, alphas, betas)
    assert grid.rates.min() >= best - 1e-12, "no cell is faster than the optimum"
    # the rate has a square-root corner at the optimum: a grid of relative step h comes within sqrt(h) of it
    h = max((alphas[1] - alphas[0]) / best_alpha, betas[1] - betas[0])
    assert grid.rates.min() - best <= math.sqrt(h)


@SLOW_PROPERTY
@given(st.floats(0.05, 20.0), st.floats(1.2, 100.0), st.floats(-3.0, 0.9), st.floats(0.0, 0.95))
def test_a_run_of_the_optimizer_converges_at_that_rate(low, kappa, power, beta) -> None:
    """The state (w_k, w_{k-1}) of a real run shrinks by the grid's rate per step, on average over many steps."""
    lams = (low, low * kappa)
    alpha = ravines.best_heavy_ball(lams)[0] * 2**power  # around the optimum, where the map is interesting
    rate = float(theory.momentum_map(lams, [alpha], [beta]).rates[0, 0])
    assume(0.1 <= rate <= 0.98)
    steps = min(20_000, math.ceil(math.log(1e-120) / math.log(rate)))
    opt = optimizers.momentum(alpha, beta)
    curv = np.array(lams)
    w = np.array([1.0, 1.0])
    v = opt.init(w)
    previous = w.copy()
    first = None
    for k in range(steps):
        step, v = opt.update(curv * w, v)
        previous, w = w, w + step
        if k == 0:
            first = math.hypot(*w, *previous)
    last = math.hypot(*w, *previous)
    measured = (last / first) ** (1 / (steps - 1))
    assert measured == pytest.approx(rate, abs=0.01 + 0.02 * (1 - rate))


def test_regimes_name_the_slowest_direction() -> None:
    assert theory.HEAVY_BALL_REGIMES == ("creeps", "zigzags", "swings", "does not converge")
    assert theory.heavy_ball_regime(0.001, 0.0, LAMS) == "creeps"
    assert theory.heavy_ball_regime(0.079, 0.0, LAMS) == "zigzags"
    assert theory.heavy_ball_regime(0.02, 0.9, LAMS) == "swings"
    assert theory.heavy_ball_regime(0.08, 0.0, LAMS) == "does not converge"  # the edge: 1 per step, forever
    grid = theory.momentum_map(LAMS, [0.001, 0.02, 0.079], [0.0, 0.9])
    assert grid.regimes.shape == grid.rates.shape == (2, 3)
    assert grid.regimes.tolist() == [[0, 0, 1], [0, 2, 2]]  # a tiny α with β = 0.9 is overdamped: it creeps


@pytest.mark.parametrize(
    ("call", "error", "words"),
    [
        (lambda: theory.heavy_ball_matrix(0, 0.5, 1), ValueError, "learning_rate"),
        (lambda: theory.heavy_ball_matrix(0.1, 1.0, 1), ValueError, "beta"),
        (lambda: theory.heavy_ball_matrix(0.1, 0.5, -1), ValueError, "curvature"),
        (lambda: theory.heavy_ball_radius([0.1, -0.1], 0.5, LAMS), ValueError, "learning_rates"),
        (lambda: theory.heavy_ball_radius(0.1, [0.5, 1.2], LAMS), ValueError, "betas"),
        (lambda: theory.heavy_ball_radius(0.1, float("nan"), LAMS), ValueError, "betas"),
        (lambda: theory.heavy_ball_radius("fast", 0.5, LAMS), TypeError, "learning_rates"),
        (lambda: theory.heavy_ball_radius(0.1, 0.5, []), ValueError, "curvatures"),
        (lambda: theory.heavy_ball_converges(0.1, 0.5, [1, 0]), ValueError, "curvatures"),
        (lambda: theory.heavy_ball_regime(0.1, -0.5, LAMS), ValueError, "beta"),
        (lambda: theory.momentum_map(LAMS, [0.2, 0.1], [0.5]), ValueError, "learning_rates"),
        (lambda: theory.momentum_map(LAMS, [0.1], [[0.5]]), ValueError, "betas"),
        (lambda: theory.momentum_map(LAMS, [], [0.5]), ValueError, "learning_rates"),
    ],
)
def test_bad_input_is_named(call, error: type, words: str) -> None:
    with pytest.raises(error, match=re.escape(words)):
        call()


# ----------------------------------------------------------------- the widget's builder


@pytest.fixture(scope="module")
def html() -> str:
    return widgets.momentum_map()


def test_config_carries_the_package_grid(html: str) -> None:
    config = widget_config(html, "momentum-map")
    alphas, betas = np.array(config["alphas"]), np.array(config["betas"])
    assert alphas[0] == 0.002 and alphas[-1] == 0.17 and len(alphas) == 85
    assert betas[0] == 0.0 and betas[-1] == 0.98 and len(betas) == 50
    # every grid value is a value the race's sliders (steps 0.001 and 0.01) can show
    assert all(a == round(a, 3) for a in alphas) and all(b == round(b, 2) for b in betas)
    grid = theory.momentum_map(config["curvatures"], alphas, betas)
    assert config["curvatures"] == list(ravines.curvatures("ravine"))
    assert np.array(config["rates"]) == pytest.approx(grid.rates, abs=5e-5)
    assert config["regimes"] == ["".join(map(str, row)) for row in grid.regimes]
    assert config["regimeNames"] == list(theory.HEAVY_BALL_REGIMES)
    best = ravines.best_heavy_ball(config["curvatures"])
    assert config["best"] == {"learningRate": best[0], "beta": best[1], "rate": best[2]}
    assert config["event"] == "gdnotes:momentum" and config["marked"] == [0.02, 0.9]
    assert config["scale"]["fastest"] == best[2] and config["scale"]["slowest"] < 1
    assert widgets.momentum_map() == html, "the output must be reproducible"


def test_the_colour_scale_runs_from_the_best_rate_to_the_slowest() -> None:
    from gdnotes.widgets.momentum_map import SLOWEST, shade

    best = ravines.best_heavy_ball(LAMS)[2]
    t = shade([best, 0.9, 0.99, SLOWEST, 1.5], best)
    assert t[0] == pytest.approx(0) and t[3] == pytest.approx(1) and t[4] == pytest.approx(1)
    assert list(t) == sorted(t)
    # even in the log of the steps per factor e: 0.9, 0.99 and 0.999 are equally spaced
    assert t[2] - t[1] == pytest.approx(shade(SLOWEST, best) - shade(0.99, best), rel=0.02)


def test_fallback_is_the_map_and_the_best_point(html: str) -> None:
    best = ravines.best_heavy_ball(LAMS)
    assert re.search(r'<figure class="gd-figure"[^>]*>\s*<svg role="img" aria-labelledby="momentum-map-title"', html)
    title = re.search(r'<title id="momentum-map-title">([^<]*)</title>', html).group(1)
    assert "does not converge" in title and "star" in title and "ring" in title
    note = re.search(r'<p class="gd-widget-note gd-fallback-only">(.*?)</p>', html, re.S).group(1)
    for value in best:
        assert tables.number(value) in note
    assert "JavaScript" in note


@pytest.mark.parametrize(
    ("arguments", "error", "words"),
    [
        ({"surface": "double_well"}, ValueError, "not quadratic"),
        ({"surface": "bowl1d"}, ValueError, "surface"),
        ({"surface": 3}, TypeError, "surface"),
        ({"learning_rates": (0.0, 0.17, 0.002)}, ValueError, "learning_rates"),
        ({"learning_rates": (0.002, 0.17, 0.0025)}, ValueError, "learning_rates"),
        ({"learning_rates": (0.002, 0.17)}, TypeError, "learning_rates"),
        ({"learning_rates": (0.002, 0.17, 0.00001)}, ValueError, "learning_rates"),
        ({"betas": (0.0, 1.0, 0.02)}, ValueError, "betas"),
        ({"betas": (-0.1, 0.9, 0.1)}, ValueError, "betas"),
        ({"betas": (0.0, 0.9, "x")}, TypeError, "betas[2]"),
        ({"marked": (0.5, 0.9)}, ValueError, "marked"),
        ({"marked": (0.02,)}, ValueError, "marked"),
        ({"slug": "Bad Slug"}, ValueError, "slug"),
        ({"slug": None}, TypeError, "slug"),
        ({"learning_rates": (1e300, 2e300, 1e300), "marked": (1e300, 0.5)}, ValueError, "learning_rates"),
    ],
)
def test_bad_arguments_fail_clearly(arguments: dict, error: type, words: str) -> None:
    with pytest.raises(error, match=re.escape(words)) as raised:
        widgets.momentum_map(**arguments)
    assert type(raised.value).__module__.startswith("gdnotes"), "an error of the package, not a bare builtin"
