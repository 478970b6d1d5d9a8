"""Write the companion notebooks, docs/notebooks/lesson-0N.ipynb, from the lessons and their specs.

    .venv/bin/python scripts/make_notebooks.py          # write every notebook (make notebooks)
    .venv/bin/python scripts/make_notebooks.py --check  # exit 1, naming them, if any differs

Each notebook is made by gdnotes.notebooks from the lesson's Markdown
(docs/lessons/0N-*.md: every code block the reader sees) and the notebook's
spec in the package (src/gdnotes/data/notebook-0N.md: prose, exercises,
worked solutions). Edit those, never the .ipynb files.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from gdnotes import notebooks  # noqa: E402


def lesson_file(number: int, docs: Path = ROOT / "docs") -> Path:
    """The lesson's Markdown file, docs/lessons/0N-<slug>.md."""
    found = sorted((docs / "lessons").glob(f"{number:02d}-*.md"))
    if len(found) != 1:
        raise SystemExit(f"lesson {number}: expected one docs/lessons/{number:02d}-*.md, found {len(found)}")
    return found[0]


def made(docs: Path = ROOT / "docs") -> dict[Path, str]:
    """Every notebook's path and the text the generator gives it."""
    return {
        docs / "notebooks" / f"lesson-{n:02d}.ipynb": notebooks.notebook_json(n, lesson_file(n, docs).read_text(encoding="utf-8"))
        for n in notebooks.LESSONS
    }


def main(argv: list[str]) -> int:
    check = "--check" in argv
    stale = []
    for path, text in made().items():
        if path.is_file() and path.read_text(encoding="utf-8") == text:
            continue
        stale.append(path.relative_to(ROOT))
        if not check:
            path.write_text(text, encoding="utf-8")
    if check and stale:
        print("not what the generator writes (run: make notebooks):", ", ".join(map(str, stale)))
        return 1
    print(("stale: " if check else "written: ") + (", ".join(map(str, stale)) or "none"))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
