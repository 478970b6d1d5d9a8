"""Every image on a page says what it shows: an ``<img>`` without alt text fails the build, naming the page.

Figures made by ``gdnotes.figures`` are inline SVG with a ``<title>`` (their
alt text, checked by the tests); this catches a picture put in by hand.
An image that is only decoration says so with ``alt=""`` and
``role="presentation"``.
"""

from __future__ import annotations

import re

from mkdocs.exceptions import PluginError

IMAGE = re.compile(r"<img\b[^>]*>", re.I)
ALT = re.compile(r"""\balt\s*=\s*(["'])(.*?)\1""", re.I | re.S)


def missing_alt(html_text: str) -> list[str]:
    """The ``<img>`` tags of ``html_text`` with no alt text (and not marked as decoration)."""
    bad = []
    for tag in IMAGE.findall(html_text):
        alt = ALT.search(tag)
        if alt is None or (not alt.group(2).strip() and 'role="presentation"' not in tag):
            bad.append(tag)
    return bad


def on_page_content(html_text, page, config, files):
    bad = missing_alt(html_text)
    if bad:
        raise PluginError(f"docs/{page.file.src_uri}: an image has no alt text (say what it shows): {bad[0][:120]}")
    return html_text
