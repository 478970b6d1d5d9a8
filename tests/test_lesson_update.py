"""Lesson 3 (the update rule): what its prose claims about the values it names."""

from __future__ import annotations

import pytest

from gdnotes import tables, theory
from gdnotes.lessons import update


@pytest.fixture(scope="module")
def values() -> dict:
    return update.values()


def test_worked_example_matches_the_closed_form(values: dict) -> None:
    bowl = values["bowl"]
    assert bowl["factor"] == pytest.approx(1 - 2 * update.ALPHA)
    assert tables.number(bowl["after_20"]) == tables.number(theory.iterate(update.START, update.ALPHA, 20))
    assert tables.number(bowl["after_50"]) == tables.number(theory.iterate(update.START, update.ALPHA, 50))
    assert bowl["w1"] == pytest.approx(update.START - bowl["step0"])


def test_steps_shrink_on_their_own(values: dict) -> None:
    bowl = values["bowl"]
    assert bowl["hop_1"] > bowl["hop_10"] > bowl["hop_20"] > 0
    assert bowl["hop_10"] == pytest.approx(bowl["hop_1"] * bowl["factor"] ** 9)


def test_steeper_direction_shrinks_faster(values: dict) -> None:
    two = values["bowl2d"]
    assert abs(two["factor_2"]) < abs(two["factor_1"]) < 1
    assert (two["w1"], two["w2"]) == pytest.approx((3 - 0.1 * two["g1"], 1 - 0.1 * two["g2"]))


def test_stopping_rule_stops_at_the_first_small_slope(values: dict) -> None:
    hand = values["hand"]
    assert abs(hand["stop_slope"]) < hand["tolerance"] <= abs(hand["slope_before_stop"])


def test_quiz_answers_are_distinct(values: dict) -> None:
    one = values["quiz"]["one_step"]
    shown = [tables.number(one[k]) for k in ("added", "right", "slope_is_w", "alpha_only")]
    assert len(set(shown)) == 4
    assert one["right"] == pytest.approx(one["w"] - one["alpha"] * 2 * one["w"])


def test_practice_solutions(values: dict) -> None:
    problem = values["problem"]
    assert problem["one"]["new"] > problem["one"]["w"]  # negative slope: w moves right
    assert problem["two"]["w2"] == pytest.approx(-3 * 0.5**2)
    assert problem["three"]["w1"] == 0 and problem["three"]["w2"] < 2
    assert problem["four"]["factor"] > 1


def test_the_scrubber_uses_the_pages_names() -> None:
    """The text says the scrubber shows w and L(w); the widget's table and labels say so too."""
    import re
    from pathlib import Path

    from gdnotes import widgets

    page = (Path(__file__).resolve().parent.parent / "docs" / "lessons" / "03-update-rule.md").read_text(encoding="utf-8")
    call = re.search(r"print\(widgets\.scrubber\((.*?)\)\)", page)
    assert call and "variable" not in call.group(1) and "loss" not in call.group(1), "the page keeps the widget's default names"
    before = page[: call.start()].rsplit("\n\n", 2)[-2]  # the paragraph that introduces the widget
    assert "$w$" in before and "$L(w)" in before and "f(x)" not in before
    html = widgets.scrubber()
    assert "L(w)" in html and "f(x)" not in html
