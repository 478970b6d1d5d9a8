"""A contributor's mistakes stop the strict build with a message that says where (issue 15's faults).

Each case builds a two-page copy of the project's real configuration
(plugins, extensions, hooks, theme) with one fault put in, and checks
that the build fails and names the file.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import mkdocs_config, project_skeleton

pytestmark = pytest.mark.site

GOOD = "# Home\n\nSee [the other page](other.md#a-heading).\n"
OTHER = "# Other\n\n## A heading\n\nText.\n"
QUIZ = "\n```quiz twice\nWhich?\n\n- [x] This\n    Right.\n- [ ] That\n    No.\n```\n"
RAISES = '\n```python exec="on"\nrate = 0.1\nraise ValueError(f"bad rate {rate}")\n```\n'


def _build(tmp_path: Path, home: str, other: str = OTHER, notebook: Path | None = None) -> subprocess.CompletedProcess:
    project = tmp_path / "project"
    project_skeleton(project)
    (project / "docs" / "index.md").write_text(home)
    (project / "docs" / "other.md").write_text(other)
    config = mkdocs_config()
    config["nav"] = [{"Home": "index.md"}, {"Other": "other.md"}]
    if notebook is not None:  # a third page: a notebook, which the build runs
        (project / "docs" / "notebooks").mkdir()
        (project / "docs" / "notebooks" / notebook.name).write_bytes(notebook.read_bytes())
        config["nav"].append({"Notebook": f"notebooks/{notebook.name}"})
    (project / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False))
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "GDNOTES_EXEC_CACHE": "off"}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path / "site")],
        cwd=project, env=env, capture_output=True, text=True, timeout=300,
    )


@pytest.mark.parametrize(
    ("home", "said"),
    [
        (GOOD, None),
        (GOOD.replace("#a-heading", "#no-such-heading"), "no-such-heading"),
        (GOOD.replace("other.md", "missing.md"), "missing.md"),
        (GOOD + "\n![](picture.png)\n", "docs/index.md: an image has no alt text"),
        (GOOD + '\n```python exec="on"\nprint(float("nan"))\n```\n', "docs/index.md:5: this executed block printed 'nan'"),
        (GOOD + "\nThe rate is {{ update.bowl.alfa }}.\n", "docs/index.md:5: {{ update.bowl.alfa }}: no value 'alfa'"),
        (GOOD + RAISES, "docs/index.md:5 (block line 2): ValueError: bad rate 0.1"),
        (GOOD + '\n```python exec="on" source="above"\nprint(1e308 * 10)\n```\n', "docs/index.md:5: this executed block printed 'inf'"),
        (GOOD + '\n```python exec="on"\nprint("Traceback (most recent call last):")\n```\n', "docs/index.md:5: this executed block printed a Python traceback"),
        (GOOD + QUIZ + QUIZ, "docs/index.md:14"),
        (GOOD + '\n<div id="twice"></div>\n\n<div id="twice"></div>\n', "docs/index.md: the id 'twice' is used more than once"),
    ],
    ids=[
        "control", "missing-anchor", "missing-page", "image-without-alt", "nan-printed", "unknown-name", "block-raises",
        "inf-in-shown-code", "traceback-printed", "quiz-key-twice", "repeated-id",
    ],
)
def test_a_fault_fails_the_build_and_says_where(tmp_path: Path, home: str, said: str | None) -> None:
    done = _build(tmp_path, home)
    output = done.stdout + done.stderr
    if said is None:
        assert done.returncode == 0, output[-3000:]
        return
    assert done.returncode != 0, f"the build passed with the fault in:\n{output[-2000:]}"
    assert said in output, output[-3000:]


def test_a_block_marked_nonfinite_may_show_inf_and_the_marker_stays_out_of_the_page(tmp_path: Path) -> None:
    shown = '\n```python exec="on" source="above" result="text" nonfinite="shown"\nprint(1e308 * 10)\n```\n'
    done = _build(tmp_path, GOOD + shown)
    assert done.returncode == 0, (done.stdout + done.stderr)[-3000:]
    page = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert "inf" in page and "nonfinite" not in page


def _notebook(*cells: str) -> str:
    import nbformat

    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(source) for source in cells])
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    return nbformat.writes(notebook)


@pytest.mark.parametrize(("cells", "said"), [(("print(6 * 7)",), None), (("x = 1", "1 / 0"), "ZeroDivisionError")], ids=["runs", "cell-raises"])
def test_a_notebook_runs_in_the_build_and_a_failing_cell_stops_it_naming_the_notebook(tmp_path: Path, cells: tuple, said: str | None) -> None:
    """The notebooks run beside the rest of the build (hooks/notebook_pages.py); their page shows the
    output, and a cell's error fails the build with the notebook's name and the error."""
    (tmp_path / "extra").mkdir()
    (tmp_path / "extra" / "probe.ipynb").write_text(_notebook(*cells))
    done = _build(tmp_path, GOOD, notebook=tmp_path / "extra" / "probe.ipynb")
    output = done.stdout + done.stderr
    if said is None:
        assert done.returncode == 0, output[-3000:]
        assert "42" in (tmp_path / "site" / "notebooks" / "probe" / "index.html").read_text(encoding="utf-8")
        return
    assert done.returncode != 0, f"the build passed with a failing cell:\n{output[-2000:]}"
    assert "probe.ipynb" in output and said in output, output[-3000:]
