"""Markdown to HTML for the snippets the package writes into pages (quiz answers, widget notes).

One converter, made once and reset between uses: building a ``Markdown``
object per snippet cost about a millisecond each, hundreds of times a build.
``$...$`` math is marked up for the site's math hook (pymdownx.arithmatex,
generic mode), which turns it into MathML.
"""

from __future__ import annotations

import functools

import markdown


@functools.lru_cache(maxsize=1)
def _converter() -> markdown.Markdown:
    return markdown.Markdown(extensions=["pymdownx.arithmatex"], extension_configs={"pymdownx.arithmatex": {"generic": True}})


def to_html(text: str) -> str:
    """``text`` (Markdown, ``$...$`` math allowed) as HTML, stripped.

    >>> to_html("a *b*")
    '<p>a <em>b</em></p>'
    """
    converter = _converter()
    try:
        return converter.convert(text).strip()
    finally:
        converter.reset()
