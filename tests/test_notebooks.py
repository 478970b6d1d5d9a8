"""The companion notebooks run from top to bottom and are committed clean.

The site shows the notebooks without running them (mkdocs-jupyter has
``execute: false``), so this is where they are proved to work: each one is
executed in a fresh ``python3`` kernel of this interpreter, with the
notebook's own folder as working directory.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
import pytest
from conftest import ROOT
from nbclient import NotebookClient

NOTEBOOKS = sorted((ROOT / "docs" / "notebooks").glob("*.ipynb"))
IDS = [path.name for path in NOTEBOOKS]
PROBE = "import sys\nprint(sys.prefix)"


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


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_notebook_runs_without_error(path: Path) -> None:
    notebook = nbformat.read(path, as_version=4)
    nbformat.validate(notebook)
    notebook.cells.append(nbformat.v4.new_code_cell(PROBE))
    client = NotebookClient(
        notebook,
        kernel_name="python3",
        timeout=60,
        allow_errors=False,
        resources={"metadata": {"path": str(path.parent)}},
    )
    client.execute()  # raises CellExecutionError, naming the cell, if any cell fails
    printed = "".join(output.get("text", "") for output in notebook.cells[-1].outputs).strip()
    assert printed == sys.prefix, f"the notebook ran in {printed!r}, not in this environment ({sys.prefix})"
