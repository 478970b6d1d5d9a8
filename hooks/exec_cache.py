"""Executed-block cache: markdown-exec's Python blocks, run once per change.

markdown-exec re-runs every block on every build. This hook keeps each
block's output in ``.cache/gdnotes-exec``, keyed by the block, the blocks
before it in its session and the package fingerprint (``gdsite.fingerprint``:
gdnotes' sources and data, the versions of the libraries that shape output).
A warm build reuses outputs whose inputs did not change; a miss replays the
session's earlier blocks first, so the block sees the state it expects.

This is the one place that touches markdown-exec's internals: it wraps the
private ``markdown_exec._internal.formatters.python._run_python``, which has
no public replacement. pyproject.toml pins markdown-exec to the releases this
was tested with, and tests/test_hooks.py fails with a plain message if the
wrapped function moves or changes its signature.

Environment:

* ``GDNOTES_EXEC_CACHE=off`` runs every block; ``GDNOTES_CACHE_DIR`` puts
  the cache somewhere else than ``.cache/``.
* ``GDNOTES_EXEC_PROFILE=FILE`` writes each executed block's wall time
  (session, first line, seconds) to FILE as JSON (``scripts/bench.py``).
* At the end of a full build, the entries it did not use are removed (an
  old page's, or one computed from code that has changed since); a partial
  rebuild under ``make serve`` keeps them, removing only those unused for
  30 days.

A block that raises stops the build at once with the page, the line of
its fence, the line inside the block and the error, as in
``docs/lessons/03-update-rule.md:142 (block line 7): ValueError: ...``
(markdown-exec itself would log a warning, put the traceback into the page
and let strict mode fail at the very end, naming neither). A block that
prints ``nan``, ``inf`` or a Python traceback into the page fails the same
way, unless its fence says the reader is meant to see a non-finite number:
``nonfinite="shown"`` (lesson 4 shows a run turning into ``inf`` and
``nan`` on purpose). This hook takes that marker off the fence before
markdown-exec reads it.
"""

from __future__ import annotations

import hashlib
import inspect
import json
import os
import re
import sys
import time
import traceback
from pathlib import Path

if str(Path(__file__).parent) not in sys.path:
    sys.path.insert(0, str(Path(__file__).parent))  # for gdsite, the helpers the hooks share
import gdsite  # noqa: E402

from markdown_exec import ExecutionError  # noqa: E402
from markdown_exec._internal.formatters import python as _markdown_exec_python  # noqa: E402
from mkdocs.exceptions import PluginError  # noqa: E402
from pymdownx.superfences import SuperFencesException  # noqa: E402


class BlockFailed(SuperFencesException, PluginError):
    """A block raised: superfences lets this one through (it swallows other errors) and MkDocs stops the build with it."""

#: the private function wrapped here, and the parameters the wrapper relies on
PATCHED = "markdown_exec._internal.formatters.python._run_python"
EXPECTED_PARAMETERS = ("code", "returncode", "session", "id")
MAX_AGE_DAYS = 30
NOT_A_NUMBER = re.compile(r"(?<![\w.-])-?(?:nan|inf|infinity)(?![\w.])", re.I)
TRACEBACK = "Traceback (most recent call last)"
#: the fence option that lets a block print a non-finite number on purpose
NONFINITE = 'nonfinite="shown"'
_MARKER = re.compile(r'^(\s*(?:`{3,}|~{3,}).*?) nonfinite="shown"', re.M)


def _block_line(error: BaseException | None) -> int | None:
    """The line, counted from 1 inside the block, where ``error`` was raised (its deepest frame in the block's code)."""
    line = None
    frame = error.__traceback__ if error is not None else None
    while frame is not None:
        if frame.tb_frame.f_code.co_filename.startswith("<code block"):
            line = frame.tb_lineno
        frame = frame.tb_next
    return line


def _trace(error: BaseException, code: str) -> str:
    """``error``'s traceback from the block's code on (markdown-exec's frames before it left out, the block's lines shown)."""
    lines = code.split("\n")
    out = ["Traceback (most recent call last):"]
    frames = traceback.extract_tb(error.__traceback__)
    first = next((i for i, frame in enumerate(frames) if frame.filename.startswith("<code block")), 0)
    for frame in frames[first:]:
        if frame.filename.startswith("<code block"):
            out.append(f"  block line {frame.lineno}, in {frame.name}")
            text = lines[frame.lineno - 1].strip() if 0 < (frame.lineno or 0) <= len(lines) else ""
        else:
            out.append(f'  File "{frame.filename}", line {frame.lineno}, in {frame.name}')
            text = (frame.line or "").strip()
        if text:
            out.append(f"    {text}")
    out.extend(line.rstrip("\n") for line in traceback.format_exception_only(error))
    return "\n".join(out)


def check_markdown_exec() -> None:
    """Fail with a plain message if markdown-exec no longer has the function this hook wraps."""
    run = getattr(_markdown_exec_python, "_run_python", None)
    if run is None or not callable(run):
        raise RuntimeError(f"markdown-exec changed: {PATCHED} is gone; hooks/exec_cache.py must be updated")
    original = getattr(run, "original", run)
    names = tuple(inspect.signature(original).parameters)
    if names[: len(EXPECTED_PARAMETERS)] != EXPECTED_PARAMETERS:
        raise RuntimeError(
            f"markdown-exec changed: {PATCHED} takes {names}, hooks/exec_cache.py expects {EXPECTED_PARAMETERS} first"
        )


class ExecCache:
    """Output cache for markdown-exec's Python blocks (see the module docs)."""

    def __init__(self, run) -> None:
        self.original = run
        self.timings: list[tuple[str | None, str, float]] = []
        self.directory: Path | None = None
        self.fingerprint = ""
        self.history: dict[str | None, list[tuple[str, dict]]] = {}
        self.replayed: dict[str | None, int] = {}
        self.hits = self.misses = 0
        self.used: set[str] = set()  # the keys this build read or wrote
        self.page: tuple[str, str] = ("", "")  # the page being converted: its path and its file's text

    def fence(self, code: str) -> tuple[str, str]:
        """``docs/<page>:<line>`` of the fence that holds ``code`` in the current page's file, and that fence's line."""
        from gdnotes.lessons import UnclosedFence, fences  # the build's one reading of a page's fences

        path, text = self.page
        wanted = [line.strip() for line in code.strip("\n").split("\n")]
        lines = text.split("\n")
        try:
            found = fences(lines)
        except UnclosedFence:
            found = []
        for fence in found:
            if [line.strip() for line in lines[fence.start + 1 : fence.end]] == wanted:
                return f"{path}:{fence.start + 1}", lines[fence.start].strip()
        return path or "an unknown page", ""

    def where(self, code: str) -> str:
        return self.fence(code)[0]

    def check(self, code: str, output: str) -> str:
        """``output``, unless the block printed a traceback, or NaN or infinity without ``nonfinite="shown"`` on its fence."""
        if TRACEBACK in output:
            raise BlockFailed(f"{self.where(code)}: this executed block printed a Python traceback into the page")
        found = NOT_A_NUMBER.search(output)
        if found:
            where, line = self.fence(code)
            if NONFINITE not in line:
                raise BlockFailed(
                    f"{where}: this executed block printed {found.group(0)!r} into the page. Format the number "
                    "(gdnotes.tables.number writes NaN as — and infinity as ∞) or report the divergence in words; "
                    f'a block meant to show it says so on its fence: {NONFINITE}'
                )
        return output

    def run(self, code: str, **options):
        began = time.perf_counter()
        try:
            return self.original(code, **options)
        except ExecutionError as error:
            cause = error.__cause__
            summary = "".join(traceback.format_exception_only(cause)).strip() if cause else "it failed"
            line = _block_line(cause)
            inside = f" (block line {line})" if line else ""
            raise BlockFailed(f"{self.where(code)}{inside}: {summary}\n{_trace(cause, code) if cause else error}") from None
        finally:
            first = next((line.strip() for line in code.splitlines() if line.strip()), "")
            self.timings.append((options.get("session"), first[:80], time.perf_counter() - began))

    def start(self, config) -> None:
        self.timings = []
        self.history, self.replayed = {}, {}
        self.hits = self.misses = 0
        self.used = set()
        self.fingerprint = gdsite.fresh_package()
        enabled = os.environ.get("GDNOTES_EXEC_CACHE", "on").lower() not in {"off", "0", "false", "no"}
        self.directory = gdsite.cache_dir(config, "gdnotes-exec") if enabled else None

    def __call__(self, code: str, returncode=None, session=None, id=None, **extra):  # noqa: A002
        return self.check(code, self.output(code, returncode=returncode, session=session, id=id, **extra))

    def output(self, code: str, returncode=None, session=None, id=None, **extra) -> str:  # noqa: A002
        """The block's output: from the cache when its key is there, else run (and stored)."""
        if self.directory is None:
            return self.run(code, returncode=returncode, session=session, id=id, **extra)
        # a block without a session runs on its own (markdown-exec gives it fresh globals),
        # so its key is the block alone, whatever other pages or a partial rebuild ran before it
        earlier = self.history.setdefault(session, []) if session else []  # markdown-exec passes "" for no session
        digest = hashlib.sha256(self.fingerprint.encode())
        for block, _ in [*earlier, (code, extra)]:
            digest.update(b"\0block\0" + block.encode())
        key = digest.hexdigest()
        earlier.append((code, {"returncode": returncode, "id": id, **extra}))
        cached = self.directory / f"{key}.out"
        self.used.add(cached.name)
        if cached.exists():
            self.hits += 1
            os.utime(cached)  # still in use: keep it past the clean-up
            return cached.read_text(encoding="utf-8")
        self.misses += 1
        if session:
            done = self.replayed.get(session, 0)
            for block, options in earlier[done:-1]:
                self.run(block, session=session, **options)
            self.replayed[session] = len(earlier)
        output = self.run(code, returncode=returncode, session=session, id=id, **extra)
        self.directory.mkdir(parents=True, exist_ok=True)
        temporary = cached.with_suffix(".tmp")
        temporary.write_text(output, encoding="utf-8")
        temporary.replace(cached)
        return output

    def prune(self, max_age_days: float | None = MAX_AGE_DAYS) -> int:
        """Remove the entries this build did not use: all of them (``max_age_days=None``, after a full
        build) or those also unused for ``max_age_days``. Returns how many."""
        if self.directory is None or not self.directory.is_dir():
            return 0
        limit = None if max_age_days is None else time.time() - max_age_days * 86400
        old = [
            path for path in self.directory.glob("*.out")
            if path.name not in self.used and (limit is None or path.stat().st_mtime < limit)
        ]
        for path in old:
            path.unlink(missing_ok=True)
        return len(old)


check_markdown_exec()
EXEC_CACHE = ExecCache(getattr(_markdown_exec_python._run_python, "original", _markdown_exec_python._run_python))
_markdown_exec_python._run_python = EXEC_CACHE


def on_pre_build(config):
    EXEC_CACHE.start(config)


def on_page_markdown(markdown, page, config, files):
    try:
        text = page.file.content_string  # as written, front matter and quiz fences included: its line numbers are the file's
    except OSError:
        text = markdown
    EXEC_CACHE.page = (f"docs/{page.file.src_uri}", text)
    return _MARKER.sub(r"\1", markdown)  # markdown-exec would copy an option it does not know into the page


def on_post_build(config):
    profile = os.environ.get("GDNOTES_EXEC_PROFILE")
    if profile:
        rows = [{"session": s, "first_line": line, "seconds": round(t, 4)} for s, line, t in EXEC_CACHE.timings]
        Path(profile).write_text(json.dumps(rows, indent=1) + "\n", encoding="utf-8")
    if EXEC_CACHE.directory is not None:
        removed = EXEC_CACHE.prune(MAX_AGE_DAYS if gdsite.BUILD["partial"] else None)
        gdsite.log.info("executed-block cache: %d reused, %d run, %d unused entries removed", EXEC_CACHE.hits, EXEC_CACHE.misses, removed)
