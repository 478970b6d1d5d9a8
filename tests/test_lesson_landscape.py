"""Lesson 1 (docs/lessons/01-loss-landscape.md): what its prose says about the values it names."""

from __future__ import annotations


import numpy as np
import pytest
from conftest import ROOT

from gdnotes import lessons
from gdnotes.lessons import landscape

PAGE = ROOT / "docs" / "lessons" / "01-loss-landscape.md"


@pytest.fixture(scope="module")
def values() -> dict:
    return lessons.values("landscape")



def test_page_code_runs_the_lessons_examples() -> None:
    """The code the reader sees uses the same examples as the values the prose names."""
    page = PAGE.read_text(encoding="utf-8")
    assert f"x = np.array([{', '.join(map(str, landscape.X))}])" in page
    assert f"y = np.array([{', '.join(map(str, landscape.Y))}])" in page
    for start in landscape.WALKER_STARTS:
        assert f"start={start}," in page
    assert page.count(f"learning_rate={landscape.WALKER_RATE}, steps={landscape.WALKER_STEPS})") == len(landscape.WALKER_STARTS)


def test_loss_falls_to_zero_at_two_and_rises_beyond(values: dict) -> None:
    dials = values["dials"]
    losses = [landscape.loss(w) for w in (0, 1, 2, 3, 4)]
    assert losses[0] == dials["loss_at_0"] > losses[1] > losses[2] == dials["loss_at_2"] == 0
    assert losses[2] < losses[3] < losses[4]


def test_marble_sits_on_the_right_wall_sloping_up(values: dict) -> None:
    marble = values["marble"]
    assert marble["x"] > 0 and marble["loss"] == pytest.approx(marble["x"] ** 2)
    assert marble["slope"] > 0, "the prose and quiz say the ground slopes upward to the right"


def test_brute_force_grows_from_nanoseconds_to_hopeless() -> None:
    table = landscape.brute_force_table()
    rows = [line for line in table.splitlines()[2:]]
    assert len(rows) == len(landscape.DIAL_COUNTS)
    assert "nanoseconds" in rows[0] and "seconds" in rows[2] and rows[-1].endswith("years |")
    years = [landscape.brute_force_seconds(n) / landscape.SECONDS_PER_YEAR for n in landscape.DIAL_COUNTS]
    assert years == sorted(years) and years[3] > 1000, "20 dials should already take millennia"


def test_ground_is_a_few_tens_of_km_sampled_every_few_tens_of_metres(values: dict) -> None:
    ground = values["ground"]
    assert 10 < ground["width_km"] < 100 and 10 < ground["height_km"] < 100
    assert 10 < ground["east_m"] < 1000 and 10 < ground["north_m"] < 1000


def test_walkers_go_downhill_and_reach_flat_ground(values: dict) -> None:
    for name in ("a", "b"):
        walker = values["walkers"][name]
        assert walker["steps"] == landscape.WALKER_STEPS and not walker["reached_edge"]
        assert walker["end_height"] < walker["start_height"]
        assert walker["end_slope"] < 1e-2, f"walker {name} should end on flat ground"
    assert values["walkers"]["a"]["end_slope"] < 1e-6, "the prose calls the slope under walker A practically zero"


def test_walkers_never_overshoot() -> None:
    for walk in landscape.walks():
        assert np.all(np.diff(walk.elevations) <= 1e-9), "the quiz says both walks go steadily downhill"


def test_steps_shrink_as_the_ground_flattens(values: dict) -> None:
    a = values["walkers"]["a"]
    assert a["late_step_m"] < a["first_step_m"] / 10
    assert a["late_step_m"] == a["step_lengths_m"][values["walkers"]["late_step"] - 1]


def test_walkers_starting_close_end_far_apart_in_different_valleys(values: dict) -> None:
    walkers = values["walkers"]
    assert walkers["end_gap_km"] > 10 * walkers["start_gap_km"]
    assert abs(walkers["a"]["end_height"] - walkers["b"]["end_height"]) > 100


def test_problem1_settings_tie_with_opposite_errors(values: dict) -> None:
    p = values["problem1"]
    assert p["at_1"]["loss"] == pytest.approx(p["at_3"]["loss"])
    assert p["at_1"]["errors"] == pytest.approx([-e for e in p["at_3"]["errors"]])
    assert all(e < 0 for e in p["at_1"]["errors"])
    assert p["best_loss"] == 0 < p["at_1"]["loss"]
    assert p["at_1"]["loss"] == pytest.approx(np.mean(np.square(p["at_1"]["errors"])))


def test_problem2_the_rings_are_squeezed_along_w2(values: dict) -> None:
    p = values["problem2"]
    assert p["along_w2"] > p["along_w1"] > 0
    assert p["ratio"] == pytest.approx(3)
