"""MkDocs hooks for gdnotes.

* Math: ``pymdownx.arithmatex`` marks up ``$...$`` and ``$$...$$``; this hook
  turns each into MathML at build time with latex2mathml. Browsers render
  MathML natively, so pages need no math script, font or CDN.
* Lesson header: a page whose front matter has ``lesson: N`` gets a line
  under its title with the lesson number, an estimated reading time and a
  link to its companion notebook (front matter ``notebook: path``).
* Executed-block cache: markdown-exec re-runs every block on every build;
  this hook keeps each block's output in ``.cache/gdnotes-exec`` keyed by a
  hash of the block, the blocks before it in its session, and the gdnotes
  sources, data and library versions. A warm build (``mkdocs serve`` after
  an edit, a second ``make build``) reuses outputs whose inputs did not
  change; a miss replays the session's earlier blocks first so state is
  right. Set ``GDNOTES_EXEC_CACHE=off`` to run every block (the tests do).
  Set ``GDNOTES_EXEC_PROFILE=FILE`` to write each executed block's wall time
  (session, first line, seconds) to FILE as JSON; ``scripts/bench.py`` uses
  it to name the slowest blocks.
"""

from __future__ import annotations

import hashlib
import html
import importlib.metadata
import importlib.util
import math
import os
import re
import sys
import time
from pathlib import Path

from markdown_exec._internal.formatters import python as _exec_python_module

from latex2mathml.converter import convert
from mkdocs.exceptions import PluginError

WORDS_PER_MINUTE = 200

_INLINE = re.compile(r'<span class="arithmatex">\\\((.*?)\\\)</span>', re.S)
_DISPLAY = re.compile(r'<div class="arithmatex">\\\[(.*?)\\\]</div>', re.S)
_FENCE = re.compile(r"^(```|~~~).*?^\1", re.S | re.M)


def _mathml(latex: str, display: str, page) -> str:
    # tables.number writes U+2212 MINUS SIGN for text; latex2mathml would read it
    # as an identifier (<mi>), so give it the ASCII minus it knows as an operator
    source = html.unescape(latex).strip().replace("\u2212", "-")
    try:
        return convert(source, display=display)
    except Exception as error:  # latex2mathml raises many types
        raise PluginError(f"{page.file.src_uri}: cannot render math {source!r}: {error}") from error


class ExecCache:
    """Output cache for markdown-exec's Python blocks (see the module docs)."""

    def __init__(self) -> None:
        self._run = _exec_python_module._run_python
        self.timings: list[tuple[str | None, str, float]] = []
        self.directory: Path | None = None
        self.fingerprint = ""
        self.history: dict[str | None, list[tuple[str, dict]]] = {}
        self.replayed: dict[str | None, int] = {}
        self.hits = self.misses = 0

    def run(self, code: str, **options):
        began = time.perf_counter()
        try:
            return self._run(code, **options)
        finally:
            first = next((line.strip() for line in code.splitlines() if line.strip()), "")
            self.timings.append((options.get("session"), first[:80], time.perf_counter() - began))

    def start(self, config) -> None:
        self.timings = []
        enabled = os.environ.get("GDNOTES_EXEC_CACHE", "on").lower() not in {"off", "0", "false", "no"}
        root = Path(config.config_file_path).resolve().parent
        self.directory = root / ".cache" / "gdnotes-exec" if enabled else None
        self.history, self.replayed = {}, {}
        self.hits = self.misses = 0
        if self.directory is None:
            return
        digest = hashlib.sha256()
        package = Path(importlib.util.find_spec("gdnotes").origin).parent
        for path in sorted(package.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(package)).encode() + b"\0" + path.read_bytes())
        for name in ("numpy", "matplotlib", "sympy", "markdown-exec", "torch"):
            try:
                digest.update(f"{name}={importlib.metadata.version(name)}".encode())
            except importlib.metadata.PackageNotFoundError:
                digest.update(f"{name}=absent".encode())
        digest.update(sys.version.encode())
        self.fingerprint = digest.hexdigest()

    def __call__(self, code: str, returncode=None, session=None, id=None, **extra):  # noqa: A002
        if self.directory is None:
            return self.run(code, returncode=returncode, session=session, id=id, **extra)
        earlier = self.history.setdefault(session, [])
        digest = hashlib.sha256(self.fingerprint.encode())
        for block, _ in [*earlier, (code, extra)]:
            digest.update(b"\0block\0" + block.encode())
        key = digest.hexdigest()
        earlier.append((code, {"returncode": returncode, "id": id, **extra}))
        cached = self.directory / f"{key}.out"
        if cached.exists():
            self.hits += 1
            return cached.read_text(encoding="utf-8")
        self.misses += 1
        if session is not None:
            done = self.replayed.get(session, 0)
            for block, options in earlier[done:-1]:
                self.run(block, session=session, **options)
            self.replayed[session] = len(earlier)
        output = self.run(code, returncode=returncode, session=session, id=id, **extra)
        self.directory.mkdir(parents=True, exist_ok=True)
        temporary = cached.with_suffix(".tmp")
        temporary.write_text(output, encoding="utf-8")
        temporary.replace(cached)
        return output


EXEC_CACHE = ExecCache()
_exec_python_module._run_python = EXEC_CACHE


def on_pre_build(config):
    EXEC_CACHE.start(config)


def reading_minutes(markdown: str) -> int:
    """Minutes to read a page's prose (code fences excluded), at least 1."""
    prose = _FENCE.sub(" ", markdown)
    return max(1, math.ceil(len(re.findall(r"\w+", prose)) / WORDS_PER_MINUTE))


_ABBR = re.compile(r'<abbr title="[^"]*">(.*?)</abbr>', re.S)
_NO_TOOLTIP = re.compile(r'<(h[1-6]|summary|a|figcaption|legend|label)\b[^>]*>.*?</\1>|<p class="admonition-title">.*?</p>', re.S)
_SECTION = re.compile(r"(?=<h2\b)")
TOOLTIP_FREE_PAGES = ("reference/",)  # the glossary, bibliography and API pages


def glossary_tooltips(html_text: str, page) -> str:
    """Keep a glossary tooltip only on the first use of a term in each section.

    ``abbr`` (fed by includes/abbreviations.md) marks every occurrence; a
    tooltip in a heading, a link, a summary or on every repeat is noise, and
    the reference pages need none. A kept tooltip is made focusable, so a
    keyboard user can reach it and Material shows it on focus.
    """
    if page.file.src_uri.startswith(TOOLTIP_FREE_PAGES):
        return _ABBR.sub(r"\1", html_text)
    html_text = _NO_TOOLTIP.sub(lambda m: _ABBR.sub(r"\1", m.group(0)), html_text)

    def first_per_section(section: str) -> str:
        seen: set[str] = set()

        def keep(match: re.Match[str]) -> str:
            term = match.group(1).lower()
            if term in seen:
                return match.group(1)
            seen.add(term)
            return match.group(0)

        return _ABBR.sub(keep, section)

    html_text = "".join(first_per_section(part) for part in _SECTION.split(html_text))
    return html_text.replace("<abbr title=", '<abbr tabindex="0" title=')


def on_page_content(html_text, page, config, files):
    html_text = glossary_tooltips(html_text, page)
    html_text = _DISPLAY.sub(lambda m: f'<div class="gd-math">{_mathml(m.group(1), "block", page)}</div>', html_text)
    html_text = _INLINE.sub(lambda m: _mathml(m.group(1), "inline", page), html_text)
    lesson = page.meta.get("lesson")
    if lesson is None:
        return html_text
    parts = [f"<span>Lesson {int(lesson)}</span>", f"<span>About {reading_minutes(page.markdown or '')} min read</span>"]
    notebook = page.meta.get("notebook")
    if notebook:
        target = files.get_file_from_path(notebook)
        if target is None:
            raise PluginError(f"{page.file.src_uri}: notebook {notebook!r} is not in docs/")
        view = target.url_relative_to(page.file)
        download = view.rstrip("/") + "/" + target.name + ".ipynb" if not view.endswith(".ipynb") else view
        parts.append(f'<span>Companion notebook: <a href="{view}">read</a> · <a href="{download}" download>download .ipynb</a></span>')
    meta = '<p class="gd-lesson-meta">' + " · ".join(parts) + "</p>"
    if "</h1>" in html_text:
        return html_text.replace("</h1>", "</h1>\n" + meta, 1)
    return meta + html_text


_REMOTE_MODULE = re.compile(r'<script type="module">(?:(?!</script>).)*?https://(?:(?!</script>).)*?</script>', re.S)
_NOTEBOOK_STYLE = re.compile(r"<style[^>]*>\s*(?:@charset|\.jupyter-wrapper|\[|\.jp-Mermaid)(?:(?!</style>).)*</style>", re.S)
_MATHJAX = re.compile(r"<!-- Load mathjax -->.*?<!-- End of mathjax configuration -->", re.S)


def on_post_page(output, page, config):
    """Slim the notebook pages that mkdocs-jupyter renders.

    nbconvert inlines JupyterLab's whole stylesheet (about 570 KB), a MathJax
    configuration and a module script that imports mermaid from a CDN. Our
    notebooks need none of it: the site's own ``assets/notebook.css`` styles
    the cells, and no page may refer to another host.
    """
    if page.file.src_uri.endswith(".ipynb"):
        output = _REMOTE_MODULE.sub("", output)
        output = _NOTEBOOK_STYLE.sub("", output)
        output = _MATHJAX.sub("", output)
        name = page.file.name + ".ipynb"
        link = (
            f'<p class="gd-lesson-meta gd-notebook-download"><a href="{name}" download>Download this notebook ({name})</a>'
            " · it runs in Jupyter with the <code>gdnotes</code> package installed (<code>pip install -e .</code> in a clone of the course).</p>"
        )
        output = re.sub(r"(<h1[^>]*>.*?</h1>)", lambda m: m.group(1) + link, output, count=1, flags=re.S)
    return output


def copy_pyodide(config) -> None:
    """Copy the Pyodide runtime (for lesson 4's try-it cell) into the site at ``assets/pyodide/``.

    ``scripts/fetch_pyodide.py`` (``make`` runs it) puts the verified files in
    ``.cache/pyodide/VERSION``; without them the build still passes and the
    cell says, when Run is pressed, that Python is not part of this build.
    Runs on every build, ``mkdocs serve``'s rebuilds included; the files are
    copied byte for byte, so builds stay reproducible.
    """
    import importlib.util
    import logging
    import shutil

    log = logging.getLogger("mkdocs.plugins.gdnotes")
    root = Path(config["config_file_path"]).resolve().parent
    script = root / "scripts" / "fetch_pyodide.py"
    if not script.is_file():
        log.info("try-it cell: no %s, so no Python runtime in this build", script)
        return
    spec = importlib.util.spec_from_file_location("gdnotes_fetch_pyodide", script)
    fetcher = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(fetcher)
    source, target = fetcher.runtime_dir(root), Path(config["site_dir"]) / "assets" / "pyodide"
    reason = fetcher.problem(source)
    if reason is not None:
        log.info(
            "try-it cell: no Python runtime in this build (%s); run `python3 scripts/fetch_pyodide.py`", reason
        )
        return
    target.mkdir(parents=True, exist_ok=True)
    for name in (*fetcher.FILES, fetcher.MANIFEST):
        shutil.copyfile(source / name, target / name)


_COMMAND = {"name": "build"}


def on_startup(command, dirty):
    _COMMAND["name"] = command


def minify_assets(config) -> None:
    """Minify the site's own scripts and stylesheets (those from ``docs/assets``) in the built site.

    A reader's browser then fetches about a quarter less (gzip) of widget
    code. ``mkdocs serve`` keeps them as written, so a contributor debugs
    the source. rjsmin and rcssmin only drop comments and white space, and
    give the same bytes every time.
    """
    if _COMMAND["name"] == "serve":
        return
    import rcssmin
    import rjsmin

    source, site = Path(config["docs_dir"]) / "assets", Path(config["site_dir"]) / "assets"
    for path in sorted(source.rglob("*")):
        minify = {".js": rjsmin.jsmin, ".css": rcssmin.cssmin}.get(path.suffix)
        built = site / path.relative_to(source)
        if minify is None or not built.is_file():
            continue
        built.write_text(minify(built.read_text(encoding="utf-8")) + "\n", encoding="utf-8")


def on_post_build(config):
    profile = os.environ.get("GDNOTES_EXEC_PROFILE")
    if profile:
        import json

        rows = [{"session": s, "first_line": line, "seconds": round(t, 4)} for s, line, t in EXEC_CACHE.timings]
        Path(profile).write_text(json.dumps(rows, indent=1) + "\n", encoding="utf-8")
    if EXEC_CACHE.directory is not None:
        import logging

        logging.getLogger("mkdocs.plugins.gdnotes").info(
            "executed-block cache: %d reused, %d run", EXEC_CACHE.hits, EXEC_CACHE.misses
        )
    copy_pyodide(config)
    minify_assets(config)
