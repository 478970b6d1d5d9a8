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

mkdocs-jupyter runs each notebook when it renders its page, one after another, while the build waits.
``on_files`` therefore starts every notebook the cache lacks at the start of the build, in processes of
their own (``execute``, as many at once as the machine has cores), and the plugin's execution step
(``ExecutePreprocessor.preprocess``) takes the finished notebook instead of running it again: the
notebooks run beside the lessons' blocks. What runs is the same code in the same kind of kernel with the
same settings, so the page is the same; a cell's error stops the build, naming the notebook and the cell.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
from concurrent.futures import Future, ThreadPoolExecutor
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


def execute(source: Path, target: Path, kernel_name: str = "", allow_errors: bool = False) -> None:
    """Run the notebook ``source`` as mkdocs-jupyter's execution step does (same preprocessor, settings and
    working folder) and write the executed notebook to ``target``; run in a process of its own by ``on_files``."""
    import nbformat
    from nbconvert.preprocessors import ExecutePreprocessor

    _coalesce_streams()
    notebook = nbformat.read(source, as_version=4)
    runner = ExecutePreprocessor(kernel_name=kernel_name, allow_errors=allow_errors, store_widget_state=True)
    notebook, _ = runner.preprocess(notebook, {"metadata": {"path": str(source.parent), "name": source.stem}})
    nbformat.write(notebook, target)


_AHEAD: dict[str, Future] = {}


def _run_ahead(source: Path, settings) -> Future:
    """Start executing ``source`` in a process of its own; the future's result is the executed notebook's path."""
    pool = _CACHE.get("pool")
    if pool is None:
        pool = _CACHE["pool"] = ThreadPoolExecutor(max_workers=os.cpu_count() or 2, thread_name_prefix="gdnotes-notebook")
    folder = Path(_CACHE.setdefault("scratch", tempfile.mkdtemp(prefix="gdnotes-notebooks-")))
    target = folder / source.name
    command = [sys.executable, __file__, str(source), str(target), settings["kernel_name"], "1" if settings["allow_errors"] else ""]

    def run() -> Path:
        done = subprocess.run(command, capture_output=True, text=True)
        if done.returncode != 0:
            raise RuntimeError(f"{source.name}: a cell failed when the notebook was run in the build\n{done.stderr[-3000:]}")
        return target

    return pool.submit(run)


def _take_ahead() -> None:
    """Make the plugin's execution step use a notebook ``on_files`` started, waiting for it if needed (once per process)."""
    from nbconvert.preprocessors import ExecutePreprocessor

    run = ExecutePreprocessor.preprocess
    if getattr(run, "gdnotes_ahead", False):
        return

    def preprocess(self, nb, resources=None, km=None):
        meta = (resources or {}).get("metadata", {})
        key = str(Path(meta.get("path", "")) / f"{meta.get('name', '')}.ipynb")
        ahead = _AHEAD.pop(key, None)
        if ahead is None:
            return run(self, nb, resources, km)
        import nbformat

        executed = nbformat.read(ahead.result(), as_version=4)
        nb.cells, nb.metadata = executed.cells, executed.metadata
        return nb, resources

    preprocess.gdnotes_ahead = True
    ExecutePreprocessor.preprocess = preprocess


def on_files(files, config):
    """Start running, in parallel, every notebook whose rendered page the cache does not hold."""
    settings = _jupyter(config)
    _AHEAD.clear()
    if settings is None or not settings.get("execute") or settings.get("execute_ignore"):
        return files
    from mkdocs_jupyter.plugin import _compute_cache_key, _get_cache_path

    plugin = config["plugins"]["mkdocs-jupyter"]
    for file in files:
        if not plugin.should_include(file):
            continue
        source = Path(file.abs_src_path)
        if settings.get("cache") and _get_cache_path(settings["cache_dir"], _compute_cache_key(source, settings, True)).exists():
            continue  # the page comes from the cache: nothing to run
        _AHEAD[str(source)] = _run_ahead(source, settings)
    if _AHEAD:
        _take_ahead()
    return files


def on_startup(command, dirty):
    _CACHE["command"] = command


def on_config(config):
    settings = _jupyter(config)
    if settings is not None and settings.get("execute") and (_CACHE.get("command") == "serve" or os.environ.get("GDNOTES_RUN_NOTEBOOKS") == "0"):
        # make serve: an edit to the package would run all nine notebooks again (a minute or two) on every save;
        # the pages show the code without outputs there, and make build or make test runs them. The tests'
        # own small builds about other things (GDNOTES_RUN_NOTEBOOKS=0) leave them unrun too.
        settings["execute"] = False
    if settings is not None and settings.get("execute"):
        _coalesce_streams()
    if settings is None or not settings.get("cache"):
        return config
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


if __name__ == "__main__":  # python hooks/notebook_pages.py SOURCE TARGET KERNEL ALLOW_ERRORS (see ``_run_ahead``)
    execute(Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3], bool(sys.argv[4]))
