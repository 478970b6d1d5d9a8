"""The practice page (docs/practice.md): what its worked solutions claim about the values they name.

Each test is one problem's claims, checked on ``gdnotes.lessons.practice``
values as the page receives them (plain JSON types), against an independent
route where there is one (the closed forms of ``theory``, a real run of
``descent``, the ``regression`` module).
"""

from __future__ import annotations

import math
import re

import numpy as np
import pytest
from conftest import ROOT

from gdnotes import descent, lessons, surfaces, theory
from gdnotes.lessons import practice

PAGE = ROOT / "docs" / "practice.md"


@pytest.fixture(scope="module")
def values() -> dict:
    return lessons.values("practice")


def _quiz(key: str) -> tuple[list[str], str]:
    """The answers of one quiz fence on the page, and the one marked right."""
    fence = re.search(rf"^```quiz {key}\n(.*?)^```", PAGE.read_text(encoding="utf-8"), flags=re.M | re.S)
    assert fence, f"no quiz {key} on the page"
    answers = re.findall(r"^- \[( |x)\] (.+)$", fence.group(1), flags=re.M)
    right = [text for mark, text in answers if mark == "x"]
    assert len(right) == 1
    return [text for _, text in answers], right[0]


def test_problem1_largest_entry_says_which_parameter_and_way(values: dict) -> None:
    points = values["bowl"]["points"]
    assert [(p["parameter"], p["way"]) for p in points] == [(1, "increase"), (2, "increase"), (1, "decrease")]
    for point, p in zip(practice.BOWL_POINTS, points):
        g = surfaces.get("bowl2d").gradient(point)
        assert abs(p["largest"]) == max(abs(g)) and p["largest"] == g[p["parameter"] - 1]
    # the page says the partial for w2 is zero at (4, 0), and only there
    assert [p["flat"] for p in points] == [[], [], [2]]


def test_problem2_minima_and_a_saddle_at_the_origin(values: dict) -> None:
    valley = values["valley"]
    assert valley["minimum_losses"] == [0.0, 0.0]
    assert valley["origin_gradient"] == [0.0, 0.0] and valley["origin_loss"] > 0
    assert valley["along"] < valley["origin_loss"] < valley["across"]


def test_problem3_distances_shrink_by_the_bowl_multiplier(values: dict) -> None:
    shifted = values["shifted"]
    gaps = shifted["gaps"]
    assert gaps[0] == practice.SHIFT - practice.SHIFT_START
    assert [b / a for a, b in zip(gaps, gaps[1:])] == pytest.approx([shifted["factor"]] * 3)
    assert shifted["ratio"] == pytest.approx(1 - 2 * practice.SHIFT_ALPHA)


def test_problem4_w2_changes_sign_but_closes_in(values: dict) -> None:
    zigzag = values["zigzag"]
    assert 0 < zigzag["w1"]["factor"] < 1 and zigzag["w1"]["regime"] == "converges"
    assert -1 < zigzag["w2"]["factor"] < 0 and zigzag["w2"]["regime"] == "zigzags but converges"


def test_problem5_stops_at_the_first_slope_below_the_rule(values: dict) -> None:
    tiny = values["tiny_slope"]
    assert abs(tiny["slope_then"]) < practice.STOP_SLOPE <= abs(tiny["slope_one_step_earlier"])
    assert tiny["more"] == 4
    assert tiny["after"] == pytest.approx(tiny["w"] * tiny["factor"])
    assert tiny["loss_before"] == "10^{-6}"  # "the loss is already tiny"


def test_problem6_a_rate_of_10_overshoots_to_minus_5_5_and_a_smaller_rate_fixes_it(values: dict) -> None:
    o = values["overshoot"]
    # the seed problem: w = 2.5, slope 0.8, rate 10 gives w_new = 2.5 - 10 * 0.8 = -5.5
    assert (o["w"], o["slope"], o["alpha"]) == (2.5, 0.8, 10.0)
    assert o["step"] == 8.0 and o["new"] == -5.5 == 2.5 - 10 * 0.8
    assert r"w \leftarrow 2.5 - 8 = {-5.5}" in practice.overshoot_steps().splitlines()[0]
    # the bowl behind the slope: L = 0.16 w^2, so the jump lands further from 0 and the loss rises
    assert o["coefficient"] == pytest.approx(0.16) and o["curvature"] == pytest.approx(0.32)
    assert o["distance_after"] > o["distance_before"] and o["loss_after"] > o["loss_before"]
    assert o["loss_after"] == pytest.approx(0.16 * 5.5**2)
    assert o["factor"] == pytest.approx(-2.2) and o["regime"] == "diverges" and o["alpha"] > o["limit"] == pytest.approx(6.25)
    assert o["positions"] == pytest.approx([-5.5, -5.5 * -2.2, -5.5 * 2.2**2])
    assert o["one_step"] == pytest.approx(1 / o["curvature"])
    # the fix: a smaller rate, computed the same way
    fix = o["fix"]
    assert fix["alpha"] < o["limit"] and fix["regime"] == "converges" and 0 < fix["factor"] < 1
    assert fix["new"] == pytest.approx(2.5 - fix["alpha"] * 0.8) and fix["loss_after"] < o["loss_before"]
    assert fix["positions"] == pytest.approx([2.5 * fix["factor"] ** k for k in (1, 2)])
    assert r"w \leftarrow 2.5 - 0.8 = 1.7" in practice.overshoot_fix_steps()
    page = PAGE.read_text(encoding="utf-8")
    assert '??? question "Problem 6 (easy): one step too far"' in page and "practice.overshoot_steps()" in page

def test_problem7_mirror_rates_land_equally_close(values: dict) -> None:
    regimes = values["regimes"]
    assert regimes["factors"][0] == pytest.approx(-regimes["factors"][1])
    assert math.isclose(regimes["x3"][0], -regimes["x3"][1])


def test_problem8_limits_and_the_bowl_that_bounces(values: dict) -> None:
    sharp = values["sharp"]
    assert sharp["limit"] == 2 * sharp["one_step"] == 0.25
    assert theory.regime(sharp["one_step"], curvature=practice.SHARP_CURVATURE) == "converges in one step"
    assert sharp["bounce_regime"] == "oscillates forever"
    assert theory.regime(practice.BOUNCE_ALPHA, curvature=sharp["bounce_curvature"] * 1.01) == "diverges"


def test_problem9_the_formula_finds_the_step_descent_flags(values: dict) -> None:
    blowup = values["blowup"]
    assert blowup["flagged"] == blowup["flagged_by_descent"] == 33
    assert math.isfinite(blowup["loss_at_flag"]) and blowup["loss_at_flag"] > descent.DIVERGENCE_LIMIT
    assert blowup["loss_factor"] == pytest.approx(blowup["factor"] ** 2) and blowup["size"] == 1.5
    path = descent.gradient_descent_path("bowl1d", practice.BLOWUP_ALPHA, practice.BLOWUP_START, 100)
    assert path.losses[blowup["flagged"] - 1, 0] <= descent.DIVERGENCE_LIMIT  # "passes the threshold first" there


def test_problem10_the_flat_direction_decides(values: dict) -> None:
    tolerance = values["tolerance"]
    need_w1, need_w2 = tolerance["need"]
    assert need_w1 > need_w2
    assert tolerance["both"] == tolerance["run_both"] == need_w1



def test_problem11_the_loss_falls_then_climbs_then_diverges(values: dict) -> None:
    past = values["past_limit"]
    assert past["w1"]["regime"] == "converges" and past["w2"]["regime"] == "diverges"
    assert past["limit"] < practice.PAST_ALPHA
    assert 0 < past["lowest"] < past["back"] < past["flagged"]
    losses = past["losses"]
    assert losses["lowest"] < losses["start"] < losses["back"] and losses["flagged"] > descent.DIVERGENCE_LIMIT


def test_problem12_the_loop_is_gradient_ascent(values: dict) -> None:
    bug = values["sign_bug"]
    assert bug["seen"] == bug["run"]
    assert bug["seen"] == pytest.approx([bug["factor"] ** k for k in (1, 2, 3)])
    assert bug["loss_factor"] == pytest.approx(bug["factor"] ** 2) and bug["flagged"] > 3


def test_problem13_a_small_slope_on_a_plateau(values: dict) -> None:
    plateau = values["plateau"]
    assert abs(plateau["slope"]) < 0.01  # the stopping rule would have stopped run B at its first step
    assert plateau["half"] > 1000 and 0 < plateau["gap"] < 100 and plateau["gap"] == plateau["done"] - plateau["half"]
    assert plateau["b_loss"] > 0.99  # about as far from the minimum as it can be
    assert surfaces.get("bowl1d").value(plateau["a_at"]) < 1e-6  # run A's loss is tiny


def test_problem14_momentum_goes_further_and_swings_past(values: dict) -> None:
    momentum = values["momentum"]
    heavy, slow = momentum["heavy"], momentum["plain"]
    assert heavy[0] < slow[0]
    assert momentum["heavy_path"][2][1] < 0 < slow[1]
    assert abs(heavy[1]) > abs(slow[1])
    assert momentum["heavy_loss"] < momentum["plain_loss"]


def test_problem15_hand_step_is_the_regression_modules(values: dict) -> None:
    line = values["line"]
    assert all(r < 0 for r in line["residuals"]) and all(g < 0 for g in line["gradient"])
    assert np.allclose(line["gradient"], line["package_gradient"]) and np.allclose(line["after"], line["fitted"])
    assert all(a > s for a, s in zip(line["after"], practice.LINE_START))  # the step raises w and b


def test_problem16_minibatches_scatter_around_the_full_gradient(values: dict) -> None:
    batch = values["minibatch"]
    assert np.allclose(batch["mean_gradient"], values["line"]["gradient"])
    assert all(cost < batch["cost_before"] for cost in batch["costs"].values())
    assert batch["largest_residual"] == batch["largest_example"] == 2
    assert batch["residual_3"] == min(values["line"]["residuals"])
    assert (batch["best"], batch["worst"]) == ("example 3 alone", "example 1 alone")
    assert batch["best_cost"] == min(batch["costs"].values()) and batch["worst_cost"] == max(batch["costs"].values())


def test_quiz_regime_marks_the_regime_theory_gives(values: dict) -> None:
    regime = values["quiz"]["regime"]
    answers, right = _quiz("practice-regime")
    assert {a.lower() for a in answers} <= set(theory.REGIMES)
    assert right.lower() == regime["answer"] == theory.regime(practice.QUIZ_ALPHA, practice.QUIZ_CURVATURE)
    assert -1 < regime["factor"] < 0 and regime["limit"] > practice.QUIZ_ALPHA


def test_quiz_velocity_settles_at_g_over_one_minus_beta(values: dict) -> None:
    velocity = values["quiz"]["velocity"]
    assert velocity["settled"] == pytest.approx(velocity["gradient"] / (1 - velocity["beta"]))
    _, right = _quiz("practice-momentum")
    assert right == "${{ practice.quiz.velocity.settled }}$"
    assert len({velocity["gradient"], velocity["settled"], velocity["kept"]}) == 3  # three different answers


def test_page_blocks_are_short() -> None:
    text = PAGE.read_text(encoding="utf-8")
    blocks = re.findall(r'^ *```python exec="on"[^\n]*\n(.*?)^ *```', text, flags=re.M | re.S)
    assert blocks and max(len(b.splitlines()) for b in blocks) <= 12
