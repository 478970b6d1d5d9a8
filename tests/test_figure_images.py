"""hooks/figure_images.py: a course figure's inline SVG becomes its light and dark image files."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import matplotlib.pyplot as plt
import pytest

from gdnotes import figures

ROOT = Path(__file__).resolve().parent.parent


def _hook():
    spec = importlib.util.spec_from_file_location("gdnotes_hook_figure_images", ROOT / "hooks" / "figure_images.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def figure_html() -> str:
    with figures.figure() as (fig, ax):
        ax.plot([0, 1], [0, 1])
        ax.set_xlabel("step")
        html = figures.svg(fig, 'A rising line, "steep" & straight.', "demo", caption="A caption.")
    plt.close("all")
    return html


def test_a_figure_becomes_two_images_with_its_alt_text(figure_html: str) -> None:
    hook = _hook()
    page = "<p>Before.</p>\n" + figure_html + "\n<p>After.</p>"
    out, files = hook.images(page)
    assert "<svg" not in out and out.startswith("<p>Before.</p>\n<figure") and out.endswith("</figure>\n<p>After.</p>")
    alt = 'alt="A rising line, &quot;steep&quot; &amp; straight."'
    light, dark = (line for line in out.splitlines() if line.startswith("<img"))
    assert light.startswith('<img class="gd-svg gd-ink-light" src="demo.light.svg" ' + alt) and "loading" not in light
    assert dark.startswith('<img class="gd-svg gd-ink-dark" src="demo.dark.svg" ' + alt) and 'loading="lazy"' in dark
    assert 'width="' in light and 'height="' in light, "the image keeps the figure's size (no shift when it arrives)"
    assert "<figcaption>A caption.</figcaption>" in out
    assert sorted(files) == ["demo.dark.svg", "demo.light.svg"]
    for palette, text in (("light", files["demo.light.svg"]), ("dark", files["demo.dark.svg"])):
        assert text.startswith('<?xml version="1.0" encoding="utf-8"?>\n<svg class="gd-svg" style="color: ' + hook.INK[palette])
        assert "currentColor" in text and 'role="img"' not in text and ">step</text>" in text


def test_a_page_without_figures_is_left_alone() -> None:
    page = '<p>No figure.</p><svg class="md-icon"><path d="M0 0"/></svg>'
    assert _hook().images(page) == (page, {})


def test_a_figure_it_cannot_read_is_an_error_naming_it(figure_html: str) -> None:
    hook = _hook()
    broken = figure_html.replace("viewBox=", "data-box=")
    with pytest.raises(hook.FigureError, match="'demo' has no <title> .* or no viewBox"):
        hook.images(broken)
    with pytest.raises(hook.FigureError, match="two figures named 'demo'"):
        hook.images(figure_html + "\n" + figure_html)


def test_a_figure_written_out_by_an_html_serializer_gets_its_svg_names_back(figure_html: str) -> None:
    """A notebook's output comes back re-serialized as HTML: attributes reordered, SVG's mixed-case names in
    lower case (<clippath>, viewbox=), which an SVG file does not understand."""
    hook = _hook()
    assert "<clipPath" in figure_html and "viewBox=" in figure_html
    served = figure_html.replace("clipPath", "clippath").replace("viewBox", "viewbox")
    served = served.replace('<svg role="img" aria-labelledby="demo-title" class="gd-svg" ', '<svg aria-labelledby="demo-title" class="gd-svg" role="img" ')
    out, files = hook.images(served)
    original_out, original = hook.images(figure_html)
    assert out == original_out and files == original


def test_a_figure_that_is_not_well_formed_svg_is_an_error(figure_html: str) -> None:
    hook = _hook()
    with pytest.raises(hook.FigureError, match="'demo' does not make a well-formed SVG file"):
        hook.images(figure_html.replace("</g>", "", 1))
