"""The build hooks, one module per job: each tested on its own, without a site build."""

from __future__ import annotations

import importlib.util
import inspect
import json
import os
import re
import sys
import types
from pathlib import Path

import pytest
from conftest import ROOT
from mkdocs.exceptions import PluginError

HOOKS = ROOT / "hooks"


def load(name: str) -> types.ModuleType:
    spec = importlib.util.spec_from_file_location(f"gdnotes_test_hook_{name}", HOOKS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_mkdocs_lists_every_hook_module() -> None:
    from conftest import mkdocs_config

    listed = mkdocs_config()["hooks"]
    on_disk = {f"hooks/{p.name}" for p in HOOKS.glob("*.py") if p.stem not in {"gdsite", "griffe_roles"}}
    assert set(listed) == on_disk


# --- values: named values and quiz fences -----------------------------------------


@pytest.fixture
def values(tmp_path: Path):
    module = load("values")
    module.VALUES.start({"config_file_path": str(tmp_path / "mkdocs.yml")})
    return module


def test_values_fill_names_and_leave_code_alone(values) -> None:
    page = "\n".join([
        "After 20 steps $w = {{ update.bowl.after_20 }}$, or {{ update.bowl.after_20:.2e }}.",
        "```python",
        "print(f'{{ update.bowl.after_20 }}')",
        "```",
    ])
    out = values.render(page, "docs/x.md").split("\n")
    assert out[0] == "After 20 steps $w = 0.04612$, or 4.61e−02."
    assert out[2] == "print(f'{{ update.bowl.after_20 }}')"


def test_values_are_cached_per_package_fingerprint(values, tmp_path: Path) -> None:
    values.render("{{ update.bowl.alpha }}", "docs/x.md")
    cached = list((tmp_path / ".cache" / "gdnotes-values").glob("update-*.json"))
    assert len(cached) == 1 and values.VALUES.fingerprint[:24] in cached[0].name


def test_quiz_fence_becomes_a_quiz(values) -> None:
    page = "```quiz q-one\nWhat is $w_1$?\n\n- [x] ${{ update.bowl.w1 }}$\n    Right.\n- [ ] $4$\n    No.\n```"
    html = values.render(page, "docs/x.md")
    assert 'data-gd-quiz="q-one"' in html and "3.2" in html and "```" not in html


QUIZ = "```quiz {key}\nQ?\n\n- [{a}] a\n    A.\n- [ ] b\n{b}```"


@pytest.mark.parametrize(
    ("page", "message"),
    [
        ("fine\n{{ update.bowl.after_2 }}", r"docs/x\.md:2: \{\{ update\.bowl\.after_2 \}\}: no value 'after_2' under bowl"),
        ("{{ nosuch.thing }}", r"docs/x\.md:1: .*no lesson module 'nosuch'"),
        ("{{ update.bowl.alpha:d }}", r"docs/x\.md:1: .*does not fit"),
        (QUIZ.format(key="same", a="x", b="    B.\n") + "\n\n" + QUIZ.format(key="same", a="x", b="    B.\n"),
         r"docs/x\.md:10: quiz key 'same' is used twice on this page \(first on line 1\)"),
        (QUIZ.format(key="q", a="x", b=""), r"docs/x\.md:1: quiz 'q': the answer 'b' has no explanation"),
        (QUIZ.format(key="q", a=" ", b="    B.\n"), r"docs/x\.md:1: quiz 'q': exactly one choice must be correct"),
        ("a\n\n```python\nprint(1)\n", r"docs/x\.md:3: this code fence is never closed"),
    ],
)
def test_faults_name_the_page_and_line(values, page: str, message: str) -> None:
    with pytest.raises(PluginError, match=message):
        values.render(page, "docs/x.md")


# --- exec_cache: the one markdown-exec patch ----------------------------------------


def test_markdown_exec_still_has_the_wrapped_function() -> None:
    from markdown_exec._internal.formatters import python

    module = load("exec_cache")
    module.check_markdown_exec()  # raises with a plain message if markdown-exec changed
    original = module.EXEC_CACHE.original
    assert original.__module__ == python.__name__ and original.__name__ == "_run_python"
    assert tuple(inspect.signature(original).parameters)[:4] == module.EXPECTED_PARAMETERS


def test_markdown_exec_change_is_reported_plainly(monkeypatch) -> None:
    from markdown_exec._internal.formatters import python

    module = load("exec_cache")
    monkeypatch.setattr(python, "_run_python", lambda source, **kw: "")
    with pytest.raises(RuntimeError, match="markdown-exec changed: .*_run_python takes \\('source', 'kw'\\)"):
        module.check_markdown_exec()
    monkeypatch.delattr(python, "_run_python")
    with pytest.raises(RuntimeError, match="_run_python is gone"):
        module.check_markdown_exec()


def test_exec_cache_reuses_and_prunes(tmp_path: Path, monkeypatch) -> None:
    module = load("exec_cache")
    runs: list[str] = []
    cache = module.ExecCache(lambda code, **options: runs.append(code) or f"out:{code}")
    cache.start({"config_file_path": str(tmp_path / "mkdocs.yml")})
    assert cache(code="a", session="s") == "out:a" and cache(code="b", session="s") == "out:b"
    cache.start({"config_file_path": str(tmp_path / "mkdocs.yml")})
    assert cache(code="a", session="s") == "out:a" and runs == ["a", "b"]  # reused
    # a miss after a hit replays the session's earlier block first, so "c" sees the state "a" left
    assert cache(code="c", session="s") == "out:c" and runs == ["a", "b", "a", "c"]
    entries = sorted(cache.directory.glob("*.out"))
    assert len(entries) == 3
    # a partial rebuild that used only "a" keeps the others until they are 30 days unused
    cache.start({"config_file_path": str(tmp_path / "mkdocs.yml")})
    assert cache(code="a", session="s") == "out:a"
    used = next(p for p in entries if p.name in cache.used)
    import os

    for path in entries:
        os.utime(path, (0, 0))
    assert cache.prune() == 2 and used.exists()
    # a full build removes every entry it did not use, however recent
    cache.start({"config_file_path": str(tmp_path / "mkdocs.yml")})
    assert cache(code="a", session="s") == "out:a" and cache(code="z") == "out:z"
    assert cache.prune(None) == 0 and len(list(cache.directory.glob("*.out"))) == 2
    cache.start({"config_file_path": str(tmp_path / "mkdocs.yml")})
    assert cache(code="z") == "out:z"
    assert cache.prune(None) == 1 and [p.name for p in cache.directory.glob("*.out")] == sorted(cache.used)


# --- gdsite: a changed package is imported afresh ---------------------------------


def test_changed_package_is_imported_afresh(monkeypatch) -> None:
    sys.path.insert(0, str(HOOKS))
    import gdsite

    import gdnotes.lessons  # noqa: F401

    kept = {n: m for n, m in sys.modules.items() if n == "gdnotes" or n.startswith("gdnotes.")}
    fingerprints = iter(["one", "one", "two"])
    monkeypatch.setattr(gdsite, "fingerprint", lambda: next(fingerprints))
    monkeypatch.setattr(gdsite, "_SEEN", {})
    gdsite.fresh_package()
    gdsite.fresh_package()
    assert "gdnotes.lessons" in sys.modules  # unchanged: kept
    gdsite.fresh_package()
    try:
        assert "gdnotes.lessons" not in sys.modules and "gdnotes" not in sys.modules
    finally:
        sys.modules.update(kept)  # the other tests in this process keep the modules they imported


@pytest.mark.parametrize("library", ["markdown-exec", "markdown", "pymdown-extensions", "pygments", "numpy", "matplotlib", "sympy"])
def test_a_new_version_of_a_library_that_shapes_output_changes_every_cache_key(monkeypatch, library: str) -> None:
    """The executed-block and named-value caches key on the fingerprint: another version of any library
    that changes what a block prints (or how Markdown turns it into HTML) must give another fingerprint."""
    import importlib.metadata

    import gdsite

    before = gdsite.fingerprint()
    real = importlib.metadata.version
    monkeypatch.setattr(importlib.metadata, "version", lambda name: "999.0" if name == library else real(name))
    assert gdsite.fingerprint() != before


def test_an_edit_to_a_package_data_file_changes_every_cache_key(monkeypatch, tmp_path: Path) -> None:
    import shutil

    import gdsite

    copy = tmp_path / "gdnotes"
    shutil.copytree(gdsite.package_dir(), copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(gdsite, "package_dir", lambda: copy)
    before = gdsite.fingerprint()
    data = next(path for path in sorted((copy / "data").iterdir()) if path.is_file())
    data.write_bytes(data.read_bytes() + b"\n")
    assert gdsite.fingerprint() != before


# --- the page-level hooks -----------------------------------------------------------


def test_mathml_renders_and_names_the_page_on_failure() -> None:
    module = load("mathml")
    html = module.render('<p><span class="arithmatex">\\(x^2 \u2212 1\\)</span></p>', "lessons/a.md")
    assert "<math" in html and "<mi>−</mi>" not in html and "<mi>&#x02212;</mi>" not in html
    with pytest.raises(PluginError, match="lessons/a.md: cannot render math 'x\\^'"):
        module.render('<span class="arithmatex">\\(x^\\)</span>', "lessons/a.md")


@pytest.mark.parametrize(
    ("latex", "display", "wanted", "unwanted"),
    [
        ("x^2 \u2212 1", "inline", "<mo>−</mo>", "<mi>−</mi>"),  # the minus sign is an operator, not a letter
        ("-3", "inline", '<mo lspace="0" rspace="0">−</mo><mn>3</mn>', "<mi>"),  # a prefix minus, unspaced
        ("\\lfloor x \\rfloor + \\lceil y \\rceil", "inline", '<mo stretchy="false">⌊</mo>', "<mi>⌊</mi>"),
        ("\\lceil y \\rceil", "inline", '<mo stretchy="false">⌉</mo>', "<mi>⌉</mi>"),
        ("\\max_x f(x)", "block", "<munder><mrow><mspace/><mi>max</mi></mrow><mi>x</mi></munder>", "<msub><mo>max"),
        ("\\max_x f(x)", "inline", "<msub><mrow><mspace/><mi>max</mi></mrow><mi>x</mi></msub>", "<mo>max"),
        ("\\frac{\\mathrm{d}L}{\\mathrm{d}w}", "inline", '<mi mathvariant="normal">d</mi>', "<mi>d</mi>"),
    ],
)
def test_math_faults_of_the_old_converter_are_rendered_right(latex: str, display: str, wanted: str, unwanted: str) -> None:
    """The latex2mathml faults issue 12 lists: the converter now in use writes each as MathML Core should."""
    module = load("mathml")
    written = module.mathml(latex, display, "x.md")
    assert wanted in written and unwanted not in written, written
    assert written.startswith("<math display=\"block\">" if display == "block" else "<math>")


def test_glossary_keeps_one_focusable_tooltip_per_section() -> None:
    module = load("glossary")
    term = '<abbr title="the slope">gradient</abbr>'
    html = f"<h2>A</h2><p>{term} and {term}</p><h2>B</h2><p>{term}</p><h3>{term}</h3>"
    out = module.glossary_tooltips(html, "lessons/a.md")
    assert out.count('<abbr tabindex="0"') == 2
    assert "<h3>gradient</h3>" in out
    assert "<abbr" not in module.glossary_tooltips(html, "reference/glossary.md")


def test_reading_time_leaves_out_code() -> None:
    module = load("lesson_header")
    prose = "word " * 400
    code = "    ```python\n" + "x = 1\n" * 2000 + "    ```\n"
    assert module.reading_minutes(prose) == 2
    assert module.reading_minutes(prose + "\n" + code) == 2
    assert module.reading_minutes(prose + "{{ update.bowl.after_20:.3f }} " * 10) == 3  # 410 words
    assert module.reading_minutes(prose + "\n```quiz k\n" + "word " * 100 + "\n```\n") == 3  # a quiz is read


def test_notebook_pages_lose_remote_scripts_and_gain_a_download_link() -> None:
    module = load("notebook_pages")
    page = '<h1>L1</h1><script type="module">import m from "https://cdn.example/x.js"</script><style>.jupyter-wrapper{}</style>'
    out = module.slim(page, "lesson-01.ipynb")
    assert "https://" not in out and "jupyter-wrapper" not in out
    assert 'href="lesson-01.ipynb" download' in out


def test_a_block_without_a_session_is_keyed_by_itself(tmp_path: Path) -> None:
    module = load("exec_cache")
    runs: list[str] = []
    cache = module.ExecCache(lambda code, **options: runs.append(code) or f"out:{code}")
    cache.start({"config_file_path": str(tmp_path / "mkdocs.yml")})
    for session in (None, ""):  # markdown-exec passes "" for a block without a session
        runs.clear()
        cache.start({"config_file_path": str(tmp_path / session.__class__.__name__ / "mkdocs.yml")})
        cache(code="a", session=session), cache(code="b", session=session)
        cache.start({"config_file_path": str(tmp_path / session.__class__.__name__ / "mkdocs.yml")})
        cache(code="b", session=session)  # a partial rebuild that runs only the second page's block
        assert runs == ["a", "b"]


def test_a_backslash_shows_the_syntax_itself(values) -> None:
    line = "Write `\\{{ update.bowl.alpha }}` to show {{ update.bowl.alpha }}, in code too: `{{ update.bowl.alpha }}`."
    assert values.render(line, "docs/x.md") == "Write `{{ update.bowl.alpha }}` to show 0.1, in code too: `0.1`."


def test_a_failing_block_stops_the_build_naming_page_and_line() -> None:
    from markdown_exec import ExecutionError

    module = load("exec_cache")

    def fails(code, **options):  # as markdown-exec runs a block: compiled under a "<code block: ...>" name
        try:
            exec(compile(code, "<code block: n1>", "exec"), {})
        except Exception as error:
            raise ExecutionError("the traceback, as a fenced block") from error

    cache = module.ExecCache(fails)
    cache.page = ("docs/lessons/x.md", "# X\n\nSome prose.\n\n```python exec=\"on\"\nx = 1\nprint(x / 0)\n```\n")
    with pytest.raises(PluginError) as failed:
        cache.run("x = 1\nprint(x / 0)\n")
    assert str(failed.value).split("\n") == [
        "docs/lessons/x.md:5 (block line 2): ZeroDivisionError: division by zero",
        "Traceback (most recent call last):",
        "  block line 2, in <module>",
        "    print(x / 0)",
        "ZeroDivisionError: division by zero",
    ]


def test_line_numbers_are_the_files_front_matter_included(values) -> None:
    with pytest.raises(PluginError, match=r"docs/x\.md:7: \{\{ update\.bowl\.nope \}\}"):
        values.render("# T\n\n{{ update.bowl.nope }}", "docs/x.md", first_line=4)


def test_a_block_may_print_nan_or_infinity_only_when_its_fence_says_so() -> None:
    module = load("exec_cache")
    cache = module.ExecCache(lambda code, **options: "")
    page = (
        '# X\n\n```python exec="on"\nprint(table())\n```\n\n```python exec="on" source="above"\nprint(w)\n```\n\n'
        '```python exec="on" source="above" nonfinite="shown"\nprint(v)\n```\n'
    )
    cache.page = ("docs/lessons/x.md", page)
    for printed, token in (("| 3 | nan |", "nan"), ("loss: inf", "inf"), ("-Infinity", "-Infinity")):
        with pytest.raises(PluginError, match=rf"docs/lessons/x\.md:3: this executed block printed '{re.escape(token)}'"):
            cache.check("print(table())", printed)
    assert cache.check("print(table())", "| 3 | — | ∞ | information |") == "| 3 | — | ∞ | information |"
    with pytest.raises(PluginError, match=r"docs/lessons/x\.md:7: .* nonfinite=\"shown\""):
        cache.check("print(w)", "w = nan")  # shown code alone is not enough: the fence must say it is meant
    assert cache.check("print(v)", "v = nan") == "v = nan"
    with pytest.raises(PluginError, match=r"docs/lessons/x\.md:11: this executed block printed a Python traceback"):
        cache.check("print(v)", "Traceback (most recent call last):\n  ...")
    # the marker is taken off the fence before markdown-exec sees it (it would copy it into the page)
    hook = load("exec_cache")
    assert 'nonfinite' not in hook._MARKER.sub(r"\1", page) and page.count("```python exec=") == 3


def test_images_need_alt_text() -> None:
    module = load("page_checks")
    assert module.missing_alt('<p><img src="a.png" alt="A map of the basins"></p>') == []
    assert module.missing_alt('<img src="rule.png" alt="" role="presentation">') == []
    assert module.missing_alt('<img src="a.png">') == ['<img src="a.png">']
    assert module.missing_alt("<img src='a.png' alt='  '>") == ["<img src='a.png' alt='  '>"]


def test_builds_are_dated_by_the_last_commit_not_the_clock(tmp_path: Path, monkeypatch) -> None:
    module = load("site_assets")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")  # so that monkeypatch puts back what was there, or nothing,
    monkeypatch.delenv("SOURCE_DATE_EPOCH")  # after on_config sets it below
    module.on_config({"config_file_path": str(ROOT / "mkdocs.yml")})
    import subprocess

    last = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    assert os.environ["SOURCE_DATE_EPOCH"] == (last or module.FIXED_EPOCH)
    assert module.source_date_epoch(tmp_path) == module.FIXED_EPOCH  # no git history there


def test_an_id_used_twice_is_found() -> None:
    module = load("page_checks")
    assert module.repeated_ids('<h2 id="a">A</h2><p id="b"></p><div id="c"></div>') == []
    assert module.repeated_ids('<input id="quiz-k-0"><label for="quiz-k-0"></label><input id="quiz-k-0">') == ["quiz-k-0"]


# --- the render cache: API objects and search entries ------------------------------------


@pytest.fixture
def render_cache(tmp_path: Path, monkeypatch):
    """hooks/render_cache.py loaded against a cache in ``tmp_path``; the classes it patches are restored after."""
    from material.plugins.search.plugin import SearchIndex
    from mkdocstrings_handlers.python import PythonHandler

    for cls, name in ((SearchIndex, "add_entry_from_context"), (PythonHandler, "render"), (PythonHandler, "get_aliases")):
        monkeypatch.setattr(cls, name, getattr(cls, name))
    module = load("render_cache")
    module.CACHE.directory, module.CACHE.base = tmp_path, "base"
    return module


def test_search_entries_come_back_from_the_cache_as_they_were_made(render_cache) -> None:
    import json

    from material.plugins.search.plugin import SearchIndex

    page = types.SimpleNamespace(
        url="a/", title="A", toc=[], meta={},
        content='<h1 id="a">A</h1><p>Text one.</p><h2 id="b">B</h2><p>Two.</p>',
    )
    fresh, again = SearchIndex(lang=["en"]), SearchIndex(lang=["en"])
    fresh.add_entry_from_context(page)
    again.add_entry_from_context(page)
    assert len(fresh.entries) == 2 and json.dumps(again.entries) == json.dumps(fresh.entries)  # key order too
    assert (render_cache.CACHE.hits, render_cache.CACHE.misses) == (1, 1)
    page.content = page.content.replace("one", "three")  # another page HTML: another key
    changed = SearchIndex(lang=["en"])
    changed.add_entry_from_context(page)
    assert render_cache.CACHE.misses == 2 and "three" in changed.entries[0]["text"]


def test_an_api_object_comes_back_with_its_headings_and_aliases(render_cache, monkeypatch) -> None:
    from xml.etree.ElementTree import Element

    renders: list[str] = []

    class Handler:
        def __init__(self) -> None:
            self._headings: list = []

        def get_aliases(self, identifier: str) -> tuple[str, ...]:
            return ("gdnotes.other.f",) if identifier == "gdnotes.tables.f" and renders else ()

    def render(self, data, options):
        renders.append(data.path)
        heading = Element("h2", {"id": data.path, "data-role": "function"})
        heading.text = "f"
        self._headings.append(heading)
        return f"<div>{data.path}</div>"

    monkeypatch.setattr(render_cache, "_render", render)
    monkeypatch.setattr(render_cache, "_aliases", lambda self, identifier: ())  # griffe resolved nothing (a cached build)
    data = types.SimpleNamespace(path="gdnotes.tables.f")
    render_cache.CACHE.api_ready = False  # no full build stored the API entries yet: rendered and stored
    first = Handler()
    assert render_cache._cached_render(first, data, {"level": 2}) == "<div>gdnotes.tables.f</div>" and renders == ["gdnotes.tables.f"]
    render_cache.CACHE.api_ready = True
    second = Handler()
    assert render_cache._cached_render(second, data, {"level": 2}) == "<div>gdnotes.tables.f</div>" and len(renders) == 1
    assert [(h.tag, dict(h.attrib), h.text) for h in second._headings] == [(h.tag, dict(h.attrib), h.text) for h in first._headings]
    assert render_cache._cached_aliases(second, "gdnotes.tables.f") == ("gdnotes.other.f",)  # as the fresh render saw them
    render_cache._cached_render(Handler(), data, {"level": 3})  # other options: rendered again
    assert len(renders) == 2



# --- notebook_pages: the notebooks' runs beside the build -------------------------------


def test_notebooks_run_on_one_worker_a_core_but_the_builds(monkeypatch: pytest.MonkeyPatch) -> None:
    module = load("notebook_pages")
    for cores, notebooks, workers in ((2, 9, 1), (1, 9, 1), (None, 9, 1), (8, 9, 7), (8, 3, 3), (4, 0, 1)):
        monkeypatch.setattr(os, "cpu_count", lambda cores=cores: cores)
        assert module.workers(notebooks) == workers, (cores, notebooks)


def _probe_notebook(folder: Path, name: str, *cells: str) -> Path:
    import nbformat

    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(source) for source in cells])
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    path = folder / f"{name}.ipynb"
    path.write_text(nbformat.writes(notebook), encoding="utf-8")
    return path


def test_a_worker_answers_its_notebooks_in_order_and_a_failing_one_stops_only_itself(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """One worker (two cores) is sent a notebook ahead of the one it runs; after a cell fails, the notebook
    sent behind it runs in a new process, and its page is written all the same."""
    module = load("notebook_pages")
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    sources = [
        _probe_notebook(tmp_path, "first", "x = 6 * 7", "print(x)"),
        _probe_notebook(tmp_path, "second", "print('before')", "1 / 0"),
        _probe_notebook(tmp_path, "third", "print(x if 'x' in dir() else 'fresh')"),
        _probe_notebook(tmp_path, "fourth", "print('last')"),
    ]
    module._CACHE.update({"dir": tmp_path / "cache", "keys": {str(source): source.stem for source in sources}})
    futures = module._start_runs(sources)
    try:
        assert len(module._CACHE["workers"]) == 1
        pages = {}
        for source in sources:
            if source.stem == "second":
                with pytest.raises(RuntimeError, match=r"second\.ipynb: a cell failed[\s\S]*ZeroDivisionError"):
                    futures[str(source)].result(timeout=40)
                continue
            entry = futures[str(source)].result(timeout=40)
            pages[source.stem] = json.loads(entry.read_text(encoding="utf-8"))["content"]
    finally:
        if all(future.done() for future in futures.values()):
            module._end_runs()  # else a worker is stuck: the test fails without waiting for it
    assert "42" in pages["first"] and "fresh" in pages["third"] and "last" in pages["fourth"]
    assert not (tmp_path / "cache" / "second.json").exists()


def test_notebook_pages_reuse_compiled_templates_and_stay_the_same(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import jinja2

    module = load("notebook_pages")
    source = _probe_notebook(tmp_path, "probe", "print(6 * 7)")
    module._write_page(source, source, tmp_path / "first.json")
    compiled = []
    compile_template = jinja2.Environment.compile
    monkeypatch.setattr(jinja2.Environment, "compile", lambda self, *a, **k: compiled.append(a) or compile_template(self, *a, **k))
    module._write_page(source, source, tmp_path / "again.json")
    assert compiled == []  # every template came from the first page's compiled code
    assert (tmp_path / "again.json").read_bytes() == (tmp_path / "first.json").read_bytes()


def test_a_notebook_page_is_cached_without_nbconverts_extras(tmp_path: Path) -> None:
    """The cached page holds the notebook's cells, not JupyterLab's stylesheet, MathJax or a script from
    another host: the build's hooks and search index read only what the page keeps (slim takes the
    same things out of the page as written, which stays the same)."""
    from mkdocs_jupyter import convert

    module = load("notebook_pages")
    source = _probe_notebook(tmp_path, "probe", "print(6 * 7)")
    module._write_page(source, source, tmp_path / "page.json")
    cached = json.loads((tmp_path / "page.json").read_text(encoding="utf-8"))["content"]
    converted = convert.nb2html(str(source), execute=False, kernel_name="", theme="", allow_errors=False)
    for extra in ("@charset", ".jp-Mermaid", "Load mathjax", "https://"):  # JupyterLab's stylesheet, MathJax, a CDN
        assert extra in converted and extra not in cached, extra
    assert "print" in cached and len(cached) < len(converted) / 5
    page = f"<html><body><h1>Probe</h1>{{}}</body></html>"
    assert module.slim(page.format(cached), "probe.ipynb") == module.slim(page.format(converted), "probe.ipynb")
