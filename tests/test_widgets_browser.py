"""Browser tests of the four widgets of lessons 1-4, on the built site in Chromium.

For each widget: mouse, touch and keyboard change what is drawn (the
canvas's pixels) and what is said (its status text); nothing errs in the
console and nothing is requested from another host. The browser's numbers
are the package's: the widget's own gradient descent is compared with
gdnotes.descent for several starts and rates (diverging ones too) to 1e-9,
and the learning-rate lab's regime with gdnotes.theory.regime. Bad input
gets a message, instant navigation re-initialises, and a redraw after a
slider move is timed. What every widget does alike (ready and labelled, a
phone, the dark palette, print, no JavaScript) is in test_widget_conformance.py.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np
import pytest
from _browser import PAGES, READY_TIMEOUT, SITE_URL, assert_same_document, assert_same_path, at_path, changed, changes_drawing_and_words, clean, click_and_state, fallback_html, fallback_rows, follow_footer, go_back, input_to_pixels, instant_site, js_path, open_widget, page_probe, picture, state, status, tab_to, wait_all_ready, wait_ready, wait_state, wait_status  # noqa: F401  (re-exported: other test files import these from here)
from _browser import js_paths
from _browser import nothing_erred  # noqa: F401  (autouse: after each test, nothing erred on its probe and phone_probe)
from _lessons_browser import Lesson, run_until
from conftest import PageProbe, open_probe

from gdnotes import descent, surfaces, tables, theory

pytestmark = pytest.mark.browser

MODULES = {name: f"assets/widgets/{name}/{name}.js" for name in PAGES}


# --------------------------------------------------------------------- what each widget does on a phone and without JavaScript
# (ready, labelled, room for the canvas, fitting a phone, the dark palette, printing: test_widget_conformance.py)


@pytest.mark.parametrize("name", list(PAGES))
def test_a_tap_changes_the_drawing_and_the_words(phone_probe: PageProbe, site_url: str, name: str) -> None:
    root = open_widget(phone_probe, site_url, name)
    canvas = root.locator("canvas.gd-canvas")
    cb = canvas.bounding_box()
    with changes_drawing_and_words(root):
        tap_it(root, canvas, cb, name)


def tap_it(root, canvas, cb: dict, name: str) -> None:
    """Tap widget ``name`` as a phone reader would: the scrubber's Next step, a rate typed into the lab, a point of the field or the surface."""
    if name == "scrubber":
        root.get_by_role("button", name=re.compile("Next step")).tap()
        assert state(root)["k"] == 1
    elif name == "lr-lab":
        box_input = root.get_by_label("or type α", exact=True)
        box_input.tap()
        box_input.fill("0.6")
        wait_state(root, "s.rate === 0.6")
        wait_status(root, "zigzags but converges")
    elif name == "gradient-field":
        canvas.tap(position={"x": cb["width"] * 0.25, "y": cb["height"] * 0.3})
        wait_status(root, r"^At \(w₁, w₂\) = \(−")
    else:
        canvas.tap(position={"x": cb["width"] * 0.45, "y": cb["height"] * 0.45})
        assert state(root)["start"] != [3.0, 2.0]


def test_without_javascript_the_scrubber_table_has_every_step(built_site: Path) -> None:
    fallback = fallback_html(built_site, PAGES["scrubber"], "scrubber")
    assert fallback_rows(built_site, PAGES["scrubber"], "scrubber") == 21 == len(re.findall(r"<tr [^>]*data-k=", fallback))


# --------------------------------------------------------------------- the same math
# These checks call a widget's functions and change nothing, so each widget's page is loaded once for all of them
# (``math_root``); the reduced-motion test and the redraw timings, which need no widget as first set up, come later in
# this file and use the same pages.


@pytest.fixture(scope="module")
def _math_pages(browser: object, site_url: str) -> Iterator[dict[str, tuple[PageProbe, object]]]:
    held: dict[str, tuple[PageProbe, object]] = {}
    yield held
    for probe, _ in held.values():
        probe.page.context.close()


@pytest.fixture
def math_root(browser: object, site_url: str, _math_pages: dict) -> Iterator[Callable[[str], object]]:
    """``math_root(name)``: the ready root of widget ``name`` on its page, loaded once a module (desktop size, real time);
    after the test nothing erred there."""
    used: list[PageProbe] = []

    def root_of(name: str):
        if name not in _math_pages:
            probe = open_probe(browser)
            _math_pages[name] = (probe, open_widget(probe, site_url, name))
        probe, root = _math_pages[name]
        used.append(probe)
        return root

    yield root_of
    for probe in used:
        errors, requests = list(probe.console_errors), list(probe.external_requests)
        probe.console_errors.clear()
        probe.external_requests.clear()
        assert errors == [] and requests == [], (errors, requests)


def test_explorer_path_is_the_package_path(math_root: Callable) -> None:
    root = math_root("surface-explorer")
    bowl = surfaces.get("bowl2d")
    cases = [(start, rate, 200) for start in [(3.0, 2.0), (-3.5, 2.5), (0.7, -2.9), (4.0, 3.0)] for rate in [0.01, 0.1, 0.3, 1 / 3, 0.34, 0.4, 1.9]]
    diverged = 0
    for (start, rate, steps), js in zip(cases, js_paths(root, cases), strict=True):
        path = descent.gradient_descent_path(bowl, rate, start, steps)
        diverged += bool(path.diverged[0])
        assert_same_path(js, path)
    assert diverged >= 8, "the cases should include diverging runs"


def test_lr_lab_path_is_the_package_path(math_root: Callable) -> None:
    root = math_root("lr-lab")
    cases = [(start, rate, 60) for start in [5.0, -2.5, 0.3, 1e-3] for rate in [0.01, 0.1, 0.5, 0.6, 1.0, 1.5, 3.7, 10.0]]
    diverged = 0
    for (start, rate, steps), js in zip(cases, js_paths(root, cases), strict=True):
        path = descent.gradient_descent_path("bowl1d", rate, start, steps)
        diverged += bool(path.diverged[0])
        assert_same_path(js, path)
    assert diverged >= 8


def test_lr_lab_regime_is_theory_regime(math_root: Callable) -> None:
    root = math_root("lr-lab")
    rates = [0.01, 0.1, 0.25, 0.4999999, 0.5, 0.5 * (1 + 1e-13), 0.5000001, 0.6, 0.75, 0.999, 1.0, 1 - 1e-13, 1.0000001, 1.2, 1.5, 5.0]
    rates += list(np.random.default_rng(7).uniform(0.001, 3.0, 200))
    js = root.evaluate("(r, rates) => rates.map(a => window.gdnotes.widgets.regimeOf(r, a))", rates)
    assert js == [theory.regime(rate) for rate in rates]
    assert set(js) == set(theory.REGIMES)


def test_scrubber_path_is_the_package_path(math_root: Callable) -> None:
    root = math_root("scrubber")
    cases = [(4.0, 0.1, 80), (4.0, 0.45, 80), (-3.0, 0.9, 80), (2.0, 1.2, 80)]
    for (start, rate, steps), js in zip(cases, js_paths(root, cases), strict=True):
        assert_same_path(js, descent.gradient_descent_path("bowl1d", rate, start, steps))


def test_numbers_are_written_as_the_tables_write_them(math_root: Callable) -> None:
    page = math_root("scrubber").page
    values = [4.0, 3.2, 0.046116860184273944, 1e-5, 123456.7, 2.5e7, -0.2, -1.678e-17, 0.0001, 999999.4, 1e6, 12.3456, -7.0, 0.1, 1 / 3, 5.7e-5, 8.485281374238571]
    js = page.evaluate("vs => vs.map(v => window.gdnotes.widgets.format(v))", values)
    assert js == [tables.number(v) for v in values]


def test_gradient_field_gradient_is_the_package_gradient(math_root: Callable) -> None:
    root = math_root("gradient-field")
    bowl = surfaces.get("bowl2d")
    points = [(3.0, 1.0), (0.0, 2.0), (0.0, 0.0), (-3.7, 2.9), (1.234, -0.567)]
    for point, js in zip(points, js_paths(root, [(point, 0.1, 0) for point in points]), strict=True):
        np.testing.assert_allclose(js["gradients"][0], bowl.gradient(point), rtol=1e-12, atol=1e-12)
        np.testing.assert_allclose(js["losses"][0], bowl.value(point), rtol=1e-12, atol=1e-12)


# --------------------------------------------------------------------- what a reader does with each widget
# Each test gets the widget as first set up (``fresh``), on its lesson's page loaded once a module, on Playwright's
# clock (a roll to its end runs on in page time: run_until); between tests the page goes back as loaded.


@pytest.fixture(scope="module")
def _lessons() -> Iterator[dict[str, Lesson]]:
    held: dict[str, Lesson] = {}
    yield held
    for lesson in held.values():
        lesson.close()


@pytest.fixture
def fresh(browser: object, site_url: str, built_site: Path, _lessons: dict[str, Lesson]) -> Iterator[Callable]:
    """``fresh(name)``: ``(probe, root)``, the widget ``name`` set up afresh on its page (``Lesson``); after the test nothing erred there."""
    used: list[Lesson] = []

    def open_fresh(name: str) -> tuple[PageProbe, object]:
        if name not in _lessons:
            _lessons[name] = Lesson(browser, site_url, built_site, PAGES[name], (name,), clock=True)
        lesson = _lessons[name]
        lesson.reset()
        used.append(lesson)
        return lesson.probe, lesson.open(name)

    yield open_fresh
    for lesson in used:
        clean(lesson.probe)


# --------------------------------------------------------------------- surface explorer


def test_explorer_drag_rotates_and_click_places_the_marble(fresh: Callable) -> None:
    probe, root = fresh("surface-explorer")
    page = probe.page
    root.scroll_into_view_if_needed()
    canvas = root.locator("canvas.gd-canvas")
    b = canvas.bounding_box()
    cx, cy = b["x"] + b["width"] / 2, b["y"] + b["height"] / 2
    first, view = picture(root), state(root)
    page.mouse.move(cx, cy)
    page.mouse.down()
    page.mouse.move(cx + 90, cy + 20, steps=6)
    page.mouse.up()
    turned = state(root)
    assert turned["yaw"] != view["yaw"] and turned["pitch"] != view["pitch"]
    assert turned["start"] == [3.0, 2.0], "a drag must not move the marble"
    assert picture(root) != first
    said = status(root)
    page.mouse.click(cx, cy + 10)
    placed = state(root)
    assert placed["phase"] == "placed" and placed["start"] != [3.0, 2.0]
    assert tables.number(placed["start"][0]) in status(root) and status(root) != said
    # the boxes show the new start
    assert float(root.get_by_label("Start w₁", exact=True).input_value()) == placed["start"][0]


def test_explorer_turns_under_a_finger(phone_probe: PageProbe, site_url: str) -> None:
    page = phone_probe.page
    root = open_widget(phone_probe, site_url, "surface-explorer")
    b = root.locator("canvas.gd-canvas").bounding_box()
    x, y = b["x"] + b["width"] / 2, b["y"] + b["height"] / 2
    before, scroll = state(root), page.evaluate("scrollY")
    touch = page.context.new_cdp_session(page)
    touch.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x, "y": y}]})
    for i in range(1, 7):
        touch.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [{"x": x - 12 * i, "y": y + 8 * i}]})
    touch.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    after = changed(page, lambda: state(root), before)
    assert after["yaw"] != before["yaw"] and after["pitch"] != before["pitch"], "a swipe should turn the surface"
    assert after["start"] == before["start"], "a swipe must not move the marble"
    assert page.evaluate("scrollY") == scroll, "turning the surface must not scroll the page"


def test_explorer_keyboard_rotates_and_releases(fresh: Callable) -> None:
    probe, root = fresh("surface-explorer")
    page = probe.page
    canvas = root.locator("canvas.gd-canvas")
    tab_to(page, canvas)
    first, view = picture(root), state(root)
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowUp")
    wait_state(root, f"s.yaw === {view['yaw'] + 10} && s.pitch === {view['pitch'] + 5}", timeout=3_000)
    assert changed(page, lambda: picture(root), first) != first
    page.keyboard.press("Enter")
    assert state(root)["phase"] == "rolling"
    run_until(page, root, "s.phase === 'done'")
    said = wait_status(root, "settled")
    # it stopped where the package says the gradient first gets shorter than the tolerance
    path = descent.gradient_descent_path("bowl2d", 0.1, (3.0, 2.0), 200)
    settle = int(np.flatnonzero(np.linalg.norm(path.gradients[:, 0, :], axis=1) < 1e-3)[0])
    assert state(root)["stop"] == settle and f"after {settle} steps" in said


def test_explorer_rate_diverges_cleanly_and_rejects_bad_input(fresh: Callable) -> None:
    probe, root = fresh("surface-explorer")
    page = probe.page
    box = root.get_by_label("or type α", exact=True)
    message = root.locator(".gd-message").first
    for typed, words in [("", "Type a learning rate"), ("abc", "is not a number"), ("-0.2", "greater than 0"), ("1e9", "too large")]:
        box.fill(typed)
        box.press("Enter")
        assert words in message.text_content()
        assert box.get_attribute("aria-invalid") == "true"
        assert state(root)["rate"] == 0.1, "a bad rate must leave the run alone"
    box.fill("0.4")
    assert message.text_content() == "" and box.get_attribute("aria-invalid") is None
    root.get_by_role("button", name="Release the marble").click()
    assert state(root)["phase"] == "rolling"
    run_until(page, root, "s.phase === 'done'")
    said = wait_status(root, "diverged")
    path = descent.gradient_descent_path("bowl2d", 0.4, (3.0, 2.0), 200)
    assert path.diverged[0] and f"step {int(path.diverged_at[0])}" in said
    assert state(root)["diverged"]
    # slider moves after a run redraw the whole new path at once
    slider = root.get_by_label("Learning rate α", exact=True)
    slider.fill("0.2")
    assert state(root)["phase"] == "done" and state(root)["rate"] == 0.2
    wait_status(root, "settled")


def test_explorer_start_boxes_check_their_input(fresh: Callable) -> None:
    probe, root = fresh("surface-explorer")
    box = root.get_by_label("Start w₂", exact=True)
    box.fill("-1.5")
    assert state(root)["start"] == [3.0, -1.5]
    assert "(3, −1.5)" in status(root)
    box.fill("9")
    box.press("Enter")
    assert "w₂ must be between −3 and 3" in root.locator(".gd-message").nth(1).text_content()
    assert state(root)["start"] == [3.0, -1.5]


# --------------------------------------------------------------------- learning-rate lab


def test_lr_lab_names_every_regime(fresh: Callable) -> None:
    probe, root = fresh("lr-lab")
    page = probe.page
    regime = root.locator(".gd-regime strong")
    assert regime.text_content() == theory.regime(0.1)
    slider = root.get_by_label("Learning rate α", exact=True)
    tab_to(page, slider)
    pictures = {picture(root)}
    page.keyboard.press("End")
    assert state(root)["rate"] == 1.5 and regime.text_content() == "diverges"
    pictures.add(picture(root))
    page.keyboard.press("Home")
    assert state(root)["rate"] == 0.01 and regime.text_content() == "converges"
    page.keyboard.press("ArrowRight")
    assert state(root)["rate"] == 0.02
    box = root.get_by_label("or type α", exact=True)
    for rate in [0.5, 0.6, 1.0, 1.2]:
        box.fill(str(rate))
        assert regime.text_content() == theory.regime(rate)
        said = wait_status(root, "^α = " + re.escape(tables.number(rate)) + ":")
        assert theory.regime(rate) in said
        pictures.add(picture(root))
    assert len(pictures) == 6, "each rate should draw a different run"
    # the words give the package's numbers
    box.fill("0.1")
    x25 = descent.gradient_descent_path("bowl1d", 0.1, 5.0, 25).positions[25, 0, 0]
    assert tables.number(x25) in wait_status(root, "^α = 0.1:")


def test_lr_lab_bad_input_gets_a_message(fresh: Callable) -> None:
    probe, root = fresh("lr-lab")
    box = root.get_by_label("or type α", exact=True)
    message = root.locator(".gd-message")
    regime = root.locator(".gd-regime strong")
    for typed, words in [
        ("", "Type a learning rate"),
        ("abc", "is not a number"),
        ("-1", "greater than 0"),
        ("0", "greater than 0"),
        ("1e9", "too large"),
        ("11", "too large"),
        ("Infinity", "is not a number"),
    ]:
        box.fill(typed)
        box.press("Enter")
        assert words in message.text_content(), typed
        assert message.is_visible() and box.get_attribute("aria-invalid") == "true"
        assert state(root)["rate"] == 0.1 and regime.text_content() == "converges"
    box.fill("0,6")  # a decimal comma is understood
    assert state(root)["rate"] == 0.6 and message.text_content() == ""


def test_lr_lab_diverging_run_ends_cleanly(fresh: Callable) -> None:
    probe, root = fresh("lr-lab")
    box = root.get_by_label("or type α", exact=True)
    box.fill("10")
    wait_state(root, "!s.playing")
    path = descent.gradient_descent_path("bowl1d", 10.0, 5.0, 25)
    stopped = int(path.diverged_at[0])
    assert state(root)["last"] == stopped and state(root)["shown"] == stopped
    assert "run stopped" in root.locator(".gd-readout").text_content()
    said = wait_status(root, "flew off")
    assert f"At step {stopped}" in said and "diverges" in said
    # the restarted run, seen before a loaded machine's frames can finish it
    after = click_and_state(root, root.get_by_role("button", name="Replay the run"))
    assert after["playing"] and after["shown"] == 0
    wait_state(root, "!s.playing")
    assert state(root)["shown"] == stopped


def test_reduced_motion_jumps_to_the_end(math_root: Callable) -> None:
    for name in ("lr-lab", "surface-explorer"):
        math_root(name).page.emulate_media(reduced_motion="reduce")
    try:
        root = math_root("lr-lab")
        root.get_by_label("or type α", exact=True).fill("0.6")
        s = state(root)
        assert s["shown"] == s["last"] and not s["playing"]
        root = math_root("surface-explorer")
        root.get_by_role("button", name="Release the marble").click()
        s = state(root)
        assert s["phase"] == "done" and s["shown"] == s["stop"]
    finally:
        for name in ("lr-lab", "surface-explorer"):
            math_root(name).page.emulate_media(reduced_motion="null")


# --------------------------------------------------------------------- scrubber


def test_scrubber_keyboard_buttons_rows_and_drag(fresh: Callable) -> None:
    probe, root = fresh("scrubber")
    page = probe.page
    path = descent.gradient_descent_path("bowl1d", 0.1, 4.0, 20)
    slider = root.get_by_label("Step k", exact=True)
    tab_to(page, slider)
    first = picture(root)
    for _ in range(3):
        page.keyboard.press("ArrowRight")
    assert state(root)["k"] == 3
    row = root.locator("tr.gd-current")
    assert row.count() == 1 and row.get_attribute("data-k") == "3" and row.get_attribute("aria-current") == "true"
    said = status(root)
    w3, w4 = path.positions[3, 0, 0], path.positions[4, 0, 0]
    assert said.startswith("Step k = 3 of 20") and tables.number(w3) in said and tables.number(w4) in said
    assert picture(root) != first
    root.get_by_role("button", name=re.compile("Next step")).click()
    assert state(root)["k"] == 4
    root.get_by_role("button", name=re.compile("Previous step")).click()
    assert state(root)["k"] == 3
    slider.focus()
    page.keyboard.press("End")
    assert state(root)["k"] == 20 and root.get_by_role("button", name=re.compile("Next step")).is_disabled()
    assert root.locator('tr[data-k="20"]').is_visible(), "the current row should scroll into view"
    page.keyboard.press("Home")
    assert state(root)["k"] == 0 and root.get_by_role("button", name=re.compile("Previous step")).is_disabled()
    root.locator('tr[data-k="7"]').click()
    assert state(root)["k"] == 7
    # drag along the curve, from the marble at k = 0 towards the bottom; clicking row 7 may
    # have scrolled the page to show that row, so bring the canvas back (clear of the fixed header)
    slider.fill("0")
    canvas = root.locator("canvas.gd-canvas")
    canvas.evaluate("c => c.scrollIntoView({block: 'center'})")
    b = canvas.bounding_box()
    assert b["y"] >= 0 and b["y"] + b["height"] <= page.viewport_size["height"], "the canvas should be in view"
    page.mouse.move(b["x"] + b["width"] * 0.93, b["y"] + b["height"] * 0.3)
    page.mouse.down()
    page.mouse.move(b["x"] + b["width"] * 0.6, b["y"] + b["height"] * 0.5, steps=5)
    page.mouse.up()
    assert state(root)["k"] > 5


# --------------------------------------------------------------------- gradient field


def test_gradient_field_hover_keyboard_and_typing(fresh: Callable) -> None:
    probe, root = fresh("gradient-field")
    page = probe.page
    bowl = surfaces.get("bowl2d")
    canvas = root.locator("canvas.gd-canvas")
    first = picture(root)
    b = canvas.bounding_box()
    page.mouse.move(b["x"] + b["width"] * 0.3, b["y"] + b["height"] * 0.7)
    point = state(root)["point"]
    assert point[0] < 0 and point[1] < 0
    assert picture(root) != first
    gradient = bowl.gradient(point)
    readout = root.locator(".gd-readout").text_content()
    assert f"∇L = ({tables.number(gradient[0])}, {tables.number(gradient[1])})" in readout
    said = wait_status(root, r"^At \(w₁, w₂\) = \(−")
    assert f"∂L/∂w₁ = {tables.number(gradient[0])}" in said and "descent direction" in said
    # keyboard: the arrows move the point by a quarter
    tab_to(page, canvas)
    page.keyboard.press("Home")
    page.keyboard.press("ArrowLeft")
    assert state(root)["point"] == [2.75, 1.0]
    said = wait_status(root, r"\(2\.75, 1\)")
    assert "∇L = (5.5, 6)" in said
    # typed coordinates, good and bad
    root.get_by_label("Point w₁", exact=True).fill("0")
    root.get_by_label("Point w₂", exact=True).fill("2")
    assert state(root)["point"] == [0.0, 2.0]
    assert "∇L = (0, 12)" in wait_status(root, r"\(0, 2\)")
    box = root.get_by_label("Point w₂", exact=True)
    box.fill("banana")
    box.press("Enter")
    assert "not a number" in root.locator(".gd-message").text_content()
    box.fill("0")
    root.get_by_label("Point w₁", exact=True).fill("0")
    assert "flat" in wait_status(root, r"\(0, 0\)")


# --------------------------------------------------------------------- navigation, weight, speed


def live_equals_widgets_here(page) -> bool:
    """Once every widget of the page is ready, the running widgets are exactly this page's (lesson 4 has two)."""
    wait_all_ready(page)
    return page.evaluate("window.gdnotes.widgets.live() === document.querySelectorAll('[data-gd-widget]').length")


def test_widgets_survive_instant_navigation(browser: object, built_site: Path) -> None:
    with instant_site(browser, built_site, PAGES["surface-explorer"]) as (probe, documents):
        page = probe.page
        wait_ready(page, "surface-explorer")
        assert page.locator('[data-gd-widget="surface-explorer"]').count() == 1
        for name in ["gradient-field", "scrubber", "lr-lab"]:
            follow_footer(page, "next", PAGES[name], name)
            assert_same_document(page)
            assert live_equals_widgets_here(page), "widgets of pages left behind are still running"
        for name in ["scrubber", "gradient-field", "surface-explorer"]:
            go_back(page, PAGES[name], name)
            assert live_equals_widgets_here(page)
        assert documents == [SITE_URL + PAGES["surface-explorer"]], f"pages were reloaded: {documents}"
        root = page.locator('[data-gd-widget="surface-explorer"]')
        root.get_by_role("button", name="Release the marble").click()
        wait_state(root, "s.phase === 'done'")
        assert_same_document(page)


def test_widget_code_loads_only_where_needed(probe: PageProbe, site_url: str) -> None:
    requested: list[str] = []
    probe.page.on("request", lambda request: requested.append(request.url))
    for name, page_path in PAGES.items():
        requested.clear()
        open_widget(probe, site_url, name)
        probe.page.wait_for_load_state("networkidle")
        loaded = {m for m, path in MODULES.items() if any(url.endswith(path) for url in requested)}
        assert loaded == {name}, f"{page_path} loaded {loaded}"
    requested.clear()
    probe.page.goto(site_url + "reference/glossary/", wait_until="networkidle")
    assert not any(url.endswith(path) for url in requested for path in MODULES.values())


TIMED_MOVES = {
    "lr-lab": [0.05 + 0.09 * i for i in range(16)],
    "surface-explorer": [0.02 + 0.023 * i for i in range(16)],
    "scrubber": [i % 21 for i in range(3, 19)],
}


@pytest.mark.parametrize("name", ["lr-lab", "surface-explorer", "scrubber", "gradient-field"])
def test_redraw_after_a_move_is_fast(math_root: Callable, name: str) -> None:
    """Time the reader's move from the input event to pixels (forced out with getImageData): median under 16 ms."""
    root = math_root(name)
    if name == "surface-explorer":
        # the run drawn whole at once (reduced motion) instead of rolled for four seconds: the moves below redraw it
        root.page.emulate_media(reduced_motion="reduce")
        root.get_by_role("button", name="Release the marble").click()
        assert state(root)["phase"] == "done"
        root.page.emulate_media(reduced_motion="null")
    if name == "gradient-field":
        timings = root.evaluate(
            """r => {
                const canvas = r.querySelector('canvas.gd-canvas');
                const rect = canvas.getBoundingClientRect();
                const ctx = canvas.getContext('2d');
                const out = [];
                for (let i = 0; i < 19; i++) {
                    const t0 = performance.now();
                    canvas.dispatchEvent(new PointerEvent('pointermove', {
                        pointerType: 'mouse', bubbles: true,
                        clientX: rect.left + rect.width * (0.1 + 0.04 * i), clientY: rect.top + rect.height * (0.2 + 0.03 * i)}));
                    ctx.getImageData(0, 0, 1, 1);
                    out.push(performance.now() - t0);
                }
                return out;
            }"""
        )
    else:
        values = TIMED_MOVES[name]
        timings = input_to_pixels(root, [*values[:3], *values], warmup=0)
    timings = timings[3:]  # the first moves warm up the JIT
    draws = root.evaluate("r => window.gdnotes.widgets.timings(r)")
    median = statistics.median(timings)
    print(
        f"\n{name}: input-to-pixels median {median:.2f} ms, max {max(timings):.2f} ms over {len(timings)} moves; "
        f"draw alone median {statistics.median(draws):.2f} ms"
    )
    assert median < 16, f"{name}: a redraw takes {median:.1f} ms"
