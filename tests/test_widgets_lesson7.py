"""The momentum race of lesson 7: its builder, and the widget in Chromium on the built site.

Builder: the root and config (the surface's one definition, each update
rule's defaults read from gdnotes.optimizers), a fallback table that holds
the package's step counts, clear errors for bad arguments.

Browser: Play, Pause, Step and Reset change what is drawn and said; the
keyboard and a phone's taps work; bad typed input gets a message; the
race's runs, and any run of the six update rules, equal
gdnotes.descent.run to 1e-9 (diverging runs too) and the finish steps equal gdnotes.ravines.steps_to_tolerance; the screen reader is
not flooded; instant navigation stops the race; a redraw is timed and the
code weighed. The fallback table's rows are counted in the built page; what
every widget does alike (ready, labelled, a phone's width, the dark palette,
no JavaScript) is in test_widget_conformance.py.
"""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import pytest
from _browser import assert_bad_input_refused, assert_canvas_room, assert_code_loads_only_here, assert_input_and_frames_fast, assert_light, assert_moving, assert_no_frames_run, assert_pause_holds, assert_reset, assert_same_document, assert_same_path, assert_start_keys, button, changes_drawing_and_words, click_and_state, count_frames, fallback_rows, follow_footer, go_back, input_to_pixels, instant_site, leave_for_the_glossary, open_widget, page_probe, picture, press_on, state, status, tab_to, wait_ready, wait_state, wait_status, widget_config
from _browser import nothing_erred  # noqa: F401  (autouse: after each test, nothing erred on its probe and phone_probe)
from _lessons_browser import Lesson, advance, assert_status_quiet_in_page_time, packed, run_until, shared_page
from conftest import PageProbe

from gdnotes import descent, optimizers, ravines, surfaces, tables, theory, widgets

NAME = "momentum-race"
MAP = "momentum-map"  # the momentum map, which sets the race (issue 14): on the same page
PAGE = "lessons/07-ravines-momentum/"
START = (-9.0, 2.0)
BUDGET = 3000


# --------------------------------------------------------------------- the builder


@pytest.fixture(scope="module")
def html() -> str:
    return widgets.momentum_race()


def race(rate: float, beta: float, nesterov: bool = False, start=START, steps: int = BUDGET) -> tuple[descent.Path, descent.Path]:
    """The package's two runs of the race."""
    plain = descent.run("ravine", optimizers.gradient_descent(rate), start, steps)
    heavy = descent.run("ravine", optimizers.momentum(rate, beta, nesterov=nesterov), start, steps)
    return plain, heavy


def test_root_and_config(html: str) -> None:
    assert "momentum_race" in widgets.__all__
    config = widget_config(html, NAME, style=True)
    ravine = surfaces.get("ravine")
    assert config["surface"]["value"] == ravine.javascript["value"]
    assert config["surface"]["gradient"] == list(ravine.javascript["gradient"])
    assert config["surface"]["minima"] == [[0.0, 0.0]]
    assert (config["start"], config["learningRate"], config["beta"], config["nesterov"]) == ([-9.0, 2.0], 0.02, 0.9, False)
    assert (config["steps"], config["tolerance"], config["divergenceLimit"]) == (BUDGET, 1e-3, descent.DIVERGENCE_LIMIT)
    low, high, _ = config["rateRange"]
    # the slider reaches past plain gradient descent's limit 2/25, so a reader can watch it diverge
    assert low <= 0.02 <= high and high > 2 / max(ravines.curvatures("ravine"))
    assert config["betaRange"][0] == 0.0 and config["betaRange"][1] < 1
    levels = config["levels"]
    assert levels == sorted(levels) and len(set(levels)) == len(levels)
    assert widgets.momentum_race() == html, "the output must be reproducible"


def test_config_carries_every_rule_with_the_package_defaults(html: str) -> None:
    rules = widgets.config(html)["rules"]
    assert set(rules) == {"gradient_descent", "momentum", "adagrad", "rmsprop", "adam"}
    for name, defaults in rules.items():
        signature = inspect.signature(getattr(optimizers, name))
        expected = {k: p.default for k, p in signature.parameters.items() if p.default is not inspect.Parameter.empty}
        assert defaults == expected
    names = widgets.config(html)["names"]
    assert names == {
        "plain": "plain " + optimizers.gradient_descent(0.1).name,
        "momentum": optimizers.momentum(0.1).name,
        "nesterov": optimizers.momentum(0.1, nesterov=True).name,
    }


def test_fallback_counts_are_the_package_counts(html: str) -> None:
    rows = re.findall(r"<tr><td>([^<]*)</td><td>([^<]*)</td></tr>", html)
    counts = [
        ravines.steps_to_tolerance(descent.run("ravine", opt, START, BUDGET), 1e-3)
        for opt in (optimizers.gradient_descent(0.02), optimizers.momentum(0.02, 0.9), optimizers.momentum(0.02, 0.9, nesterov=True))
    ]
    assert rows == [
        ("plain gradient descent", str(counts[0])),
        ("momentum, β = 0.9", str(counts[1])),
        ("Nesterov momentum, β = 0.9", str(counts[2])),
    ]
    assert counts[1] < counts[0]
    assert "JavaScript" in html and "gd-widget-note" in html


def test_without_javascript_the_table_has_the_three_runners(built_site: Path) -> None:
    assert fallback_rows(built_site, PAGE, NAME) == 3


def test_fallback_reports_divergence_and_unfinished_runs() -> None:
    rows = dict(re.findall(r"<tr><td>([^<]*)</td><td>([^<]*)</td></tr>", widgets.momentum_race(learning_rate=0.1)))
    plain = descent.gradient_descent_path("ravine", 0.1, START, BUDGET)
    assert rows["plain gradient descent"] == f"diverges at step {int(plain.diverged_at[0])}"
    slow = dict(re.findall(r"<tr><td>([^<]*)</td><td>([^<]*)</td></tr>", widgets.momentum_race(learning_rate=0.001, steps=100)))
    gap = ravines.distances(descent.gradient_descent_path("ravine", 0.001, START, 100))[-1]
    assert slow["plain gradient descent"] == f"not yet: {tables.number(gap)} away after 100 steps"


@pytest.mark.parametrize(
    ("arguments", "error", "words"),
    [
        ({"surface": 3}, TypeError, "surface"),
        ({"surface": "bowl1d"}, ValueError, "2-D"),
        ({"surface": surfaces.quadratic([1.0, 2.0, 3.0])}, ValueError, "2-D"),
        ({"learning_rate": 0}, ValueError, "learning_rate"),
        ({"learning_rate": "0.1"}, TypeError, "learning_rate"),
        ({"learning_rate": 0.5}, ValueError, "rate_range"),
        ({"beta": 1.0}, ValueError, "beta"),
        ({"beta": -0.1}, ValueError, "beta"),
        ({"beta": 0.995}, ValueError, "beta_range"),
        ({"nesterov": 1}, TypeError, "nesterov"),
        ({"steps": 0}, ValueError, "steps"),
        ({"steps": 50_000}, ValueError, "steps"),
        ({"steps": 2.5}, TypeError, "steps"),
        ({"tolerance": 0}, ValueError, "tolerance"),
        ({"start": (11.0, 0.0)}, ValueError, "start"),
        ({"start": (1.0,)}, ValueError, "start"),
        ({"rate_range": "fast"}, TypeError, "rate_range"),
        ({"max_typed_rate": 0.1}, ValueError, "max_typed_rate"),
        ({"beta_range": (0.5, 0.2, 0.01)}, ValueError, "beta_range"),
        ({"beta_range": (0.0, 1.0, 0.01)}, ValueError, "beta_range[1]"),
        ({"beta_range": 0.9}, TypeError, "beta_range"),
    ],
)
def test_bad_arguments_fail_clearly(arguments: dict, error: type, words: str) -> None:
    with pytest.raises(error, match=re.escape(words)):
        widgets.momentum_race(**arguments)


def test_surface_without_a_minimum_is_refused() -> None:
    saddle = surfaces.get("saddle")
    if saddle.minima:
        pytest.skip("the saddle lists a minimum")
    with pytest.raises(ValueError, match="minimum"):
        widgets.momentum_race(surface=saddle, start=(1.0, 0.5))


# --------------------------------------------------------------------- the widget in the browser


# Lesson 7, loaded once for this module's desktop tests; each sets the race and the map up afresh (``lesson.open``).
# On Playwright's clock: a race runs to its end in page time (``run_until``), not in real seconds.
# (_lessons_browser.shared_page: each test's page is put back as loaded)
lesson, probe = shared_page(PAGE, (NAME, MAP), clock=True)


# Lesson 7 on a 390 x 844 touch page, as on a phone, loaded once for this module's phone tests.
# (_lessons_browser.shared_page: each test's page is put back as loaded)
phone_lesson, phone_probe = shared_page(PAGE, (NAME, MAP), viewport={"width": 390, "height": 844}, lesson="phone_lesson", probe="phone_probe")


def run_in_widget(root, rule: str, hyperparameters: dict, start, steps: int) -> dict:
    """A run of ``rule`` with the widget's own math (optimizers.js and the config's surface)."""
    return packed(root, "(r, a) => r.__gdWidget.widget.path(a[0], a[1], a[2], a[3])", [rule, hyperparameters, [float(c) for c in start], steps])


def drawn_paths(root) -> list[dict]:
    return packed(root, "r => r.__gdWidget.widget.paths()")


def test_race_waits_at_the_start(probe: PageProbe, lesson: Lesson) -> None:
    root = lesson.open(NAME)
    assert_canvas_room(probe, root.locator("canvas.gd-canvas"), 300, 300)
    said = status(root)
    assert said.startswith("Both runners wait at (x, y) = (−9, 2)") and "Press Play" in said
    s = state(root)
    assert s["phase"] == "ready" and s["step"] == 0 and [r["step"] for r in s["racers"]] == [0, 0]
    assert "step 0" in root.locator(".gd-race-row").first.text_content()


def test_every_rule_runs_as_the_package_runs(probe: PageProbe, lesson: Lesson) -> None:
    root = lesson.open(NAME)
    ravine = surfaces.get("ravine")
    diverged = 0
    cases = 0
    starts = [(-9.0, 2.0), (6.5, -2.8), (0.3, 1.1)]
    for rate in [0.004, 0.02, 0.07, 0.0799, 0.1, 0.18]:
        for beta in [0.0, 0.5, 0.9, 0.99]:
            for nesterov in (False, True):
                start = starts[cases % len(starts)]  # the starts take turns, so each meets every setting somewhere
                path = descent.run(ravine, optimizers.momentum(rate, beta, nesterov=nesterov), start, 400)
                hyper = {"learning_rate": rate, "beta": beta, "nesterov": nesterov}
                assert_same_path(run_in_widget(root, "momentum", hyper, start, 400), path)
                diverged += bool(path.diverged[0])
                cases += 1
        for start in starts:
            plain = descent.gradient_descent_path(ravine, rate, start, 400)
            assert_same_path(run_in_widget(root, "gradient_descent", {"learning_rate": rate}, start, 400), plain)
    assert diverged >= 10 and cases - diverged >= 20, "the cases should mix converging and diverging runs"
    # the adaptive rules, which lesson 9 will race: defaults from the config, and others
    for start in [(-9.0, 2.0), (4.0, -1.0)]:
        for make, rule, hyper in [
            (optimizers.adagrad(0.5), "adagrad", {"learning_rate": 0.5}),
            (optimizers.adagrad(3.0, eps=1e-6), "adagrad", {"learning_rate": 3.0, "eps": 1e-6}),
            (optimizers.rmsprop(0.05), "rmsprop", {"learning_rate": 0.05}),
            (optimizers.rmsprop(0.01, rho=0.9, eps=1e-6), "rmsprop", {"learning_rate": 0.01, "rho": 0.9, "eps": 1e-6}),
            (optimizers.adam(0.1), "adam", {"learning_rate": 0.1}),
            (optimizers.adam(0.3, beta1=0.8, beta2=0.99, eps=1e-6), "adam", {"learning_rate": 0.3, "beta1": 0.8, "beta2": 0.99, "eps": 1e-6}),
            (optimizers.momentum(0.01), "momentum", {"learning_rate": 0.01}),
        ]:
            assert_same_path(run_in_widget(root, rule, hyper, start, 300), descent.run(ravine, make, start, 300))
    # the Rosenbrock valley is not quadratic: the same loop on another surface's math is checked by the lesson-1 tests


def test_bad_hyperparameters_are_refused_by_the_rules(probe: PageProbe, lesson: Lesson) -> None:
    root = lesson.open(NAME)
    errors = root.evaluate(
        """r => [
            ['momentum', {learning_rate: 0.1, beta: 1}],
            ['momentum', {learning_rate: -1}],
            ['adam', {learning_rate: 0.1, beta1: 0.9, beta2: 0.999, eps: 0}],
            ['gradient_descent', {learning_rate: NaN}],
            ['lbfgs', {learning_rate: 0.1}],
        ].map(([rule, h]) => { try { r.__gdWidget.widget.path(rule, h, [1, 1], 3); return 'no error'; }
                               catch (e) { return e.message; } })"""
    )
    assert "beta must be in [0, 1)" in errors[0]
    assert "learning_rate must be positive" in errors[1]
    assert "eps must be positive" in errors[2]
    assert "learning_rate must be finite" in errors[3]
    assert "unknown optimizer lbfgs" in errors[4]


def test_the_race_drawn_is_the_package_race(probe: PageProbe, lesson: Lesson) -> None:
    root = lesson.open(NAME)
    settings = [
        (0.02, 0.9, False),
        (0.005, 0.9, False),
        (0.07, 0.5, True),
        (0.1, 0.9, False),  # plain gradient descent diverges, momentum finishes
        (0.1, 0.9, True),  # both diverge
        (0.001, 0.3, False),  # plain gradient descent is not there after the budget
    ]
    rate_box = root.get_by_label("or type α", exact=True)
    beta_box = root.get_by_label("or type β", exact=True)
    switch = root.get_by_label("Nesterov look-ahead", exact=True)
    outcomes = set()
    for rate, beta, nesterov in settings:
        rate_box.fill(str(rate))
        beta_box.fill(str(beta))
        switch.set_checked(nesterov)
        s = state(root)
        assert (s["rate"], s["beta"], s["nesterov"]) == (rate, beta, nesterov)
        paths = race(rate, beta, nesterov)
        for js, path, racer in zip(drawn_paths(root), paths, s["racers"]):
            assert_same_path(js, path)
            finish = ravines.steps_to_tolerance(path, 1e-3)
            assert racer["finish"] == finish
            stop = finish if finish is not None else (int(path.diverged_at[0]) if path.diverged[0] else BUDGET)
            assert racer["stop"] == stop
            outcomes.add("finish" if finish is not None else "diverged" if path.diverged[0] else "unfinished")
        assert s["end"] == max(r["stop"] for r in s["racers"])
    assert outcomes == {"finish", "diverged", "unfinished"}
    # a new start, typed, gives the package's race from there
    root.get_by_label("Start x", exact=True).fill("5")
    root.get_by_label("Start y", exact=True).fill("-1.5")
    assert state(root)["start"] == [5.0, -1.5]
    for js, path in zip(drawn_paths(root), race(0.001, 0.3, False, start=(5.0, -1.5))):
        assert_same_path(js, path)


def test_step_play_pause_and_reset(probe: PageProbe, lesson: Lesson) -> None:
    root = lesson.open(NAME)
    plain, heavy = race(0.02, 0.9)
    first, said = picture(root), status(root)
    step = root.get_by_role("button", name="Step", exact=True)
    step.click()
    assert state(root)["step"] == 1 and state(root)["phase"] == "paused"
    assert picture(root) != first
    words = wait_status(root, "^Step 1:")
    assert tables.number(ravines.distances(plain)[1]) in words and tables.number(ravines.distances(heavy)[1]) in words
    assert words != said
    row = root.locator(".gd-race-row").first.text_content()
    assert "step 1" in row and tables.number(ravines.distances(plain)[1]) in row
    # play: the clock runs and the picture moves
    root.get_by_role("button", name="Play", exact=True).click()
    assert state(root)["phase"] == "playing"
    wait_status(root, "^Race on")
    wait_state(root, "s.step > 20")
    assert_moving(probe, root)
    paused = assert_pause_holds(probe, root, "step")
    wait_status(root, "^Paused. Step " + str(paused["step"]) + ":")
    assert_reset(root, "step", first)
    wait_status(root, "^Both runners wait")


def test_a_whole_race_marks_each_finish(probe: PageProbe, lesson: Lesson) -> None:
    """The race run to its end on Playwright's clock (a frame a quarter second, none waited for)."""
    root = lesson.open(NAME)
    plain, heavy = race(0.02, 0.9)
    finish = [ravines.steps_to_tolerance(p, 1e-3) for p in (plain, heavy)]
    root.get_by_role("button", name="Play", exact=True).click()
    run_until(probe.page, root, f"s.step >= {finish[1]}")
    s = state(root)
    assert s["racers"][1]["step"] == finish[1], "a finished runner stops at its finish"
    assert f"✓ finished in {finish[1]} steps" in root.locator(".gd-race-row").nth(1).text_content()
    run_until(probe.page, root, "s.phase === 'done'")
    advance(probe.page, 1500)  # the verdict is said within a second
    s = state(root)
    assert [r["step"] for r in s["racers"]] == finish and s["step"] == max(finish)
    said = wait_status(root, "^Race over")
    assert f"momentum (β = 0.9) finished in {finish[1]} steps" in said and f"plain gradient descent finished in {finish[0]} steps" in said
    assert tables.number(finish[0] / finish[1], 3) + " times fewer steps" in said
    assert root.get_by_role("button", name="Step", exact=True).is_disabled()
    # Play again starts a new race from the start
    s = click_and_state(root, root.get_by_role("button", name="Play", exact=True))
    assert s["phase"] == "playing" and s["step"] == 0


def test_divergence_ends_cleanly(probe: PageProbe, lesson: Lesson) -> None:
    root = lesson.open(NAME)
    root.get_by_label("or type α", exact=True).fill("0.2")
    plain, heavy = race(0.2, 0.9)
    assert plain.diverged[0] and heavy.diverged[0]
    root.get_by_role("button", name="Play", exact=True).click()
    run_until(probe.page, root, "s.phase === 'done'")
    advance(probe.page, 1500)  # the verdict is said within a second
    said = wait_status(root, "^Race over")
    assert f"diverged at step {int(plain.diverged_at[0])}" in said and f"diverged at step {int(heavy.diverged_at[0])}" in said
    assert "smaller α" in said
    rows = root.locator(".gd-race-row")
    assert f"✗ diverged at step {int(plain.diverged_at[0])}" in rows.first.text_content()
    assert "NaN" not in rows.first.text_content() + rows.nth(1).text_content()


def test_keyboard_moves_the_start_and_plays(probe: PageProbe, lesson: Lesson) -> None:
    page = probe.page
    root = lesson.open(NAME)
    tab_to(page, root.locator("canvas.gd-canvas"))
    assert_start_keys(page, root, r"\(−8\.5, 1\.8\)")
    # the buttons by keyboard: Enter on Play plays, then pauses; Space on Step takes one step
    tab_to(page, button(root, "Play"))
    for phase in ("playing", "paused"):
        page.keyboard.press("Enter")
        assert state(root)["phase"] == phase
    was = state(root)["step"]
    press_on(page, button(root, "Step"), "Space")
    assert state(root)["step"] == was + 1
    # the sliders
    press_on(page, root.get_by_label("Momentum β", exact=True), "ArrowLeft")
    assert state(root)["beta"] == 0.89
    press_on(page, root.get_by_label("Nesterov look-ahead", exact=True), "Space")
    assert state(root)["nesterov"] and state(root)["racers"][1]["key"] == "nesterov"


def test_a_click_moves_the_start(probe: PageProbe, lesson: Lesson) -> None:
    page = probe.page
    root = lesson.open(NAME)
    root.get_by_role("button", name="Step", exact=True).click()
    b = root.locator("canvas.gd-canvas").bounding_box()
    first = picture(root)
    # the middle of the top map, a little above the valley floor
    page.mouse.click(b["x"] + 42 + (b["width"] - 54) * 0.75, b["y"] + 60)
    s = state(root)
    assert s["start"][0] > 3 and s["start"][1] > 0
    assert s["step"] == 1, "moving the start keeps the clock"
    assert picture(root) != first
    for js, path in zip(drawn_paths(root), race(0.02, 0.9, start=tuple(s["start"]))):
        assert_same_path(js, path)
    wait_status(root, "^Step 1:")


def test_race_on_a_phone(phone_probe: PageProbe, phone_lesson: Lesson) -> None:
    root = phone_lesson.open(NAME)
    canvas = root.locator("canvas.gd-canvas")
    cb = canvas.bounding_box()
    assert cb["height"] > 350, "the maps and the chart need room on a phone too"
    with changes_drawing_and_words(root):
        canvas.tap(position={"x": cb["width"] * 0.8, "y": 60})
        assert state(root)["start"][0] > 3, state(root)["start"]
        wait_status(root, r"^Both runners wait at \(x, y\) = \(\d")
        button(root, "Step").tap()
        assert state(root)["step"] == 1


def test_bad_typed_input_gets_a_message(probe: PageProbe, lesson: Lesson) -> None:
    root = lesson.open(NAME)
    messages = root.locator(".gd-message")

    def check(label: str, cases: list[tuple[str, str]], key: str, kept: object) -> None:
        assert_bad_input_refused(root, root.get_by_label(label, exact=True), cases, lambda s: s[key], kept)

    check("or type α", [("", "Type a learning rate"), ("abc", "is not a number"), ("-0.1", "greater than 0"), ("0", "greater than 0"), ("1e9", "too large"), ("Infinity", "is not a number")], "rate", 0.02)
    check("or type β", [("", "Type a momentum β"), ("fast", "is not a number"), ("-0.2", "cannot be negative"), ("1", "must be below 1"), ("12", "must be below 1"), ("NaN", "is not a number")], "beta", 0.9)
    check("Start x", [("", "Type a number for x"), ("banana", "is not a number"), ("11", "x must be between −10 and 10"), ("-1e6", "between")], "start", [-9.0, 2.0])
    check("Start y", [("9", "y must be between −3 and 3")], "start", [-9.0, 2.0])
    # good input clears the messages
    root.get_by_label("or type β", exact=True).fill("0,5")  # a decimal comma is understood
    assert state(root)["beta"] == 0.5
    root.get_by_label("or type α", exact=True).fill("0.03")
    root.get_by_label("Start x", exact=True).fill("-7")
    root.get_by_label("Start y", exact=True).fill("1")
    assert state(root)["rate"] == 0.03 and state(root)["start"] == [-7.0, 1.0]
    assert all(m.text_content() == "" for m in messages.all())


def test_reduced_motion_jumps_to_the_end(probe: PageProbe, lesson: Lesson) -> None:
    """With reduced motion, nothing plays by itself and Play jumps straight to the end."""
    probe.page.emulate_media(reduced_motion="reduce")
    root = lesson.open(NAME)
    assert state(root)["phase"] == "ready", "nothing plays by itself"
    button(root, "Play").click()
    s = state(root)
    assert s["phase"] == "done" and s["step"] == s["end"], s
    wait_status(root, "^Race over")


def test_screen_reader_is_not_flooded(probe: PageProbe, lesson: Lesson) -> None:
    """Four seconds of a race, on Playwright's clock: the status line changes once to five times."""
    root = lesson.open(NAME)
    assert_status_quiet_in_page_time(probe.page, root, "Play", "s.step > 100", "racing")


def test_race_stops_on_instant_navigation(browser: object, built_site: Path) -> None:
    with instant_site(browser, built_site, "lessons/08-real-model/") as (probe, _):
        page = probe.page
        follow_footer(page, "prev", PAGE, NAME)
        assert_same_document(page)
        root = page.locator(f'[data-gd-widget="{NAME}"]')
        button(root, "Play").click()
        wait_state(root, "s.step > 3")
        # leave while it races: the next page must not keep a race running
        count_frames(page)
        leave_for_the_glossary(page)
        assert page.evaluate(f"window.gdnotes.widgets.live('{NAME}')") == 0, "the race left behind is still running"
        assert_no_frames_run(page, "the race")
        go_back(page, PAGE, NAME)
        assert page.evaluate(f"window.gdnotes.widgets.live('{NAME}')") == 1, "one race, set up afresh"
        assert state(page.locator(f'[data-gd-widget="{NAME}"]'))["phase"] == "ready"
        assert_same_document(page)


def test_code_loads_only_on_the_lesson(browser: object, site_url: str) -> None:
    """The race's code and the map's (both set up by open_widget, which readies every widget of the page) load here only."""
    with page_probe(browser) as own:
        scripts = ("momentum-race/momentum-race.js", "lib/optimizers.js", "momentum-map/momentum-map.js")
        assert_code_loads_only_here(own, lambda: open_widget(own, site_url, NAME, PAGE), scripts, site_url + "lessons/04-learning-rate/")


def test_weight(built_site: Path) -> None:
    """The race's code and styles (with the shared loader and styles), gzipped, stay small; printed for the report."""
    assert_light(built_site, NAME, ("momentum-race/momentum-race.js", "lib/optimizers.js", "momentum-race/momentum-race.css"), 13_000, 26_000, PAGE)


def test_redraw_is_fast(browser: object, site_url: str) -> None:
    """Input to pixels for alpha slider moves (each recomputes both runs of up to 3000 steps): median under 16 ms.
    On a page of its own, without Playwright's clock: real draw times."""
    with page_probe(browser) as probe:
        redraw_is_fast(probe, open_widget(probe, site_url, NAME, PAGE))


def redraw_is_fast(probe: PageProbe, root) -> None:
    timings = input_to_pixels(root, [0.002 + 0.0085 * (i % 20) for i in range(23)])
    # and frames of a race in progress
    root.get_by_label("or type α", exact=True).fill("0.005")
    assert_input_and_frames_fast(probe, root, "momentum-race", timings, "slider", "Play", 1500)


# --------------------------------------------------------------------- the momentum map, which sets the race (issue 14)

LAMS = (1.0, 25.0)


def the_race(page):
    root = page.locator(f'[data-gd-widget="{NAME}"]')
    return root, root.get_by_label("or type α", exact=True), root.get_by_label("or type β", exact=True)


def click_map(page, root, alpha: float, beta: float) -> None:
    root.locator("canvas.gd-canvas").scroll_into_view_if_needed()  # a pick before may have brought the race into view
    x, y = root.evaluate("(r, a) => r.__gdWidget.widget.pixel(a[0], a[1])", [alpha, beta])
    box = root.locator("canvas.gd-canvas").bounding_box()
    page.mouse.click(box["x"] + x, box["y"] + y)


def test_a_click_on_the_map_sets_the_race(probe: PageProbe, lesson: Lesson) -> None:
    page = probe.page
    root = lesson.open(MAP)
    race_root, alpha_box, beta_box = the_race(page)
    assert state(root)["picked"] == [0.02, 0.9]
    with changes_drawing_and_words(root):
        click_map(page, root, 0.06, 0.5)
        s = state(root)
        assert (s["alpha"], s["beta"], s["picked"]) == (0.06, 0.5, [0.06, 0.5])
        assert s["rate"] == pytest.approx(float(theory.heavy_ball_radius(0.06, 0.5, LAMS)), abs=5e-5)
        assert s["regime"] == theory.heavy_ball_regime(0.06, 0.5, LAMS)
        wait_status(root, r"The momentum race now runs with α = 0\.06 and β = 0\.5")
    # the race's controls show the values, and it races the package's runs with them
    assert alpha_box.input_value() == "0.06" and beta_box.input_value() == "0.5"
    r = state(race_root)
    assert (r["rate"], r["beta"], r["phase"]) == (0.06, 0.5, "ready")
    for js, path in zip(drawn_paths(race_root), race(0.06, 0.5)):
        assert_same_path(js, path)
    wait_status(race_root, r"^Set from the map: α = 0\.06, β = 0\.5\. Both runners wait")
    page.wait_for_function("r => { const b = r.getBoundingClientRect(); return b.bottom > 0 && b.top < innerHeight; }", arg=race_root.element_handle())
    # a point beyond the edge is sent too: the race shows it diverge
    click_map(page, root, 0.15, 0.2)
    assert theory.heavy_ball_regime(0.15, 0.2, LAMS) == "does not converge" == state(root)["regime"]
    assert alpha_box.input_value() == "0.15" and state(race_root)["beta"] == 0.2


def test_the_map_by_keyboard(probe: PageProbe, lesson: Lesson) -> None:
    page = probe.page
    root = lesson.open(MAP)
    race_root, alpha_box, beta_box = the_race(page)
    tab_to(page, root.locator("canvas.gd-canvas"))
    first = picture(root)
    for key in ("ArrowRight", "ArrowRight", "ArrowDown"):
        page.keyboard.press(key)
    s = state(root)
    assert (s["alpha"], s["beta"]) == (0.024, 0.88) and picture(root) != first
    rate = float(theory.heavy_ball_radius(0.024, 0.88, LAMS))
    said = wait_status(root, r"^α = 0\.024, β = 0\.88: rate ")
    assert tables.number(round(rate, 4)) in said and "Enter sets the race" in said
    assert alpha_box.input_value() == "0.02", "moving the cursor alone leaves the race alone"
    page.keyboard.press("Shift+ArrowLeft")
    assert state(root)["alpha"] == 0.014
    page.keyboard.press("End")  # the cell nearest the best point
    assert (state(root)["alpha"], state(root)["beta"]) == (0.112, 0.44)
    page.keyboard.press("Enter")
    assert (alpha_box.input_value(), beta_box.input_value()) == ("0.112", "0.44")
    assert state(root)["picked"] == [0.112, 0.44]
    page.keyboard.press("Home")
    assert (state(root)["alpha"], state(root)["beta"]) == (0.02, 0.9)
    page.keyboard.press("Space")
    assert (alpha_box.input_value(), beta_box.input_value()) == ("0.02", "0.9")
    # the button sends Polyak's best point itself
    best = ravines.best_heavy_ball(LAMS)
    press_on(page, button(root, "Race at the best point"), "Enter")
    assert (alpha_box.input_value(), beta_box.input_value()) == (f"{best[0]:.4g}", f"{best[1]:.4g}")
    wait_status(root, r"^The best point: α = 0\.1111, β = 0\.4444, rate 0\.6667")
    # the race says when its settings change, and the map's ring follows it
    alpha_box.fill("0.05")
    assert state(root)["picked"] == [0.05, float(f"{best[1]:.4g}")]


def test_bad_messages_and_presses_leave_the_race_alone(probe: PageProbe, lesson: Lesson) -> None:
    page = probe.page
    root = lesson.open(MAP)
    race_root, alpha_box, _ = the_race(page)
    accepted = page.evaluate(
        """() => [
            {learningRate: 'abc', beta: 0.5}, {learningRate: 0.05, beta: 1}, {learningRate: -1, beta: 0.5},
            {learningRate: NaN, beta: 0.5}, {learningRate: 0.05, beta: null}, {learningRate: 5, beta: 0.5}, {}, null,
        ].map(d => { document.dispatchEvent(new CustomEvent('gdnotes:momentum', {detail: d})); return !!(d && d.accepted); })"""
    )
    assert accepted == [False] * 8
    r = state(race_root)
    assert (r["rate"], r["beta"]) == (0.02, 0.9) and alpha_box.input_value() == "0.02"
    # a click on the colour bar, outside the map, picks nothing
    box = root.locator("canvas.gd-canvas").bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] - 8)
    assert state(root)["picked"] == [0.02, 0.9] and state(race_root)["rate"] == 0.02
    # with the race gone from the page, the map says so
    race_root.evaluate("r => r.remove()")
    click_map(page, root, 0.05, 0.3)
    wait_status(root, "There is no momentum race on this page to set")


def test_the_map_on_a_phone(phone_probe: PageProbe, phone_lesson: Lesson) -> None:
    page = phone_probe.page
    root = phone_lesson.open(MAP)
    race_root, alpha_box, beta_box = the_race(page)
    x, y = root.evaluate("r => r.__gdWidget.widget.pixel(0.1, 0.6)")
    root.locator("canvas.gd-canvas").tap(position={"x": x, "y": y})
    assert (alpha_box.input_value(), beta_box.input_value()) == ("0.1", "0.6")
    assert state(root)["picked"] == [0.1, 0.6]


def test_map_is_light(built_site: Path) -> None:
    """(Where the map's code loads: test_code_loads_only_on_the_lesson.)"""
    assert_light(built_site, MAP, ("momentum-map/momentum-map.js",), 6_000, 18_000, PAGE)
