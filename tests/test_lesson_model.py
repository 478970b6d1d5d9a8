"""Lesson 8 (training a real model): what its prose claims about the values it names.

The code the page shows (``source="above"``) is run here as the page runs it,
so the claims that tie it to the package ("the same numbers as these two
lines", "the first row of the table above") are checked against it too.
"""

from __future__ import annotations

import contextlib
import io
import re

import numpy as np
import pytest
from conftest import ROOT

from gdnotes import lessons, regression, tables
from gdnotes.lessons import model

PAGE = ROOT / "docs" / "lessons" / "08-real-model.md"
SHOWN = re.compile(r'^```python exec="on" source="above"[^\n]*session="lesson8"\n(.*?)^```', re.S | re.M)
n = tables.number


@pytest.fixture(scope="module")
def values() -> dict:
    return lessons.values("model")


@pytest.fixture(scope="module")
def shown() -> dict:
    """The names the page's shown code leaves behind, run in order with the setup its hidden block gives it."""
    blocks = SHOWN.findall(PAGE.read_text(encoding="utf-8"))
    assert len(blocks) >= 5, "the page's shown code blocks were not found"
    namespace = {"np": np, "alpha": model.ALPHA}
    with contextlib.redirect_stdout(io.StringIO()):
        for block in blocks:
            exec(compile(block, str(PAGE), "exec"), namespace)
    return namespace



def test_the_data(values: dict) -> None:
    data = values["data"]
    assert data["same_count_per_species"]  # "50 from each of 3 species"
    assert data["flowers"] == data["per_species"] * data["species"] == 150
    assert 0 < data["width_min"] < data["width_max"] < data["length_max"]


def test_gradient_formula_agrees_with_nudging_and_with_the_package(values: dict, shown: dict) -> None:
    check = values["gradient_check"]
    assert check["gap"] < 1e-8
    assert np.allclose(shown["by_formula"], check["by_formula"], rtol=1e-12)  # the page's two lines = regression.gradient
    page_gap = np.max(np.abs(np.subtract(shown["by_formula"], shown["by_nudging"])))
    assert n(page_gap, 2) == n(check["gap"], 2)


def test_rate_is_close_to_the_limit_and_described_truthfully(values: dict) -> None:
    curvature = values["curvature"]
    assert curvature["alpha"] < curvature["limit"] == pytest.approx(2 / curvature["high"])
    assert curvature["high"] / curvature["low"] == pytest.approx(curvature["kappa"])
    # "90% of that limit, close to the edge": alpha * lambda_max is between 1 and 2
    assert curvature["fraction"] == pytest.approx(curvature["alpha"] / curvature["limit"]) and 0.85 < curvature["fraction"] < 1
    assert curvature["alpha_high"] == pytest.approx(2 * curvature["fraction"])
    # "it flips sign at every step and shrinks only to 0.80": a negative multiplier, smaller than 1 in size
    assert -1 < curvature["steep_factor"] < -0.5 and curvature["steep_size"] == -curvature["steep_factor"]
    assert 0 < curvature["flat_factor"] < 1 and curvature["flat_factor"] > curvature["steep_size"]  # the flat one sets the pace


def test_best_rate_minimises_the_worst_factor_and_barely_beats_the_page_rate(values: dict) -> None:
    c = values["curvature"]
    worst = lambda a: max(abs(1 - a * c["low"]), abs(1 - a * c["high"]))  # noqa: E731
    rates = np.linspace(0.001, c["limit"], 20001)
    assert c["best_alpha"] == pytest.approx(rates[np.argmin([worst(a) for a in rates])], abs=1e-5)
    assert worst(c["best_alpha"]) == pytest.approx(c["best_factor"]) == pytest.approx(abs(1 - c["best_alpha"] * c["high"]))
    assert c["alpha"] < c["best_alpha"] < c["limit"]
    assert c["best_factor"] < c["flat_factor"] and c["flat_percent"] < c["best_flat_percent"] < 1.2 * c["flat_percent"]
    # the zigzag shrinks a thousandfold in the stated numbers of steps
    for rate, steps in ((c["alpha"], c["zigzag_steps"]), (c["best_alpha"], c["best_zigzag_steps"])):
        size = abs(1 - rate * c["high"])
        assert size**steps < 1e-3 <= size ** (steps - 1)
    assert c["best_zigzag_steps"] > 10 * c["zigzag_steps"]


def test_steps_by_hand_are_the_first_rows_of_the_run(values: dict, shown: dict) -> None:
    assert np.allclose(values["training"]["first_steps"][3], [shown["w"], shown["b"]])
    assert shown["run"].steps == values["training"]["steps"]


def test_long_run_ends_at_the_least_squares_line(values: dict) -> None:
    training = values["training"]
    assert training["stopped_by"] == "gradient norm" and training["steps"] < model.MAX_STEPS
    assert n(training["w"]) == n(training["best_w"]) and n(training["b"]) == n(training["best_b"])
    assert training["best_cost"] == pytest.approx(regression.cost([training["best_w"], training["best_b"]], regression.petals().x, regression.petals().y))
    assert f"| {training['steps']} |" in model.training_table().splitlines()[-1]


def test_first_steps_swing_above_and_below_then_creep(values: dict) -> None:
    ravine = values["ravine"]
    assert ravine["alternates"]  # the first five steps really alternate
    assert ravine["first_above"]  # "alternately above and below its final value"
    assert ravine["w1"] > values["training"]["best_w"]
    assert 1 < ravine["alpha_high"] < 2  # overshoots, but by less each time
    assert ravine["removed_per_step"] < 0.02  # "removes just 1.7%"


def test_loose_cost_rule_stops_early_and_far_mostly_in_b(values: dict) -> None:
    stop, training = values["stopping"], values["training"]
    loose = stop["loose_cost"]
    assert loose["stopped_by"] == "cost change"
    assert loose["steps"] < stop["loose_gradient"]["steps"] < stop["tight_gradient"]["steps"]
    assert abs(loose["b"] - training["best_b"]) > 3 * abs(loose["w"] - training["best_w"])
    assert n(loose["b"]) != n(training["best_b"])
    assert loose["distance"] > stop["tight_cost"]["distance"] > stop["tight_gradient"]["distance"]
    assert stop["budget"]["steps"] == 100 and stop["budget"]["stopped_by"] == "step budget"
    assert stop["tight_gradient"]["steps"] == training["steps"]


def test_standardising_makes_a_round_bowl_that_one_step_solves(values: dict, shown: dict) -> None:
    scaling = values["scaling"]
    assert shown["scaling"].mean == pytest.approx(scaling["mean"]) and shown["scaling"].std == pytest.approx(scaling["std"])
    assert scaling["kappa_z"] == pytest.approx(1) and scaling["limit_z"] == pytest.approx(1)
    assert scaling["kappa_raw"] > 100
    assert scaling["one_step"]["difference"] < 1e-12
    assert scaling["raw_steps_at_half"] > 100


def test_scaled_race_needs_far_fewer_steps(values: dict) -> None:
    rows = model.race_rows()
    for _, _, raw_steps, _, scaled_steps in rows:
        assert scaled_steps * 10 < raw_steps
    half = next(row for row in rows if row[0] == 0.5)
    assert half[2] == values["scaling"]["raw_steps_at_half"] and half[4] == 1


def test_bias_quiz(values: dict) -> None:
    quiz = values["bias_quiz"]
    assert quiz["partial"] == pytest.approx(2 * quiz["average_residual"]) and quiz["partial"] < 0
    assert np.all(regression.petals().y > 0)  # "here it is below every point"
    shown = {n(quiz[k]) for k in ("average_residual", "opposite", "partial")} | {"0"}
    assert len(shown) == 4


def test_scaling_quiz_answers_are_distinct(values: dict) -> None:
    scaling = values["scaling"]
    assert len({n(scaling[k], 3) for k in ("kappa_raw", "kappa_z", "std")}) == 3
    assert n(scaling["kappa_z"], 3) == "1"


def test_practice_solutions(values: dict) -> None:
    first, origin, fast = (values["problems"][k] for k in ("first_step", "origin", "fast"))
    assert first["w1"] == pytest.approx(-first["alpha"] * first["dw"]) and first["b1"] == pytest.approx(-first["alpha"] * first["db"])
    assert origin["cost"] > origin["best_cost"]
    assert fast["alpha"] > fast["limit"] and abs(fast["factor"]) > 1
    assert fast["stopped_by"] == "diverged" and fast["steps"] < model.MAX_STEPS
    assert 0 < fast["over_percent"] < 10  # "a rate only 8.3% above the limit"
    back = values["scaling"]["least_squares"]
    assert (back["w"], back["b"]) == pytest.approx((values["training"]["best_w"], values["training"]["best_b"]))
    assert back["bz"] == pytest.approx(values["data"]["mean_width"])  # b_z is the average petal width
