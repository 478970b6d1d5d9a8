"""Lesson 5 as built: real PyTorch output (make test installs torch), the shown code, the
numbers from the package and the committed timings; the notebook also runs without PyTorch."""

from __future__ import annotations

import html
import os
import re
from pathlib import Path

import nbformat
import pytest
from conftest import ROOT
from nbclient import NotebookClient

from gdnotes import implementations, tables

PAGE = "lessons/05-three-implementations/index.html"
NOTICE = "Not run: PyTorch is not installed"


def page_html(site: Path) -> str:
    return (site / PAGE).read_text(encoding="utf-8")


def code_blocks(document: str) -> list[str]:
    """The text of every highlighted code block, tags stripped and entities decoded."""
    blocks = re.findall(r"<pre[^>]*>(.*?)</pre>", document, flags=re.S)
    return [html.unescape(re.sub(r"<[^>]+>", "", block)) for block in blocks]


@pytest.fixture(scope="module")
def lesson(built_site: Path) -> str:
    return page_html(built_site)


def test_pytorch_example_ran_in_the_build(lesson: str) -> None:
    if not os.environ.get("CI"):
        pytest.importorskip("torch")  # without torch the page rightly shows the notice instead
    assert NOTICE not in lesson, "the PyTorch example was not run: is torch installed in the build's environment?"
    blocks = code_blocks(lesson)
    shown = implementations.listing("pytorch")
    index = next((i for i, block in enumerate(blocks) if block.strip() == shown.strip()), None)
    assert index is not None, "the PyTorch code on the page is not implementations.listing('pytorch')"
    output = blocks[index + 1].strip()
    assert output.startswith("tensor([") and "dtype=torch.float64" in output
    assert output == str(implementations.pytorch_sgd([5.0, -3.0, 2.0], 0.1, 25))


@pytest.mark.parametrize("name", ["python", "numpy", "python_many"])
def test_shown_code_is_followed_by_its_output(lesson: str, name: str) -> None:
    blocks = code_blocks(lesson)
    shown = implementations.listing(name).strip()
    index = next((i for i, block in enumerate(blocks) if block.strip() == shown), None)
    assert index is not None, f"the {name} code on the page is not implementations.listing({name!r})"
    assert blocks[index + 1].strip() == implementations.execute(implementations.listing(name)).strip()


def test_page_shows_the_curriculum_numbers(lesson: str) -> None:
    text = html.unescape(re.sub(r"<[^>]+>", " ", lesson))
    assert tables.number(implementations.python_loop(5.0, 0.1, 25)) == "0.01889"
    assert "0.01889" in text
    assert "0.018889465931478" in text  # the plain loop's full output
    assert "0.01133368" in text and "0.00755579" in text  # NumPy's output for (5, -3, 2)


def test_agreement_table_covers_all_three(lesson: str) -> None:
    if not os.environ.get("CI"):
        pytest.importorskip("torch")
    text = html.unescape(re.sub(r"<[^>]+>", " ", lesson))
    for name in ("Plain Python", "NumPy", "PyTorch"):
        assert re.search(rf"{name}\s+0\.018889465931\s+−0\.011333679559\s+0\.007555786373", text), name
    assert re.search(r"The three implementations (are identical to the last bit|differ by at most)", text)


def test_timings_on_the_page_come_from_the_committed_file(lesson: str) -> None:
    data = implementations.load_timings()
    text = html.unescape(re.sub(r"<[^>]+>", " ", lesson))
    for seconds in (*data["seconds"]["python"], *data["seconds"]["numpy"]):
        assert implementations.format_seconds(seconds) in text
    assert data["measured_on"] in text and data["command"] in text
    assert f"{data['machine']['cores']}-core" in text
    assert 'id="fig-timing-scaling"' in lesson


def test_lesson_has_its_line_by_line_widget(lesson: str) -> None:
    assert 'data-gd-widget="correspondence"' in lesson
    assert "gd-widget-placeholder" not in lesson


def test_notebook_runs_without_pytorch(tmp_path: Path) -> None:
    """The companion notebook's PyTorch cells are guarded: with torch made unimportable it still runs."""
    path = ROOT / "docs" / "notebooks" / "lesson-05.ipynb"
    notebook = nbformat.read(path, as_version=4)
    block = "import sys\nsys.modules['torch'] = None  # as if PyTorch were not installed"
    notebook.cells.insert(0, nbformat.v4.new_code_cell(block))
    client = NotebookClient(notebook, kernel_name="python3", timeout=120, allow_errors=False, resources={"metadata": {"path": str(tmp_path)}})
    client.execute()
    printed = "".join(out.get("text", "") for cell in notebook.cells if cell.cell_type == "code" for out in cell.outputs)
    assert "PyTorch is not installed" in printed and "Skipped: PyTorch is not installed." in printed
    assert "tensor(" not in printed
    assert str(implementations.python_loop(5.0, 0.1, 25)) in printed


def test_notebook_has_exercises_with_solutions() -> None:
    notebook = nbformat.read(ROOT / "docs" / "notebooks" / "lesson-05.ipynb", as_version=4)
    text = "\n".join(cell.source for cell in notebook.cells if cell.cell_type == "markdown")
    assert text.count("### Exercise") >= 3 and text.count("**Solution.**") >= 3
