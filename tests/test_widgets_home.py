"""Browser tests of the home page's marble, on the built site in Chromium.

The page's gradient descent is gdnotes.descent.run's (several starts and
rates, diverging ones too, to 1e-9), and the regime it names is
gdnotes.widgets.marble_regime's. A click drops the marble: the path is
drawn and the status line says the step count, the loss and the regime; a
large rate is said to diverge; the keyboard moves the drop point and drops;
repeated drops and the slider's extremes raise no console error; with
reduced motion a drop jumps to the end. What every widget does alike is in
test_widget_conformance.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from _browser import assert_bad_input_refused, assert_light, assert_same_path, button, clean, js_paths, open_widget, picture, press_on, state, status, wait_state, wait_status
from _browser import nothing_erred  # noqa: F401  (autouse: after each test, nothing erred on its probe and phone_probe)
from _lessons_browser import Lesson, run_until
from conftest import PageProbe

from gdnotes import descent, tables, widgets

pytestmark = pytest.mark.browser

NAME = "marble"
HOME = ""


@pytest.fixture(scope="module")
def home(browser: object, site_url: str, built_site: Path) -> Iterator[Lesson]:
    """The home page at desktop size, loaded once for the desktop tests, on Playwright's clock (a drop's roll runs to its end in page time)."""
    page = Lesson(browser, site_url, built_site, HOME, (NAME,), clock=True)
    yield page
    page.close()


@pytest.fixture
def marble(home: Lesson) -> Iterator[tuple[PageProbe, object]]:
    """``(probe, root)``: a marble as first set up (its root put back as built and set up again) on the shared home page;
    afterwards nothing erred. A test may emulate reduced motion first and call ``home.open`` again."""
    home.reset()
    yield home.probe, home.open(NAME)
    clean(home.probe)


def open_marble(probe: PageProbe, site_url: str, clock: bool = False):
    """The marble on the home page, ready; with ``clock``, on Playwright's clock, so that a test can run a drop to
    its end in page time (``run_until``) instead of waiting seconds for it to roll."""
    if clock:
        probe.page.clock.install()
    return open_widget(probe, site_url, NAME, HOME)


def settled_step(start, rate: float, steps: int = 120, tolerance: float = 1e-3) -> int | None:
    path = descent.gradient_descent_path("bowl2d", rate, start, steps)
    norms = np.linalg.norm(path.gradients[:, 0, :], axis=1)
    below = np.flatnonzero(norms < tolerance)
    return int(below[0]) if below.size else None


def test_the_pages_path_is_the_packages_path(marble: tuple) -> None:
    probe, root = marble
    cases = [(start, rate, 120) for start in [(-3.5, 2.5), (1.8, 2.2), (4.0, -3.0), (-0.5, 0.0)] for rate in [0.01, 0.1, 0.25, 1 / 3, 0.36, 0.4, 2.0]]
    diverged = 0
    for (start, rate, steps), js in zip(cases, js_paths(root, cases), strict=True):
        path = descent.gradient_descent_path("bowl2d", rate, start, steps)
        diverged += bool(path.diverged[0])
        assert_same_path(js, path)
    assert diverged >= 6, "the cases should include diverging runs"


def test_the_pages_regime_is_the_packages(marble: tuple) -> None:
    probe, root = marble
    box = root.get_by_label("or type α", exact=True)
    for rate in ["0.01", "0.1", "0.2", "0.3", "0.35", "0.6", "2"]:
        box.fill(rate)
        wait_state(root, f"s.rate === {float(rate)}")
        assert state(root)["regime"] == widgets.marble_regime("bowl2d", (-3.5, 2.5), float(rate))


def test_a_click_drops_the_marble_and_says_steps_and_loss(marble: tuple) -> None:
    probe, root = marble
    canvas = root.locator("canvas.gd-canvas")
    box = canvas.bounding_box()
    before = picture(root)
    canvas.click(position={"x": box["width"] * 0.5, "y": box["height"] * 0.5})
    run_until(probe.page, root, "s.phase === 'done'")
    s = state(root)
    assert s["start"] == s["cursor"] and s["settled"]
    assert s["stop"] == settled_step(s["start"], 0.1)
    path = descent.gradient_descent_path("bowl2d", 0.1, s["start"], 120)
    said = status(root)
    assert f"settled after {s['stop']} steps" in said
    assert f"loss {tables.number(float(path.losses[s['stop'], 0]))}" in said
    assert said.endswith("— converging.")
    assert picture(root) != before, "the path should be drawn"


def test_a_large_rate_is_said_to_diverge(marble: tuple) -> None:
    probe, root = marble
    root.get_by_label("or type α", exact=True).fill("0.38")
    wait_status(root, "diverging")  # before a drop: what a drop from the ring would do
    button(root, "Drop the marble").click()
    run_until(probe.page, root, "s.phase === 'done'")
    assert state(root)["diverged"]
    said = wait_status(root, r"diverged at step \d+")
    assert "— diverging." in said
    # the slider's extremes redraw the same drop at once, without error
    slider = root.locator("input[type=range]")
    for value in ["0.4", "0.01", "0.4"]:
        slider.fill(value)
        wait_state(root, f"s.rate === {value} && s.phase === 'done'")
    assert "diverging" in status(root)
    # a typed rate that is not one is refused with a message, and the drop stays as it was
    cases = [("0", "greater than 0"), ("-1", "greater than 0"), ("fast", "not a number"), ("1e9", "at most 2")]
    assert_bad_input_refused(root, root.get_by_label("or type α", exact=True), cases, lambda s: (s["rate"], s["stop"]), (0.4, state(root)["stop"]))


def test_keyboard_moves_the_drop_point_and_drops(marble: tuple) -> None:
    probe, root = marble
    page = probe.page
    canvas = root.locator("canvas.gd-canvas")
    first = picture(root)
    press_on(page, canvas, "ArrowRight")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowDown")
    assert state(root)["cursor"] == [-2.5, 2.0]
    assert picture(root) != first
    wait_status(root, r"^Drop point \(w₁, w₂\) = \(−2\.5, 2\)")
    page.keyboard.press("Shift+ArrowUp")
    assert state(root)["cursor"] == [-2.5, 2.1]
    page.keyboard.press("Enter")
    assert state(root)["phase"] in ("rolling", "done")
    page.keyboard.press(" ")  # a second drop while the first rolls starts it again
    run_until(page, root, "s.phase === 'done'")
    assert state(root)["start"] == [-2.5, 2.1]
    wait_status(root, rf"settled after {settled_step((-2.5, 2.1), 0.1)} steps")
    for _ in range(12):
        page.keyboard.press("ArrowLeft")
    assert state(root)["cursor"] == [-4.0, 2.1], "the drop point stays on the surface"
    page.keyboard.press("Home")
    assert state(root)["cursor"] == [-3.5, 2.5]


def test_with_reduced_motion_a_drop_jumps_to_the_end(home: Lesson, marble: tuple) -> None:
    probe, _ = marble
    probe.page.emulate_media(reduced_motion="reduce")
    root = home.open(NAME)  # set up again, now with reduced motion
    assert state(root)["phase"] == "ready", "nothing moves by itself"
    button(root, "Drop the marble").click()
    s = state(root)
    assert s["phase"] == "done" and s["shown"] == s["stop"] == settled_step((-3.5, 2.5), 0.1)
    assert probe.console_errors == []


def test_a_tap_on_a_phone_drops_it(phone_probe: PageProbe, site_url: str) -> None:
    root = open_marble(phone_probe, site_url, clock=True)
    canvas = root.locator("canvas.gd-canvas")
    box = canvas.bounding_box()
    canvas.tap(position={"x": box["width"] * 0.6, "y": box["height"] * 0.5})
    run_until(phone_probe.page, root, "s.phase === 'done'")
    assert "settled after" in status(root)


def test_the_code_is_light(built_site: Path) -> None:
    assert_light(built_site, NAME, ("marble/marble.js", "lib/surface3d.js"), 6_000, 18_000, page=HOME)
