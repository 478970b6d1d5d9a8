"""The companion notebooks: made by the generator from the lessons, committed clean, run in the build, and
shown on the site with their outputs and their math as MathML.

The build executes every notebook (mkdocs-jupyter ``execute: true``, in a
``python3`` kernel of this environment) and fails on any cell error, so the
tests read the built pages instead of running the notebooks again.
"""

from __future__ import annotations

import re
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
    assert made == [
        notebooks.Cell("markdown", "# Title"),
        notebooks.Cell("code", "w = 1\nprint(w)"),
        notebooks.Cell("markdown", "More"),
        notebooks.Cell("code", "x = 2", folded=True),
    ]
    with pytest.raises(notebooks.SpecError, match=re.escape("markdown (lesson 3) has no code block with the line 'print(3)'")):
        notebooks.cells(3, LESSON, "```lesson\nprint(3)\n```\n```lesson\nw = 1\n```\n")


def test_a_solution_cell_is_folded_in_jupyter() -> None:
    notebook = nbformat.reads(notebooks.notebook_json(3, LESSON, "```lesson\nw = 1\n```\n```python solution\nx = 2\n```\n"), as_version=4)
    nbformat.validate(notebook)
    assert notebook.cells[1].metadata == {"jupyter": {"source_hidden": True}, "tags": ["solution"]}
    assert [cell.id for cell in notebook.cells] == ["l3-00", "l3-01"]


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
