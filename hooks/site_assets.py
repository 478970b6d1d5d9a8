"""Files the built site gets besides its pages: the Pyodide runtime, and minified scripts and styles.

* ``copy_pyodide``: lesson 4's try-it cell runs Python in the page with
  Pyodide, served by the site itself from ``assets/pyodide/``.
* ``minify_assets``: the site's own JS and CSS, minified in a build (not
  under ``mkdocs serve``, where a contributor debugs the source).
* ``copy_wheel``: the gdnotes package as a wheel (started with the build, ``start_wheel``), ``assets/gdnotes-<version>-py3-none-any.whl``,
  which the notebook pages offer for download (one ``pip install`` runs them).
* ``plain_signatures``: an API page's signatures (one code block per
  function, over 200 on a page) are left out of what Material's script sets
  up for each code block at load (a copy button, a size watch that reads the
  layout): profiled with Chromium at 4x CPU slow-down, that set-up was about
  a second of an API page's main-thread work (issue 13). The signature's
  ``<code>`` is wrapped in a ``display: contents`` span, so Material's
  ``pre > code`` no longer finds it; gdnotes.css draws it as before, and
  overrides/main.html makes it focusable when it scrolls (as Material does).
* ``boxed_tables``: each table of a page's text gets a ``<div class="gd-table">`` of its own. Material's
  script wraps every table at load in its scrolling box, taking it out of the page and putting it back;
  for a table that is a child of the article (or of a details block), Chromium then restyled the whole
  article (its style sheet has rules on siblings), about a third of a lesson's style work at load
  (tests/test_perf_budget.py). In a box of its own, only the table is restyled. The box has no style.
* ``SOURCE_DATE_EPOCH``: when it is not set, the last commit's time, so the
  sitemap's dates (the one date in the site) are the same in every build.
"""

from __future__ import annotations

import importlib.util
import logging
import os
import re
import shutil
from pathlib import Path

log = logging.getLogger("mkdocs.plugins.gdnotes")
_COMMAND = {"name": "build"}
FIXED_EPOCH = "1767225600"  # 2026-01-01, where there is no git history to date the build by


def copy_pyodide(config) -> None:
    """Copy the Pyodide runtime into the site at ``assets/pyodide/``.

    ``scripts/fetch_pyodide.py`` (``make`` runs it) puts the verified files in
    ``.cache/pyodide/VERSION``; without them the build warns (so a strict
    build fails) naming the missing file and ``make pyodide``: a site without
    them would ship a try-it cell that cannot run.
    Runs on every build, ``mkdocs serve``'s rebuilds included (where a file
    already copied is left alone); the files are copied byte for byte, so
    builds stay reproducible.
    """
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
        log.warning("lesson 4's try-it cell has no Python runtime: %s; fetch it once while online, with: make pyodide", reason)
        return
    target.mkdir(parents=True, exist_ok=True)
    for name in (*fetcher.FILES, fetcher.MANIFEST):
        have, want = target / name, (source / name).stat()
        if have.is_file() and have.stat().st_size == want.st_size and have.stat().st_mtime >= want.st_mtime:
            continue  # already there from the previous build (mkdocs serve): 13 MB not copied again
        shutil.copyfile(source / name, have)


_WHEEL: dict = {}  # the wheel being built in the background: {"job": _WheelJob}


class _WheelJob:
    """The wheel of one build: where it is kept, and the ``pip wheel`` making it (None when it is kept already)."""

    def __init__(self, config) -> None:
        import hashlib
        import subprocess
        import sys
        import tempfile

        from gdnotes.notebooks import wheel_name

        root = Path(config["config_file_path"]).resolve().parent
        sources = [root / "pyproject.toml", root / "README.md"]
        self.kept = self.process = None
        self.key = (str(root), str(config["site_dir"]), os.environ.get("GDNOTES_CACHE_DIR", ""), os.environ.get("SOURCE_DATE_EPOCH", ""))
        if not all(path.is_file() for path in sources) or not (root / "src").is_dir():
            # a copy of the docs without the package's project files (the tests' small projects): nothing to build
            log.info("no gdnotes wheel in this build: %s has no pyproject.toml, README.md and src/", root)
            return
        sources += sorted(path for path in (root / "src").rglob("*") if path.is_file() and "__pycache__" not in path.parts and ".egg-info" not in str(path))
        digest = hashlib.sha256(os.environ.get("SOURCE_DATE_EPOCH", "").encode())
        for path in sources:
            digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes())
        self.key += (digest.hexdigest(),)
        base = Path(os.environ["GDNOTES_CACHE_DIR"]) if os.environ.get("GDNOTES_CACHE_DIR") else root / ".cache"
        self.kept = base / "gdnotes-wheel" / digest.hexdigest()[:20] / wheel_name()
        if self.kept.is_file():
            return
        self.folder = Path(tempfile.mkdtemp(prefix="gdnotes-wheel-"))
        copy = self.folder / "gdnotes"
        for path in sources:
            (copy / path.relative_to(root)).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, copy / path.relative_to(root))
        self.made = self.folder / "out" / wheel_name()
        self.command = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index", "--quiet", "-w", str(self.folder / "out"), str(copy)]
        self.process = subprocess.Popen(self.command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)

    def finish(self) -> Path | None:
        """The kept wheel, once ``pip wheel`` is done (None if there is none)."""
        if self.process is not None:
            try:
                _, error = self.process.communicate(timeout=300)
                if self.process.returncode != 0 or not self.made.is_file():
                    log.warning("the gdnotes wheel for the notebook pages was not built (%s): %s", " ".join(self.command[1:5]), (error or "").strip()[-400:])
                    return None
                for old in self.kept.parent.parent.glob("*"):
                    shutil.rmtree(old, ignore_errors=True)  # one wheel kept: the last one built
                self.kept.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(self.made, self.kept)
            finally:
                if self.process.poll() is None:
                    self.process.kill()
                shutil.rmtree(self.folder, ignore_errors=True)
                self.process = None
        return self.kept if self.kept is not None and self.kept.is_file() else None


def start_wheel(config) -> None:
    """Start building the gdnotes wheel (when the cache has not got it) beside the rest of the build: ``pip wheel``
    takes about a second, which the build's end no longer waits for (copy_wheel picks it up)."""
    _WHEEL["job"] = _WheelJob(config)


def copy_wheel(config) -> None:
    """Build the gdnotes wheel and put it in the site at ``assets/`` (named by ``gdnotes.notebooks.wheel_name``).

    ``pip wheel --no-deps --no-build-isolation`` (no network) on a copy of
    ``pyproject.toml``, ``README.md`` and ``src/``, dated by
    ``SOURCE_DATE_EPOCH``, so the same sources give the same bytes. The
    wheel is kept in the build's cache (``gdnotes-wheel``) under a hash of
    those files and the date: about 2 s, only when one of them changed, and
    started with the build (``start_wheel``), finished here.
    """
    from gdnotes.notebooks import wheel_name

    job = _WHEEL.pop("job", None)
    this = (str(Path(config["config_file_path"]).resolve().parent), str(config["site_dir"]), os.environ.get("GDNOTES_CACHE_DIR", ""), os.environ.get("SOURCE_DATE_EPOCH", ""))
    if job is None or job.key[:4] != this:  # not started for this build (a test calls this alone)
        if job is not None:
            job.finish()
        job = _WheelJob(config)
    kept = job.finish()
    if kept is None:
        return
    target = Path(config["site_dir"]) / "assets" / wheel_name()
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(kept, target)


def minify_assets(config) -> None:
    """Minify the site's own scripts and stylesheets (those from ``docs/assets``) in the built site.

    A reader's browser then fetches about a quarter less (gzip) of widget
    code. rjsmin and rcssmin only drop comments and white space, and give
    the same bytes every time.
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


SIGNATURE = re.compile(r'(<div class="doc-signature highlight"><pre>(?:<span></span>)?)<code>(.*?)</code></pre>', re.S)


def plain_signatures(html_text: str) -> str:
    """The page with each API signature's ``<code>`` wrapped in ``<span class="gd-signature">`` (out of ``pre > code``)."""
    return SIGNATURE.sub(r'\1<span class="gd-signature"><code>\2</code></span></pre>', html_text)


BARE_TABLE = re.compile(r"<table>(.*?)</table>", re.S)


def boxed_tables(html_text: str) -> str:
    """The page's text with each ``<table>`` that has no attribute (a Markdown table) in a ``<div class="gd-table">``."""
    return BARE_TABLE.sub(r'<div class="gd-table">\n<table>\1</table>\n</div>', html_text)


def source_date_epoch(root: Path) -> str:
    """The time the site's dates (sitemap) are stamped with: the last commit's, else a fixed one; never the clock."""
    import subprocess

    try:
        done = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=root, capture_output=True, text=True, timeout=10)
        if done.returncode == 0 and done.stdout.strip().isdigit():
            return done.stdout.strip()
    except (OSError, subprocess.TimeoutExpired):
        pass
    return FIXED_EPOCH


def on_startup(command, dirty):
    _COMMAND["name"] = command


def on_config(config):
    # two builds of one commit give the same bytes even when SOURCE_DATE_EPOCH is not set (the Makefile sets it)
    if "SOURCE_DATE_EPOCH" not in os.environ:
        os.environ["SOURCE_DATE_EPOCH"] = source_date_epoch(Path(config["config_file_path"]).resolve().parent)
    if config.get("site_dir"):  # a build's config (a test may pass a part of one)
        start_wheel(config)
    return config


def on_build_error(error):
    job = _WHEEL.pop("job", None)
    if job is not None and job.process is not None:
        job.process.kill()
        job.finish()


def on_page_content(html_text, page, config, files):
    return boxed_tables(html_text)


def on_post_page(output, page, config):
    if page.file.src_uri.startswith("reference/api/"):
        return plain_signatures(output)
    return output


def on_post_build(config):
    copy_pyodide(config)
    copy_wheel(config)
    minify_assets(config)
