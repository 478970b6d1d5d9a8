"""The line under a lesson's title: its number, reading time and companion notebook.

A page whose front matter has ``lesson: N`` gets it; ``notebook: path``
adds links to read and download the notebook (a path not in docs/ fails
the build, naming the page).
"""

from __future__ import annotations

import math
import re

from mkdocs.exceptions import PluginError

WORDS_PER_MINUTE = 200


def reading_minutes(markdown: str) -> int:
    """Minutes to read a page's Markdown source: code fences left out, a quiz read, a named value one word; at least 1."""
    from gdnotes.lessons import NAMED_VALUE, fences  # the build's one reading of a page's fences and names

    lines = markdown.split("\n")
    for fence in reversed(fences(lines)):
        if fence.language != "quiz":
            lines[fence.start : fence.end + 1] = []
    prose = NAMED_VALUE.sub("0", "\n".join(lines))
    return max(1, math.ceil(len(re.findall(r"\w+", prose)) / WORDS_PER_MINUTE))


def header(page, files) -> str | None:
    """The header line's HTML, or None for a page that is not a lesson."""
    lesson = page.meta.get("lesson")
    if lesson is None:
        return None
    source = page.file.content_string  # as written: before named values and quizzes were filled in
    parts = [f"<span>Lesson {int(lesson)}</span>", f"<span>About {reading_minutes(source)} min read</span>"]
    notebook = page.meta.get("notebook")
    if notebook:
        target = files.get_file_from_path(notebook)
        if target is None:
            raise PluginError(f"{page.file.src_uri}: notebook {notebook!r} is not in docs/")
        view = target.url_relative_to(page.file)
        download = view.rstrip("/") + "/" + target.name + ".ipynb" if not view.endswith(".ipynb") else view
        parts.append(f'<span>Companion notebook: <a href="{view}">read</a> · <a href="{download}" download>download .ipynb</a></span>')
    return '<p class="gd-lesson-meta">' + " · ".join(parts) + "</p>"


def on_page_content(html_text, page, config, files):
    meta = header(page, files)
    if meta is None:
        return html_text
    if "</h1>" in html_text:
        return html_text.replace("</h1>", "</h1>\n" + meta, 1)
    return meta + html_text
