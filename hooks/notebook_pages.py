"""The companion notebooks as pages of the site: run in the build, cached, slimmed, with MathML and download links.

Each ``docs/notebooks/lesson-0N.ipynb`` (written by ``gdnotes.notebooks``) becomes a page. This hook does
what the mkdocs-jupyter plugin did, using its converter (``mkdocs_jupyter.convert``: nbconvert with
mkdocs-jupyter's template), so that a build whose notebook pages are all in the cache never imports
nbconvert or jupytext: about a second of every warm build and of every ``mkdocs serve`` start.

Run in the build: the pages show what each cell prints and draws. ``on_files`` starts every notebook the
cache lacks at the start of the build, each in a process of its own (``execute``: nbconvert's
ExecutePreprocessor with the settings mkdocs-jupyter used), as many at once as the machine has cores, so
they run beside the lessons' blocks rather than one after another while the build waits; the page is
converted from the run's result. A cell's error stops the build, naming the notebook, the cell and the
error. A cell that prints twice, a second apart, can reach the page as one stream output or as two (the
kernel flushes on a timer); ``_coalesce_streams`` merges them after each cell runs, so two builds give
the same bytes. Under ``mkdocs serve`` (and in test builds about other things, ``GDNOTES_RUN_NOTEBOOKS=0``)
the notebooks are not run: a package edit would run all nine again on every save.

Cached: each page's HTML and contents, in ``.cache/gdnotes-notebooks`` (under ``$GDNOTES_CACHE_DIR`` when
set), keyed by the notebook's bytes, whether it was run, the converters' versions and, for a run, the
package fingerprint (``gdsite.fingerprint``: every package file and the libraries that shape output); a
full build removes the entries it did not use.

Slimmed: nbconvert inlines JupyterLab's whole stylesheet (about 570 KB), a MathJax configuration and a
module script that imports mermaid from a CDN. Our notebooks need none of it: the site's own
``assets/notebook.css`` styles the cells, and no page may refer to another host. Without MathJax the
``$...$`` and ``$$...$$`` of the notebooks' Markdown would stay raw TeX, so ``math`` turns them into MathML
with the converter the lessons use (``hooks/mathml.py``, math-core): the same markup, no script.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import types
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path, PurePosixPath

from mkdocs.plugins import event_priority
from mkdocs.structure.files import File
from mkdocs.structure.toc import get_toc

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


# the notebook pages: what mkdocs-jupyter's plugin did, done here so that a build whose notebooks are all in
# the cache never imports nbconvert and jupytext (a second of every warm build and every `mkdocs serve` start)
NOTEBOOKS = "notebooks/*.ipynb"  # docs/notebooks/lesson-0N.ipynb, written by gdnotes.notebooks
KERNEL = ""  # the kernel each notebook names (python3)
#: the libraries whose version changes a notebook page (besides gdsite.LIBRARIES, in the fingerprint)
CONVERTERS = ("mkdocs-jupyter", "nbconvert", "nbformat", "nbclient", "ipykernel", "mistune", "jupytext")


class NotebookFile(File):
    """A notebook in docs/ made a page of the site: ``notebooks/lesson-01.ipynb`` becomes ``notebooks/lesson-01/``."""

    def is_documentation_page(self) -> bool:
        return True


def _keys(sources: list[Path]) -> dict[str, str]:
    """What each notebook page is made from, by source path: the notebook, whether it is run, the converters'
    versions and (when it is run) the package it imports. Made once a build (``on_files``)."""
    run = bool(_CACHE.get("execute"))
    common = [f"run={run}".encode(), ";".join(gdsite.versions(CONVERTERS)).encode(), (gdsite.fingerprint() if run else "").encode()]
    return {str(source): hashlib.sha256(b"\0".join([source.read_bytes(), *common])).hexdigest() for source in sources}


def _render(page, config, files) -> None:
    """Page.render for a notebook: its HTML and contents from the cache, or converted now (run first, when the build runs notebooks)."""
    source = Path(page.file.abs_src_path)
    entry = _CACHE["dir"] / f"{_CACHE['keys'][str(source)]}.json"
    _CACHE["used"].add(entry)
    if entry.exists():
        cached = json.loads(entry.read_text(encoding="utf-8"))
    else:
        import markdown
        from markdown.extensions.toc import TocExtension
        from mkdocs_jupyter import convert

        shown = source
        if _CACHE.get("execute"):  # the run on_files started (or one now, if it did not)
            shown = (_AHEAD.pop(str(source), None) or _run_ahead(source)).result()
        content = convert.nb2html(str(shown), execute=False, kernel_name=KERNEL, theme="", allow_errors=False)
        headings = markdown.Markdown(extensions=[TocExtension(toc_depth=6)])
        headings.convert(convert.nb2md(str(source)))
        cached = {"content": content, "toc_tokens": headings.toc_tokens}
        entry.parent.mkdir(parents=True, exist_ok=True)
        entry.write_text(json.dumps(cached), encoding="utf-8")
    page.content = cached["content"]
    page.toc = get_toc(cached["toc_tokens"])


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


def execute(source: Path, target: Path) -> None:
    """Run the notebook ``source`` as mkdocs-jupyter's execution step does (nbconvert's ExecutePreprocessor, the same
    settings, the notebook's folder as working folder) and write the executed notebook to ``target``; run in a
    process of its own (``_run_ahead``). A cell's error ends it with nbconvert's message (the cell and the error)."""
    import nbformat
    from nbconvert.preprocessors import ExecutePreprocessor

    _coalesce_streams()
    notebook = nbformat.read(source, as_version=4)
    runner = ExecutePreprocessor(kernel_name=KERNEL, allow_errors=False, store_widget_state=True)
    notebook, _ = runner.preprocess(notebook, {"metadata": {"path": str(source.parent), "name": source.stem}})
    nbformat.write(notebook, target)


_AHEAD: dict[str, Future] = {}


def _run_ahead(source: Path) -> Future:
    """Start running ``source`` in a process of its own; the future's result is the executed notebook's path."""
    pool = _CACHE.get("pool")
    if pool is None:
        pool = _CACHE["pool"] = ThreadPoolExecutor(max_workers=os.cpu_count() or 2, thread_name_prefix="gdnotes-notebook")
    if "scratch" not in _CACHE:  # one folder a build for the executed notebooks, removed by on_post_build
        _CACHE["scratch"] = tempfile.mkdtemp(prefix="gdnotes-notebooks-")
    target = Path(_CACHE["scratch"]) / source.name

    def run() -> Path:
        done = subprocess.run([sys.executable, __file__, str(source), str(target)], capture_output=True, text=True)
        if done.returncode != 0:
            raise RuntimeError(f"{source.name}: a cell failed when the build ran the notebook\n{done.stderr[-3000:]}")
        return target

    return pool.submit(run)


def on_startup(command, dirty):
    _CACHE["command"] = command


def on_config(config):
    # make serve: an edit to the package would run all nine notebooks again (a minute or two) on every save;
    # the pages show the code without outputs there, and make build or make test runs them. The tests'
    # own small builds about other things (GDNOTES_RUN_NOTEBOOKS=0) leave them unrun too.
    _CACHE["execute"] = _CACHE.get("command") != "serve" and os.environ.get("GDNOTES_RUN_NOTEBOOKS") != "0"
    _CACHE["dir"] = gdsite.cache_dir(config, "gdnotes-notebooks")
    return config


@event_priority(100)  # before the other hooks and plugins see the files: a notebook is a page
def on_files(files, config):
    """Make each notebook a page, and start running, in parallel, every one whose page the cache lacks."""
    _AHEAD.clear()
    _CACHE["used"] = set()
    pages = []
    for file in list(files):
        if file.src_uri.endswith(".ipynb") and PurePosixPath(file.src_uri).match(NOTEBOOKS):
            files.remove(file)
            page = NotebookFile(file.src_uri, file.src_dir, file.dest_dir, file.use_directory_urls, inclusion=file.inclusion)
            files.append(page)
            pages.append(page)
    _CACHE["keys"] = _keys([Path(page.abs_src_path) for page in pages])
    for source, key in _CACHE["keys"].items():
        if _CACHE["execute"] and not (_CACHE["dir"] / f"{key}.json").exists():
            _AHEAD[source] = _run_ahead(Path(source))
    return files


@event_priority(100)
def on_pre_page(page, config, files):
    if isinstance(page.file, NotebookFile):
        page.render = types.MethodType(_render, page)
    return page


def on_post_build(config):
    """After a full build, drop the notebook pages it did not use (an older notebook or package)."""
    scratch = _CACHE.pop("scratch", None)  # the runs' executed notebooks, converted by now
    if scratch is not None:
        shutil.rmtree(scratch, ignore_errors=True)
    folder = _CACHE.get("dir")
    if folder is None or gdsite.BUILD["partial"] or not folder.is_dir():
        return
    for entry in folder.glob("*.json"):
        if entry not in _CACHE["used"]:
            entry.unlink()


def on_post_page(output, page, config):
    if isinstance(page.file, NotebookFile):
        # the notebook itself beside its page, for the download button
        target = Path(page.file.abs_dest_path).parent / Path(page.file.src_uri).name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(page.file.abs_src_path, target)
        return slim(math(output, page.file.src_uri), page.file.name + ".ipynb")
    return output


if __name__ == "__main__":  # python hooks/notebook_pages.py SOURCE TARGET (see ``_run_ahead``)
    execute(Path(sys.argv[1]), Path(sys.argv[2]))
