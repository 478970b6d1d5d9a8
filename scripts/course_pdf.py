"""Print the built course to PDF in headless Chromium: one PDF per lesson and one for the course.

    .venv/bin/python scripts/course_pdf.py site            # writes site/pdf/ (make build, make pdf)
    .venv/bin/python scripts/course_pdf.py site --out DIR  # writes DIR instead
    .venv/bin/python scripts/course_pdf.py site --only lesson-03.pdf  # that file only

The pages are printed as a reader's own Print prints them (docs/assets/print.css), with
JavaScript off, so every widget is its static fallback (figure or table and a sentence), and
with every disclosure open, so each quiz shows its answers and each problem its worked solution. The course PDF holds every lesson, the practice page, the glossary
and the bibliography in the order of the navigation, after a title page and a table of contents,
each part starting on a new page; its bookmarks (the PDF outline) follow the headings. Its links
point at the site (site_url). Nothing is fetched from another host: the pages are served to
Chromium from the built files. Prints each file's size.

Reproducible: Chromium dates a PDF by the clock; each file's /CreationDate and /ModDate are set
to SOURCE_DATE_EPOCH (the Makefile's: the last commit's time), so two prints of one site give the
same bytes. Cached: each PDF is kept in .cache/gdnotes-pdf (under $GDNOTES_CACHE_DIR if set, like
the build's other caches), keyed by a hash of every file Chromium loaded to print it (the page,
its stylesheets, scripts, images and fonts, print.css among them), this script, Chromium and the
settings; an unchanged PDF is copied from there instead of printed again.
"""

from __future__ import annotations

import argparse
import hashlib
import html
import json
import mimetypes
import os
import re
import shutil
import sys
import time
from pathlib import Path
from urllib.parse import urljoin, urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))  # the Chromium flags the tests use
sys.path.insert(0, str(ROOT / "hooks"))  # gdsite (where the build's caches live), lesson_header (the PDFs' names)

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


DATE = re.compile(rb"(/(?:CreationDate|ModDate) ?\(D:)([^)]*)\)")
NODE = re.compile(rb"\(node(\d{8})\)")


def dated(pdf: bytes, epoch: int) -> bytes:
    """The PDF made reproducible, each change keeping its length so the cross-reference table's byte offsets stay
    right: its /CreationDate and /ModDate set to ``epoch`` (UTC) instead of the clock, and the tags' element ids
    (``(node00000570)``, Chromium's numbers for the page's elements, which shift from one print to the next)
    numbered 0, 1, 2, ... in their order, which keeps the ID tree's keys sorted and every reference to them."""
    stamp = time.strftime("%Y%m%d%H%M%S", time.gmtime(epoch)).encode()

    def one(match: re.Match[bytes]) -> bytes:
        old = match.group(2)
        new = (stamp + b"+00'00'")[: len(old)] if len(old) >= len(stamp) else old
        return match.group(1) + new.ljust(len(old), b" ") + b")"

    rank = {number: b"(node%08d)" % i for i, number in enumerate(sorted(set(NODE.findall(pdf)), key=int))}
    return NODE.sub(lambda match: rank[match.group(1)], DATE.sub(one, pdf))


def source_date() -> int:
    """SOURCE_DATE_EPOCH (the Makefile sets it to the last commit's time), or 2026-01-01 without it."""
    return int(os.environ.get("SOURCE_DATE_EPOCH", "1767225600"))


def cache_folder() -> Path:
    """.cache/gdnotes-pdf, or $GDNOTES_CACHE_DIR/gdnotes-pdf: the rule of the build's other caches (hooks/gdsite.py)."""
    import gdsite

    return gdsite.cache_dir({"config_file_path": str(ROOT / "mkdocs.yml")}, "gdnotes-pdf")


def _key(settings: str, loaded: dict[str, bytes | None]) -> str:
    """A hash of the settings and of each file Chromium loaded (by its path in the site) and its bytes."""
    digest = hashlib.sha256(settings.encode())
    for path in sorted(loaded):
        body = loaded[path]
        digest.update(b"\0" + path.encode() + b"\0" + (b"missing" if body is None else hashlib.sha256(body).digest()))
    return digest.hexdigest()


class Cache:
    """Each PDF by name: the files it was printed from (``NAME.json``) and the PDF under its key (``KEY.pdf``)."""

    def __init__(self, folder: Path | None, settings: str) -> None:
        self.folder, self.settings = folder, settings

    def lookup(self, filename: str, read: object) -> Path | None:
        """The cached PDF if every file ``filename`` was printed from is unchanged (``read(path)`` gives its bytes)."""
        if self.folder is None or not (self.folder / f"{filename}.json").is_file():
            return None
        paths = json.loads((self.folder / f"{filename}.json").read_text(encoding="utf-8"))["loaded"]
        stored = self.folder / f"{_key(self.settings, {path: read(path) for path in paths})}.pdf"
        return stored if stored.is_file() else None

    def store(self, filename: str, loaded: dict[str, bytes | None], pdf: Path) -> None:
        if self.folder is None:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        record = self.folder / f"{filename}.json"
        if record.is_file():  # the PDF it replaces
            old = json.loads(record.read_text(encoding="utf-8")).get("key")
            (self.folder / f"{old}.pdf").unlink(missing_ok=True)
        key = _key(self.settings, loaded)
        shutil.copyfile(pdf, self.folder / f"{key}.pdf")
        record.write_text(json.dumps({"key": key, "loaded": sorted(loaded)}, indent=1), encoding="utf-8")


def jobs(pages: list[str], name: str) -> list[tuple[str, str]]:
    """(file name, page path in the site) of each PDF: lesson-NN.pdf for each lesson, then the course's."""
    from lesson_header import pdf_name  # the name each lesson's header links

    made = [(pdf_name(int(m.group(1))), url_path(p)) for p in pages if (m := re.match(r"lessons/(\d+)-", p))]
    return [*made, (f"{name}-course.pdf", "gd-print/course/")]


def print_all(site: Path, out: Path, only: list[str] | None = None, cache: Path | None = None) -> dict[str, tuple[int, str]]:
    """Write lesson-NN.pdf for each lesson and the course PDF into ``out`` (or just the files named in ``only``),
    each printed or copied from ``cache``; return each file's size in bytes and "printed" or "cached"."""
    from conftest import CHROMIUM_FLAGS, chromium_path

    settings = config()
    site_url, name = settings["site_url"], settings["site_name"]
    pages = course_pages(settings["nav"])
    todo = jobs(pages, name)
    if only:
        unknown = sorted(set(only) - {filename for filename, _ in todo})
        if unknown:
            raise SystemExit(f"--only: no such PDF {unknown}; the PDFs are {[filename for filename, _ in todo]}")
        todo = [job for job in todo if job[0] in only]
    out.mkdir(parents=True, exist_ok=True)
    # the combined page is served as deep as a lesson, so the shell's relative asset links still resolve
    combined = {"gd-print/course/": opened(course_html(site, pages, site_url, name).encode("utf-8"))}
    base = urlsplit(site_url).path
    executable = chromium_path()
    if executable is None:
        raise SystemExit("Chromium not found: apt-get install chromium (or set GDNOTES_CHROMIUM)")
    epoch = source_date()
    chromium = os.stat(executable)
    # not SOURCE_DATE_EPOCH: a commit changes it, and a cached PDF is dated again as it is copied out
    recipe = json.dumps([Path(__file__).read_text(encoding="utf-8"), PDF, site_url, executable, chromium.st_size, chromium.st_mtime_ns])
    store = Cache(cache, recipe)

    def read(path: str) -> bytes | None:
        """The bytes served for a site path (a page as printed: disclosures open); None if there is no such file."""
        if path in combined:
            return combined[path]
        target = site / path / "index.html" if path == "" or path.endswith("/") else site / path
        if not target.is_file():
            return None
        return opened(target.read_bytes()) if target.suffix == ".html" else target.read_bytes()

    sizes: dict[str, tuple[int, str]] = {}
    left = []
    for filename, path in todo:
        hit = store.lookup(filename, read)
        if hit is not None:
            (out / filename).write_bytes(dated(hit.read_bytes(), epoch))
            sizes[filename] = ((out / filename).stat().st_size, "cached")
        else:
            left.append((filename, path))
    if not left:
        return sizes

    from playwright.sync_api import sync_playwright

    loaded: dict[str, bytes | None] = {}  # what the page being printed has loaded, by site path

    def serve(route: object) -> None:
        url = route.request.url
        if not url.startswith(site_url):
            route.abort()  # nothing from another host
            return
        path = urlsplit(url).path[len(base) :]
        body = loaded[path] = read(path)
        if body is None:
            route.fulfill(status=404, body=b"")
            return
        kind = "text/html" if path in combined or path.endswith(("/", ".html")) or path == "" else mimetypes.guess_type(path)[0]
        route.fulfill(status=200, body=body, content_type=kind or "application/octet-stream")

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        for filename, path in left:
            # a context per PDF, so every file its page needs is fetched (and recorded) again, none from another's
            context = browser.new_context(java_script_enabled=False, color_scheme="light")
            context.route("**/*", serve)
            page = context.new_page()
            page.emulate_media(media="print")
            loaded.clear()
            page.goto(site_url + path, wait_until="load")
            (out / filename).write_bytes(dated(page.pdf(**PDF), epoch))
            context.close()
            store.store(filename, dict(loaded), out / filename)
            sizes[filename] = ((out / filename).stat().st_size, "printed")
        browser.close()
    return {filename: sizes[filename] for filename, _ in todo}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path, help="the built site (mkdocs build --site-dir)")
    parser.add_argument("--out", type=Path, help="where the PDFs go (default: SITE/pdf)")
    parser.add_argument("--only", action="append", metavar="NAME", help="make only this PDF (lesson-03.pdf, say); may be repeated")
    parser.add_argument("--no-cache", action="store_true", help="print every PDF, neither reading nor filling the cache")
    arguments = parser.parse_args()
    from lesson_header import PDF_FOLDER  # the folder the headers link into

    out = arguments.out or arguments.site / PDF_FOLDER
    started = time.perf_counter()
    made = print_all(arguments.site, out, arguments.only, None if arguments.no_cache else cache_folder())
    for filename, (size, how) in made.items():
        print(f"{out / filename}: {size / 1024:.0f} KB ({how})")
    print(f"{len(made)} PDFs in {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
