"""Helpers the build hooks share; not a hook itself (mkdocs.yml does not list it).

MkDocs loads every file listed under ``hooks:`` as a module of its own, so
hooks cannot import one another. A hook that needs these helpers puts this
folder on ``sys.path`` and imports ``gdsite``: one module object for all.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import importlib.util
import logging
import sys
from pathlib import Path

log = logging.getLogger("mkdocs.plugins.gdnotes")

#: libraries whose version changes what an executed block or a named value prints
LIBRARIES = ("numpy", "matplotlib", "sympy", "markdown", "pymdown-extensions", "pygments", "markdown-exec", "torch")


def root(config) -> Path:
    """The folder that holds mkdocs.yml."""
    return Path(config["config_file_path"]).resolve().parent


def cache_dir(config, name: str) -> Path:
    """The folder of one of the build's caches: ``.cache/<name>`` beside mkdocs.yml, or under
    ``$GDNOTES_CACHE_DIR`` when that is set (the tests give each run a cache of its own)."""
    import os

    base = os.environ.get("GDNOTES_CACHE_DIR")
    return (Path(base) if base else root(config) / ".cache") / name


def package_dir() -> Path:
    """The gdnotes package's folder, found without importing it."""
    return Path(importlib.util.find_spec("gdnotes").origin).parent


def fingerprint() -> str:
    """A hash of every gdnotes source and data file and the versions of the libraries that shape output.

    Two builds with the same fingerprint compute the same values and block
    outputs; any edit to the package, a data file or a library changes it.
    """
    digest = hashlib.sha256()
    package = package_dir()
    for path in sorted(package.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
            digest.update(str(path.relative_to(package)).encode() + b"\0" + path.read_bytes())
    for version in versions(LIBRARIES):
        digest.update(version.encode())
    digest.update(sys.version.encode())
    return digest.hexdigest()


def versions(names: tuple[str, ...]) -> list[str]:
    """``name=version`` of each installed distribution in ``names`` (``name=absent`` for one not installed)."""
    found = []
    for name in names:
        try:
            found.append(f"{name}={importlib.metadata.version(name)}")
        except importlib.metadata.PackageNotFoundError:
            found.append(f"{name}=absent")
    return found


def front_matter_lines(page, markdown: str) -> int:
    """How many lines of the file come before ``markdown`` (the front matter MkDocs took off), so that
    line ``n`` of ``markdown`` is line ``n + front_matter_lines`` of the file a contributor edits."""
    try:
        source = page.file.content_string
    except (OSError, AttributeError):
        return 0
    return source[: len(source) - len(markdown)].count("\n") if source.endswith(markdown) else 0


_SEEN: dict[str, str] = {}

#: what the build under way is: ``partial`` when ``mkdocs serve --dirty`` rebuilds only some pages
#: (hooks/incremental.py says so); the caches remove entries a build did not use only after a full one
BUILD: dict[str, bool] = {"partial": False}


def fresh_package() -> str:
    """The package fingerprint, after making sure this process will run today's gdnotes.

    ``mkdocs serve`` keeps one Python process across rebuilds. When the
    package on disk changed since the last build, every ``gdnotes`` module
    is dropped from ``sys.modules``, so the next ``import gdnotes`` (in an
    executed block or a named value) loads the edited code rather than the
    copy imported before the edit. Called by every hook that computes.
    """
    current = fingerprint()
    previous = _SEEN.get("fingerprint")
    if previous is not None and previous != current:
        for name in [n for n in sys.modules if n == "gdnotes" or n.startswith("gdnotes.")]:
            del sys.modules[name]
        log.info("gdnotes changed on disk: its modules will be imported afresh")
    _SEEN["fingerprint"] = current
    return current
