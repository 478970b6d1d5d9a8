"""Print the built course to PDF in headless Chromium: one PDF per lesson and one for the course.

    .venv/bin/python scripts/course_pdf.py site            # writes site/pdf/ (make pdf)
    .venv/bin/python scripts/course_pdf.py site --out DIR  # writes DIR instead

The pages are printed as a reader's own Print prints them (docs/assets/print.css), with
JavaScript off, so every widget is its static fallback (figure or table and a sentence), and
with every disclosure open, so each quiz shows its answers and each problem its worked solution. The course PDF holds every lesson, the practice page, the glossary
and the bibliography in the order of the navigation, after a title page and a table of contents,
each part starting on a new page; its bookmarks (the PDF outline) follow the headings. Its links
point at the site (site_url). Nothing is fetched from another host: the pages are served to
Chromium from the built files. Prints each file's size.
"""

from __future__ import annotations

import argparse
import html
import mimetypes
import re
import sys
from pathlib import Path
from urllib.parse import urljoin, urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))  # the Chromium flags the tests use

ARTICLE = re.compile(r'(<article class="md-content__inner md-typeset">)(.*?)(</article>)', re.S)
TITLE = re.compile(r"<h1[^>]*>(.*?)</h1>", re.S)
HREF = re.compile(r'(href|src)="([^"#][^"]*)"')
HEADERLINK = re.compile(r'<a class="headerlink"[^>]*>.*?</a>', re.S)
CLOSED = re.compile(r"<details(?![^>]*\bopen\b)")
SECTIONS = ("Lessons", "Practice", "Reference")
LEFT_OUT = ("reference/api/",)  # the package's API reference is for contributors, not the printed course
PDF = {"format": "A4", "print_background": True, "outline": True, "tagged": True, "margin": {"top": "1.5cm", "bottom": "1.5cm", "left": "1.4cm", "right": "1.4cm"}}


def config() -> dict:
    from mkdocs.utils.yaml import yaml_load

    with (ROOT / "mkdocs.yml").open(encoding="utf-8") as source:
        return yaml_load(source)


def course_pages(nav: list) -> list[str]:
    """The Markdown files of the printed course, in navigation order: lessons, practice, glossary, bibliography."""

    def walk(items: list) -> list[str]:
        found = []
        for item in items:
            for value in item.values() if isinstance(item, dict) else [item]:
                found += walk(value) if isinstance(value, list) else [value]
        return found

    chosen = [item for item in nav if isinstance(item, dict) and next(iter(item)) in SECTIONS]
    return [page for page in walk(chosen) if page.endswith(".md") and not page.startswith(LEFT_OUT)]


def url_path(page: str) -> str:
    """``lessons/01-loss-landscape.md`` -> ``lessons/01-loss-landscape/`` (MkDocs' directory URLs)."""
    return page[: -len(".md")] + "/"


def chapter(site: Path, page: str, site_url: str) -> tuple[str, str]:
    """A page's title (plain text) and its article, with its links made absolute (they point at the site)."""
    text = (site / url_path(page) / "index.html").read_text(encoding="utf-8")
    match = ARTICLE.search(text)
    if match is None:
        raise SystemExit(f"{page}: no <article> in the built page")
    body = match.group(2)
    base = site_url + url_path(page)
    body = HREF.sub(lambda m: f'{m.group(1)}="{html.escape(urljoin(base, html.unescape(m.group(2))), quote=True)}"', body)
    heading = TITLE.search(body)
    title = re.sub(r"<[^>]+>", "", HEADERLINK.sub("", heading.group(1))).strip() if heading else page
    return html.unescape(title), body


def course_html(site: Path, pages: list[str], site_url: str, name: str) -> str:
    """One HTML page (in the shell of the first page) holding the title page, the contents and every chapter."""
    chapters = [chapter(site, page, site_url) for page in pages]
    contents = "\n".join(f'<li><a href="#gd-chapter-{i}">{html.escape(title)}</a></li>' for i, (title, _) in enumerate(chapters, 1))
    parts = [
        f'<section class="gd-print-title"><h1>{html.escape(name)}</h1>'
        f"<p>{html.escape(config().get('site_description', ''))}</p>"
        f'<p>The course as printed from <a href="{site_url}">{site_url}</a>, where every widget can be tried.</p></section>',
        f'<nav class="gd-print-contents" aria-label="Contents"><h2>Contents</h2><ol>{contents}</ol></nav>',
    ]
    parts += [f'<section class="gd-print-chapter" id="gd-chapter-{i}">{body}</section>' for i, (_, body) in enumerate(chapters, 1)]
    style = (
        "<style>@media print{.gd-print-title,.gd-print-contents,.gd-print-chapter{break-before:page}"
        ".gd-print-title{break-before:auto;padding-top:30vh;text-align:center}.gd-print-title h1{font-size:3em}}</style>"
    )
    shell = (site / url_path(pages[0]) / "index.html").read_text(encoding="utf-8")
    shell = re.sub(r"<title>.*?</title>", f"<title>{html.escape(name)}</title>", shell, count=1, flags=re.S)
    shell = shell.replace("</head>", style + "</head>", 1)
    return ARTICLE.sub(lambda m: m.group(1) + "\n".join(parts) + m.group(3), shell, count=1)


def opened(page: bytes) -> bytes:
    """The page with every disclosure open (quiz answers, worked solutions): paper cannot be clicked."""
    return CLOSED.sub("<details open", page.decode("utf-8")).encode("utf-8")


def print_all(site: Path, out: Path) -> dict[str, int]:
    """Write lesson-NN.pdf for each lesson and the course PDF into ``out``; return each file's size in bytes."""
    from conftest import CHROMIUM_FLAGS, chromium_path
    from playwright.sync_api import sync_playwright

    settings = config()
    site_url, name = settings["site_url"], settings["site_name"]
    pages = course_pages(settings["nav"])
    out.mkdir(parents=True, exist_ok=True)
    sizes: dict[str, int] = {}
    # the combined page is served as deep as a lesson, so the shell's relative asset links still resolve
    combined = {"gd-print/course/": course_html(site, pages, site_url, name).encode("utf-8")}
    base = urlsplit(site_url).path

    def serve(route: object) -> None:
        url = route.request.url
        if not url.startswith(site_url):
            route.abort()  # nothing from another host
            return
        path = urlsplit(url).path[len(base) :]
        target = site / path / "index.html" if path == "" or path.endswith("/") else site / path
        if path in combined:
            route.fulfill(status=200, body=opened(combined[path]), content_type="text/html")
        elif target.suffix == ".html" and target.is_file():
            route.fulfill(status=200, body=opened(target.read_bytes()), content_type="text/html")
        elif target.is_file():
            route.fulfill(status=200, body=target.read_bytes(), content_type=mimetypes.guess_type(target.name)[0] or "application/octet-stream")
        else:
            route.fulfill(status=404, body=b"")

    executable = chromium_path()
    if executable is None:
        raise SystemExit("Chromium not found: apt-get install chromium (or set GDNOTES_CHROMIUM)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        context = browser.new_context(java_script_enabled=False, color_scheme="light")
        context.route("**/*", serve)
        page = context.new_page()
        page.emulate_media(media="print")
        jobs = [(f"lesson-{int(m.group(1)):02d}.pdf", url_path(p)) for p in pages if (m := re.match(r"lessons/(\d+)-", p))]
        jobs.append((f"{name}-course.pdf", "gd-print/course/"))
        for filename, path in jobs:
            page.goto(site_url + path, wait_until="load")
            page.pdf(path=str(out / filename), **PDF)
            sizes[filename] = (out / filename).stat().st_size
        browser.close()
    return sizes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path, help="the built site (mkdocs build --site-dir)")
    parser.add_argument("--out", type=Path, help="where the PDFs go (default: SITE/pdf)")
    arguments = parser.parse_args()
    out = arguments.out or arguments.site / "pdf"
    for filename, size in print_all(arguments.site, out).items():
        print(f"{out / filename}: {size / 1024:.0f} KB")


if __name__ == "__main__":
    main()
