"""Lesson 7: ravines and momentum (gdnotes.ravines, gdnotes.figures.ravine).

The closed forms are checked against real runs of gdnotes.descent and, for
the rates, against the iteration matrix read off the optimizers themselves.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from _figures import alt_text, figure_suite
from gdnotes import descent, optimizers, ravines, surfaces
from gdnotes.figures import ravine as ravine_figures

START = (-9.0, 2.0)
LAMS = (1.0, 25.0)


def _steps(optimizer: optimizers.Optimizer, tolerance: float = 1e-3, steps: int = 5000) -> int | None:
    return ravines.steps_to_tolerance(descent.run("ravine", optimizer, START, steps), tolerance)


# ----------------------------------------------------------------- the ravine


def test_ravine_curvatures_and_condition_number() -> None:
    assert ravines.curvatures("ravine") == LAMS
    assert ravines.curvatures(surfaces.quadratic([3.0, 0.5])) == (0.5, 3.0)
    with pytest.raises(ValueError, match="not quadratic"):
        ravines.curvatures("rosenbrock")


def test_momentum_beats_plain_descent_at_the_same_small_rate() -> None:
    plain = _steps(optimizers.gradient_descent(0.02))
    heavy = _steps(optimizers.momentum(0.02, 0.9))
    ahead = _steps(optimizers.momentum(0.02, 0.9, nesterov=True))
    assert heavy < plain / 2
    assert ahead < heavy


def test_too_little_friction_loses_near_the_plain_limit() -> None:
    # the lesson's caveat: beta = 0.9 is slower than plain descent at alpha = 0.07 ...
    assert _steps(optimizers.gradient_descent(0.07)) < _steps(optimizers.momentum(0.07, 0.9))
    # ... and a beta matched to alpha wins again
    assert _steps(optimizers.momentum(0.07, 0.55)) < _steps(optimizers.gradient_descent(0.07)) / 2


def test_nesterov_with_beta_09_diverges_from_alpha_006() -> None:
    path = descent.run("ravine", optimizers.momentum(0.06, 0.9, nesterov=True), START, 500)
    assert path.diverged[0]
    assert ravines.convergence_rate(0.06, LAMS, 0.9, nesterov=True) > 1
    assert ravines.convergence_rate(0.05, LAMS, 0.9, nesterov=True) < 1


# ----------------------------------------------------------------- best fixed settings


def test_best_plain_rate_is_exact_on_a_run() -> None:
    alpha, rate = ravines.best_gradient_descent(LAMS)
    assert alpha == pytest.approx(2 / 26) and rate == pytest.approx(24 / 26)
    path = descent.run("ravine", optimizers.gradient_descent(alpha), START, 200)
    for first, last in ((0, 10), (20, 60), (100, 200)):
        assert ravines.measured_rate(path, first, last) == pytest.approx(rate, rel=1e-9)
    d0 = ravines.distances(path)[0]
    assert ravines.predicted_steps(rate, d0, 1e-3) == ravines.steps_to_tolerance(path, 1e-3)


def test_best_heavy_ball_rate_matches_a_long_run() -> None:
    alpha, beta, rate = ravines.best_heavy_ball(LAMS)
    assert (alpha, beta, rate) == pytest.approx((4 / 36, 4 / 9, 2 / 3))
    path = descent.run("ravine", optimizers.momentum(alpha, beta), START, 400)
    assert ravines.measured_rate(path, 100, 300) == pytest.approx(rate, rel=0.01)
    # critically damped: the distance is (a + b k) rate**k, so the measured count exceeds the rate's prediction a little
    predicted = ravines.predicted_steps(rate, ravines.distances(path)[0], 1e-3)
    measured = ravines.steps_to_tolerance(path, 1e-3)
    assert predicted <= measured < 1.5 * predicted


def test_heavy_ball_beats_the_best_plain_descent_by_the_predicted_margin() -> None:
    gd_alpha, gd_rate = ravines.best_gradient_descent(LAMS)
    hb_alpha, hb_beta, hb_rate = ravines.best_heavy_ball(LAMS)
    plain = _steps(optimizers.gradient_descent(gd_alpha))
    heavy = _steps(optimizers.momentum(hb_alpha, hb_beta))
    assert heavy < plain / 3
    assert plain / heavy == pytest.approx(math.log(hb_rate) / math.log(gd_rate), rel=0.35)


@pytest.mark.parametrize("kappa", [4.0, 25.0, 100.0, 1000.0])
def test_formulas_in_terms_of_kappa(kappa: float) -> None:
    _, gd = ravines.best_gradient_descent([1.0, kappa])
    alpha, beta, hb = ravines.best_heavy_ball([1.0, kappa])
    assert gd == pytest.approx((kappa - 1) / (kappa + 1))
    assert hb == pytest.approx((math.sqrt(kappa) - 1) / (math.sqrt(kappa) + 1))
    assert beta == pytest.approx(hb**2)
    # the optimum really is optimal: nudging alpha or beta makes the rate worse
    best = ravines.convergence_rate(alpha, [1.0, kappa], beta)
    assert best == pytest.approx(hb, rel=1e-6)
    for da, db in ((1.05, 1.0), (0.95, 1.0), (1.0, 1.05), (1.0, 0.95)):
        assert ravines.convergence_rate(alpha * da, [1.0, kappa], min(beta * db, 0.999)) > best


# ----------------------------------------------------------------- rates against the optimizers themselves


def _iteration_matrix(optimizer: optimizers.Optimizer, curvature: float) -> np.ndarray:
    """One step of ``optimizer`` on f(w) = curvature * w**2 / 2 as a 2x2 matrix on the state (w, v)."""
    columns = []
    for w, v in ((1.0, 0.0), (0.0, 1.0)):
        params, velocity = np.array([w]), np.array([v])
        step, velocity = optimizer.update(curvature * params, velocity)
        columns.append([(params + step)[0], velocity[0]])
    return np.array(columns).T


@settings(max_examples=150, deadline=None)
@given(st.floats(0.001, 0.2), st.floats(0.0, 0.98), st.booleans())
def test_convergence_rate_is_the_spectral_radius_of_the_real_update(alpha: float, beta: float, nesterov: bool) -> None:
    optimizer = optimizers.momentum(alpha, beta, nesterov=nesterov)
    radius = max(np.max(np.abs(np.linalg.eigvals(_iteration_matrix(optimizer, lam)))) for lam in LAMS)
    assert ravines.convergence_rate(alpha, LAMS, beta, nesterov) == pytest.approx(radius, rel=1e-7, abs=1e-12)


@settings(max_examples=60, deadline=None)
@given(st.floats(0.002, 0.079))
def test_plain_rate_is_the_worst_multiplier(alpha: float) -> None:
    expected = max(abs(1 - alpha * lam) for lam in LAMS)
    assert ravines.convergence_rate(alpha, LAMS) == pytest.approx(expected, rel=1e-12)


def test_pytorch_form_is_polyaks_heavy_ball() -> None:
    ravine = surfaces.get("ravine")
    alpha, beta = 0.02, 0.9
    path = descent.run(ravine, optimizers.momentum(alpha, beta), START, 60)
    previous, current = np.array(START), np.array(START)
    polyak = [current]
    for _ in range(60):
        previous, current = current, current - alpha * ravine.gradient(current) + beta * (current - previous)
        polyak.append(current)
    np.testing.assert_allclose(path.trajectory(0), np.array(polyak), rtol=1e-12, atol=1e-12)


def test_terminal_velocity_on_a_constant_slope() -> None:
    beta = 0.9
    opt = optimizers.momentum(0.1, beta)
    velocity = opt.init(np.zeros(1))
    for _ in range(400):
        step, velocity = opt.update(np.ones(1), velocity)
    assert velocity[0] == pytest.approx(1 / (1 - beta), rel=1e-12)
    assert step[0] == pytest.approx(-0.1 / (1 - beta), rel=1e-12)


# ----------------------------------------------------------------- bookkeeping helpers


def test_steps_to_tolerance_waits_until_below_for_good() -> None:
    # beta = 0.9: the distance oscillates, dipping below the tolerance and back out before staying below
    path = descent.run("ravine", optimizers.momentum(0.02, 0.9), START, 400)
    gaps = ravines.distances(path)
    reached = ravines.steps_to_tolerance(path, 1e-3)
    assert np.all(gaps[reached:] <= 1e-3) and gaps[reached - 1] > 1e-3
    assert np.any(gaps[:reached] <= 1e-3)  # it dipped below earlier
    assert ravines.steps_to_tolerance(path, 1e-30) is None
    assert ravines.steps_to_tolerance(path, 100.0) == 0


def test_diverged_runs_never_reach_the_tolerance() -> None:
    path = descent.run("ravine", optimizers.gradient_descent(0.1), START, 300)
    assert path.diverged[0]
    assert ravines.steps_to_tolerance(path, 1e-3) is None
    assert np.isnan(ravines.distances(path)[-1])


def test_predicted_steps_edges() -> None:
    assert ravines.predicted_steps(0.5, 1.0, 0.25) == 2
    assert ravines.predicted_steps(0.5, 1.0, 2.0) == 0
    assert ravines.predicted_steps(1.0, 1.0, 0.5) is None
    assert ravines.predicted_steps(0.0, 1.0, 0.5) == 1


@pytest.mark.parametrize(
    "call, error, words",
    [
        (lambda: ravines.curvatures(42), TypeError, "surface"),
        (lambda: ravines.convergence_rate(0.0, LAMS), ValueError, "learning_rate"),
        (lambda: ravines.convergence_rate(0.1, []), ValueError, "curvatures"),
        (lambda: ravines.convergence_rate(0.1, LAMS, beta=1.0), ValueError, "beta"),
        (lambda: ravines.convergence_rate(0.1, LAMS, nesterov="yes"), TypeError, "nesterov"),
        (lambda: ravines.best_heavy_ball([1.0, -2.0]), ValueError, "curvatures"),
        (lambda: ravines.distances("path"), TypeError, "path"),
        (lambda: ravines.distances(descent.run("saddle", optimizers.gradient_descent(0.1), (1.0, 0.0), 3)), ValueError, "no minimum"),
        (lambda: ravines.measured_rate(descent.run("ravine", optimizers.gradient_descent(0.05), START, 10), 5, 5), ValueError, "first < last"),
        (lambda: ravines.predicted_steps(-0.5, 1.0, 0.1), ValueError, "rate"),
        (lambda: ravines.predicted_steps(0.5, 0.0, 0.1), ValueError, "distance"),
    ],
)
def test_bad_input_is_named(call, error: type, words: str) -> None:
    with pytest.raises(error, match=words):
        call()


# ----------------------------------------------------------------- figures

FIGURES = {"zigzag": ravine_figures.zigzag, "race": ravine_figures.race, "rate_check": ravine_figures.rate_check}

rendered, test_house_rules = figure_suite(FIGURES, min_alt=250)


def test_race_alt_text_reports_the_measured_counts(rendered: dict[str, str]) -> None:
    alt = alt_text(rendered["race"])
    for optimizer in (optimizers.gradient_descent(0.02), optimizers.momentum(0.02, 0.9), optimizers.momentum(0.02, 0.9, nesterov=True)):
        path = descent.run("ravine", optimizer, START, 250)
        reached = ravines.steps_to_tolerance(path, 1e-3)
        if reached is None:  # plain descent is still crawling after 250 steps
            assert optimizer.name == "gradient descent" and "Gradient descent is still" in alt
        else:
            assert f"{optimizer.name}, β = 0.9 gets within 0.001 for good at step {reached}" in alt


def test_zigzag_crosses_the_floor_at_every_step(rendered: dict[str, str]) -> None:
    # with alpha = 0.07 the factor across the valley is 1 - 0.07 * 25 = -0.75: y flips sign every step
    assert "crosses the valley floor 40 times" in alt_text(rendered["zigzag"])


def test_figure_inputs_are_checked() -> None:
    with pytest.raises(ValueError, match="start"):
        ravine_figures.zigzag(start=(20.0, 0.0))
    with pytest.raises(ValueError, match="diverges"):
        ravine_figures.zigzag(learning_rate=0.1)
    with pytest.raises(ValueError, match="beta"):
        ravine_figures.race(beta=1.5)
