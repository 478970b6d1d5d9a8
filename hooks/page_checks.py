"""Checks of each page's HTML that fail the build, naming the page.

* Every image says what it shows: an ``<img>`` without alt text fails.
  Figures made by ``gdnotes.figures`` are inline SVG with a ``<title>``
  (their alt text, checked by the tests); this catches a picture put in by
  hand. An image that is only decoration says so with ``alt=""`` and
  ``role="presentation"``.
* No id is used twice on a page (two quizzes with one key, two figures with
  one slug, a widget printed twice): labels, anchors and scripts would find
  the wrong element.
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


ID = re.compile(r"""<[a-zA-Z][^>]*?\sid\s*=\s*(["'])(.*?)\1""", re.S)


def repeated_ids(html_text: str) -> list[str]:
    """The element ids used more than once in ``html_text``, in order of their second use."""
    seen: set[str] = set()
    repeated: list[str] = []
    for match in ID.finditer(html_text):
        identifier = match.group(2)
        if identifier in seen and identifier not in repeated:
            repeated.append(identifier)
        seen.add(identifier)
    return repeated


def on_page_content(html_text, page, config, files):
    where = f"docs/{page.file.src_uri}"
    bad = missing_alt(html_text)
    if bad:
        raise PluginError(f"{where}: an image has no alt text (say what it shows): {bad[0][:120]}")
    twice = repeated_ids(html_text)
    if twice:
        raise PluginError(f"{where}: the id {twice[0]!r} is used more than once on this page (ids must be unique: {', '.join(twice[:5])})")
    return html_text
