"""Figures: deterministic, accessible inline SVG in the house colours."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import matplotlib.pyplot as plt
import numpy as np
import pytest

from gdnotes import figures, surfaces

SVG = "{http://www.w3.org/2000/svg}"


def _busy_figure(slug: str = "busy", alt: str = "A test figure: a line, contours and labels.", caption: str | None = None) -> str:
    """Draw many kinds of artist, the way lessons do, and return the HTML."""
    X, Y, Z = surfaces.get("rosenbrock").grid(31)
    with figures.figure(6.0, 3.5) as (fig, ax):
        ax.contour(X, Y, np.log1p(Z), levels=6, colors=figures.FAINT)
        ax.plot([-1.5, 1.0], [2.0, 1.0], marker="o", label="a path")
        ax.scatter([1.0], [1.0], label="minimum")
        ax.annotate("start", (-1.5, 2.0), xytext=(-1.0, 2.5), arrowprops={"arrowstyle": "->"})
        ax.arrow(0.0, 0.0, 0.5, 0.5)
        ax.text(0.5, -0.5, "boxed", bbox={})
        ax.bar([1.5], [1.0], hatch="//")
        ax.set_xlabel("x")
        ax.set_ylabel("y")
        ax.set_title("Rosenbrock")
        ax.legend()
        return figures.svg(fig, alt, slug, caption)


def _svg_element(html: str) -> ET.Element:
    body = html[html.index("<svg") : html.index("</svg>") + len("</svg>")]
    return ET.fromstring(body)


def test_the_same_figure_gives_the_same_bytes() -> None:
    first = _busy_figure()
    second = _busy_figure()
    assert first == second


def test_different_slugs_give_disjoint_ids() -> None:
    a = set(re.findall(r'\bid="([^"]+)"', _busy_figure("one")))
    b = set(re.findall(r'\bid="([^"]+)"', _busy_figure("two")))
    assert a and b and not a & b


def test_structure_and_accessibility() -> None:
    html = _busy_figure(alt='Paths on "Rosenbrock" <valley> & more', caption="A caption & more.")
    assert html.startswith('<figure class="gd-figure" id="fig-busy">')
    assert html.endswith("</figure>")
    assert html.count("<svg") == 1
    assert "<?xml" not in html and "<!DOCTYPE" not in html and "<metadata" not in html and "<!--" not in html
    svg = _svg_element(html)  # well-formed XML
    assert svg.get("role") == "img"
    assert svg.get("aria-labelledby") == "busy-title"
    assert svg.get("width") is None and svg.get("height") is None and svg.get("viewBox")  # scales with the page
    title = svg[0]
    assert title.tag == f"{SVG}title" and title.get("id") == "busy-title"
    assert title.text == 'Paths on "Rosenbrock" <valley> & more'
    assert "<figcaption>A caption &amp; more.</figcaption>" in html


def test_no_caption_means_no_figcaption() -> None:
    assert "figcaption" not in _busy_figure()


def test_house_colours_only() -> None:
    html = _busy_figure()
    colours = {c.lower() for c in re.findall(r"#[0-9a-fA-F]{6}\b", html)}
    assert figures.INK not in colours
    assert "#000000" not in colours and "#ffffff" not in colours
    assert colours <= {c.lower() for c in (*figures.COLORS, figures.FAINT)}
    assert "currentColor" in html
    assert not re.search(r"(?:fill|stroke|color):\s*(?:black|white)\b", html)


def test_ink_becomes_current_color_in_every_artist() -> None:
    with figures.figure() as (fig, ax):
        ax.boxplot([[1, 2, 3, 10]])
        ax.annotate("", (0, 0), xytext=(1, 1), arrowprops={})
        html = figures.svg(fig, "A box plot.", "box")
    assert "#000000" not in html and figures.INK not in html


def test_three_dimensional_panes_are_transparent() -> None:
    with figures.figure(subplot_kw={"projection": "3d"}) as (fig, ax):
        ax.plot([0, 1], [0, 1], [0, 1])
        html = figures.svg(fig, "A 3-D line.", "three-d")
    colours = {c.lower() for c in re.findall(r"#[0-9a-fA-F]{6}\b", html)}
    assert colours <= {c.lower() for c in (*figures.COLORS, figures.FAINT)}


def test_ids_are_prefixed_and_every_reference_resolves() -> None:
    html = _busy_figure("my-fig")
    svg_part = html[html.index("<svg") :]
    ids = re.findall(r'\bid="([^"]+)"', svg_part)
    assert ids and all(i.startswith("my-fig-") for i in ids)
    assert len(ids) == len(set(ids))
    references = re.findall(r"url\(#([^)]+)\)", svg_part) + re.findall(r'href="#([^"]+)"', svg_part)
    assert references
    assert set(references) <= set(ids)


def test_numbers_are_rounded() -> None:
    html = _busy_figure()
    paths = re.findall(r'\sd="([^"]*)"', html)
    assert paths
    assert not any(re.search(r"\d\.\d{2,}", d) for d in paths)


def test_fonts_follow_the_page() -> None:
    html = _busy_figure()
    assert "<text" in html  # text stays text (selectable, light)
    assert "DejaVu" not in html
    assert re.findall(r"font-family: ([^;\"]*)", html) and set(re.findall(r"font-family: ([^;\"]*)", html)) == {"inherit"}


def test_figure_closes_what_it_opens() -> None:
    before = len(plt.get_fignums())
    with figures.figure(3, 2, ncols=2) as (fig, axes):
        assert len(axes) == 2
        assert len(plt.get_fignums()) == before + 1
    assert len(plt.get_fignums()) == before
    with pytest.raises(RuntimeError):
        with figures.figure():
            raise RuntimeError("drawing failed")
    assert len(plt.get_fignums()) == before


def test_style_does_not_leak_into_matplotlib() -> None:
    default = plt.rcParams["axes.edgecolor"]
    _busy_figure()
    assert plt.rcParams["axes.edgecolor"] == default


@pytest.mark.parametrize("alt", ["", "   ", None, 3])
def test_bad_alt(alt: object) -> None:
    with figures.figure() as (fig, ax):
        ax.plot([0, 1])
        with pytest.raises(ValueError, match="alt"):
            figures.svg(fig, alt, "ok")  # type: ignore[arg-type]


@pytest.mark.parametrize("slug", ["", "Upper", "has space", "-lead", "under_score", None, 7])
def test_bad_slug(slug: object) -> None:
    with figures.figure() as (fig, ax):
        ax.plot([0, 1])
        with pytest.raises(ValueError, match="slug"):
            figures.svg(fig, "A line.", slug)  # type: ignore[arg-type]


def test_max_scale_caps_the_width_in_rem() -> None:
    html = _busy_figure()
    assert "style=" not in html[: html.index(">")]  # by default the stylesheet alone sizes the figure
    with figures.figure(5.0, 3.0) as (fig, ax):
        ax.plot([0, 1])
        html = figures.svg(fig, "A line.", "capped", max_scale=1.4)
    assert html.startswith('<figure class="gd-figure" id="fig-capped" style="width: 100%; max-width: 25.2rem">')
    assert figures.ROOT_FONT_PX * 25.2 == pytest.approx(5.0 * 72 * 1.4)  # 1 pt drawn as 1.4 CSS px at Material's root size


@pytest.mark.parametrize(("scale", "error"), [(0, ValueError), (-1.0, ValueError), ("big", TypeError), (float("nan"), ValueError)])
def test_bad_max_scale(scale: object, error: type) -> None:
    with figures.figure() as (fig, ax):
        ax.plot([0, 1])
        with pytest.raises(error, match="max_scale"):
            figures.svg(fig, "A line.", "ok", max_scale=scale)  # type: ignore[arg-type]


def test_mathtext_is_parsed_once_and_drawn_the_same() -> None:
    import matplotlib.text
    from matplotlib import mathtext
    from matplotlib.textpath import TextToPath

    def log_figure() -> str:
        with figures.figure(4.0, 3.0) as (fig, ax):
            ax.semilogy([1, 2, 3], [1e-3, 1e-1, 10.0])
            ax.set_xlabel("$w_1$")
            return figures.svg(fig, "A falling line on a log scale.", "log")

    first = log_figure()
    before = mathtext.MathTextParser._parse_cached.cache_info()
    again = log_figure()
    after = mathtext.MathTextParser._parse_cached.cache_info()
    assert again == first
    assert after.misses == before.misses and after.hits > before.hits  # the second figure reused every parse
    assert matplotlib.text.TextToPath is TextToPath  # the sharing ends with svg()


def _figures_of_each_kind() -> list:
    """Figures that lay out differently: many artists, 3-D, equal aspect with a colour bar, log axes and mathtext."""

    def three_d() -> str:
        X, Y, Z = surfaces.get("bowl2d").grid(9)
        with figures.figure(4.0, 3.5, subplot_kw={"projection": "3d"}) as (fig, ax):
            ax.plot_surface(X, Y, Z)
            ax.set_xlabel("$w_1$")
            return figures.svg(fig, "A bowl in 3-D.", "bowl-3d")

    def equal_aspect() -> str:
        X, Y, Z = surfaces.get("rosenbrock").grid(21)
        with figures.figure(6.0, 3.0, ncols=2) as (fig, axes):
            filled = axes[0].contourf(X, Y, Z, levels=5)
            fig.colorbar(filled, ax=axes[0], label="loss")
            axes[1].plot([0, 1], [0, 2])
            for ax in axes:
                ax.set_aspect("equal")
            fig.suptitle("Two panels")
            return figures.svg(fig, "Two panels, one with a colour bar.", "panels")

    def log_axes() -> str:
        with figures.figure(4.0, 3.0) as (fig, ax):
            ax.loglog([1, 10, 100], [1e-3, 1e-1, 10.0], label="$\\alpha = 0.1$")
            ax.legend(loc="upper left")
            ax.annotate("end", (100, 10.0), xytext=(-8, 4), textcoords="offset points", ha="right")
            return figures.svg(fig, "A rising line on log axes.", "log-axes")

    return [_busy_figure, three_d, equal_aspect, log_axes]


def test_a_figure_is_laid_out_once_and_drawn_once(monkeypatch: pytest.MonkeyPatch) -> None:
    from matplotlib.axes import Axes
    from matplotlib.layout_engine import ConstrainedLayoutEngine

    calls = {"draw": 0, "layout": 0}
    draw, execute = Axes.draw, ConstrainedLayoutEngine.execute

    def counted_draw(self, renderer):
        calls["draw"] += 1
        return draw(self, renderer)

    def counted_execute(self, fig):
        calls["layout"] += 1
        return execute(self, fig)

    monkeypatch.setattr(Axes, "draw", counted_draw)
    monkeypatch.setattr(ConstrainedLayoutEngine, "execute", counted_execute)
    _busy_figure()
    assert calls == {"draw": 1, "layout": 1}  # matplotlib's savefig alone draws the axes twice


def test_one_draw_gives_the_bytes_of_matplotlibs_two(monkeypatch: pytest.MonkeyPatch) -> None:
    import contextlib

    kinds = _figures_of_each_kind()
    once = [make() for make in kinds]
    monkeypatch.setattr(figures, "_laid_out_once", lambda fig: contextlib.nullcontext())
    assert [make() for make in kinds] == once


def test_a_legend_wider_than_its_figure_is_an_error_naming_it() -> None:
    """A legend below the axes with too many columns reaches past the figure's edges, and the SVG cuts its text off
    (lesson 9's cost figure did, at every width): svg() refuses it, and the same legend in two columns fits."""
    labels = ("full batch", "mini-batches of 10", "one example at a time")
    for columns, fits in ((3, False), (2, True)):
        with figures.figure(4.6, 3.5) as (fig, ax):
            for label in labels:
                ax.plot([0, 1], [0, 1], label=label)
            fig.legend(loc="outside lower center", ncols=columns, fontsize=9)
            if fits:
                assert figures.svg(fig, "Three lines.", "legend-fits").startswith('<figure class="gd-figure"')
            else:
                with pytest.raises(figures.ArgumentError, match="figure 'legend-wide': its legend .* reaches past the figure's edges"):
                    figures.svg(fig, "Three lines.", "legend-wide")
