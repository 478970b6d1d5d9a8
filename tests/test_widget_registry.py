"""The widget registry (gdnotes.widgets.REGISTRY) against the files each widget needs.

For every registered widget: its function is exported by ``gdnotes.widgets``
and returns HTML whose root carries its name (and ``data-gd-style`` exactly
when it declares a stylesheet); its script, and its stylesheet if declared,
sit in ``docs/assets/widgets/<name>/``. And the other way round: every
folder in ``docs/assets/widgets/`` except ``lib/`` is a registered widget,
and no stylesheet is left undeclared. No browser and no build needed.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from gdnotes import widgets

ASSETS = Path(__file__).resolve().parent.parent / "docs" / "assets" / "widgets"
SHARED = "lib"


def test_registry_is_found_from_the_modules() -> None:
    assert widgets.NAMES == tuple(widgets.REGISTRY)
    assert len(widgets.NAMES) >= 11, widgets.NAMES
    for name, widget in widgets.REGISTRY.items():
        assert isinstance(widget, widgets.Widget) and widget.name == name
        module = widget.function.__module__
        assert module == f"gdnotes.widgets.{name.replace('-', '_')}", f"{name}: its function lives in {module}"
        assert widget.summary.strip(), f"{name}: no summary"


@pytest.mark.parametrize("name", widgets.NAMES)
def test_function_is_exported_and_its_root_has_the_name(name: str) -> None:
    widget = widgets.REGISTRY[name]
    assert getattr(widgets, widget.function.__name__) is widget.function
    assert widget.function.__name__ in widgets.__all__
    html = widget.make_example()
    style = " data-gd-style" if widget.style else ""
    assert re.match(rf'<div class="gd-widget" data-gd-widget="{re.escape(name)}"{style} data-gd-config="[^"]*">', html), html[:200]
    assert html.count("data-gd-widget=") == 1
    assert '<div class="gd-fallback">' in html, f"{name}: no static fallback"
    assert isinstance(widgets.config(html), dict)


@pytest.mark.parametrize("name", widgets.NAMES)
def test_script_and_declared_stylesheet_exist(name: str) -> None:
    widget = widgets.REGISTRY[name]
    folder = ASSETS / name
    assert (folder / f"{name}.js").is_file(), f"{name}: no docs/assets/widgets/{name}/{name}.js"
    css = folder / f"{name}.css"
    if widget.style:
        assert css.is_file(), f"{name} declares style=True but has no {css.relative_to(ASSETS.parent.parent.parent)}"
    else:
        assert not css.exists(), f"{name} has {css.name} but declares style=False, so the browser would never load it"
    script = (folder / f"{name}.js").read_text(encoding="utf-8")
    # define(name, setup), or defineWith(name, helpers, setup), which loads lib/ helpers and then calls define
    assert re.search(rf'\.define(With)?\("{re.escape(name)}"', script), f"{name}.js must call gdnotes.widgets.define({name!r}, ...)"


def test_every_asset_folder_is_a_registered_widget() -> None:
    folders = {path.name for path in ASSETS.iterdir() if path.is_dir()}
    assert SHARED in folders
    assert folders - {SHARED} == set(widgets.NAMES)
    loose = sorted(path.name for path in ASSETS.iterdir() if path.is_file())
    assert not loose, f"files directly in docs/assets/widgets/ (widget code goes in <name>/, shared code in lib/): {loose}"


def test_widget_names_do_not_shadow_shared_helpers() -> None:
    """A helper in lib/ and a widget share the loader's namespace (gdnotes.widgets.define)."""
    helpers = {path.stem for path in (ASSETS / SHARED).glob("*.js")}
    assert not helpers & set(widgets.NAMES)


@pytest.mark.parametrize(
    ("arguments", "error", "words"),
    [
        ({"name": "Lr Lab", "function": widgets.lr_lab}, ValueError, "name"),
        ({"name": "lr-lab", "function": "lr_lab"}, TypeError, "function"),
        ({"name": "lr-lab", "function": widgets.lr_lab, "style": "yes"}, TypeError, "style"),
        ({"name": "lr-lab", "function": widgets.lr_lab, "summary": 3}, TypeError, "summary"),
        ({"name": "lr-lab", "function": widgets.lr_lab, "example": "x"}, TypeError, "example"),
    ],
)
def test_bad_declarations_fail_clearly(arguments: dict, error: type, words: str) -> None:
    with pytest.raises(error, match=words):
        widgets.Widget(**arguments)


def test_each_widget_has_one_place_in_the_api_reference() -> None:
    """api_sections gives each widget to the page range of the page its summary names first, in course order."""
    from gdnotes.widgets import AFTER_THE_LESSONS, api_sections, first_page

    assert first_page("marble") == 0 and first_page("lr-lab") == 4 and first_page("loss-drill") == AFTER_THE_LESSONS
    ranges = [(0, 4), (5, 6), (7, 7), (8, AFTER_THE_LESSONS)]  # the four widget pages of docs/reference/api
    headings = [re.findall(r"^## (\S+)$", api_sections(*r), re.M) for r in ranges]
    assert sorted(name for part in headings for name in part) == sorted(widgets.NAMES)
    for part in headings:
        assert part == sorted(part, key=lambda name: (first_page(name), name))
    assert "::: gdnotes.widgets.lr_lab\n" in api_sections(4)
    with pytest.raises(widgets.ArgumentError, match="no widget is called 'nope'"):
        first_page("nope")
    with pytest.raises(widgets.ArgumentError, match="last"):
        api_sections(5, 2)
    table = widgets.api_table().splitlines()
    assert len(table) == 2 + len(widgets.NAMES) and "[`lr_lab`][gdnotes.widgets.lr_lab]" in widgets.api_table()
