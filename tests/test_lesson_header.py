"""Reading times: the lesson header and the home page's cards give the same one, and a long lesson says why.

hooks/lesson_header.py computes a lesson's reading time once (``reading_time``)
and writes it under the lesson's title and on the lesson's card on the home page.
"""

from __future__ import annotations

import html
import importlib.util
import re
import types
from pathlib import Path

import pytest
from conftest import ROOT
from mkdocs.exceptions import PluginError
from mkdocs.utils.meta import get_data

LESSONS = sorted((ROOT / "docs" / "lessons").glob("0*.md"))
TIME = re.compile(r'<span class="gd-reading-time">([^<]*)</span>')


@pytest.fixture(scope="module")
def header() -> types.ModuleType:
    spec = importlib.util.spec_from_file_location("gdnotes_test_hook_lesson_header", ROOT / "hooks" / "lesson_header.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class _Files:
    """The part of MkDocs' Files the hook uses: a file by its path in docs/."""

    def __init__(self, sources: dict[str, str]) -> None:
        self.sources = sources

    def get_file_from_path(self, path: str):
        if path not in self.sources:
            return None
        return types.SimpleNamespace(content_string=self.sources[path])


def test_reading_time_leaves_out_front_matter_and_gives_the_reason(header: types.ModuleType) -> None:
    prose = "word " * 400
    assert header.reading_time(f"---\nlesson: 1\n---\n{prose}") == "About 2 min read"
    long = f"---\nlesson: 2\nlonger: {'many words ' * 30}\n---\n{prose}"
    assert header.reading_time(long).startswith("About 2 min read (longer on purpose: many words")


def test_home_cards_get_the_headers_reading_time(header: types.ModuleType) -> None:
    files = _Files({"lessons/01-a.md": "---\nlesson: 1\n---\n" + "word " * 401, "lessons/02-b.md": "word " * 20})
    page = '<p><strong>Lesson 1 · <a href="lessons/01-a/">A</a></strong></p><p><strong>Lesson 2 · <a href="lessons/02-b/">B</a></strong></p>'
    out = header.home_cards(page, files)
    assert TIME.findall(out) == ["About 3 min read", "About 1 min read"]
    with pytest.raises(PluginError, match="lessons/09-z"):
        header.home_cards('<strong>Lesson 9 · <a href="lessons/09-z/">Z</a></strong>', files)


def test_a_lesson_longer_than_the_target_says_why_and_only_then(header: types.ModuleType) -> None:
    for lesson in LESSONS:
        source = lesson.read_text(encoding="utf-8")
        body, meta = get_data(source)
        minutes = header.reading_minutes(body)
        if minutes > header.LONGEST:
            assert meta.get("longer"), f"{lesson.name} takes {minutes} min to read: say why in its front matter (longer: ...)"
        else:
            assert not meta.get("longer"), f"{lesson.name} takes {minutes} min: drop its 'longer' reason"


def test_built_cards_show_the_same_reading_time_as_each_lesson(built_site: Path) -> None:
    home = (built_site / "index.html").read_text(encoding="utf-8")
    for lesson in LESSONS:
        card = re.search(rf'<a href="lessons/{lesson.stem}/">.*?</a></strong><br>(<span class="gd-reading-time">[^<]*</span>)', home)
        assert card, f"the home page's card for {lesson.stem} shows no reading time"
        page = (built_site / "lessons" / lesson.stem / "index.html").read_text(encoding="utf-8")
        shown = TIME.search(page.split('class="gd-lesson-meta"', 1)[1])
        assert shown, f"{lesson.stem}: no reading time in the header"
        assert card.group(1) == shown.group(0), f"{lesson.stem}: the card and the header disagree"
        assert re.fullmatch(r"About \d+ min read( \(longer on purpose: .+\))?", html.unescape(shown.group(1)))


def test_pdf_link_is_relative_to_the_page_and_names_the_lesson(header: types.ModuleType) -> None:
    """The header's PDF link works under any site path and offline: relative to the page, in the site's pdf/ folder."""
    link = header.pdf_link(3, "lessons/03-update-rule/")
    assert 'href="../../pdf/lesson-03.pdf"' in link and " download " in link
    assert 'aria-label="Lesson 3 as PDF"' in link and ">PDF</a>" in link  # the visible word is in the accessible name
    assert 'href="../pdf/lesson-12.pdf"' in header.pdf_link(12, "lessons/12-x.html")  # without directory URLs
    assert header.pdf_name(7) == "lesson-07.pdf"
