"""Under ``mkdocs serve --dirty`` (``make serve``), rebuild only the page that was edited, and stay strict.

MkDocs' own dirty mode decides by file times and says, at WARNING level,
that navigation may be wrong, which strict mode turns into a failed build.
This hook makes the decision itself and makes it safe, so the warning is
dropped (that one message only):

* A page is rebuilt when its source changed since the last build (by
  content, not time); saving a stylesheet or script rebuilds no page (the
  dirty build copies the file). Everything is rebuilt when anything a page's HTML
  may depend on changed: mkdocs.yml, the gdnotes package or its data
  (``gdsite.fingerprint``, which also covers the libraries that shape
  output), the hooks, includes/ (glossary), theme overrides, the set of
  pages, or when more than one page changed at once.
* Navigation titles come from mkdocs.yml, so a page that is not rebuilt
  still has its title and its place in the previous/next links.
* The search index keeps the entries of the pages not rebuilt: Material's
  search plugin merges one rebuilt page into its previous index; on a full
  rebuild the previous index is dropped, so no page is listed twice.

Under serve it also keeps the theme's compiled templates between rebuilds
(Jinja's bytecode cache, in memory: MkDocs makes a new template environment
each time and compiled them all again), polls for changes every 0.1 s
rather than 0.5 s, and watches the package, the hooks and includes/ too, so
editing a gdnotes function a lesson uses rebuilds the pages at once.

A plain ``mkdocs build`` (and ``mkdocs serve`` without ``--dirty``) is not
affected: every page is built, every time.
"""

from __future__ import annotations

import hashlib
import logging
import sys
from pathlib import Path

import jinja2
import jinja2.bccache

if str(Path(__file__).parent) not in sys.path:
    sys.path.insert(0, str(Path(__file__).parent))  # for gdsite, the helpers the hooks share
import gdsite  # noqa: E402

DIRTY_WARNING = "A 'dirty' build is being performed"
POLL_SECONDS = 0.1


class _DropDirtyWarning(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith(DIRTY_WARNING)


class Incremental:
    """What the previous build saw, and which pages the next one must rebuild."""

    def __init__(self) -> None:
        self.active = False
        self.global_key = ""
        self.pages: dict[str, str] = {}  # src_uri -> hash of its source, at the last build
        self.rebuilt: list[str] = []

    def start(self, command: str, dirty: bool) -> None:
        self.active = command == "serve" and dirty
        if self.active:
            logging.getLogger("mkdocs.commands.build").addFilter(_DropDirtyWarning())

    def everything(self, config, files) -> str:
        """A hash of all a page's HTML may depend on besides its own source."""
        root = gdsite.root(config)
        digest = hashlib.sha256(gdsite.fingerprint().encode())
        extra = [root / "mkdocs.yml", *sorted((root / "hooks").glob("*.py")), *sorted((root / "includes").rglob("*"))]
        overrides = root / "overrides"
        if overrides.is_dir():
            extra += sorted(overrides.rglob("*"))
        for path in extra:
            if path.is_file():
                digest.update(str(path).encode() + b"\0" + path.read_bytes())
        digest.update("\0".join(sorted(f.src_uri for f in files.documentation_pages())).encode())
        return digest.hexdigest()

    def choose(self, config, files) -> None:
        """Mark each page modified or not (``File.is_modified``), as the dirty build asks."""
        gdsite.BUILD["partial"] = False
        if not self.active:
            return
        key = self.everything(config, files)
        current = {f.src_uri: hashlib.sha256(Path(f.abs_src_path).read_bytes()).hexdigest() for f in files.documentation_pages()}
        changed = [uri for uri, digest in current.items() if self.pages.get(uri) != digest]
        # more than one page at once, or the home page (whose search entries Material's merge cannot tell
        # apart from the others'), is rebuilt with everything; no page changed (a stylesheet or a script
        # was saved): no page is rebuilt, the dirty build copies the changed file
        full = key != self.global_key or len(changed) > 1 or (len(changed) == 1 and files.get_file_from_path(changed[0]).url in ("", "./"))
        self.rebuilt = list(current) if full else changed
        gdsite.BUILD["partial"] = not full
        for file in files.documentation_pages():
            modified = full or file.src_uri in changed
            file.is_modified = (lambda modified=modified: modified)  # type: ignore[method-assign]
        if full:
            search = config.plugins.get("material/search") or config.plugins.get("search")
            if search is not None and hasattr(search, "search_index_prev"):
                search.search_index_prev = None  # every page is indexed again: nothing to merge
        self.global_key, self.pages = key, current
        gdsite.log.info("incremental: rebuilding %s", "every page" if full else ", ".join(self.rebuilt))


class _TemplateCache(jinja2.BytecodeCache):
    """Compiled templates kept in memory, keyed (by Jinja) on each template's name and source."""

    def __init__(self) -> None:
        self.store: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self.store:
            bucket.bytecode_from_string(self.store[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.store[bucket.key] = bucket.bytecode_to_string()


INCREMENTAL = Incremental()
TEMPLATES = _TemplateCache()


def on_startup(command, dirty):
    INCREMENTAL.start(command, dirty)


def on_files(files, config):
    INCREMENTAL.choose(config, files)
    return files


def on_env(env, config, files):
    if INCREMENTAL.active:
        env.bytecode_cache = TEMPLATES
    return env


def on_serve(server, config, builder):
    """Poll faster, and watch what the pages are computed from as well as docs/."""
    if not INCREMENTAL.active:
        return server
    observer = getattr(server, "observer", None)
    for watcher in [observer, *getattr(observer, "emitters", ())]:
        if hasattr(watcher, "_timeout"):
            watcher._timeout = POLL_SECONDS  # watchdog keeps its polling interval here
    root = gdsite.root(config)
    for path in (gdsite.package_dir(), root / "hooks", root / "includes"):
        if path.is_dir():
            server.watch(str(path))
    return server
