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

__all__ = ["REGISTRY", "NAMES", "Widget", "config", "placeholder", "settling", "regime_rule", "regime_from_rule"]


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
