"""The companion notebooks, made from the lessons' own code so that they cannot drift from it.

Each lesson has a notebook, ``docs/notebooks/lesson-0N.ipynb``, built from
two sources and nothing else:

* a short spec kept in the package, ``gdnotes/data/notebook-0N.md``: the
  notebook's prose, its exercises and their worked solutions, and the glue
  a notebook needs (imports the lesson hides, a line that prints a table);
* the lesson's Markdown, ``docs/lessons/0N-*.md``: every code block the
  reader sees there (a ```` ```python exec="on" source=... ```` fence)
  becomes a code cell, copied as it is (its ``# markdown-exec: hide`` lines
  included, without the marker, since a notebook needs them to run).

A spec is Markdown with three kinds of fences, read in order:

* ```` ```python ```` is a code cell; ```` ```python solution ```` one whose
  code Jupyter shows folded (a worked solution, tagged ``solution``);
  ```` ```python alt="..." ```` gives the alt text of the image (a plot) the
  cell shows, one ``alt`` for each image in order (kept in the cell's
  metadata; the notebook page's image has it, and a page's plot without one
  fails the build);
* ```` ```lesson ```` holds one line of a lesson's code block: the cell is
  that whole block, taken from the lesson (the line must be in exactly one);
* ```` ```program NAME ```` is the program lesson 5 prints for one of its
  implementations (:func:`gdnotes.implementations.listing`), so the
  notebook runs the code the lesson shows;
* text between fences is a Markdown cell; a line ``+++`` splits it in two.

The generator adds one cell of its own, second in every notebook: the one
install command a reader needs, ``pip install`` of the package's wheel,
which the site serves beside the notebooks (:func:`wheel_name`).

Every block the lesson shows at the top level must be in its notebook (a
spec that leaves one out fails), so a new or changed block in a lesson
changes the notebook; ``scripts/make_notebooks.py`` (``make notebooks``)
writes them and ``tests/test_notebooks.py`` fails when the committed files
differ from what it writes.

>>> [c.kind for c in cells(3, "```python exec=\\"on\\" source=\\"above\\"\\nw = 1\\n```\\n", "Intro\\n\\n```lesson\\nw = 1\\n```\\n")]
['markdown', 'markdown', 'code']
"""

from __future__ import annotations

import json
import re
from importlib import resources
from typing import NamedTuple

from ._validate import ArgumentError, ArgumentTypeError
from .lessons import fences

__all__ = ["LESSONS", "SpecError", "Cell", "wheel_name", "install_command", "spec", "lesson_blocks", "cells", "notebook_json"]

LESSONS = tuple(range(1, 10))
"""The lessons that have a companion notebook."""

_HIDE = re.compile(r"\s*#\s*markdown-exec:\s*hide\s*$")
_KERNEL = {
    "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
    "language_info": {"name": "python"},
}


def wheel_name() -> str:
    """The file name of the package's wheel, as the build makes it and the site serves it (``assets/``)."""
    from . import __version__

    return f"gdnotes-{__version__}-py3-none-any.whl"


def install_command() -> str:
    """The one command that makes a downloaded notebook run: install the wheel lying beside it."""
    return f"pip install {wheel_name()}"


def _setup() -> str:
    return (
        "## Setup\n\n"
        f"Run this notebook anywhere with Python 3.11 or newer and Jupyter; no copy of the course is needed. Download "
        f"the notebook and the course's package, `{wheel_name()}` (both are linked at the top of this notebook's page "
        "on the course site), into one folder, and there run once:\n\n"
        f"    {install_command()}\n\n"
        "It installs `gdnotes` with what it needs (NumPy, SymPy, Matplotlib). Working in a clone of the course "
        "instead? There `pip install -e .` does the same."
    )


class SpecError(ArgumentError):
    """A notebook spec that does not fit its lesson (the message names the lesson and the line)."""


class Cell(NamedTuple):
    """One notebook cell: ``kind`` is "markdown" or "code"; ``folded`` marks a worked solution; ``alts`` is the alt
    text of each image the cell shows, in order (the notebook page's images, hooks/figure_images.py)."""

    kind: str
    source: str
    folded: bool = False
    alts: tuple[str, ...] = ()


class Block(NamedTuple):
    """A Python block of a lesson: its code (dedented), the line of its opening fence (1-based), whether the reader sees it."""

    code: str
    line: int
    shown: bool
    top_level: bool


def _lesson_number(number: object) -> int:
    if isinstance(number, bool) or not isinstance(number, int):
        raise ArgumentTypeError(f"number must be a lesson number (an int), got {type(number).__name__} {number!r:.60}")
    if number not in LESSONS:
        raise ArgumentError(f"number must be a lesson with a notebook, {LESSONS[0]} to {LESSONS[-1]}, got {number}")
    return number


def _text(value: object, name: str) -> str:
    if not isinstance(value, str):
        raise ArgumentTypeError(f"{name} must be Markdown text (a str), got {type(value).__name__} {value!r:.60}")
    return value


def spec(number: int) -> str:
    """The spec of lesson ``number``'s notebook, as kept in the package."""
    number = _lesson_number(number)
    return resources.files("gdnotes").joinpath("data", f"notebook-{number:02d}.md").read_text(encoding="utf-8")


def lesson_blocks(markdown: str) -> list[Block]:
    """Every executed Python block of a lesson's Markdown, in order."""
    lines = _text(markdown, "markdown").splitlines()
    found = []
    for fence in fences(lines):
        if fence.language != "python" or 'exec="on"' not in fence.options:
            continue
        body = []
        for line in lines[fence.start + 1 : fence.end]:
            line = line[len(fence.indent) :] if line.startswith(fence.indent) else line.lstrip()
            body.append(_HIDE.sub("", line))
        code = "\n".join(body).strip("\n")
        found.append(Block(code, fence.start + 1, "source=" in fence.options, fence.indent == ""))
    return found


def cells(number: int, markdown: str, source: str | None = None) -> list[Cell]:
    """The cells of lesson ``number``'s notebook, from the lesson's Markdown and the spec (the package's, by default)."""
    number = _lesson_number(number)
    markdown = _text(markdown, "markdown")
    source = spec(number) if source is None else _text(source, "source")
    blocks = lesson_blocks(markdown)
    used: set[int] = set()
    result: list[Cell] = []
    lines = source.splitlines()
    prose: list[str] = []

    def flush() -> None:
        text = "\n".join(prose).strip("\n")
        if text.strip():
            result.append(Cell("markdown", text))
        prose.clear()

    i = 0
    while i < len(lines):
        line = lines[i]
        opening = re.fullmatch(r'```(\w+)(?:\s+(\w+))?((?:\s+alt="[^"]+")*)\s*', line)
        if line.strip() == "+++":
            flush()
            i += 1
            continue
        if opening is None:
            prose.append(line)
            i += 1
            continue
        end = next((j for j in range(i + 1, len(lines)) if lines[j].strip() == "```"), None)
        if end is None:
            raise SpecError(f"source (the spec of notebook {number:02d}), line {i + 1}: this fence is never closed")
        flush()
        body = "\n".join(lines[i + 1 : end]).strip("\n")
        kind, option, alts = opening.groups()
        alts = tuple(re.findall(r'alt="([^"]+)"', alts))
        if alts and kind != "python":
            raise SpecError(f"source (the spec of notebook {number:02d}), line {i + 1}: only a python fence (a cell of the spec's own) takes alt texts")
        if kind == "python":
            result.append(Cell("code", body, folded=option == "solution", alts=alts))
        elif kind == "lesson":
            anchor = body.strip()
            matches = [k for k, block in enumerate(blocks) if anchor in (text.strip() for text in block.code.splitlines())]
            if len(matches) != 1:
                where = "no code block" if not matches else f"{len(matches)} code blocks"
                raise SpecError(
                    f"markdown (lesson {number}) has {where} with the line {anchor!r}, which line {i + 1} of source "
                    f"(the spec of notebook {number:02d}) names: name a line of exactly one block"
                )
            used.add(matches[0])
            result.append(Cell("code", blocks[matches[0]].code))
        elif kind == "program":
            from . import implementations

            if option not in implementations.IMPLEMENTATIONS:
                raise SpecError(f"source (the spec of notebook {number:02d}), line {i + 1}: no program {option!r}; lesson 5 has {sorted(implementations.IMPLEMENTATIONS)}")
            result.append(Cell("code", implementations.listing(option).strip("\n")))
        else:
            raise SpecError(f"source (the spec of notebook {number:02d}), line {i + 1}: a fence is python, lesson or program, got {kind!r}")
        i = end + 1
    flush()
    result.insert(1 if result else 0, Cell("markdown", _setup()))
    missing = [block.line for k, block in enumerate(blocks) if block.shown and block.top_level and k not in used]
    if missing:
        raise SpecError(
            f"markdown (lesson {number}) shows code blocks that are not in its notebook (fences at lines {missing}): "
            f"add a ```lesson fence naming a line of each to source, gdnotes/data/notebook-{number:02d}.md"
        )
    return result


def notebook_json(number: int, markdown: str, source: str | None = None) -> str:
    """Lesson ``number``'s notebook as the text of an .ipynb file (nbformat 4.5, no outputs, stable cell ids)."""
    made = []
    for k, cell in enumerate(cells(number, markdown, source)):
        entry: dict = {"cell_type": cell.kind, "id": f"l{number}-{k:02d}", "metadata": {}}
        if cell.kind == "code":
            entry.update(execution_count=None)
            if cell.folded:
                entry["metadata"] = {"jupyter": {"source_hidden": True}, "tags": ["solution"]}
            if cell.alts:
                entry["metadata"]["alt"] = list(cell.alts)
            entry["outputs"] = []
        entry["source"] = _lines(cell.source)
        made.append(entry)
    document = {"cells": made, "metadata": _KERNEL, "nbformat": 4, "nbformat_minor": 5}
    return json.dumps(document, indent=1, ensure_ascii=False, sort_keys=True) + "\n"


def _lines(text: str) -> list[str]:
    parts = text.split("\n")
    return [part + "\n" for part in parts[:-1]] + [parts[-1]] if parts[-1] else [part + "\n" for part in parts[:-1]]
