"""Lesson 4, the learning rate: what its prose claims about ``gdnotes.lessons.rate`` values."""

from __future__ import annotations

import math
import re
from pathlib import Path

import numpy as np
import pytest

from gdnotes import descent, lessons, surfaces, tables, theory
from gdnotes.lessons import rate

PAGE = Path(__file__).resolve().parent.parent / "docs" / "lessons" / "04-learning-rate.md"


@pytest.fixture(scope="module")
def v() -> dict:
    return lessons.values("rate")


@pytest.fixture(scope="module")
def page() -> str:
    return PAGE.read_text(encoding="utf-8")


def final_x(alpha: float, steps: int = rate.RUN_STEPS, start: float = rate.START) -> float:
    return float(descent.gradient_descent_path("bowl1d", alpha, start, steps).positions[-1, 0, 0])


# --- the page and its names ----------------------------------------------------



def quiz_fence(page: str, key: str) -> list[tuple[bool, str]]:
    body = re.search(rf"^```quiz {key}\n(.*?)^```", page, flags=re.S | re.M)
    assert body, f"no quiz fence {key} on the page"
    return [(mark == "x", text.strip()) for mark, text in re.findall(r"^- \[( |x)\] (.+)$", body.group(1), flags=re.M)]


# --- Too small, too large, just right; the exact answer on x^2 -------------------


def test_each_regime_rate_lands_in_the_range_its_bullet_names(v: dict) -> None:
    regimes = v["regimes"]
    assert [g["name"] for g in regimes.values()] == [theory.REGIMES[i] for i in (0, 1, 2, 3, 4)]
    assert 0 < regimes["straight"]["alpha"] < 0.5 and 0 < regimes["straight"]["factor"] < 1
    assert regimes["one_step"]["alpha"] == 0.5 and regimes["one_step"]["factor"] == 0
    assert 0.5 < regimes["zigzag"]["alpha"] < 1 and -1 < regimes["zigzag"]["factor"] < 0
    assert regimes["bounce"]["alpha"] == 1 and regimes["bounce"]["factor"] == -1
    assert regimes["diverge"]["alpha"] > 1 and regimes["diverge"]["factor"] < -1


def test_the_zigzag_lands_on_the_other_wall_closer_by_the_factor_the_prose_names(v: dict) -> None:
    zigzag = v["regimes"]["zigzag"]
    x = descent.gradient_descent_path("bowl1d", zigzag["alpha"], rate.START, 4).positions[:, 0, 0]
    assert np.all(np.sign(x[1:]) == -np.sign(x[:-1]))
    assert np.allclose(np.abs(x[:-1] / x[1:]), zigzag["closer"])
    assert tables.number(zigzag["closer"]) == "5"


def test_regimes_table_shows_one_row_per_regime_with_its_iterates() -> None:
    table = rate.regimes_table()
    rows = table.splitlines()[2:]
    assert len(rows) == len(rate.REGIME_RATES)
    assert "| 1 | −1 | −5, 5, −5, 5 |" in rows
    assert rows[1].startswith("| 0.5 | 0 | 0, 0, 0, 0")


# --- a full run ----------------------------------------------------------------


def test_closed_form_and_step_by_step_run_agree_to_the_digits_shown(v: dict) -> None:
    run = v["run"]
    assert tables.number(run["x_end"]) == tables.number(run["x_end_run"])
    assert run["x_end"] == pytest.approx(run["start"] * run["factor"] ** run["steps"], rel=1e-12)
    assert run["loss_start"] == run["start"] ** 2
    assert run["loss_end"] == pytest.approx(run["x_end"] ** 2, rel=1e-12)
    assert f"| {run['steps']} | {tables.number(run['x_end'])} | {tables.number(run['loss_end'])} |" in rate.run_table()


# --- the phase diagram ---------------------------------------------------------


def test_phase_diagram_point_is_the_one_step_rate_and_the_wall_is_where_runs_bounce(v: dict) -> None:
    phase = v["phase"]
    assert theory.regime(phase["one_step"]) == "converges in one step"
    assert theory.regime(phase["limit"]) == "oscillates forever"
    for steps in rate.PHASE_STEPS:  # left of the wall more steps go lower, right of it higher
        assert abs(final_x(phase["limit"] * 0.95, steps)) < rate.START < abs(final_x(phase["limit"] * 1.05, steps))
    assert phase["floor"] < abs(final_x(0.1, max(rate.PHASE_STEPS)))


# --- any bowl; several dimensions ----------------------------------------------


def test_sharper_bowls_tolerate_only_smaller_rates() -> None:
    rows = rate.curvature_rows()
    limits = [limit for _, limit, _ in rows]
    assert limits == sorted(limits, reverse=True)
    assert dict((lam, limit) for lam, limit, _ in rows)[2] == 1  # "gives back the limit alpha < 1"
    for lam, limit, verdict in rows:
        assert (verdict == "diverges") == (rate.CURVATURE_ALPHA > limit)


def test_flat_direction_steps_grow_in_proportion_to_kappa() -> None:
    rows = rate.condition_rows()
    kappas, alphas, steps = zip(*rows)
    assert list(kappas) == [float(s) for s in rate.STEEP]
    for kappa, alpha in zip(kappas, alphas):
        assert alpha == pytest.approx(rate.SHARE_OF_LIMIT * 2 / kappa)
        assert theory.regime(alpha, curvature=kappa) != "diverges"
    per_kappa = [n / k for k, n in zip(kappas, steps) if k >= 10]
    assert max(per_kappa) < 1.2 * min(per_kappa)
    assert steps == tuple(sorted(steps)) and steps[-1] > 100 * steps[0]


# --- when the loss turns into NaN ----------------------------------------------


def test_tripled_rate_crosses_the_steep_directions_limit(v: dict) -> None:
    nan = v["nan"]
    assert nan["fast"]["alpha"] == pytest.approx(rate.TRIPLED * nan["slow"]["alpha"])
    assert nan["slow"]["alpha"] < nan["limit"] < nan["fast"]["alpha"]
    assert abs(nan["slow"]["flat"]) < 1 and abs(nan["slow"]["steep"]) < 1
    assert abs(nan["fast"]["flat"]) < 1 and nan["fast"]["steep"] < -1
    assert nan["fast"]["loss_factor"] == pytest.approx(nan["fast"]["steep"] ** 2)
    assert nan["fast"]["loss_factor"] > 1


def test_descent_stops_the_tripled_run_and_lets_the_slow_one_train(v: dict) -> None:
    stops = v["stops"]
    assert not stops["slow"]["diverged"] and stops["slow"]["step"] == rate.NAN_STEPS
    assert stops["slow"]["loss"] < 1e-6
    assert stops["fast"]["diverged"] and stops["fast"]["step"] < rate.NAN_STEPS
    assert stops["fast"]["loss"] > descent.DIVERGENCE_LIMIT


def test_plain_numpy_run_overflows_to_inf_then_nan(v: dict) -> None:
    bowl = surfaces.get(rate.BOWL_2D)
    w = np.array(rate.START_2D)
    losses = []
    with np.errstate(over="ignore", invalid="ignore"):
        while not np.isnan(bowl.value(w)) and len(losses) < 5000:
            w = w - rate.FAST * bowl.gradient(w)
            losses.append(bowl.value(w))
    losses = np.array(losses)
    first_inf = int(np.argmax(np.isinf(losses)))
    assert np.isinf(losses[first_inf]) and np.isnan(losses[-1])
    # overflow: one more factor of the loss would pass the largest float
    assert losses[first_inf - 1] > 0.99 * v["nan"]["float_max"] / v["nan"]["fast"]["loss_factor"]


# --- quizzes -------------------------------------------------------------------


def test_regime_quiz_marks_the_computed_regime(v: dict, page: str) -> None:
    quiz = v["quiz"]["regime"]
    assert quiz["right"] == theory.regime(quiz["alpha"]) == "zigzags but converges"
    assert -1 < quiz["factor"] < 0
    choices = quiz_fence(page, "l4-regime")
    assert [text for _, text in choices] == [name.capitalize() for name in theory.REGIMES if name != theory.REGIMES[1]]
    assert [text for right, text in choices if right] == [quiz["right"].capitalize()]


def test_curvature_quiz_numbers(v: dict, page: str) -> None:
    quiz = v["quiz"]["curvature"]
    assert quiz["limit"] == pytest.approx(2 / quiz["lam"])
    assert quiz["one_step"] < quiz["limit"] < quiz["bowl_limit"]
    assert theory.regime(quiz["bowl_limit"] * 0.99, curvature=quiz["lam"]) == "diverges"
    right = [text for is_right, text in quiz_fence(page, "l4-curvature") if is_right]
    assert right == [r"$0 < \alpha < {{ rate.quiz.curvature.limit }}$"]


def test_steepest_quiz_numbers(v: dict, page: str) -> None:
    quiz = v["quiz"]["steepest"]
    flat, steep = min(rate.QUIZ_CURVATURES), max(rate.QUIZ_CURVATURES)
    assert quiz["limit"] == pytest.approx(2 / steep) and quiz["kappa"] == steep / flat
    assert theory.contraction_factor(quiz["flat_limit"] * 0.9, curvature=steep) < -1
    assert quiz["limit"] < 2 / quiz["mean_curvature"]  # the average would allow rates that diverge
    assert [text for right, text in quiz_fence(page, "l4-steepest") if right][0].startswith("The steep direction")


# --- practice problems ---------------------------------------------------------


def test_problem1_bounds_meet_the_tolerance_just_inside_and_miss_just_outside(v: dict) -> None:
    p = v["problem1"]
    assert p["largest"] == pytest.approx((1 + p["q"]) / 2) and p["smallest"] < 0.5 < p["largest"]
    assert abs(final_x(p["largest"] * (1 - 1e-6))) < rate.TOLERANCE < abs(final_x(p["largest"] * (1 + 1e-6)))
    assert abs(final_x(p["smallest"] * (1 + 1e-6))) < rate.TOLERANCE < abs(final_x(p["smallest"] * (1 - 1e-6)))


def test_problem2_regimes_and_x3(v: dict) -> None:
    p = v["problem2"]
    assert {key: g["regime"] for key, g in p.items()} == {key: g["name"] for key, g in v["regimes"].items()}
    for g in p.values():
        assert g["x3"] == pytest.approx(rate.START * g["r"] ** 3, abs=1e-12)


def test_problem3_rate_zigzags_on_the_steeper_bowl(v: dict) -> None:
    p = v["problem3"]
    assert p["one_step"] < p["alpha"] < p["limit"]
    assert p["regime"] == "zigzags but converges" and -1 < p["factor"] < 0


def test_problem4_descent_stops_when_the_closed_form_says(v: dict) -> None:
    p = v["problem4"]
    assert p["diverged_at"] == p["steps"]
    assert [p["x1"], p["x2"], p["x3"]] == [p["r"], p["r"] ** 2, p["r"] ** 3]
    assert [p["loss1"], p["loss2"], p["loss3"]] == [p["loss_factor"] ** k for k in (1, 2, 3)]
    assert p["loss_factor"] ** (p["steps"] - 1) < rate.PROBLEM4_LOSS < p["loss_factor"] ** p["steps"]
    assert math.isclose(p["loss_factor"], p["r"] ** 2)
