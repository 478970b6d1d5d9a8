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
"""

from __future__ import annotations

from pathlib import Path

import pytest
from _browser import assert_canvas_room, assert_enhanced, assert_fits_the_phone, tab_to, to_dark_palette, wait_ready, without_javascript
from _browser import nothing_erred  # noqa: F401  (autouse: after each test, nothing erred on its probe and phone_probe)
from conftest import PageProbe

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


def open_it(probe: PageProbe, site_url: str, pages: dict[str, str], name: str):
    assert name in pages, f"no page of the built site holds the widget {name}"
    response = probe.page.goto(site_url + pages[name])
    assert response is not None and response.ok
    root = probe.page.locator(f'[data-gd-widget="{name}"]').first
    wait_ready(probe.page, name)
    root.scroll_into_view_if_needed()
    return root


def drawing(root) -> list[str]:
    """What the widget shows: each canvas's pixels, or (a widget without one) the colours of its parts."""
    return root.evaluate(
        """r => {
            const canvases = [...r.querySelectorAll('canvas')];
            if (canvases.length) return canvases.map(c => c.toDataURL());
            return [[...r.querySelectorAll('.gd-ui, .gd-ui *')].map(e => {
                const s = getComputedStyle(e);
                return s.color + s.backgroundColor + s.borderColor;
            }).join('|')];
        }"""
    )


def assert_fallback_shows(root, name: str, printed: bool = False) -> None:
    """The fallback is visible; the widget (printed: its fallback) shows a figure, a table or code first;
    every figure and table of the fallback is visible."""
    fallback = root.locator(".gd-fallback")
    assert fallback.is_visible()
    visual = (fallback if printed else root).locator("figure svg[role=img], table, pre code")
    assert visual.count() >= 1 and visual.first.is_visible(), f"{name}: the fallback shows no figure, table or code"
    for each in fallback.locator("figure svg[role=img], table").all():
        assert each.is_visible(), f"{name}: a figure or table of the fallback is hidden"


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


@pytest.mark.parametrize("name", widgets.NAMES)
def test_ready_and_replaces_its_fallback(probe: PageProbe, site_url: str, pages: dict[str, str], name: str) -> None:
    root = open_it(probe, site_url, pages, name)
    assert root.get_attribute("data-gd-failed") is None
    assert_enhanced(root, LABELLED)
    assert root.locator(".gd-ui").is_visible()
    assert not root.locator(".gd-widget-note").is_visible(), "the no-JavaScript note should give way"
    assert probe.page.evaluate(f"window.gdnotes.widgets.live('{name}')") >= 1
    for canvas in root.locator("canvas.gd-canvas").all():
        assert_canvas_room(probe, canvas, 300, 150)
    # printed: the fallback, not the controls
    probe.page.emulate_media(media="print")
    assert not root.locator(".gd-ui").is_visible()
    assert root.locator(".gd-widget-note").is_visible()
    assert_fallback_shows(root, name, printed=True)


@pytest.mark.parametrize("name", widgets.NAMES)
def test_keyboard_reaches_it_and_shows_focus(probe: PageProbe, site_url: str, pages: dict[str, str], name: str) -> None:
    root = open_it(probe, site_url, pages, name)
    controls = root.locator(FOCUSABLE)
    assert controls.count() >= 1, f"{name} has nothing a keyboard can reach"
    # an enabled button if there is one (what tab_to's walk through the page's controls counts), else any control
    buttons = root.locator(".gd-ui button:visible:not([disabled])")
    tab_to(probe.page, buttons.first if buttons.count() else controls.first)


@pytest.mark.parametrize("name", widgets.NAMES)
def test_announces_in_a_live_region(probe: PageProbe, site_url: str, pages: dict[str, str], name: str) -> None:
    root = open_it(probe, site_url, pages, name)
    live = root.locator("[aria-live]")
    for region in live.all():
        assert region.get_attribute("aria-live") == "polite", f"{name}: a live region that interrupts"
    said = root.locator('.gd-status[role="status"][aria-live="polite"]')
    assert said.count() == 1, f"{name} has no polite status line"
    assert (said.text_content() or "").strip(), f"{name} says nothing"


@pytest.mark.parametrize("name", widgets.NAMES)
def test_on_a_phone_it_fits_and_takes_a_tap(phone_probe: PageProbe, site_url: str, pages: dict[str, str], name: str) -> None:
    page = phone_probe.page
    assert page.viewport_size["width"] == 390
    root = open_it(phone_probe, site_url, pages, name)
    assert_fits_the_phone(root, page, CONTROLS, min_height=20, min_button_height=40)
    for control in root.locator(CONTROLS).all():
        if control.get_attribute("type") != "checkbox" and control.is_visible():
            assert control.bounding_box()["height"] >= 24, f"{name}: a control is too small to tap"
    assert page.evaluate("document.scrollingElement.scrollWidth") <= page.viewport_size["width"], "the page scrolls sideways"
    target = root.locator("canvas").first if root.locator("canvas").count() else root.locator(FOCUSABLE).first
    target.scroll_into_view_if_needed()
    target.tap()
    page.wait_for_timeout(100)
    assert root.get_attribute("data-gd-ready") is not None


@pytest.mark.parametrize("name", widgets.NAMES)
def test_repaints_in_the_dark_palette(probe: PageProbe, site_url: str, pages: dict[str, str], name: str) -> None:
    root = open_it(probe, site_url, pages, name)
    light = still_drawing(probe.page, root)
    to_dark_palette(probe.page)
    probe.page.wait_for_timeout(300)
    dark = drawing(root)
    assert len(dark) == len(light) and all(a != b for a, b in zip(light, dark)), f"{name}: a canvas looks the same in the dark palette"
    assert root.evaluate("r => getComputedStyle(r).getPropertyValue('--gd-w-marble').trim()") == DARK_MARBLE


@pytest.mark.parametrize("name", widgets.NAMES)
def test_without_javascript_the_fallback_teaches(browser: object, site_url: str, pages: dict[str, str], name: str) -> None:
    assert name in pages
    with without_javascript(browser, site_url, pages[name], name) as root:
        assert_fallback_shows(root, name)
        for svg in root.locator("svg[role=img]").all():
            assert svg.locator("title").count() == 1 or svg.get_attribute("aria-label"), f"{name}: a figure without a text alternative"
