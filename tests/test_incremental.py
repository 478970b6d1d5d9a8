"""`mkdocs serve --dirty` with hooks/incremental.py: only the edited page is rebuilt, and it is never stale.

Each test runs the build the way the dev server does (command "serve",
dirty builds, one Python process across rebuilds) in a subprocess, on a
copy of the project in a temporary folder (so the real docs and package
are never edited), starting warm from the block cache of the test run's own
build (conftest's ``build_cache``).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from conftest import ROOT

pytestmark = pytest.mark.site

DRIVER = textwrap.dedent(
    '''
    import json, os, subprocess, sys, time
    from pathlib import Path
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    PAGE = "lessons/03-update-rule/index.html"

    def rebuild():
        config = load_config("mkdocs.yml", site_dir="site", strict=True)
        config.plugins.on_startup(command="serve", dirty=True)
        began = time.perf_counter()
        build(config, dirty=True)
        incremental, exec_cache = sys.modules["hooks/incremental.py"], sys.modules["hooks/exec_cache.py"]
        return {"seconds": time.perf_counter() - began, "rebuilt": list(incremental.INCREMENTAL.rebuilt),
                "run": exec_cache.EXEC_CACHE.misses, "reused": exec_cache.EXEC_CACHE.hits,
                "page": Path("site", PAGE).read_text(encoding="utf-8"),
                "css": Path("site/assets/gdnotes.css").read_text(encoding="utf-8")}

    results = [rebuild()]
    for step in json.loads(sys.argv[1]):
        path = Path(step["file"])
        text = path.read_text(encoding="utf-8").replace(step["old"], step["new"], 1)
        if "and" in step:  # a second change in the same save
            text = text.replace(step["and"]["old"], step["and"]["new"], 1)
        path.write_text(text, encoding="utf-8")
        results.append(rebuild())
        if step.get("then_full_build"):  # a fresh process, as `make build` runs it
            subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", "full"], check=True, capture_output=True)
            results[-1]["full_page"] = Path("full", PAGE).read_text(encoding="utf-8")
    print(json.dumps(results))
    '''
)

STEPS = [
    {"file": "docs/lessons/03-update-rule.md", "old": "Remember the walker", "new": "Remember the careful walker"},
    {"file": "docs/lessons/03-update-rule.md", "old": "shuffle.", "new": "shuffle along.", "then_full_build": True},
    {"file": "docs/assets/gdnotes.css", "old": "", "new": "/* a contributor's edit */\n"},
    # one save changes two things in the package: lesson 3 names update.bowl.factor (0.8), which becomes 100.8,
    # and its hidden block prints update.bowl2d_table(), whose column heading changes; then `make build`
    # runs in a fresh process from the cache the serve process filled (issue 15's stale page)
    {"file": "src/gdnotes/lessons/update.py", "old": '"factor": factor,', "new": '"factor": factor + 100,',
     "and": {"old": '"loss L"]', "new": '"loss L, edited"]'}, "then_full_build": True},
]


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory, build_cache: Path) -> list[dict]:
    """The first build, then one dirty rebuild after each of STEPS, on a copy of the project."""
    project = tmp_path_factory.mktemp("project")
    for name in ("docs", "hooks", "includes", "overrides", "scripts", "src"):
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, project / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    (project / ".cache").mkdir()
    (project / ".cache" / "pyodide").symlink_to(ROOT / ".cache" / "pyodide")  # the try-it runtime a build needs
    # start warm, from the blocks the test run's own build ran (same package, same outputs)
    shutil.copytree(build_cache / "gdnotes-exec", project / ".cache" / "gdnotes-exec")
    if (build_cache / "gdnotes-render").is_dir():  # and the API pages and search entries it made
        shutil.copytree(build_cache / "gdnotes-render", project / ".cache" / "gdnotes-render")
    # the notebooks are not what these tests are about (tests/test_notebooks.py): their pages are left unrun
    env = {
        **os.environ, "PYTHONPATH": str(project / "src"), "NO_MKDOCS_2_WARNING": "1", "GDNOTES_EXEC_CACHE": "on", "GDNOTES_RUN_NOTEBOOKS": "0",
        "SOURCE_DATE_EPOCH": os.environ.get("SOURCE_DATE_EPOCH", "1767225600"),
    }
    done = subprocess.run(
        [sys.executable, "-c", DRIVER, json.dumps(STEPS)], cwd=project, env=env, capture_output=True, text=True, timeout=900
    )
    assert done.returncode == 0, done.stderr[-4000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_a_prose_edit_rebuilds_one_page_and_runs_no_block(served: list[dict]) -> None:
    first, prose = served[0], served[1]
    assert len(first["rebuilt"]) > 20  # the first build builds everything
    assert prose["rebuilt"] == ["lessons/03-update-rule.md"]
    assert prose["run"] == 0 and prose["reused"] > 0  # no executed block ran again
    assert "Remember the careful walker" in prose["page"]
    assert prose["page"].count("data-gd-quiz=") == first["page"].count("data-gd-quiz=")


def test_the_rebuilt_page_equals_a_full_build(served: list[dict]) -> None:
    assert "shuffle along." in served[2]["page"]
    assert served[2]["page"] == served[2]["full_page"]


def test_a_stylesheet_edit_rebuilds_no_page(served: list[dict]) -> None:
    styled = served[3]
    assert styled["rebuilt"] == [] and styled["run"] == 0
    assert "a contributor's edit" in styled["css"]  # the dirty build still copied the saved file
    assert styled["page"] == served[2]["page"]


def test_a_package_edit_rebuilds_every_page_with_the_new_code(served: list[dict]) -> None:
    first, edited = served[0], served[4]
    assert len(edited["rebuilt"]) == len(first["rebuilt"])  # the package changed: everything is rebuilt
    assert "<mn>0.8</mn>" in first["page"] and "<mn>100.8</mn>" not in first["page"]
    assert "<mn>100.8</mn>" in edited["page"]  # the page shows what today's code computes


def test_a_package_edit_under_serve_leaves_no_stale_output_for_the_next_build(served: list[dict]) -> None:
    before, edited = served[3], served[4]
    assert "loss L, edited" not in before["page"]
    assert edited["run"] > 0 and "loss L, edited" in edited["page"]  # the block ran again, with the edited code
    assert "loss L, edited" in edited["full_page"]  # the build after serve shows today's code, not a stale entry
    assert edited["full_page"] == edited["page"]
