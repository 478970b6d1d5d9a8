"""The oldest environment pyproject.toml allows: each requirement's lower bound, pinned.

``make lower-bounds`` installs the package with these as pip constraints (``-c``) in a throwaway
virtual environment and runs the package's tests there, so a lower bound that no longer works is
found before a reader on an older setup finds it. Printed one a line, as a constraints file:

    .venv/bin/python scripts/lower_bounds.py > lower.txt
    .venv/bin/python scripts/lower_bounds.py --ranges   # the ranges themselves (make lock)

Only the runtime dependencies and the ``docs`` and ``test`` extras are pinned; the ``torch`` extra
is left out (its lower bound would download a CUDA build of several GB). A requirement without a
lower bound (``>=``, ``==``, ``~=``) is left free.
"""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path

from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parent.parent
EXTRAS = ("docs", "test")


def requirements(pyproject: Path = ROOT / "pyproject.toml", extras: tuple[str, ...] = EXTRAS) -> list[Requirement]:
    """The project's dependencies and those of ``extras``, as parsed requirements."""
    project = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]
    texts = list(project.get("dependencies", []))
    for extra in extras:
        texts += project.get("optional-dependencies", {})[extra]
    return [Requirement(text) for text in texts]


def lower_bound(requirement: Requirement) -> str | None:
    """The lowest version ``requirement`` admits by its ``>=``, ``==`` or ``~=`` clause, or None."""
    for spec in requirement.specifier:
        if spec.operator in (">=", "==", "~="):
            return spec.version
    return None


def constraints(pyproject: Path = ROOT / "pyproject.toml") -> list[str]:
    """``name==lowest`` for every requirement with a lower bound."""
    lines = []
    for requirement in requirements(pyproject):
        version = lower_bound(requirement)
        if version is not None:
            lines.append(f"{requirement.name}=={version}")
    return lines


if __name__ == "__main__":
    # --ranges: the requirements as pyproject.toml writes them (what `make lock` installs)
    lines = [str(r) for r in requirements()] if sys.argv[1:] == ["--ranges"] else constraints()
    sys.stdout.write("".join(line + "\n" for line in lines))
