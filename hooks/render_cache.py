"""Render cache: the two slow steps that turn unchanged input into the same HTML, done once per change.

A warm build spent about two thirds of its time redoing work whose result
could not have changed (profiled with cProfile):

* **mkdocstrings** rendering every ``::: gdnotes.x`` object of the API pages
  through its Jinja templates, docstring by docstring (about a third);
* **Material's search plugin** parsing every page's finished HTML with
  Python's ``html.parser`` to cut it into index entries (about a third).

Each result is stored in ``.cache/gdnotes-render`` under a key that holds
everything the result is made from, so an entry is never stale:

* an API object's HTML, its headings (which mkdocstrings hands on to the
  table of contents, to autorefs and to the objects inventory) and each
  heading's aliases: the package fingerprint (``gdsite.fingerprint``: every
  gdnotes source and data file, the versions of the libraries that shape
  output), the object's path, its rendering options, the page it is on
  (links are relative to it), every page under ``docs/reference/`` (the API
  pages, whose order decides which aliases griffe has resolved when),
  mkdocs.yml, our griffe extension (``hooks/griffe_roles.py``) and the
  versions of mkdocstrings, its Python handler, griffe, autorefs, Material
  and Markdown. The API pages come all from the cache or all fresh: a build
  reads these entries only once a full build has stored every one of them
  (rendering has side effects, aliases resolved along the way, that a mix
  would lose);
* a page's search entries: the page's finished HTML, its table of contents,
  address, title and metadata, the search configuration and Material's
  version.

``GDNOTES_RENDER_CACHE=off`` turns both off. At the end of a full build the
entries it did not use are removed (as the executed-block cache does). The
tests build the site twice, the second time from these caches, and compare
the two byte for byte.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import os
import sys
from pathlib import Path
from xml.etree.ElementTree import Element

if str(Path(__file__).parent) not in sys.path:
    sys.path.insert(0, str(Path(__file__).parent))  # for gdsite, the helpers the hooks share
import gdsite  # noqa: E402

from material.plugins.search.plugin import SearchIndex  # noqa: E402
from mkdocstrings_handlers.python import PythonHandler  # noqa: E402

#: libraries whose version changes an API page's HTML or a page's search entries
LIBRARIES = ("mkdocstrings", "mkdocstrings-python", "griffelib", "griffe", "mkdocs-autorefs", "mkdocs-material", "markdown", "mkdocs")


class RenderCache:
    """Stored results of mkdocstrings' rendering and Material's search indexing (see the module docs)."""

    def __init__(self) -> None:
        self.directory: Path | None = None
        self.base = ""  # what every key shares: the fingerprint, mkdocs.yml, the extension, the versions
        self.page = ""  # the page being converted (mkdocstrings does not say which)
        self.used: set[str] = set()
        self.hits = self.misses = 0
        self.api_ready = False  # a full build stored every API entry under this base
        self.aliases: dict[str, tuple[str, ...]] = {}  # heading id -> its aliases, from the cache

    def start(self, config) -> None:
        self.used, self.hits, self.misses = set(), 0, 0
        enabled = os.environ.get("GDNOTES_RENDER_CACHE", "on").lower() not in {"off", "0", "false", "no"}
        self.directory = gdsite.cache_dir(config, "gdnotes-render") if enabled else None
        if self.directory is None:
            return
        digest = hashlib.sha256(gdsite.fresh_package().encode())
        root = gdsite.root(config)
        api_pages = sorted((root / "docs" / "reference").rglob("*.md"))
        for path in (Path(config["config_file_path"]), root / "hooks" / "griffe_roles.py", Path(__file__), *api_pages):
            if path.is_file():
                digest.update(b"\0" + str(path.relative_to(root)).encode() + b"\0" + path.read_bytes())
        for name in LIBRARIES:
            try:
                digest.update(f"\0{name}={importlib.metadata.version(name)}".encode())
            except importlib.metadata.PackageNotFoundError:
                digest.update(f"\0{name}=absent".encode())
        self.base = digest.hexdigest()
        self.aliases = {}
        self.api_ready = (self.directory / self.marker()).is_file()

    def marker(self) -> str:
        return f"api-{self.base}.done"

    def key(self, kind: str, *parts: str) -> str:
        digest = hashlib.sha256(f"{self.base}\0{kind}".encode())
        for part in parts:
            digest.update(b"\0" + part.encode())
        return f"{kind}-{digest.hexdigest()}.json"

    def load(self, name: str):
        self.used.add(name)
        path = self.directory / name
        if path.is_file():
            self.hits += 1
            return json.loads(path.read_text(encoding="utf-8"))
        self.misses += 1
        return None

    def store(self, name: str, value) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        temporary = self.directory / f"{name}.tmp"
        temporary.write_text(json.dumps(value), encoding="utf-8")  # keys in their order: the search index keeps it
        temporary.replace(self.directory / name)

    def finish(self) -> int:
        """After a full build: mark this base's API entries complete and remove the entries this build did not
        use; returns how many were removed. A partial rebuild (``make serve``) changes nothing."""
        if self.directory is None or not self.directory.is_dir() or gdsite.BUILD["partial"]:
            return 0
        (self.directory / self.marker()).touch()
        self.used.add(self.marker())
        old = [path for path in self.directory.iterdir() if path.is_file() and path.name not in self.used]
        for path in old:
            path.unlink(missing_ok=True)
        return len(old)


CACHE = RenderCache()


# --- mkdocstrings: an API object's HTML and the headings it registers ------------------------

_render = PythonHandler.render


def _cached_render(self, data, options, *args, **kwargs) -> str:
    if CACHE.directory is None or args:
        return _render(self, data, options, *args, **kwargs)
    name = CACHE.key("api", CACHE.page, str(getattr(data, "path", data)), repr(options), repr(sorted(kwargs.items())))
    found = CACHE.load(name) if CACHE.api_ready else None
    if found is not None:
        for tag, attributes, text in found["headings"]:
            heading = Element(tag, attributes)
            heading.text = text
            self._headings.append(heading)  # as do_heading leaves them, for the page's ToC, autorefs and inventory
        CACHE.aliases.update({key: tuple(value) for key, value in found["aliases"].items()})
        return found["html"]
    CACHE.used.add(name)
    before = len(self._headings)
    html = _render(self, data, options, *args, **kwargs)
    made = self._headings[before:]
    if all(len(h) == 0 for h in made):  # plain headings (all mkdocstrings makes) can be stored and rebuilt
        CACHE.store(name, {
            "html": str(html),
            "headings": [[h.tag, dict(h.attrib), h.text] for h in made],
            # asked now, as mkdocstrings asks right after this render returns
            "aliases": {h.get("id"): list(self.get_aliases(h.get("id"))) for h in made if h.get("id")},
        })
    return html


_aliases = PythonHandler.get_aliases


def _cached_aliases(self, identifier: str) -> tuple[str, ...]:
    if identifier in CACHE.aliases:
        return CACHE.aliases[identifier]
    return _aliases(self, identifier)


PythonHandler.get_aliases = _cached_aliases
PythonHandler.render = _cached_render


# --- Material's search: a page's index entries -------------------------------------------------

_index = SearchIndex.add_entry_from_context


def _toc(items) -> list:
    return [[item.id, item.title, item.url, item.level, _toc(item.children)] for item in items]


def _cached_index(self, page) -> None:
    if CACHE.directory is None:
        return _index(self, page)
    name = CACHE.key(
        "search", page.url, str(page.title), page.content or "", json.dumps(_toc(page.toc)),
        json.dumps(page.meta, sort_keys=True, default=str), json.dumps(self.config, sort_keys=True, default=str),
    )
    found = CACHE.load(name)
    if found is not None:
        self.entries.extend(found)
        return None
    before = len(self.entries)
    _index(self, page)
    CACHE.store(name, self.entries[before:])
    return None


SearchIndex.add_entry_from_context = _cached_index


def on_pre_build(config):
    CACHE.start(config)


def on_page_markdown(markdown, page, config, files):
    CACHE.page = page.file.src_uri
    return markdown


def on_post_build(config):
    if CACHE.directory is not None:
        removed = CACHE.finish()
        gdsite.log.info("render cache: %d reused, %d made, %d unused entries removed", CACHE.hits, CACHE.misses, removed)
