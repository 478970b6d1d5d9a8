"""The companion notebooks: made by the generator from the lessons, committed clean, run in the build, and
shown on the site with their outputs and their math as MathML.

The build executes every notebook (mkdocs-jupyter ``execute: true``, in a
``python3`` kernel of this environment) and fails on any cell error, so the
tests read the built pages instead of running the notebooks again.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from conftest import ROOT

from gdnotes import notebooks

NOTEBOOKS = sorted((ROOT / "docs" / "notebooks").glob("*.ipynb"))
IDS = [path.name for path in NOTEBOOKS]
sys.path.insert(0, str(ROOT / "scripts"))
import make_notebooks  # noqa: E402

# code on a page (highlighted, as text to copy, or scripts): its dollars are Python's, not TeX
CODE = re.compile(r'<(script|pre|code)[^>]*>.*?</\1>|<div class="clipboard-copy-txt"[^>]*>.*?</div>', re.S)
LESSON = "Intro\n\n```python exec=\"on\" source=\"above\"\nw = 1\nprint(w)\n```\n\n```python exec=\"on\"\nprint(2)\n```\n"


def test_each_lesson_has_its_notebook() -> None:
    assert [path.name for path in NOTEBOOKS] == [f"lesson-{n:02d}.ipynb" for n in notebooks.LESSONS]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_committed_notebook_is_what_the_generator_writes(path: Path) -> None:
    """A lesson edit that changes code the reader sees changes its notebook: regenerate with make notebooks."""
    assert path.read_text(encoding="utf-8") == make_notebooks.made()[path], (
        f"{path.name} differs from what scripts/make_notebooks.py writes from the lesson and the spec; run: make notebooks"
    )


def test_the_check_command_agrees() -> None:
    done = subprocess.run([sys.executable, str(ROOT / "scripts" / "make_notebooks.py"), "--check"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize("number", notebooks.LESSONS)
def test_every_block_the_lesson_shows_is_a_cell(number: int) -> None:
    """The cells hold each top-level block the lesson shows, verbatim (without the hide markers)."""
    markdown = make_notebooks.lesson_file(number).read_text(encoding="utf-8")
    code = [cell.source for cell in notebooks.cells(number, markdown) if cell.kind == "code"]
    shown = [block for block in notebooks.lesson_blocks(markdown) if block.shown and block.top_level]
    for block in shown:
        assert block.code in code, f"lesson {number}, block at line {block.line} is not a cell of its notebook"
        assert "markdown-exec" not in block.code


def test_a_spec_that_leaves_out_a_shown_block_fails() -> None:
    with pytest.raises(notebooks.SpecError, match=r"lines \[3\]"):
        notebooks.cells(3, LESSON, "Only prose.\n")


def test_a_spec_cell_names_one_block_by_one_of_its_lines() -> None:
    made = notebooks.cells(3, LESSON, "# Title\n\n```lesson\nprint(w)\n```\n+++\nMore\n\n```python solution\nx = 2\n```\n")
    assert made.pop(1).source.startswith("## Setup")  # the generator's own cell, second in every notebook
    assert made == [
        notebooks.Cell("markdown", "# Title"),
        notebooks.Cell("code", "w = 1\nprint(w)"),
        notebooks.Cell("markdown", "More"),
        notebooks.Cell("code", "x = 2", folded=True),
    ]
    with pytest.raises(notebooks.SpecError, match=re.escape("markdown (lesson 3) has no code block with the line 'print(3)'")):
        notebooks.cells(3, LESSON, "```lesson\nprint(3)\n```\n```lesson\nw = 1\n```\n")


def test_a_spec_cell_gives_the_alt_text_of_each_image_it_shows() -> None:
    made = notebooks.cells(3, LESSON, '```lesson\nw = 1\n```\n\n```python alt="A line." alt="A curve, on a log scale."\nplot()\n```\n')
    assert made[-1] == notebooks.Cell("code", "plot()", alts=("A line.", "A curve, on a log scale."))
    cell = json.loads(notebooks.notebook_json(3, LESSON, '```lesson\nw = 1\n```\n\n```python solution alt="A line."\nplot()\n```\n'))["cells"][-1]
    assert cell["metadata"] == {"alt": ["A line."], "jupyter": {"source_hidden": True}, "tags": ["solution"]}
    with pytest.raises(notebooks.SpecError, match="only a python fence"):
        notebooks.cells(3, LESSON, '```lesson alt="A line."\nw = 1\n```\n')


def test_a_solution_cell_is_folded_in_jupyter() -> None:
    notebook = nbformat.reads(notebooks.notebook_json(3, LESSON, "```lesson\nw = 1\n```\n```python solution\nx = 2\n```\n"), as_version=4)
    nbformat.validate(notebook)
    assert notebook.cells[2].metadata == {"jupyter": {"source_hidden": True}, "tags": ["solution"]}
    assert [cell.id for cell in notebook.cells] == ["l3-00", "l3-01", "l3-02"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_notebook_says_its_one_install_command(path: Path) -> None:
    """A downloaded notebook runs after one documented command, no clone: pip install of the wheel the site serves."""
    notebook = nbformat.read(path, as_version=4)
    setup = notebook.cells[1].source
    assert setup.startswith("## Setup") and f"    pip install {notebooks.wheel_name()}\n" in setup
    assert not any("-e ." in cell.source for cell in notebook.cells if cell is not notebook.cells[1])


@pytest.mark.site
@pytest.mark.parametrize("number", notebooks.LESSONS)
def test_notebook_page_shows_math_as_mathml(built_site: Path, number: int) -> None:
    """No raw TeX on a notebook page: its Markdown's $...$ became MathML, as on the lessons."""
    page = (built_site / "notebooks" / f"lesson-{number:02d}" / "index.html").read_text(encoding="utf-8")
    tex_in_spec = re.findall(r"\$[^$\n]+\$", notebooks.spec(number))
    if tex_in_spec:
        assert "<math" in page
    raw = re.findall(r"\$\\?[A-Za-z(][^$<>\n]{0,40}\$", CODE.sub("", page))
    assert not raw, f"lesson-{number:02d}: raw TeX on the page: {raw[:5]}"


def test_there_are_notebooks() -> None:
    assert NOTEBOOKS, "docs/notebooks holds no companion notebooks"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_notebook_has_no_committed_outputs(path: Path) -> None:
    notebook = nbformat.read(path, as_version=4)
    dirty = [
        index
        for index, cell in enumerate(notebook.cells)
        if cell.cell_type == "code" and (cell.get("outputs") or cell.get("execution_count") is not None)
    ]
    assert not dirty, f"{path.name}: cells {dirty} carry outputs or execution counts; clear them before committing"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_notebook_has_code(path: Path) -> None:
    notebook = nbformat.read(path, as_version=4)
    assert any(cell.cell_type == "code" and cell.source.strip() for cell in notebook.cells), f"{path.name} has no code for the reader to run"


@pytest.mark.site
@pytest.mark.parametrize("number", notebooks.LESSONS)
def test_notebook_page_shows_the_outputs_of_its_run(built_site: Path, number: int) -> None:
    """The build ran the notebook (mkdocs-jupyter, execute: true): every cell numbered in order, nothing on stderr,
    and every cell that prints, displays or plots has its output on the page. (No second run here: the build's is the test.)"""
    path = ROOT / "docs" / "notebooks" / f"lesson-{number:02d}.ipynb"
    notebook = nbformat.read(path, as_version=4)
    nbformat.validate(notebook)
    page = (built_site / "notebooks" / f"lesson-{number:02d}" / "index.html").read_text(encoding="utf-8")
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    prompts = re.findall(r'jp-InputPrompt jp-InputArea-prompt">In\s\[([^\]]*)\]', page)
    assert prompts == [str(k) for k in range(1, len(code) + 1)], f"lesson-{number:02d}: the cells were not all run, in order: {prompts}"
    assert "vnd.jupyter.stderr" not in page and "jp-OutputArea-error" not in page, f"lesson-{number:02d}: a cell wrote to stderr or failed"
    chunks = re.split(r'<div class="jp-Cell [^"]*" id="cell-id=', page)[1:]
    shown = {chunk.split('"', 1)[0]: "jp-OutputArea-output" in chunk for chunk in chunks}
    for cell in code:
        if re.search(r"^(print|display|plt\.show)\(", cell.source, re.M):  # a top-level line that prints or draws
            assert shown.get(cell.id), f"lesson-{number:02d}, cell {cell.id}: it prints or draws, but the page shows no output"
    # each plot is a file beside the page, with its cell's alt text (hooks/figure_images.py), not inline base64
    plots = re.findall(r'<img alt="([^"]*)"[^>]*src="(output-[0-9a-f]+\.png)"', page)
    wanted = [alt for cell in code for alt in cell.metadata.get("alt", [])]
    assert "data:image" not in page and [html.unescape(alt) for alt, _ in plots] == wanted, f"lesson-{number:02d}: plots {plots}"
    assert all((built_site / "notebooks" / f"lesson-{number:02d}" / name).read_bytes()[:4] == b"\x89PNG" for _, name in plots)


FRESH = "GDNOTES_FRESH_VENV"


@pytest.mark.site
@pytest.mark.skipif(
    not os.environ.get(FRESH),
    reason=f"installs into a new virtual environment (about 2 minutes here, over make test's 60 s budget): {FRESH}=1 or make notebook-venv",
)
def test_a_downloaded_notebook_runs_after_the_one_install_command(built_site: Path, tmp_path: Path) -> None:
    """What a reader does: download a notebook and the wheel from the site into one folder, run the documented
    command in a new virtual environment (no clone, no system site-packages), and run the notebook (nbclient)."""
    folder = tmp_path / "downloads"
    folder.mkdir()
    wheel = built_site / "assets" / notebooks.wheel_name()
    notebook = built_site / "notebooks" / "lesson-03" / "lesson-03.ipynb"
    for path in (wheel, notebook):
        assert path.is_file(), f"the site does not serve {path.relative_to(built_site)}"
        shutil.copyfile(path, folder / path.name)
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    python = str(venv / "bin" / "python")
    command = notebooks.install_command().split()  # pip install gdnotes-<version>-py3-none-any.whl, as the notebook says
    done = subprocess.run([python, "-m", *command], cwd=folder, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr[-3000:]
    # the reader's Jupyter (not part of the course's command): a kernel and a runner
    done = subprocess.run([python, "-m", "pip", "install", "ipykernel", "nbclient"], capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr[-3000:]
    runner = (
        "import sys, nbformat\n"
        "from nbclient import NotebookClient\n"
        "nb = nbformat.read(sys.argv[1], as_version=4)\n"
        "nb.cells.append(nbformat.v4.new_code_cell('import sys, gdnotes\\nprint(sys.prefix)\\nprint(gdnotes.__file__)'))\n"
        "NotebookClient(nb, kernel_name='python3', timeout=120, allow_errors=False, resources={'metadata': {'path': '.'}}).execute()\n"
        "print(''.join(o.get('text', '') for o in nb.cells[-1].outputs).strip())\n"
    )
    done = subprocess.run([python, "-c", runner, notebook.name], cwd=folder, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    prefix, module = done.stdout.strip().splitlines()[-2:]
    assert Path(prefix) == venv and module.startswith(str(venv)), f"the notebook ran in {prefix}, gdnotes from {module}"


@pytest.mark.site
def test_notebook_page_offers_the_notebook_and_the_wheel(built_site: Path) -> None:
    """Two download buttons under the title, both to files the site serves; the page names the install command."""
    page = (built_site / "notebooks" / "lesson-03" / "index.html").read_text(encoding="utf-8")
    links = re.findall(r'<a class="md-button[^"]*"[^>]*? href="([^"]+)" download>', page)
    assert links == ["lesson-03.ipynb", f"../../assets/{notebooks.wheel_name()}"]
    for href in links:
        assert (built_site / "notebooks" / "lesson-03" / href).resolve().is_file(), href
    assert notebooks.install_command() in page


def test_the_build_makes_the_same_wheel_twice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """hooks/site_assets.py builds the wheel with SOURCE_DATE_EPOCH: two builds from empty caches give the same bytes."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("gdnotes_site_assets", ROOT / "hooks" / "site_assets.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    made = []
    for run in ("one", "two"):
        monkeypatch.setenv("GDNOTES_CACHE_DIR", str(tmp_path / run / "cache"))
        module.copy_wheel({"config_file_path": str(ROOT / "mkdocs.yml"), "site_dir": str(tmp_path / run / "site")})
        made.append((tmp_path / run / "site" / "assets" / notebooks.wheel_name()).read_bytes())
    assert made[0] == made[1] and len(made[0]) > 10_000
