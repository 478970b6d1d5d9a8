"""Glossary tooltips: only on the first use of a term in each section, and reachable by keyboard.

``abbr`` (fed by includes/abbreviations.md) marks every occurrence of a
glossary term. A tooltip in a heading, a link, a summary or on every repeat
is noise, and the reference pages need none. A kept tooltip is made
focusable, so a keyboard user can reach it; overrides/main.html shows it on
hover and focus, in Material's tooltip style.

Material's ``content.tooltips`` (now off) turned *every* element of the article
with a ``title`` into a tooltip component when the page loaded (listeners, an
id, state), so the glossary terms are the only titles we leave
(``on_post_page``, after autorefs has written its links):

* each heading's permalink (``¶``) says "Permanent link" with ``aria-label``
  instead of ``title``: the same accessible name, no tooltip to set up
  (an API page has over 200 headings);
* a cross-reference link to the API drops its ``title`` (the identifier,
  which the link text already shows), and so does the plain ``<span title>``
  autorefs writes for a type outside the site (``numpy.ndarray``) on the API
  pages: over 100 of each on an API page.

Profiled with Chromium at 4x CPU slow-down, these tooltips cost an API page
about half a second of main-thread work at load (issue 13).
"""

from __future__ import annotations

import re

ABBR = re.compile(r'<abbr title="[^"]*">(.*?)</abbr>', re.S)
NO_TOOLTIP = re.compile(r'<(h[1-6]|summary|a|figcaption|legend|label)\b[^>]*>.*?</\1>|<p class="admonition-title">.*?</p>', re.S)
SECTION = re.compile(r"(?=<h2\b)")
TOOLTIP_FREE_PAGES = ("reference/",)  # the glossary, bibliography and API pages
PERMALINK = re.compile(r'(<a\b[^>]*\bclass="headerlink"[^>]*?) title="([^"]*)"|(<a\b[^>]*?) title="([^"]*)"([^>]*\bclass="headerlink")')
AUTOREF_TITLE = re.compile(r'(<a class="autorefs autorefs-(?:internal|external)"[^>]*?) title="[^"]*"')
TYPE_TITLE = re.compile(r'<span title="[^"]*">')


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


def fewer_titles(html_text: str, src_uri: str = "") -> str:
    """The page with permalinks named by ``aria-label`` and cross-reference links without ``title``."""
    if src_uri.startswith("reference/api/"):
        html_text = TYPE_TITLE.sub("<span>", html_text)

    def permalink(match: re.Match[str]) -> str:
        if match.group(1) is not None:
            return f'{match.group(1)} aria-label="{match.group(2)}"'
        return f'{match.group(3)} aria-label="{match.group(4)}"{match.group(5)}'

    return AUTOREF_TITLE.sub(r"\1", PERMALINK.sub(permalink, html_text))


def on_page_content(html_text, page, config, files):
    return glossary_tooltips(html_text, page.file.src_uri)


def on_post_page(output, page, config):
    return fewer_titles(output, page.file.src_uri)
