"""Shared fixtures: one strict build of the site per test session, a local
HTTP server for it, and Playwright pages in Debian's Chromium.

Browser tests need /usr/bin/chromium (Debian's ``chromium`` package, which
``.ci/run`` installs). On a contributor's machine without it they are
skipped with a message saying so; in CI (``CI`` set) a missing Chromium is
an error, never a skip.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    # no host but the test server's resolves: a request to another host fails in the browser itself (open_probe records it)
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]


def mkdocs_config() -> dict:
    """mkdocs.yml as MkDocs reads it, its ``!ENV`` tags resolved (``site_url`` follows ``GDNOTES_SITE_URL``)."""
    from mkdocs.utils.yaml import yaml_load

    with (ROOT / "mkdocs.yml").open(encoding="utf-8") as source:
        return yaml_load(source)


def chromium_path() -> str | None:
    for candidate in (os.environ.get("GDNOTES_CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium")):
        if candidate and Path(candidate).exists():
            return candidate
    return None


#: the date of the test run's builds (make exports the last commit's; the same for every build of one run, read once
#: here, so a test that sets SOURCE_DATE_EPOCH in this process cannot move it)
EPOCH = os.environ.get("SOURCE_DATE_EPOCH", "1767225600")


def _build_command(site_dir: Path, config: Path | None = None, cache: Path | None = None) -> tuple[list[str], dict[str, str]]:
    """The strict build's command and environment: the block cache off, or (``cache``) in a folder of the test run's own."""
    env = {**os.environ, "GDNOTES_EXEC_CACHE": "off", "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": EPOCH, "PYTHONHASHSEED": "0"}
    if cache is not None:
        env.update({"GDNOTES_EXEC_CACHE": "on", "GDNOTES_CACHE_DIR": str(cache)})
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir)]
    if config is not None:
        command += ["--config-file", str(config)]
    return command, env


def build_site(site_dir: Path, docs_dir: Path | None = None, config: Path | None = None) -> subprocess.CompletedProcess:
    """Run ``mkdocs build --strict`` into ``site_dir``; return the finished process."""
    command, env = _build_command(site_dir, config)
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)


class _Build:
    """A strict build running in the background; ``wait()`` waits for it."""

    def __init__(self, site: Path, cache: Path | None = None) -> None:
        self.site = site
        site.parent.mkdir(parents=True, exist_ok=True)
        command, env = _build_command(site, cache=cache)
        self.log = site.parent / "build.log"
        self._log = self.log.open("w")
        self.process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=self._log, stderr=subprocess.STDOUT, text=True)

    def wait(self) -> str:
        """Wait for the build; "" if it passed, else what failed."""
        try:
            code = self.process.wait(timeout=600)
        except subprocess.TimeoutExpired:
            self.process.kill()
            code = self.process.wait()
        finally:
            self._log.close()
        return "" if code == 0 else f"mkdocs build --strict failed:\n{self.log.read_text()[-5000:]}"


def project_skeleton(project: Path) -> None:
    """A project folder with the real docs assets, hooks, includes and theme overrides, and no pages yet
    (the fault tests put their own pages and mkdocs.yml into it)."""
    (project / "docs").mkdir(parents=True)
    shutil.copytree(ROOT / "docs" / "assets", project / "docs" / "assets")
    for folder in ("hooks", "includes", "overrides"):  # the theme's overrides, where there are any
        if (ROOT / folder).is_dir():
            shutil.copytree(ROOT / folder, project / folder)


def _shared_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder this test run shares among its pytest-xdist workers (or its own, without xdist)."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def _builds_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where the site's two builds go: this run's own folder, or ``GDNOTES_TEST_BUILDS``.

    ``GDNOTES_TEST_BUILDS=/some/folder`` is for iterating on tests alone: the first run builds into
    that folder and later runs reuse its builds instead of building the site again (a minute saved
    a run). They do not notice a change to the site's sources: delete the folder after one. CI
    refuses it, so ``make test`` there always tests today's site.
    """
    kept = os.environ.get("GDNOTES_TEST_BUILDS")
    if not kept:
        return _shared_root(tmp_path_factory) / "gdnotes-builds"
    if os.environ.get("CI"):
        raise pytest.UsageError("GDNOTES_TEST_BUILDS reuses an earlier build of the site; CI must build its own (unset it)")
    return Path(kept).resolve()


_NEEDS_SITE = {"any": False}
LONGEST = ("tests/test_incremental.py", "tests/test_a11y.py")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test that drives Chromium (through ``browser``, ``probe`` or ``phone_probe``) is marked ``browser``.

    The files whose tests need the built site run after the others (each file's tests stay together), and
    the site's two builds start with the run (``_build_early``): while they build, the workers run the
    package's own tests instead of waiting for them.
    """
    for item in items:
        if "browser" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)
    needs = {item.nodeid.split("::")[0] for item in items if "_two_builds" in getattr(item, "fixturenames", ())}
    _NEEDS_SITE["any"] = bool(needs)
    first = {}
    for index, item in enumerate(items):
        first.setdefault(item.nodeid.split("::")[0], index)
    order = {id(item): index for index, item in enumerate(items)}
    def key(item: pytest.Item) -> tuple:
        file = item.nodeid.split("::")[0]
        # of the site's files, the longest (a minute or two on one worker) first, so it does not end the run alone
        return (file in needs, file not in LONGEST, first[file], order[id(item)])

    items.sort(key=key)


def _build_both(root: Path) -> None:
    """The two builds (see ``_two_builds``), made by whichever process gets the lock first; the others wait."""
    from filelock import FileLock

    status = root / "status"
    with FileLock(str(root / "lock")):
        if not status.exists():
            cache = root / "cache"
            failure = _Build(root / "first" / "site", cache).wait() or _Build(root / "again" / "site", cache).wait()
            status.write_text(failure or "ok")


@pytest.fixture(scope="session", autouse=True)
def _build_early(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Start the site's builds at the start of the run, in a thread of the first worker, when any test needs them."""
    if not _NEEDS_SITE["any"] or os.environ.get("PYTEST_XDIST_WORKER", "gw0") != "gw0":
        return
    import threading

    root = _builds_root(tmp_path_factory)
    root.mkdir(parents=True, exist_ok=True)
    threading.Thread(target=_build_both, args=(root,), name="gdnotes-builds", daemon=True).start()


@pytest.fixture(scope="session")
def _two_builds(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """Two strict builds of the same sources, made once per test run.

    The first starts from an empty block cache of this test run's own, so
    every executed block runs (a fresh build) and fills it; the second
    reuses it, so every block comes from the cache. The reproducibility test
    compares them byte for byte: that also proves a cached page equals a
    fresh one. Other tests that build (tests/test_incremental.py) start from
    this cache (``build_cache``). With pytest-xdist (``make test`` runs two
    workers) the first worker to get here builds, under a file lock, and the
    others wait for it and reuse the result.
    """
    root = _builds_root(tmp_path_factory)
    root.mkdir(parents=True, exist_ok=True)
    first, again = root / "first" / "site", root / "again" / "site"
    status = root / "status"
    _build_both(root)  # waits, under the lock, for the builds _build_early started, or makes them
    if status.read_text() != "ok":
        pytest.fail(status.read_text())
    return first, again


@pytest.fixture(scope="session")
def built_site(_two_builds: tuple[Path, Path]) -> Path:
    """The site, built once, strictly; the build's log is kept beside it."""
    return _two_builds[0]


@pytest.fixture(scope="session")
def built_site_again(_two_builds: tuple[Path, Path]) -> Path:
    """A second build of the same sources, every block from the first one's cache (for the reproducibility test)."""
    return _two_builds[1]


@pytest.fixture(scope="session")
def build_cache(_two_builds: tuple[Path, Path]) -> Path:
    """The block and value caches the two builds filled (for builds in other tests to start warm from)."""
    return _two_builds[0].parent.parent / "cache"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def site_url(built_site: Path) -> Iterator[str]:
    """Base URL (ending in /) of a local server for the built site."""
    handler = functools.partial(_QuietHandler, directory=str(built_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Debian's Chromium driven by Playwright."""
    executable = chromium_path()
    if executable is None:
        if os.environ.get("CI"):
            pytest.fail("Chromium not found at /usr/bin/chromium: .ci/run must install Debian's chromium package")
        pytest.skip("Browser tests need Debian's chromium (apt-get install chromium); not found on this machine")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


class PageProbe:
    """A Playwright page that records console errors and requests to other hosts."""

    def __init__(self, page: object) -> None:
        self.page = page
        self.console_errors: list[str] = []
        self.external_requests: list[str] = []


#: URLs that ask no host: always allowed
NO_HOST = ("data:", "blob:", "about:")


def open_probe(
    browser: object, viewport: dict | None = None, color_scheme: str = "light", java_script_enabled: bool = True, serve: Callable | None = None
) -> PageProbe:
    """A new context and page; requests leaving 127.0.0.1 are recorded, and fail.

    With ``serve(route, url)``, which answers the requests it takes and returns True for them,
    nothing goes to 127.0.0.1 either: only what ``serve`` takes and data:, blob: and about: URLs.
    """
    context = browser.new_context(
        viewport=viewport or {"width": 1280, "height": 900},
        color_scheme=color_scheme,
        java_script_enabled=java_script_enabled,
        has_touch=bool(viewport and viewport.get("width", 1280) < 600),
        is_mobile=bool(viewport and viewport.get("width", 1280) < 600),
    )
    page = context.new_page()
    probe = PageProbe(page)

    if serve is None:
        # No request is intercepted (an intercepting route costs a round trip through this process for every
        # request and turns off the browser's cache): a request to another host fails to resolve
        # (CHROMIUM_FLAGS) and is recorded here as it is made.
        def record(request: object) -> None:
            if not request.url.startswith(("http://127.0.0.1", *NO_HOST)):
                probe.external_requests.append(request.url)

        context.on("request", record)
    else:
        def route(route_obj: object) -> None:
            url = route_obj.request.url
            if serve(route_obj, url):
                return
            if url.startswith(NO_HOST):
                route_obj.continue_()
            else:
                probe.external_requests.append(url)
                route_obj.abort()

        context.route("**/*", route)
    page.on("console", lambda msg: probe.console_errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda error: probe.console_errors.append(str(error)))
    return probe


@pytest.fixture
def probe(browser: object) -> Iterator[PageProbe]:
    """A desktop-sized page in the light palette; closed after the test."""
    p = open_probe(browser)
    yield p
    p.page.context.close()


@pytest.fixture
def phone_probe(browser: object) -> Iterator[PageProbe]:
    """A 390 x 844 touch page, as on a phone."""
    p = open_probe(browser, viewport={"width": 390, "height": 844})
    yield p
    p.page.context.close()
