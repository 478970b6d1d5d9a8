"""The optimizer race of lesson 9: its builder, and the widget in Chromium on the built site.

Builder: the root and config (each surface's one definition, the lesson's
racers with their rates, the update rules' defaults), a fallback table that
holds the package's step counts, clear errors for bad arguments.

Browser: every optimizer's path drawn on both
surfaces equals gdnotes.descent.run to 1e-9 for several starts and rates,
diverging runs included, and its finish step equals
comparison.steps_to_tolerance; Play, Pause, Step and Reset; show/hide; the
keyboard, a tap on a phone, bad typed input, reduced motion, a screen
reader that is not flooded, teardown on instant navigation; a redraw is
timed and the code weighed. The fallback table's rows are counted in the
built page; what every widget does alike (ready, labelled, a phone's width,
the dark palette, no JavaScript) is in test_widget_conformance.py.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from _browser import assert_bad_input_refused, assert_canvas_room, assert_focus_shows, assert_input_and_frames_fast, assert_light, assert_no_frames_run, assert_pause_holds, assert_reset, assert_same_document, assert_same_path, assert_start_keys, button, count_frames, fallback_rows, input_to_pixels, instant_site, leave_for_the_glossary, open_widget, page_probe, picture, state, status, tab_to, wait_ready, wait_state, wait_status, widget_config
from _browser import nothing_erred  # noqa: F401  (autouse: after each test, nothing erred on its probe and phone_probe)
from _lessons_browser import Lesson, advance, assert_status_quiet_in_page_time, packed, run_until, shared_page
from conftest import PageProbe

from gdnotes import descent, optimizers, surfaces, widgets
from gdnotes.figures import comparison

NAME = "optimizer-race"
PAGE = "lessons/09-beyond-gd/"
TOLERANCE = 1e-4
BOXES = [((-10, 4), (-3, 3)), ((-1.6, 1.6), (-0.4, 2.2))]
# the lesson's races (docs/lessons/09-beyond-gd.md)
SETUPS = {
    "ravine": ((-9.0, 2.0), 200, [0.07, 0.02, 0.05, 2.0, 0.1, 0.3]),
    "rosenbrock": ((-1.2, 1.0), 1000, [0.002, 0.002, 0.001, 1.0, 0.01, 0.2]),
}


def family(rates: list[float]) -> list[optimizers.Optimizer]:
    """The six racers, in the lesson's order, with these learning rates."""
    return [
        optimizers.gradient_descent(rates[0]),
        optimizers.momentum(rates[1]),
        optimizers.momentum(rates[2], nesterov=True),
        optimizers.adagrad(rates[3]),
        optimizers.rmsprop(rates[4]),
        optimizers.adam(rates[5]),
    ]


def races() -> list[list[comparison.Racer]]:
    return [comparison.race(name, family(rates), start, steps, TOLERANCE) for name, (start, steps, rates) in SETUPS.items()]


# --------------------------------------------------------------------- the builder


@pytest.fixture(scope="module")
def html() -> str:
    return widgets.optimizer_race(races(), TOLERANCE, BOXES)


def test_root_and_config(html: str) -> None:
    assert "optimizer_race" in widgets.__all__
    config = widget_config(html, NAME, style=True)
    assert config["tolerance"] == TOLERANCE and config["divergenceLimit"] == descent.DIVERGENCE_LIMIT
    assert set(config["rules"]) == {"gradient_descent", "momentum", "adagrad", "rmsprop", "adam"}
    assert len(set(config["markers"])) == 6
    for race, (name, (start, steps, rates)), box in zip(config["races"], SETUPS.items(), BOXES):
        surface = surfaces.get(name)
        assert race["surface"]["value"] == surface.javascript["value"]
        assert race["surface"]["gradient"] == list(surface.javascript["gradient"])
        assert (race["start"], race["steps"], race["box"]) == (list(start), steps, [list(map(float, b)) for b in box])
        assert [r["hyperparameters"]["learning_rate"] for r in race["racers"]] == rates
        assert [r["rule"] for r in race["racers"]] == ["gradient_descent", "momentum", "momentum", "adagrad", "rmsprop", "adam"]
        assert [r["hyperparameters"].get("nesterov") for r in race["racers"][:3]] == [None, False, True]
        assert race["levels"] == sorted(race["levels"])
    assert widgets.optimizer_race(races(), TOLERANCE, BOXES) == html, "the output must be reproducible"


def test_fallback_counts_are_the_package_counts(html: str) -> None:
    rows = re.findall(r"<tr><td>([^<]*)</td><td>([^<]*)</td><td>([^<]*)</td></tr>", html)
    ravine, rosenbrock = races()
    assert [r[0] for r in rows] == [r.optimizer.name for r in ravine]
    for row, a, b in zip(rows, ravine, rosenbrock):
        assert row[1] == f"α = {a.optimizer.hyperparameters['learning_rate']:g}: {a.steps_to_tolerance} steps"
        if b.steps_to_tolerance is None:
            assert row[2].startswith(f"α = {b.optimizer.hyperparameters['learning_rate']:g}: not within 1000 steps (loss ")
        else:
            assert row[2].endswith(f": {b.steps_to_tolerance} steps")
    diverging = comparison.race("ravine", [optimizers.gradient_descent(0.1)], (-9.0, 2.0), 200, TOLERANCE)
    cell = re.findall(r"<td>([^<]*)</td>", widgets.optimizer_race([diverging], boxes=[BOXES[0]]))[1]
    assert cell == f"α = 0.1: diverges at step {int(diverging[0].path.diverged_at[0])}"
    assert "JavaScript" in html and "gd-widget-note" in html


def test_without_javascript_the_table_has_the_six_racers(built_site: Path) -> None:
    assert fallback_rows(built_site, PAGE, NAME) == 6


@pytest.mark.parametrize(
    ("arguments", "error", "words"),
    [
        ({"races": []}, TypeError, "races"),
        ({"races": "ravine"}, TypeError, "races"),
        ({"races": [[1, 2]], "boxes": None}, TypeError, "races[0]"),
        ({"tolerance": 0}, ValueError, "tolerance"),
        ({"tolerance": "small"}, TypeError, "tolerance"),
        ({"boxes": [BOXES[0]]}, TypeError, "boxes"),
        ({"boxes": [((0, 4), (-3, 3)), BOXES[1]]}, ValueError, "boxes[0]"),
        ({"boxes": [((4, 0), (-3, 3)), BOXES[1]]}, ValueError, "boxes[0]"),
        ({"max_typed_rate": 1.0}, ValueError, "max_typed_rate"),
        ({"max_typed_rate": -1}, ValueError, "max_typed_rate"),
    ],
)
def test_bad_arguments_fail_clearly(arguments: dict, error: type, words: str) -> None:
    given = {"races": races(), "tolerance": TOLERANCE, "boxes": BOXES} | arguments
    with pytest.raises(error, match=re.escape(words)):
        widgets.optimizer_race(**given)


def test_mixed_races_are_refused() -> None:
    a = comparison.race("ravine", [optimizers.adam(0.1)], (-9.0, 2.0), 50, TOLERANCE)
    b = comparison.race("ravine", [optimizers.adam(0.1)], (-8.0, 2.0), 50, TOLERANCE)
    with pytest.raises(ValueError, match="one start"):
        widgets.optimizer_race([a + b])


# --------------------------------------------------------------------- the widget in the browser


# Lesson 9, loaded once for this module's desktop tests; each sets the race up afresh (``lesson.open``). On
# Playwright's clock: a race runs to its end in page time (``run_until``), not in real seconds.
# (_lessons_browser.shared_page: each test's page is put back as loaded)
lesson, probe = shared_page(PAGE, (NAME,), clock=True)


def open_race(probe: PageProbe, site_url: str):
    """The race on a page of its own (a phone's, or one that times real draws)."""
    return open_widget(probe, site_url, NAME, PAGE)


def drawn_paths(root) -> list[dict]:
    return packed(root, "r => r.__gdWidget.widget.paths()")


def tab_from(page, before, target) -> None:
    """Focus ``before``, then reach ``target`` with one Tab, as a keyboard user does; the focus must show."""
    before.focus()
    page.keyboard.press("Tab")
    assert_focus_shows(target)


def rate_box(root, name: str):
    return root.get_by_label(f"Learning rate α of {name}", exact=True)


def test_race_waits_on_the_ravine(probe: PageProbe, lesson: Lesson) -> None:
    root = lesson.open(NAME)
    assert_canvas_room(probe, root.locator("canvas.gd-canvas"), 500, 400)
    assert status(root).startswith("The narrow ravine: 6 optimizers wait at (x, y) = (−9, 2)")
    s = state(root)
    assert s["phase"] == "ready" and s["surface"] == "ravine" and len(s["racers"]) == 6
    assert [r["rate"] for r in s["racers"]] == SETUPS["ravine"][2]


def test_every_path_drawn_is_the_package_path(probe: PageProbe, lesson: Lesson) -> None:
    root = lesson.open(NAME)
    select = root.get_by_label("Surface", exact=True)
    outcomes = set()
    cases = {
        "ravine": [((-9.0, 2.0), None), ((3.5, -2.4), None), ((-6.0, 1.0), [0.1, 0.08, 0.09, 9.0, 2.0, 3.0])],
        "rosenbrock": [((-1.2, 1.0), None), ((0.5, 2.0), [0.001, 0.001, 0.0005, 0.5, 0.005, 0.05]), ((-1.5, 2.0), [0.01, 0.004, 0.003, 3.0, 0.05, 1.0])],
    }
    for index, (name, settings) in enumerate(cases.items()):
        select.select_option(str(index))
        steps = SETUPS[name][1]
        for start, rates in settings:
            rates = rates or SETUPS[name][2]
            root.get_by_label("Start x", exact=True).fill(str(start[0]))
            root.get_by_label("Start y", exact=True).fill(str(start[1]))
            for optimizer, rate in zip(family(SETUPS[name][2]), rates):
                rate_box(root, optimizer.name).fill(str(rate))
            s = state(root)
            assert s["surface"] == name and s["start"] == list(start) and [r["rate"] for r in s["racers"]] == rates
            for js, racer, optimizer in zip(drawn_paths(root), s["racers"], family(rates)):
                path = descent.run(name, optimizer, start, steps)
                assert js["name"] == optimizer.name
                assert_same_path(js, path)
                finish = comparison.steps_to_tolerance(path, TOLERANCE)
                assert racer["finish"] == finish
                outcomes.add("finish" if finish is not None else "diverged" if path.diverged[0] else "unfinished")
    assert outcomes == {"finish", "diverged", "unfinished"}
    # and the widget's own step loop on any rule, straight through its hook
    for index, name in enumerate(SETUPS):
        for make, rule, hyper in [
            (optimizers.adam(0.05, beta1=0.8), "adam", {"learning_rate": 0.05, "beta1": 0.8}),
            (optimizers.momentum(0.01, 0.5, nesterov=True), "momentum", {"learning_rate": 0.01, "beta": 0.5, "nesterov": True}),
            (optimizers.rmsprop(0.02, rho=0.9), "rmsprop", {"learning_rate": 0.02, "rho": 0.9}),
        ]:
            js = packed(root, "(r, a) => r.__gdWidget.widget.path(a[0], a[1], a[2], a[3], 300)", [index, rule, hyper, [0.3, 1.5]])
            assert_same_path(js, descent.run(name, make, (0.3, 1.5), 300))


def test_step_play_pause_and_reset(probe: PageProbe, lesson: Lesson) -> None:
    root = lesson.open(NAME)
    first, said = picture(root), status(root)
    root.get_by_role("button", name="Step", exact=True).click()
    s = state(root)
    assert s["step"] == 1 and s["phase"] == "paused" and all(r["step"] == 1 for r in s["racers"])
    assert picture(root) != first
    words = wait_status(root, "^Step 1:")
    assert "Adam loss" in words and words != said
    assert "step 1 · loss" in root.locator(".gd-orace-progress").first.text_content()
    root.get_by_role("button", name="Play", exact=True).click()
    assert state(root)["phase"] == "playing"
    wait_status(root, "^Race on")
    wait_state(root, "s.step > 10")
    assert_pause_holds(probe, root, "step")
    assert_reset(root, "step", first)
    # a whole race: every racer stops at its finish, and the verdict names them in order
    root.get_by_role("button", name="Play", exact=True).click()
    run_until(probe.page, root, "s.phase === 'done'")  # in page time
    advance(probe.page, 1500)  # the verdict is said within a second
    s = state(root)
    finishes = [r.steps_to_tolerance for r in races()[0]]
    assert [r["step"] for r in s["racers"]] == finishes and s["end"] == max(finishes)
    said = wait_status(root, "^Race over")
    order = sorted(zip(finishes, [r["name"] for r in s["racers"]]))
    assert ", ".join(f"{n} at step {k}" for k, n in order) in said
    assert root.get_by_role("button", name="Step", exact=True).is_disabled()


def test_show_hide_and_divergence_end_cleanly(probe: PageProbe, lesson: Lesson) -> None:
    root = lesson.open(NAME)
    for name in ["momentum", "Nesterov momentum", "AdaGrad", "RMSProp"]:
        root.get_by_label(name, exact=True).set_checked(False)
    s = state(root)
    assert [r["shown"] for r in s["racers"]] == [True, False, False, False, False, True]
    rate_box(root, "gradient descent").fill("0.1")
    plain = descent.run("ravine", optimizers.gradient_descent(0.1), (-9.0, 2.0), 200)
    adam = comparison.race("ravine", [optimizers.adam(0.3)], (-9.0, 2.0), 200, TOLERANCE)[0]
    assert plain.diverged[0]
    assert state(root)["end"] == max(int(plain.diverged_at[0]), adam.steps_to_tolerance), "hidden racers do not count"
    root.get_by_role("button", name="Play", exact=True).click()
    run_until(probe.page, root, "s.phase === 'done'")  # in page time
    advance(probe.page, 1500)  # the verdict is said within a second
    said = wait_status(root, "^Race over")
    assert f"Gradient descent diverged at step {int(plain.diverged_at[0])}" in said and "smaller α" in said
    assert "momentum" not in said.replace("Adam", "")
    progress = root.locator(".gd-orace-progress")
    assert progress.first.text_content() == f"✗ diverged, step {int(plain.diverged_at[0])}"
    assert progress.nth(1).text_content() == "hidden"
    assert "NaN" not in root.locator(".gd-ui").text_content()
    # hiding everyone leaves nothing to play, said so
    for name in ["gradient descent", "Adam"]:
        root.get_by_label(name, exact=True).set_checked(False)
    root.get_by_role("button", name="Play", exact=True).click()
    wait_status(root, "hidden")
    assert state(root)["phase"] != "playing"


def test_keyboard_moves_the_start_and_plays(probe: PageProbe, lesson: Lesson) -> None:
    page = probe.page
    root = lesson.open(NAME)
    canvas = root.locator("canvas.gd-canvas")
    select = root.get_by_label("Surface", exact=True)
    tab_from(page, select, canvas)
    assert_start_keys(page, root)
    page.keyboard.press("Shift+Tab")
    assert select.evaluate("el => document.activeElement === el")
    assert select.evaluate("el => getComputedStyle(el).outlineStyle") != "none", "keyboard focus is not visible"
    page.keyboard.press("ArrowDown")
    wait_state(root, "s.surface === 'rosenbrock'")
    assert state(root)["phase"] == "ready" and state(root)["start"] == [-1.2, 1.0]
    check = root.get_by_label("Adam", exact=True)
    tab_to(page, check)
    page.keyboard.press("Space")
    assert state(root)["racers"][5]["shown"] is False
    wait_status(root, "^Adam is hidden")


def test_on_a_phone(phone_probe: PageProbe, site_url: str) -> None:
    root = open_race(phone_probe, site_url)
    canvas = root.locator("canvas.gd-canvas")
    cb = canvas.bounding_box()
    assert cb["height"] > 350
    before = picture(root)
    canvas.tap(position={"x": cb["width"] * 0.8, "y": 60})
    s = state(root)
    assert s["start"][0] > 0 and s["start"][1] > 0.5, s["start"]
    assert picture(root) != before
    root.get_by_role("button", name="Step", exact=True).tap()
    assert state(root)["step"] == 1
    for js, optimizer in zip(drawn_paths(root), family(SETUPS["ravine"][2])):
        assert_same_path(js, descent.run("ravine", optimizer, tuple(s["start"]), 200))


def test_bad_typed_input_gets_a_message(probe: PageProbe, lesson: Lesson) -> None:
    root = lesson.open(NAME)
    messages = root.locator(".gd-message")
    adam = rate_box(root, "Adam")
    assert_bad_input_refused(root, adam, [("", "Adam: Type a learning rate"), ("abc", "is not a number"), ("-1", "greater than 0"), ("1e9", "too large"), ("NaN", "is not a number")], lambda s: s["racers"][5]["rate"], 0.3)
    assert_bad_input_refused(root, root.get_by_label("Start x", exact=True), [("", "Type a number for x"), ("x", "is not a number"), ("5", "between −10 and 4")], lambda s: s["start"], [-9.0, 2.0])
    adam.fill("0,2")  # a decimal comma is understood
    root.get_by_label("Start x", exact=True).fill("-8")
    assert state(root)["racers"][5]["rate"] == 0.2 and state(root)["start"] == [-8.0, 2.0]
    assert all(m.text_content() == "" for m in messages.all())


def test_reduced_motion_and_quiet_screen_reader(probe: PageProbe, lesson: Lesson) -> None:
    probe.page.emulate_media(reduced_motion="reduce")
    root = lesson.open(NAME)
    root.get_by_role("button", name="Play", exact=True).click()
    s = state(root)
    assert s["phase"] == "done" and s["step"] == s["end"]
    wait_status(root, "^Race over")
    # motion back, a new race: four seconds of it in page time, and the status line changes once to five times
    probe.page.emulate_media(reduced_motion="null")
    root = lesson.open(NAME)
    root.get_by_label("Surface", exact=True).select_option("1")
    assert_status_quiet_in_page_time(probe.page, root, "Play", "s.step > 100", "racing")


def test_race_stops_on_instant_navigation(browser: object, built_site: Path) -> None:
    with instant_site(browser, built_site, PAGE) as (probe, _):
        page = probe.page
        wait_ready(page, NAME)
        root = page.locator(f'[data-gd-widget="{NAME}"]')
        button(root, "Play").click()
        wait_state(root, "s.step > 3")
        count_frames(page)
        leave_for_the_glossary(page)
        assert_same_document(page)
        assert page.evaluate("window.gdnotes.widgets.live()") == 0
        assert_no_frames_run(page, "the race")


def test_weight(built_site: Path) -> None:
    """The race's own script gzipped; printed for the report (with the shared widgets.js and widgets.css)."""
    assert_light(built_site, NAME, ("optimizer-race/optimizer-race.js",), 10_000, page=PAGE)


def test_redraw_is_fast(browser: object, site_url: str) -> None:
    """Input to pixels for typed rates on the Rosenbrock race (each reruns a racer of 1000 steps), and frames of play.
    On a page of its own, without Playwright's clock: real draw times."""
    with page_probe(browser) as probe:
        redraw_is_fast(probe, open_race(probe, site_url))


def redraw_is_fast(probe: PageProbe, root) -> None:
    root.get_by_label("Surface", exact=True).select_option("1")
    timings = input_to_pixels(root, [0.05 + 0.01 * (i % 20) for i in range(23)], control=".gd-orace-table input[type=text]", index=5)
    assert_input_and_frames_fast(probe, root, "optimizer-race", timings, "typed-rate", "Play", 1500)
