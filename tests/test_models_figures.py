"""Figures of lessons 8 and 9: deterministic, light, accessible, honest about the runs they draw."""

from __future__ import annotations

import numpy as np
import pytest

from _figures import check_house_colours, check_house_rules
from gdnotes import optimizers, regression, schedules, stochastic
from gdnotes.figures import comparison, models


@pytest.fixture(scope="module")
def data() -> regression.Dataset:
    return regression.petals()


@pytest.fixture(scope="module")
def run(data) -> regression.Fit:
    return regression.fit(data.x, data.y, 0.05, max_steps=400)


@pytest.fixture(scope="module")
def sgd_runs(data) -> dict:
    z, _ = regression.standardize(data.x)
    return {f"batch {b}": stochastic.minibatch_descent(z, data.y, 0.1, b, 2, seed=0) for b in (150, 10, 1)}


@pytest.fixture(scope="module")
def racers() -> list:
    return comparison.race("ravine", [optimizers.gradient_descent(0.07), optimizers.momentum(0.02), optimizers.adam(0.3)], (-9.0, 2.0), 120, 1e-4)


def _figures(data, run, sgd_runs, racers) -> dict[str, object]:
    z, _ = regression.standardize(data.x)
    scaled = regression.fit(z, data.y, 0.9, max_steps=60)
    return {
        "cost-landscape": lambda: models.cost_landscape(data.x, data.y, run),
        "fitted-lines": lambda: models.fitted_lines(data.x, data.y, run, (0, 1, 5, 50)),
        "cost-curve": lambda: models.cost_curve(data.x, data.y, run, {"rule": 100}),
        "scaling-landscapes": lambda: models.scaling_landscapes(data.x, data.y, run, scaled),
        "sgd-paths": lambda: comparison.sgd_paths(z, data.y, sgd_runs),
        "sgd-costs": lambda: comparison.sgd_costs(z, data.y, sgd_runs),
        "race-ravine": lambda: comparison.race_figure(racers, "race-ravine", 1e-4, box=((-10, 4), (-3, 3))),
        "schedule-rates": lambda: comparison.schedule_rates({"step": schedules.step_decay(0.1, 0.5, 20), "cosine": schedules.cosine(0.1, 100)}, 100),
    }


def test_figures_keep_the_house_rules(data, run, sgd_runs, racers) -> None:
    for slug, make in _figures(data, run, sgd_runs, racers).items():
        html = make()
        assert f'id="fig-{slug}"' in html[:200], slug
        check_house_rules(html, make)
        check_house_colours(html)


def test_alt_text_reports_the_run(data, run) -> None:
    html = models.cost_landscape(data.x, data.y, run)
    assert f"The path of {run.steps} gradient-descent steps" in html
    assert "long thin ellipses" in html and "zigzags" in html
    lines = models.fitted_lines(data.x, data.y, run, (0, 1))
    assert "after 0 steps y = 0 x + 0" in lines and f"after {run.steps} steps" in lines


def test_race_counts_steps_to_tolerance() -> None:
    racers = comparison.race("ravine", [optimizers.gradient_descent(0.07)], (-9.0, 2.0), 200, 1e-4)
    losses = racers[0].path.losses[:, 0]
    k = racers[0].steps_to_tolerance
    assert np.all(losses[k:] < 1e-4) and losses[k - 1] >= 1e-4
    assert racers[0].final_loss == losses[-1]


def test_steps_to_tolerance_ignores_dips() -> None:
    # momentum at this rate dips below 1e-2 early and climbs out again before settling
    racer = comparison.race("rosenbrock", [optimizers.momentum(0.002)], (-1.2, 1.0), 600, 1e-2)[0]
    losses = racer.path.losses[:, 0]
    first_dip = int(np.argmax(losses < 1e-2))
    assert racer.steps_to_tolerance is not None and racer.steps_to_tolerance > first_dip
    assert np.all(losses[racer.steps_to_tolerance :] < 1e-2)


def test_race_reports_divergence_and_failure() -> None:
    racers = comparison.race("ravine", [optimizers.gradient_descent(0.09), optimizers.gradient_descent(0.001)], (-9.0, 2.0), 100, 1e-4)
    assert racers[0].path.diverged[0] and racers[0].steps_to_tolerance is None and np.isnan(racers[0].final_loss)
    assert racers[1].steps_to_tolerance is None and racers[1].final_loss > 1e-4


@pytest.mark.parametrize(
    ("call", "error", "name"),
    [
        (lambda d, r: models.cost_landscape(d.x, d.y, "run"), TypeError, "run"),
        (lambda d, r: models.fitted_lines(d.x, d.y, r, (0, 10_000)), ValueError, "steps"),
        (lambda d, r: models.fitted_lines(d.x, d.y, r, "0, 1"), TypeError, "steps"),
        (lambda d, r: models.cost_curve(d.x, d.y, r, {"late": 10_000}), ValueError, "marks"),
        (lambda d, r: models.scaling_landscapes(d.x, d.y, r, None), TypeError, "scaled"),
        (lambda d, r: comparison.race("ravine", [], (0.0, 1.0), 5, 1e-3), TypeError, "optimizers"),
        (lambda d, r: comparison.race("ravine", [optimizers.adam(0.1)], (0.0, 1.0), 5, 0), ValueError, "tolerance"),
        (lambda d, r: comparison.race_figure([], "x"), TypeError, "racers"),
        (lambda d, r: comparison.sgd_paths(d.x, d.y, {}), TypeError, "runs"),
        (lambda d, r: comparison.schedule_rates({"a": 0.1}, 10), TypeError, "schedules"),
    ],
)
def test_bad_input_names_the_problem(data, run, call, error: type, name: str) -> None:
    with pytest.raises(error, match=name):
        call(data, run)
