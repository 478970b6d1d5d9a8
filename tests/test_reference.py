"""The reference pages: the API reference generated from the package's
docstrings, the home page as the course's table of contents, and the math
hook's handling of the minus sign."""

from __future__ import annotations

import importlib
import pkgutil
import re
import sys
from pathlib import Path

import griffe
import pytest
from conftest import ROOT

import gdnotes
from gdnotes import descent, tables

sys.path.insert(0, str(ROOT / "hooks"))
import griffe_roles  # noqa: E402

API = "reference/api"  # the overview, and under it one folder a page of the API reference
API_ELEMENTS = 1700  # elements of one API page at most (issue 13: 6,600 made a phone block for over a second); 1,600 measured
PUBLIC_MODULES = sorted(
    info.name for info in pkgutil.walk_packages(gdnotes.__path__, "gdnotes.") if not info.name.rsplit(".", 1)[-1].startswith("_")
)


def _api_pages(site: Path) -> list[Path]:
    return sorted((site / API).glob("*/index.html"))


def _api_html(site: Path) -> str:
    return "\n".join(page.read_text(encoding="utf-8") for page in _api_pages(site))


# --- the griffe extension, on its own ----------------------------------------


def test_doctests_are_fenced_as_code() -> None:
    text = "Intro.\n\n>>> [1, 2]\n[1, 2]\n\nAfter.\n    >>> x = 1\n    >>> x\n    1"
    fenced = griffe_roles._fence_doctests(text)
    assert "```pycon\n>>> [1, 2]\n[1, 2]\n```" in fenced
    assert "    ```pycon\n    >>> x = 1\n    >>> x\n    1\n    ```" in fenced
    assert fenced.startswith("Intro.\n\n") and "\nAfter.\n" in fenced


@pytest.fixture(scope="module")
def package() -> griffe.Module:
    return griffe.load("gdnotes", search_paths=[ROOT / "src"])


@pytest.mark.parametrize(
    ("where", "name", "expected"),
    [
        ("descent", "gdnotes.theory.regime", "gdnotes.theory.regime"),  # full path
        ("practice", "hand_steps", "gdnotes.practice.hand_steps"),  # same module
        ("stochastic", "regression.hessian", "gdnotes.regression.hessian"),  # inside the package
        ("figures.runs", ".comparison", "gdnotes.figures.comparison"),  # relative to the parent package
        ("descent", "no_such_thing", None),  # stays plain code
        ("descent", "_validate", None),  # private: not documented, so no link
    ],
)
def test_roles_resolve_like_sphinx(package: griffe.Module, where: str, name: str, expected: str | None) -> None:
    assert griffe_roles._resolve(package, package[where], name) == expected


# --- the built API pages -------------------------------------------------------


def test_every_public_module_is_documented(built_site: Path) -> None:
    html = _api_html(built_site)
    missing = [name for name in PUBLIC_MODULES if f'id="{name}"' not in html]
    assert not missing, f"modules without a section in the API reference: {missing}"


@pytest.mark.parametrize("name", ["run", "gradient_descent_path", "Path"])
def test_public_functions_have_anchors(built_site: Path, name: str) -> None:
    assert f'id="gdnotes.descent.{name}"' in _api_html(built_site)


def test_every_public_callable_of_the_core_is_documented(built_site: Path) -> None:
    html = _api_html(built_site)
    for module_name in ("gdnotes.surfaces", "gdnotes.optimizers", "gdnotes.descent", "gdnotes.theory"):
        module = importlib.import_module(module_name)
        for name in getattr(module, "__all__", []):
            if callable(getattr(module, name)):
                assert f'id="{module_name}.{name}"' in html, f"{module_name}.{name} is missing from the API reference"


def test_no_sphinx_role_or_tag_title_ships(built_site: Path) -> None:
    html = _api_html(built_site)
    leftovers = re.findall(r":(?:func|class|meth|attr|data|mod|math):(?:`|<code>)", html)
    assert not leftovers, f"literal Sphinx roles on the API pages: {leftovers[:5]}"
    assert "title=\"&lt;code" not in html, "link tooltips must be plain text, not escaped HTML"
    links = re.findall(r'<a class="autorefs autorefs-(?:internal|external)"[^>]*href="([^"]+)"', html)
    assert len(links) > 50, "the docstrings' cross-references should have become links"


def test_every_api_page_is_small(built_site: Path) -> None:
    pages = _api_pages(built_site)
    assert len(pages) > 4, "the API reference is split into pages of a few modules each"
    sizes = {page.parent.name: len(re.findall(r"<[a-zA-Z]", page.read_text(encoding="utf-8"))) for page in pages}
    large = {name: size for name, size in sizes.items() if size > API_ELEMENTS}
    assert not large, f"API pages over {API_ELEMENTS} elements (split them, a few modules a page): {large}"


def test_overview_links_every_api_page_and_module(built_site: Path) -> None:
    overview = (built_site / API / "index.html").read_text(encoding="utf-8")
    for page in _api_pages(built_site):
        assert f'href="{page.parent.name}/"' in overview, f"the overview does not link the page {page.parent.name}"
    named = set(re.findall(r"<code>([\w.]+)</code>", overview))
    # the widget modules are named by the Widgets page's table, which the overview links (and the next test)
    missing = [name for name in PUBLIC_MODULES if name.removeprefix("gdnotes.") not in named and not name.startswith("gdnotes.widgets.")]
    assert not missing, f"modules the overview does not name: {missing}"
    assert 'href="widgets/#every-widget"' in overview


def test_every_widget_module_is_documented_once(built_site: Path) -> None:
    from gdnotes import widgets

    html = _api_html(built_site)
    for widget in widgets.REGISTRY.values():
        assert html.count(f'id="{widget.function.__module__}"') == 1, f"{widget.name} is on no widget page, or on two"


def test_overview_runs_its_example(built_site: Path) -> None:
    page = (built_site / API / "index.html").read_text(encoding="utf-8")
    path = descent.gradient_descent_path("bowl1d", learning_rate=0.1, start=4.0, steps=20)
    assert repr(float(path.positions[-1, 0, 0])) in page
    assert "learning_rate must be positive" in page


# --- the home page and the math hook ---------------------------------------------


def test_home_links_every_lesson_and_the_reference(built_site: Path) -> None:
    home = (built_site / "index.html").read_text(encoding="utf-8")
    for lesson in sorted((ROOT / "docs" / "lessons").glob("0*.md")):
        assert f'href="lessons/{lesson.stem}/"' in home, f"the home page does not link {lesson.stem}"
    for page in ("practice/", "reference/glossary/", "reference/bibliography/", "reference/api/"):
        assert f'href="{page}"' in home
    assert "coming soon" not in home.lower()


def test_minus_sign_in_math_is_an_operator(built_site: Path) -> None:
    minus = tables.number(-0.5)[0]
    assert minus == "\u2212", "tables.number writes the typographic minus"
    for page in built_site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "<mi>\u2212</mi>" not in text, f"{page.relative_to(built_site)}: a minus sign read as a variable"
