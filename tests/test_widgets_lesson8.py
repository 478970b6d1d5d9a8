"""The regression trainer of lesson 8: its builder, and the widget in Chromium on the built site.

Builder: the root and config (the petals, the scaling, each feature's
stability limit and slider, the package's stopping rules and tolerances), a
fallback table that holds the package's run, clear errors for bad arguments.

Browser: Step, Train, Pause and Reset change what is drawn and said; a
click, a tap and the arrow keys set the start; the scaling switch moves to
the standardised feature; the canvases stand beside each other on a desktop
and below each other on a phone; bad typed input gets a message; a
diverging run ends with one. The (w, b), the costs and the gradients the widget computes, and the rule
that stops it, equal gdnotes.regression.fit to 1e-9 (relative), for many
rates (diverging ones too), starts, tolerances and both features. The
screen reader is not flooded, instant navigation stops the animation, a
redraw is timed and the code weighed. The fallback table's rows are counted
in the built page; what every widget does alike (ready, labelled, room for
each canvas, a phone's width, every canvas in the dark palette, no
JavaScript) is in test_widget_conformance.py.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest
from _browser import assert_bad_input_refused, assert_code_loads_only_here, assert_input_and_frames_fast, assert_light, assert_moving, assert_no_frames_run, assert_pause_holds, assert_reset, assert_same_document, button, changes_drawing_and_words, click_and_state, count_frames, fallback_rows, follow_footer, go_back, input_to_pixels, instant_site, open_widget, page_probe, press_on, state, status, tab_to, wait_ready, wait_state, wait_status, widget_config
from _browser import nothing_erred  # noqa: F401  (autouse: after each test, nothing erred on its probe and phone_probe)
from _lessons_browser import Lesson, advance, assert_status_quiet_in_page_time, packed, run_until, shared_page
from conftest import PageProbe

from gdnotes import descent, regression, tables, widgets

NAME = "regression-trainer"
PAGE = "lessons/08-real-model/"
RULES = {"max_steps": 5000, "cost_tolerance": 1e-9, "gradient_tolerance": 1e-6}
DATA = regression.petals()
Z, SCALING = regression.standardize(DATA.x)
FEATURES = {"raw": DATA.x, "scaled": Z}


# --------------------------------------------------------------------- the builder


@pytest.fixture(scope="module")
def html() -> str:
    return widgets.regression_trainer()


def rows_of(html: str) -> list[tuple[str, ...]]:
    return re.findall(r"<tr><td>([^<]*)</td><td>([^<]*)</td><td>([^<]*)</td><td>([^<]*)</td><td>([^<]*)</td></tr>", html)


def test_root_and_config(html: str) -> None:
    assert "regression_trainer" in widgets.__all__
    config = widget_config(html, NAME, style=True)
    assert config["x"] == DATA.x.tolist() and config["y"] == DATA.y.tolist()
    assert config["labels"] == [DATA.x_label, DATA.y_label]
    assert config["scaling"] == {"mean": SCALING.mean, "std": SCALING.std}
    assert (config["start"], config["learningRate"], config["scaled"]) == ([0.0, 0.0], 0.05, False)
    assert (config["maxSteps"], config["costTolerance"], config["gradientTolerance"]) == (5000, 1e-9, 1e-6)
    assert config["divergenceLimit"] == descent.DIVERGENCE_LIMIT
    assert config["stopReasons"] == dict(zip(("cost", "gradient", "budget", "diverged"), regression.STOP_REASONS))
    for mode, feature in FEATURES.items():
        spec = config["modes"][mode]
        limit = regression.largest_stable_rate(feature)
        assert spec["limit"] == limit
        low, high, step = spec["rateRange"]
        # the slider spans converging and diverging rates
        assert 0 < low <= step < limit < high <= 1.31 * limit
        assert low <= spec["learningRate"] <= high and spec["maxTypedRate"] >= 10 * limit
        # the map is square (equal scales, so a round bowl looks round) and holds the start and the minimum
        (w0, w1), (b0, b1) = spec["bounds"]
        assert w1 - w0 == pytest.approx(b1 - b0)
        best = regression.least_squares(feature, DATA.y)
        assert w0 < best[0] < w1 and b0 < best[1] < b1 and w0 < 0 < w1 and b0 < 0 < b1
    # the other feature's rate is at the same fraction of its limit
    fractions = [config["modes"][m]["learningRate"] / config["modes"][m]["limit"] for m in FEATURES]
    assert fractions[1] == pytest.approx(fractions[0], rel=0.02)
    assert widgets.regression_trainer() == html, "the output must be reproducible"


def test_fallback_table_is_the_package_run(html: str) -> None:
    run = regression.fit(DATA.x, DATA.y, 0.05, (0.0, 0.0), **RULES)
    rows = rows_of(html)
    expected = [k for k in (0, 1, 2, 5, 20, 100) if k < run.steps] + [run.steps]
    assert [int(r[0]) for r in rows] == expected
    for row in rows:
        k = int(row[0])
        numbers = (*run.params[k], run.costs[k], run.gradient_norms[k])
        assert row[1:] == tuple(tables.number(float(v)) for v in numbers)
    scaled = regression.fit(Z, DATA.y, widgets.config(html)["modes"]["scaled"]["learningRate"], (0.0, 0.0), **RULES)
    assert f"stops after {run.steps} steps, by the {run.stopped_by} rule" in html
    assert f"the run stops after {scaled.steps} steps" in html and scaled.steps < run.steps / 4
    assert "JavaScript" in html and "gd-widget-note" in html


def test_without_javascript_the_table_teaches(built_site: Path) -> None:
    assert fallback_rows(built_site, PAGE, NAME) >= 5


def test_scaled_start_and_rules_switched_off() -> None:
    html = widgets.regression_trainer(learning_rate=0.5, start=(0.4, 1.0), scaled=True, cost_tolerance=None, max_steps=200)
    config = widgets.config(html)
    assert config["scaled"] and config["start"] == [0.4, 1.0] and config["costTolerance"] is None
    assert "<th>w<sub>z</sub></th>" in html
    run = regression.fit(Z, DATA.y, 0.5, (0.4, 1.0), max_steps=200, gradient_tolerance=1e-6)
    assert rows_of(html)[-1][0] == str(run.steps)
    # the raw map holds the same start line in the raw coordinates
    raw = regression.unscale(np.array([0.4, 1.0]), SCALING)
    (w0, w1), (b0, b1) = config["modes"]["raw"]["bounds"]
    assert w0 < raw[0] < w1 and b0 < raw[1] < b1


def test_a_diverging_first_run_is_described() -> None:
    html = widgets.regression_trainer(learning_rate=0.07)
    run = regression.fit(DATA.x, DATA.y, 0.07, (0.0, 0.0), **RULES)
    assert run.stopped_by == "diverged" and f"diverges at step {run.steps}" in html
    assert rows_of(html)[-1][0] == str(run.steps)


@pytest.mark.parametrize(
    ("arguments", "error", "words"),
    [
        ({"learning_rate": 0}, ValueError, "learning_rate"),
        ({"learning_rate": -0.1}, ValueError, "learning_rate"),
        ({"learning_rate": "0.05"}, TypeError, "learning_rate"),
        ({"learning_rate": 2.0}, ValueError, "learning_rate must be at most 1"),
        ({"learning_rate": 20.0, "scaled": True}, ValueError, "learning_rate must be at most 10"),
        ({"start": (1.0,)}, ValueError, "start"),
        ({"start": ((0.0, 0.0), (1.0, 1.0))}, ValueError, "start"),
        ({"start": (float("nan"), 0.0)}, ValueError, "start"),
        ({"start": "origin"}, TypeError, "start"),
        ({"scaled": 1}, TypeError, "scaled"),
        ({"max_steps": 0}, ValueError, "max_steps"),
        ({"max_steps": 2.5}, TypeError, "max_steps"),
        ({"max_steps": 50_000}, ValueError, "max_steps"),
        ({"cost_tolerance": 0}, ValueError, "cost_tolerance"),
        ({"cost_tolerance": "1e-9"}, TypeError, "cost_tolerance"),
        ({"gradient_tolerance": -1e-6}, ValueError, "gradient_tolerance"),
        ({"table_steps": "0 1 2"}, TypeError, "table_steps"),
        ({"table_steps": []}, TypeError, "table_steps"),
        ({"table_steps": [0, -1]}, ValueError, "table_steps[1]"),
        ({"data": "petals"}, TypeError, "data"),
    ],
)
def test_bad_arguments_fail_clearly(arguments: dict, error: type, words: str) -> None:
    with pytest.raises(error, match=re.escape(words)):
        widgets.regression_trainer(**arguments)


# --------------------------------------------------------------------- the widget in the browser


# Lesson 8, loaded once for this module's desktop tests; each sets the trainer up afresh (``lesson.open``). On
# Playwright's clock: training runs to its end in page time (``run_until``), not in real seconds.
# (_lessons_browser.shared_page: each test's page is put back as loaded)
lesson, probe = shared_page(PAGE, (NAME,), clock=True)


def open_trainer(probe: PageProbe, site_url: str):
    """The trainer on a page of its own (a phone's)."""
    return open_widget(probe, site_url, NAME, PAGE)


def picture(root) -> str:
    """All three canvases as pixels: equal strings mean the same drawing."""
    return root.evaluate("r => [...r.querySelectorAll('canvas.gd-canvas')].map(c => c.toDataURL()).join('|')")


def the_map(root):
    return root.locator('canvas[aria-roledescription="contour map"]')


def drawn_run(root) -> dict:
    return packed(root, "r => r.__gdWidget.widget.run()")


def widget_fit(root, mode: str, rate: float, start, options: dict | None = None) -> dict:
    return packed(root, "(r, a) => r.__gdWidget.widget.fit(a[0], a[1], a[2], a[3])", [mode, rate, [float(c) for c in start], options or {}])


def assert_same_fit(js: dict, run: regression.Fit) -> None:
    """The browser's run is the package's, step for step, to 1e-9 relative, with the same stopping rule."""
    assert js["stoppedBy"] == run.stopped_by
    assert len(js["params"]) == run.steps + 1
    for key, expected in (("params", run.params), ("costs", run.costs), ("gradients", run.gradients)):
        np.testing.assert_allclose(np.array(js[key], dtype=float), expected, rtol=1e-9, atol=0, err_msg=key)


def package_fit(mode: str, rate: float, start, **rules) -> regression.Fit:
    return regression.fit(FEATURES[mode], DATA.y, rate, tuple(start), **{**RULES, **rules})


def test_trainer_is_ready_at_step_0(probe: PageProbe, lesson: Lesson) -> None:
    root = lesson.open(NAME)
    canvases = root.locator("canvas.gd-canvas")
    assert canvases.count() == 3
    data_box, map_box = canvases.nth(0).bounding_box(), canvases.nth(1).bounding_box()
    assert map_box["x"] > data_box["x"] + data_box["width"] - 1, "on a desktop the map stands beside the data"
    assert abs(map_box["y"] - data_box["y"]) < 1
    said = status(root)
    run = package_fit("raw", 0.05, (0.0, 0.0))
    assert said.startswith("Ready at step 0 with (w, b) = (0, 0), cost J = " + tables.number(run.costs[0])) and "Press Train" in said
    assert "of the largest stable rate " + tables.number(regression.largest_stable_rate(DATA.x)) in said
    s = state(root)
    assert (s["phase"], s["k"], s["last"], s["mode"], s["rate"], s["stoppedBy"]) == ("ready", 0, run.steps, "raw", 0.05, None)
    assert root.locator(".gd-rt-stop strong").text_content() == "none yet"
    assert_same_fit(drawn_run(root), run)


def test_every_run_is_the_package_run(probe: PageProbe, lesson: Lesson) -> None:
    """The widget's own fit against regression.fit: rates on both sides of each limit, starts, tolerances."""
    root = lesson.open(NAME)
    rates = {"raw": [0.001, 0.02, 0.05, 0.055, 0.056, 0.06, 0.3, 1.0], "scaled": [0.05, 0.5, 0.9, 0.999, 1.05, 1.5, 10.0]}
    settings = [
        ({}, {}),
        ({"costTolerance": None}, {"cost_tolerance": None}),
        ({"costTolerance": 1e-6, "gradientTolerance": 1e-3, "maxSteps": 2000}, {"cost_tolerance": 1e-6, "gradient_tolerance": 1e-3, "max_steps": 2000}),
        ({"costTolerance": None, "gradientTolerance": None, "maxSteps": 150}, {"cost_tolerance": None, "gradient_tolerance": None, "max_steps": 150}),
    ]
    reasons = set()
    starts = [(0.0, 0.0), (0.7, -0.5), (-0.35, 2.25)]
    for mode, mode_rates in rates.items():
        for i, rate in enumerate(mode_rates):
            for j, (js_options, options) in enumerate(settings):
                start = starts[(i + j) % len(starts)]  # every start meets every rate and setting across the cases
                if True:
                    run = package_fit(mode, rate, start, **options)
                    assert_same_fit(widget_fit(root, mode, rate, start, js_options), run)
                    reasons.add(run.stopped_by)
    assert reasons == set(regression.STOP_REASONS), "the cases should end by every rule"


def test_what_the_reader_runs_is_the_package_run(probe: PageProbe, lesson: Lesson) -> None:
    """Through the controls (typed rates, the switch, clicks on the map), each run and its stop equal regression.fit."""
    probe.page.emulate_media(reduced_motion="reduce")  # Train jumps to the end
    root = lesson.open(NAME)
    box = root.get_by_label("or type α", exact=True)
    switch = root.get_by_label(re.compile("^Scale the feature"))
    train = root.get_by_role("button", name="Train", exact=True)
    seen = set()
    for scaled, rate in [(False, 0.05), (False, 0.02), (False, 0.06), (True, 0.9), (True, 0.5), (True, 1.2), (False, 0.0554)]:
        switch.set_checked(scaled)
        box.fill(str(rate))
        s = state(root)
        mode = "scaled" if scaled else "raw"
        assert (s["mode"], s["rate"]) == (mode, rate)
        run = package_fit(mode, rate, s["start"])
        assert_same_fit(drawn_run(root), run)
        train.click()
        s = state(root)
        assert (s["phase"], s["k"], s["stoppedBy"]) == ("done", run.steps, run.stopped_by)
        np.testing.assert_allclose([s["w"], s["b"], s["cost"]], [*run.final, run.costs[-1]], rtol=1e-9, atol=0)
        seen.add(run.stopped_by)
    assert {"diverged", "cost change", "gradient norm"} <= seen
    # a start set on the map
    the_map(root).click(position={"x": 120, "y": 90})
    s = state(root)
    assert s["start"] != [0.0, 0.0] and s["k"] == 0
    assert_same_fit(drawn_run(root), package_fit("raw", 0.0554, s["start"]))


def test_step_shows_each_step_of_the_package_run(probe: PageProbe, lesson: Lesson) -> None:
    root = lesson.open(NAME)
    run = package_fit("raw", 0.05, (0.0, 0.0))
    step = root.get_by_role("button", name="Step", exact=True)
    pictures = {picture(root)}
    for k in range(1, 6):
        step.click()
        s = state(root)
        assert s["k"] == k and s["phase"] == "paused"
        np.testing.assert_allclose([s["w"], s["b"], s["cost"], s["gradientNorm"]], [*run.params[k], run.costs[k], run.gradient_norms[k]], rtol=1e-9, atol=0)
        pictures.add(picture(root))
        readout = root.locator(".gd-readout").first.text_content()
        assert f"step {k} · w = {tables.number(run.params[k, 0])} · b = {tables.number(run.params[k, 1])}" in readout
    assert len(pictures) == 6, "each step should draw something new"
    said = wait_status(root, "^Step 5:")
    assert f"(w, b) = ({tables.number(run.params[5, 0])}, {tables.number(run.params[5, 1])})" in said
    assert f"cost J = {tables.number(run.costs[5])}" in said


def test_train_pause_reset(probe: PageProbe, lesson: Lesson) -> None:
    """On Playwright's clock, which runs by itself until the test moves it on: training to the end takes no real time."""
    root = lesson.open(NAME)
    run = package_fit("raw", 0.05, (0.0, 0.0))
    first = picture(root)
    root.get_by_role("button", name="Train", exact=True).click()
    assert state(root)["phase"] == "playing"
    wait_status(root, "^Training with α = 0.05")
    wait_state(root, "s.k > 8")
    assert root.locator(".gd-rt-stop").text_content().startswith("Stopping rule: none yet — training")
    assert_moving(probe, root, picture)
    paused = assert_pause_holds(probe, root, "k")
    wait_status(root, "^Paused. Step " + str(paused["k"]) + ":")
    # train on to the end: the rule that fires is the package's
    root.get_by_role("button", name="Train", exact=True).click()
    run_until(probe.page, root, "s.phase === 'done'", chunk=1000, every_frame=True)  # a frame covers 100 ms at most
    advance(probe.page, 1500)  # what is said, within a second
    s = state(root)
    assert (s["k"], s["stoppedBy"]) == (run.steps, run.stopped_by)
    said = wait_status(root, "^Stopped at step")
    assert f"Stopped at step {run.steps} by the {run.stopped_by} rule" in said
    assert root.locator(".gd-rt-stop strong").text_content() == run.stopped_by
    assert root.get_by_role("button", name="Step", exact=True).is_disabled()
    best = regression.least_squares(DATA.x, DATA.y)
    assert f"least squares: ŷ = {tables.number(best[0])} x − {tables.number(-best[1])}" in said
    assert_reset(root, "k", first, picture)
    wait_status(root, "^Ready at step 0")


def test_divergence_ends_cleanly(probe: PageProbe, lesson: Lesson) -> None:
    root = lesson.open(NAME)
    root.get_by_label("or type α", exact=True).fill("0.06")
    run = package_fit("raw", 0.06, (0.0, 0.0))
    assert run.stopped_by == "diverged"
    root.get_by_role("button", name="Train", exact=True).click()
    run_until(probe.page, root, "s.phase === 'done'", chunk=1000, every_frame=True)  # a frame covers 100 ms at most
    advance(probe.page, 1500)  # what is said, within a second
    s = state(root)
    assert (s["k"], s["stoppedBy"]) == (run.steps, "diverged")
    said = wait_status(root, "^Diverged")
    assert f"Diverged at step {run.steps}" in said and "Try a smaller α, or scale the feature." in said
    stop = root.locator(".gd-rt-stop")
    assert stop.locator("strong").text_content() == "diverged" and f"at step {run.steps}" in stop.text_content()
    text = root.locator(".gd-ui").text_content()
    assert "NaN" not in text and "undefined" not in text
    assert root.get_by_role("button", name="Step", exact=True).is_disabled()
    # Train again starts over
    again = click_and_state(root, root.get_by_role("button", name="Train", exact=True))
    assert again["phase"] == "playing" and again["k"] == 0


def test_scaling_switch_keeps_the_line_and_the_fraction(probe: PageProbe, lesson: Lesson) -> None:
    root = lesson.open(NAME)
    config = root.evaluate("r => JSON.parse(r.getAttribute('data-gd-config'))")
    the_map(root).click(position={"x": 200, "y": 80})
    raw_start = state(root)["start"]
    first = picture(root)
    switch = root.get_by_label(re.compile("^Scale the feature"))
    switch.check()
    s = state(root)
    assert s["mode"] == "scaled" and s["k"] == 0
    # the same line: w_z = w std, b_z = b + w mean
    np.testing.assert_allclose(s["start"], [raw_start[0] * SCALING.std, raw_start[1] + raw_start[0] * SCALING.mean], rtol=1e-11)
    assert s["rate"] == config["modes"]["scaled"]["learningRate"]
    slider = root.get_by_label("Learning rate α", exact=True)
    assert (slider.get_attribute("min"), slider.get_attribute("max")) == tuple(str(v) for v in config["modes"]["scaled"]["rateRange"][:2])
    assert picture(root) != first
    said = wait_status(root, "^Feature scaled")
    assert "round" in said and f"α = {tables.number(s['rate'])}" in said
    assert_same_fit(drawn_run(root), package_fit("scaled", s["rate"], s["start"]))
    assert root.locator(".gd-readout sub").count() >= 2, "w_z and b_z are written with a subscript"
    switch.uncheck()
    back = state(root)
    assert back["mode"] == "raw" and back["rate"] == 0.05
    np.testing.assert_allclose(back["start"], raw_start, rtol=1e-9, atol=1e-12)
    wait_status(root, "^Raw feature")


def test_keyboard_sets_the_start_and_trains(probe: PageProbe, lesson: Lesson) -> None:
    page = probe.page
    root = lesson.open(NAME)
    key_step = root.evaluate("r => JSON.parse(r.getAttribute('data-gd-config')).modes.raw.keyStep")
    canvas = the_map(root)
    tab_to(page, canvas)
    first = picture(root)
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowDown")
    assert state(root)["start"] == [key_step, -key_step]
    assert picture(root) != first
    said = wait_status(root, re.escape(f"(w, b) = ({tables.number(key_step)}, {tables.number(-key_step)})"))
    assert said.startswith("Ready at step 0 with")
    page.keyboard.press("Shift+ArrowUp")
    assert state(root)["start"] == [key_step, 4 * key_step]
    page.keyboard.press("Home")
    assert state(root)["start"] == [0.0, 0.0]
    page.keyboard.press("Enter")
    assert state(root)["phase"] == "playing"
    wait_state(root, "s.k >= 1")
    page.keyboard.press(" ")
    assert state(root)["phase"] == "paused"
    # the buttons, the slider and the switch by keyboard
    was = state(root)["k"]
    press_on(page, button(root, "Step"), "Space")
    assert state(root)["k"] == was + 1
    press_on(page, button(root, "Reset"), "Enter")
    assert state(root)["k"] == 0
    press_on(page, root.get_by_label("Learning rate α", exact=True), "ArrowLeft")
    assert state(root)["rate"] == pytest.approx(0.0495)
    press_on(page, root.get_by_label(re.compile("^Scale the feature")), "Space")
    assert state(root)["mode"] == "scaled"


def test_a_click_sets_the_start_where_it_lands(probe: PageProbe, lesson: Lesson) -> None:
    page = probe.page
    root = lesson.open(NAME)
    root.get_by_role("button", name="Step", exact=True).click()
    config = root.evaluate("r => JSON.parse(r.getAttribute('data-gd-config')).modes.raw")
    (w0, w1), (b0, b1) = config["bounds"]
    b = the_map(root).bounding_box()
    side = b["width"] - 44 - 10  # the plot's margins
    target = (0.5, -0.3)
    page.mouse.click(b["x"] + 44 + side * (target[0] - w0) / (w1 - w0), b["y"] + 24 + side * (b1 - target[1]) / (b1 - b0))
    s = state(root)
    np.testing.assert_allclose(s["start"], target, atol=config["keyStep"])
    assert s["k"] == 0 and s["phase"] == "ready"
    wait_status(root, "^Start set. Ready at step 0")
    # a drag keeps moving it
    page.mouse.move(b["x"] + 60, b["y"] + 60)
    page.mouse.down()
    page.mouse.move(b["x"] + 90, b["y"] + 100, steps=4)
    page.mouse.up()
    dragged = state(root)["start"]
    assert dragged != s["start"]
    assert_same_fit(drawn_run(root), package_fit("raw", 0.05, dragged))


def test_trainer_on_a_phone(phone_probe: PageProbe, site_url: str) -> None:
    root = open_trainer(phone_probe, site_url)
    canvases = root.locator("canvas.gd-canvas")
    data_box, map_box = canvases.nth(0).bounding_box(), canvases.nth(1).bounding_box()
    assert map_box["y"] >= data_box["y"] + data_box["height"], "on a phone the map stands below the data"
    assert map_box["height"] > 300 and data_box["height"] > 180
    # the switch and its label stay on one line
    switch = root.locator(".gd-rt-switch")
    assert switch.locator("input").bounding_box()["y"] < switch.locator("label").bounding_box()["y"] + 20
    with changes_drawing_and_words(root, picture):
        the_map(root).tap(position={"x": map_box["width"] * 0.8, "y": 60})
        s = state(root)
        assert s["start"][0] > 0.4 and s["start"][1] > 0, s["start"]
        wait_status(root, "^Start set")
        button(root, "Step").tap()
        assert state(root)["k"] == 1


def test_bad_typed_input_gets_a_message(probe: PageProbe, lesson: Lesson) -> None:
    root = lesson.open(NAME)
    box = root.get_by_label("or type α", exact=True)
    message = root.locator(".gd-message")
    first = picture(root)
    bad = [
        ("", "Type a learning rate"),
        ("abc", "is not a number"),
        ("-0.01", "greater than 0"),
        ("0", "greater than 0"),
        ("1e9", "type at most 1"),
        ("2", "type at most 1"),
        ("Infinity", "is not a number"),
        ("NaN", "is not a number"),
        ("0.05.1", "is not a number"),
    ]
    assert_bad_input_refused(root, box, bad, lambda s: s["rate"], 0.05)
    assert message.count() == 1
    assert picture(root) == first
    box.fill("0,02")  # a decimal comma is understood
    assert state(root)["rate"] == 0.02 and message.text_content() == "" and box.get_attribute("aria-invalid") is None
    # the scaled feature has its own, larger, limit
    root.get_by_label(re.compile("^Scale the feature")).check()
    box.fill("11")
    box.press("Enter")
    assert "type at most 10" in message.text_content()
    box.fill("5")
    assert state(root)["rate"] == 5.0


def test_reduced_motion_jumps_to_the_end(probe: PageProbe, lesson: Lesson) -> None:
    """With reduced motion, nothing plays by itself and Train jumps straight to the end."""
    probe.page.emulate_media(reduced_motion="reduce")
    root = lesson.open(NAME)
    assert state(root)["phase"] == "ready", "nothing plays by itself"
    button(root, "Train").click()
    s = state(root)
    assert s["phase"] == "done" and s["k"] == s["last"], s
    wait_status(root, "^Stopped at step")


def test_screen_reader_is_not_flooded(probe: PageProbe, lesson: Lesson) -> None:
    """Four seconds of training, then a drag of the start, in page time (Playwright's clock)."""
    root = lesson.open(NAME)
    assert_status_quiet_in_page_time(probe.page, root, "Train", "s.k > 20", "training", chunk=100)  # a frame covers 100 ms at most
    # and dragging the start with the mouse: at most one sentence a second
    root.evaluate(
        """r => { const node = r.querySelector('.gd-status'); window.__texts = [];
                  new MutationObserver(() => window.__texts.push(node.textContent)).observe(node, {childList: true, subtree: true}); }"""
    )
    b = the_map(root).bounding_box()
    page = probe.page
    began = page.evaluate("performance.now()")
    page.mouse.move(b["x"] + 60, b["y"] + 60)
    page.mouse.down()
    for i in range(20):
        page.mouse.move(b["x"] + 60 + 8 * i, b["y"] + 60 + 6 * i)
        page.clock.fast_forward(50)
    page.mouse.up()
    advance(page, 1300)
    seconds = (page.evaluate("performance.now()") - began) / 1000  # 2.3 s of page time, and a little more while it runs by itself
    texts = page.evaluate("[...new Set(window.__texts)]")
    assert 1 <= len(texts) <= 1 + int(seconds), (seconds, texts)


def test_training_stops_on_instant_navigation(browser: object, built_site: Path) -> None:
    with instant_site(browser, built_site, "lessons/07-ravines-momentum/") as (probe, _):
        page = probe.page
        follow_footer(page, "next", PAGE, NAME)
        assert_same_document(page)
        # lesson 7's widgets are gone; of this page's, the trainer runs (the try-it cell is set up when it comes near)
        assert page.evaluate(f"window.gdnotes.widgets.live('{NAME}')") == 1
        assert page.evaluate("window.gdnotes.widgets.live('momentum-race') + window.gdnotes.widgets.live('momentum-map')") == 0
        root = page.locator(f'[data-gd-widget="{NAME}"]')
        button(root, "Train").click()
        wait_state(root, "s.k > 3")
        count_frames(page)
        # on to lesson 9; once its own widget is set up (which draws in frames of its own), no frame may run
        follow_footer(page, "next", "lessons/09-beyond-gd/", "optimizer-race")
        page.wait_for_timeout(300)
        assert page.evaluate("[...document.querySelectorAll('[data-gd-widget=\"regression-trainer\"]')].length") == 0
        assert_no_frames_run(page, "the trainer")
        go_back(page, PAGE, NAME)
        assert state(page.locator(f'[data-gd-widget="{NAME}"]'))["phase"] == "ready"
        assert_same_document(page)


def test_code_loads_only_on_the_lesson(browser: object, site_url: str) -> None:
    with page_probe(browser) as own:
        assert_code_loads_only_here(own, lambda: open_trainer(own, site_url), ("regression-trainer/regression-trainer.js",), site_url + "lessons/04-learning-rate/")


def test_weight(built_site: Path) -> None:
    """The trainer's code and styles (with the shared loader and styles), gzipped, stay small; printed for the report."""
    assert_light(built_site, NAME, ("regression-trainer/regression-trainer.js", "regression-trainer/regression-trainer.css"), 12_000, 25_000, PAGE)


def test_redraw_is_fast(browser: object, site_url: str) -> None:
    """Input to pixels for learning-rate slider moves (each reruns the fit, up to 5000 steps): median under 16 ms.
    On a page of its own, without Playwright's clock: real draw times."""
    with page_probe(browser) as probe:
        redraw_is_fast(probe, open_trainer(probe, site_url))


def redraw_is_fast(probe: PageProbe, root) -> None:
    root.get_by_role("button", name="Step", exact=True).click()
    timings = input_to_pixels(root, [0.001 + 0.0025 * (i % 20) for i in range(23)], canvas='canvas[aria-roledescription="contour map"]')
    root.get_by_label("or type α", exact=True).fill("0.05")
    assert_input_and_frames_fast(probe, root, "regression-trainer", timings, "slider", "Train", 3000)
