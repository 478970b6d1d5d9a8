"""A reader's own Print (docs/assets/print.css): under print media a lesson shows its content alone
(no header, navigation, search, table of contents or footer), every widget as its static fallback
(no control, canvas or status line), code that wraps, links without their addresses, on white in
both palettes; and Chromium prints it to a PDF.
"""

from __future__ import annotations

import re

import pytest
from _browser import WIDGET_PAGES, nothing_erred, page_probe, wait_all_ready  # noqa: F401 (nothing_erred: autouse)
from conftest import PageProbe

# a lesson with a widget that has controls, a canvas and a code cell (lr-lab and try-it)
PAGE = WIDGET_PAGES["lr-lab"]
# the page's chrome, and the lesson header's link to the lesson's own PDF (on paper it leads nowhere)
CHROME = (".md-header", ".md-tabs", ".md-sidebar", ".md-search", ".md-footer", ".md-top", ".md-content__button", ".gd-pdf-link")
CONTROLS = "button, input, select, textarea, canvas, [role=slider], [aria-live]"


def _printed(probe: PageProbe, site_url: str) -> object:
    page = probe.page
    page.goto(site_url + PAGE, wait_until="load")
    wait_all_ready(page)
    page.emulate_media(media="print")
    return page


def _visible(page: object, selector: str) -> list[str]:
    return [selector for element in page.locator(selector).all() if element.is_visible()]


def test_print_leaves_out_the_chrome_and_shows_each_widgets_fallback(probe: PageProbe, site_url: str) -> None:
    page = _printed(probe, site_url)
    assert [shown for selector in CHROME for shown in _visible(page, selector)] == [], "page chrome in print"
    assert page.locator("article h1").is_visible()
    roots = page.locator("[data-gd-widget]").all()
    assert len(roots) >= 2
    for root in roots:
        name = root.get_attribute("data-gd-widget")
        assert root.get_attribute("data-gd-ready") is not None, f"{name} did not start, so print would not be tested"
        assert root.locator(".gd-fallback").is_visible(), f"{name}: its fallback is hidden in print"
        assert root.locator(".gd-fallback").locator("figure .gd-ink-light, table, pre code").first.is_visible(), f"{name}: no figure, table or code"
        shown = [f"{name}: {c.evaluate('e => e.outerHTML.slice(0, 80)')}" for c in root.locator(CONTROLS).all() if c.is_visible()]
        assert shown == [], "widget controls in print"


def test_print_wraps_code_and_keeps_figures_whole(probe: PageProbe, site_url: str) -> None:
    page = _printed(probe, site_url)
    assert page.evaluate("getComputedStyle(document.querySelector('.md-typeset pre > code')).whiteSpace") == "pre-wrap"
    assert page.evaluate("getComputedStyle(document.querySelector('.md-typeset .gd-figure')).breakInside") == "avoid"
    # a link is its words: no address printed after it
    after = page.evaluate("getComputedStyle(document.querySelector('.md-typeset p a[href]'), '::after').content")
    assert after in ("none", "normal")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_print_is_dark_on_white_in_both_palettes(browser: object, site_url: str, scheme: str) -> None:
    with page_probe(browser, color_scheme=scheme) as probe:
        page = _printed(probe, site_url)
        expected = "slate" if scheme == "dark" else "default"
        assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == expected
        colours = page.evaluate(
            """() => ({
                body: getComputedStyle(document.body).backgroundColor,
                text: getComputedStyle(document.querySelector('.md-typeset p')).color,
                shown: [...document.querySelectorAll('.gd-figure img')].filter(i => getComputedStyle(i).display !== 'none').map(i => i.className),
            })"""
        )
        # the figures print with their light-palette image (dark ink): hooks/figure_images.py, print.css
        figures = page.locator(".gd-figure").count()
        assert figures and colours.pop("shown") == ["gd-svg gd-ink-light"] * figures, "a figure prints its dark-palette image"
        assert colours["body"] == "rgb(255, 255, 255)", colours
        for part in ("text",):
            channels = [float(v) for v in re.findall(r"[\d.]+", colours[part])[:3]]
            assert max(channels) < 100, f"{part} is not dark on the white page: {colours[part]}"
        pdf = page.pdf(format="A4")
        assert pdf.startswith(b"%PDF") and len(pdf) > 20_000
        assert probe.console_errors == [] and probe.external_requests == []
