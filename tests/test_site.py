"""Tests of the built site: the strict build, what ships in its pages, and
that the numbers on the lesson pages are the package's numbers.

The site is built once per session (the ``built_site`` fixture). Two more
builds run here: a second full build to prove the output is reproducible,
and two tiny builds with the project's real configuration (one clean, one
with a block that raises) to prove that an exception fails the build.
"""

from __future__ import annotations

import gzip
from html import unescape as html_unescape
import re
import shutil
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import numpy as np
import pytest
import yaml
from conftest import EPOCH, ROOT, build_site, mkdocs_config

from gdnotes import surfaces, tables, theory

pytestmark = pytest.mark.site

DOCS = ROOT / "docs"
SITE_URL = mkdocs_config()["site_url"]


# --- a small DOM, enough to ask structural questions of the built HTML ------

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"}


class Node:
    def __init__(self, tag: str, attrs: dict[str, str], parent: Node | None) -> None:
        self.tag = tag
        self.attrs = attrs
        self.parent = parent
        self.children: list[Node | str] = []

    @property
    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())

    def iter(self) -> Iterator[Node]:
        yield self
        for child in self.children:
            if isinstance(child, Node):
                yield from child.iter()

    def find_all(self, tag: str | None = None, cls: str | None = None, attr: str | None = None) -> list[Node]:
        return [
            n
            for n in self.iter()
            if (tag is None or n.tag == tag) and (cls is None or cls in n.classes) and (attr is None or attr in n.attrs)
        ]

    def text(self, separator: str = "") -> str:
        parts: list[str] = []
        for child in self.children:
            parts.append(child if isinstance(child, str) else child.text(separator))
        return separator.join(parts)

    def ancestors(self) -> Iterator[Node]:
        node = self.parent
        while node is not None:
            yield node
            node = node.parent


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {}, None)
        self.current = self.root

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {k: v or "" for k, v in attrs}, self.current)
        self.current.children.append(node)
        if tag not in VOID:
            self.current = node

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.current.children.append(Node(tag, {k: v or "" for k, v in attrs}, self.current))

    def handle_endtag(self, tag: str) -> None:
        node: Node | None = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:
            self.current = node.parent

    def handle_data(self, data: str) -> None:
        self.current.children.append(data)


def parse(path: Path) -> Node:
    builder = _TreeBuilder()
    builder.feed(path.read_text(encoding="utf-8"))
    builder.close()
    return builder.root


def html_files(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def lesson_sources() -> list[tuple[int, str]]:
    """(lesson number, page path in the site) for every page with ``lesson: N``."""
    found = []
    for source in sorted(DOCS.rglob("*.md")):
        match = re.match(r"^---\n(.*?)\n---\n", source.read_text(encoding="utf-8"), re.S)
        meta = yaml.safe_load(match.group(1)) if match else None
        if isinstance(meta, dict) and "lesson" in meta:
            relative = source.relative_to(DOCS).with_suffix("")
            page = "index.html" if relative.name == "index" else f"{relative.as_posix()}/index.html"
            found.append((int(meta["lesson"]), page))
    return found


LESSONS = lesson_sources()


def resolve(site: Path, page: str, href: str) -> Path | None:
    """The built file a same-site link from ``page`` points to (None if it leaves the site)."""
    url = urljoin("http://site.invalid/" + page, href)
    parts = urlsplit(url)
    if parts.netloc != "site.invalid":
        return None
    target = site / parts.path.lstrip("/")
    return target / "index.html" if parts.path.endswith("/") else target


# --- the build ---------------------------------------------------------------


def test_strict_build_has_no_warnings(built_site: Path) -> None:
    log = (built_site.parent / "build.log").read_text()
    warnings = [line for line in log.splitlines() if line.startswith("WARNING") or "Aborted with" in line]
    assert not warnings, "the strict build logged warnings:\n" + "\n".join(warnings)
    assert (built_site / "index.html").is_file()


def _minimal_project(tmp_path: Path, block: str) -> Path:
    """A copy of the project's real configuration around one small page.

    The plugins, extensions, hooks and theme are the project's own; only the
    nav (one page) differs (its caches are the copy's own, under its .cache).
    """
    project = tmp_path / "project"
    (project / "docs").mkdir(parents=True)
    shutil.copytree(DOCS / "assets", project / "docs" / "assets")
    shutil.copytree(ROOT / "hooks", project / "hooks")
    shutil.copytree(ROOT / "includes", project / "includes")
    if (ROOT / "overrides").is_dir():  # the theme's overrides (custom_dir)
        shutil.copytree(ROOT / "overrides", project / "overrides")
    (project / "docs" / "index.md").write_text(f"# A page that runs code\n\nSome text.\n\n{block}\n")
    config = mkdocs_config()
    config["nav"] = [{"Home": "index.md"}]
    (project / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False))
    return project / "mkdocs.yml"


def test_failing_code_block_fails_the_strict_build(tmp_path: Path) -> None:
    good = _minimal_project(tmp_path / "good", '```python exec="on" session="site-test-good"\nprint("all is well")\n```')
    result = build_site(tmp_path / "good" / "site", config=good)
    assert result.returncode == 0, "the control build (no exception) should pass:\n" + result.stderr[-3000:]
    assert "all is well" in (tmp_path / "good" / "site" / "index.html").read_text()

    bad = _minimal_project(
        tmp_path / "bad", '```python exec="on" session="site-test-bad"\nraise ZeroDivisionError("gdnotes site test: this block must fail")\n```'
    )
    result = build_site(tmp_path / "bad" / "site", config=bad)
    output = result.stdout + result.stderr
    assert result.returncode != 0, "a block that raises must fail mkdocs build --strict"
    assert "ZeroDivisionError: gdnotes site test: this block must fail" in output, output[-3000:]
    # the message names the Markdown file, the line of the block's fence and the line inside it, and the build stops there
    assert "docs/index.md:5 (block line 1): ZeroDivisionError" in output, output[-3000:]
    assert "Documentation built" not in output


def test_no_traceback_ships(built_site: Path) -> None:
    offenders = [
        str(p.relative_to(built_site))
        for p in html_files(built_site)
        if "Traceback (most recent call last)" in p.read_text(encoding="utf-8")
    ]
    assert not offenders, f"pages contain a Python traceback: {offenders}"


# --- nothing is loaded from another host -------------------------------------

NON_LOADING_RELS = {"canonical", "alternate", "author", "license", "help", "next", "prev", "me", "bookmark", "external", "nofollow", "noopener", "noreferrer", "tag", "search"}
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")\s]+)|@import\s+['"]([^'"]+)""")
JS_URL = re.compile(r"""\bimport\s*\(\s*['"]([^'"]+)|\bimport\b[^;'"()]*?\bfrom\s*['"]([^'"]+)|\bimport\s*['"]([^'"]+)""")


def is_external(url: str) -> bool:
    url = url.strip()
    if url.startswith(("data:", "blob:", "#")):
        return False
    if url.startswith(SITE_URL):
        return False
    return url.startswith("//") or bool(re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", url))


def _urls_in_css(text: str) -> list[str]:
    return [a or b for a, b in CSS_URL.findall(text)]


def _loads(document: Node) -> Iterator[str]:
    """Every URL a page makes the browser fetch by itself (not links to follow)."""
    for node in document.iter():
        a = node.attrs
        tag = node.tag
        if tag == "link":
            rels = set(a.get("rel", "").lower().split())
            if rels and rels <= NON_LOADING_RELS:
                continue
            if "href" in a:
                yield a["href"]
            for candidate in a.get("imagesrcset", "").split(","):
                if candidate.strip():
                    yield candidate.split()[0]
        if tag in {"script", "img", "iframe", "source", "video", "audio", "embed", "track", "input", "frame"} and "src" in a:
            yield a["src"]
        if tag in {"img", "source"} and "srcset" in a:
            for candidate in a["srcset"].split(","):
                if candidate.strip():
                    yield candidate.split()[0]
        if tag == "video" and "poster" in a:
            yield a["poster"]
        if tag == "object" and "data" in a:
            yield a["data"]
        if tag in {"image", "use", "feimage"}:
            for key in ("href", "xlink:href"):
                if key in a:
                    yield a[key]
        if "style" in a:
            yield from _urls_in_css(a["style"])
        if tag == "style":
            yield from _urls_in_css(node.text())
        if tag == "script" and "src" not in a:
            for groups in JS_URL.findall(node.text()):
                yield next(g for g in groups if g)
            yield from (m for m in re.findall(r"""url\(\s*['"]?(https?://[^'")\s]+)""", node.text()))


def test_no_page_loads_from_another_host(built_site: Path) -> None:
    offenders = []
    for page in html_files(built_site):
        for url in _loads(parse(page)):
            if is_external(url):
                offenders.append(f"{page.relative_to(built_site)}: {url}")
    for sheet in sorted(built_site.rglob("*.css")):
        for url in _urls_in_css(sheet.read_text(encoding="utf-8", errors="replace")):
            if is_external(url):
                offenders.append(f"{sheet.relative_to(built_site)}: {url}")
    assert not offenders, "resources loaded from another host:\n" + "\n".join(offenders)


def test_load_scanner_catches_remote_resources(tmp_path: Path) -> None:
    """The scanner above must see the kinds of load it claims to check."""
    page = tmp_path / "page.html"
    page.write_text(
        '<html><head><link rel="stylesheet" href="https://cdn.example.com/a.css">'
        '<link rel="canonical" href="https://other.example.com/">'
        '<link rel="preconnect" href="https://fonts.gstatic.com">'
        '<style>@import "https://fonts.example.com/b.css"; .x{background:url(//cdn.example.com/c.png)}</style>'
        '<script type="module">import mermaid from "https://unpkg.com/mermaid.mjs"; import("https://cdn.example.com/d.js")</script>'
        '</head><body><a href="https://en.wikipedia.org/">fine</a><img src="https://cdn.example.com/e.png" srcset="f.png 1x, https://cdn.example.com/g.png 2x">'
        f'<img src="{SITE_URL}ok.png"><img src="local.png"><img src="data:image/png;base64,AAAA">'
        '<iframe src="https://www.youtube.com/embed/x"></iframe><svg><image href="https://cdn.example.com/h.png"/></svg></body></html>'
    )
    found = sorted(url for url in _loads(parse(page)) if is_external(url))
    assert found == sorted(
        [
            "https://cdn.example.com/a.css",
            "https://fonts.gstatic.com",
            "https://fonts.example.com/b.css",
            "//cdn.example.com/c.png",
            "https://unpkg.com/mermaid.mjs",
            "https://cdn.example.com/d.js",
            "https://cdn.example.com/e.png",
            "https://cdn.example.com/g.png",
            "https://www.youtube.com/embed/x",
            "https://cdn.example.com/h.png",
        ]
    )


# --- reproducibility ---------------------------------------------------------


def test_build_is_reproducible(built_site: Path, built_site_again: Path) -> None:
    """Two builds give the same bytes; the second took every block from the first's cache, so this also
    proves that a cached page is the page a fresh run makes."""
    again = built_site_again
    first = {p.relative_to(built_site).as_posix() for p in built_site.rglob("*") if p.is_file()}
    second = {p.relative_to(again).as_posix() for p in again.rglob("*") if p.is_file()}
    assert first == second, f"only in one build: {sorted(first ^ second)}"
    differing = sorted(name for name in first if (built_site / name).read_bytes() != (again / name).read_bytes())
    if differing:
        started = min(p.stat().st_mtime for p in built_site.rglob("*") if p.is_file())
        changed = sorted(
            str(p.relative_to(ROOT))
            for folder in ("docs", "src", "hooks", "includes")
            for p in (ROOT / folder).rglob("*")
            if p.is_file() and "__pycache__" not in p.parts and p.stat().st_mtime >= started
        ) + (["mkdocs.yml"] if (ROOT / "mkdocs.yml").stat().st_mtime >= started else [])
        hint = f"\n(but these sources were edited while the tests ran, so rerun before blaming the build: {changed})" if changed else ""
        pytest.fail(f"files differ between two builds of the same sources: {differing}{hint}")
    header = (built_site / "sitemap.xml.gz").read_bytes()[:10]
    assert header == (again / "sitemap.xml.gz").read_bytes()[:10]
    epoch = int(EPOCH)  # the builds' date (conftest)
    # MkDocs stamps the sitemap with the pages' update date: SOURCE_DATE_EPOCH's day, at midnight UTC
    assert int.from_bytes(header[4:8], "little") == epoch - epoch % 86400, "sitemap.xml.gz must carry SOURCE_DATE_EPOCH's date as its gzip time"
    assert gzip.decompress((built_site / "sitemap.xml.gz").read_bytes()) == (built_site / "sitemap.xml").read_bytes()


# --- the numbers on the lesson pages come from the package ----------------


def page_text(site: Path, page: str) -> str:
    """The page's text, with a space at every element boundary."""
    path = site / page
    assert path.is_file(), f"{page} is not in the built site"
    return re.sub(r"\s+", " ", parse(path).text(" "))


def number_pattern(value: float, least_digits: int = 4) -> re.Pattern[str]:
    """``tables.number(value, d)`` for any d >= least_digits, as a whole number in the text.

    A page may print more digits than the default; any of those spellings
    proves the value, and none of them can be a prefix of a different number.
    """
    spellings = sorted({tables.number(value, d) for d in range(least_digits, 10)}, key=len, reverse=True)
    return re.compile(r"(?<![\d.])(?:" + "|".join(re.escape(s) for s in spellings) + r")(?![\d])")


@pytest.mark.parametrize(
    ("page", "label", "value"),
    [
        ("lessons/03-update-rule/index.html", "w after 20 steps from 4 with alpha 0.1", theory.iterate(4, 0.1, 20)),
        ("lessons/03-update-rule/index.html", "w after 50 steps from 4 with alpha 0.1", theory.iterate(4, 0.1, 50)),
        ("lessons/04-learning-rate/index.html", "x25 from 5 with alpha 0.1", theory.iterate(5, 0.1, 25)),
        ("lessons/04-learning-rate/index.html", "largest alpha with |x25| < 1e-3 from 5", theory.largest_rate_for_tolerance(5, 25, 1e-3)),
    ],
)
def test_lesson_shows_computed_value(built_site: Path, page: str, label: str, value: float) -> None:
    text = page_text(built_site, page)
    pattern = number_pattern(value)
    assert pattern.search(text), f"{page} should show {label} = {tables.number(value)} (computed by gdnotes.theory)"


def test_lesson_2_shows_gradient_at_3_1(built_site: Path) -> None:
    gradient = np.asarray(surfaces.get("bowl2d").gradient(np.array([3.0, 1.0])), dtype=float)
    first, second = (number_pattern(g).pattern for g in gradient)
    text = page_text(built_site, "lessons/02-gradient/index.html")
    # the two components side by side: "(6, 6)", a table row or a column vector
    pair = re.compile(first + r"[\s,;()\[\]|]{1,6}" + second)
    assert pair.search(text), f"lesson 2 should show the gradient of bowl2d at (3, 1), ({', '.join(tables.number(g) for g in gradient)})"


# --- every lesson page has its parts ------------------------------------------

PROSE_SKIP = {"code", "pre", "script", "style", "math", "svg", "kbd", "samp", "textarea"}


def prose_text(node: Node) -> str:
    parts = []
    for child in node.children:
        if isinstance(child, str):
            parts.append(child)
        elif child.tag not in PROSE_SKIP:
            parts.append(prose_text(child))
    return " ".join(parts)


def test_lesson_pages_were_found() -> None:
    assert len(LESSONS) >= 4, f"expected the lesson pages in docs/lessons, found {LESSONS}"


@pytest.mark.parametrize(("lesson", "page"), LESSONS, ids=[page for _, page in LESSONS])
def test_lesson_page_has_its_parts(built_site: Path, lesson: int, page: str) -> None:
    document = parse(built_site / page)
    article = next(iter(document.find_all("article")), document)
    problems = []

    meta = article.find_all("p", cls="gd-lesson-meta")
    if not meta or f"Lesson {lesson}" not in meta[0].text():
        problems.append(f"no lesson-meta line saying 'Lesson {lesson}'")
    figures = [
        f
        for f in article.find_all("figure", cls="gd-figure")
        if {i.attrs.get("class") for i in f.find_all("img") if i.attrs.get("alt", "").strip()} == {"gd-svg gd-ink-light", "gd-svg gd-ink-dark"}
    ]
    if not figures:
        problems.append('no <figure class="gd-figure"> holding its two images (light and dark ink) with alt text')
    if not article.find_all(attr="data-gd-quiz"):
        problems.append("no quiz ([data-gd-quiz])")
    if not article.find_all(attr="data-gd-widget"):
        problems.append("no interactive piece ([data-gd-widget])")
    if not [d for d in article.find_all("details") if "gd-quiz-key" not in d.classes]:
        problems.append("no <details> with worked solutions (besides the quiz answer key)")
    if not article.find_all("math"):
        problems.append("no MathML <math>")
    if article.find_all(cls="arithmatex"):
        problems.append("math left unconverted (class arithmatex)")
    raw = re.findall(r".{0,30}(?:\$|\\\(|\\\)|\\\[|\\\]).{0,30}", prose_text(article))
    if raw:
        problems.append(f"raw TeX delimiters in the text: {raw[:5]}")
    notebook_links = [
        a.attrs["href"]
        for p in meta
        for a in p.find_all("a")
        if "notebook" in a.attrs.get("href", "")
    ]
    if not notebook_links:
        problems.append("no link to the companion notebook in the lesson-meta line")
    for href in notebook_links:
        target = resolve(built_site, page, href)
        if target is None or not target.is_file():
            problems.append(f"notebook link {href!r} does not resolve to a file in the site")
    assert not problems, f"lesson {lesson} ({page}):\n  " + "\n  ".join(problems)


def test_every_figure_is_two_images_with_alt_text(built_site: Path) -> None:
    """Each course figure is its two image files (hooks/figure_images.py), each an SVG whose <title> is the
    image's alt text, the same figure but for the ink; no inline SVG figure is left in a page."""
    problems = []
    count = 0
    for page in html_files(built_site):
        document = parse(page)
        for figure in document.find_all("figure", cls="gd-figure"):
            name = f"{page.relative_to(built_site)}#{figure.attrs.get('id')}"
            images = figure.find_all("img")
            if figure.find_all("svg") or [i.attrs.get("class") for i in images] != ["gd-svg gd-ink-light", "gd-svg gd-ink-dark"]:
                problems.append(f"{name}: not its light and dark image")
                continue
            count += 1
            files = []
            for image in images:
                alt = image.attrs.get("alt", "").strip()
                target = page.parent / image.attrs.get("src", "")
                if not alt or not target.is_file() or not (image.attrs.get("width") and image.attrs.get("height")):
                    problems.append(f"{name}: {image.attrs.get('src')!r} has no alt text, no size or no file")
                    continue
                text = target.read_text(encoding="utf-8")
                title = re.search(r"<title[^>]*>(.*?)</title>", text, re.S)
                if title is None or html_unescape(title.group(1)) != alt:
                    problems.append(f"{name}: {image.attrs['src']}'s <title> is not the alt text")
                files.append(re.sub(r'<svg class="gd-svg" style="[^"]*"', "", text))
            if len(files) == 2 and files[0] != files[1]:
                problems.append(f"{name}: the two images differ beyond the root's ink and font")
    assert count > 20, f"found {count} figures"
    assert not problems, "figures:\n" + "\n".join(problems)
