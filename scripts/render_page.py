"""Render one page the way the build does, fast, and print what a reader would read.

    .venv/bin/python scripts/render_page.py docs/lessons/03-update-rule.md [--html]

Runs the same plugins and hooks as ``mkdocs build --strict`` (named values,
executed blocks, math, glossary) on that page alone, so only its own blocks
run. Exits 1, after printing them, if the page logs any warning or error:
the full strict build would fail on it. ``--html`` prints the page's HTML
instead of its text.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


class _Count(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(f"{record.levelname}: {record.getMessage()}")


def render(source: str) -> tuple[str, list[str]]:
    """The page's HTML and the warnings it logged."""
    from mkdocs.commands import build
    from mkdocs.config import load_config
    from mkdocs.structure.files import get_files
    from mkdocs.structure.nav import get_navigation

    counter = _Count()
    logging.getLogger("mkdocs").addHandler(counter)
    logging.getLogger("markdown_exec").addHandler(counter)
    config = load_config(str(ROOT / "mkdocs.yml"))
    config.plugins.on_startup(command="build", dirty=False)
    config = config.plugins.on_config(config)
    config.plugins.on_pre_build(config=config)
    files = config.plugins.on_files(get_files(config), config=config)
    nav = config.plugins.on_nav(get_navigation(files, config), config=config, files=files)
    relative = str(Path(source).resolve().relative_to(Path(config["docs_dir"]).resolve()))
    file = files.get_file_from_path(relative)
    if file is None or file.page is None:
        raise SystemExit(f"{source} is not a page of the site (is it in docs/ and in the nav?)")
    del nav
    build._populate_page(file.page, config, files)
    return file.page.content or "", counter.records


def main(argv: list[str]) -> int:
    if not argv or argv[0].startswith("-"):
        print(__doc__)
        return 2
    html, problems = render(argv[0])
    if "--html" in argv:
        print(html)
    else:
        from site_text import page_text

        print(page_text(f"<article>{html}</article>"), end="")
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
