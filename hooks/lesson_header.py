"""The line under a lesson's title: its number, reading time and companion notebook; and the home page's cards.

A page whose front matter has ``lesson: N`` gets it; ``notebook: path``
adds links to read and download the notebook (a path not in docs/ fails
the build, naming the page). Every lesson's line ends with a link to the
lesson as a PDF (:func:`pdf_name`, in the site's ``pdf/`` folder, which the
PDF step, scripts/course_pdf.py, fills after the build), relative to the
page so that the site works under any path and offline. A lesson that takes longer than
:data:`LONGEST` minutes to read says why in ``longer: reason``, shown
after its reading time.

Each card of the home page that links a lesson (``**Lesson N · [title](lessons/...md)**``)
gets the same reading time, from the same function (:func:`reading_time`)
on the same source, so a card and its lesson's header always agree.
"""

from __future__ import annotations

import html
import math
import re

from mkdocs.exceptions import PluginError
from mkdocs.utils.meta import get_data

WORDS_PER_MINUTE = 200
LONGEST = 15
"""Minutes: a lesson longer than this says why in its front matter (``longer: reason``)."""
PDF_FOLDER = "pdf"
"""The site's folder of PDFs, written by scripts/course_pdf.py after ``mkdocs build`` (``make build`` runs both)."""
HOME_CARD = re.compile(r'(<strong>Lesson \d+ · <a href="(lessons/[^"]+?)/?">.*?</a></strong>)')


def reading_minutes(markdown: str) -> int:
    """Minutes to read a page's Markdown source: code fences left out, a quiz read, a named value one word; at least 1."""
    from gdnotes.lessons import NAMED_VALUE, fences  # the build's one reading of a page's fences and names

    lines = markdown.split("\n")
    for fence in reversed(fences(lines)):
        if fence.language != "quiz":
            lines[fence.start : fence.end + 1] = []
    prose = NAMED_VALUE.sub("0", "\n".join(lines))
    return max(1, math.ceil(len(re.findall(r"\w+", prose)) / WORDS_PER_MINUTE))


def reading_time(source: str) -> str:
    """"About N min read" for a lesson's source as written (its front matter left out), with its ``longer`` reason if any."""
    body, meta = get_data(source)
    text = f"About {reading_minutes(body)} min read"
    reason = meta.get("longer")
    return f"{text} (longer on purpose: {reason})" if reason else text


def pdf_name(lesson: int) -> str:
    """The file name of lesson ``lesson``'s PDF: ``lesson-03.pdf`` (scripts/course_pdf.py writes it by this name)."""
    return f"lesson-{int(lesson):02d}.pdf"


def pdf_link(lesson: int, page_url: str) -> str:
    """The header's link to the lesson's PDF, relative to the page at ``page_url``; its name says what it is."""
    from mkdocs.utils import get_relative_url

    href = get_relative_url(f"{PDF_FOLDER}/{pdf_name(lesson)}", page_url or ".")
    # the separator before it is inside its span, so that print.css leaves both out on paper, where the link leads nowhere
    return f'<span class="gd-pdf"> · <a class="gd-pdf-link" href="{html.escape(href)}" download aria-label="Lesson {int(lesson)} as PDF">PDF</a></span>'


def header(page, files) -> str | None:
    """The header line's HTML, or None for a page that is not a lesson."""
    lesson = page.meta.get("lesson")
    if lesson is None:
        return None
    source = page.file.content_string  # as written: before named values and quizzes were filled in
    parts = [f"<span>Lesson {int(lesson)}</span>", f'<span class="gd-reading-time">{html.escape(reading_time(source))}</span>']
    notebook = page.meta.get("notebook")
    if notebook:
        target = files.get_file_from_path(notebook)
        if target is None:
            raise PluginError(f"{page.file.src_uri}: notebook {notebook!r} is not in docs/")
        view = target.url_relative_to(page.file)
        download = view.rstrip("/") + "/" + target.name + ".ipynb" if not view.endswith(".ipynb") else view
        parts.append(f'<span>Companion notebook: <a href="{view}">read</a> · <a href="{download}" download>download .ipynb</a></span>')
    return '<p class="gd-lesson-meta">' + " · ".join(parts) + pdf_link(lesson, page.url) + "</p>"


def home_cards(html_text: str, files) -> str:
    """The home page's HTML with each lesson card's reading time after its title (a card linking no lesson file fails)."""

    def card(match: re.Match[str]) -> str:
        target = files.get_file_from_path(match.group(2) + ".md")
        if target is None:
            raise PluginError(f"index.md: a lesson card links {match.group(2)!r}, which is not a page in docs/")
        return f'{match.group(1)}<br><span class="gd-reading-time">{html.escape(reading_time(target.content_string))}</span>'

    return HOME_CARD.sub(card, html_text)


def on_page_content(html_text, page, config, files):
    if page.is_homepage:
        return home_cards(html_text, files)
    meta = header(page, files)
    if meta is None:
        return html_text
    if "</h1>" in html_text:
        return html_text.replace("</h1>", "</h1>\n" + meta, 1)
    return meta + html_text
