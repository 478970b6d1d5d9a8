"""The two widgets of lesson 6: the non-convex stepper and the multi-start marbles.

Package side: the HTML and config of gdnotes.widgets.nonconvex_stepper and
gdnotes.widgets.multi_start, their fallbacks (the package's numbers), the
rule gdnotes.widgets.settling that says where a run ends, and clear errors
for bad arguments.

Browser side, on the built site in Chromium: buttons, clicks, taps and keys
change what is drawn and said; bad typed input gets a message; a diverging
run ends cleanly; the basins take the dark palette's colours; instant
navigation sets them up again; and the browser's numbers are the package's
(paths to 1e-9, where each run settles exactly). Redraw times and the
code's weight are measured; the fallback tables' rows counted in the built
page. What every widget does alike (ready, labelled, a phone, the dark
palette, no JavaScript) is in test_widget_conformance.py.
"""

from __future__ import annotations

import re
import statistics
from pathlib import Path

import numpy as np
import pytest
import sympy as sp
from _browser import SITE_URL, assert_canvas_room, assert_light, assert_repaints_in_the_dark, assert_same_document, assert_same_path, button, changes_drawing_and_words, fallback_rows, follow_footer, go_back, input_to_pixels, instant_site, page_probe, picture, state, status, tab_to, wait_ready, wait_state, wait_status, widget_config
from _browser import nothing_erred  # noqa: F401  (autouse: after each test, nothing erred on its probe and phone_probe)
from _lessons_browser import Lesson, packed, run_until, shared_page
from conftest import PageProbe

from gdnotes import basins, descent, optimizers, surfaces, tables, widgets

PAGE = "lessons/06-landscape-fights-back/"
NAMES = ("nonconvex-stepper", "multi-start")
WELL = surfaces.get("double_well")
HILLS = surfaces.get("tilted_himmelblau")
_X = sp.Symbol("x", real=True)
NO_MINIMA = surfaces.Surface("cubic", "A cubic", _X**3, (_X,), ((-1.0, 1.0),))


# ===================================================================== package side


@pytest.fixture(scope="module")
def pages() -> dict[str, str]:
    return {"nonconvex-stepper": widgets.nonconvex_stepper(), "multi-start": widgets.multi_start()}


@pytest.mark.parametrize("name", NAMES)
def test_root_name_and_config(pages: dict[str, str], name: str) -> None:
    html = pages[name]
    config = widget_config(html, name, style=name == "multi-start")
    assert config["divergenceLimit"] == descent.DIVERGENCE_LIMIT
    surface = surfaces.get(config["surface"]["name"])
    assert config["surface"]["value"] == surface.javascript["value"]
    assert config["surface"]["gradient"] == surface.javascript["gradient"]
    # the minima are the surface's, deepest first, named as the basins module names them
    assert [m["point"] for m in config["minima"]] == [list(m) for m in surface.minima]
    assert [m["name"] for m in config["minima"]] == [basins.label_name(surface, i) for i in range(len(surface.minima))]
    losses = [m["loss"] for m in config["minima"]]
    assert losses == sorted(losses) and config["minima"][0]["kind"] == "global"
    assert "<table>" in html and "JavaScript" in html
    assert html == (widgets.nonconvex_stepper() if name == "nonconvex-stepper" else widgets.multi_start()), "not reproducible"


def test_stepper_fallback_is_the_run(pages: dict[str, str]) -> None:
    html = pages["nonconvex-stepper"]
    config = widgets.config(html)
    assert (config["start"], config["learningRate"], config["steps"], config["tolerance"]) == (2.3, 0.1, 500, 1e-6)
    low, high, _ = config["rateRange"]
    bend = sp.lambdify(WELL.variables, sp.diff(WELL.expression, WELL.variables[0], 2))
    limits = [2 / bend(m) for (m,) in WELL.minima]
    assert low <= 0.1 <= high and high > max(limits), "the slider must reach past both minima's stable limits"
    path = descent.gradient_descent_path(WELL, 0.1, 2.3, 500)
    rows = re.findall(r"<tr><td>(\d+)</td><td>([^<]*)</td><td>([^<]*)</td><td>([^<]*)</td></tr>", html)
    assert len(rows) == 7
    for k, x, loss, slope in rows:
        k = int(k)
        assert (x, loss, slope) == tuple(
            tables.number(v) for v in (path.positions[k, 0, 0], path.losses[k, 0], path.gradients[k, 0, 0])
        )
    (label,), (step,) = widgets.settling(path, 1e-6)
    assert label == 1 and f"settles in the local minimum after {step} steps" in html
    assert tables.number(WELL.minima[1][0]) in html


def test_multi_start_fallback_is_where_the_starts_end(pages: dict[str, str]) -> None:
    html = pages["multi-start"]
    config = widgets.config(html)
    assert (config["learningRate"], config["steps"], config["tolerance"]) == (0.05, 200, 1e-3)
    assert config["batch"] == 8 and config["maxMarbles"] >= config["batch"]
    starts = [(0.3, -4.5), (-0.5, 4.5), (0.0, 0.0), (4.5, 0.2), (-4.5, -0.5)]
    labels = basins.outcomes(HILLS, optimizers.gradient_descent(0.05), starts, 200)
    rows = re.findall(r"<tr><td>([^<]*)</td><td>([^<]*)</td><td>([^<]*)</td><td>([^<]*)</td></tr>", html)
    assert [int(row[1]) for row in rows] == [int(label) + 1 for label in labels]
    assert len(set(labels)) == 4 and "end in 4 different minima" in html
    levels = config["levels"]
    assert levels == sorted(levels) and len(set(levels)) == len(levels)


def test_settling_agrees_with_the_basin_labels() -> None:
    starts = np.linspace(-2.4, 2.4, 41)
    for rate in (0.05, 0.3, 0.45, 0.6, 1.0):
        path = descent.gradient_descent_path(WELL, rate, starts, 300)
        labels, steps = widgets.settling(path, 1e-6)
        expected = basins.outcomes(WELL, optimizers.gradient_descent(rate), starts, 300, 1e-6)
        np.testing.assert_array_equal(labels, expected)
        for i, (label, step) in enumerate(zip(labels, steps)):
            if label >= 0:
                distance = np.abs(path.positions[:, i, 0] - WELL.minima[label][0])
                assert np.all(distance[step:] <= 1e-6) and (step == 0 or distance[step - 1] > 1e-6)
            elif label == basins.DIVERGED:
                assert step == path.diverged_at[i]
            else:
                assert step == 300
    assert {int(v) for v in labels} >= {basins.DIVERGED}


@pytest.mark.parametrize(
    ("call", "error", "words"),
    [
        (lambda: widgets.nonconvex_stepper(surface=3), TypeError, "surface"),
        (lambda: widgets.nonconvex_stepper(surface="bowl2d"), ValueError, "1-D"),
        (lambda: widgets.nonconvex_stepper(surface=NO_MINIMA, start=0.5), ValueError, "minima"),
        (lambda: widgets.nonconvex_stepper(start=3.0), ValueError, "start"),
        (lambda: widgets.nonconvex_stepper(start="2"), TypeError, "start"),
        (lambda: widgets.nonconvex_stepper(start=float("nan")), ValueError, "start"),
        (lambda: widgets.nonconvex_stepper(learning_rate=0), ValueError, "learning_rate"),
        (lambda: widgets.nonconvex_stepper(learning_rate=2.0), ValueError, "rate_range"),
        (lambda: widgets.nonconvex_stepper(steps=0), ValueError, "steps"),
        (lambda: widgets.nonconvex_stepper(steps=2.5), TypeError, "steps"),
        (lambda: widgets.nonconvex_stepper(max_typed_rate=0.5), ValueError, "max_typed_rate"),
        (lambda: widgets.nonconvex_stepper(tolerance=-1e-6), ValueError, "tolerance"),
        (lambda: widgets.nonconvex_stepper(table_steps=0), ValueError, "table_steps"),
        (lambda: widgets.nonconvex_stepper(steps=5, table_steps=6), ValueError, "table_steps"),
        (lambda: widgets.multi_start(surface="double_well"), ValueError, "2-D"),
        (lambda: widgets.multi_start(surface="saddle"), ValueError, "minima"),
        (lambda: widgets.multi_start(learning_rate=-0.05), ValueError, "learning_rate"),
        (lambda: widgets.multi_start(rate_range=(0.3, 0.005, 0.005)), ValueError, "rate_range"),
        (lambda: widgets.multi_start(starts=[(9.0, 0.0)]), ValueError, "starts[0]"),
        (lambda: widgets.multi_start(starts="here"), TypeError, "starts"),
        (lambda: widgets.multi_start(seed=-1), ValueError, "seed"),
        (lambda: widgets.multi_start(seed=2**32), ValueError, "seed"),
        (lambda: widgets.multi_start(seed=1.5), TypeError, "seed"),
        (lambda: widgets.multi_start(batch=0), ValueError, "batch"),
        (lambda: widgets.multi_start(batch=10, max_marbles=5), ValueError, "max_marbles"),
        (lambda: widgets.multi_start(steps=True), TypeError, "steps"),
        (lambda: widgets.settling("path"), TypeError, "path"),
        (lambda: widgets.settling(descent.gradient_descent_path("double_well", 0.1, 1.0, 5), 0), ValueError, "tolerance"),
    ],
)
def test_bad_arguments_fail_clearly(call, error: type, words: str) -> None:
    with pytest.raises(error, match=re.escape(words)):
        call()


# ===================================================================== browser side


# Lesson 6, loaded once for this module's desktop tests; each sets both widgets up afresh (``lesson.open``). On
# Playwright's clock: steps and marbles roll to their ends in page time (``run_until``), not in real seconds.
# (_lessons_browser.shared_page: each test's page is put back as loaded)
lesson, probe = shared_page(PAGE, NAMES, clock=True)


def open_lesson(probe: PageProbe, site_url: str, name: str):
    """Lesson 6 with both widgets ready (loaded, unless the page is on it already); return the root of widget ``name``, scrolled into view."""
    page = probe.page
    if not page.url.startswith(site_url + PAGE):
        response = page.goto(site_url + PAGE)
        assert response is not None and response.ok
    wait_ready(page, *NAMES)
    root = page.locator(f'[data-gd-widget="{name}"]')
    assert root.count() == 1
    root.locator("canvas.gd-canvas").scroll_into_view_if_needed()
    return root


def at_point(root, point) -> dict:
    """The canvas position (CSS px) of the data point ``point`` of a widget's plot."""
    s = state(root)
    box, surface = s["box"], root.evaluate("r => JSON.parse(r.dataset.gdConfig).surface.bounds")
    (x0, x1) = surface[0]
    x = box["left"] + (point[0] - x0) / (x1 - x0) * box["width"]
    if len(point) == 1:
        return {"x": x, "y": box["top"] + box["height"] / 2}
    (y0, y1) = surface[1]
    return {"x": x, "y": box["top"] + box["height"] - (point[1] - y0) / (y1 - y0) * box["height"]}


def settled_where(surface, rate: float, start, steps: int, tolerance: float) -> tuple[int, int]:
    (label,), (step,) = widgets.settling(descent.gradient_descent_path(surface, rate, start, steps), tolerance)
    return int(label), int(step)


# --------------------------------------------------------------------- stepper


def test_stepper_steps_runs_and_resets(probe: PageProbe, lesson: Lesson) -> None:
    root = lesson.open("nonconvex-stepper")
    path = descent.gradient_descent_path(WELL, 0.1, 2.3, 500)
    label, settle = settled_where(WELL, 0.1, 2.3, 500, 1e-6)
    first, said = picture(root), status(root)
    assert said.startswith("At the start: x₀ = 2.3") and tables.number(path.positions[1, 0, 0]) in said
    button(root, "Step").click()
    run_until(probe.page, root, "s.k === 1 && !s.moving")
    assert state(root)["x"] == pytest.approx(path.positions[1, 0, 0], rel=1e-12)
    assert picture(root) != first and status(root) != said
    assert status(root).startswith(f"Step 1: x = {tables.number(path.positions[1, 0, 0])}")
    readout = root.locator(".gd-readout").text_content()
    assert f"f′(x) = {tables.number(path.gradients[1, 0, 0])}" in readout and "step 1" in readout
    while state(root)["k"] < settle:
        button(root, "Run 10 steps").click()
        run_until(probe.page, root, "!s.moving")
    s = state(root)
    assert s["k"] == min(1 + 10 * -(-(settle - 1) // 10), 500) and s["settle"] == settle and s["label"] == label == 1
    assert s["x"] == pytest.approx(path.positions[s["k"], 0, 0], rel=1e-9, abs=1e-12)
    said = wait_status(root, "settled in the local minimum")
    assert f"from step {settle} on" in said
    assert root.locator(".gd-regime strong").text_content() == "settled in the local minimum"
    button(root, "Reset").click()
    assert state(root)["k"] == 0 and status(root).startswith("At the start")


def test_stepper_by_keyboard(probe: PageProbe, lesson: Lesson) -> None:
    page = probe.page
    root = lesson.open("nonconvex-stepper")
    step = button(root, "Step")
    tab_to(page, step)
    page.keyboard.press("Enter")
    run_until(probe.page, root, "s.k === 1 && !s.moving")
    page.keyboard.press("Space")
    run_until(probe.page, root, "s.k === 2 && !s.moving")
    slider = root.get_by_label("Start x₀", exact=True)
    tab_to(page, slider)
    page.keyboard.press("ArrowLeft")
    s = state(root)
    assert s["start"] == 2.25 and s["k"] == 0, "a new start begins a new run"
    assert root.get_by_label("or type x₀", exact=True).input_value() == "2.25"
    rate = root.get_by_label("Learning rate α", exact=True)
    rate.focus()
    page.keyboard.press("ArrowRight")
    assert state(root)["rate"] == 0.11
    assert wait_status(root, "^At the start: x₀ = 2.25")


def test_stepper_jumps_the_hump_and_diverges_cleanly(probe: PageProbe, lesson: Lesson) -> None:
    root = lesson.open("nonconvex-stepper")
    rate = root.get_by_label("or type α", exact=True)
    rate.fill("0.3")
    button(root, "Run 10 steps").click()
    run_until(probe.page, root, "!s.moving")
    button(root, "Run 10 steps").click()
    run_until(probe.page, root, "!s.moving")
    label, settle = settled_where(WELL, 0.3, 2.3, 500, 1e-6)
    assert label == 0 and state(root)["k"] == 20 >= settle
    assert "settled in the global minimum" in status(root)
    # a learning rate far too large: the run flies off and is stopped at the package's step
    rate.fill("1")
    path = descent.gradient_descent_path(WELL, 1.0, 2.3, 500)
    stopped = int(path.diverged_at[0])
    assert stopped > 0
    button(root, "Run 10 steps").click()
    run_until(probe.page, root, "!s.moving")
    s = state(root)
    assert s["k"] == s["last"] == stopped and s["label"] == basins.DIVERGED
    said = wait_status(root, "diverged")
    assert said.startswith(f"Step {stopped}:") and "smaller α" in said
    assert button(root, "Step").is_disabled() and button(root, "Run 10 steps").is_disabled()
    assert root.locator(".gd-regime strong").text_content().startswith("diverged")
    assert "f′(x) = —" in root.locator(".gd-readout").text_content()
    button(root, "Reset").click()
    assert not button(root, "Step").is_disabled()


def test_stepper_bad_input_gets_a_message(probe: PageProbe, lesson: Lesson) -> None:
    root = lesson.open("nonconvex-stepper")
    start = root.get_by_label("or type x₀", exact=True)
    rate = root.get_by_label("or type α", exact=True)
    messages = root.locator(".gd-message")
    for box, typed, words in [
        (start, "", "Type a number for the start x₀"),
        (start, "abc", "is not a number"),
        (start, "-9", "must be between −2.4 and 2.4"),
        (start, "1e9", "must be between"),
        (start, "NaN", "is not a number"),
        (rate, "", "Type a learning rate"),
        (rate, "-0.2", "greater than 0"),
        (rate, "zero", "is not a number"),
        (rate, "1e9", "too large"),
    ]:
        box.fill(typed)
        box.press("Enter")
        text = " ".join(m.text_content() for m in messages.all())
        assert words in text, (typed, text)
        assert box.get_attribute("aria-invalid") == "true"
        s = state(root)
        assert (s["start"], s["rate"], s["k"]) == (2.3, 0.1, 0), "bad input must leave the run alone"
        box.fill("2.3" if box == start else "0.1")
    start.fill("-1,5")  # a decimal comma is understood
    assert state(root)["start"] == -1.5 and all(m.text_content() == "" for m in messages.all())


# --------------------------------------------------------------------- multi-start


def test_multi_start_click_drops_a_marble_that_settles(probe: PageProbe, lesson: Lesson) -> None:
    root = lesson.open("multi-start")
    first, said = picture(root), status(root)
    root.locator("canvas.gd-canvas").click(position=at_point(root, (0.0, 0.0)))
    s = state(root)
    assert len(s["marbles"]) == 1
    marble = s["marbles"][0]
    assert marble["start"] == pytest.approx([0.0, 0.0], abs=0.02)
    assert status(root).startswith("Marble 1 dropped at") and picture(root) != first
    label, step = settled_where(HILLS, 0.05, marble["start"], 200, 1e-3)
    assert (marble["label"], marble["step"]) == (label, step)
    run_until(probe.page, root, "!s.moving && s.marbles[0].shown === s.marbles[0].end")
    said = wait_status(root, "settled")
    assert said == f"Marble 1 settled in minimum {label + 1} after {step} steps."
    items = root.locator("ul.gd-basins li strong")
    assert [items.nth(i).text_content() for i in range(4)] == ["1" if i == label else "0" for i in range(4)]


def test_multi_start_by_keyboard(probe: PageProbe, lesson: Lesson) -> None:
    page = probe.page
    root = lesson.open("multi-start")
    canvas = root.locator("canvas.gd-canvas")
    tab_to(page, canvas)
    plain = picture(root)
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowUp")
    page.keyboard.press("Shift+ArrowUp")
    assert state(root)["cursor"] == [0.25, 1.25]
    assert picture(root) != plain, "the cursor should be drawn"
    wait_status(root, r"^Cursor at \(x, y\) = \(0\.25, 1\.25\)")
    page.keyboard.press("Enter")
    s = state(root)
    assert [m["start"] for m in s["marbles"]] == [[0.25, 1.25]]
    wait_status(root, "^Marble 1")
    # Pause, then Space drops a marble that waits for Step
    pause = button(root, "Pause")
    tab_to(page, pause)
    page.keyboard.press("Enter")
    assert not state(root)["rolling"] and button(root, "Play").count() == 1
    canvas.focus()
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("Space")
    s = state(root)
    assert s["marbles"][1]["start"] == [0.0, 1.25] and s["marbles"][1]["shown"] == 0
    assert "Press Play or Step" in status(root)
    step = button(root, "Step")
    tab_to(page, step)
    page.keyboard.press("Enter")
    assert state(root)["marbles"][1]["shown"] == 1


def test_multi_start_random_drops_are_reproducible_and_the_package_s(probe: PageProbe, lesson: Lesson) -> None:
    page = probe.page
    root = lesson.open("multi-start")
    button(root, "Drop 8 random marbles").click()
    first = [m["start"] for m in state(root)["marbles"]]
    assert len(first) == 8 and len({tuple(p) for p in first}) == 8
    run_until(probe.page, root, "!s.moving")
    said = wait_status(root, "^All 8 marbles have stopped")
    marbles = state(root)["marbles"]
    path = descent.gradient_descent_path(HILLS, 0.05, first, 200)
    labels, steps = widgets.settling(path, 1e-3)
    assert [(m["label"], m["step"]) for m in marbles] == list(zip(labels.tolist(), steps.tolist()))
    counts = [int(np.count_nonzero(labels == i)) for i in range(4)]
    items = root.locator("ul.gd-basins li strong")
    assert [int(items.nth(i).text_content()) for i in range(4)] == counts
    for i, n in enumerate(counts):
        assert (f"{n} in minimum {i + 1}" in said) == (n > 0)
    # Clear starts the generator again; so does a new visit
    button(root, "Clear").click()
    assert state(root)["marbles"] == [] and all(items.nth(i).text_content() == "0" for i in range(4))
    button(root, "Drop 8 random marbles").click()
    assert [m["start"] for m in state(root)["marbles"]] == first
    page.reload()
    root = open_lesson(probe, lesson.url[: -len(PAGE)], "multi-start")
    button(root, "Drop 8 random marbles").click()
    assert [m["start"] for m in state(root)["marbles"]] == first
    button(root, "Drop 8 random marbles").click()
    assert [m["start"] for m in state(root)["marbles"]][:8] == first and len(state(root)["marbles"]) == 16


def test_multi_start_pause_step_play(probe: PageProbe, lesson: Lesson) -> None:
    root = lesson.open("multi-start")
    button(root, "Pause").click()
    canvas = root.locator("canvas.gd-canvas")
    canvas.click(position=at_point(root, (-1.0, -2.0)))
    canvas.click(position=at_point(root, (1.0, 4.0)))
    s = state(root)
    assert [m["shown"] for m in s["marbles"]] == [0, 0] and not s["moving"]
    held = picture(root)
    button(root, "Step").click()
    assert [m["shown"] for m in state(root)["marbles"]] == [1, 1]
    assert picture(root) != held
    said = status(root)
    assert said.startswith("2 marbles took a step. Marble 2: step 1")
    button(root, "Play").click()
    assert state(root)["rolling"]
    run_until(probe.page, root, "!s.moving && s.marbles.every(m => m.shown === m.end)")
    assert wait_status(root, "^All 2 marbles have stopped")
    assert button(root, "Step").is_disabled()
    rolling = root.locator("ul.gd-basins li.gd-basins-other strong").first
    assert rolling.text_content() == "0"


def test_multi_start_rate_change_reruns_every_marble(probe: PageProbe, lesson: Lesson) -> None:
    probe.page.emulate_media(reduced_motion="reduce")  # marbles jump to their ends: the numbers are what is tested here
    root = lesson.open("multi-start")
    button(root, "Drop 8 random marbles").click()
    starts = [m["start"] for m in state(root)["marbles"]]
    box = root.get_by_label("or type α", exact=True)
    seen = set()
    for rate in (0.15, 0.25, 0.3):
        box.fill(str(rate))
        run_until(probe.page, root, "!s.moving")
        s = state(root)
        assert s["rate"] == rate and [m["start"] for m in s["marbles"]] == starts
        labels, steps = widgets.settling(descent.gradient_descent_path(HILLS, rate, starts, 200), 1e-3)
        assert [(m["label"], m["step"]) for m in s["marbles"]] == list(zip(labels.tolist(), steps.tolist()))
        seen |= set(labels.tolist())
        wait_status(root, "^All 8 marbles have stopped")
    assert basins.DIVERGED in seen and basins.UNSETTLED in seen, "the rates should include runs that settle nowhere"
    others = root.locator("ul.gd-basins li.gd-basins-other strong")
    assert int(others.nth(1).text_content()) + int(others.nth(2).text_content()) > 0
    # bad rates get a message and change nothing
    for typed, words in [("", "Type a learning rate"), ("-1", "greater than 0"), ("x", "is not a number"), ("5", "too large")]:
        box.fill(typed)
        box.press("Enter")
        assert words in root.locator(".gd-message").text_content()
        assert box.get_attribute("aria-invalid") == "true" and state(root)["rate"] == 0.3


# --------------------------------------------------------------------- both


def test_taps_on_a_phone(phone_probe: PageProbe, site_url: str) -> None:
    """Both widgets on one phone page: a tap sets the stepper's start, another drops a marble."""
    root = open_lesson(phone_probe, site_url, "nonconvex-stepper")
    with changes_drawing_and_words(root):
        root.locator("canvas.gd-canvas").tap(position=at_point(root, [-0.5]))
        s = state(root)
        assert s["start"] == pytest.approx(-0.5, abs=0.02) and s["k"] == 0
        assert root.get_by_label("or type x₀", exact=True).input_value() == str(s["start"])
        button(root, "Step").tap()
        wait_state(root, "s.k === 1 && !s.moving")
    root = open_lesson(phone_probe, site_url, "multi-start")
    canvas = root.locator("canvas.gd-canvas")
    box = canvas.bounding_box()
    assert box["height"] >= 0.8 * box["width"], "the square map should stay square-ish"
    before = picture(root)
    canvas.tap(position=at_point(root, (3.0, 3.0)))
    assert len(state(root)["marbles"]) == 1 and picture(root) != before
    button(root, "Drop 8 random marbles").tap()
    assert len(state(root)["marbles"]) == 9


def test_dark_palette_colours_the_basins(probe: PageProbe, lesson: Lesson) -> None:
    root = lesson.open("multi-start")
    button(root, "Drop 8 random marbles").click()
    run_until(probe.page, root, "!s.moving")
    assert_repaints_in_the_dark(probe, root)
    assert root.evaluate("r => getComputedStyle(r).getPropertyValue('--gd-w-basin-1').trim()") == "#5c9ded"


@pytest.mark.parametrize("name", NAMES)
def test_without_javascript_the_table_teaches(built_site: Path, name: str) -> None:
    assert fallback_rows(built_site, PAGE, name) >= 5


def test_reduced_motion_jumps(probe: PageProbe, lesson: Lesson) -> None:
    probe.page.emulate_media(reduced_motion="reduce")
    root = lesson.open("nonconvex-stepper")
    button(root, "Run 10 steps").click()
    s = state(root)
    assert s["k"] == 10 and not s["moving"]
    root = probe.page.locator('[data-gd-widget="multi-start"]')
    root.locator("canvas.gd-canvas").scroll_into_view_if_needed()
    root.locator("canvas.gd-canvas").click(position=at_point(root, (2.0, -4.0)))
    m = state(root)["marbles"][0]
    assert m["shown"] == m["end"] and not state(root)["moving"]


def test_paths_are_the_package_paths(probe: PageProbe, lesson: Lesson) -> None:
    """The widgets' own gradient descent and settling rule against gdnotes, diverging runs included."""
    diverged = 0
    for name, surface, starts, rates, steps, tolerance in [
        ("nonconvex-stepper", WELL, [2.3, -2.2, 0.0, 0.3, 1.0, -2.4], [0.05, 0.1, 0.3, 0.45, 0.6, 1.0, 5.0], 500, 1e-6),
        ("multi-start", HILLS, [(0.3, -4.5), (-0.5, 4.5), (0.0, 0.0), (4.5, 0.2), (-4.9, 4.9)], [0.01, 0.05, 0.15, 0.25, 0.3, 1.0], 200, 1e-3),
    ]:
        root = lesson.open(name)
        assert_canvas_room(probe, root.locator("canvas.gd-canvas"), 300, 200)
        minima = root.evaluate("r => JSON.parse(r.dataset.gdConfig).minima")
        for start in starts:
            for rate in rates:
                path = descent.gradient_descent_path(surface, rate, start, steps)
                diverged += bool(path.diverged[0])
                # the widget's run (brought back packed) and, in the page, where its settling rule says that run ends
                js = packed(
                    root,
                    "(r, a) => { const p = window.gdnotes.widgets.path(r, a[0], a[1], a[2]); return {path: p, ends: window.gdnotes.widgets.settling(p, a[3], a[4])}; }",
                    [list(np.atleast_1d(start).astype(float)), rate, steps, minima, tolerance],
                )
                assert_same_path(js["path"], path)
                ends = js["ends"]
                (label,), (step,) = widgets.settling(path, tolerance)
                assert (ends["label"], ends["step"]) == (label, step), (name, start, rate)
    assert diverged >= 10


def test_instant_navigation_sets_them_up_again(browser: object, built_site: Path) -> None:
    with instant_site(browser, built_site, "lessons/05-three-implementations/") as (probe, documents):
        page = probe.page
        follow_footer(page, "next", PAGE, *NAMES)
        button(page.locator('[data-gd-widget="multi-start"]'), "Drop 8 random marbles").click()
        follow_footer(page, "next", "lessons/07-ravines-momentum/", "momentum-race")
        # once lesson 7's race is up, only lesson 7's widgets run (each set up as it comes near): none of lesson 6's
        assert page.evaluate("window.gdnotes.widgets.live('multi-start') + window.gdnotes.widgets.live('nonconvex-stepper')") == 0, "widgets of lesson 6 still run"
        running = page.evaluate("window.gdnotes.widgets.live()")
        assert running == page.evaluate("document.querySelectorAll('[data-gd-widget][data-gd-ready]').length") >= 1
        go_back(page, PAGE, *NAMES)
        assert page.evaluate("window.gdnotes.widgets.live()") == 2
        assert_same_document(page)
        assert documents == [SITE_URL + "lessons/05-three-implementations/"], documents
        root = page.locator('[data-gd-widget="nonconvex-stepper"]')
        button(root, "Step").click()
        wait_state(root, "s.k === 1 && !s.moving")


def test_redraw_is_fast(browser: object, site_url: str) -> None:
    """Input event to pixels (forced out with getImageData), median under 16 ms; printed for the report.
    On a page of its own, without Playwright's clock: real draw times."""
    with page_probe(browser) as probe:
        redraw_is_fast(probe, site_url)


def redraw_is_fast(probe: PageProbe, site_url: str) -> None:
    root = open_lesson(probe, site_url, "nonconvex-stepper")
    timings = input_to_pixels(root, [-2.4 + 0.2 * i for i in range(24)], warmup=4)
    results = {"nonconvex-stepper (start slider)": timings}
    root = open_lesson(probe, site_url, "multi-start")
    for _ in range(5):
        button(root, "Drop 8 random marbles").click()
    wait_state(root, "!s.moving", timeout=30_000)
    results["multi-start (rate slider, 40 marbles rerun)"] = input_to_pixels(root, [0.02 + 0.005 * i for i in range(20)], warmup=4)
    wait_state(root, "!s.moving", timeout=30_000)
    draws = root.evaluate("r => window.gdnotes.widgets.timings(r)")
    results["multi-start (one animation frame, 40 trails)"] = draws[-60:]
    for what, values in results.items():
        print(f"\n{what}: median {statistics.median(values):.2f} ms, max {max(values):.2f} ms over {len(values)}")
        assert statistics.median(values) < 16, what


def test_widget_code_weight(built_site: Path) -> None:
    """Each widget's own script (and stylesheet, where it has one) stays small; with the shared layer printed too."""
    for name in NAMES:
        assert_light(built_site, name, (f"{name}/{name}.js", f"{name}/{name}.css"), 9_000, 22_000)
