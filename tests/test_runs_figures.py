"""Figures of lessons 3 and 4 (gdnotes.figures.runs): reproducible, described, light, palette-safe."""

from __future__ import annotations

import re
import warnings

import numpy as np
import pytest

from _figures import alt_text, figure_suite
from gdnotes import descent, theory
from gdnotes.figures import runs

FIGURES = {name: getattr(runs, name) for name in runs.__all__}

rendered, test_house_rules = figure_suite(FIGURES, min_alt=150)


def test_diverging_runs_draw_without_warnings() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        regimes = runs.regime_runs(5.0, (0.1, 1.05, 1.5), 30)
        blowup = runs.loss_blowup((3.0, 1.0), 0.2, 5.0, 60)
        phase = runs.phase_diagram(5.0, (5, 400), [0.1, 0.5, 1.0, 1.5, 3.0])
    assert "leaves the chart" in regimes
    assert "diverged" in alt_text(blowup)
    assert "nan" not in alt_text(phase).lower()


def test_regime_panels_cover_every_regime(rendered: dict[str, str]) -> None:
    text = rendered["regime_runs"]
    for name in theory.REGIMES:
        assert f": {name}" in text, f"no panel for {name!r}"


def test_loss_blowup_reports_the_descent_divergence_step(rendered: dict[str, str]) -> None:
    path = descent.gradient_descent_path("bowl2d", 0.45, (3.0, 1.0), 40)
    assert path.diverged[0]
    step = int(path.diverged_at[0])
    assert f"diverged at step {step}" in rendered["loss_blowup"]
    assert f"at step {step}, where the run is stopped" in alt_text(rendered["loss_blowup"])


def test_worked_example_values_are_in_the_alt_text(rendered: dict[str, str]) -> None:
    alt = alt_text(rendered["bowl_iterates"])
    assert "w = 4, 3.2, 2.56, 2.048, 1.638" in alt
    alt = alt_text(rendered["iterates_by_step"])
    assert "0.04612 at step 20" in alt


def test_phase_diagram_marks_the_stability_limit(rendered: dict[str, str]) -> None:
    alt = alt_text(rendered["phase_diagram"])
    assert f"back to 5 at rate {theory.largest_stable_rate():g}" in alt


@pytest.mark.parametrize(
    ("call", "error", "argument"),
    [
        (lambda: runs.regime_runs(learning_rates=[]), TypeError, "learning_rates"),
        (lambda: runs.regime_runs(learning_rates=[0.1, -1.0]), ValueError, "learning_rates[1]"),
        (lambda: runs.regime_runs(learning_rates=[0.1] * 7), ValueError, "learning_rates"),
        (lambda: runs.regime_runs(start=0.0), ValueError, "start"),
        (lambda: runs.phase_diagram(steps=[0]), ValueError, "steps[0]"),
        (lambda: runs.phase_diagram(steps="25"), TypeError, "steps"),
        (lambda: runs.bowl_iterates(learning_rate=1.5), ValueError, "learning_rate"),
        (lambda: runs.bowl_iterates(steps=0), ValueError, "steps"),
        (lambda: runs.iterates_by_step(start=float("nan")), ValueError, "start"),
        (lambda: runs.loss_blowup(factor=0), ValueError, "factor"),
        (lambda: runs.bowl2d_path(learning_rate=0.5), ValueError, "learning_rate"),
    ],
)
def test_bad_input_names_the_argument(call, error, argument: str) -> None:
    with pytest.raises(error, match=re.escape(argument)):
        call()


def test_figures_leave_numpy_error_state_alone() -> None:
    before = np.geterr()
    runs.loss_blowup()
    assert np.geterr() == before
