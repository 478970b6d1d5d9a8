"""Figures in one house style, as deterministic inline SVG.

Every figure is drawn with matplotlib and returned by :func:`svg` as an
HTML ``<figure>`` holding an inline ``<svg>``. Text, axes and other ink are
drawn in :data:`INK`, which :func:`svg` rewrites to ``currentColor``: the
figure takes the page's text colour and reads in the light and the dark
palette alike. Data use :data:`COLORS`, chosen to hold contrast on both
backgrounds. Output is byte-for-byte reproducible (fixed ``svg.hashsalt``,
no date) and coordinates are rounded to keep pages light.

>>> import matplotlib.pyplot as plt
>>> with figure() as (fig, ax):
...     _ = ax.plot([0, 1], [0, 1])
...     html = svg(fig, "A rising line.", "demo")
>>> html.startswith('<figure class="gd-figure"')
True
"""

from __future__ import annotations

import contextlib
import html as html_lib
import io
import re
from collections.abc import Iterator

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import matplotlib.text  # noqa: E402
from matplotlib.axes import Axes  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.textpath import TextToPath  # noqa: E402

from .. import _validate  # noqa: E402
from .._validate import ArgumentError

__all__ = ["INK", "COLORS", "MAX_SCALE", "ROOT_FONT_PX", "style", "figure", "svg"]

INK = "#0b0c0d"
"""Placeholder colour for ink; replaced by ``currentColor`` in the page."""

FAINT = "#8a8f98"
"""Grid lines and contours: a mid grey that works on white and on near-black."""

COLORS = ("#2f7de1", "#e8590c", "#2b9a66", "#c2255c", "#7950f2", "#b08800")
"""Data colours, in order: blue, orange, green, crimson, violet, ochre."""

style = {
    "svg.hashsalt": "gdnotes",
    "svg.fonttype": "none",
    "font.family": "sans-serif",
    "font.size": 11,
    "axes.edgecolor": INK,
    "axes.labelcolor": INK,
    "axes.titlecolor": INK,
    "axes.facecolor": "none",
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.prop_cycle": matplotlib.cycler(color=list(COLORS)),
    "axes.grid": False,
    "grid.color": FAINT,
    "grid.alpha": 0.35,
    "xtick.color": INK,
    "ytick.color": INK,
    "text.color": INK,
    "figure.facecolor": "none",
    "savefig.facecolor": "none",
    "legend.frameon": False,
    "lines.linewidth": 2.0,
    "path.simplify": True,
    # matplotlib draws these in black by default, which vanishes on the dark palette
    "patch.edgecolor": INK,
    "hatch.color": INK,
    "boxplot.boxprops.color": INK,
    "boxplot.whiskerprops.color": INK,
    "boxplot.capprops.color": INK,
    "boxplot.flierprops.color": INK,
    "boxplot.flierprops.markeredgecolor": INK,
    "figure.edgecolor": "none",
}
"""The matplotlib settings every course figure uses."""

# 3-D panes are light grey by default: make them transparent (keys exist from matplotlib 3.8 on)
style.update({key: (0.0, 0.0, 0.0, 0.0) for key in matplotlib.rcParams if key.startswith("axes3d.") and key.endswith("panecolor")})


@contextlib.contextmanager
def figure(width: float = 6.4, height: float = 3.6, ncols: int = 1, nrows: int = 1, **kwargs) -> Iterator[tuple[Figure, Axes]]:
    """A figure in the house style; yields ``(fig, ax)`` (``ax`` is an array for subplots).

    The figure is closed on exit, so figures never pile up in a long build.
    """
    with matplotlib.rc_context(style):
        fig, ax = plt.subplots(nrows, ncols, figsize=(width, height), layout="constrained", **kwargs)
        try:
            yield fig, ax
        finally:
            plt.close(fig)


class _SharedParserTextToPath(TextToPath):
    """matplotlib's text-to-path converter, with one mathtext parser for every renderer.

    matplotlib gives each renderer a converter with a parser of its own, and
    the parser caches what it parsed per parser: so every figure parsed its
    mathtext (the ``10^{-3}`` labels of a log axis, ``$w_1$``) afresh, twice
    (once to lay the figure out, once to draw it), at about 10 ms a label.
    Sharing the parser lets that cache work; the output is the same.
    """

    parser = TextToPath().mathtext_parser

    def __init__(self) -> None:
        super().__init__()
        self.mathtext_parser = self.parser


@contextlib.contextmanager
def _shared_mathtext_parser() -> Iterator[None]:
    """Renderers made inside this context share :class:`_SharedParserTextToPath`'s parser."""
    saved = matplotlib.text.TextToPath
    matplotlib.text.TextToPath = _SharedParserTextToPath
    try:
        yield
    finally:
        matplotlib.text.TextToPath = saved


@contextlib.contextmanager
def _laid_out_once(fig: Figure) -> Iterator[None]:
    """Inside this context, ``fig.savefig`` lays ``fig`` out and draws it once, not twice.

    For a figure with a layout engine (ours are constrained), savefig draws
    twice: once with drawing switched off, for the layout, then for real.
    The first draw's artists are drawn again by the second, with the same
    positions: here the first does the layout alone (what Figure.draw does
    before its artists: each axes' aspect, then the engine). The same SVG
    (tests/test_figures.py compares them), in about 13 % less time.
    """
    if fig.get_layout_engine() is None:  # savefig draws it once anyway
        yield
        return

    def lay_out(renderer) -> None:
        del fig.draw  # savefig's next draw is the real one
        if not fig.get_visible():
            return
        fig._get_draw_artists(renderer)  # applies each axes' aspect, as Figure.draw does first
        if fig.axes:
            try:
                fig.get_layout_engine().execute(fig)
            except ValueError:  # as Figure.draw does
                pass

    fig.draw = lay_out
    try:
        yield
    finally:
        fig.__dict__.pop("draw", None)


_NUMBER = re.compile(r"-?\d+\.\d{2,}")


def _round_numbers(match: re.Match[str]) -> str:
    text = match.group(0)
    return re.sub(_NUMBER, lambda m: f"{float(m.group(0)):.1f}".rstrip("0").rstrip("."), text)


MAX_SCALE = 1.4
"""How much wider than its natural size (1 pt = 1 CSS px) a course figure may be drawn: ``svg(..., max_scale=MAX_SCALE)``.

The figures are drawn small (about 4.6 inches) so that their text stays legible
when a phone shrinks them to its width; the limit keeps them from being blown
up to the full column on a wide screen.
"""

ROOT_FONT_PX = 20
"""Material's root font size in CSS pixels (125 % of 16 px): how :func:`svg` turns a width into ``rem``."""


def _legends_fit(fig: Figure, slug: str) -> None:
    """Raise if a legend of the (drawn) figure reaches past its edges: the SVG would cut its text off."""
    legends = [*fig.legends, *(ax.get_legend() for ax in fig.axes)]
    box = fig.bbox
    for legend in legends:
        if legend is None or not legend.get_visible():
            continue
        extent = legend.get_window_extent()
        if extent.x0 < box.x0 - 1 or extent.x1 > box.x1 + 1 or extent.y0 < box.y0 - 1 or extent.y1 > box.y1 + 1:
            raise ArgumentError(
                f"figure {slug!r}: its legend ({extent.width:.0f} x {extent.height:.0f} px) reaches past the figure's edges "
                f"({box.width:.0f} x {box.height:.0f} px), so its text would be cut off: give it fewer columns or a smaller font"
            )


def svg(fig: Figure, alt: str, slug: str, caption: str | None = None, max_scale: float | None = None) -> str:
    """Render ``fig`` as an HTML ``<figure>`` with an inline, accessible SVG.

    Args:
        fig: the matplotlib figure.
        alt: what the figure shows, in words, for readers who cannot see it.
        slug: a page-unique identifier; it also salts the SVG's internal ids.
        caption: an optional visible caption (Markdown is not processed).
        max_scale: if given, the ``<figure>`` fills the column (``width: 100%``)
            but is never wider than ``max_scale`` times the figure's natural
            width (1 pt drawn as 1 CSS px, in ``rem`` so that it grows with
            the page's text): its labels then show near the size of the body
            text. The explicit width matters, as Material sizes a figure to
            its content and an SVG with a relative width has no width of its
            own. By default the site's stylesheet alone sizes the figure.
    """
    _validate.instance(fig, Figure, "fig", "a matplotlib Figure (from gdnotes.figures.figure())")
    if caption is not None:
        _validate.instance(caption, str, "caption", "a string or None")
    if not isinstance(alt, str) or not alt.strip():
        raise ArgumentError("alt must be a non-empty description of the figure")
    if not isinstance(slug, str) or not re.fullmatch(r"[a-z0-9][a-z0-9-]*", slug):
        raise ArgumentError(f"slug must be lowercase letters, digits and hyphens, got {slug!r}")
    sizing = ""
    if max_scale is not None:
        scale = _validate.positive_number(max_scale, "max_scale")
        sizing = f' style="width: 100%; max-width: {round(fig.get_figwidth() * 72 * scale / ROOT_FONT_PX, 1):g}rem"'
    buffer = io.StringIO()
    with matplotlib.rc_context({**style, "svg.hashsalt": slug}), _shared_mathtext_parser(), _laid_out_once(fig):
        fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None, "Format": None, "Type": None})
        _legends_fit(fig, slug)
    text = buffer.getvalue()
    text = text[text.index("<svg") :]
    text = re.sub(r"<metadata>.*?</metadata>\s*", "", text, flags=re.S)
    text = re.sub(r'(?:\sd|points|transform|x|y|width|height|viewBox)="[^"]*"', _round_numbers, text)
    text = re.sub(r"<!--.*?-->\s*", "", text, flags=re.S)
    text = text.replace("*{stroke-linejoin", ".gd-svg *{stroke-linejoin")
    text = text.replace(INK, "currentColor")
    text = re.sub(r"font-family: [^;\"]*", "font-family: inherit", text)
    referenced = set(re.findall(r'url\(#([^)]+)\)', text)) | set(re.findall(r'href="#([^"]+)"', text))
    text = re.sub(r'\sid="([^"]+)"', lambda m: m.group(0) if m.group(1) in referenced else "", text)
    text = re.sub(r"<g>\s*</g>", "", text)
    text = re.sub(r'id="([^"]+)"', rf'id="{slug}-\1"', text)
    text = re.sub(r'url\(#([^)]+)\)', rf"url(#{slug}-\1)", text)
    text = re.sub(r'((?:xlink:)?href)="#([^"]+)"', rf'\1="#{slug}-\2"', text)
    text = re.sub(r'\swidth="[^"]*pt" height="[^"]*pt"', "", text, count=1)
    title_id = f"{slug}-title"
    text = text.replace(
        "<svg ",
        f'<svg role="img" aria-labelledby="{title_id}" class="gd-svg" ',
        1,
    )
    text = re.sub(r"(<svg[^>]*>)", rf'\1<title id="{title_id}">{html_lib.escape(alt)}</title>', text, count=1)
    text = "\n".join(line.strip() for line in text.splitlines() if line.strip())
    figcaption = f"<figcaption>{html_lib.escape(caption)}</figcaption>" if caption else ""
    return f'<figure class="gd-figure" id="fig-{slug}"{sizing}>\n{text}\n{figcaption}</figure>'
