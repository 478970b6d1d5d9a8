"""The widget of lesson 5: the three programs side by side, each line lit up by its job.

Package side: gdnotes.widgets.correspondence shows exactly the code the lesson
runs (gdnotes.implementations.listing) with what it prints; every line is
tagged with the roles gdnotes.widgets.line_roles gives it; each listing has
the jobs the lesson says it has (a changed listing that loses a job fails
here and fails the build); without PyTorch the package's notice stays; bad
arguments fail clearly.

Browser side, on the built site in Chromium: a hover, a click, a tap, the
keyboard and the job buttons light the lines of the chosen job in all three
listings (the lines line_roles names) and change what is said; the phone
gets tabs; print shows every listing; without JavaScript the listings and
the table still teach; instant navigation sets it up again; highlighting is
timed; nothing errs in the console. What every widget does alike (ready and
labelled, no sideways scrolling on a phone, print) is in
test_widget_conformance.py.
"""

from __future__ import annotations

import gzip
import html
import re
import statistics
from pathlib import Path

import pytest
import rcssmin
from playwright.sync_api import expect
from _browser import READY_TIMEOUT, SITE_URL, assert_same_document, button, clean, follow_footer, go_back, instant_site, page_probe, state, status, tab_to, to_dark_palette, wait_all_ready, wait_ready, widget_config, without_javascript
from _browser import nothing_erred  # noqa: F401  (autouse: after each test, nothing erred on its probe and phone_probe)
from _lessons_browser import Lesson, shared_page
from conftest import PageProbe

from gdnotes import implementations, widgets

PAGE = "lessons/05-three-implementations/"
LISTINGS = ("python", "numpy", "pytorch")
ROLES = ("parameters", "loss", "gradient", "learning-rate", "update", "zero-grad", "loop", "output")
PLAIN_JOBS = {"parameters", "gradient", "learning-rate", "update", "loop", "output"}
EXPECTED_JOBS = {"python": PLAIN_JOBS, "numpy": PLAIN_JOBS, "pytorch": set(ROLES)}
"""The jobs each program does in a line of its own: the lesson's table says the plain versions write no loss and clear no gradient."""

KEY_LINES = [
    ("python", "w = start", ("parameters",)),
    ("python", "for step in range(steps):", ("loop",)),
    ("python", "gradient = 2 * w", ("gradient",)),
    ("python", "w = w - learning_rate * gradient", ("update", "learning-rate")),
    ("python", "return w", ("output",)),
    ("python", "print(python_loop(", ("output", "learning-rate")),
    ("python", "def python_loop(", ()),
    ("numpy", "import numpy as np", ()),
    ("numpy", "w = np.array(start, dtype=float)", ("parameters",)),
    ("numpy", "gradient = 2 * w", ("gradient",)),
    ("numpy", "w = w - learning_rate * gradient", ("update", "learning-rate")),
    ("pytorch", "w = torch.tensor(start", ("parameters",)),
    ("pytorch", "optimizer = torch.optim.SGD([w], lr=learning_rate)", ("learning-rate", "update")),
    ("pytorch", "optimizer.zero_grad()", ("zero-grad",)),
    ("pytorch", "loss = (w**2).sum()", ("loss",)),
    ("pytorch", "loss.backward()", ("gradient",)),
    ("pytorch", "optimizer.step()", ("update",)),
    ("pytorch", "return w.detach()", ("output",)),
]


def lines_with(role: str) -> dict[str, list[int]]:
    """For each listing, the numbers (from 1) of the lines that do ``role``, by the package's rule."""
    return {
        name: [i for i, line in enumerate(implementations.listing(name).splitlines(), start=1) if role in widgets.line_roles(line)]
        for name in LISTINGS
    }


def text_of(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", fragment))


def sections(page: str) -> dict[str, str]:
    """Each listing's HTML in the widget, by name."""
    parts = re.split(r'(?=<div class="gd-corr-listing" data-gd-listing=")', page)[1:]
    return {re.match(r'<div class="gd-corr-listing" data-gd-listing="(\w+)"', part).group(1): part for part in parts}


# ===================================================================== package side


@pytest.fixture(scope="module")
def page() -> str:
    return widgets.correspondence()


def test_root_name_and_config(page: str) -> None:
    assert "correspondence" in widgets.__all__
    config = widget_config(page, "correspondence")
    assert [role["key"] for role in config["roles"]] == list(ROLES)
    assert [role["name"] for role in config["roles"]] == [
        "Parameters", "Loss", "Gradient", "Learning rate", "Update", "Clearing the gradient", "Loop", "Output",
    ]
    for role in config["roles"]:
        # one sentence: no full stop before the end, and no $ that the math hook would take for TeX
        assert role["text"].endswith(".") and ". " not in role["text"][:-1] and "$" not in role["text"], role
        assert role["text"].count("`") % 2 == 0, "code in a sentence stands between backticks"
    assert [listing["name"] for listing in config["listings"]] == list(LISTINGS)
    assert config["initialRole"] in ROLES
    assert "JavaScript" in page
    assert widgets.correspondence() == page, "not reproducible"


def test_listings_are_the_code_the_lesson_runs(page: str) -> None:
    found = sections(page)
    assert list(found) == list(LISTINGS)
    for name, part in found.items():
        code = re.search(r'<div class="highlight gd-corr-code[^"]*">.*?<code>(.*?)</code>', part, re.S).group(1)
        assert text_of(code) == implementations.listing(name)
        # highlighted as the site highlights Python (Pygments classes that Material colours)
        assert '<span class="k">' in code and '<span class="n">' in code


def test_each_listing_is_followed_by_what_it_prints(page: str) -> None:
    for name, part in sections(page).items():
        if name == "pytorch" and not implementations.torch_available():
            continue
        output = re.search(r'<div class="highlight gd-corr-output[^"]*"><span class="filename">Output</span><pre><span></span><code>(.*?)</code>', part, re.S)
        assert output, name
        assert text_of(output.group(1)) == implementations.execute(implementations.listing(name))
    python = implementations.python_loop(5.0, 0.1, 25)
    assert str(python) in page


def test_without_pytorch_the_notice_stays(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(implementations, "torch_available", lambda: False)
    page = widgets.correspondence()
    pytorch = sections(page)["pytorch"]
    assert "Not run: PyTorch is not installed" in pytorch and 'class="admonition warning"' in pytorch
    assert implementations.TORCH_INSTALL in html.unescape(pytorch)
    assert "gd-corr-output" not in pytorch and "tensor(" not in text_of(pytorch.split("</code></pre></div>", 1)[1])
    # the code is still there, tagged
    assert text_of(re.search(r"<code>(.*?)</code>", pytorch, re.S).group(1)) == implementations.listing("pytorch")


def test_every_line_is_tagged_by_line_roles(page: str) -> None:
    for name, part in sections(page).items():
        code = re.search(r'<div class="highlight gd-corr-code[^"]*">.*?<code>(.*?)</code>', part, re.S).group(1)
        spans = re.findall(r'<span class="gd-line" data-gd-n="(\d+)"(?: data-gd-indent="(\d+)")?(?: data-gd-roles="([^"]*)")?>(.*?)\n</span>', code, re.S)
        source = implementations.listing(name).splitlines()
        assert [int(n) for n, *_ in spans] == list(range(1, len(source) + 1)), name
        for (_, indent, roles, inner), line in zip(spans, source):
            assert text_of(inner) == line
            assert tuple(roles.split()) == widgets.line_roles(line), line
            assert int(indent or 0) == (len(line) - len(line.lstrip(" "))), line


@pytest.mark.parametrize(("name", "start", "roles"), KEY_LINES)
def test_key_lines_have_their_jobs(name: str, start: str, roles: tuple[str, ...]) -> None:
    matches = [line for line in implementations.listing(name).splitlines() if line.strip().startswith(start)]
    assert len(matches) == 1, f"the {name} listing should have one line starting {start!r}"
    assert widgets.line_roles(matches[0]) == roles


@pytest.mark.parametrize("name", LISTINGS)
def test_each_listing_does_the_jobs_the_lesson_says(name: str) -> None:
    """Fails if a listing changes so that a job disappears (or a line starts doing one the plain versions do not)."""
    jobs = {role for line in implementations.listing(name).splitlines() for role in widgets.line_roles(line)}
    assert jobs == EXPECTED_JOBS[name]


def test_a_listing_that_loses_a_job_fails_the_build(monkeypatch: pytest.MonkeyPatch) -> None:
    original = implementations.listing

    def without_zero_grad(name: str, *args: object) -> str:
        code = original(name, *args)
        return "\n".join(line for line in code.splitlines() if "zero_grad" not in line) + "\n"

    monkeypatch.setattr(implementations, "listing", without_zero_grad)
    with pytest.raises(RuntimeError, match="zero-grad"):
        widgets.correspondence()


def test_sentences_quote_the_code_they_explain(page: str) -> None:
    """Every bit of code a sentence quotes is in the listings, and each names all three programs or says why not."""
    texts = {role["key"]: role["text"] for role in widgets.config(page)["roles"]}
    code = "\n".join(implementations.listing(name) for name in LISTINGS)
    quoted = ["2 * w", "loss.backward()", "w.grad", "optimizer.step()", "optimizer.zero_grad()", "requires_grad=True",
              "loss = (w**2).sum()", "torch.optim.SGD", "w = w - learning_rate * gradient", "learning_rate=0.1", "lr"]
    for snippet in quoted:
        assert any(snippet in text for text in texts.values()), snippet
        assert snippet in code, snippet
    for key, text in texts.items():
        assert "PyTorch" in text, key
        assert "NumPy" in text or "all three" in text or key == "zero-grad", key
    assert "2 * w" in texts["gradient"] and "loss.backward()" in texts["gradient"]
    assert "run 25 times" in texts["loop"]
    assert "learning_rate=0.05" in widgets.config(widgets.correspondence(learning_rate=0.05))["roles"][3]["text"]


def test_line_roles_reads_code_not_comments() -> None:
    assert widgets.line_roles("gradient = 2 * w  # loss.backward() would do this") == ("gradient",)
    assert widgets.line_roles("# gradient = 2 * w") == ()
    assert widgets.line_roles("") == ()
    assert widgets.line_roles("print('# not a comment')") == ()
    assert widgets.line_roles("w = f(start  # an unclosed bracket") == ()
    assert widgets.line_roles("            optimizer.step()") == ("update",)


@pytest.mark.parametrize(
    ("call", "error", "words"),
    [
        (lambda: widgets.line_roles(3), TypeError, "line must be a string"),
        (lambda: widgets.line_roles("a\nb"), ValueError, "line must be a single line"),
        (lambda: widgets.correspondence(learning_rate=-0.1), ValueError, "learning_rate"),
        (lambda: widgets.correspondence(learning_rate="0.1"), TypeError, "learning_rate"),
        (lambda: widgets.correspondence(steps=0), ValueError, "steps"),
        (lambda: widgets.correspondence(steps=2.5), TypeError, "steps"),
    ],
)
def test_bad_arguments_fail_clearly(call, error: type, words: str) -> None:
    with pytest.raises(error, match=words):
        call()


def test_page_has_the_widget_then_the_table(built_site: Path) -> None:
    document = (built_site / PAGE / "index.html").read_text(encoding="utf-8")
    widget = document.index('data-gd-widget="correspondence"')
    table = re.search(r"<th[^>]*>Job</th>", document).start()
    assert document.index('id="line-by-line"') < widget < table < document.index('id="do-the-three-agree"')
    assert document.count('data-gd-widget="correspondence"') == 1


# ===================================================================== browser side


# Lesson 5, loaded once for this module's desktop tests; each sets the widget up afresh (``lesson.open``).
# (_lessons_browser.shared_page: each test's page is put back as loaded)
lesson, probe = shared_page(PAGE, ("correspondence",))


def open_widget(probe: PageProbe, site_url: str):
    """The widget on a page of its own, as the page's load set it up."""
    page = probe.page
    response = page.goto(site_url + PAGE)
    assert response is not None and response.ok
    wait_ready(page, "correspondence")
    root = page.locator('[data-gd-widget="correspondence"]')
    root.scroll_into_view_if_needed()
    return root


def line(root, listing: str, number: int):
    return root.locator(f'[data-gd-listing="{listing}"] .gd-line[data-gd-n="{number}"]')


def line_starting(root, listing: str, start: str):
    numbers = [i for i, text in enumerate(implementations.listing(listing).splitlines(), start=1) if text.strip().startswith(start)]
    assert len(numbers) == 1
    return line(root, listing, numbers[0])


def lit_in_page(root) -> dict[str, list[int]]:
    """The lines that carry the highlight class, read from the DOM (not from the widget's own state)."""
    return root.evaluate(
        """r => Object.fromEntries([...r.querySelectorAll('.gd-corr-listing')].map(s => [
            s.getAttribute('data-gd-listing'),
            [...s.querySelectorAll('.gd-line.gd-lit')].map(l => Number(l.getAttribute('data-gd-n')))]))"""
    )


def assert_lit(root, role: str) -> None:
    expected = lines_with(role)
    assert state(root)["role"] == role
    assert lit_in_page(root) == expected
    assert state(root)["lit"] == expected
    pressed = root.locator('.gd-corr-roles button[aria-pressed="true"]')
    assert pressed.count() == 1 and pressed.get_attribute("data-gd-role") == role


def role_name(role: str) -> str:
    return {r["key"]: r["name"] for r in widgets.config(widgets.correspondence())["roles"]}[role]


def test_ready_side_by_side_and_labelled(browser: object, site_url: str) -> None:
    """On a page of its own: the widget as the page's load set it up (Material's code-block set-up included)."""
    with page_probe(browser) as probe:
        ready_side_by_side_and_labelled(probe, open_widget(probe, site_url))
        clean(probe)


def ready_side_by_side_and_labelled(probe: PageProbe, root) -> None:
    assert state(root)["layout"] == "columns"
    boxes = [root.locator(f'[data-gd-listing="{name}"]').bounding_box() for name in LISTINGS]
    assert boxes[0]["x"] < boxes[1]["x"] < boxes[2]["x"] and len({round(b["y"]) for b in boxes}) == 1, "not side by side"
    assert_lit(root, "gradient")
    said = status(root)
    assert said.startswith("Gradient:") and "2 * w" in said and "`" not in said
    assert root.locator(".gd-corr-status code", has_text="loss.backward()").count() == 1
    assert root.locator(".gd-corr-roles").get_attribute("role") == "group"
    assert root.locator(".gd-corr-roles button").count() == len(ROLES)
    # the outputs printed by the build sit under their listings, at the same height
    outputs = [root.locator(f'[data-gd-listing="{name}"] .gd-corr-output').bounding_box() for name in LISTINGS]
    assert len({round(b["y"]) for b in outputs}) == 1
    assert "0.018889465931478583" in root.locator('[data-gd-listing="python"] .gd-corr-output').text_content()
    # no copy buttons here: the same code has them in the sections above
    assert root.locator(".md-clipboard, .md-code__button").count() == 0
    # printed: every listing, not only the tab a phone would show
    probe.page.emulate_media(media="print")
    for name in LISTINGS:
        assert root.locator(f'[data-gd-listing="{name}"]').is_visible()


def test_hover_lights_the_same_job_everywhere(probe: PageProbe, lesson: Lesson) -> None:
    root = lesson.open("correspondence")
    before = status(root)
    line_starting(root, "pytorch", "optimizer.step()").hover()
    assert_lit(root, "update")
    said = status(root)
    assert said != before and said.startswith("Update:") and "optimizer.step()" in said
    # the lit lines look lit: a background of their own
    background = line_starting(root, "python", "w = w - learning_rate").evaluate("l => getComputedStyle(l).backgroundColor")
    plain = line_starting(root, "python", "w = start").evaluate("l => getComputedStyle(l).backgroundColor")
    assert background != plain
    # an untagged line changes nothing
    line_starting(root, "numpy", "import numpy").hover()
    assert_lit(root, "update")
    line_starting(root, "numpy", "w = np.array").hover()
    assert_lit(root, "parameters")
    assert status(root).startswith("Parameters:")


def test_click_and_buttons(probe: PageProbe, lesson: Lesson) -> None:
    root = lesson.open("correspondence")
    line_starting(root, "python", "for step in range").click()
    assert_lit(root, "loop")
    assert status(root).startswith("Loop:")
    for role in ROLES:
        root.get_by_role("button", name=role_name(role), exact=True).click()
        assert_lit(root, role)
        assert status(root).startswith(role_name(role) + ":")
    # a job the plain versions do not have: their columns say so
    root.get_by_role("button", name="Clearing the gradient", exact=True).click()
    for name in ("python", "numpy"):
        note = root.locator(f'[data-gd-listing="{name}"] .gd-corr-absent')
        assert note.is_visible() and "does not need one" in note.text_content()
    assert not root.locator('[data-gd-listing="pytorch"] .gd-corr-absent').is_visible()
    root.get_by_role("button", name="Gradient", exact=True).click()
    assert not root.locator('[data-gd-listing="python"] .gd-corr-absent').is_visible()


def test_keyboard_moves_through_the_lines(probe: PageProbe, lesson: Lesson) -> None:
    page = probe.page
    root = lesson.open("correspondence")
    first = line_starting(root, "python", "w = start")
    assert first.get_attribute("tabindex") == "0"
    # one tab stop per listing: the other tagged lines wait for the arrow keys
    assert root.locator('[data-gd-listing="python"] .gd-line[tabindex="0"]').count() == 1
    tab_to(page, first)
    assert_lit(root, "parameters")
    page.keyboard.press("ArrowDown")
    assert state(root)["focus"] == {"listing": "python", "line": lines_with("loop")["python"][0]}
    assert_lit(root, "loop")
    page.keyboard.press("ArrowDown")
    assert_lit(root, "gradient")
    assert page.evaluate("document.activeElement.matches(':focus-visible')")
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none", "focus is not visible"
    # → jumps to the line doing the same job in the next program
    page.keyboard.press("ArrowRight")
    assert state(root)["focus"] == {"listing": "numpy", "line": lines_with("gradient")["numpy"][0]}
    page.keyboard.press("ArrowRight")
    assert state(root)["focus"] == {"listing": "pytorch", "line": lines_with("gradient")["pytorch"][0]}
    assert_lit(root, "gradient")
    page.keyboard.press("ArrowUp")
    assert_lit(root, "loss")
    assert status(root).startswith("Loss:")
    page.keyboard.press("End")
    assert_lit(root, "output")
    page.keyboard.press("Home")
    assert_lit(root, "parameters")
    page.keyboard.press("ArrowLeft")
    assert state(root)["focus"]["listing"] == "numpy"
    # the tab stop stays where the reader left it
    assert line_starting(root, "numpy", "w = np.array").get_attribute("tabindex") == "0"
    # the buttons work from the keyboard too
    button = root.get_by_role("button", name="Update", exact=True)
    tab_to(page, button)
    page.keyboard.press("Enter")
    assert_lit(root, "update")
    assert button.get_attribute("aria-pressed") == "true"


def test_on_a_phone(phone_probe: PageProbe, site_url: str) -> None:
    page = phone_probe.page
    root = open_widget(phone_probe, site_url)
    width = page.viewport_size["width"]
    assert state(root)["layout"] == "tabs"
    # code wraps inside its own box instead of running off the screen
    for code in root.locator(".gd-corr-listing:not([hidden]) pre > code").all():
        assert code.evaluate("c => c.scrollWidth <= c.clientWidth + 1")
    tabs = root.get_by_role("tab")
    assert tabs.count() == 3 and tabs.first.get_attribute("aria-selected") == "true"
    assert root.locator('[data-gd-listing="python"]').is_visible()
    assert not root.locator('[data-gd-listing="pytorch"]').is_visible()
    before = status(root)
    line_starting(root, "python", "w = w - learning_rate").tap()
    assert_lit(root, "update")
    assert status(root) != before
    root.get_by_role("tab", name=re.compile("PyTorch")).tap()
    assert state(root)["tab"] == "pytorch"
    assert root.locator('[data-gd-listing="pytorch"]').is_visible() and not root.locator('[data-gd-listing="python"]').is_visible()
    step = line_starting(root, "pytorch", "optimizer.step()")
    assert step.is_visible() and "gd-lit" in step.get_attribute("class")
    # the tabs count the lit lines
    assert root.get_by_role("tab", name=re.compile("PyTorch")).locator(".gd-corr-count").text_content() == str(len(lines_with("update")["pytorch"]))
    root.get_by_role("button", name="Loss", exact=True).tap()
    assert_lit(root, "loss")
    root.get_by_role("tab", name=re.compile("NumPy")).tap()
    assert root.locator('[data-gd-listing="numpy"] .gd-corr-absent').is_visible()
    assert page.evaluate("document.scrollingElement.scrollWidth") <= width


def test_tabs_by_keyboard(browser: object, site_url: str) -> None:
    with page_probe(browser, viewport={"width": 500, "height": 900}) as probe:
        page = probe.page
        root = open_widget(probe, site_url)
        tab = root.get_by_role("tab", name=re.compile("Plain Python"))
        tab.focus()
        page.keyboard.press("ArrowRight")
        assert state(root)["tab"] == "numpy"
        assert page.evaluate("document.activeElement.getAttribute('role')") == "tab"
        page.keyboard.press("End")
        assert state(root)["tab"] == "pytorch"
        panel = root.locator('[data-gd-listing="pytorch"]')
        assert panel.get_attribute("role") == "tabpanel" and panel.get_attribute("aria-labelledby")
        # → on a line moves to the next program's tab
        line_starting(root, "pytorch", "loss.backward()").focus()
        page.keyboard.press("ArrowRight")
        assert state(root)["tab"] == "python" and state(root)["focus"]["listing"] == "python"
        assert_lit(root, "gradient")
        clean(probe)


def test_dark_palette_keeps_the_highlight_legible(probe: PageProbe, lesson: Lesson) -> None:
    page = probe.page
    root = lesson.open("correspondence")
    lit = line_starting(root, "numpy", "gradient = 2 * w")
    light = lit.evaluate("l => getComputedStyle(l).backgroundColor")
    to_dark_palette(page)
    dark = lit.evaluate("l => getComputedStyle(l).backgroundColor")
    assert light != dark
    pressed = root.locator('.gd-corr-roles button[aria-pressed="true"]')
    colors = pressed.evaluate("b => [getComputedStyle(b).color, getComputedStyle(b).backgroundColor]")
    assert colors[0] != colors[1]


def test_without_javascript_the_listings_and_table_teach(browser: object, site_url: str) -> None:
    with without_javascript(browser, site_url, PAGE, "correspondence") as root:
        for name in LISTINGS:
            assert root.locator(f'[data-gd-listing="{name}"] .gd-corr-code').is_visible()
        assert root.locator(".gd-corr-output").first.is_visible()
        table = root.page.locator("article table", has_text="Clearing the gradient")
        assert table.is_visible()


def test_instant_navigation_sets_it_up_again(browser: object, built_site: Path) -> None:
    with instant_site(browser, built_site, "lessons/04-learning-rate/") as (probe, documents):
        page = probe.page
        follow_footer(page, "next", PAGE, "correspondence")
        root = page.locator('[data-gd-widget="correspondence"]')
        root.get_by_role("button", name="Loop", exact=True).click()
        assert_lit(root, "loop")
        follow_footer(page, "next", "lessons/06-landscape-fights-back/")
        wait_all_ready(page, READY_TIMEOUT)
        running, started = page.evaluate("() => [window.gdnotes.widgets.live(), document.querySelectorAll('[data-gd-widget][data-gd-ready]').length]")
        assert running == started, "the widget of lesson 5 still runs"
        go_back(page, PAGE, "correspondence")
        root = page.locator('[data-gd-widget="correspondence"]')
        # exactly one of each, once instant navigation has put the page back (it can mark the widget ready a moment
        # before its parts are in the page: to_have_count waits for them, and fails on a widget set up twice)
        expect(root.locator(".gd-corr-roles"), "set up twice, or not at all").to_have_count(1)
        expect(root.locator(".gd-corr-tabs"), "set up twice, or not at all").to_have_count(1)
        line_starting(root, "pytorch", "optimizer.zero_grad()").hover()
        assert_lit(root, "zero-grad")
        assert_same_document(page)
        assert documents == [SITE_URL + "lessons/04-learning-rate/"], documents


def test_highlighting_is_fast(probe: PageProbe, lesson: Lesson) -> None:
    """From the reader's move to a laid-out page (style and layout forced), median well under a 16 ms frame."""
    root = lesson.open("correspondence")
    timings = root.evaluate(
        """r => {
            const lines = [...r.querySelectorAll('.gd-line[data-gd-roles]')];
            const buttons = [...r.querySelectorAll('.gd-corr-roles button')];
            const out = [];
            for (let i = 0; i < 48; i++) {
                const t0 = performance.now();
                if (i % 2) buttons[(i * 3) % buttons.length].click();
                else lines[(i * 7) % lines.length].dispatchEvent(new PointerEvent('pointerover', {pointerType: 'mouse', bubbles: true}));
                document.body.offsetHeight;  // force style and layout now
                out.push(performance.now() - t0);
            }
            return out.slice(8);
        }"""
    )
    draws = root.evaluate("r => window.gdnotes.widgets.timings(r)")
    median = statistics.median(timings)
    print(f"\ncorrespondence: highlight, input to layout: median {median:.2f} ms, max {max(timings):.2f} ms over {len(timings)}; "
          f"class changes alone median {statistics.median(draws):.3f} ms")
    assert median < 16


def test_widget_code_weight(built_site: Path) -> None:
    assets = built_site / "assets" / "widgets"
    zipped = lambda data: len(gzip.compress(data, 9))  # noqa: E731
    own_js = zipped((assets / "correspondence" / "correspondence.js").read_bytes())
    css = (assets / "lib" / "widgets.css").read_text(encoding="utf-8")
    # the built stylesheet is minified, comments and all: find the widget's section in the source
    source = (Path(__file__).resolve().parent.parent / "docs" / "assets" / "widgets" / "lib" / "widgets.css").read_text(encoding="utf-8")
    own_css = zipped(rcssmin.cssmin(source[source.index("/* correspondence (lesson 5)") :]).encode())
    shared = zipped((assets / "lib" / "widgets.js").read_bytes()) + zipped(css.encode())
    print(f"\ncorrespondence: {own_js} B gzip JS + {own_css} B gzip of its CSS; with the shared widgets.js/css {own_js + shared} B")
    assert own_js + own_css < 6_000 and own_js + shared < 20_000
