"""Checks every course figure must pass, shared by the tests of the figure modules.

Each ``check_*`` function asserts one house rule about the HTML that a
``gdnotes.figures`` function returned; :func:`check_house_rules` runs them all.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable

import pytest

from gdnotes.figures import COLORS, FAINT

MAX_BYTES = 60_000
"""A figure's HTML stays below this size: pages must stay light."""

BLACK_AND_WHITE = ("#000000", "#ffffff", "#000;", "#fff;", '"#000"', '"#fff"', "black", "white", "rgb(0, 0, 0)", "rgb(255, 255, 255)")
"""Spellings of hard-coded black and white, which vanish on one of the two palettes."""


def alt_text(figure_html: str) -> str:
    """The figure's description: the text of the SVG's ``<title>``, unescaped."""
    match = re.search(r"<title[^>]*>(.*?)</title>", figure_html, re.S)
    assert match, "the SVG has no <title>"
    return html.unescape(match.group(1))


def check_reproducible(make: Callable[[], str], figure_html: str) -> None:
    """Drawing the figure again gives the same bytes."""
    assert make() == figure_html, "two calls gave different bytes"


def check_accessible(figure_html: str, min_alt: int = 80) -> None:
    """An inline SVG with an image role, labelled by a description of at least ``min_alt`` characters."""
    assert figure_html.startswith('<figure class="gd-figure"')
    assert 'role="img"' in figure_html and "aria-labelledby=" in figure_html
    alt = alt_text(figure_html)
    assert len(alt) > min_alt, f"the alt text should describe the figure, not name it: {alt!r}"
    assert "**" not in alt, "the alt text should read as words, not Markdown"


def check_palette(figure_html: str) -> None:
    """Ink follows the page's text colour, and nothing is drawn in hard-coded black or white."""
    svg = re.sub(r"<title.*?</title>", "", figure_html, flags=re.S).lower()
    assert "currentcolor" in svg, "ink must follow the page's text colour"
    for colour in BLACK_AND_WHITE:
        assert colour not in svg, f"hard-coded {colour}"


def check_house_colours(figure_html: str, extra: tuple[str, ...] = ()) -> None:
    """Every colour written as ``#rrggbb`` is a data colour, the faint grey, or one of ``extra``."""
    colours = {c.lower() for c in re.findall(r"#[0-9a-fA-F]{6}\b", figure_html)}
    allowed = {c.lower() for c in (*COLORS, FAINT, *extra)}
    assert colours <= allowed, f"colours outside the house palette: {sorted(colours - allowed)}"


def check_light(figure_html: str, max_bytes: int = MAX_BYTES) -> None:
    """The figure's HTML is smaller than ``max_bytes``."""
    size = len(figure_html.encode())
    assert size < max_bytes, f"{size} bytes"


def check_width_cap(figure_html: str, low_rem: float = 15.0, high_rem: float = 36.0) -> None:
    """The ``<figure>`` fills the column up to a cap (``figures.svg(..., max_scale=...)``) between the two bounds."""
    style = re.match(r'<figure class="gd-figure"[^>]* style="([^"]*)"', figure_html)
    assert style, "the figure needs an explicit width: Material sizes figures to their content"
    assert "width: 100%" in style.group(1)
    cap = re.search(r"max-width: ([\d.]+)rem", style.group(1))
    assert cap and low_rem <= float(cap.group(1)) <= high_rem, style.group(1)


def check_house_rules(figure_html: str, make: Callable[[], str] | None = None, min_alt: int = 80, max_bytes: int = MAX_BYTES) -> None:
    """All of the above but the colour list: reproducible (when ``make`` is given), accessible, palette-safe, light, capped."""
    if make is not None:
        check_reproducible(make, figure_html)
    check_accessible(figure_html, min_alt)
    check_palette(figure_html)
    check_light(figure_html, max_bytes)
    check_width_cap(figure_html)


def figure_suite(figures: dict[str, Callable[[], str]], min_alt: int) -> tuple[Callable, Callable]:
    """The module-scoped ``rendered`` fixture (each figure of ``figures`` drawn once, by name) and
    ``test_house_rules`` (every figure keeps them, with alt texts of at least ``min_alt`` characters).

    A figure module's tests take both with ``rendered, test_house_rules = figure_suite(FIGURES, 250)``.
    """

    @pytest.fixture(scope="module")
    def rendered() -> dict[str, str]:
        return {name: make() for name, make in figures.items()}

    @pytest.mark.parametrize("name", sorted(figures))
    def test_house_rules(name: str, rendered: dict[str, str]) -> None:
        check_house_rules(rendered[name], figures[name], min_alt=min_alt)

    return rendered, test_house_rules
