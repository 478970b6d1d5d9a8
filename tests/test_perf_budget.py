"""Main-thread work at load stays under a budget (issue 13: total blocking time ≤ 200 ms, CLS ≤ 0.02).

Lighthouse (``make lighthouse``) measures the site as a phone gets it; these tests keep the causes
it found from coming back, cheaply enough for ``make test``:

* Material's ``content.tooltips`` set up a tooltip component for every element of the article
  with a ``title``, and its code-block set-up (copy button, size watch) runs for every ``pre > code``:
  an API page had over 300 of the one and 200 of the other. The hooks leave titles only on the
  glossary terms (hooks/glossary.py) and keep API signatures out of the code-block set-up
  (hooks/site_assets.py); the first tests check that on the hooks and on the built pages. The
  feature is now off: overrides/main.html shows a term's definition when it is first hovered or
  focused (tests/test_browser.py), and sets nothing up at load.
* The main thread's work while an API page loads, measured as *thread time* from a Chromium trace,
  stays within a few times that of a small page (the bibliography) loaded the same way: a ratio,
  so a slower machine does not fail it. With the hooks' changes the ratio was 3.0-3.1; before
  them 4.2 (budget 4). Thread time is measured at full speed and read as 4x for a phone: with
  CDP ``Emulation.setCPUThrottlingRate`` on, Chromium suspends the thread in slices and the
  thread time it reports grew 2-3x and moved 30 % between runs on a busy machine.
* On a widget lesson, loaded and then scrolled from top to bottom so that every widget sets
  itself up, no task of the main thread takes long (widgets slice their work or precompute it).
* The home page's first-screen widget starts without moving the text below (layout shift),
  with the CPU slowed 4x (``Emulation.setCPUThrottlingRate``, as Lighthouse's mobile preset), and in
  slices: no task runs more than WIDGET_TASK_MS of widget code (in one task, the marble's start was a
  long task of its own on a phone, about a third of the home page's blocking time).
* Material's start-up made Chromium restyle every element of the page four or five times (a style pass
  over 3,500 elements on a lesson: 80-160 ms each on a phone-speed CPU): for <html>'s classes, the links'
  absolute addresses, the palette's attributes on <body> and ``data-md-color-switching``, and the
  ``<meta name="color-scheme">`` it adds and writes twice. overrides/main.html makes those changes before
  the page is first styled, or spares them, and each Markdown table has a box of its own (hooks/site_assets.py),
  so that Material wrapping it at load restyles the table and not the whole article: a page is styled
  one to two times over while it loads (the parser's passes), in either palette and with a stored palette
  choice; the page's colour scheme still follows the palette (tests/test_browser.py switches it).
"""

from __future__ import annotations

import importlib.util
import re
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SLOWDOWN = 4  # Lighthouse's mobile preset slows the CPU 4x
API_PAGE = "reference/api/values/"
SMALL_PAGE = "reference/bibliography/"
API_RATIO = 4.0  # an API page's main-thread time at load, at most this many times the small page's
WIDGET_LESSONS = ("lessons/06-landscape-fights-back/", "lessons/09-beyond-gd/")  # the widgets slowest to set up
STYLE_WORK = 2.5  # elements styled while a page loads, over the page's size: 1.0-1.7 measured, 4.4-6.4 before (issue 13)
PASS_PAGES = ("lessons/09-beyond-gd/", SMALL_PAGE)  # (practice: most of it is in closed solutions, which a restyle skips)
LONGEST_TASK_MS = 100  # thread time of one main-thread task (400 ms on a phone-speed CPU): generous; 58 and 35 measured
WIDGET_TASK_MS = 12  # widget code in one task while the home page loads (48 ms on a phone-speed CPU): 7-9 measured, 15-16 in one task


def _hook(name: str):
    spec = importlib.util.spec_from_file_location(f"gdnotes_hook_{name}", ROOT / "hooks" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# --- the hooks ------------------------------------------------------------------------


def test_permalinks_keep_their_name_without_a_tooltip() -> None:
    glossary = _hook("glossary")
    page = (
        '<h2 id="a">A<a class="headerlink" href="#a" title="Permanent link">&para;</a></h2>'
        '<h2 id="b">B<a href="#b" class="headerlink" title="Permanent link">&para;</a></h2>'
        '<p><abbr tabindex="0" title="A term.">term</abbr></p>'
    )
    out = glossary.fewer_titles(page, "lessons/a.md")
    assert out.count('aria-label="Permanent link"') == 2 and "title=\"Permanent link\"" not in out
    assert '<abbr tabindex="0" title="A term.">' in out, "a glossary term keeps its tooltip"


def test_api_cross_references_lose_their_title_and_keep_their_link() -> None:
    glossary = _hook("glossary")
    page = '<a class="autorefs autorefs-internal" title="  gdnotes.show" href="#gdnotes.show">show</a> <span title="numpy.ndarray">ndarray</span>'
    out = glossary.fewer_titles(page, "reference/api/lessons.md")
    assert out == '<a class="autorefs autorefs-internal" href="#gdnotes.show">show</a> <span>ndarray</span>'
    assert '<span title="numpy.ndarray">' in glossary.fewer_titles(page, "lessons/a.md"), "only API pages lose type titles"


def test_signatures_leave_material_code_block_set_up() -> None:
    site_assets = _hook("site_assets")
    signature = '<div class="doc-signature highlight"><pre><span></span><code><span class="n">f</span>(x)</code></pre></div>'
    example = '<div class="highlight"><pre><span></span><code>f(1)</code></pre></div>'
    out = site_assets.plain_signatures(signature + example)
    assert '<pre><span></span><span class="gd-signature"><code><span class="n">f</span>(x)</code></span></pre>' in out
    assert example in out, "an example keeps Material's copy button"


def test_markdown_tables_get_a_box_of_their_own() -> None:
    site_assets = _hook("site_assets")
    page = '<p>A</p>\n<table>\n<thead><tr><th>x</th></tr></thead>\n</table>\n<table class="dataframe"><tr><td>1</td></tr></table>'
    out = site_assets.boxed_tables(page)
    assert out.startswith('<p>A</p>\n<div class="gd-table">\n<table>\n<thead>') and out.count('<div class="gd-table">') == 1
    assert '</table>\n</div>\n<table class="dataframe">' in out, "a table with attributes (not Markdown's) is left as it is"


def test_built_tables_are_boxed(built_site: Path) -> None:
    for page in ("lessons/09-beyond-gd", "practice"):
        article = _article(built_site, page)
        bare = len(re.findall(r"<table>", article))
        assert bare and article.count('<div class="gd-table">\n<table>') == bare, f"{page}: {bare} tables, not each in its own box"


# --- the built pages ------------------------------------------------------------------


def _article(built_site: Path, page: str) -> str:
    html = (built_site / page / "index.html").read_text(encoding="utf-8")
    return html[html.index("<article") : html.index("</article>")]


def test_api_pages_give_material_few_tooltips_and_code_blocks(built_site: Path) -> None:
    for page in sorted((built_site / "reference" / "api").glob("*/index.html")):
        article = _article(built_site, str(page.parent.relative_to(built_site)))
        titled = re.findall(r"<(\w+)\b[^>]*\btitle=", article)
        assert len(titled) <= 10, f"{page}: {len(titled)} elements with a title, each a tooltip Material sets up at load"
        blocks = re.findall(r"<pre\b[^>]*>(?:<span></span>)?<code", article)
        signatures = article.count('class="doc-signature')
        assert signatures and len(blocks) < signatures, f"{page}: signatures are still code blocks Material sets up"


# --- the browser: main-thread time ----------------------------------------------------


def _trace(page: object, categories: str, action) -> list[dict]:
    """The events of a Chromium trace (``categories``) of the page while ``action()`` runs."""
    session = page.context.new_cdp_session(page)
    events: list[dict] = []
    done = threading.Event()
    session.on("Tracing.dataCollected", lambda params: events.extend(params["value"]))
    session.on("Tracing.tracingComplete", lambda params: done.set())
    session.send("Tracing.start", {"categories": categories, "transferMode": "ReportEvents"})
    action()
    session.send("Tracing.end")
    for _ in range(300):
        if done.is_set():
            break
        page.wait_for_timeout(100)
    assert done.is_set(), "Chromium did not finish the trace"
    return events


def _main_thread_events(page: object, action) -> list[dict]:
    """The complete events ("X") of the page's main thread during ``action()``, from a Chromium trace.

    A trace holds every renderer of the browser, and the browser is the test run's: only the renderer process
    that drew this page's main frame counts (with every renderer, a page another test left busy made an API page
    cost four times the small page under ``make test``, against 1.1 times alone)."""
    frame = page.context.new_cdp_session(page).send("Page.getFrameTree")["frameTree"]["frame"]["id"]
    events = _trace(page, "toplevel,devtools.timeline", action)

    def of_frame(event: dict) -> bool:
        args = event.get("args") or {}
        return frame in ((args.get("data") or {}).get("frame"), (args.get("beginData") or {}).get("frame"))

    mine = {e["pid"] for e in events if of_frame(e)}
    assert mine, "no event of the trace belongs to the page's frame"
    threads = {
        (e["pid"], e["tid"]) for e in events
        if e.get("name") == "thread_name" and e.get("args", {}).get("name") == "CrRendererMain" and e["pid"] in mine
    }
    return [e for e in events if (e.get("pid"), e.get("tid")) in threads and e.get("ph") == "X"]


TASKS = ("RunTask", "ThreadControllerImpl::RunTask")


def _main_thread_tasks(page: object, action) -> list[float]:
    """Thread time (ms) of each task the page's main thread ran during ``action()``."""
    return [e["tdur"] / 1000 for e in _main_thread_events(page, action) if e.get("name") in TASKS and "tdur" in e]


def _load(browser: object, url: str, then=None) -> list[float]:
    """The main thread's tasks while ``url`` loads (and 2 s after, the window the API ratio's budget was set on: with
    1 s, one CI run under load measured 4.1x, where a quiet machine gives 1.1x either way), or with ``then(page)``,
    while that runs, 1 s after the load (Material's work after it, the search index and the sitemap, is done well
    within that on loopback)."""
    context = browser.new_context(viewport={"width": 412, "height": 823}, is_mobile=True, has_touch=True)
    try:
        page = context.new_page()
        if then is None:
            return _main_thread_tasks(page, lambda: (page.goto(url, wait_until="load"), page.wait_for_timeout(2000)))
        page.goto(url, wait_until="load")
        page.wait_for_timeout(1000)
        return _main_thread_tasks(page, lambda: then(page))
    finally:
        context.close()


def test_api_page_load_costs_a_few_small_pages(site_url: str, browser: object) -> None:
    small = sorted(sum(_load(browser, site_url + SMALL_PAGE)) for _ in range(3))[1]
    api = sorted(sum(_load(browser, site_url + API_PAGE)) for _ in range(3))[1]
    assert small > 0, "the trace holds no main-thread task"
    assert api <= API_RATIO * small, (
        f"{API_PAGE} took {api:.0f} ms of main-thread time to load, {api / small:.1f} times {SMALL_PAGE} ({small:.0f} ms); "
        f"budget {API_RATIO}x: look for what Material (or a script of ours) sets up per element"
    )


@pytest.mark.parametrize("lesson", WIDGET_LESSONS)
def test_widget_lesson_has_no_long_task(site_url: str, browser: object, lesson: str) -> None:
    def scroll_through(page: object) -> None:
        height = page.evaluate("document.documentElement.scrollHeight")
        for y in range(0, height, 800):  # a screen's height a step: each widget comes into view (and sets up) on the way
            page.evaluate(f"window.scrollTo(0, {y})")
            page.wait_for_timeout(200)
        page.wait_for_timeout(1500)
        waiting = page.evaluate(
            """[...document.querySelectorAll('[data-gd-widget]')]
                .filter(r => !r.querySelector(':scope > .gd-fallback > .gd-widget-placeholder') && !r.hasAttribute('data-gd-ready'))
                .map(r => r.dataset.gdWidget)"""
        )
        assert waiting == [], f"{lesson}: scrolled through, these widgets never set up, so the trace missed their work: {waiting}"

    tasks = _load(browser, site_url + lesson, scroll_through)
    assert tasks, "the trace holds no main-thread task"
    assert max(tasks) <= LONGEST_TASK_MS, (
        f"{lesson}: a main-thread task took {max(tasks):.0f} ms of thread time ({SLOWDOWN * max(tasks):.0f} ms on a "
        f"phone-speed CPU); budget {LONGEST_TASK_MS} ms: slice the work or precompute it at build"
    )


def _widget_code_per_task(page: object, action) -> list[float]:
    """Thread time (ms) of the widgets' code (scripts under assets/widgets/) in each main-thread task during ``action()``."""
    main = _main_thread_events(page, action)
    tasks = [e for e in main if e.get("name") in TASKS]
    calls = [
        e for e in main
        if e.get("name") in ("FunctionCall", "EvaluateScript") and "/assets/widgets/" in ((e.get("args") or {}).get("data") or {}).get("url", "")
    ]
    return [sum(c.get("tdur", c["dur"]) for c in calls if t["ts"] <= c["ts"] < t["ts"] + t["dur"]) / 1000 for t in tasks]


def test_home_widget_starts_in_slices(site_url: str, browser: object) -> None:
    """widgets.js starts a widget in two tasks (its setup, then its first drawing); lib/surface3d.js builds its mesh
    without an array a point. The median of three loads, each the longest task's widget code."""
    longest = []
    for _ in range(3):
        context = browser.new_context(viewport={"width": 412, "height": 823}, is_mobile=True, has_touch=True)
        try:
            page = context.new_page()

            def load() -> None:
                page.goto(site_url, wait_until="load")
                page.wait_for_selector("[data-gd-widget][data-gd-ready]", timeout=15000)
                page.wait_for_timeout(300)

            longest.append(max(_widget_code_per_task(page, load)))
        finally:
            context.close()
    median = sorted(longest)[1]
    assert 0 < median <= WIDGET_TASK_MS, (
        f"the home page's widget ran {median:.1f} ms of its code in one task (median of {[round(t, 1) for t in longest]}; "
        f"{SLOWDOWN * median:.0f} ms on a phone-speed CPU); budget {WIDGET_TASK_MS} ms: a long task on a phone"
    )


def test_home_widget_starts_without_moving_the_text(site_url: str, browser: object) -> None:
    context = browser.new_context(viewport={"width": 412, "height": 823}, is_mobile=True, has_touch=True)
    try:
        page = context.new_page()
        page.add_init_script(
            "window.__gdShift = 0; new PerformanceObserver(function (list) { list.getEntries().forEach(function (e) {"
            " if (!e.hadRecentInput) window.__gdShift += e.value; }); }).observe({type: 'layout-shift', buffered: true});"
        )
        session = page.context.new_cdp_session(page)
        session.send("Emulation.setCPUThrottlingRate", {"rate": SLOWDOWN})
        page.goto(site_url, wait_until="load")
        page.wait_for_selector("[data-gd-widget][data-gd-ready]", timeout=15000)
        page.wait_for_timeout(500)
        shift = page.evaluate("window.__gdShift")
        assert shift <= 0.02, f"the home page's layout shifted {shift:.3f} while its widget started (issue 13: at most 0.02)"
    finally:
        context.close()


# --- the browser: whole-page style passes at load --------------------------------------


def _style_work(browser: object, site_url: str, path: str, scheme: str, stored: str | None) -> tuple[float, dict]:
    """How many times over Chromium styles the page while ``path`` loads and 1.5 s after, with the reader's
    ``scheme`` (light or dark) and Material's stored palette choice ``stored`` (JSON, or None): the elements
    of every style pass, summed, over those of one pass over the whole page (made at the end by rewriting
    the page's color-scheme meta, which restyles everything); and the page's palette: <body>'s attributes,
    the color-scheme metas in <head> and the header's computed colour scheme."""
    context = browser.new_context(viewport={"width": 412, "height": 823}, is_mobile=True, color_scheme=scheme)
    try:
        page = context.new_page()
        if stored is not None:
            page.goto(site_url + SMALL_PAGE)  # a page of the same site: the stored choice is the lesson's too
            page.evaluate(f"localStorage.setItem(__md_scope.pathname + '.__palette', JSON.stringify({stored}))")
        palette: dict = {}

        def load() -> None:
            page.goto(site_url + path, wait_until="load")
            page.wait_for_timeout(1500)
            palette.update(page.evaluate(
                """() => ({
                    body: Object.fromEntries([...document.body.attributes].filter(a => a.name.startsWith('data-md-color')).map(a => [a.name, a.value])),
                    metas: [...document.querySelectorAll('meta[name=color-scheme]')].map(m => m.getAttribute('content')),
                    header: getComputedStyle(document.querySelector('header')).colorScheme,
                })"""
            ))

        events = _trace(page, "devtools.timeline,disabled-by-default-devtools.timeline", load)
        loading = sum(e.get("args", {}).get("elementCount", 0) for e in events if e.get("name") == "UpdateLayoutTree")
        whole = _trace(page, "devtools.timeline,disabled-by-default-devtools.timeline", lambda: page.evaluate(
            "() => { const m = document.querySelector('meta[name=color-scheme]'); m.setAttribute('content', m.getAttribute('content')); document.body.offsetWidth; }"
        ))
        once = max((e.get("args", {}).get("elementCount", 0) for e in whole if e.get("name") == "UpdateLayoutTree"), default=0)
        assert once > 0, f"{path}: rewriting the color-scheme meta restyled nothing, so the page's size is unknown"
        return loading / once, palette
    finally:
        context.close()


@pytest.mark.parametrize(
    ("scheme", "stored", "expected"),
    [
        ("light", None, {"data-md-color-scheme": "default", "data-md-color-media": "(prefers-color-scheme)"}),
        ("dark", None, {"data-md-color-scheme": "slate", "data-md-color-media": "(prefers-color-scheme)"}),
        ("light", '{"index": 2}', {"data-md-color-scheme": "slate", "data-md-color-media": "(prefers-color-scheme: dark)"}),
    ],
    ids=["light", "dark", "stored-dark"],
)
def test_pages_load_styled_about_once(site_url: str, browser: object, scheme: str, stored: str | None, expected: dict) -> None:
    for path in PASS_PAGES:
        work, palette = _style_work(browser, site_url, path, scheme, stored)
        body = palette["body"]
        assert expected.items() <= body.items() and "data-md-color-switching" not in body, f"{path}: palette attributes after load {body}"
        wanted = "dark" if expected["data-md-color-scheme"] == "slate" else "light"
        assert palette["metas"] == [wanted] and palette["header"] == wanted, (
            f"{path}: the color-scheme metas in <head> are {palette['metas']} and the header's scheme is {palette['header']}; "
            f"the {expected['data-md-color-scheme']} palette wants one meta, {wanted!r}"
        )
        assert work <= STYLE_WORK, (
            f"{path}: Chromium styled the page {work:.1f} times over while it loaded (budget {STYLE_WORK}): look for a "
            "change during Material's start-up that restyles every element (a class or palette attribute on <html> or "
            "<body>, a style sheet's link, the color-scheme meta) that overrides/main.html could make before the page is styled"
        )


def test_closed_solutions_are_measured_when_opened(site_url: str, browser: object) -> None:
    """overrides/main.html makes a formula or table that scrolls sideways focusable (tabindex 0), measuring each box
    once at load. A box in a closed <details> is not drawn, and measuring one made Chromium lay out that hidden part
    on its own: the practice page's worked solutions cost about a dozen layouts at load, half of its blocking time at
    4x slow-down. They are left until the reader opens them; the size observer then measures them."""
    context = browser.new_context(viewport={"width": 300, "height": 800})
    try:
        page = context.new_page()

        def load() -> None:
            page.goto(site_url + "practice/", wait_until="load")
            page.wait_for_timeout(1000)

        events = _trace(page, "devtools.timeline,disabled-by-default-devtools.timeline,disabled-by-default-devtools.timeline.stack", load)
        laid_out = sum(
            1 for event in events
            if event.get("name") == "Layout"
            and any(frame.get("functionName") == "scrolls" for frame in ((event.get("args") or {}).get("beginData") or {}).get("stackTrace") or [])
        )
        assert laid_out <= 2, f"practice/: measuring the boxes that may scroll laid the page out {laid_out} times at load (budget 2)"
        closed = page.locator("details:not([open]) .gd-math")
        assert closed.count() > 0 and all(box.get_attribute("tabindex") is None for box in closed.all())
        page.evaluate("document.querySelectorAll('article details').forEach(d => { d.open = true; })")
        page.wait_for_function(
            """() => {
                const boxes = [...document.querySelectorAll('article details .gd-math')];
                const wide = boxes.filter(b => b.scrollWidth > b.clientWidth);
                return wide.length > 0 && wide.every(b => b.getAttribute('tabindex') === '0');
            }""",
            timeout=3000,
        )
    finally:
        context.close()
