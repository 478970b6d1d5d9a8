"""Slim the notebook pages that mkdocs-jupyter renders, give them MathML, and add a download link.

nbconvert inlines JupyterLab's whole stylesheet (about 570 KB), a MathJax
configuration and a module script that imports mermaid from a CDN. Our
notebooks need none of it: the site's own ``assets/notebook.css`` styles
the cells, and no page may refer to another host.

Without MathJax the ``$...$`` and ``$$...$$`` of the notebooks' Markdown
(cells, and Markdown that code cells display) would stay raw TeX, so
``math`` turns them into MathML with the converter the lessons use
(``hooks/mathml.py``, math-core): the same markup, no script.

The notebooks are executed in the build (mkdocs-jupyter ``execute: true``),
so their pages show what each cell prints and draws. mkdocs-jupyter keeps
each rendered notebook in a cache keyed by the notebook's bytes and the
plugin's settings, but not by the ``gdnotes`` package the cells import:
``on_config`` therefore points its ``cache_dir`` at a folder named by the
package fingerprint (``gdsite.fingerprint``: every package file and the
versions of the libraries that shape output), under ``$GDNOTES_CACHE_DIR``
when that is set; a full build removes the folders of other fingerprints.
A cell that prints twice, a second apart, can reach the page as one stream
output or as two (the kernel flushes on a timer); ``_coalesce_streams``
merges them after each cell runs, as nbconvert's CoalesceStreamsPreprocessor
would if it ran after execution, so two builds give the same bytes. Under ``mkdocs serve`` the notebooks
are not run (a package edit would run all nine again on every save).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

if str(Path(__file__).parent) not in sys.path:
    sys.path.insert(0, str(Path(__file__).parent))  # for mathml (the lessons' converter) and gdsite
import gdsite  # noqa: E402
import mathml as lesson_math  # noqa: E402

_CACHE: dict[str, object] = {}

# each matches up to the first closing tag (a lazy ``.*?``, which is fast on nbconvert's 570 KB of CSS)
MODULE_SCRIPT = re.compile(r'<script type="module">.*?</script>', re.S)
NOTEBOOK_STYLE = re.compile(r"<style[^>]*>\s*(?:@charset|\.jupyter-wrapper|\[|\.jp-Mermaid).*?</style>", re.S)
MATHJAX = re.compile(r"<!-- Load mathjax -->.*?<!-- End of mathjax configuration -->", re.S)


# rendered Markdown: a Markdown cell's body, or a displayed Markdown output (no nested div in either)
RENDERED_MARKDOWN = re.compile(r'(<div class="jp-RenderedHTMLCommon jp-RenderedMarkdown[^"]*"[^>]*>)(.*?)(</div>)', re.S)
# a heading's entry in the page's table of contents (Material's sidebar)
TOC_ENTRY = re.compile(r'(<span class="md-ellipsis">)([^<]*?\$[^<]*?)(</span>)', re.S)
# code keeps its dollars: <pre> blocks and <code> spans are copied as they are
VERBATIM = re.compile(r"(<pre[ >].*?</pre>|<code[ >].*?</code>)", re.S)
DISPLAY_TEX = re.compile(r"\$\$(.+?)\$\$", re.S)
INLINE_TEX = re.compile(r"(?<![\\$])\$(?!\s)([^$]+?)(?<![\s\\])\$(?!\$)")


def _prose_math(text: str, where: str) -> str:
    text = DISPLAY_TEX.sub(lambda m: f'<span class="gd-math">{lesson_math.mathml(m.group(1), "block", where)}</span>', text)
    return INLINE_TEX.sub(lambda m: lesson_math.mathml(m.group(1), "inline", where), text)


def math(output: str, where: str) -> str:
    """The TeX of a notebook page's rendered Markdown and its contents entries as MathML (code left alone).

    >>> "<math" in math('<div class="jp-RenderedHTMLCommon jp-RenderedMarkdown"><p>$\\alpha$</p></div>', "x")
    True
    """

    def body(match: re.Match) -> str:
        parts = VERBATIM.split(match.group(2))
        parts[::2] = [_prose_math(part, where) for part in parts[::2]]
        return match.group(1) + "".join(parts) + match.group(3)

    output = RENDERED_MARKDOWN.sub(body, output)
    return TOC_ENTRY.sub(lambda m: m.group(1) + _prose_math(m.group(2), where) + m.group(3), output)


def slim(output: str, notebook_name: str) -> str:
    """A rendered notebook page without nbconvert's extras, with download buttons (notebook, wheel) under its title."""
    output = MODULE_SCRIPT.sub(lambda m: "" if "https://" in m.group(0) else m.group(0), output)
    output = NOTEBOOK_STYLE.sub("", output)
    output = MATHJAX.sub("", output)
    from gdnotes.notebooks import install_command, wheel_name

    wheel = wheel_name()
    link = (
        '<p class="gd-lesson-meta gd-notebook-download">'
        f'<a class="md-button md-button--primary" style="margin: 0 .5rem .5rem 0" href="{notebook_name}" download>Download the notebook ({notebook_name})</a> '
        f'<a class="md-button" style="margin: 0 .5rem .5rem 0" href="../../assets/{wheel}" download>Download the package ({wheel})</a><br>'
        f"Put both in one folder and install the package once with <code>{install_command()}</code>; "
        "then the notebook runs in Jupyter, no copy of the course needed.</p>"
    )
    return re.sub(r"(<h1[^>]*>.*?</h1>)", lambda m: m.group(1) + link, output, count=1, flags=re.S)


def _jupyter(config):
    """The mkdocs-jupyter plugin's settings, or None when the site does not use it."""
    plugin = config["plugins"].get("mkdocs-jupyter")
    return None if plugin is None else plugin.config


def _coalesce_streams() -> None:
    """Make nbconvert merge a cell's consecutive stream outputs right after running it (once per process)."""
    from nbconvert.preprocessors import CoalesceStreamsPreprocessor, ExecutePreprocessor

    run = ExecutePreprocessor.preprocess_cell
    if getattr(run, "gdnotes_coalesced", False):
        return

    def preprocess_cell(self, cell, resources, index):
        cell, resources = run(self, cell, resources, index)
        return CoalesceStreamsPreprocessor().preprocess_cell(cell, resources, index)

    preprocess_cell.gdnotes_coalesced = True
    ExecutePreprocessor.preprocess_cell = preprocess_cell


def on_startup(command, dirty):
    _CACHE["command"] = command


def on_config(config):
    settings = _jupyter(config)
    if settings is not None and settings.get("execute") and _CACHE.get("command") == "serve":
        # make serve: an edit to the package would run all nine notebooks again (a minute or two) on every save;
        # the pages show the code without outputs there, and make build or make test runs them
        settings["execute"] = False
    if settings is not None and settings.get("execute"):
        _coalesce_streams()
    if settings is None or not settings.get("cache"):
        return config
    import os

    if os.environ.get("GDNOTES_CACHE_DIR"):
        base = gdsite.cache_dir(config, "mkdocs-jupyter")
    else:  # the configured folder (default .cache/mkdocs-jupyter), beside mkdocs.yml
        base = gdsite.root(config) / settings["cache_dir"]
    current = base / gdsite.fingerprint()[:20]
    settings["cache_dir"] = str(current)
    _CACHE.update(base=base, current=current)
    return config


def on_post_build(config):
    """After a full build, drop the notebook renderings made with another version of the package."""
    import shutil

    base, current = _CACHE.get("base"), _CACHE.get("current")
    if base is None or gdsite.BUILD["partial"] or not base.is_dir():
        return
    for entry in base.iterdir():
        if entry != current:
            shutil.rmtree(entry) if entry.is_dir() else entry.unlink()


def on_post_page(output, page, config):
    if page.file.src_uri.endswith(".ipynb"):
        return slim(math(output, page.file.src_uri), page.file.name + ".ipynb")
    return output
