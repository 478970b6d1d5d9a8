"""One conformance suite, run in Chromium for every widget in gdnotes.widgets.REGISTRY.

No widget is listed here: the names come from the registry and the page each
widget is on from the built site (the first page whose HTML holds its root),
so a new widget is checked as soon as it is registered and printed on a page.
Each widget: becomes ready and replaces its fallback, every control labelled
and every canvas given room and drawn at the device's pixel density; printed,
it shows its fallback, not its controls; a control is reached with Tab and
shows its focus; on a phone (390 px) nothing leaves the screen's width, the
controls are large enough to tap and a tap works; without JavaScript its
fallback teaches; it says what happens in one polite status line; every
canvas repaints in the dark palette, with the palette's marble colour; and
nothing errs in the console or asks another host. What is a widget's own
(its math, its controls' effects) stays in its lesson's test file.

Each check is a test of its own, but the page loads are shared (``Tabs``): a page is loaded once at
desktop size, once at phone size and once without JavaScript, and the checks of every widget on it run
there (the page put back as loaded after each desktop check: screen media, its palette); after each
check, nothing erred on the page during it.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

import pytest
from _browser import WIDGET_PAGES, assert_canvas_room, assert_enhanced, assert_fits_the_phone, tab_to, to_dark_palette, wait_ready
from conftest import PageProbe, open_probe
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from gdnotes import widgets

pytestmark = pytest.mark.browser

FOCUSABLE = ".gd-ui button:visible, .gd-ui input:visible, .gd-ui textarea:visible, .gd-ui [tabindex='0']:visible"
CONTROLS = ".gd-ui button, .gd-ui input, .gd-ui select, .gd-ui textarea, [role=tab]"
LABELLED = ".gd-ui input, .gd-ui select, .gd-ui textarea"
DARK_MARBLE = "#ff8a3d"
"""The marble's colour in the dark palette (widgets.css), which every widget inherits."""


@pytest.fixture(scope="module")
def pages(built_site: Path) -> dict[str, str]:
    """Each registered widget's page in the built site (its path, as a URL path)."""
    found: dict[str, str] = {}
    for html in sorted(built_site.rglob("index.html")):
        text = html.read_text(encoding="utf-8")
        for name in widgets.NAMES:
            if name not in found and f'data-gd-widget="{name}"' in text:
                found[name] = html.parent.relative_to(built_site).as_posix() + "/"
    return found


DRAWING = """r => {
    const canvases = [...r.querySelectorAll('canvas')];
    if (canvases.length) return canvases.map(c => c.toDataURL());
    return [[...r.querySelectorAll('.gd-ui, .gd-ui *')].map(e => {
        const s = getComputedStyle(e);
        return s.color + s.backgroundColor + s.borderColor;
    }).join('|')];
}"""


def drawing(root) -> list[str]:
    """What the widget shows: each canvas's pixels, or (a widget without one) the colours of its parts."""
    return root.evaluate(DRAWING)


class Opened(NamedTuple):
    probe: PageProbe
    root: object
    name: str
    scheme: str | None
    """The page's palette as loaded (Material's data-md-color-scheme), put back after each check."""


ORDER = sorted(widgets.NAMES, key=lambda name: (WIDGET_PAGES.get(name, ""), name))
"""The widgets, those on the same page next to each other (as the lessons' Markdown places them), so that they share its loads."""
KINDS = {"desktop": {}, "phone": {"viewport": {"width": 390, "height": 844}}, "no JavaScript": {"java_script_enabled": False}}


ZERO_WIDTH_DRAWS = """(() => {
    // each widget that draws its picture (a canvas.gd-canvas) while the reader cannot see it (no width): wasted work at start-up
    window.__gdZeroWidthDraws = new Set();
    const context = CanvasRenderingContext2D.prototype;
    for (const name of ["fill", "stroke", "fillRect", "fillText", "drawImage", "putImageData"]) {
        const original = context[name];
        context[name] = function () {
            if (this.canvas.isConnected && this.canvas.classList.contains("gd-canvas") && this.canvas.clientWidth === 0) {
                const root = this.canvas.closest("[data-gd-widget]");
                if (root) window.__gdZeroWidthDraws.add(root.dataset.gdWidget);
            }
            return original.apply(this, arguments);
        };
    }
})()"""


class Tabs:
    """An open page of each kind (``KINDS``: desktop, phone, JavaScript off) at a time; widgets on the same page share its load."""

    def __init__(self, browser: object, site_url: str) -> None:
        self.browser, self.site_url = browser, site_url
        self.held: dict[str, tuple[str, PageProbe]] = {}

    def get(self, kind: str, path: str) -> PageProbe:
        if kind in self.held and self.held[kind][0] == path:
            return self.held[kind][1]
        self.close(kind)
        probe = open_probe(self.browser, **KINDS[kind])
        if kind != "no JavaScript":
            probe.page.add_init_script(ZERO_WIDTH_DRAWS)
        self.held[kind] = (path, probe)
        response = probe.page.goto(self.site_url + path)
        assert response is not None and response.ok
        return probe

    def close(self, *kinds: str) -> None:
        for kind in kinds or list(self.held):
            if kind in self.held:
                self.held.pop(kind)[1].page.context.close()


@pytest.fixture(scope="module")
def tabs(browser: object, site_url: str) -> Iterator[Tabs]:
    held = Tabs(browser, site_url)
    yield held
    held.close()


def tab(tabs: Tabs, kind: str, pages: dict[str, str], name: str) -> PageProbe:
    """The page of kind ``kind`` that holds the widget ``name``; nothing erred there before this test."""
    assert name in pages, f"no page of the built site holds the widget {name}"
    probe = tabs.get(kind, pages[name])
    assert probe.console_errors == [] and probe.external_requests == [], "an earlier check on this page left errors"
    return probe


def checked(probe: PageProbe, name: str) -> None:
    """Nothing erred on the shared page during this check (then forgotten, so that the next check starts clean)."""
    errors, requests = list(probe.console_errors), list(probe.external_requests)
    probe.console_errors.clear()
    probe.external_requests.clear()
    assert errors == [], f"{name}: {errors}"
    assert requests == [], f"{name}: {requests}"


@pytest.fixture(scope="module", params=ORDER)
def opened(request: pytest.FixtureRequest, tabs: Tabs, pages: dict[str, str]) -> Opened:
    """The widget on its page at desktop size, ready (pytest runs a widget's desktop checks together, on one load)."""
    name = request.param
    probe = tab(tabs, "desktop", pages, name)
    root = probe.page.locator(f'[data-gd-widget="{name}"]').first
    wait_ready(probe.page, name)
    root.scroll_into_view_if_needed()
    return Opened(probe, root, name, probe.page.evaluate("document.body.getAttribute('data-md-color-scheme')"))


@pytest.fixture
def widget(opened: Opened) -> Iterator[Opened]:
    """``opened`` for one check; afterwards nothing erred in it, and the page is put back: screen media, the palette it loaded with."""
    yield opened
    opened.probe.page.emulate_media(media="null")
    opened.probe.page.evaluate(
        "s => s === null ? document.body.removeAttribute('data-md-color-scheme') : document.body.setAttribute('data-md-color-scheme', s)", opened.scheme
    )
    checked(opened.probe, opened.name)


def assert_fallback_shows(root, name: str, printed: bool = False) -> None:
    """The fallback is visible; the widget (printed: its fallback) shows a figure, a table or code first;
    every figure and table of the fallback is visible."""
    fallback = root.locator(".gd-fallback")
    assert fallback.is_visible()
    # a course figure is the image of the palette (hooks/figure_images.py; the other is hidden), a widget's own an SVG
    visual = (fallback if printed else root).locator("figure svg[role=img], figure img[alt]:visible, table, pre code")
    assert visual.count() >= 1 and visual.first.is_visible(), f"{name}: the fallback shows no figure, table or code"
    for each in fallback.locator("figure, table").all():
        assert each.is_visible(), f"{name}: a figure or table of the fallback is hidden"
    for figure in fallback.locator("figure.gd-figure").all():
        assert figure.locator("img[alt]:visible").count() == 1, f"{name}: a figure of the fallback shows no image, or both"


def still_drawing(page, root, timeout: int = 10_000) -> list[str]:
    """The drawing once it holds still for 300 ms (a widget may play its first run when it starts)."""
    last = drawing(root)
    for _ in range(timeout // 300):
        page.wait_for_timeout(300)
        now = drawing(root)
        if now == last:
            return now
        last = now
    raise AssertionError("the drawing never holds still")


def test_ready_and_replaces_its_fallback(widget: Opened) -> None:
    probe, root, name = widget.probe, widget.root, widget.name
    assert root.get_attribute("data-gd-failed") is None
    assert_enhanced(root, LABELLED)
    assert root.locator(".gd-ui").is_visible()
    assert not root.locator(".gd-widget-note").is_visible(), "the no-JavaScript note should give way"
    assert probe.page.evaluate(f"window.gdnotes.widgets.live('{name}')") >= 1
    assert name not in probe.page.evaluate("[...window.__gdZeroWidthDraws]"), (
        f"{name} drew on a canvas of no width (hidden) while it started: a whole drawing the reader never sees"
    )
    for canvas in root.locator("canvas.gd-canvas").all():
        assert_canvas_room(probe, canvas, 300, 150)
    # printed: the fallback, not the controls
    probe.page.emulate_media(media="print")
    assert not root.locator(".gd-ui").is_visible()
    assert root.locator(".gd-widget-note").is_visible()
    assert_fallback_shows(root, name, printed=True)


def test_keyboard_reaches_it_and_shows_focus(widget: Opened) -> None:
    root, name = widget.root, widget.name
    controls = root.locator(FOCUSABLE)
    assert controls.count() >= 1, f"{name} has nothing a keyboard can reach"
    # an enabled button if there is one (what tab_to's walk through the page's controls counts), else any control
    buttons = root.locator(".gd-ui button:visible:not([disabled])")
    tab_to(widget.probe.page, buttons.first if buttons.count() else controls.first)


def test_announces_in_a_live_region(widget: Opened) -> None:
    root, name = widget.root, widget.name
    live = root.locator("[aria-live]")
    for region in live.all():
        assert region.get_attribute("aria-live") == "polite", f"{name}: a live region that interrupts"
    said = root.locator('.gd-status[role="status"][aria-live="polite"]')
    assert said.count() == 1, f"{name} has no polite status line"
    assert (said.text_content() or "").strip(), f"{name} says nothing"


def test_repaints_in_the_dark_palette(widget: Opened) -> None:
    page, root, name = widget.probe.page, widget.root, widget.name
    root.scroll_into_view_if_needed()
    light = still_drawing(page, root)
    to_dark_palette(page)
    # every canvas repaints (or every part changes colour): waited for, then checked
    with contextlib.suppress(PlaywrightTimeout):
        page.wait_for_function(
            f"([r, light]) => {{ const dark = ({DRAWING})(r); return dark.length === light.length && dark.every((d, i) => d !== light[i]); }}",
            arg=[root.element_handle(), light],
            timeout=3_000,
        )
    dark = drawing(root)
    assert len(dark) == len(light) and all(a != b for a, b in zip(light, dark)), f"{name}: a canvas looks the same in the dark palette"
    assert root.evaluate("r => getComputedStyle(r).getPropertyValue('--gd-w-marble').trim()") == DARK_MARBLE


@pytest.mark.parametrize("name", ORDER)
def test_on_a_phone_it_fits_and_takes_a_tap(tabs: Tabs, pages: dict[str, str], name: str) -> None:
    probe = tab(tabs, "phone", pages, name)
    page = probe.page
    assert page.viewport_size["width"] == 390
    root = probe.page.locator(f'[data-gd-widget="{name}"]').first
    wait_ready(page, name)
    root.scroll_into_view_if_needed()
    assert_fits_the_phone(root, page, CONTROLS, min_height=20, min_button_height=40)
    boxes = root.locator(CONTROLS).evaluate_all(
        "all => all.map(e => { const b = e.getBoundingClientRect(); return [e.getAttribute('type'), b.height, b.width > 0 && b.height > 0 && getComputedStyle(e).visibility !== 'hidden']; })"
    )
    for kind, height, visible in boxes:
        if kind != "checkbox" and visible:
            assert height >= 24, f"{name}: a control is too small to tap"
    assert page.evaluate("document.scrollingElement.scrollWidth") <= page.viewport_size["width"], "the page scrolls sideways"
    target = root.locator("canvas").first if root.locator("canvas").count() else root.locator(FOCUSABLE).first
    target.scroll_into_view_if_needed()
    target.tap()
    page.wait_for_timeout(100)
    assert root.get_attribute("data-gd-ready") is not None
    checked(probe, name)


@pytest.mark.parametrize("name", ORDER)
def test_without_javascript_the_fallback_teaches(tabs: Tabs, pages: dict[str, str], name: str) -> None:
    """With JavaScript off the widget has no controls and says it needs JavaScript; its fallback teaches."""
    probe = tab(tabs, "no JavaScript", pages, name)
    root = probe.page.locator(f'[data-gd-widget="{name}"]')
    assert root.locator(".gd-ui").count() == 0
    note = root.locator(".gd-widget-note")
    assert note.is_visible() and "JavaScript" in note.text_content()
    assert_fallback_shows(root, name)
    for svg in root.locator("svg[role=img]").all():
        assert svg.locator("title").count() == 1 or svg.get_attribute("aria-label"), f"{name}: a figure without a text alternative"
    for image in root.locator("figure img").all():
        assert (image.get_attribute("alt") or "").strip(), f"{name}: a figure without a text alternative"
    checked(probe, name)
