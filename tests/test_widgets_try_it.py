"""The try-it code cell of lesson 4 in Chromium, on the built site.

Pyodide takes seconds to start, so one test loads it once and goes through
what a reader does: the page becomes ready without fetching any of Python;
Run loads it from the site itself and prints exactly the output computed at
build time; Ctrl+Enter runs an edited snippet (stderr kept and marked); a
raising snippet shows its traceback as an error; `while True: pass` is
stopped by Stop and by the time limit, and the cell works again after each;
Reset code brings the lesson's snippet back; then, on the same page and
Python, the lesson's challenge. No console errors, and every request stays
on 127.0.0.1. A second test, without loading Python, checks the phone width,
the dark palette and the message of a site built without the runtime, on a
page of its own. The challenges of lessons 3 and 8 run on the first test's
page, in copies of their cells as built swapped in for lesson 4's: each cell
starts its own Python (a cell's worker is its own), but in a browser that has
started it before, which is quicker than in a new one, and without loading
their lesson pages.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import PageProbe, open_probe
from test_widgets_browser import READY_TIMEOUT, clean, fallback_html, state

pytestmark = pytest.mark.browser

NAME = "try-it"
PAGE = "lessons/04-learning-rate/"
LOAD_TIMEOUT = 120_000  # Pyodide's first start on a busy two-core machine
TEST_LIMIT = 3.0  # seconds: the page's time limit, shortened for the test
ENDED = ("done", "error", "stopped", "failed", "missing")


@pytest.fixture(scope="module")
def desktop(browser: object) -> Iterator[PageProbe]:
    """The page this module's desktop tests share: the first opens lesson 4 on it, the challenges swap cells into it."""
    shared = open_probe(browser)
    yield shared
    shared.page.context.close()


@pytest.fixture
def probe(desktop: PageProbe) -> PageProbe:
    """The shared desktop page, its record of console errors and requests to other hosts emptied for this test."""
    desktop.console_errors.clear()
    desktop.external_requests.clear()
    return desktop


def open_cell(probe: PageProbe, site_url: str, time_limit: float | None = None):
    """Open lesson 4 (with the cell's time limit replaced, if given); wait until the cell is ready; return its root."""
    page = probe.page
    if time_limit is not None:

        def shorter(route) -> None:
            response = route.fetch()
            body = response.text()
            assert body.count("&quot;timeLimit&quot;:10.0") == 1
            body = body.replace("&quot;timeLimit&quot;:10.0", f"&quot;timeLimit&quot;:{time_limit}")
            route.fulfill(response=response, body=body)

        page.route(site_url + PAGE, shorter)
    requests: list[str] = []
    page.context.on("request", lambda request: requests.append(request.url))
    response = page.goto(site_url + PAGE)
    assert response is not None and response.ok
    root = page.locator(f'[data-gd-widget="{NAME}"]')
    assert root.count() == 1
    root.scroll_into_view_if_needed()  # the loader sets a widget up when it comes near
    page.wait_for_selector(f'[data-gd-widget="{NAME}"][data-gd-ready]', timeout=READY_TIMEOUT)
    return root, requests


def config(root) -> dict:
    return root.evaluate("r => JSON.parse(r.getAttribute('data-gd-config'))")


def wait_phase(root, phases: tuple[str, ...], timeout: int = LOAD_TIMEOUT) -> dict:
    root.page.wait_for_function(
        "([r, phases]) => phases.includes(r.getAttribute('data-gd-phase'))", arg=[root.element_handle(), list(phases)], timeout=timeout
    )
    return state(root)


def run_code(root, code: str, phases: tuple[str, ...] = ENDED) -> dict:
    root.locator("textarea").fill(code)
    root.get_by_role("button", name="Run", exact=True).click()
    return wait_phase(root, phases)


def test_run_edit_error_stop_time_limit_and_the_challenge(probe: PageProbe, site_url: str) -> None:
    """Lesson 4's cell, Python loaded once for all of it: Run, an edited snippet, errors, Stop, the time limit, Reset code;
    then its challenge (``challenge_misses_hints_passes_and_shows_its_solution``)."""
    root, requests = open_cell(probe, site_url, time_limit=TEST_LIMIT)
    page = probe.page
    built = config(root)
    challenge_before_run(root, built)
    assert built["timeLimit"] == TEST_LIMIT
    editor = root.get_by_role("textbox", name=built["label"])
    assert editor.input_value() == built["code"]
    assert editor.get_attribute("spellcheck") == "false" and editor.get_attribute("autocapitalize") == "off"
    first = state(root)
    assert first["phase"] == "idle" and first["output"] == built["output"] and not first["worker"]
    assert not [url for url in requests if "/assets/pyodide/" in url or "try-it-worker" in url], "Python was fetched before Run"
    assert root.locator("pre[aria-live]").count() == 1 and root.locator("[role=status]").count() == 1

    # Run: Python comes from the site itself and prints exactly what the build printed
    began = time.perf_counter()
    root.get_by_role("button", name="Run", exact=True).click()
    loading = root.locator(".gd-status")
    page.wait_for_function("r => /Loading Python \\(about \\d+ MB, first time only\\)/.test(r.textContent)", arg=loading.element_handle())
    ran = wait_phase(root, ENDED)
    seconds = time.perf_counter() - began
    assert ran["phase"] == "done", ran
    assert ran["output"] == built["output"]
    assert ran["megabytes"] >= 10
    fetched = sorted({url.rsplit("/", 1)[1] for url in requests if "/assets/pyodide/" in url})
    assert fetched == sorted(["manifest.json", "pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json"])
    print(f"try-it: Run to output {seconds:.1f} s (Python loaded in {ran['loadSeconds']:.1f} s, snippet ran in {ran['runSeconds']:.3f} s)")

    # an edited snippet, run from the keyboard (Ctrl+Enter); stderr is kept and marked
    editor.fill("import sys\nprint(sum(range(10)))\nprint('careful', file=sys.stderr)\nprint('end')")
    editor.press("Control+Enter")
    edited = wait_phase(root, ENDED)
    assert edited["phase"] == "done" and edited["runs"] == 2
    assert edited["output"] == "45\ncareful\nend\n"
    assert root.locator(".gd-tryit-stderr").text_content() == "careful\n"

    # each run starts from a fresh namespace, as at build time
    assert run_code(root, "print('sys' in globals())")["output"] == "False\n"

    # an exception: the traceback is shown as an error, in the output, not in the console
    failed = run_code(root, "def inverse(x):\n    return 1 / x\n\nprint('before')\nprint(inverse(0))")
    assert failed["phase"] == "error" and failed["error"]
    error = root.locator(".gd-tryit-error").text_content()
    assert failed["output"] == "before\n" + error
    assert error.startswith("Traceback (most recent call last):")
    assert 'File "<your code>", line 2, in inverse' in error and "return 1 / x" in error
    assert error.rstrip().endswith("ZeroDivisionError: division by zero")
    assert "_gdnotes_run" not in error, "the runner's own frame must not show"
    assert "exception" in failed["status"]
    syntax = run_code(root, "print('x'")
    assert syntax["phase"] == "error" and "SyntaxError" in syntax["output"] and "Traceback" not in syntax["output"]

    # a runaway loop: Stop ends it; the cell works again (a new worker)
    running = run_code(root, "while True: pass", ("running",))
    assert running["worker"]
    time.sleep(0.3)
    stop_button = root.get_by_role("button", name="Stop")
    assert stop_button.get_attribute("aria-disabled") == "false"
    stop_button.focus()
    page.keyboard.press("Enter")
    stopped = wait_phase(root, ("stopped",), timeout=5_000)
    assert root.get_by_role("button", name="Run", exact=True).evaluate("b => document.activeElement === b"), "focus should move to Run"
    assert stop_button.get_attribute("aria-disabled") == "true"
    assert not stopped["worker"] and "Stopped after" in stopped["status"]
    assert stopped["runSeconds"] < TEST_LIMIT
    again = run_code(root, "print('back')")
    assert again["phase"] == "done" and again["output"] == "back\n"

    # the time limit ends a loop that prints, keeping what it printed
    began = time.perf_counter()
    limited = run_code(root, "k = 0\nwhile True:\n    k += 1\n    if k % 1000000 == 0: print(k)", ("stopped",))
    assert time.perf_counter() - began < TEST_LIMIT + 5
    assert "time limit" in limited["status"] and "the time limit" in limited["output"]
    assert limited["output"].startswith("1000000\n")
    assert run_code(root, "print(6 * 7)")["output"] == "42\n"

    # Reset code brings the lesson's snippet back
    root.get_by_role("button", name="Reset code").click()
    assert editor.input_value() == built["code"]

    challenge_misses_hints_passes_and_shows_its_solution(page, root, built)
    stray = [url for url in requests if not url.startswith(site_url)]
    assert not stray, f"requests left the site: {stray}"
    clean(probe)


def test_phone_dark_palette_and_missing_runtime(phone_probe: PageProbe, site_url: str) -> None:
    """At 390 px in the dark palette the cell fits and reads; without the runtime in the site, Run says so."""
    page = phone_probe.page
    page.route("**/assets/pyodide/**", lambda route: route.fulfill(status=404, body="not found", content_type="text/plain"))
    root, requests = open_cell(phone_probe, site_url)
    built = config(root)
    width = page.viewport_size["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= width, "the page scrolls sideways on a phone"
    for part in ("textarea", "pre.gd-tryit-output", "button"):
        box = root.locator(part).first.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= width + 0.5, f"{part} does not fit the phone"
    buttons = root.locator(".gd-buttons button")
    assert buttons.count() == 3 and all(buttons.nth(i).bounding_box()["height"] >= 40 for i in range(3))
    page.evaluate("document.body.setAttribute('data-md-color-scheme', 'slate')")
    # Material eases a code block's background over 125 ms (a CSS transition): read the colours once it has ended
    page.evaluate("() => Promise.all(document.getAnimations().filter(a => a instanceof CSSTransition).map(a => a.finished))")
    for part in ("textarea", "pre.gd-tryit-output"):
        text, ground = root.evaluate(
            """(r, part) => {
                const style = getComputedStyle(r.querySelector(part));
                const channels = c => c.match(/[\\d.]+/g).slice(0, 3).map(Number);
                return [channels(style.color), channels(style.backgroundColor)];
            }""",
            part,
        )
        assert sum(text) > sum(ground) + 300, f"{part}: light text on a dark ground expected in the dark palette, got {text} on {ground}"

    root.get_by_role("button", name="Run", exact=True).click()
    missing = wait_phase(root, ENDED, timeout=10_000)
    assert missing["phase"] == "missing"
    assert "built without its Python runtime" in missing["status"]
    assert missing["output"] == built["output"], "the build-time output stays"
    assert root.get_by_role("button", name="Run", exact=True).get_attribute("aria-disabled") == "true"
    assert not [url for url in requests if "try-it-worker" in url or url.endswith((".wasm", ".zip", ".mjs"))]
    assert phone_probe.external_requests == []
    # the refused manifest is the one console error Chromium reports (a failed load)
    assert all("404" in message for message in phone_probe.console_errors), phone_probe.console_errors


# ------------------------------------------------------------------ challenges


def challenge_before_run(root, built: dict) -> None:
    """Lesson 4's challenge before any run: the starter in the box, no verdict yet, the hint hidden, the worked solution closed."""
    from gdnotes.challenges import CHALLENGES

    assert built["challenge"]["key"] == "rate" and built["code"] == CHALLENGES["rate"].starter
    assert root.locator(".gd-status.gd-tryit-verdict").count() == 0 and root.locator(".gd-ui .gd-tryit-hint").is_hidden()
    solution = root.locator("details.gd-tryit-solution")
    assert solution.is_visible() and solution.get_attribute("open") is None


def challenge_misses_hints_passes_and_shows_its_solution(page, root, built: dict) -> None:
    """Lesson 4's challenge, its starter in the box (Python loaded): the starter is "not yet" with the build's words and a
    hint; the solution is "done"; code that raises is not checked; the worked solution opens from the keyboard."""
    from gdnotes.challenges import CHALLENGES

    task = CHALLENGES["rate"]
    verdict = root.locator(".gd-status.gd-tryit-verdict")
    solution = root.locator("details.gd-tryit-solution")

    # the keyboard reaches Run from the code box (Tab leaves it), and Enter runs the starter
    editor = root.get_by_role("textbox", name=built["label"])
    assert editor.input_value() == task.starter
    editor.focus()
    page.keyboard.press("Tab")
    assert root.get_by_role("button", name="Run", exact=True).evaluate("b => document.activeElement === b")
    page.keyboard.press("Enter")
    missed = wait_phase(root, ENDED)
    assert missed["phase"] == "done" and missed["output"] == built["output"]
    assert missed["verdict"] == {"passed": False, "message": built["challenge"]["verdict"]}, "the page's check says what the build's said"
    assert missed["status"].startswith("Not yet. ") and built["challenge"]["verdict"] in missed["status"]
    hint = root.locator(".gd-ui .gd-tryit-hint")
    assert missed["hint"] and hint.is_visible() and hint.text_content().startswith("Hint:")
    assert hint.locator("math").count() >= 1, "the hint keeps its math"
    assert verdict.get_attribute("data-gd-verdict") == "miss" and verdict.locator("strong").text_content() == "Not yet."

    # a claim printed by the reader does not pass: the check recomputes
    boast = run_code(root, "alpha = 0.05\nprint('close enough: the task is met')")
    assert boast["verdict"]["passed"] is False and "0.05" in boast["verdict"]["message"]

    # the worked solution, typed in, passes; the hint goes away
    editor.fill(task.solution)
    editor.press("Control+Enter")
    solved = wait_phase(root, ENDED)
    assert solved["phase"] == "done" and solved["verdict"]["passed"] is True
    assert solved["status"].startswith("Done: the task is met.") and "within 0.001" in solved["status"]
    assert not solved["hint"] and hint.is_hidden()
    assert verdict.get_attribute("data-gd-verdict") == "pass"

    # code that raises: the traceback, and no verdict
    failed = run_code(root, "alpha = 0.4\nprint(1 / 0)")
    assert failed["phase"] == "error" and failed["verdict"] is None
    assert "not checked" in failed["status"] and verdict.count() == 0

    # the disclosure opens from the keyboard and shows the solution's code
    summary = solution.locator("summary")
    summary.focus()
    assert summary.evaluate("s => document.activeElement === s")
    page.keyboard.press("Enter")
    assert solution.get_attribute("open") is not None
    assert solution.locator("pre code").is_visible() and "alpha = 0.4" in solution.locator("pre code").text_content()


@pytest.mark.parametrize(("lesson", "key"), [("lessons/03-update-rule/", "update"), ("lessons/08-real-model/", "model")])
def test_a_challenge_on_another_lesson_runs(probe: PageProbe, site_url: str, built_site: Path, lesson: str, key: str) -> None:
    """The lesson's cell as built, swapped in for the cell on lesson 4's page (the one cell there: the old one is gone,
    its worker ended), runs its starter to "Not yet" with the build's words and its solution to "Done"."""
    from gdnotes.challenges import CHALLENGES, attempt

    task = CHALLENGES[key]
    page = probe.page
    assert (built_site / lesson / "index.html").read_text(encoding="utf-8").count(f'data-gd-widget="{NAME}"') == 1
    if page.url != site_url + PAGE:
        assert page.goto(site_url + PAGE).ok
    page.evaluate(
        """html => {
            const holder = document.createElement('div');
            holder.innerHTML = html;
            document.querySelector('[data-gd-widget="try-it"]').replaceWith(holder.firstElementChild);
            window.gdnotes.widgets.rescan();
        }""",
        fallback_html(built_site, lesson, NAME),
    )
    root = page.locator(f'[data-gd-widget="{NAME}"]')
    assert root.count() == 1
    root.scroll_into_view_if_needed()  # the loader sets a widget up when it comes near
    page.wait_for_selector(f'[data-gd-widget="{NAME}"][data-gd-ready]', timeout=READY_TIMEOUT)
    assert page.evaluate(f"window.gdnotes.widgets.live('{NAME}')") == 1
    assert config(root)["challenge"]["key"] == key and not state(root)["worker"]
    root.get_by_role("button", name="Run", exact=True).click()
    missed = wait_phase(root, ENDED)
    assert missed["verdict"] == {"passed": False, "message": attempt(task.starter, task).message}
    assert missed["hint"] and missed["status"].startswith("Not yet.")
    solved = run_code(root, task.solution)
    assert solved["verdict"] == {"passed": True, "message": attempt(task.solution, task).message}
    assert solved["status"].startswith("Done: the task is met.")
    clean(probe)
