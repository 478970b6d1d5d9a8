"""HTML that a lesson emits for an interactive piece.

Each function returns a ``<div data-gd-widget="NAME">`` that holds a static
fallback made at build time (so the page teaches without JavaScript, in
print and to a screen reader) and, in ``data-gd-config``, the JSON the
browser needs. The scripts in ``docs/assets/widgets/`` enhance it.

The four widgets of lessons 1-4 are placeholders until their scripts land
(issue "Interactive pieces for lessons 1-4"): they render a clearly marked
box that says what will be there.
"""

from __future__ import annotations

import html as html_lib
import json

__all__ = ["placeholder", "surface_explorer", "lr_lab", "scrubber", "gradient_field"]


def _root(name: str, config: dict, fallback: str) -> str:
    data = html_lib.escape(json.dumps(config, separators=(",", ":"), sort_keys=True), quote=True)
    return f'<div class="gd-widget" data-gd-widget="{name}" data-gd-config="{data}">\n{fallback}\n</div>'


def placeholder(name: str, what: str) -> str:
    """A marked box where the interactive piece ``name`` will go."""
    return _root(
        name,
        {},
        f'<div class="gd-widget-placeholder"><p><strong>Interactive piece: {html_lib.escape(name)}.</strong> '
        f"{html_lib.escape(what)}</p></div>",
    )


def surface_explorer() -> str:
    """Lesson 1: a 3-D loss surface to rotate, with a marble to drop and release."""
    return placeholder("surface-explorer", "Rotate a 3-D loss surface, drop a marble on it and watch gradient descent roll it downhill.")


def lr_lab() -> str:
    """Lesson 4: the 1-D bowl with a learning-rate slider across every regime."""
    return placeholder("lr-lab", "Slide the learning rate and watch the marble settle, zigzag, bounce forever or fly off.")


def scrubber() -> str:
    """Lesson 3: step through the iterations of the worked example."""
    return placeholder("scrubber", "Step or drag through the iterations of the worked example; the marble and the table row follow.")


def gradient_field() -> str:
    """Lesson 2: hover or tap a contour map to see the gradient there."""
    return placeholder("gradient-field", "Hover over or tap the contour map to see the gradient arrow and its components at that point.")
