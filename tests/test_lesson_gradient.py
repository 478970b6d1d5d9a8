"""Lesson 2 (docs/lessons/02-gradient.md): what its prose says about the values it names."""

from __future__ import annotations

import inspect
import re

import numpy as np
import pytest
from conftest import ROOT

from gdnotes import gradcheck, lessons, surfaces
from gdnotes.lessons import gradient

PAGE = ROOT / "docs" / "lessons" / "02-gradient.md"


@pytest.fixture(scope="module")
def values() -> dict:
    return lessons.values("gradient")


@pytest.fixture(scope="module")
def page() -> str:
    return PAGE.read_text(encoding="utf-8")



def test_page_code_runs_the_lessons_examples(page: str) -> None:
    """The code the reader sees uses the same points as the values the prose names."""
    assert f"points = {list(gradient.WORKED_POINTS)}" in page
    assert f"points = {list(gradient.CHECK_POINTS)}" in page


def test_many_weights_are_the_pages_own(page: str) -> None:
    """The largest and median entries the prose quotes come from the gradient the page's code makes."""
    code = re.search(r"```python[^\n]*\n(rng = np\.random.*?)```", page, re.S)
    assert code, "the page should build the thousand-weight gradient in a code block starting with rng = ..."
    namespace: dict = {"np": np, "print": lambda *args, **kwargs: None}
    exec(code.group(1), namespace)
    np.testing.assert_array_equal(namespace["gradient"], gradient.many_gradient())


def test_partials_of_the_bowl(values: dict) -> None:
    assert values["bowl"] == {"loss": "w_{1}^{2} + 3 w_{2}^{2}", "d1": "2 w_{1}", "d2": "6 w_{2}"}


def test_worked_example_reads_as_the_prose_says(values: dict) -> None:
    worked = values["worked"]
    g1, g2 = worked["at_3_1"]
    assert g1 > 0 and g2 > 0 and g1 == g2, "at (3, 1) both entries are positive and equal"
    assert worked["at_0_2"][0] == 0 and worked["at_0_2"][1] > g2, "at (0, 2) the first is zero, the second large"
    assert worked["at_0_0"] == [0, 0]


def test_the_gradient_ranks_the_weights(values: dict) -> None:
    many = values["many"]
    assert many["largest"] > 5 * many["median"] > 0
    assert len(gradient.many_gradient()) == many["weights"]


def test_steepest_of_360_directions_is_the_gradient() -> None:
    bowl = surfaces.get(gradient.SURFACE)
    angles = np.radians(np.arange(360))
    slopes = np.stack([np.cos(angles), np.sin(angles)], axis=1) @ bowl.gradient(list(gradient.WORKED_POINTS[0]))
    g = bowl.gradient(list(gradient.WORKED_POINTS[0]))
    assert np.argmax(slopes) == round(np.degrees(np.arctan2(g[1], g[0])))
    assert slopes.max() == pytest.approx(np.linalg.norm(g))


def test_true_gradient_passes_and_buggy_fails(values: dict) -> None:
    assert values["check"]["true_max"] < 1e-7
    assert values["check"]["buggy_max"] > 0.1
    right, buggy = gradient.checks()
    assert right.passed() and not buggy.passed()


def test_nudge_error_shrinks_then_grows_and_the_best_is_the_default(values: dict) -> None:
    errors = values["nudge"]["errors"]
    best = int(np.argmin(errors))
    assert 0 < best < len(errors) - 1, "the error should first shrink as h does, then grow again"
    assert errors[:best + 1] == sorted(errors[:best + 1], reverse=True)
    assert values["nudge"]["best_exponent"] == values["nudge"]["default_exponent"]
    assert 10.0 ** values["nudge"]["default_exponent"] == pytest.approx(inspect.signature(gradcheck.check).parameters["h"].default)
    assert "relative error" in gradient.nudge_table()


def test_quiz_right_answer_is_the_gradient(values: dict) -> None:
    q = values["quiz"]["evaluate"]
    assert [q["g1"], q["g2"]] == pytest.approx(surfaces.get(gradient.SURFACE).gradient(list(gradient.QUIZ_POINT)))
    assert q["g1"] < 0 < q["sign_flipped"], "the first entry 2 w1 is negative at w1 = -2"
    assert len({(q["g1"], q["g2"]), (q["sign_flipped"], q["g2"]), (q["g1"], q["half_g2"])}) == 3, "the answers must differ"


def test_problem2_steepest_way_down_is_straight_down_w2(values: dict) -> None:
    p = values["problem2"]
    assert p["g1"] == 0 and p["g2"] > 0
    assert (p["down1"], p["down2"]) == (0, -1)
    assert p["norm"] == pytest.approx(p["g2"])


def test_problem3_bug_shows_at_1_1_and_hides_at_1_0(values: dict) -> None:
    p = values["problem3"]
    assert p["at_1_1"] > 0.1, "far too large to be round-off"
    assert p["at_1_0"] < 1e-7, "the bug hides where w2 = 0"
