"""Lesson 6 (docs/lessons/06-landscape-fights-back.md): what its prose says about the values it names."""

from __future__ import annotations

import ast
import re

import numpy as np
import pytest
from conftest import ROOT

from gdnotes import basins, lessons, surfaces
from gdnotes.lessons import nonconvex

PAGE = ROOT / "docs" / "lessons" / "06-landscape-fights-back.md"


@pytest.fixture(scope="module")
def values() -> dict:
    return lessons.values("nonconvex")



def test_page_code_runs_the_lessons_examples() -> None:
    """The code the reader sees makes the same runs as the values the prose names."""
    page = PAGE.read_text(encoding="utf-8")
    starts = re.search(r"^starts = (.+)$", page, re.M)
    assert starts and ast.literal_eval(starts.group(1)) == [list(s) for s in nonconvex.SADDLE_STARTS]
    assert f'descent.gradient_descent_path("saddle", {nonconvex.SADDLE_ALPHA}, starts, {nonconvex.SADDLE_STEPS})' in page
    figure = re.search(r"nonconvex\.saddle_escape\((.+)\)\)$", page, re.M)
    (a, b), (c, d) = nonconvex.SADDLE_STARTS
    assert figure and ast.literal_eval(figure.group(1)) == (nonconvex.SADDLE_ALPHA, (a, b), d, nonconvex.SADDLE_STEPS)
    assert (
        f"optimizers.gradient_descent({nonconvex.HILLS_ALPHA}), resolution={nonconvex.BASIN_RESOLUTION}, "
        f"steps={nonconvex.HILLS_STEPS})"
    ) in page


# --- the saddle


def test_runs_share_x_and_the_first_keeps_y_zero() -> None:
    """'Both runs have the same x at every step; the first keeps y = 0 throughout.'"""
    path = nonconvex.saddle_path()
    assert np.all(path.positions[:, 0, 1] == 0)
    assert np.array_equal(path.positions[:, 0, 0], path.positions[:, 1, 0])
    assert "| step k |" in nonconvex.saddle_table(path)


def test_the_axis_run_converges_to_the_saddle_and_the_nudged_one_escapes(values: dict) -> None:
    saddle = values["saddle"]
    assert saddle["gradient_end"] < 1e-6, "'by every local test it has converged'"
    assert saddle["loss_end_nudged"] < 0 < saddle["loss_end_axis"] < 1e-12
    assert saddle["growth"] == pytest.approx(1 + 2 * saddle["alpha"])
    assert saddle["escape_step"] == saddle["predicted_escape"], "'The run agrees'"


def test_each_factor_of_1000_costs_the_same_extra_steps(values: dict) -> None:
    runs = nonconvex.nudge_runs()
    assert [run["nudge"] for run in runs] == list(nonconvex.NUDGES)
    escapes = [run["escape_step"] for run in runs]
    stalls = [run["stalled"] for run in runs]
    assert escapes == sorted(escapes) and len(set(escapes)) == len(escapes), "smaller nudges linger longer"
    assert stalls == sorted(stalls) and stalls[-1] > stalls[0]
    per_factor = values["nudges"]["steps_per_factor"]
    for smaller, larger in zip(runs[2:], runs[3:]):  # 1e-6, 1e-9, 1e-12: factors of 1,000
        assert larger["nudge"] == pytest.approx(smaller["nudge"] / 1000)
        assert abs(larger["escape_step"] - smaller["escape_step"] - per_factor) < 1
    for run in runs:
        assert run["escape_step"] == nonconvex.steps_to_escape(run["nudge"])


def test_the_plateau_is_one_flat_stretch_and_the_stopping_rule_fires_in_it(values: dict) -> None:
    plateau = values["plateau"]
    path = nonconvex.saddle_path()
    norms = np.linalg.norm(path.gradients[:, 1], axis=1)
    first, last = plateau["first"], plateau["last"]
    assert plateau["length"] == last - first + 1 > 10
    assert np.all(norms[first : last + 1] < plateau["threshold"]), "'stays below 0.01 from step first to step last'"
    assert plateau["largest_change"] < 1e-4, "'A loss curve of that stretch is a flat line'"
    assert np.hypot(plateau["stop_x"], plateau["stop_y"]) < plateau["threshold"], "'right next to the saddle'"
    assert plateau["loss_end"] < plateau["stop_loss"] - 100, "the rule's answer is far from where the run goes"


# --- the double well


def test_the_double_well_has_a_deep_minimum_a_hump_and_a_shallow_minimum(values: dict) -> None:
    well = values["well"]
    assert well["deep"] < well["hump"] < well["shallow"]
    assert well["deep_loss"] < well["shallow_loss"], "the left hollow is the deeper one"
    surface = surfaces.get("double_well")
    for x in (well["deep"], well["hump"], well["shallow"]):
        assert surface.gradient(x)[0] == pytest.approx(0, abs=1e-9), "its slope is zero at three points"
    assert surface.value(well["hump"]) > max(surface.value(well["hump"] - 0.1), surface.value(well["hump"] + 0.1))
    assert well["deep_limit"] == pytest.approx(2 / well["deep_curvature"])
    assert well["shallow_limit"] == pytest.approx(2 / well["shallow_curvature"])


def test_the_table_shows_what_the_bullets_say(values: dict) -> None:
    ends = nonconvex.ends_in
    surface = surfaces.get("double_well")
    # the start decides
    assert ends(0.0, 0.05) == "global minimum" and ends(0.3, 0.05) == "local minimum"
    assert ends(-2.2, 0.05) == "global minimum" and ends(2.3, 0.05) == "local minimum"
    # the learning rate decides too
    assert ends(2.3, 0.3) == "global minimum"
    assert ends(-2.2, 0.4) == "local minimum"
    # a minimum can be too sharp to settle in
    well = values["well"]
    assert well["deep_limit"] < 0.45 < well["shallow_limit"]
    unsettled = basins.label_name(surface, basins.UNSETTLED)
    assert ends(0.0, 0.45) == unsettled == ends(2.3, 0.45)
    assert ends(0.3, 0.45) == "local minimum", "the local minimum still holds the runs that land in it"
    assert len(values["well"]["runs"]) == len(nonconvex.WELL_ALPHAS) * len(nonconvex.WELL_STARTS)
    assert nonconvex.well_table().count("\n") == len(values["well"]["runs"]) + 1


# --- the tilted Himmelblau surface


def test_the_deepest_minimum_does_not_have_the_biggest_basin(values: dict) -> None:
    shares = values["basins"]
    assert shares["unsettled"] == 0, "the page says every start ended within the tolerance of a minimum"
    assert shares["starts"] == nonconvex.BASIN_RESOLUTION**2
    assert shares["biggest"] != 1, "the prose and quiz l6-basin-size say the deepest minimum's basin is not the biggest"
    assert shares["biggest_percent"] == max(shares["percents"]) > shares["deepest_percent"]
    assert len(set(round(p, 6) for p in shares["percents"])) == len(shares["percents"]), "the shares differ"
    assert sum(shares["percents"]) == pytest.approx(100)
    hills = values["hills"]
    losses = [surfaces.get("tilted_himmelblau").value(m) for m in surfaces.get("tilted_himmelblau").minima]
    assert hills["deepest_loss"] == min(losses) and hills["shallowest_loss"] == max(losses)
    # "What about real networks?": here the minima differ, so several starts pay off
    assert hills["depth_range"] == pytest.approx(max(losses) - min(losses)) and hills["depth_range"] > 1
    assert shares["deepest_percent"] < 50, "most starts miss the deepest minimum"


def test_the_four_marbles_end_in_different_minima() -> None:
    table = nonconvex.marbles_table()
    minima = [int(row.split("|")[3]) for row in table.strip().split("\n")[2:]]
    assert len(minima) == len(nonconvex.SAMPLE_STARTS)
    assert len(set(minima)) >= 3, "'you get four different answers' (four different end points)"


def test_the_loop_was_slower_and_the_busy_note_fits_the_load(values: dict) -> None:
    timings = values["timings"]
    assert timings["ratio"] > 10, "'The loop took about ... times longer'"
    assert basins.load_timings()["identical"], "'gives the same numbers to the last bit'"
    assert timings["busy_note"] == (" that was busy with other work" if timings["busy"] else "")


# --- the quizzes


def test_quiz_saddle_run_sits_on_the_saddle(values: dict) -> None:
    quiz = values["quiz_saddle"]
    assert quiz["y"] == 0 and abs(quiz["x"]) < 1e-8 and quiz["gradient"] < 1e-8


def test_quiz_jump_crosses_the_hump_into_the_global_minimum(values: dict) -> None:
    quiz, well = values["quiz_jump"], values["well"]
    assert quiz["ends"] == "global minimum", "the marked answer of quiz l6-jump"
    assert quiz["x1"] < well["hump"], "'the first step lands ... already past the hump'"
    assert quiz["final"] == pytest.approx(well["deep"])
    assert quiz["shallow"] == well["shallow"]
    assert nonconvex.ends_in(2.3, 0.05) == "local minimum", "the question's premise"


# --- the practice problems


def test_problem_1_escape_by_hand(values: dict) -> None:
    by_hand = values["by_hand"]
    x, y = nonconvex.BY_HAND_START
    for k in (1, 2, 3):
        assert by_hand[f"step{k}"]["x"] == pytest.approx(x * by_hand["shrink"] ** k)
        assert by_hand[f"step{k}"]["y"] == pytest.approx(y * by_hand["growth"] ** k)
    assert by_hand["predicted_escape"] - 1 < by_hand["ratio"] < by_hand["predicted_escape"]
    assert by_hand["escape_step"] == by_hand["predicted_escape"], "'The run agrees'"


def test_problem_2_alpha_one_half_ends_in_a_two_point_cycle(values: dict) -> None:
    tail = values["cycle"]["tail"]
    assert tail[0] == tail[2] and tail[1] == tail[3] and tail[0] != tail[1], "a two-point cycle"
    well = values["well"]
    assert well["deep_limit"] < nonconvex.CYCLE_ALPHA < well["shallow_limit"]
    assert all(v < well["hump"] for v in tail), "'it never leaves' the global minimum's valley"


def test_problem_3_first_step_heads_up_and_right_to_a_shallow_minimum(values: dict) -> None:
    step = values["first_step"]
    assert step["gx"] < 0 and step["gy"] < 0, "'both partials are negative'"
    assert 0 < step["x1"] < step["y1"], "'up and to the right, mostly up'"
    assert step["minimum"] != 1, "'That is not the deepest minimum'"
    assert step["loss"] > values["hills"]["deepest_loss"]
