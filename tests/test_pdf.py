"""The course on paper (scripts/course_pdf.py, make pdf): one PDF per lesson and one for the course,
printed from the built site in headless Chromium. Read back with poppler's pdfinfo and pdftotext
(Debian's poppler-utils, which .ci/run installs): page counts, every part's title in navigation
order after the contents, no widget control's text, and the sizes, which the test reports.
"""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from _browser import WIDGET_PAGES, wait_all_ready
from conftest import ROOT, PageProbe, chromium_path, mkdocs_config

sys.path.insert(0, str(ROOT / "scripts"))
import course_pdf  # noqa: E402

pytestmark = pytest.mark.browser
COURSE = "gdnotes-course.pdf"
LESSON_BUDGET = 3 * 1024 * 1024
COURSE_BUDGET = 20 * 1024 * 1024


def _poppler(tool: str, pdf: Path, *arguments: str) -> str:
    return subprocess.run([tool, *arguments, str(pdf), "-"] if tool == "pdftotext" else [tool, str(pdf)], capture_output=True, text=True, check=True, timeout=120).stdout


@pytest.fixture(scope="module")
def pdfs(built_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    if chromium_path() is None or shutil.which("pdftotext") is None:
        if os.environ.get("CI"):
            pytest.fail("the PDF tests need Chromium and poppler-utils: .ci/run installs both")
        pytest.skip("the PDF tests need Debian's chromium and poppler-utils (pdfinfo, pdftotext)")
    out = tmp_path_factory.mktemp("pdf")
    # its own process: a test process may already drive Chromium through Playwright's sync API
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "course_pdf.py"), str(built_site), "--out", str(out)], capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    print(result.stdout)  # each file's size, shown with pytest -s
    return out


def _pages(pdf: Path) -> int:
    return int(re.search(r"^Pages:\s+(\d+)", _poppler("pdfinfo", pdf), re.M).group(1))


def test_one_pdf_per_lesson_and_the_course_within_budget(pdfs: Path) -> None:
    lessons = sorted(p.name for p in pdfs.glob("lesson-*.pdf"))
    assert lessons == [f"lesson-{n:02d}.pdf" for n in range(1, 10)]
    sizes = {p.name: p.stat().st_size for p in sorted(pdfs.glob("*.pdf"))}
    print("PDF sizes (KB):", {name: round(size / 1024) for name, size in sizes.items()})
    for name in lessons:
        assert 2 <= _pages(pdfs / name) < 40, name
        assert sizes[name] < LESSON_BUDGET, f"{name}: {sizes[name]} bytes"
    assert sizes[COURSE] < COURSE_BUDGET
    assert _pages(pdfs / COURSE) >= sum(_pages(pdfs / name) for name in lessons), "the course holds every lesson and more"


def test_course_has_contents_then_every_part_in_navigation_order(pdfs: Path, built_site: Path) -> None:
    text = _poppler("pdftotext", pdfs / COURSE)
    config = mkdocs_config()
    titles = [course_pdf.chapter(built_site, page, config["site_url"])[0] for page in course_pdf.course_pages(config["nav"])]
    assert len(titles) == 12 and titles[-2:] == ["Glossary", "Bibliography"]
    contents = text.index("Contents")
    listed = [text.index(f"{n}. {title}", contents) for n, title in enumerate(titles, 1)]
    assert listed == sorted(listed), "the contents list the parts in navigation order"
    # each part's title again, as its page's heading, after the contents, in order
    start = listed[-1]
    for title in titles:
        start = text.index(title, start + 1)
    # figures and math: an SVG figure's axis label and MathML's italic letters survive as text
    assert "Lesson 5" in text and "𝑥" in text


def test_no_widget_control_text_in_print(pdfs: Path, built_site: Path, probe: PageProbe, site_url: str) -> None:
    """No line of a lesson PDF is the label of a button or tab that its widgets' scripts make (the PDF shows their
    fallbacks). Labels that are also words of the page as built (a table's row, say) are not looked for."""
    checked = 0  # labels looked for
    for path in sorted(set(WIDGET_PAGES.values())):
        match = re.match(r"lessons/(\d+)-", path)
        if not match:
            continue
        probe.page.goto(site_url + path, wait_until="load")
        wait_all_ready(probe.page)
        labels = probe.page.evaluate(
            "() => [...document.querySelectorAll('.gd-widget .gd-ui :is(button, [role=tab], [role=slider])')]"
            ".map(e => e.innerText.trim()).filter(t => t.length >= 3)"
        )
        built = html.unescape(re.sub(r"<[^>]+>", "\n", (built_site / path / "index.html").read_text(encoding="utf-8")))
        made_by_script = set(labels) - {line.strip() for line in built.splitlines()}
        lines = {line.strip() for line in _poppler("pdftotext", pdfs / f"lesson-{int(match.group(1)):02d}.pdf").splitlines()}
        assert not lines & made_by_script, f"{path}: control text printed: {sorted(lines & made_by_script)}"
        checked += len(made_by_script)
    assert checked >= 10, "found too few control labels to look for"
