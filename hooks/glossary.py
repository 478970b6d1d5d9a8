"""Glossary tooltips: only on the first use of a term in each section, and reachable by keyboard.

``abbr`` (fed by includes/abbreviations.md) marks every occurrence of a
glossary term. A tooltip in a heading, a link, a summary or on every repeat
is noise, and the reference pages need none. A kept tooltip is made
focusable, so a keyboard user can reach it and Material shows it on focus.
"""

from __future__ import annotations

import re

ABBR = re.compile(r'<abbr title="[^"]*">(.*?)</abbr>', re.S)
NO_TOOLTIP = re.compile(r'<(h[1-6]|summary|a|figcaption|legend|label)\b[^>]*>.*?</\1>|<p class="admonition-title">.*?</p>', re.S)
SECTION = re.compile(r"(?=<h2\b)")
TOOLTIP_FREE_PAGES = ("reference/",)  # the glossary, bibliography and API pages


def glossary_tooltips(html_text: str, src_uri: str) -> str:
    """The page's HTML with one focusable tooltip per term and section (none on reference pages)."""
    if src_uri.startswith(TOOLTIP_FREE_PAGES):
        return ABBR.sub(r"\1", html_text)
    html_text = NO_TOOLTIP.sub(lambda m: ABBR.sub(r"\1", m.group(0)), html_text)

    def first_per_section(section: str) -> str:
        seen: set[str] = set()

        def keep(match: re.Match[str]) -> str:
            term = match.group(1).lower()
            if term in seen:
                return match.group(1)
            seen.add(term)
            return match.group(0)

        return ABBR.sub(keep, section)

    html_text = "".join(first_per_section(part) for part in SECTION.split(html_text))
    return html_text.replace("<abbr title=", '<abbr tabindex="0" title=')


def on_page_content(html_text, page, config, files):
    return glossary_tooltips(html_text, page.file.src_uri)
