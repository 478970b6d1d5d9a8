"""Math as MathML, made at build time: pages need no math script, font or CDN.

``pymdownx.arithmatex`` (generic mode) marks up ``$...$`` and ``$$...$$``;
this hook turns each into MathML Core with math-core, which browsers render
natively. A formula math-core cannot read fails the build, naming the page.

Why math-core and not latex2mathml (used until December 2026): tried on all
843 formulas of the course, both read every one, but latex2mathml wrote the
floor and ceiling brackets as identifiers (``<mi>⌊</mi>``, spaced as
letters), ``\\mathrm{d}`` as an italic letter, and needed about 2 s of a warm
build; math-core writes them as operators and an upright d, places the
limit of ``\\max_x`` under it in display math, and converts all 843 in about
10 ms. ``tests/test_hooks.py`` holds each of these cases.
"""

from __future__ import annotations

import html
import re

from math_core import LatexToMathML
from mkdocs.exceptions import PluginError

INLINE = re.compile(r'<span class="arithmatex">\\\((.*?)\\\)</span>', re.S)
DISPLAY = re.compile(r'<div class="arithmatex">\\\[(.*?)\\\]</div>', re.S)
CONVERTER = LatexToMathML(fancy_error=False)


def mathml(latex: str, display: str, where: str) -> str:
    """MathML for one formula (``display`` is "inline" or "block"); ``where`` names the page in an error."""
    source = html.unescape(latex).strip()
    try:
        return CONVERTER.convert_with_local_state(source, displaystyle=display == "block")
    except Exception as error:  # math_core.LatexError, and anything else it may raise
        raise PluginError(f"{where}: cannot render math {source!r}: {error}") from error


def render(html_text: str, where: str) -> str:
    """Every arithmatex formula in a page's HTML, as MathML."""
    html_text = DISPLAY.sub(lambda m: f'<div class="gd-math">{mathml(m.group(1), "block", where)}</div>', html_text)
    return INLINE.sub(lambda m: mathml(m.group(1), "inline", where), html_text)


def on_page_content(html_text, page, config, files):
    return render(html_text, page.file.src_uri)
