"""HTML that a lesson emits for an interactive piece.

Each function returns a ``<div class="gd-widget" data-gd-widget="NAME">``
holding

* a static fallback made at build time (a figure or a table and a
  sentence), so that the page teaches without JavaScript, in print and to a
  screen reader;
* in ``data-gd-config``, JSON with everything the browser needs: the
  surface's value and gradient as JavaScript source (from
  :attr:`gdnotes.surfaces.Surface.javascript`, the one definition of the
  math), bounds, defaults and, for the learning-rate lab, the rule of
  :func:`gdnotes.theory.regime` as data.

The browser side is one script per widget,
``docs/assets/widgets/<name>/<name>.js`` (and ``<name>.css`` if it has
styles of its own), loaded by the shared loader
``docs/assets/widgets/lib/widgets.js`` on pages that hold that widget. The
scripts read the config and enhance the fallback. They run the package's update rules with its divergence rule:
plain gradient descent as :func:`gdnotes.descent.run` does it, and the
rules of :mod:`gdnotes.optimizers` (momentum, Nesterov, AdaGrad, RMSProp,
Adam) in ``lib/optimizers.js``; lesson 8's trainer fits the model of
:mod:`gdnotes.regression`. So the browser's numbers are the package's
numbers; the browser tests check that to 1e-9.

One module per widget (``gdnotes/widgets/lr_lab.py`` and so on) holds its
function, validation, data and fallback, and declares the widget as
``WIDGET = Widget(name=..., function=..., style=..., summary=...)``. This
package finds those modules itself (:data:`REGISTRY`, :data:`NAMES`) and
re-exports their public names, so ``widgets.lr_lab(...)`` works and adding a
widget edits no list: README.md, "Adding a widget", has the steps.

>>> html = scrubber()
>>> 'data-gd-widget="scrubber"' in html and "<table" in html
True
>>> surface = config(html)["surface"]
>>> surface["value"]
'((v[0])*(v[0]))'
"""

from __future__ import annotations

import importlib
import pkgutil

from ._common import Widget, config, placeholder, regime_from_rule, regime_rule, settling
from .._validate import ArgumentError, ArgumentTypeError

__all__ = ["REGISTRY", "NAMES", "Widget", "config", "placeholder", "settling", "regime_rule", "regime_from_rule", "first_page", "api_sections", "api_table", "AFTER_THE_LESSONS"]


def _discover() -> dict[str, Widget]:
    """Import every public module of this package; each declares its widget as ``WIDGET``."""
    found: dict[str, Widget] = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda info: info.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        widget = getattr(module, "WIDGET", None)
        if not isinstance(widget, Widget):
            raise ArgumentTypeError(f"{module.__name__} must declare WIDGET = Widget(...), got {type(widget).__name__}")
        if widget.name in found:
            raise ArgumentError(f"two widget modules declare the name {widget.name!r}: {found[widget.name].function.__module__} and {module.__name__}")
        found[widget.name] = widget
        for public in module.__all__:
            globals()[public] = getattr(module, public)
            __all__.append(public)
    return found


REGISTRY: dict[str, Widget] = _discover()
"""Every widget, by its ``data-gd-widget`` name, found from the modules of this package."""

NAMES: tuple[str, ...] = tuple(REGISTRY)
"""The ``data-gd-widget`` names of the widgets (sorted); scripts and tests find widgets by them."""


#: where :func:`first_page` puts a widget whose summary names no lesson and not the home page (the practice page)
AFTER_THE_LESSONS = 10


def first_page(name: str) -> int:
    """The page the summary of widget ``name`` names first: 0 for the home page, N for lesson N
    ("Lesson 4: ..." or "Lessons 3, 4 and 6: ..."), else :data:`AFTER_THE_LESSONS`.

    >>> first_page("marble"), first_page("momentum-race")
    (0, 7)
    """
    import re

    if not isinstance(name, str):
        raise ArgumentTypeError(f"name must be a widget's name (a string), not {type(name).__name__}")
    if name not in REGISTRY:
        raise ArgumentError(f"name: no widget is called {name!r}; the widgets are {', '.join(NAMES)}")
    first = re.match(r"Home page|Lessons? (\d+)", REGISTRY[name].summary)
    return int(first.group(1) or 0) if first else AFTER_THE_LESSONS


def api_sections(first: int, last: int | None = None) -> str:
    """The API reference's Markdown for the widgets whose :func:`first_page` lies in ``first``..``last``
    (``last`` defaults to ``first``), in the order of the course: a heading with the widget's name, then its
    module for mkdocstrings. The widget pages of the API reference print it, so a new widget needs no page edit."""
    from .._validate import count

    first = count(first, "first", maximum=AFTER_THE_LESSONS)
    last = first if last is None else count(last, "last", maximum=AFTER_THE_LESSONS)
    if last < first:
        raise ArgumentError(f"last ({last}) must not come before first ({first})")
    chosen = sorted((first_page(name), name) for name in NAMES if first <= first_page(name) <= last)
    return "\n".join(f"## {name}\n\n::: {REGISTRY[name].function.__module__}\n    options:\n      heading_level: 3\n" for _, name in chosen)


def api_table() -> str:
    """The API reference's Markdown table of every widget: its name, its module (a cross-reference) and its summary."""
    rows = ["| Widget | Module | What the reader does |", "|---|---|---|"]
    for name, widget in REGISTRY.items():
        module = widget.function.__module__
        rows.append(f"| `{name}` | [`{module.rsplit('.', 1)[1]}`][{module}] | {widget.summary} |")
    return "\n".join(rows)
