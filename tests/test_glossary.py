"""The glossary: the terms the lessons rely on have an entry, a tooltip, and a use in a lesson that shows it.

The glossary page (docs/reference/glossary.md) holds the full definitions;
includes/abbreviations.md gives each term the one-line tooltip that
hooks/glossary.py keeps on its first use in each section of a lesson.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import ROOT

from gdnotes.lessons import fences

GLOSSARY = ROOT / "docs" / "reference" / "glossary.md"
ABBREVIATIONS = ROOT / "includes" / "abbreviations.md"
LESSONS = sorted((ROOT / "docs" / "lessons").glob("0*.md"))

# each term the course must define: (its heading on the glossary page, its anchor, the words the lessons use)
REQUIRED = [
    ("Hessian", "hessian", "Hessian"),
    ("Eigenvalue", "eigenvalue", "eigenvalues"),
    ("Mini-batch", "mini-batch", "mini-batch"),
    ("Nesterov momentum", "nesterov-momentum", "Nesterov momentum"),
    ("AdaGrad", "adagrad", "AdaGrad"),
    ("RMSProp", "rmsprop", "RMSProp"),
    ("Adam", "adam", "Adam"),
    ("Learning-rate schedule", "learning-rate-schedule", "learning-rate schedule"),
    ("Condition number", "condition-number", "condition number"),
    ("Saddle point", "saddle-point", "saddle point"),
    ("Plateau", "plateau", "plateau"),
]


def _tooltips() -> dict[str, str]:
    return dict(re.findall(r"^\*\[([^\]]+)\]: (.+)$", ABBREVIATIONS.read_text(encoding="utf-8"), flags=re.M))


def _prose(path: Path) -> str:
    """A lesson's Markdown without its code fences and headings: where a tooltip can appear."""
    lines = path.read_text(encoding="utf-8").split("\n")
    for fence in reversed(fences(lines)):
        if fence.language != "quiz":
            lines[fence.start : fence.end + 1] = []
    return "\n".join(line for line in lines if not line.lstrip().startswith("#"))


@pytest.mark.parametrize(("heading", "anchor", "used"), REQUIRED, ids=[r[0] for r in REQUIRED])
def test_term_has_an_entry_a_tooltip_and_a_use(heading: str, anchor: str, used: str) -> None:
    glossary = GLOSSARY.read_text(encoding="utf-8")
    assert f"\n## {heading} {{#{anchor}}}\n" in glossary, f"the glossary has no entry '## {heading} {{#{anchor}}}'"
    entry = glossary.split(f"## {heading} ", 1)[1].split("\n## ", 1)[0]
    assert re.search(r"\[Lesson \d\]\(\.\./lessons/", entry), f"the entry for {heading} names no lesson"
    tooltips = _tooltips()
    assert used in tooltips, f"includes/abbreviations.md has no tooltip for {used!r}"
    assert 20 < len(tooltips[used]) < 160, f"the tooltip for {used!r} should be one short line"
    pattern = re.compile(rf"(?<![\w-]){re.escape(used)}(?![\w-])")
    assert any(pattern.search(_prose(lesson)) for lesson in LESSONS), f"no lesson's prose uses {used!r} (on one line)"


def test_every_tooltip_term_is_on_the_glossary_page() -> None:
    headings = {h.lower() for h in re.findall(r"^## (.+?) \{#", GLOSSARY.read_text(encoding="utf-8"), flags=re.M)}
    plural = {"minima": "minimum", "ies": "y"}
    for term in _tooltips():
        word = term.lower()
        singular = {word, word[:-1], word[:-2], *(word.replace(k, v) for k, v in plural.items())}
        assert singular & headings, f"the tooltip {term!r} has no entry on the glossary page"


def test_glossary_is_in_alphabetical_order() -> None:
    headings = re.findall(r"^## (.+?) \{#", GLOSSARY.read_text(encoding="utf-8"), flags=re.M)
    assert headings == sorted(headings, key=str.lower)


def test_built_lessons_show_each_required_term_as_a_focusable_tooltip(built_site: Path) -> None:
    pages = {p.stem: (built_site / "lessons" / p.stem / "index.html").read_text(encoding="utf-8") for p in LESSONS}
    glossary = (built_site / "reference" / "glossary" / "index.html").read_text(encoding="utf-8")
    tooltips = _tooltips()
    for heading, anchor, used in REQUIRED:
        assert f'id="{anchor}"' in glossary, f"the built glossary has no anchor {anchor}"
        shown = f'<abbr tabindex="0" title="{tooltips[used]}">{used}</abbr>'
        where = [name for name, html in pages.items() if shown.replace("'", "&#x27;") in html or shown in html]
        assert where, f"no built lesson shows the tooltip for {used!r}"
