"""Math as MathML, made at build time: pages need no math script, font or CDN.

``pymdownx.arithmatex`` (generic mode) marks up ``$...$`` and ``$$...$$``;
this hook turns each into MathML with latex2mathml, which browsers render
natively. A formula latex2mathml cannot read fails the build, naming the page.
"""

from __future__ import annotations

import html
import re

from latex2mathml.converter import convert
from mkdocs.exceptions import PluginError

INLINE = re.compile(r'<span class="arithmatex">\\\((.*?)\\\)</span>', re.S)
DISPLAY = re.compile(r'<div class="arithmatex">\\\[(.*?)\\\]</div>', re.S)


def mathml(latex: str, display: str, where: str) -> str:
    """MathML for one formula; ``where`` names the page in an error."""
    # tables.number writes U+2212 MINUS SIGN for text; latex2mathml would read it
    # as an identifier (<mi>), so give it the ASCII minus it knows as an operator
    source = html.unescape(latex).strip().replace("\u2212", "-")
    try:
        return convert(source, display=display)
    except Exception as error:  # latex2mathml raises many types
        raise PluginError(f"{where}: cannot render math {source!r}: {error}") from error


def render(html_text: str, where: str) -> str:
    """Every arithmatex formula in a page's HTML, as MathML."""
    html_text = DISPLAY.sub(lambda m: f'<div class="gd-math">{mathml(m.group(1), "block", where)}</div>', html_text)
    return INLINE.sub(lambda m: mathml(m.group(1), "inline", where), html_text)


def on_page_content(html_text, page, config, files):
    return render(html_text, page.file.src_uri)
