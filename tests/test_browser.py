"""Site-wide browser tests: the built site in real Chromium.

Quizzes give instant feedback to mouse and keyboard and survive Material's
instant navigation; the dark palette recolours the figures; MathML renders;
without JavaScript the quiz answers are still in the page; search answers, its index asked for
once the page has loaded. What is checked
on every page (no console error, no request to another host, fits a phone,
the widget code a lesson fetches) rides on the accessibility test's one visit
a page (tests/test_a11y.py).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from _browser import SITE_URL, instant_to, served_at_site_url, wait_all_ready
from conftest import open_probe

pytestmark = pytest.mark.browser

LESSON_1 = "lessons/01-loss-landscape/"
LESSON_2 = "lessons/02-gradient/"


def site_pages(site: Path) -> list[str]:
    """Every page of the built site, as a URL path relative to its root."""
    pages = []
    for index in sorted(site.rglob("index.html")):
        relative = index.parent.relative_to(site).as_posix()
        pages.append("" if relative == "." else relative + "/")
    return pages


def pages_with(site: Path, marker: str) -> list[str]:
    """Pages whose built HTML contains ``marker``, lesson pages first."""
    pages = sorted(site_pages(site), key=lambda p: (not p.startswith("lessons/"), p))
    return [p for p in pages if marker in (site / p / "index.html").read_text(encoding="utf-8")]


def first_page_with(site: Path, marker: str, what: str) -> str:
    pages = pages_with(site, marker)
    if not pages:
        pytest.fail(f"no page of the site has {what} ({marker!r}) yet")
    return pages[0]


def goto(probe: object, url: str) -> None:
    response = probe.page.goto(url, wait_until="networkidle")
    assert response is not None and response.ok, f"{url} answered {response and response.status}"


# --- quizzes ------------------------------------------------------------------


def quiz_choice_label(quiz: object, correct: bool) -> tuple[object, str]:
    """The label of the first right (or wrong) answer, and its input's id."""
    selector = 'input[type="radio"][data-correct]' if correct else 'input[type="radio"]:not([data-correct])'
    input_id = quiz.locator(selector).first.get_attribute("id")
    return quiz.locator(f'label[for="{input_id}"]'), input_id


def check_quiz_by_mouse(page: object, quiz: object) -> None:
    feedback = quiz.locator(".gd-quiz-feedback")
    assert feedback.inner_text().strip() == "", "feedback should be empty before an answer"

    wrong_label, wrong_id = quiz_choice_label(quiz, correct=False)
    wrong_label.click()
    assert re.search(r"not quite", feedback.inner_text(), re.I), f"a wrong answer gave {feedback.inner_text()!r}"
    wrong_item = quiz.locator(f'li:has(> input[id="{wrong_id}"])')
    assert wrong_item.locator(".gd-quiz-explanation").is_visible(), "the explanation of a wrong answer should show"

    right_label, right_id = quiz_choice_label(quiz, correct=True)
    right_label.click()
    assert re.search(r"\bcorrect\b", feedback.inner_text(), re.I), f"the right answer gave {feedback.inner_text()!r}"
    assert not re.search(r"not quite", feedback.inner_text(), re.I)
    assert quiz.locator(f'li:has(> input[id="{right_id}"]) .gd-quiz-explanation').is_visible()
    assert not wrong_item.locator(".gd-quiz-explanation").is_visible(), "only the chosen answer's explanation shows"


def test_quiz_gives_instant_feedback(built_site: Path, site_url: str, probe: object) -> None:
    page_path = first_page_with(built_site, "data-gd-quiz", "a quiz")
    goto(probe, site_url + page_path)
    quiz = probe.page.locator("[data-gd-quiz]").first
    quiz.scroll_into_view_if_needed()
    assert not quiz.locator(".gd-quiz-key").is_visible(), "with JavaScript the answer key should be folded away"
    check_quiz_by_mouse(probe.page, quiz)
    assert not probe.console_errors


def test_quiz_works_with_the_keyboard(built_site: Path, site_url: str, probe: object) -> None:
    page_path = first_page_with(built_site, "data-gd-quiz", "a quiz")
    goto(probe, site_url + page_path)
    page = probe.page
    quiz = page.locator("[data-gd-quiz]").first
    radios = quiz.locator('input[type="radio"]')
    feedback = quiz.locator(".gd-quiz-feedback")

    def expected(index: int) -> str:
        return r"\bcorrect\b" if radios.nth(index).get_attribute("data-correct") is not None else r"not quite"

    radios.first.focus()
    page.keyboard.press("Space")
    assert radios.first.is_checked(), "Space on a focused answer should choose it"
    assert re.search(expected(0), feedback.inner_text(), re.I), feedback.inner_text()

    page.keyboard.press("ArrowDown")
    assert radios.nth(1).is_checked(), "ArrowDown should move to the next answer"
    assert re.search(expected(1), feedback.inner_text(), re.I), feedback.inner_text()
    assert page.evaluate("document.activeElement.id") == radios.nth(1).get_attribute("id")


def test_quiz_survives_instant_navigation(built_site: Path, browser: object) -> None:
    probe = served_at_site_url(browser, built_site)
    page = probe.page
    documents: list[str] = []
    page.on("request", lambda request: documents.append(request.url) if request.resource_type == "document" else None)
    try:
        goto(probe, SITE_URL)
        page.evaluate("window.__gdSamePage = true")
        for target in (LESSON_1, LESSON_2):
            slug = target.split("/")[1]
            link = page.locator(f'a.md-footer__link--next[href*="{slug}"]')
            if link.count() == 0:
                link = page.locator(f'.md-sidebar--primary a[href*="{slug}"]')
            assert link.count() > 0, f"no link to {target} on {page.url}"
            # let the page settle (its widgets set up) before clicking; the landing URL may carry the anchor of
            # the heading in view (navigation.tracking), which is what made this test time out under load
            wait_all_ready(page)
            instant_to(page, target, link.first.click)
            page.wait_for_load_state("networkidle")

        assert documents == [SITE_URL], f"instant navigation should fetch pages without reloading: {documents}"
        assert page.evaluate("window.__gdSamePage === true"), "the clicks should not reload the page"
        quiz = page.locator("[data-gd-quiz]").first
        assert quiz.count() == 1, f"{LESSON_2} has no quiz yet"
        quiz.scroll_into_view_if_needed()
        check_quiz_by_mouse(page, quiz)
        assert not probe.console_errors, probe.console_errors
        assert not probe.external_requests, probe.external_requests
    finally:
        page.context.close()


def test_quiz_answers_are_readable_without_javascript(built_site: Path, site_url: str, browser: object) -> None:
    page_path = first_page_with(built_site, "data-gd-quiz", "a quiz")
    probe = open_probe(browser, java_script_enabled=False)
    try:
        goto(probe, site_url + page_path)
        quiz = probe.page.locator("[data-gd-quiz]").first
        key = quiz.locator("details.gd-quiz-key")
        assert key.count() == 1 and key.is_visible(), "the answer key <details> should be in the page without JavaScript"
        key.locator("summary").click()
        text = key.inner_text()
        assert re.search(r"\bright\b", text, re.I), f"the key should say which answer is right: {text!r}"
        assert quiz.locator("label").first.is_visible()
    finally:
        probe.page.context.close()


# --- palette, phone, math -------------------------------------------------------


def test_dark_palette_recolours_figures(built_site: Path, site_url: str, probe: object) -> None:
    """A figure shows the image whose ink is the palette's text colour (hooks/figure_images.py writes them),
    light or dark, and a switch of palette swaps them."""
    page_path = first_page_with(built_site, 'class="gd-figure"', "a figure")
    goto(probe, site_url + page_path)
    page = probe.page

    def shown() -> dict:
        return page.evaluate(
            """async () => {
                const figure = document.querySelector('figure.gd-figure');
                const img = [...figure.querySelectorAll('img')].filter(i => getComputedStyle(i).display !== 'none');
                if (img.length !== 1) return {count: img.length};
                img[0].loading = 'eager';
                await img[0].decode();
                const file = await (await fetch(img[0].src)).text();
                return {count: 1, name: img[0].className, loaded: img[0].naturalWidth > 0, height: img[0].getBoundingClientRect().height,
                        ink: (file.match(/<svg class="gd-svg" style="color: ([^;]+);/) || [])[1],
                        text: getComputedStyle(document.querySelector('article')).color};
            }"""
        )

    light = shown()
    assert page.locator("body").get_attribute("data-md-color-scheme") != "slate"
    for _ in range(3):
        if page.locator("body").get_attribute("data-md-color-scheme") == "slate":
            break
        page.locator('form[data-md-component="palette"] label:not([hidden])').first.click()
    assert page.locator("body").get_attribute("data-md-color-scheme") == "slate", "the toggle never reached the dark palette"
    dark = shown()
    for palette, seen in (("light", light), ("dark", dark)):
        assert seen["count"] == 1 and seen["name"] == f"gd-svg gd-ink-{palette}", f"{palette} palette: the figure shows {seen}"
        assert seen["loaded"] and seen["height"] > 50, f"{palette} palette: the figure's image is not drawn: {seen}"
        assert seen["ink"] == seen["text"], f"{palette} palette: the figure's ink {seen['ink']} is not the text colour {seen['text']}"
    assert light["ink"] != dark["ink"]
    page.wait_for_function("!document.body.hasAttribute('data-md-color-switching')")
    metas, header = page.evaluate(
        "[[...document.querySelectorAll('meta[name=color-scheme]')].map(m => m.getAttribute('content')), getComputedStyle(document.querySelector('header')).colorScheme]"
    )
    assert metas == ["dark"] == [header], f"after the switch to the dark palette: color-scheme metas {metas}, the header's scheme {header}"
    assert not probe.console_errors


def test_a_page_title_that_fits_a_phone_takes_one_line(site_url: str, phone_probe: object) -> None:
    """The API overview's title just fills a phone's width: no empty line under it (the hidden permalink sign wrapped there)."""
    page = phone_probe.page
    goto(phone_probe, site_url + "reference/api/")
    height, line = page.evaluate("() => { const h = document.querySelector('article h1'); return [h.getBoundingClientRect().height, parseFloat(getComputedStyle(h).lineHeight)]; }")
    assert height < 1.5 * line, f"the title is {height:.0f} px tall, {height / line:.1f} lines"


def test_math_renders(built_site: Path, site_url: str, probe: object) -> None:
    page_path = first_page_with(built_site, "<math", "MathML")
    goto(probe, site_url + page_path)
    boxes = probe.page.evaluate(
        "() => [...document.querySelectorAll('article math')].map(m => { const r = m.getBoundingClientRect(); return [r.width, r.height]; })"
    )
    assert boxes, "no <math> in the article"
    assert any(w > 0 and h > 0 for w, h in boxes), f"MathML has no size: {boxes[:5]}"
    # laid out as mathematics, not as a run of text: a superscript sits higher than its base
    raised = probe.page.evaluate(
        """() => [...document.querySelectorAll('article msup')].slice(0, 20).map(s => {
            const [base, sup] = [...s.children].map(c => c.getBoundingClientRect());
            return base && sup ? sup.bottom < base.bottom - 1 : null; }).filter(x => x !== null)"""
    )
    if raised:
        assert any(raised), "superscripts are not raised: MathML is not being laid out"


# --- glossary tooltips --------------------------------------------------------


def test_glossary_tooltip_opens_on_keyboard_focus(site_url: str, probe: object) -> None:
    goto(probe, site_url + "lessons/03-update-rule/")
    page = probe.page
    terms = page.locator("article abbr[title]")
    assert terms.count() > 0, "lesson 3 should mark glossary terms"
    assert terms.first.get_attribute("tabindex") == "0", "a glossary term must be reachable by Tab"
    for _ in range(300):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.tagName") == "ABBR":
            break
    else:
        pytest.fail("Tab never reached a glossary term")
    term = page.locator("article abbr:focus")
    definition = term.get_attribute("aria-describedby") and page.evaluate(
        "document.getElementById(document.activeElement.getAttribute('aria-describedby')).textContent"
    )
    tooltip = page.locator("[role=tooltip]")
    tooltip.wait_for(state="visible", timeout=3000)
    assert tooltip.count() == 1 and tooltip.inner_text().strip(), "the focused term shows its definition"
    assert definition == tooltip.inner_text(), "the shown definition is the focused term's description"
    assert term.get_attribute("title") is None, "while shown, the definition is not also the term's title (read twice)"
    page.keyboard.press("Escape")
    tooltip.wait_for(state="detached", timeout=3000)
    assert term.get_attribute("title") == definition and term.get_attribute("aria-describedby") is None


def test_glossary_tooltip_follows_the_pointer_and_costs_nothing_at_load(site_url: str, probe: object) -> None:
    """Set up when first used (Material set up each term's tooltip at load: issue 13), below the term, on screen."""
    goto(probe, site_url + "lessons/09-beyond-gd/")
    page = probe.page
    assert page.locator("[role=tooltip]").count() == 0, "a tooltip exists before any term is hovered or focused"
    terms = page.locator("article abbr[title]")
    assert terms.count() > 20
    term = terms.nth(3)
    definition = term.get_attribute("title")
    term.scroll_into_view_if_needed()
    term.hover()
    tooltip = page.locator("[role=tooltip]")
    tooltip.wait_for(state="visible", timeout=3000)
    assert tooltip.inner_text() == definition
    page.wait_for_timeout(400)  # its fade-in
    box, tip = term.bounding_box(), tooltip.locator(".md-tooltip2__inner").bounding_box()
    width = page.viewport_size["width"]
    assert tip["y"] >= box["y"] + box["height"], f"the definition should sit below the term: {tip} {box}"
    assert 0 <= tip["x"] and tip["x"] + tip["width"] <= width, f"the definition runs off the screen: {tip}"
    page.mouse.move(tip["x"] + 5, tip["y"] + tip["height"] / 2)  # onto the definition: it stays (WCAG 1.4.13)
    page.wait_for_timeout(500)
    assert tooltip.is_visible(), "moving the pointer onto the definition hid it"
    page.mouse.move(5, page.viewport_size["height"] - 5)
    tooltip.wait_for(state="detached", timeout=3000)
    assert term.get_attribute("title") == definition


def test_reference_pages_have_no_glossary_tooltips(built_site: Path) -> None:
    for page in ("reference/glossary/", "reference/bibliography/", "reference/api/core/"):
        assert "<abbr" not in (built_site / page / "index.html").read_text(encoding="utf-8"), page


def test_search_finds_a_lesson_and_its_index_waits_for_the_load(site_url: str, probe: object) -> None:
    """overrides/main.html sends Material's request for the search index once the page has loaded (on a phone's
    link it held back lesson 1's largest paint); the search still answers, here from a lesson page."""
    page = probe.page
    page.add_init_script(
        "window.__gdIndexAsked = null; window.addEventListener('load', () => { window.__gdLoaded = performance.now(); });"
        "new PerformanceObserver(l => l.getEntries().forEach(e => { if (e.name.endsWith('/search/search_index.json'))"
        " window.__gdIndexAsked = e.startTime; })).observe({type: 'resource', buffered: true});"
    )
    page.goto(site_url + "lessons/01-loss-landscape/", wait_until="load")
    page.wait_for_function("window.__gdIndexAsked !== null", timeout=10_000)
    asked, loaded = page.evaluate("[window.__gdIndexAsked, window.__gdLoaded]")
    assert asked >= loaded, f"the search index was asked for at {asked:.0f} ms, before the page's load event ({loaded:.0f} ms)"
    page.locator("input.md-search__input").click()  # at desktop width the search field is in the header
    # typed key by key: Material reads the query on keyup (and once when its worker is ready), so fill(), which
    # sends no keys, only worked when the worker became ready after it; a reader's keys work either way
    page.locator("input.md-search__input").press_sequentially("momentum")
    first = page.locator(".md-search-result__item").first
    first.wait_for(timeout=10_000)
    assert "momentum" in page.locator(".md-search-result__list").inner_text().lower()
    assert probe.console_errors == [] and probe.external_requests == []
