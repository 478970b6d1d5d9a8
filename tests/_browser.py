"""Helpers shared by the browser tests: open a widget, read what it draws and says, drive it,
and the checks that every widget passes in its own way (ready and labelled, fits a phone,
repaints in the dark palette, teaches without JavaScript, keeps the screen reader quiet,
stops on instant navigation, loads its code only where it is used, weighs little, redraws fast);
also the checks of a widget builder's HTML (``widget_config``) and of the fallback as built
(``fallback_rows``). A test module that imports ``nothing_erred`` checks ``clean`` after each test.

The tests of lessons 1-4 (test_widgets_browser.py) and of each later lesson
(test_widgets_lessonN.py) import from here; test_widgets_browser.py re-exports the
older names for the files that import them from there.
"""

from __future__ import annotations

import contextlib
import gzip
import html.parser
import json
import mimetypes
import re
import statistics
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlsplit

import numpy as np
import pytest
from conftest import ROOT, PageProbe, mkdocs_config, open_probe

from gdnotes import descent, widgets

def _widget_pages() -> dict[str, str]:
    """Each registered widget's page (a URL path), found where the page's Markdown calls its function."""
    found: dict[str, str] = {}
    for source in sorted((ROOT / "docs").rglob("*.md")):
        text = source.read_text(encoding="utf-8")
        for name, widget in widgets.REGISTRY.items():
            if name not in found and f"widgets.{widget.function.__name__}(" in text:
                found[name] = source.relative_to(ROOT / "docs").with_suffix("").as_posix() + "/"
    return found


WIDGET_PAGES = _widget_pages()
PAGES = {name: WIDGET_PAGES[name] for name in ("surface-explorer", "gradient-field", "scrubber", "lr-lab")}
"""The widgets of lessons 1-4, whose own behaviour tests/test_widgets_browser.py tests, and their pages."""
READY_TIMEOUT = 10_000
SITE_URL = mkdocs_config()["site_url"]


# --------------------------------------------------------------------- the HTML a widget builder returns


def widget_config(html: str, name: str, style: bool = False) -> dict:
    """``html`` is one widget root named ``name`` (with ``data-gd-style`` when ``style``: it brings a stylesheet),
    holds a fallback and refers to no other host; return its config, checked to be strict JSON (no NaN or
    Infinity, which browsers' JSON.parse rejects)."""
    assert name in widgets.NAMES
    assert re.match(rf'<div class="gd-widget" data-gd-widget="{name}"{" data-gd-style" if style else ""} data-gd-config="[^"]*">', html)
    assert html.count("data-gd-widget=") == 1
    assert '<div class="gd-fallback">' in html
    assert not re.search(r'(src|href)="(https?:)?//', html), "a widget must not refer to another host"
    config = widgets.config(html)
    json.loads(json.dumps(config, allow_nan=False))
    return config


# --------------------------------------------------------------------- pages


@contextlib.contextmanager
def page_probe(browser: object, **options: object) -> Iterator[PageProbe]:
    """``conftest.open_probe(browser, **options)``, closed when the block ends."""
    probe = open_probe(browser, **options)
    try:
        yield probe
    finally:
        probe.page.context.close()


def served_at_site_url(browser: object, site: Path) -> PageProbe:
    """A desktop page that sees the built site at its real address (mkdocs.yml ``site_url``).

    Material's instant navigation only takes over links listed in
    sitemap.xml, and it rebases those URLs onto the current protocol and
    host but keeps the default port; on a local server with a port of its own
    every click would fall back to a full page load. So the site is served
    here, from the built files, at ``site_url`` itself; anything else is
    recorded and refused, as in ``conftest.open_probe``.
    """
    base = urlsplit(SITE_URL).path

    def serve(route_obj: object, url: str) -> bool:
        if not url.startswith(SITE_URL):
            return False
        path = urlsplit(url).path[len(base) :]
        target = site / path / "index.html" if path == "" or path.endswith("/") else site / path
        if target.is_file():
            kind = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
            route_obj.fulfill(status=200, body=target.read_bytes(), content_type=kind)
        else:
            route_obj.fulfill(status=404, body=(site / "404.html").read_bytes(), content_type="text/html")
        return True

    return open_probe(browser, serve=serve)


def clean(probe: PageProbe) -> None:
    """Nothing erred in the console and nothing was asked of another host."""
    assert probe.console_errors == [], probe.console_errors
    assert probe.external_requests == [], probe.external_requests


@pytest.fixture(autouse=True)
def nothing_erred(request: pytest.FixtureRequest) -> Iterator[None]:
    """Autouse in every test module that imports it: after each test, ``clean`` holds for its ``probe`` and ``phone_probe``."""
    probes = [request.getfixturevalue(name) for name in ("probe", "phone_probe") if name in request.fixturenames]
    yield
    for probe in probes:
        clean(probe)


def wait_all_ready(page, timeout: int = 30_000) -> None:
    """Wait until every widget on the page is ready (none still replacing its fallback).

    The loader sets a widget up when it comes near the viewport, so each is scrolled to in turn, as a
    reader would; then the page goes back to where it was.
    """
    page.evaluate(
        """async timeout => {
            const [x, y] = [scrollX, scrollY];
            const until = Date.now() + timeout;
            for (const root of document.querySelectorAll('[data-gd-widget]')) {
                if (root.hasAttribute('data-gd-ready')) continue;
                root.scrollIntoView({block: 'center'});
                while (!root.hasAttribute('data-gd-ready')) {
                    if (Date.now() > until) throw new Error('widget ' + root.dataset.gdWidget + ' never got ready');
                    await new Promise(r => setTimeout(r, 25));
                }
            }
            scrollTo(x, y);
        }""",
        timeout,
    )


def wait_ready(page, *names: str) -> None:
    """Wait until each widget ``names`` on the page is ready (scrolled to: the loader sets a widget up when it comes near)."""
    for name in names:
        page.locator(f'[data-gd-widget="{name}"]').first.scroll_into_view_if_needed()
        page.wait_for_selector(f'[data-gd-widget="{name}"][data-gd-ready]', timeout=READY_TIMEOUT)


def open_widget(probe: PageProbe, site_url: str, name: str, path: str | None = None):
    """Go to the page ``path`` (by default the lesson of widget ``name``); wait until the widget is ready; return its root."""
    page = probe.page
    path = PAGES[name] if path is None else path
    response = page.goto(site_url + path)
    assert response is not None and response.ok
    root = page.locator(f'[data-gd-widget="{name}"]')
    assert root.count() == 1, f"{path} should hold exactly one {name} widget"
    # every widget of the page first: one set up later near this one would move it under the pointer
    wait_all_ready(page)
    wait_ready(page, name)
    root.locator("canvas.gd-canvas").first.scroll_into_view_if_needed()
    return root


# --------------------------------------------------------------------- what a widget draws and says


def picture(root) -> str:
    """The widget's canvas, as pixels (a data URL): equal strings mean the same drawing."""
    return root.evaluate("r => r.querySelector('canvas.gd-canvas').toDataURL()")


def status(root) -> str:
    return root.locator(".gd-status").text_content() or ""


@contextlib.contextmanager
def changes_drawing_and_words(root, draw: Callable = picture) -> Iterator[None]:
    """What the block does changes both the drawing (``draw(root)``) and the words of the status line."""
    before = draw(root), status(root)
    yield
    after = draw(root), status(root)
    assert after[0] != before[0] and after[1] != before[1], "the drawing or the words did not change"


def state(root) -> dict:
    return root.evaluate("r => window.gdnotes.widgets.state(r)")


def click_and_state(root, control) -> dict:
    """Click ``control`` and return the widget's state right after its own click handler ran.

    A listener added after the widget's runs in the same task, so what it reads cannot be overtaken by
    animation frames, which a loaded machine may run before ``state`` could be asked.
    """
    control.evaluate(
        "(b, r) => b.addEventListener('click', () => { window.__stateAfterClick = window.gdnotes.widgets.state(r); }, {once: true})",
        root.element_handle(),
    )
    control.click()
    return root.page.evaluate("window.__stateAfterClick")


def wait_state(root, condition: str, timeout: int = 15_000) -> None:
    """Wait until ``condition`` (JS on the widget's state ``s``) holds."""
    handle = root.element_handle()
    root.page.wait_for_function(f"r => {{ const s = window.gdnotes.widgets.state(r); return {condition}; }}", arg=handle, timeout=timeout)


def wait_status(root, pattern: str, timeout: int = 5_000) -> str:
    """Wait until the status text matches the regular expression ``pattern``; return it."""
    handle = root.element_handle()
    root.page.wait_for_function(
        "([r, p]) => new RegExp(p).test(r.querySelector('.gd-status').textContent)", arg=[handle, pattern], timeout=timeout
    )
    return status(root)


def button(root, name: str):
    """The widget's button called exactly ``name``."""
    return root.get_by_role("button", name=name, exact=True)


def tab_to(page, target) -> None:
    """Reach ``target`` with the Tab key (from the focusable element just before it), as a keyboard user does."""
    page.evaluate(
        """el => {
            const all = [...document.querySelectorAll('a[href], button, input, select, textarea, [tabindex]')]
                .filter(e => e.tabIndex >= 0 && !e.disabled && e.offsetParent !== null);
            const i = all.indexOf(el);
            if (i > 0) all[i - 1].focus();
        }""",
        target.element_handle(),
    )
    page.keyboard.press("Tab")
    assert_focus_shows(target)


def press_on(page, target, key: str) -> None:
    """Reach ``target`` with the Tab key (``tab_to``: its focus shows) and press ``key`` there."""
    tab_to(page, target)
    page.keyboard.press(key)


def assert_focus_shows(target) -> None:
    """``target`` has the keyboard focus, and the focus can be seen."""
    assert target.evaluate("el => document.activeElement === el"), "Tab did not reach the control"
    assert target.evaluate("el => el.matches(':focus-visible')")
    assert target.evaluate("el => getComputedStyle(el).outlineStyle") != "none", "keyboard focus is not visible"


# --------------------------------------------------------------------- the same math


def js_path(root, start, rate: float, steps: int) -> dict:
    return root.evaluate(
        "(r, a) => window.gdnotes.widgets.path(r, a[0], a[1], a[2])", [list(np.atleast_1d(start).astype(float)), rate, steps]
    )


def js_paths(root, cases: list[tuple]) -> list[dict]:
    """``js_path`` for each ``(start, rate, steps)`` of ``cases``, all in one call to the page."""
    arguments = [[list(np.atleast_1d(start).astype(float)), float(rate), int(steps)] for start, rate, steps in cases]
    return root.evaluate("(r, cases) => cases.map(a => window.gdnotes.widgets.path(r, a[0], a[1], a[2]))", arguments)


def assert_same_path(js: dict, path: descent.Path) -> None:
    """The browser's run equals the package's to 1e-9, step for step, divergence included."""
    stop = int(path.diverged_at[0]) if path.diverged[0] else path.steps
    assert js["divergedAt"] == int(path.diverged_at[0])
    assert len(js["positions"]) == stop + 1
    positions = np.array(js["positions"], dtype=float)
    np.testing.assert_allclose(positions, path.positions[: stop + 1, 0, :], rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose(np.array(js["losses"], dtype=float), path.losses[: stop + 1, 0], rtol=1e-9, atol=1e-9)
    gradients = np.array(js["gradients"], dtype=float)
    np.testing.assert_allclose(gradients, path.gradients[: stop + 1, 0, :], rtol=1e-9, atol=1e-9)


# --------------------------------------------------------------------- checks every widget passes


def assert_enhanced(root, controls: str = ".gd-ui input") -> None:
    """The widget took over: marked enhanced, its fallback-only parts hidden, every control labelled."""
    assert "gd-enhanced" in (root.get_attribute("class") or "")
    for hidden in root.locator(".gd-fallback-only").all():
        assert not hidden.is_visible(), "the fallback should give way to the widget"
    for control in root.locator(controls).all():
        control_id = control.get_attribute("id")
        assert control_id and root.locator(f'label[for="{control_id}"]').count() == 1


def assert_canvas_room(probe: PageProbe, canvas, min_width: float, min_height: float) -> dict:
    """The canvas is larger than ``min_width`` x ``min_height`` CSS px and drawn at the device's pixel density; return its box."""
    box = canvas.bounding_box()
    assert box and box["width"] > min_width and box["height"] > min_height
    assert canvas.evaluate("c => c.width") == round(box["width"] * probe.page.evaluate("devicePixelRatio"))
    return box


def assert_fits_the_phone(
    root, page, controls: str = ".gd-ui button, .gd-ui input", min_height: float = 24, min_button_height: float | None = None
) -> None:
    """On a phone the widget and every control stay within the screen's width, and the controls can be tapped.

    The boxes (as Playwright's ``bounding_box`` gives them: CSS px in the viewport) are read in one call.
    """
    root.scroll_into_view_if_needed()
    width = page.viewport_size["width"]
    seen = root.evaluate(
        """(r, selector) => {
            const box = e => { const b = e.getBoundingClientRect(); return {x: b.x, width: b.width, height: b.height}; };
            return {root: box(r), fits: r.scrollWidth <= r.clientWidth + 1,
                    controls: [...r.querySelectorAll(selector)].map(box), buttons: [...r.querySelectorAll('.gd-ui button')].map(box)};
        }""",
        controls,
    )
    box = seen["root"]
    assert box["x"] >= 0 and box["x"] + box["width"] <= width
    assert seen["fits"], "the widget overflows the phone's width"
    for b in seen["controls"]:
        assert b["x"] >= 0 and b["x"] + b["width"] <= width, "a control is cut off at the phone's edge"
        assert b["height"] >= min_height, "a control is too small to tap"
    if min_button_height is not None:
        for b in seen["buttons"]:
            assert b["height"] >= min_button_height


def to_dark_palette(page) -> None:
    """What Material does when the reader picks the dark palette."""
    page.evaluate("document.body.setAttribute('data-md-color-scheme', 'slate')")


def changed(page, read: Callable[[], object], before: object, timeout: int = 3_000) -> object:
    """``read()`` polled every 50 ms until it differs from ``before`` or ``timeout`` ms pass; its last value.

    For a change a widget makes in an animation frame of its own, which a loaded machine can hold back:
    a fixed wait would fail there, this fails only when nothing changes at all.
    """
    deadline = time.monotonic() + timeout / 1000
    now = read()
    while now == before and time.monotonic() < deadline:
        page.wait_for_timeout(50)
        now = read()
    return now


def assert_repaints_in_the_dark(probe: PageProbe, root, draw: Callable = picture) -> tuple[str, str]:
    """Switch to the dark palette: the drawing (``draw(root)``) changes. Return it before and after."""
    light = draw(root)
    to_dark_palette(probe.page)
    dark = changed(probe.page, lambda: draw(root), light)
    assert dark != light
    return light, dark


@contextlib.contextmanager
def without_javascript(browser: object, site_url: str, path: str, name: str) -> Iterator:
    """The page ``path`` with JavaScript off: the widget ``name`` has no controls and says it needs JavaScript.

    Yields the widget's root for the test's own checks; afterwards nothing was asked of another host.
    """
    with page_probe(browser, java_script_enabled=False) as probe:
        probe.page.goto(site_url + path)
        root = probe.page.locator(f'[data-gd-widget="{name}"]')
        assert root.locator(".gd-ui").count() == 0
        note = root.locator(".gd-widget-note")
        assert note.is_visible() and "JavaScript" in note.text_content()
        yield root
        assert probe.external_requests == []


def count_status_changes(root) -> None:
    """From now on, ``window.__said`` counts the changes to the widget's status line."""
    root.evaluate(
        """r => { window.__said = 0; new MutationObserver(() => window.__said++)
                  .observe(r.querySelector('.gd-status'), {childList: true, characterData: true, subtree: true}); }"""
    )


def assert_status_quiet(probe: PageProbe, root, play: str, moved: Callable[[dict], bool], what: str) -> None:
    """Press ``play`` and let it run 4 s: ``moved(state)`` holds, and the status changed once to five times."""
    count_status_changes(root)
    button(root, play).click()
    probe.page.wait_for_timeout(4000)
    assert moved(state(root)), state(root)
    said = probe.page.evaluate("window.__said")
    assert 1 <= said <= 5, f"the status changed {said} times in 4 s of {what}"


def assert_reduced_motion_jumps(browser: object, open_it: Callable[[PageProbe], object], play: str, at_the_end: Callable[[dict], bool], said: str) -> None:
    """With reduced motion, nothing plays by itself and ``play`` jumps straight to the end (``at_the_end(state)``), saying ``said``."""
    with page_probe(browser) as probe:
        probe.page.emulate_media(reduced_motion="reduce")
        root = open_it(probe)
        assert state(root)["phase"] == "ready", "nothing plays by itself"
        button(root, play).click()
        s = state(root)
        assert s["phase"] == "done" and at_the_end(s), s
        wait_status(root, said)
        clean(probe)


def assert_pause_holds(probe: PageProbe, root, clock: str) -> dict:
    """Press Pause: the run stays paused, its ``clock`` (state key) still 300 ms later; return the paused state."""
    button(root, "Pause").click()
    paused = state(root)
    assert paused["phase"] == "paused"
    probe.page.wait_for_timeout(300)
    assert state(root)[clock] == paused[clock], "a paused run must not move"
    return paused


def assert_reset(root, clock: str, first: str, draw: Callable = picture) -> None:
    """Press Reset: back to the ready state at step 0, drawn as at first (``first``)."""
    button(root, "Reset").click()
    assert state(root)[clock] == 0 and state(root)["phase"] == "ready"
    assert draw(root) == first


def assert_moving(probe: PageProbe, root, draw: Callable = picture) -> None:
    """The drawing changes by itself (within 3 s): something is animating."""
    before = draw(root)
    assert changed(probe.page, lambda: draw(root), before) != before, "the pictures should move"


def assert_bad_input_refused(root, box, cases: list[tuple[str, str]], kept: Callable[[dict], object], expected: object) -> None:
    """Each ``(typed, words)``: typing it into ``box`` shows ``words`` in a visible message, marks the box invalid
    and leaves ``kept(state)`` at ``expected``."""
    messages = root.locator(".gd-message")
    for typed, words in cases:
        box.fill(typed)
        box.press("Enter")
        shown = " ".join(m.text_content() for m in messages.all() if m.is_visible())
        assert words in shown, (typed, shown)
        assert box.get_attribute("aria-invalid") == "true"
        assert kept(state(root)) == expected, "bad input must leave the widget alone"


def fallback_html(built_site: Path, path: str, name: str) -> str:
    """The HTML of the widget ``name`` on the built page ``path``, as a reader without JavaScript gets it.

    The page is not run: what a browser shows with JavaScript off is this HTML, so the rows of a fallback
    table can be counted here without a page load (the conformance suite checks, in Chromium, that the
    fallback is visible then).
    """

    class Root(html.parser.HTMLParser):
        def __init__(self) -> None:
            super().__init__(convert_charrefs=False)
            self.depth, self.start, self.end = 0, None, None

        def handle_starttag(self, tag: str, attrs: list) -> None:
            if self.start is None and tag == "div" and ("data-gd-widget", name) in attrs:
                self.start = self.getpos()
            if self.start is not None and self.end is None and tag == "div":
                self.depth += 1

        def handle_endtag(self, tag: str) -> None:
            if self.start is not None and self.end is None and tag == "div":
                self.depth -= 1
                if self.depth == 0:
                    self.end = self.getpos()

    document = (built_site / path / "index.html").read_text(encoding="utf-8")
    root = Root()
    root.feed(document)
    assert root.start is not None and root.end is not None, f"{path} holds no {name} widget"
    lines = document.splitlines(keepends=True)
    offset = lambda pos: sum(len(line) for line in lines[: pos[0] - 1]) + pos[1]  # noqa: E731
    return document[offset(root.start) : offset(root.end)]


def fallback_rows(built_site: Path, path: str, name: str) -> int:
    """How many body rows the fallback table of the widget ``name`` on the page ``path`` has."""
    part = fallback_html(built_site, path, name)
    assert part.count("<table") == 1, f"the fallback of {name} should hold one table"
    body = re.search(r"<tbody>(.*?)</tbody>", part, re.S)
    return len(re.findall(r"<tr[\s>]", body.group(1) if body else part.split("</thead>")[-1]))


# --------------------------------------------------------------------- instant navigation


@contextlib.contextmanager
def instant_site(browser: object, site: Path, start: str) -> Iterator[tuple[PageProbe, list[str]]]:
    """A page at ``site_url`` (``served_at_site_url``) on the page ``start``, marked (``mark_document``) and recording
    the documents it loads from the first (``record_documents``); when the block ends without an error, nothing
    erred (``clean``); the page is closed in any case."""
    probe = served_at_site_url(browser, site)
    try:
        documents = record_documents(probe.page)
        probe.page.goto(SITE_URL + start)
        mark_document(probe.page)
        yield probe, documents
        clean(probe)
    finally:
        probe.page.context.close()


def at_path(path: str) -> re.Pattern:
    """The URL of the page ``path`` at ``site_url``; Material may add the anchor of the heading in view."""
    return re.compile(re.escape(SITE_URL + path) + r"(#.*)?$")


def record_documents(page) -> list[str]:
    """The URLs of the documents the page loads from now on (an instant navigation loads none)."""
    documents: list[str] = []
    page.on("request", lambda request: documents.append(request.url) if request.resource_type == "document" else None)
    return documents


def mark_document(page) -> None:
    page.evaluate("window.__sameDocument = true")


def assert_same_document(page) -> None:
    assert page.evaluate("window.__sameDocument === true"), "a click reloaded the page"


def instant_to(page, path: str, move: Callable[[], object]) -> None:
    """Make the ``move`` that leads to ``path`` by instant navigation (a click, ``go_back``), and return once the
    page's new article is in: Material changes the URL before it swaps the content in, so a test that only waits
    for the URL can find the old page's widgets, ready, and act on them while the swap detaches them."""
    page.evaluate("document.querySelector('article').dataset.gdLeft = '1'")
    move()
    page.wait_for_url(at_path(path))
    page.wait_for_function("document.querySelector('article') !== null && document.querySelector('article[data-gd-left]') === null")


def follow_footer(page, link: str, path: str, *ready: str) -> None:
    """Click the footer's ``link`` ("next" or "prev"), land on ``path`` (its article in), wait until the widgets
    ``ready`` are.

    Every widget of the page is ready before the click: one still setting itself up may replace its
    fallback and move the footer from under the pointer.
    """
    wait_all_ready(page)
    instant_to(page, path, page.locator(f"a.md-footer__link--{link}").click)
    wait_ready(page, *ready)


def go_back(page, path: str, *ready: str) -> None:
    """Back (the browser's button) to ``path``, its article in; wait until the widgets ``ready`` are."""
    instant_to(page, path, page.go_back)
    wait_ready(page, *ready)


def count_frames(page) -> None:
    """From now on, ``window.__frames`` counts the animation frames asked for."""
    page.evaluate(
        """() => { window.__frames = 0; const raf = window.requestAnimationFrame;
                   window.requestAnimationFrame = cb => { window.__frames++; return raf(cb); }; }"""
    )


def assert_no_frames_run(page, what: str) -> None:
    """No animation frame is asked for over 300 ms."""
    frames = page.evaluate("window.__frames")
    page.wait_for_timeout(300)
    assert page.evaluate("window.__frames") == frames, f"animation frames still run after leaving {what}"


def leave_for_the_glossary(page) -> None:
    """To the glossary, a page without widgets, through the site's navigation."""
    click = "document.querySelector('nav.md-nav--primary a[href$=\"reference/glossary/\"]').click()"
    instant_to(page, "reference/glossary/", lambda: page.evaluate(click))
    page.wait_for_timeout(300)


# --------------------------------------------------------------------- code, weight and speed


def assert_code_loads_only_here(probe: PageProbe, open_it: Callable[[], object], scripts: tuple[str, ...], elsewhere: str) -> None:
    """``open_it()`` loads each of ``scripts`` (files in assets/widgets/); the page ``elsewhere`` (a URL) loads none."""
    requested: list[str] = []
    probe.page.on("request", lambda request: requested.append(request.url))
    open_it()
    probe.page.wait_for_load_state("networkidle")
    for script in scripts:
        assert any(u.endswith("assets/widgets/" + script) for u in requested), script
    requested.clear()
    probe.page.goto(elsewhere, wait_until="networkidle")
    assert not any(u.endswith(scripts) for u in requested)
    clean(probe)


def gzipped(path: Path) -> int:
    """The size of the file gzipped at level 9; 0 if there is no such file."""
    return len(gzip.compress(path.read_bytes(), 9)) if path.exists() else 0


def assert_light(built_site: Path, name: str, files: tuple[str, ...], own: int, with_shared: int | None = None, page: str | None = None) -> None:
    """The widget's own ``files`` (under assets/widgets/), gzipped, weigh less than ``own`` bytes, and with the shared
    widgets.js and widgets.css less than ``with_shared``; printed for the report (with the page ``page``'s weight)."""
    assets = built_site / "assets" / "widgets"
    weight = sum(gzipped(assets / file) for file in files)
    shared = gzipped(assets / "lib" / "widgets.js") + gzipped(assets / "lib" / "widgets.css")
    extra = f"; page {gzipped(built_site / page / 'index.html')} B gzip" if page else ""
    print(f"\n{name}: own code {weight} B gzip, with the shared widgets.js + widgets.css {weight + shared} B gzip{extra}")
    assert weight < own, f"{name}: its own code is {weight} bytes gzipped"
    assert with_shared is None or weight + shared < with_shared, f"{name}: its page loads {weight + shared} bytes of widget code gzipped"


def assert_start_keys(page, root, said: str | None = None) -> None:
    """A race's map has the focus (lessons 7 and 9, both from (−9, 2) on the ravine): → and ↓ move the start by
    0.5 and 0.2 (and the drawing and the Start x box follow; the status then matches ``said``), Shift+← stops at the
    map's edge, Home goes back, Enter plays and Space pauses."""
    first = picture(root)
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowDown")
    assert state(root)["start"] == [-8.5, 1.8]
    assert picture(root) != first
    assert root.get_by_label("Start x", exact=True).input_value() == "-8.5"
    if said is not None:
        wait_status(root, said)
    page.keyboard.press("Shift+ArrowLeft")
    assert state(root)["start"] == [-10.0, 1.8], "the start stays within the map"
    page.keyboard.press("Home")
    assert state(root)["start"] == [-9.0, 2.0]
    page.keyboard.press("Enter")
    assert state(root)["phase"] == "playing"
    page.keyboard.press(" ")
    assert state(root)["phase"] == "paused"


def input_to_pixels(
    root, values, control: str = "input[type=range]", index: int = 0, canvas: str = "canvas.gd-canvas", warmup: int = 3, passes: int = 3
) -> list[float]:
    """Milliseconds from each ``input`` event on a control to pixels on the canvas, one per value.

    The first ``warmup`` values are dropped (JIT). The sweep runs ``passes`` times and each value keeps its
    fastest time: another process taking the core for a moment (two test workers share two cores) then does
    not count as a slow redraw, while a redraw that is slow every time still is.
    """
    timings = root.evaluate(
        """(r, [values, control, index, canvas, passes]) => {
            const box = r.querySelectorAll(control)[index];
            const ctx = r.querySelector(canvas).getContext('2d');
            const best = values.map(() => Infinity);
            for (let pass = 0; pass < passes; pass++) {
                values.forEach((v, i) => {
                    const t0 = performance.now();
                    box.value = String(v);
                    box.dispatchEvent(new Event('input', {bubbles: true}));
                    ctx.getImageData(0, 0, 1, 1);
                    best[i] = Math.min(best[i], performance.now() - t0);
                });
            }
            return best;
        }""",
        [list(values), control, index, canvas, passes],
    )
    return timings[warmup:]


def assert_input_and_frames_fast(probe: PageProbe, root, name: str, timings: list[float], what: str, play: str, milliseconds: int) -> None:
    """Input-to-pixels ``timings`` (of ``what``), then ``play`` for ``milliseconds``: both medians, printed, under 16 ms."""
    button(root, play).click()
    probe.page.wait_for_timeout(milliseconds)
    draws = root.evaluate("r => window.gdnotes.widgets.timings(r)")[-60:]
    median = statistics.median(timings)
    print(
        f"\n{name}: {what} input-to-pixels median {median:.2f} ms (max {max(timings):.2f}); "
        f"draw during play median {statistics.median(draws):.2f} ms over {len(draws)} frames"
    )
    assert median < 16 and statistics.median(draws) < 16
    clean(probe)
