"""One conformance suite, run in Chromium for every widget in gdnotes.widgets.REGISTRY.

No widget is listed here: the names come from the registry and the page each
widget is on from the built site (the first page whose HTML holds its root),
so a new widget is checked as soon as it is registered and printed on a page.
Each widget: becomes ready and replaces its fallback; a control is reached
with Tab and shows its focus; a tap on a phone (390 px) works and nothing
leaves the screen's width; without JavaScript its fallback teaches; it says
what happens in an aria-live region; it repaints in the dark palette; and
nothing errs in the console or asks another host. What is a widget's own
(its math, its controls' effects) stays in its lesson's test file.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from _browser import assert_enhanced, assert_fits_the_phone, clean, tab_to, to_dark_palette, wait_ready, without_javascript
from conftest import PageProbe

from gdnotes import widgets

pytestmark = pytest.mark.browser

FOCUSABLE = ".gd-ui button:visible, .gd-ui input:visible, .gd-ui textarea:visible, .gd-ui [tabindex='0']:visible"


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


def drawing(root) -> str:
    """What the widget shows: its canvases' pixels, or (a widget without one) the colours of its parts."""
    return root.evaluate(
        """r => {
            const canvases = [...r.querySelectorAll('canvas')];
            if (canvases.length) return canvases.map(c => c.toDataURL()).join('|');
            return [...r.querySelectorAll('.gd-ui, .gd-ui *')].map(e => {
                const s = getComputedStyle(e);
                return s.color + s.backgroundColor + s.borderColor;
            }).join('|');
        }"""
    )


@pytest.mark.parametrize("name", widgets.NAMES)
def test_ready_and_replaces_its_fallback(probe: PageProbe, site_url: str, pages: dict[str, str], name: str) -> None:
    root = open_it(probe, site_url, pages, name)
    assert root.get_attribute("data-gd-failed") is None
    assert_enhanced(root)
    assert root.locator(".gd-ui").is_visible()
    assert probe.page.evaluate(f"window.gdnotes.widgets.live('{name}')") >= 1
    clean(probe)


@pytest.mark.parametrize("name", widgets.NAMES)
def test_keyboard_reaches_it_and_shows_focus(probe: PageProbe, site_url: str, pages: dict[str, str], name: str) -> None:
    root = open_it(probe, site_url, pages, name)
    controls = root.locator(FOCUSABLE)
    assert controls.count() >= 1, f"{name} has nothing a keyboard can reach"
    # an enabled button if there is one (what tab_to's walk through the page's controls counts), else any control
    buttons = root.locator(".gd-ui button:visible:not([disabled])")
    tab_to(probe.page, buttons.first if buttons.count() else controls.first)
    clean(probe)


@pytest.mark.parametrize("name", widgets.NAMES)
def test_announces_in_a_live_region(probe: PageProbe, site_url: str, pages: dict[str, str], name: str) -> None:
    root = open_it(probe, site_url, pages, name)
    live = root.locator("[aria-live]")
    assert live.count() >= 1, f"{name} has no aria-live region"
    for region in live.all():
        assert region.get_attribute("aria-live") in ("polite", "assertive")
    assert any((region.text_content() or "").strip() for region in live.all()) or name == "try-it", f"{name} says nothing"
    clean(probe)


@pytest.mark.parametrize("name", widgets.NAMES)
def test_on_a_phone_it_fits_and_takes_a_tap(phone_probe: PageProbe, site_url: str, pages: dict[str, str], name: str) -> None:
    page = phone_probe.page
    assert page.viewport_size["width"] == 390
    root = open_it(phone_probe, site_url, pages, name)
    assert_fits_the_phone(root, page, min_height=20)
    target = root.locator("canvas").first if root.locator("canvas").count() else root.locator(FOCUSABLE).first
    target.scroll_into_view_if_needed()
    target.tap()
    page.wait_for_timeout(100)
    assert root.get_attribute("data-gd-ready") is not None
    clean(phone_probe)


@pytest.mark.parametrize("name", widgets.NAMES)
def test_repaints_in_the_dark_palette(probe: PageProbe, site_url: str, pages: dict[str, str], name: str) -> None:
    root = open_it(probe, site_url, pages, name)
    probe.page.wait_for_timeout(300)
    light = drawing(root)
    to_dark_palette(probe.page)
    probe.page.wait_for_timeout(300)
    assert drawing(root) != light, f"{name} looks the same in the dark palette"
    clean(probe)


@pytest.mark.parametrize("name", widgets.NAMES)
def test_without_javascript_the_fallback_teaches(browser: object, site_url: str, pages: dict[str, str], name: str) -> None:
    assert name in pages
    with without_javascript(browser, site_url, pages[name], name) as root:
        fallback = root.locator(".gd-fallback")
        assert fallback.is_visible()
        visual = root.locator("figure svg[role=img], table, pre code")
        assert visual.count() >= 1 and visual.first.is_visible(), f"{name}: the fallback shows no figure, table or code"
        for svg in root.locator("svg[role=img]").all():
            assert svg.locator("title").count() == 1 or svg.get_attribute("aria-label"), f"{name}: a figure without a text alternative"
