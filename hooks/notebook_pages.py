"""The companion notebooks as pages of the site: run in the build, cached, slimmed, with MathML and download links.

Each ``docs/notebooks/lesson-0N.ipynb`` (written by ``gdnotes.notebooks``) becomes a page. This hook does
what the mkdocs-jupyter plugin did, using its converter (``mkdocs_jupyter.convert``: nbconvert with
mkdocs-jupyter's template), so that a build whose notebook pages are all in the cache never imports
nbconvert or jupytext: about a second of every warm build and of every ``mkdocs serve`` start.

Run in the build: the pages show what each cell prints and draws. ``on_files`` starts every notebook the
cache lacks at the start of the build (``_start_runs``), on one worker process a core but the build's own
(``workers``, ``serve``: one on two cores), so they run beside the lessons' blocks rather than one after
another while the build waits. A worker runs its notebooks one after another in one kernel (``execute``:
nbconvert's ExecutePreprocessor with the settings mkdocs-jupyter used), made fresh before each (``FRESH``:
new namespace, package imported again, matplotlib as it started), which saves starting a kernel and
importing NumPy, matplotlib and PyTorch for every notebook (about half the notebooks' CPU); it also
converts each page from the run's result into the cache (``_write_page``), on a second thread while the
kernel runs the next notebook, so the build itself only reads it. A cell's error stops
the build, naming the notebook, the cell and the error. A cell that prints twice, a second apart, can reach the page as one stream output or as two (the
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
with the converter the lessons use (``hooks/mathml.py``, math-core): the same markup, no script. The
extras are taken out of the converted page before it is cached (``strip``), so the build's hooks and its
search index never read them, and once more from the page as written (``slim``).
"""

from __future__ import annotations

import collections
import hashlib
import json
import os
import queue
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import types
from concurrent.futures import Future
from pathlib import Path, PurePosixPath

import jinja2
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


def strip(output: str) -> str:
    """A notebook's HTML without nbconvert's extras: a module script that imports from another host, JupyterLab's stylesheet, MathJax's configuration."""
    output = MODULE_SCRIPT.sub(lambda m: "" if "https://" in m.group(0) else m.group(0), output)
    output = NOTEBOOK_STYLE.sub("", output)
    return MATHJAX.sub("", output)


def slim(output: str, notebook_name: str) -> str:
    """A rendered notebook page without nbconvert's extras (``strip``), with download buttons (notebook, wheel) under its title."""
    output = strip(output)
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
    """Page.render for a notebook: its HTML and contents from the cache; when the build runs notebooks, the run
    on_files started made them (or one started now, if it did not); else converted now from the notebook as it is."""
    source = Path(page.file.abs_src_path)
    entry = _CACHE["dir"] / f"{_CACHE['keys'][str(source)]}.json"
    _CACHE["used"].add(entry)
    if not entry.exists():
        if _CACHE.get("execute"):
            (_AHEAD.pop(str(source), None) or _run_ahead(source)).result()
        else:
            _write_page(source, source, entry)
    cached = json.loads(entry.read_text(encoding="utf-8"))
    page.content = cached["content"]
    page.toc = get_toc(cached["toc_tokens"])


def _write_page(shown: Path, source: Path, entry: Path) -> None:
    """The cache entry of a notebook's page: the HTML of ``shown`` (``source`` or its executed copy) and the contents of ``source``."""
    import markdown
    from markdown.extensions.toc import TocExtension
    from mkdocs_jupyter import convert

    _reuse_compiled_templates()
    # stripped here, beside the build: the page's hooks and the search index then read 60 KB, not 630 KB
    content = strip(convert.nb2html(str(shown), execute=False, kernel_name=KERNEL, theme="", allow_errors=False))
    headings = markdown.Markdown(extensions=[TocExtension(toc_depth=6)])
    headings.convert(convert.nb2md(str(source)))
    entry.parent.mkdir(parents=True, exist_ok=True)
    part = entry.with_name(f"{entry.name}.{os.getpid()}.part")  # complete or absent: a build that reads it never sees half
    part.write_text(json.dumps({"content": content, "toc_tokens": headings.toc_tokens}), encoding="utf-8")
    part.replace(entry)


class _CompiledTemplates(jinja2.BytecodeCache):
    """Jinja's compiled templates, kept in memory."""

    def __init__(self) -> None:
        self.code: dict[str, bytes] = {}

    def load_bytecode(self, bucket) -> None:
        if bucket.key in self.code:
            bucket.bytecode_from_string(self.code[bucket.key])  # used only if the template's source is unchanged

    def dump_bytecode(self, bucket) -> None:
        self.code[bucket.key] = bucket.bytecode_to_string()

    def clear(self) -> None:
        self.code.clear()


def _reuse_compiled_templates() -> None:
    """Make nbconvert's exporters share their compiled templates (once per process).

    mkdocs-jupyter's converter makes a new exporter, with a Jinja environment of its own, for every
    notebook, so every page compiled its fifteen templates again: about a third of converting a page.
    One cache for each kind of exporter (the compiled code depends on its environment) keeps them.
    """
    from nbconvert.exporters.templateexporter import TemplateExporter

    create = TemplateExporter._create_environment
    if getattr(create, "gdnotes_cached", False):
        return
    caches: dict[tuple, _CompiledTemplates] = {}

    def _create_environment(self):
        environment = create(self)
        environment.bytecode_cache = caches.setdefault((type(self), self.enable_async), _CompiledTemplates())
        return environment

    _create_environment.gdnotes_cached = True
    TemplateExporter._create_environment = _create_environment


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


# run silently before each notebook in a worker's kernel (``serve``), so that every notebook starts as in a kernel
# of its own: an empty namespace and output cache, the execution count at 1, the notebook's folder as working
# folder; the package imported afresh (its modules have state: gdnotes.figures switches matplotlib to Agg when
# imported); matplotlib's settings and backend as the kernel started them, no figure open; and warnings shown
# again (Python shows a warning once per place: the registries forget them). Only the libraries' imports stay.
FRESH = """\
import os as _os, sys as _sys
for _name in [_name for _name in _sys.modules if _name == "gdnotes" or _name.startswith("gdnotes.")]:
    del _sys.modules[_name]
for _module in list(_sys.modules.values()):
    _registry = getattr(_module, "__warningregistry__", None)
    if isinstance(_registry, dict):
        _registry.clear()
if "matplotlib.pyplot" in _sys.modules:
    import matplotlib as _matplotlib, matplotlib.pyplot as _pyplot
    _pyplot.close("all")
    _matplotlib.rc_file_defaults()
    _matplotlib.interactive(_matplotlib.rcParamsOrig["interactive"])
    _backend = _os.environ.get("MPLBACKEND")
    if _backend in ("inline", "module://matplotlib_inline.backend_inline"):  # what importing it does in a new kernel
        from IPython.core.pylabtools import activate_matplotlib as _activate
        from matplotlib_inline.backend_inline import configure_inline_support as _configure
        _activate(_backend)
        _configure(get_ipython(), _backend)
    elif _backend:
        _pyplot.switch_backend(_backend)
_os.chdir({folder!r})
get_ipython().reset(new_session=True)
"""


def execute(source: Path, target: Path, kernels: dict | None = None) -> None:
    """Run the notebook ``source`` as mkdocs-jupyter's execution step does (nbconvert's ExecutePreprocessor, the same
    settings, the notebook's folder as working folder) and write the executed notebook to ``target``, in a
    kernel of its own, or (``kernels``) in a worker's kernel. A cell's error ends it with nbconvert's message (the cell and the error).

    With ``kernels`` (``serve``: kernel name -> a running kernel's manager, filled as needed), the notebook runs in
    the kernel kept there, started by the first notebook that needs it and made fresh (``FRESH``) before each."""
    import nbformat
    from nbconvert.preprocessors import ExecutePreprocessor

    _coalesce_streams()
    notebook = nbformat.read(source, as_version=4)
    runner = ExecutePreprocessor(kernel_name=KERNEL, allow_errors=False, store_widget_state=True)
    resources = {"metadata": {"path": str(source.parent), "name": source.stem}}
    if kernels is None:
        notebook, _ = runner.preprocess(notebook, resources)
    else:
        from jupyter_client.manager import AsyncKernelManager

        name = KERNEL or notebook.metadata.get("kernelspec", {}).get("name", "")
        if name not in kernels:
            kernels[name] = AsyncKernelManager(kernel_name=name) if name else AsyncKernelManager()

        async def fresh(notebook) -> None:
            reply = await runner.async_wait_for_reply(runner.kc.execute(FRESH.format(folder=str(source.parent.resolve())), silent=True, store_history=False))
            if reply is None or reply["content"]["status"] != "ok":
                raise RuntimeError(f"the kernel could not be made fresh for {source.name}: {reply and reply['content']}")

        runner.on_notebook_start = fresh
        try:
            notebook, _ = runner.preprocess(notebook, resources, km=kernels[name])
        finally:
            if runner.kc is not None:
                runner.kc.stop_channels()
    nbformat.write(notebook, target)


def serve() -> None:
    """``python hooks/notebook_pages.py --serve``: run the notebooks named on stdin, one ``SOURCE<tab>TARGET<tab>ENTRY``
    a line, one after another in one kernel (``execute`` with ``kernels``), write each page's cache entry from the
    executed notebook (``_write_page``: the conversion runs here too, beside the build, not in it), and answer on
    stdout, in the order of the lines, with ``ok`` or with ``failed`` and the error as JSON. After a failure it stops
    (the kernel may be in any state).

    One kernel for several notebooks saves, for each after the first, starting a kernel and importing NumPy,
    matplotlib, the package and (lessons 5 and 7) PyTorch in it: about a second of CPU a notebook, two for
    PyTorch. A second thread converts each executed notebook while the kernel runs the next one, so a notebook
    named ahead (``_Worker.send`` keeps one line ahead) is not kept waiting for its predecessor's page."""
    import markdown.extensions.toc  # noqa: F401 - what both threads use, imported before the second starts: two
    from mkdocs_jupyter import convert  # noqa: F401   threads importing nbconvert at once deadlock on its import cycles
    from nbclient.util import run_sync
    from nbconvert.preprocessors import ExecutePreprocessor  # noqa: F401

    answers = os.fdopen(os.dup(1), "w", buffering=1, encoding="utf-8")
    os.dup2(2, 1)  # whatever else writes to stdout (this process, the kernel it starts) goes to stderr
    kernels: dict = {}
    executed: queue.SimpleQueue = queue.SimpleQueue()  # (error or None, source, target, entry), then None
    failed = threading.Event()

    def write_pages() -> None:
        while (job := executed.get()) is not None:
            error, source, target, entry = job
            if failed.is_set():
                continue  # nothing is answered after a failure
            if error is None:
                try:
                    _write_page(target, source, entry)
                except Exception as problem:  # noqa: BLE001 - any failure is the notebook's, reported to the build
                    error = f"{type(problem).__name__}: {problem}"
            if error is not None:
                failed.set()
            answers.write("ok\n" if error is None else "failed " + json.dumps(error) + "\n")

    converter = threading.Thread(target=write_pages, name="gdnotes-pages", daemon=True)
    converter.start()
    try:
        for line in sys.stdin:
            if failed.is_set():
                break
            source, target, entry = map(Path, line.rstrip("\n").split("\t"))
            try:
                execute(source, target, kernels)
            except Exception as error:  # noqa: BLE001 - any failure is the notebook's, reported to the build
                executed.put((f"{type(error).__name__}: {error}", source, target, entry))
                break
            executed.put((None, source, target, entry))
    finally:
        executed.put(None)
        for manager in kernels.values():
            if manager.has_kernel:
                run_sync(manager.shutdown_kernel)(now=True)
        converter.join()


_AHEAD: dict[str, Future] = {}
#: notebooks a worker is sent beyond the one it is running: the next one runs while the last one's page is converted
SENT_AHEAD = 1


class _Worker:
    """A ``serve`` process: notebooks in, answers out in the same order; started again after a notebook fails."""

    def __init__(self, log: Path) -> None:
        self.log, self.process = log, None

    def send(self, source: Path, target: Path, entry: Path) -> None:
        if self.process is None:
            with self.log.open("ab") as log:  # the process's stderr (the kernels' too): read back when one fails
                self.process = subprocess.Popen([sys.executable, __file__, "--serve"], stdin=subprocess.PIPE,
                                                stdout=subprocess.PIPE, stderr=log, text=True, encoding="utf-8")
        try:
            self.process.stdin.write(f"{source}\t{target}\t{entry}\n")
            self.process.stdin.flush()
        except OSError:
            pass  # the process ended: receive says so for the notebook it was running

    def receive(self, source: Path) -> None:
        """The answer for ``source``, the oldest notebook sent and not answered: returns if its page was written."""
        answer = self.process.stdout.readline()
        if answer == "ok\n":
            return
        self.close()
        said = json.loads(answer[len("failed "):]) if answer.startswith("failed ") else "the process ended"
        detail = f"{said}\n{self.log.read_text(encoding='utf-8', errors='replace')[-2000:]}"
        raise RuntimeError(f"{source.name}: a cell failed when the build ran the notebook\n{detail[-3000:]}")

    def close(self) -> None:
        if self.process is not None:
            try:
                self.process.stdin.close()
            except OSError:
                pass
            self.process.wait()
            self.process = None


def workers(notebooks: int) -> int:
    """How many ``serve`` processes run ``notebooks`` notebooks: one a core but the build's own, at least one.

    On two cores (this course's machines and CI) that is one kernel for every notebook: PyTorch is imported
    in it once, not once in each of two kernels, and the build and the notebooks each have a core.
    """
    return max(1, min(notebooks, (os.cpu_count() or 2) - 1))


def _start_runs(sources: list[Path]) -> dict[str, Future]:
    """Start running ``sources``, in this order, on ``workers()`` ``serve`` processes (each notebook in a kernel made
    fresh for it); by source path, a future whose result is the page's cache entry, written."""
    if "scratch" not in _CACHE:  # one folder a build for the executed notebooks, removed by on_post_build
        _CACHE["scratch"] = tempfile.mkdtemp(prefix="gdnotes-notebooks-")
    scratch = Path(_CACHE["scratch"])
    work: queue.SimpleQueue = queue.SimpleQueue()
    futures = {}
    for source in sources:
        futures[str(source)] = Future()
        work.put((source, futures[str(source)]))

    def take() -> tuple[Path, Future] | None:
        while True:
            try:
                source, future = work.get_nowait()
            except queue.Empty:
                return None
            if future.set_running_or_notify_cancel():
                return source, future

    def drain(worker: _Worker) -> None:
        sent: collections.deque = collections.deque()  # (source, future, entry), in the order the worker was sent them
        try:
            while True:
                while len(sent) <= SENT_AHEAD and (job := take()) is not None:
                    source, future = job
                    entry = _CACHE["dir"] / f"{_CACHE['keys'][str(source)]}.json"
                    worker.send(source, scratch / source.name, entry)
                    sent.append((source, future, entry))
                if not sent:
                    return
                source, future, entry = sent.popleft()
                try:
                    worker.receive(source)
                    future.set_result(entry)
                except BaseException as error:  # noqa: BLE001 - handed to the page that waits for it
                    future.set_exception(error)
                    for later, _, later_entry in sent:  # the process stopped: a new one runs what it was sent after
                        worker.send(later, scratch / later.name, later_entry)
        finally:
            worker.close()

    for number in range(workers(len(sources))):
        worker = _Worker(scratch / f"worker-{len(_CACHE.setdefault('workers', []))}.log")
        thread = threading.Thread(target=drain, args=(worker,), name=f"gdnotes-notebooks-{number}", daemon=True)
        _CACHE["workers"].append(thread)
        thread.start()
    return futures


def _run_ahead(source: Path) -> Future:
    """Start running ``source`` alone (a page whose run on_files did not start); the future's result is its page's cache entry."""
    return _start_runs([source])[str(source)]


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
    if _CACHE["execute"]:
        _AHEAD.update(_start_runs([Path(source) for source, key in _CACHE["keys"].items() if not (_CACHE["dir"] / f"{key}.json").exists()]))
    return files


@event_priority(100)
def on_pre_page(page, config, files):
    if isinstance(page.file, NotebookFile):
        page.render = types.MethodType(_render, page)
    return page


def _end_runs() -> None:
    for thread in _CACHE.pop("workers", []):  # each ends when the notebooks are all taken, after its last
        thread.join()
    scratch = _CACHE.pop("scratch", None)  # the runs' executed notebooks, converted by now
    if scratch is not None:
        shutil.rmtree(scratch, ignore_errors=True)


def on_build_error(error):
    """A failed build (a cell's error, or any other) leaves no notebook running and no scratch folder."""
    _end_runs()


def on_post_build(config):
    """After a full build, drop the notebook pages it did not use (an older notebook or package)."""
    _end_runs()
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


if __name__ == "__main__":  # python hooks/notebook_pages.py SOURCE TARGET, or --serve (see ``_start_runs``)
    if sys.argv[1:] == ["--serve"]:
        serve()
    else:
        execute(Path(sys.argv[1]), Path(sys.argv[2]))
