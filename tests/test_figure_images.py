"""hooks/figure_images.py: a course figure's inline SVG becomes its light and dark image files."""

from __future__ import annotations

import importlib.util
import re
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


def _png(width: int, height: int) -> bytes:
    """A PNG file as matplotlib writes one (the signature and the IHDR chunk are what the hook reads)."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + b"\xff" * width for _ in range(height))
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


def _notebook_page(*images: tuple[str, bytes]) -> str:
    import base64

    parts = []
    for cell, png in images:
        data = base64.b64encode(png).decode()
        parts.append(
            f'<div class="jp-Cell jp-CodeCell jp-Notebook-cell" id="cell-id={cell}"><div class="jp-RenderedImage jp-OutputArea-output" tabindex="0">'
            f'<img alt="No description has been provided for this image" class="" src="data:image/png;base64,{data}"/></div></div>'
        )
    return "\n".join(parts)


def test_a_notebook_plot_becomes_a_sized_lazy_file_with_its_cells_alt_text() -> None:
    hook = _hook()
    wide, tall = _png(40, 30), _png(10, 50)
    page = _notebook_page(("l1-04", wide), ("l1-04", tall), ("l1-07", wide))
    alts = {"l1-04": ["A wide plot, \"first\".", "A tall plot."], "l1-07": ["The wide plot again."]}
    out, files = hook.png_outputs(page, alts)
    assert "data:image" not in out and "No description" not in out
    tags = re.findall(r"<img[^>]*>", out)
    names = sorted(files)
    assert len(files) == 2 and all(re.fullmatch(r"output-[0-9a-f]{16}\.png", name) for name in names), "one file a picture, named by its content"
    assert set(files.values()) == {wide, tall}
    assert tags[0].startswith('<img alt="A wide plot, &quot;first&quot;."') and 'width="40" height="30" loading="lazy"' in tags[0]
    assert tags[1].startswith('<img alt="A tall plot."') and 'width="10" height="50"' in tags[1]
    assert tags[2].startswith('<img alt="The wide plot again."') and tags[0].split("src=")[1] == tags[2].split("src=")[1]


def test_a_notebook_plot_without_alt_text_fails_naming_its_cell() -> None:
    hook = _hook()
    page = _notebook_page(("l8-39", _png(4, 4)), ("l8-39", _png(5, 5)))
    with pytest.raises(hook.FigureError, match=r"image 2 of notebook cell l8-39 has no alt text.*alt="):
        hook.png_outputs(page, {"l8-39": ["Only the first."]})
    with pytest.raises(hook.FigureError, match="not one"):
        hook.png_outputs(_notebook_page(("l1-01", b"GIF89a" + bytes(30))), {"l1-01": ["A picture."]})
    assert hook.notebook_alts('{"cells": [{"id": "a", "metadata": {"alt": ["x"]}}, {"id": "b", "metadata": {}}]}') == {"a": ["x"], "b": []}
