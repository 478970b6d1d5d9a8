"""A plain Material build of the same pages, to measure our build against on the same machine, in the same run.

    .venv/bin/python scripts/baseline.py        # prints the median of 3 builds

The baseline is the course's Markdown with everything of ours taken out:
executed blocks, quiz fences and ``{{ named values }}`` removed, API
directives (``::: gdnotes...``) dropped, no notebooks, no hooks, no
markdown-exec, mkdocstrings or mkdocs-jupyter; the same theme, features,
navigation (less the notebooks), search and Markdown extensions. What our
build takes beyond it is what executing, computing and rendering the
course costs. ``make bench`` divides its times by this one.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
PLAIN = ROOT / ".bench" / "plain"


def _strip(text: str) -> str:
    from gdnotes.lessons import fences

    lines = text.split("\n")
    keep, done = [], 0
    for fence in fences(lines):
        keep += lines[done : fence.start]
        if fence.language != "quiz" and "exec=" not in fence.options:
            keep += lines[fence.start : fence.end + 1]
        done = fence.end + 1
    keep += lines[done:]
    from gdnotes.lessons import NAMED_VALUE

    return NAMED_VALUE.sub("0", "\n".join(line for line in keep if not line.lstrip().startswith(":::")))


def prepare() -> Path:
    """Write the plain project into .bench/plain; returns its mkdocs.yml."""
    shutil.rmtree(PLAIN, ignore_errors=True)
    docs = PLAIN / "docs"
    for page in (ROOT / "docs").rglob("*.md"):
        target = docs / page.relative_to(ROOT / "docs")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(_strip(page.read_text(encoding="utf-8")), encoding="utf-8")
    shutil.copytree(ROOT / "includes", PLAIN / "includes")
    from mkdocs.utils.yaml import yaml_load  # resolves !ENV (site_url)

    with (ROOT / "mkdocs.yml").open(encoding="utf-8") as source:
        config = yaml_load(source)
    config.pop("hooks", None)
    config["theme"].pop("custom_dir", None)  # plain Material: no template overrides
    config.pop("extra_css", None)
    config.pop("extra_javascript", None)
    config["strict"] = False  # links to the notebooks left out would warn
    config["plugins"] = ["search"]
    config["nav"] = [item for item in config["nav"] if "Notebooks" not in item]
    (PLAIN / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return PLAIN / "mkdocs.yml"


def build_seconds(config: Path) -> float:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": os.environ.get("SOURCE_DATE_EPOCH", "1767225600")}
    began = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--quiet", "--config-file", str(config), "--site-dir", str(PLAIN / "site")],
        cwd=PLAIN, env=env, capture_output=True, text=True,
    )
    if done.returncode != 0:
        sys.exit(f"baseline build failed:\n{done.stderr[-3000:]}")
    return time.perf_counter() - began


def measure(repeats: int = 3) -> float:
    """The median wall time of ``repeats`` plain builds (a fresh process each)."""
    config = prepare()
    return statistics.median(build_seconds(config) for _ in range(repeats))


if __name__ == "__main__":
    print(f"plain Material build of the same pages: {measure():.2f} s (median of 3)")
