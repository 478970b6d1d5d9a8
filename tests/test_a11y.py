"""Every page of the built site, visited once: axe-core finds no violation in the light or the dark palette,
at phone or desktop width; nothing errs in the console or asks another host; at phone width nothing is wider
than the screen; a lesson page fetches little widget code.

Every page in the navigation of mkdocs.yml (home, lessons, practice, notebooks, glossary, bibliography,
API reference) is checked, and the built site holds no page that the navigation leaves out, so a new page
is checked without a list to keep. Each page is loaded once, with its widgets set up (each is scrolled to)
and transitions off; axe then runs four times on it, switching the palette the way Material does
(attributes on <body>) and the width with ``set_viewport_size``, without a reload: every rule in the first
palette of each width, the colour rules in the second. axe-core comes from axe-playwright-python, which bundles it: nothing is fetched from another host.
The page-wide checks ride on the same visit (a page load costs about what one axe run does).
axe's color-contrast, most of the time, checks one element of each kind it cannot tell apart (a code block's
tokens of one colour, the links of a table of contents) instead of every one: _axe.py says how, and
``test_one_element_of_a_kind_finds_what_axe_finds`` compares it with plain axe on a page made to fail.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from pathlib import Path

import _axe
import pytest
from _browser import gzipped
from conftest import ROOT, PageProbe, mkdocs_config, open_probe

sys.path.insert(0, str(ROOT / "scripts"))
import lighthouse  # noqa: E402

axe = pytest.importorskip("axe_playwright_python.base", reason="the accessibility tests need axe-playwright-python (pip install -e '.[test]')")

CONFIG = mkdocs_config()
WIDTHS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


# every page in the navigation of mkdocs.yml, as a URL path: the pages `make lighthouse` measures too
PAGES = lighthouse.nav_pages()


def _palette(scheme: str) -> dict[str, str]:
    """The attributes Material puts on <body> for the palette of ``scheme`` in mkdocs.yml."""
    entry = next(p for p in CONFIG["theme"]["palette"] if p.get("scheme") == scheme)
    return {"scheme": entry["scheme"], "primary": entry["primary"].replace(" ", "-"), "accent": entry["accent"].replace(" ", "-")}


PALETTES = {"light": _palette("default"), "dark": _palette("slate")}


def switch_palette(page, name: str) -> None:
    """Set the palette ``name`` ("light" or "dark") as Material does when the reader picks it."""
    page.evaluate(
        "p => { for (const [k, v] of Object.entries(p)) document.body.setAttribute('data-md-color-' + k, v); }", PALETTES[name]
    )
    # the widgets repaint on the change (a MutationObserver): let that happen first
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")


def widgets_ready(page, timeout: int = 20_000) -> None:
    """Scroll to each widget in turn (one without code to load, a placeholder, is left alone) until it is set up."""
    page.evaluate(
        """async timeout => {
            const roots = [...document.querySelectorAll('[data-gd-widget]')]
                .filter(r => !r.querySelector(':scope > .gd-fallback > .gd-widget-placeholder'));
            const until = Date.now() + timeout;
            for (const root of roots) {
                root.scrollIntoView({block: 'center'});
                while (!root.hasAttribute('data-gd-ready') && !root.hasAttribute('data-gd-failed')) {
                    if (Date.now() > until) throw new Error('widget ' + root.dataset.gdWidget + ' never got ready');
                    await new Promise(r => setTimeout(r, 25));
                }
            }
            window.scrollTo(0, 0);
        }""",
        timeout,
    )


#: the rules whose verdict a change of palette alone can alter (the rest see the same page)
COLOUR_RULES = ["color-contrast", "link-in-text-block"]


def violations(page, rules: list[str] | None = None, kinds: bool = True) -> list[dict]:
    """axe-core's violations on the page as it is now: every rule axe runs by default (WCAG 2 A and AA
    and best practices), or only ``rules``. With ``kinds``, color-contrast checks one element of each kind
    that its check cannot tell apart (see _axe.py); without, every element, as axe does."""
    if not page.evaluate("typeof window.axe === 'object'"):
        page.evaluate(axe.AXE_SCRIPT)
    options = {"resultTypes": ["violations"], **({"runOnly": {"type": "rule", "values": rules}} if rules else {})}
    if kinds:
        return page.evaluate(_axe.RUN, {"options": options, "kinds": False})["violations"]
    return page.evaluate("o => axe.run(document, o).then(r => r.violations)", options)


def settle(page) -> None:
    """No transitions or animations from now on: axe reads each colour as it ends, not halfway
    (Material fades the palette in over up to 0.25 s and slides its sidebars)."""
    page.add_style_tag(content="*, *::before, *::after { transition: none !important; animation: none !important; }")


def describe(found: list[dict]) -> str:
    """Each violation's id, what it asks for, and the elements that break it (their CSS targets and why)."""
    lines = []
    for v in found:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']}")
        for node in v["nodes"][:8]:
            alike = f" (and {len(node['alike'])} more elements like it)" if node.get("alike") else ""
            lines.append(f"    {' > '.join(map(str, node['target']))}{alike}: {node['failureSummary'].splitlines()[-1].strip()}")
        if len(v["nodes"]) > 8:
            lines.append(f"    ... and {len(v['nodes']) - 8} more")
    return "\n".join(lines)


@pytest.fixture(scope="module")
def tab(browser: object) -> Iterator[PageProbe]:
    """One page, reused for every page of the site (a new context per page would cost more than axe does)."""
    probe = open_probe(browser)
    probe.requested = []
    probe.page.on("request", lambda request: probe.requested.append(request.url))
    yield probe
    probe.page.context.close()


def test_every_built_page_is_checked(built_site: Path) -> None:
    built = sorted(p.parent.relative_to(built_site).as_posix() for p in built_site.rglob("index.html") if "assets" not in p.parts)
    built = [("" if p == "." else p + "/") for p in built]
    assert sorted(PAGES) == sorted(built), "a built page is not in the navigation of mkdocs.yml (or the other way round)"


def test_material_parts_are_named_by_our_overrides(built_site: Path) -> None:
    """overrides/partials: the search dialog and the progress bar of instant navigation have names, and the
    progress bar sits in a landmark; a nested table of contents is named by the kind of its heading too."""
    html = (built_site / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<div class="md-search" data-md-component="search" role="dialog" aria-label="Search">', html)
    assert re.search(r'<section class="gd-progress" aria-label="[^"]+">\s*<div class="md-progress" data-md-component="progress" role="progressbar" aria-label="[^"]+"></div>', html)
    reference = (built_site / "reference" / "api" / "gradients" / "index.html").read_text(encoding="utf-8")
    assert 'aria-label="Contents of module terrain"' in reference and 'aria-label="Contents of class Terrain"' in reference


#: a page made to fail color-contrast in ways that differ element by element: code blocks whose pale tokens fail
#: (and grey ones on a highlighted line's darker ground, in a faded block, in a greyer block; dark ones in a dark block;
#: light ones that stick out of their dark box onto the white page), a pale token under
#: a box (checked on its own), a pale token sticking out of its box and the longest of its kind (axe cannot tell its
#: contrast, so its kind needs the second run), pale tokens hidden or one character long, and a long list of pale links
KINDS_PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Kinds</title><style>
body { font: 16px sans-serif; color: #222; background: #fff; margin: 8px; }
pre { background: #f5f5f5; padding: 8px; margin: 8px 0; overflow: auto; width: 360px; position: relative; }
.k { color: #0b3d91; } .n { color: #333; } .pale { color: #b0b0b0; } .grey { color: #6f6f6f; }
.hll { background: #c8c8c8; display: block; }
.faded { opacity: 0.6; }
.dark pre { background: #202020; } .dark .k { color: #9cc3ff; } .dark .n { color: #2a2a2a; }
.cover { position: absolute; left: 40px; top: 8px; width: 80px; height: 18px; background: #000; }
.box { background: #f5f5f5; width: 380px; white-space: nowrap; font-family: monospace; }
pre.alt { background: #d8d8d8; } .night { background: #333; width: 120px; white-space: nowrap; } .light { color: #eee; }
nav a { color: #c0c0c0; display: block; }
</style></head><body><main><h1>Kinds</h1>
<pre id="one"><code><span class="k">def</span> <span class="n">f</span>(<span class="n">x</span>): <span class="pale">pale1</span>
<span class="k">return</span> <span class="pale">pale2</span> <span class="grey">grey1</span> <span class="pale">p</span>
<span class="hll"><span class="grey">grey-on-hll</span> <span class="n">n-on-hll</span> <span class="k">k-on-hll</span></span></code></pre>
<pre id="two"><code><span class="pale">covered-by-a-box</span><span class="cover"></span>
<span class="pale">pale3</span> <span class="k">import</span> <span class="n">numpy</span> <span class="grey">grey2</span></code></pre>
<div class="box"><span class="pale">short-pale</span> <span class="pale">sticking-out-of-its-box-and-longest-of-its-kind</span></div>
<pre id="alt" class="alt"><code><span class="grey">grey-on-alt</span> <span class="k">k-on-alt</span></code></pre>
<div class="night"><span class="light">light</span> <span class="light">light-sticking-out-of-its-dark-box</span></div>
<div class="faded"><pre id="three"><code><span class="k">for</span> <span class="n">k</span> <span class="grey">grey-faded</span></code></pre></div>
<div class="dark"><pre id="four"><code><span class="k">while</span> <span class="n">dark-n</span> <span class="n">dark-n2</span></code></pre></div>
<pre id="five"><code><span class="k">x</span> = <span class="n">wide</span>                                                                                                           <span class="pale">far-right</span></code></pre>
<details><summary>More</summary><pre id="six"><code><span class="pale">hidden-pale</span></code></pre></details>
<p style="display:none"><span class="pale">display-none</span></p>
<nav aria-label="Contents">""" + "".join(f'<a href="#s{i}">Section {i}</a>' for i in range(40)) + """</nav>
</main></body></html>"""


def test_one_element_of_a_kind_finds_what_axe_finds(probe: PageProbe) -> None:
    """_axe.py's color-contrast on a page made to fail: each element plain axe fails is failed or is like one that is
    (``alike``), and each element failed is one plain axe fails; within each kind whose checked element passes or
    fails, plain axe passes or fails every element alike (or cannot tell, or finds it hidden)."""
    page = probe.page
    page.set_content(KINDS_PAGE)
    page.evaluate(axe.AXE_SCRIPT)
    plain = page.evaluate("() => axe.run(document, {runOnly: {type: 'rule', values: ['color-contrast']}})")
    outcome = {}
    for group, key in (("violations", "fails"), ("passes", "passes"), ("incomplete", "unsure")):
        for rule in plain[group]:
            for node in rule["nodes"]:
                hidden = (node["any"][0]["data"] or {}).get("messageKey") == "hidden"
                outcome[" ".join(node["target"])] = "unsure" if hidden else key
    thinned = page.evaluate(_axe.RUN, {"options": {"resultTypes": ["violations"], "runOnly": {"type": "rule", "values": ["color-contrast"]}}, "kinds": True})
    assert [v["id"] for v in thinned["violations"]] == ["color-contrast"]
    fails = {target for target, said in outcome.items() if said == "fails"}
    failed = {" ".join(n["target"]) for n in thinned["violations"][0]["nodes"]}
    covered = failed | {target for n in thinned["violations"][0]["nodes"] for target in n.get("alike", [])}
    assert failed <= fails, failed - fails
    assert fails <= covered, fails - covered
    for first, members in thinned["kinds"]:
        if outcome.get(first, "unsure") != "unsure":
            mixed = {m: outcome[m] for m in members if outcome.get(m) not in (outcome[first], "unsure", None)}
            assert not mixed, f"{first} {outcome[first]}, but not all like it: {mixed}"
    # the page fails where it was made to: pale tokens, grey on the highlighted line, the dark block's names, the links
    texts = page.evaluate("ts => ts.map(t => document.querySelector(t).textContent)", sorted(fails))
    assert {"pale1", "pale2", "pale3", "short-pale", "grey-on-hll", "grey-faded", "grey-on-alt", "light-sticking-out-of-its-dark-box", "dark-n", "Section 0", "Section 39"} <= set(texts), texts
    assert not {"hidden-pale", "display-none", "covered-by-a-box", "grey1", "light", "sticking-out-of-its-box-and-longest-of-its-kind", "p"} & set(texts), texts
    assert len(failed) < len(fails) / 4, (len(failed), len(fails))


#: the widget code a lesson page may fetch, gzipped: the shared layer and the first widget, then each further widget
WIDGET_CODE_FIRST, WIDGET_CODE_MORE = 22_500, 8_000


def widget_code(tab: PageProbe, site_url: str, built_site: Path, path: str) -> list[str]:
    """What is wrong with the widget code lesson page ``path`` fetched (requested since it was loaded): the shared
    lib/widgets.js and lib/widgets.css, each widget's script and stylesheet and the helpers they load, gzipped,
    under WIDGET_CODE_FIRST bytes and WIDGET_CODE_MORE more for each further widget; every lesson has a widget."""
    widgets = tab.page.locator("[data-gd-widget]").count()
    if not widgets:
        return [f"/{path}: a lesson page without a widget"]
    files = sorted({url[len(site_url) :].split("?")[0] for url in tab.requested if url.startswith(site_url + "assets/widgets/")})
    code = sum(gzipped(built_site / f) for f in files)
    print(f"/{path}: page {gzipped(built_site / path / 'index.html')} B gzip + widget code {code} B gzip ({', '.join(f.rsplit('/', 1)[1] for f in files)})")
    problems = []
    if not {"assets/widgets/lib/widgets.js", "assets/widgets/lib/widgets.css"} <= set(files):
        problems.append(f"/{path}: the shared widget layer was not loaded: {files}")
    if code >= WIDGET_CODE_FIRST + WIDGET_CODE_MORE * (widgets - 1):
        problems.append(f"/{path}: widget code for {widgets} widget(s) is {code} bytes gzipped")
    return problems


def fits_the_phone(page, path: str) -> list[str]:
    """At phone width nothing sticks out past the screen's right edge, unless it sits in something that scrolls or
    clips (a code block, a wide table's scroll box) or in Material's fixed drawer; and no figure is wider than the
    screen. (Material hides the page's sideways overflow, so a reader cannot scroll to what sticks out: it is cut off.
    A count of the document's scroll width is no measure of that: a notebook's long code line inside its scrolling
    block raises it without reaching the reader.)"""
    problems = []
    cut_off = page.evaluate(
        """() => {
            const out = [];
            for (const el of document.querySelectorAll('body *')) {
                const r = el.getBoundingClientRect();
                if (r.width === 0 || r.right <= innerWidth + 1) continue;
                let held = false;
                for (let a = el; a && a !== document.documentElement; a = a.parentElement) {
                    const s = getComputedStyle(a);
                    if (s.position === 'fixed' || s.visibility === 'hidden' || (a !== el && s.overflowX !== 'visible')) { held = true; break; }
                }
                if (!held) out.push(el.tagName.toLowerCase() + (typeof el.className === 'string' && el.className ? '.' + el.className.trim().split(/\\s+/).join('.') : '') + ` (right edge at ${Math.round(r.right)} px)`);
            }
            return out.slice(0, 5);
        }"""
    )
    if cut_off:
        problems.append(f"/{path}: cut off at a phone's right edge: {cut_off}")
    overflowing = page.evaluate(
        """() => [...document.querySelectorAll('figure.gd-figure')]
        .map(f => [f.id, f.getBoundingClientRect()])
        .filter(([, r]) => r.left < -1 || r.right > innerWidth + 1)
        .map(([id, r]) => `${id}: ${Math.round(r.left)}..${Math.round(r.right)}`)"""
    )
    if overflowing:
        problems.append(f"/{path}: figures wider than a phone's screen: {overflowing}")
    return problems


def _check(tab: PageProbe, site_url: str, built_site: Path, path: str) -> None:
    page = tab.page
    tab.console_errors.clear()
    tab.external_requests.clear()
    tab.requested.clear()
    page.set_viewport_size(WIDTHS["desktop"])
    # "load" covers everything the document asks for; widgets fetch their code after it (widgets_ready)
    response = page.goto(site_url + path, wait_until="load")
    assert response is not None and response.ok, f"/{path} answered {response and response.status}"
    settle(page)
    widgets_ready(page)
    failures = widget_code(tab, site_url, built_site, path) if path.startswith("lessons/") else []
    # every rule once at each width; at the second palette of a width only the colour rules,
    # since nothing else on the page changed (this keeps the file's time down)
    for width in ("desktop", "phone"):
        page.set_viewport_size(WIDTHS[width])
        if width == "phone":
            failures += fits_the_phone(page, path)
        for palette in ("light", "dark") if width == "desktop" else ("dark", "light"):
            switch_palette(page, palette)
            first = palette == ("light" if width == "desktop" else "dark")
            found = violations(page, None if first else COLOUR_RULES)
            if found:
                failures.append(f"--- axe-core on {path or 'home'} at {width} width, {palette} palette:\n{describe(found)}")
    assert not failures, "\n".join(failures)
    assert tab.console_errors == [] and tab.external_requests == [], (tab.console_errors, tab.external_requests)


# make test shares the pages among its workers: pytest-xdist (--dist loadscope) gives each class to one worker.
# Every SHARES-th page goes to one class, which keeps the long API reference pages apart.
SHARES = 3


def _page_id(path: str) -> str:
    return path.strip("/") or "home"


def _share(number: int) -> type:
    """The test class of share ``number`` (0-based): axe on every SHARES-th page from that one."""

    @pytest.mark.parametrize("path", PAGES[number::SHARES], ids=_page_id)
    class Share:
        def test_page(self, tab: PageProbe, site_url: str, built_site: Path, path: str) -> None:
            _check(tab, site_url, built_site, path)

    Share.__name__ = Share.__qualname__ = f"TestShare{number + 1}"
    return Share


TestShare1, TestShare2, TestShare3 = (_share(number) for number in range(SHARES))


def test_the_shares_cover_every_page_once() -> None:
    shared = [page for share in (TestShare1, TestShare2, TestShare3) for mark in share.pytestmark if mark.name == "parametrize" for page in mark.args[1]]
    assert sorted(shared) == sorted(PAGES)
