"""Helpers for the browser tests of lessons 5-9 (test_widgets_lessonN.py): cheaper ways to do what they check.

- ``Lesson``: one page of a lesson, loaded once for a test module; ``lesson.open(name)`` gives each test a
  new widget on it (the widgets' roots swapped for fresh copies of their built HTML and set up again by the
  loader's ``rescan``, as a new page sets them up) instead of a page load per test. Between tests the page's
  own state goes back too: palette, print and reduced-motion emulation, focus, the console record.
- ``Lesson(..., clock=True)``: the page's timers, animation frames and ``performance.now`` follow Playwright's
  clock (installed before the page loads; time runs on by itself until a test moves it), so a test about what
  an animation does (a race to its end, training until a rule stops it) runs it in moments (``run_until``,
  ``advance``) instead of waiting for it in real seconds. Tests that time real draws use a page of their own.
- ``packed``: a widget's numbers brought back from the page as float64 bytes (base64) instead of Playwright's
  per-number JSON, which made the long runs of the math tests cost seconds each; the values are the same bits.
"""

from __future__ import annotations

import base64
from pathlib import Path

import numpy as np
import pytest
from _browser import clean, fallback_html, wait_all_ready, wait_ready
from conftest import PageProbe, open_probe

PACK = """
(value => {
    const pack = x => {
        if (Array.isArray(x)) {
            const shape = [];
            for (let a = x; Array.isArray(a); a = a[0]) shape.push(a.length);
            const flat = x.flat(Infinity);
            const size = shape.reduce((p, n) => p * n, 1);
            if (flat.length && flat.length === size && flat.every(v => typeof v === 'number')) {
                const bytes = new Uint8Array(new Float64Array(flat).buffer);
                let text = '';
                for (let i = 0; i < bytes.length; i += 32768) text += String.fromCharCode.apply(null, bytes.subarray(i, i + 32768));
                return {__f64: btoa(text), shape: shape};
            }
            return x.map(pack);
        }
        if (x && typeof x === 'object') return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, pack(v)]));
        return x;
    };
    return pack(value);
})
"""


def unpack(value: object) -> object:
    """What ``PACK`` made, back in Python: each packed array of numbers as a float64 numpy array of its shape."""
    if isinstance(value, dict):
        if "__f64" in value:
            return np.frombuffer(base64.b64decode(value["__f64"]), dtype="<f8").reshape(value["shape"])
        return {key: unpack(v) for key, v in value.items()}
    if isinstance(value, list):
        return [unpack(v) for v in value]
    return value


def packed(target, expression: str, argument: object = None) -> object:
    """``target.evaluate(expression, argument)`` (a page, a locator or a handle), its arrays of numbers brought back packed."""
    return unpack(target.evaluate(f"(x, a) => {PACK}(({expression})(x, a))", argument))


class Lesson:
    """A lesson's page, loaded once; ``open(name)`` sets its widgets ``names`` up afresh and returns the root of ``name``.

    With ``clock``, Playwright's clock is installed before the page loads (time runs on by itself until a test
    moves it on): its tests can run an animation on in page time, but a draw's duration measured in the page is
    then page time too, so tests that time real draws need a page of their own.
    """

    def __init__(
        self, browser: object, site_url: str, built_site: Path, path: str, names: tuple[str, ...], clock: bool = False, **options: object
    ) -> None:
        self.url = site_url + path
        self.names = names
        self.built = {name: fallback_html(built_site, path, name) for name in names}
        self.probe: PageProbe = open_probe(browser, **options)
        if clock:
            self.probe.page.clock.install()
        self._load()

    def _load(self) -> None:
        response = self.probe.page.goto(self.url)
        assert response is not None and response.ok
        wait_all_ready(self.probe.page)
        clean(self.probe)  # the load itself erred nothing (each test's own record starts empty: ``reset``)
        self.scheme = self.probe.page.evaluate("document.body.getAttribute('data-md-color-scheme')")

    def close(self) -> None:
        self.probe.page.context.close()

    def reset(self) -> None:
        """The page as loaded: no emulated print or reduced motion, the first palette, nothing focused, no errors kept."""
        page = self.probe.page
        if page.url.split("#")[0] != self.url:
            self._load()
        page.emulate_media(media="null", reduced_motion="null")
        page.evaluate("s => { document.activeElement && document.activeElement.blur(); if (s === null) document.body.removeAttribute('data-md-color-scheme'); "
                      "else if (document.body.getAttribute('data-md-color-scheme') !== s) document.body.setAttribute('data-md-color-scheme', s); }", self.scheme)
        self.probe.console_errors.clear()
        self.probe.external_requests.clear()

    def open(self, name: str):
        """Every widget of ``names`` replaced by a fresh copy of its built HTML and set up again; the root of ``name``, in view."""
        page = self.probe.page
        page.evaluate(
            """built => {
                for (const [name, html] of Object.entries(built)) {
                    const old = document.querySelector(`[data-gd-widget="${name}"]`);
                    const holder = document.createElement('div');
                    holder.innerHTML = html;
                    old.replaceWith(holder.firstElementChild);
                }
                window.gdnotes.widgets.rescan();
            }""",
            self.built,
        )
        for each in self.names:
            assert page.evaluate(f"window.gdnotes.widgets.live('{each}')") <= 1
        wait_ready(page, *self.names)
        for each in self.names:
            assert page.evaluate(f"window.gdnotes.widgets.live('{each}')") == 1, f"{each}: the old widget still runs, or the new one does not"
        root = page.locator(f'[data-gd-widget="{name}"]')
        canvas = root.locator("canvas.gd-canvas")
        (canvas.first if canvas.count() else root).scroll_into_view_if_needed()
        return root


def shared_page(path: str, names: tuple[str, ...], clock: bool = False, lesson: str = "lesson", probe: str = "probe", **options: object):
    """A test module's two fixtures for one shared page: ``lesson`` (module scope: the :class:`Lesson` of ``path`` with its
    widgets ``names``, loaded once) and ``probe`` (each test: that page put back as loaded, ``Lesson.reset``; the module's
    ``nothing_erred`` checks it after the test). Assign both at module level: ``lesson, probe = shared_page(...)``."""

    @pytest.fixture(scope="module", name=lesson)
    def the_lesson(browser: object, site_url: str, built_site: Path):
        shared = Lesson(browser, site_url, built_site, path, names, clock=clock, **options)
        yield shared
        shared.close()

    @pytest.fixture(name=probe)
    def the_probe(request: pytest.FixtureRequest) -> PageProbe:
        shared = request.getfixturevalue(lesson)
        shared.reset()
        return shared.probe

    return the_lesson, the_probe


def advance(page, milliseconds: int, chunk: int = 100) -> None:
    """On a page with Playwright's clock (``Lesson(..., clock=True)``): move the clock on by ``milliseconds``,
    ``chunk`` ms at a time (``fast_forward``: the timers due fire, and an animation draws one frame a chunk, as on
    a slow machine, instead of one every 16 ms)."""
    for _ in range(milliseconds // chunk):
        page.clock.fast_forward(chunk)


def run_until(page, root, condition: str, limit: int = 120_000, chunk: int = 250, every_frame: bool = False) -> None:
    """On a page with Playwright's clock: move the clock on ``chunk`` ms at a time until ``condition`` (JS on the
    widget's state ``s``) holds; fail after ``limit`` ms of page time. Each chunk draws one frame (``fast_forward``),
    or with ``every_frame`` every frame of it (``run_for``: for an animation that caps the time one frame covers)."""
    check = f"r => {{ const s = window.gdnotes.widgets.state(r); return !!({condition}); }}"
    for _ in range(limit // chunk):
        if root.evaluate(check):
            return
        if every_frame:
            page.clock.run_for(chunk)
        else:
            page.clock.fast_forward(chunk)
    assert root.evaluate(check), f"{condition} did not happen within {limit} ms"


def assert_status_quiet_in_page_time(page, root, play: str, moved: str, what: str, seconds: int = 4, chunk: int = 200) -> None:
    """On a page with Playwright's clock: press ``play`` and let ``seconds`` of page time pass (``advance``, a frame
    each ``chunk`` ms: no more than one frame may cover, for a widget that caps it): ``moved`` (JS on the state
    ``s``) holds, and the status line changed once to ``seconds + 1`` times (at most one sentence a second, and
    something said)."""
    from _browser import button, count_status_changes

    count_status_changes(root)
    button(root, play).click()
    advance(page, seconds * 1000, chunk=chunk)
    assert root.evaluate(f"r => {{ const s = window.gdnotes.widgets.state(r); return !!({moved}); }}"), root.evaluate("r => window.gdnotes.widgets.state(r)")
    said = page.evaluate("window.__said")
    assert 1 <= said <= seconds + 1, f"the status changed {said} times in {seconds} s of {what}"
