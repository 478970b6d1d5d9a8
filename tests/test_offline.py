"""Offline, with no downloaded runtime: ``make build`` and ``make serve`` stop within seconds, saying what is
missing and the one command that fetches it (issue 15); a strict build without the runtime fails the same way.

The network is cut for real: the make runs in a new network namespace (``unshare -rn``), where no host can be
reached. Where that is not allowed, an unroutable HTTPS proxy stands in for a dead network.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ROOT, project_skeleton

pytestmark = pytest.mark.site

LIMIT_SECONDS = 10


def _unshare_works() -> bool:
    tool = shutil.which("unshare")
    return bool(tool) and subprocess.run([tool, "-rn", "true"], capture_output=True).returncode == 0


def _offline(command: list[str]) -> tuple[list[str], dict[str, str]]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    if _unshare_works():
        return ["unshare", "-rn", *command], env
    return command, {**env, "HTTPS_PROXY": "http://10.255.255.1:9", "https_proxy": "http://10.255.255.1:9"}


@pytest.fixture
def clone_without_runtime(tmp_path: Path) -> Path:
    """What make needs to decide, in a folder of its own: the Makefile, the scripts, the project files it
    depends on (their times kept, so make sees the environment as installed) and the installed environment."""
    clone = tmp_path / "clone"
    clone.mkdir()
    for name in os.listdir(ROOT):
        source = ROOT / name
        if name in {".venv"}:
            (clone / name).symlink_to(source)
        elif source.is_file():
            shutil.copy2(source, clone / name)
    for folder in ("scripts", "requirements"):
        if (ROOT / folder).is_dir():
            shutil.copytree(ROOT / folder, clone / folder)
    return clone


@pytest.mark.parametrize("target", ["build", "serve"])
def test_offline_without_the_runtime_make_stops_at_once_and_says_what_to_run(clone_without_runtime: Path, target: str) -> None:
    # -o: the environment counts as installed (this test is about the runtime, not about pip offline)
    installed = ["-o", ".venv/.installed", "-o", ".venv/.torch-installed"]
    command, env = _offline(["make", "-C", str(clone_without_runtime), *installed, target])
    began = time.monotonic()
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
    seconds = time.monotonic() - began
    said = done.stdout + done.stderr
    assert done.returncode != 0, said[-2000:]
    assert seconds < LIMIT_SECONDS, f"make {target} took {seconds:.1f} s offline:\n{said[-2000:]}"
    assert "manifest.json is missing" in said and ".cache/pyodide/" in said, said[-2000:]
    assert "make pyodide" in said and "offline?" in said, said[-2000:]


def test_a_strict_build_without_the_runtime_fails_naming_the_file_and_the_command(tmp_path: Path) -> None:
    project = tmp_path / "project"
    project_skeleton(project)
    (project / "scripts").mkdir()
    shutil.copy2(ROOT / "scripts" / "fetch_pyodide.py", project / "scripts")
    (project / "docs" / "index.md").write_text("# Home\n\nText.\n")
    config = (ROOT / "mkdocs.yml").read_text()
    config = config[: config.index("\nnav:")] + "\nnav:\n  - Home: index.md\n"
    (project / "mkdocs.yml").write_text(config)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "GDNOTES_EXEC_CACHE": "off", "GDNOTES_CACHE_DIR": str(tmp_path / "cache")}
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path / "site")],
        cwd=project, env=env, capture_output=True, text=True, timeout=300,
    )
    said = done.stdout + done.stderr
    assert done.returncode != 0, said[-2000:]
    assert "has no Python runtime" in said and "manifest.json is missing" in said and "make pyodide" in said, said[-2000:]
