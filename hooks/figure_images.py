"""Course figures leave the page's HTML: each inline SVG becomes two image files, one for each palette.

``gdnotes.figures.svg`` returns a ``<figure class="gd-figure">`` holding an inline ``<svg>`` whose ink is
``currentColor`` and whose text inherits the page's font, so it reads in the light and the dark palette.
Inline, a lesson's five figures were a quarter of its elements and half its HTML, and Chromium parsed,
styled and laid them out with the rest of the page while it loaded, in the long tasks that make up a
phone's blocking time (issue 13). Here, after the page is rendered, each figure's SVG is written next to
the page as ``<slug>.light.svg`` and ``<slug>.dark.svg``, identical but for the ink colour and the font
given on the root (the values Material's palettes give the page's text; tests/test_browser.py compares
them), and the figure holds two ``<img>`` with the figure's alt text, of which the style sheet
(docs/assets/gdnotes.css) shows the one for the palette, and print the light one. The dark one loads
lazily: a reader in the light palette never fetches it. Each image has the figure's size, so nothing moves
when it arrives. The package's output (and its tests) is unchanged; only the built site's pages differ.

A notebook page's plots (PNG, inline as base64 by nbconvert) leave its HTML the same way: each is written
beside the page as ``output-<hash>.png``, sized and loaded lazily. Notebook 1's page was 481 KB of HTML,
365 KB of it three plots, all of which a phone downloaded and decoded before it showed the first line.
"""

from __future__ import annotations

import base64
import bisect
import hashlib
import html as html_lib
import json
import posixpath
import re
import struct
from pathlib import Path
from xml.etree import ElementTree

#: the text colour and font of Material's light (default) and dark (slate) palette, with ``font: false``
INK = {
    "light": "rgba(0, 0, 0, 0.87)",
    "dark": "rgba(226, 228, 233, 0.82)",
}
FONT = "-apple-system, BlinkMacSystemFont, Helvetica, Arial, sans-serif"

FIGURE = re.compile(r'(<figure class="gd-figure" id="fig-([a-z0-9-]+)"[^>]*>)\s*<svg\b([^>]*)>(.*?)</svg>\n?', re.S)
ATTRIBUTE = re.compile(r'([\w:-]+)="([^"]*)"')
TITLE = re.compile(r"<title\b[^>]*>(.*?)</title>", re.S)

#: SVG's mixed-case names, which an HTML serializer writes in lower case (a notebook's output is one:
#: <clippath>, viewbox=); an HTML parser reads either, an SVG file only the right case
MIXED_CASE = {
    name.lower(): name
    for name in (
        "clipPath", "linearGradient", "radialGradient", "foreignObject", "textPath", "feGaussianBlur", "feOffset",
        "feBlend", "feColorMatrix", "feComposite", "feFlood", "feMerge", "feMergeNode", "viewBox", "preserveAspectRatio",
        "clipPathUnits", "gradientTransform", "gradientUnits", "patternUnits", "patternContentUnits", "patternTransform",
        "markerWidth", "markerHeight", "markerUnits", "refX", "refY", "stdDeviation", "textLength", "lengthAdjust",
        "spreadMethod", "maskUnits", "maskContentUnits", "filterUnits", "primitiveUnits", "startOffset", "viewTarget",
    )
}
CASED = re.compile(r"(</?|\s)(" + "|".join(sorted(MIXED_CASE, key=len, reverse=True)) + r")(?=[\s=>/])")


class FigureError(ValueError):
    """A course figure this hook cannot turn into images (its SVG is not what gdnotes.figures.svg makes)."""


def image_file(attributes: str, body: str, palette: str) -> str:
    """The standalone SVG file of an inline figure (its root's ``attributes``, its ``body``) for ``palette``
    ("light" or "dark"): the root without its role, label and class, and with the palette's ink and font."""
    kept = [f'{name}="{value}"' for name, value in ATTRIBUTE.findall(attributes) if name not in ("role", "aria-labelledby", "class", "style")]
    style = f"color: {INK[palette]}; font-family: {FONT}"
    text = f'<svg class="gd-svg" style="{style}" ' + " ".join(kept) + ">" + body + "</svg>"
    return '<?xml version="1.0" encoding="utf-8"?>\n' + CASED.sub(lambda m: m.group(1) + MIXED_CASE[m.group(2)], text) + "\n"


def images(output: str) -> tuple[str, dict[str, str]]:
    """The page ``output`` with each course figure's inline SVG replaced by its two images, and those
    images' files (name beside the page: SVG text)."""
    files: dict[str, str] = {}

    def replace(match: re.Match[str]) -> str:
        start, slug, attributes, body = match.groups()
        root = {name.lower(): value for name, value in ATTRIBUTE.findall(attributes)}
        title, box = TITLE.search(body), root.get("viewbox", "").split()
        if title is None or len(box) != 4:
            raise FigureError(f"figure {slug!r} has no <title> (its alt text) or no viewBox")
        alt = html_lib.escape(html_lib.unescape(title.group(1)), quote=True)
        width, height = (round(float(v)) for v in box[2:])
        tags = []
        for palette, lazy in (("light", ""), ("dark", ' loading="lazy"')):
            name = f"{slug}.{palette}.svg"
            if name in files:
                raise FigureError(f"two figures named {slug!r} on one page")
            files[name] = text = image_file(attributes, body, palette)
            try:
                ElementTree.fromstring(text.encode("utf-8"))
            except ElementTree.ParseError as error:
                raise FigureError(f"figure {slug!r} does not make a well-formed SVG file ({error})") from None
            tags.append(f'<img class="gd-svg gd-ink-{palette}" src="{name}" alt="{alt}" width="{width}" height="{height}" decoding="async"{lazy}>')
        return start + "\n" + "\n".join(tags) + "\n"

    return FIGURE.sub(replace, output), files


#: a notebook page's plot, as nbconvert writes it: a PNG inline, as base64
PNG_OUTPUT = re.compile(r'<img\b([^>]*?)\ssrc="data:image/png;base64,([A-Za-z0-9+/=\s]+)"([^>]*)>')


CELL_ID = re.compile(r'\bid="cell-id=([^"]+)"')


def notebook_alts(notebook: str) -> dict[str, list[str]]:
    """The alt texts of each cell's images, by cell id, from a notebook's text (its cells' metadata ``alt``,
    which gdnotes.notebooks writes from the spec's ```` ```python alt="..." ```` fences)."""
    cells = json.loads(notebook).get("cells", [])
    return {cell["id"]: list(cell.get("metadata", {}).get("alt", [])) for cell in cells if "id" in cell}


def png_outputs(output: str, alts: dict[str, list[str]]) -> tuple[str, dict[str, bytes]]:
    """The notebook page ``output`` with each inline PNG (a plot's output) written as a file of its own, named by
    its content, loaded when the reader comes near it and sized, so that nothing moves when it arrives; its alt
    text is the next of its cell's ``alts`` (nbconvert's own says only that there is none)."""
    files: dict[str, bytes] = {}
    shown: dict[str, int] = {}
    starts = [(m.start(), m.group(1)) for m in CELL_ID.finditer(output)]  # each cell's start, in page order

    def replace(match: re.Match[str]) -> str:
        before, data, after = match.groups()
        before_it = bisect.bisect_left(starts, (match.start(),))
        cell = starts[before_it - 1][1] if before_it else "?"
        k = shown[cell] = shown.get(cell, 0) + 1
        if len(alts.get(cell, [])) < k:
            raise FigureError(
                f"image {k} of notebook cell {cell} has no alt text: give its ```python fence in the notebook's spec "
                f'(gdnotes/data/notebook-NN.md) an alt="..." for each image it shows, then run make notebooks'
            )
        alt = html_lib.escape(alts[cell][k - 1], quote=True)
        png = base64.b64decode(data)
        if png[:8] != b"\x89PNG\r\n\x1a\n" or png[12:16] != b"IHDR":
            raise FigureError("a notebook output says it is a PNG image, but its data is not one")
        width, height = struct.unpack(">II", png[16:24])
        name = f"output-{hashlib.sha256(png).hexdigest()[:16]}.png"
        files[name] = png
        kept = re.sub(r'\s(?:alt|width|height|loading|decoding)="[^"]*"', "", before + after).rstrip("/ ")
        return f'<img alt="{alt}"{kept} src="{name}" width="{width}" height="{height}" loading="lazy" decoding="async">'

    return PNG_OUTPUT.sub(replace, output), files


def on_post_page(output, page, config):
    files: dict[str, str | bytes] = {}
    try:
        if 'class="gd-figure"' in output:
            output, figures = images(output)
            files.update(figures)
        if page.file.src_uri.endswith(".ipynb") and "data:image/png;base64," in output:
            output, plots = png_outputs(output, notebook_alts(Path(page.file.abs_src_path).read_text(encoding="utf-8")))
            files.update(plots)
    except FigureError as error:
        raise FigureError(f"{page.file.src_uri}: {error}") from None
    if not files:
        return output
    folder = Path(config["site_dir"]) / posixpath.dirname(page.file.dest_uri)
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        if isinstance(content, bytes):
            (folder / name).write_bytes(content)
        else:
            (folder / name).write_text(content, encoding="utf-8")
    return output
