"""The loss-curve diagnosis drill on the practice page: its builder, and the widget in Chromium on the built site.

Builder: the root and config hold every case of gdnotes.diagnosis (cause, setting, the curve as
log10 gaps to 0.01), an order that visits each case once, and a fallback with one example curve
per cause and a table of the tell-tale shapes; a bad seed is refused by name.

Browser: the right answer is called right and reveals the setting; a wrong one explains the true
cause and the one picked; a second answer changes nothing; Next curve shows a new curve; the
keyboard alone answers and moves on; the drawn curve is the config's. What every widget does alike
is in test_widget_conformance.py.
"""

from __future__ import annotations

import gzip
import math
from collections.abc import Iterator

import numpy as np
import pytest
from _browser import assert_light, button, clean, fallback_html, fallback_rows, open_widget, press_on, state, status, widget_config
from _browser import nothing_erred  # noqa: F401  (autouse: after each test, nothing erred on its probe and phone_probe)
from _lessons_browser import Lesson
from conftest import PageProbe

from gdnotes import diagnosis, widgets

NAME = "loss-drill"
PAGE = "practice/"


# --------------------------------------------------------------------- the builder


@pytest.fixture(scope="module")
def html() -> str:
    return widgets.loss_drill()


def test_config_holds_every_case(html: str) -> None:
    assert "loss_drill" in widgets.__all__ and NAME in widgets.NAMES
    config = widget_config(html, NAME, style=True)
    found = diagnosis.cases(0)
    assert [c["key"] for c in config["causes"]] == list(diagnosis.CAUSES)
    assert sorted(config["order"]) == list(range(len(found)))
    assert config["order"] != sorted(config["order"])
    assert config["points"] == diagnosis.POINTS and config["floor"] == math.log10(diagnosis.FLOOR)
    for case, data in zip(found, config["cases"]):
        assert config["causes"][data["cause"]]["key"] == case.cause
        assert data["setting"] == case.setting and data["every"] == case.every and data["divergedAt"] == case.diverged_at
        np.testing.assert_allclose(data["logs"], np.log10(case.gaps), atol=0.005 + 1e-12)


def test_fallback_shows_each_cause(html: str) -> None:
    assert html.count('<svg role="img"') == 1 and "JavaScript" in html
    for cause in diagnosis.CAUSES.values():
        assert f"<td>{cause.label}</td>" in html


def test_bad_seed_is_refused_by_name() -> None:
    for seed, error in ((-1, ValueError), (2**32, ValueError), ("1", TypeError), (True, TypeError)):
        with pytest.raises(error, match="seed"):
            widgets.loss_drill(seed)


# --------------------------------------------------------------------- in the browser

def open_drill(probe: PageProbe, site_url: str):
    return open_widget(probe, site_url, NAME, PAGE)


@pytest.fixture(scope="module")
def practice(browser: object, site_url: str, built_site) -> Iterator[Lesson]:
    """The practice page at desktop size, loaded once for the desktop tests below."""
    page = Lesson(browser, site_url, built_site, PAGE, (NAME,))
    yield page
    page.close()


@pytest.fixture
def drill(practice: Lesson) -> Iterator[tuple[PageProbe, object]]:
    """A fresh drill (its root put back as built and set up again) on the shared practice page; afterwards nothing erred."""
    practice.reset()
    root = practice.open(NAME)
    yield practice.probe, root
    clean(practice.probe)


def cause_label(root, key: str) -> str:
    return root.evaluate("(r, k) => JSON.parse(r.getAttribute('data-gd-config')).causes.find(c => c.key === k).label", key)


@pytest.mark.browser
def test_right_answer_is_called_right_and_reveals_the_setting(drill: tuple) -> None:
    _, root = drill
    first = state(root)
    assert first["round"] == 0 and first["answer"] is None and "What caused it?" in status(root)
    button(root, cause_label(root, first["cause"])).click()
    said = status(root)
    assert said.startswith("Right:") and first["setting"] in said and "Score: 1 of 1" in said
    after = state(root)
    assert (after["right"], after["answered"], after["answer"]) == (1, 1, first["cause"])
    assert button(root, cause_label(root, first["cause"])).get_attribute("data-verdict") == "answer"
    # a second answer to the same curve (a double click, say) changes nothing
    other = next(k for k in diagnosis.CAUSES if k != first["cause"])
    button(root, cause_label(root, other)).click()
    button(root, cause_label(root, other)).dblclick()
    assert status(root) == said and state(root)["answered"] == 1


@pytest.mark.browser
def test_wrong_answer_explains_the_true_cause_and_the_pick(drill: tuple) -> None:
    _, root = drill
    first = state(root)
    wrong = next(k for k in diagnosis.CAUSES if k != first["cause"])
    button(root, cause_label(root, wrong)).click()
    said = status(root)
    truth, mine = diagnosis.CAUSES[first["cause"]], diagnosis.CAUSES[wrong]
    assert said.startswith("Not quite:") and truth.name in said and truth.shape in said and truth.why in said
    assert f"You picked {mine.name}" in said and mine.shape in said
    assert first["setting"] in said and "Score: 0 of 1" in said
    assert button(root, cause_label(root, wrong)).get_attribute("data-verdict") == "wrong"
    assert button(root, cause_label(root, first["cause"])).get_attribute("data-verdict") == "answer"


@pytest.mark.browser
def test_next_curve_shows_a_new_curve_and_keeps_the_score(drill: tuple) -> None:
    _, root = drill
    config = root.evaluate("r => JSON.parse(r.getAttribute('data-gd-config'))")
    picture = root.evaluate("r => r.querySelector('canvas').toDataURL()")
    first = state(root)
    button(root, cause_label(root, first["cause"])).click()
    seen = {first["index"]}
    for k in range(1, 8):
        button(root, "Next curve").click()
        now = state(root)
        assert now["round"] == k and now["index"] == config["order"][k] and now["answer"] is None
        assert (now["right"], now["answered"]) == (1, 1)
        assert f"Curve {k + 1}:" in status(root)
        seen.add(now["index"])
    assert len(seen) == 8
    assert root.evaluate("r => r.querySelector('canvas').toDataURL()") != picture
    # the buttons forget the last answer's marks
    assert root.locator("[data-verdict]").count() == 0
    # rapid presses of Next: one round each, nothing erred
    for _ in range(20):
        button(root, "Next curve").click(delay=0)
    assert state(root)["round"] == 27


@pytest.mark.browser
def test_keyboard_alone_answers_and_moves_on(drill: tuple) -> None:
    probe, root = drill
    page = probe.page
    first = state(root)
    press_on(page, button(root, cause_label(root, first["cause"])), "Enter")
    assert status(root).startswith("Right:")
    press_on(page, button(root, "Next curve"), " ")
    second = state(root)
    assert second["round"] == 1
    wrong = next(k for k in diagnosis.CAUSES if k != second["cause"])
    press_on(page, button(root, cause_label(root, wrong)), " ")
    assert status(root).startswith("Not quite:") and "Score: 1 of 2" in status(root)


@pytest.mark.browser
def test_the_curve_is_described_in_words(drill: tuple) -> None:
    _, root = drill
    label = root.locator("canvas").get_attribute("aria-label") or ""
    assert label.startswith("A training-loss curve, on a log scale") and "step 0:" in label and label.count("step ") >= 3


def test_fallback_in_the_built_page(built_site) -> None:
    assert fallback_rows(built_site, PAGE, NAME) == len(diagnosis.CAUSES)


def test_light(built_site) -> None:
    """Its own script and styles stay small, and so does the widget on the page: every curve, setting and the fallback."""
    assert_light(built_site, NAME, ("loss-drill/loss-drill.js", "loss-drill/loss-drill.css"), 4_000, None, PAGE)
    weight = len(gzip.compress(fallback_html(built_site, PAGE, NAME).encode()))
    print(f"{NAME}: its root on the page (config with {len(diagnosis.cases(0))} curves, and the fallback) {weight} B gzip")
    assert weight < 16_000


@pytest.mark.browser
def test_a_tap_answers_and_moves_on_on_a_phone(phone_probe: PageProbe, site_url: str) -> None:
    root = open_drill(phone_probe, site_url)
    first = state(root)
    choice = button(root, cause_label(root, first["cause"]))
    choice.scroll_into_view_if_needed()
    choice.tap()
    assert status(root).startswith("Right:")
    onward = button(root, "Next curve")
    onward.scroll_into_view_if_needed()
    onward.tap()
    assert state(root)["round"] == 1 and "Curve 2:" in status(root)
