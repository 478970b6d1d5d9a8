"""The course on paper (scripts/course_pdf.py, the last step of make build): one PDF per lesson and one for
the course, printed from the built site in headless Chromium. Read back with poppler's pdfinfo and pdftotext
(Debian's poppler-utils, which .ci/run installs): page counts, every part's title in navigation
order after the contents, no widget control's text, and the sizes, which the test reports. Every link
to a PDF in the site (each lesson's header, the home page) points at a file the step made; a second
print gives the same bytes; an unchanged PDF comes from the cache.

The tests' own site build (conftest's built_site) runs mkdocs only, as the test suite builds no PDFs
there: its pdf/ links are resolved here, against the files the PDF step printed from it.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urljoin, urlsplit

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


EPOCH = "1767225600"  # 2026-01-01T00:00:00Z: the PDFs' dates
SHORT = "lesson-01.pdf"  # the one lesson the tests print a second time


def _step(site: Path, out: Path, cache: Path, *arguments: str, epoch: str = EPOCH) -> str:
    """Run the PDF step (in its own process: a test process may already drive Chromium through Playwright's
    sync API) with its cache in ``cache``; return what it printed."""
    env = {**os.environ, "GDNOTES_CACHE_DIR": str(cache), "SOURCE_DATE_EPOCH": epoch}
    command = [sys.executable, str(ROOT / "scripts" / "course_pdf.py"), str(site), "--out", str(out), *arguments]
    result = subprocess.run(command, capture_output=True, text=True, timeout=600, env=env)
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


@pytest.fixture(scope="module")
def pdf_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("pdf-cache")


@pytest.fixture(scope="module")
def pdfs(built_site: Path, tmp_path_factory: pytest.TempPathFactory, pdf_cache: Path) -> Path:
    if chromium_path() is None or shutil.which("pdftotext") is None:
        if os.environ.get("CI"):
            pytest.fail("the PDF tests need Chromium and poppler-utils: .ci/run installs both")
        pytest.skip("the PDF tests need Debian's chromium and poppler-utils (pdfinfo, pdftotext)")
    out = tmp_path_factory.mktemp("pdf")
    print(_step(built_site, out, pdf_cache))  # each file's size, shown with pytest -s
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


# --------------------------------------------------------------------- links, bytes, cache

PDF_HREF = re.compile(r'<a\b([^>]*?)\bhref="([^"]+\.pdf)"([^>]*)>(.*?)</a>', re.S)


def _pdf_links(built_site: Path) -> dict[str, list[tuple[str, str]]]:
    """Each built page's links to a PDF: (href, the whole <a ...> start tag and text), by the page's path in the site."""
    found = {}
    for page in sorted(built_site.rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        links = [(html.unescape(m.group(2)), m.group(0)) for m in PDF_HREF.finditer(text)]
        if links:
            found[page.relative_to(built_site).as_posix()] = links
    return found


def test_every_link_to_a_pdf_points_at_a_file_the_pdf_step_made(pdfs: Path, built_site: Path) -> None:
    """Each lesson's header links its own PDF and the home page the course's, by relative links (the site works
    under Pages' path and offline), each with a download attribute and a name that says PDF; every such link
    in the site resolves to a file the PDF step printed, and every file it printed is linked."""
    lessons = {int(m.group(1)): f"lessons/{p.name}/index.html" for p in (built_site / "lessons").iterdir() if (m := re.match(r"(\d+)-", p.name))}
    assert len(lessons) == 9
    links = _pdf_links(built_site)
    resolved = set()
    for page, found in links.items():
        for href, tag in found:
            if urlsplit(href).scheme and not href.startswith(mkdocs_config()["site_url"]):
                continue  # a paper elsewhere (the bibliography's)
            assert not urlsplit(href).scheme and not href.startswith("/"), f"{page}: {href!r} is not relative"
            target = urlsplit(urljoin("http://site.invalid/" + page, href)).path.lstrip("/")
            folder, _, name = target.rpartition("/")
            assert folder == "pdf" and (pdfs / name).is_file(), f"{page}: {href!r} is not a file the PDF step made ({sorted(p.name for p in pdfs.iterdir())})"
            assert re.search(r"\sdownload[\s>=]", tag), f"{page}: {href!r} has no download attribute"
            assert "PDF" in re.sub(r"<[^>]+>", "", tag.split(">", 1)[1]) + tag, f"{page}: the link's name does not say PDF"
            resolved.add(name)
    for number, page in lessons.items():
        header = (built_site / page).read_text(encoding="utf-8").split('class="gd-lesson-meta"', 1)[1].split("</p>", 1)[0]
        assert f'href="../../pdf/lesson-{number:02d}.pdf"' in header, f"{page}: its header does not link its PDF"
        assert f'aria-label="Lesson {number} as PDF"' in header
    assert [href for href, _ in links["index.html"]] == [f"pdf/{COURSE}"], "the home page links the course PDF"
    assert resolved == {p.name for p in pdfs.glob("*.pdf")}, "every PDF made is linked from the site"


def test_a_second_print_gives_the_same_bytes_dated_from_source_date_epoch(pdfs: Path, built_site: Path, tmp_path: Path) -> None:
    """Chromium dates each PDF by the clock; the step sets /CreationDate and /ModDate to SOURCE_DATE_EPOCH, so a
    lesson printed again (not from the cache) is byte for byte the one printed before."""
    again = tmp_path / "again"
    assert "(printed)" in _step(built_site, again, tmp_path / "cache", "--only", SHORT, "--no-cache")
    first, second = (pdfs / SHORT).read_bytes(), (again / SHORT).read_bytes()
    dates = re.findall(rb"/(?:CreationDate|ModDate) ?\(D:(\d{14})", first)
    assert dates and set(dates) == {b"20260101000000"}, dates
    assert first == second, "two prints of one lesson differ"


def test_an_unchanged_pdf_is_copied_from_the_cache(pdfs: Path, built_site: Path, pdf_cache: Path, tmp_path: Path) -> None:
    """The print of the whole course (the pdfs fixture) filled the cache; the step run again on the same site copies
    the lesson from it, and the cache's record of what was printed holds the page and the print stylesheet."""
    out = tmp_path / "out"
    said = _step(built_site, out, pdf_cache, "--only", SHORT)
    assert "(cached)" in said, said
    assert (out / SHORT).read_bytes() == (pdfs / SHORT).read_bytes()
    # a commit moves SOURCE_DATE_EPOCH: the PDF is still copied, dated anew
    said = _step(built_site, out, pdf_cache, "--only", SHORT, epoch="1770000000")
    assert "(cached)" in said, said
    assert b"/CreationDate (D:20260202024000+00'00')" in (out / SHORT).read_bytes()
    record = json.loads((pdf_cache / "gdnotes-pdf" / f"{SHORT}.json").read_text(encoding="utf-8"))
    assert "assets/print.css" in record["loaded"] and "lessons/01-loss-landscape/" in record["loaded"], record["loaded"]


def test_the_cache_key_changes_with_any_file_the_page_loaded(tmp_path: Path) -> None:
    """A PDF is copied from the cache only while every file its page loaded is the same (no browser needed)."""
    files = {"lessons/x/": b"<html>", "assets/print.css": b"a{}", "assets/font.woff2": b"\0\1"}
    cache = course_pdf.Cache(tmp_path / "cache", "settings")
    printed = tmp_path / "x.pdf"
    printed.write_bytes(b"%PDF-1.4 one")
    cache.store("x.pdf", files, printed)
    assert cache.lookup("x.pdf", files.get).read_bytes() == b"%PDF-1.4 one"
    for path in files:
        assert cache.lookup("x.pdf", {**files, path: files[path] + b" "}.get) is None, f"a change to {path} kept the old PDF"
    assert cache.lookup("x.pdf", {**files, "assets/print.css": None}.get) is None
    assert course_pdf.Cache(tmp_path / "cache", "other settings").lookup("x.pdf", files.get) is None
    printed.write_bytes(b"%PDF-1.4 two")
    cache.store("x.pdf", {**files, "lessons/x/": b"<html lang=en>"}, printed)
    assert [p.name for p in (tmp_path / "cache").glob("*.pdf")] != [] and len(list((tmp_path / "cache").glob("*.pdf"))) == 1, "the old PDF is removed"


def test_dates_and_element_ids_are_replaced_in_place() -> None:
    """The clock's dates become SOURCE_DATE_EPOCH's and the tags' element ids are renumbered in order (a longer print,
    the course's, numbers them differently from one run to the next), each at the same length."""
    pdf = (
        b"1 0 obj <</CreationDate (D:20261205013000+01'00') /ModDate (D:20261205013001+01'00')>> endobj "
        b"2 0 obj <</Headers [(node00000573)] /ID (node00000570)>> endobj 3 0 obj <</Names [(node00000570) 2 0 R (node00000573) 4 0 R]>> xref"
    )
    out = course_pdf.dated(pdf, 1767225600)
    assert len(out) == len(pdf) and out.count(b"D:20260101000000+00'00'") == 2
    assert out.endswith(b"<</Headers [(node00000001)] /ID (node00000000)>> endobj 3 0 obj <</Names [(node00000000) 2 0 R (node00000001) 4 0 R]>> xref")
    shifted = pdf.replace(b"node00000573", b"node00000580").replace(b"node00000570", b"node00000571")
    assert course_pdf.dated(shifted, 1767225600) == out
