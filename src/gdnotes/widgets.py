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

The scripts in ``docs/assets/widgets/`` read the config and enhance the
fallback. They run plain gradient descent with the update and the
divergence rule of :func:`gdnotes.descent.run`, so the browser's numbers
are the package's numbers; the browser tests check that to 1e-9.

>>> html = scrubber()
>>> 'data-gd-widget="scrubber"' in html and "<table" in html
True
>>> surface = config(html)["surface"]
>>> surface["value"]
'Math.pow(v[0], 2)'
"""

from __future__ import annotations

import html as html_lib
import inspect
import json
import math
import re
from collections.abc import Sequence

import markdown
import numpy as np
import sympy as sp

from . import _validate, descent, figures, surfaces, tables, theory

__all__ = [
    "NAMES",
    "surface_explorer",
    "lr_lab",
    "scrubber",
    "gradient_field",
    "regime_rule",
    "regime_from_rule",
    "config",
    "placeholder",
]

NAMES = ("surface-explorer", "lr-lab", "scrubber", "gradient-field")
"""The ``data-gd-widget`` names of the widgets; scripts and tests find widgets by them."""

_SUBSCRIPTS = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


# ----------------------------------------------------------------- helpers


def _root(name: str, config_data: dict, fallback: str) -> str:
    data = html_lib.escape(json.dumps(config_data, separators=(",", ":"), sort_keys=True, allow_nan=False), quote=True)
    return (
        f'<div class="gd-widget" data-gd-widget="{name}" data-gd-config="{data}">\n'
        f'<div class="gd-fallback">\n{fallback}\n</div>\n</div>'
    )


def config(html: str) -> dict:
    """The config JSON of the (first) widget in ``html``; handy in tests."""
    match = re.search(r'data-gd-config="([^"]*)"', html)
    if match is None:
        raise ValueError("html holds no widget config (data-gd-config)")
    return json.loads(html_lib.unescape(match.group(1)))


def _inline(text: str) -> str:
    """Markdown (with ``$...$`` math, which the site's hook turns into MathML) to inline HTML."""
    rendered = markdown.markdown(
        text, extensions=["pymdownx.arithmatex"], extension_configs={"pymdownx.arithmatex": {"generic": True}}
    )
    return re.sub(r"^<p>(.*)</p>$", r"\1", rendered.strip(), flags=re.S)


def _note(text: str) -> str:
    """The sentence that says what the interactive version does (hidden once it runs)."""
    return f'<p class="gd-widget-note gd-fallback-only">{_inline(text)}</p>'


def _label(symbol: sp.Symbol) -> str:
    """``w1`` -> ``w₁``: a variable's name for text on screen."""
    return str(symbol).translate(_SUBSCRIPTS)


def _formula(surface: surfaces.Surface) -> str:
    """The loss as plain text for the screen, for example ``w₁² + 3w₂²``."""
    powers = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
    text = re.sub(r"\*\*(\d+)", lambda m: m.group(1).translate(powers), str(surface.expression))
    text = re.sub(r"([a-z])(\d+)", lambda m: m.group(1) + m.group(2).translate(_SUBSCRIPTS), text)
    return text.replace("*", "").replace("-", "−")


def _num(value: float) -> str:
    return tables.number(float(value))


def _point(values: Sequence[float]) -> str:
    return "(" + ", ".join(_num(v) for v in values) + ")"


def _surface(surface: surfaces.Surface | str, dim: int, argument: str = "surface") -> surfaces.Surface:
    if isinstance(surface, str):
        surface = surfaces.get(surface)
    if not isinstance(surface, surfaces.Surface):
        raise TypeError(f"{argument} must be a Surface or a surface name, got {type(surface).__name__}")
    if surface.dim != dim:
        raise ValueError(f"{argument} must be a {dim}-D surface, got {surface.name!r} with {surface.dim} parameters")
    return surface


def _surface_config(surface: surfaces.Surface) -> dict:
    """What the browser needs to know about a surface; the math is the package's JavaScript."""
    js = surface.javascript
    return {
        "name": surface.name,
        "title": surface.title,
        "variables": [str(v) for v in surface.variables],
        "labels": [_label(v) for v in surface.variables],
        "formula": _formula(surface),
        "value": js["value"],
        "gradient": list(js["gradient"]),
        "bounds": [[float(lo), float(hi)] for lo, hi in surface.bounds],
        "minima": [[float(c) for c in m] for m in surface.minima],
    }


def _inside(surface: surfaces.Surface, point: np.ndarray, name: str) -> None:
    for value, (low, high) in zip(point, surface.bounds):
        if not low <= value <= high:
            raise ValueError(f"{name} must lie within the surface's bounds {surface.bounds}, got {tuple(point.tolist())}")


def _rate_range(rate_range: object, learning_rate: float) -> tuple[float, float, float]:
    if not isinstance(rate_range, Sequence) or isinstance(rate_range, (str, bytes)) or len(rate_range) != 3:
        raise TypeError(f"rate_range must be (low, high, step), got {rate_range!r}")
    low, high, step = (_validate.positive_number(v, f"rate_range[{i}]") for i, v in enumerate(rate_range))
    if not low < high:
        raise ValueError(f"rate_range must have low < high, got {rate_range!r}")
    if not low <= learning_rate <= high:
        raise ValueError(f"learning_rate must lie in rate_range [{low}, {high}], got {learning_rate}")
    return low, high, step


def _typed_max(max_typed_rate: object, high: float) -> float:
    typed_max = _validate.positive_number(max_typed_rate, "max_typed_rate")
    if typed_max < high:
        raise ValueError(f"max_typed_rate must be at least the slider's top ({high}), got {typed_max}")
    return typed_max


def _html_table(headers: Sequence[str], rows: Sequence[Sequence[object]], row_keys: Sequence[int] | None = None) -> str:
    """A plain HTML table (Material styles it like a Markdown table); numbers via :func:`tables.number`."""
    head = "".join(f"<th>{h}</th>" for h in headers)
    body = []
    for i, row in enumerate(rows):
        key = f' data-k="{row_keys[i]}"' if row_keys is not None else ""
        cells = "".join(f"<td>{html_lib.escape(c) if isinstance(c, str) else tables.number(c)}</td>" for c in row)
        body.append(f"<tr{key}>{cells}</tr>")
    return f"<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n" + "\n".join(body) + "\n</tbody>\n</table>"


def _contour_levels(surface: surfaces.Surface, count: int = 10) -> list[float]:
    """Contour heights spaced so that a quadratic bowl gets evenly spaced rings."""
    z = np.asarray(surface.grid(81)[2])
    low, high = float(z.min()), float(z.max())
    t = np.linspace(0.0, 1.0, count + 2)[1:-1]
    return [float(f"{v:.3g}") for v in low + (high - low) * t**2]


# ----------------------------------------------------------------- regimes


def regime_rule(curvature: float = 2.0) -> dict:
    """The rule of :func:`gdnotes.theory.regime` as data, for the browser.

    With ``r = learning_rate * curvature`` the contraction factor is
    ``1 - r``: it is 0 at ``r = 1`` (one step lands on the minimum) and
    -1 at ``r = 2`` (the marble bounces forever). Those products are the
    boundaries; each is named, and so is each interval between them, by
    asking :func:`~gdnotes.theory.regime` itself. ``relTol`` is the
    tolerance ``regime`` uses to judge equality.

    >>> rule = regime_rule()
    >>> [b["name"] for b in rule["boundaries"]], rule["intervals"]
    (['converges in one step', 'oscillates forever'], ['converges', 'zigzags but converges', 'diverges'])
    """
    lam = _validate.positive_number(curvature, "curvature")
    rel_tol = inspect.signature(theory.regime).parameters["rel_tol"].default
    products = [1.0 - factor for factor in (0.0, -1.0)]
    edges = [0.0, *products, 2.0 * products[-1]]
    return {
        "curvature": lam,
        "relTol": rel_tol,
        "boundaries": [{"product": p, "name": theory.regime(p / lam, lam)} for p in products],
        "intervals": [theory.regime((a + b) / 2 / lam, lam) for a, b in zip(edges, edges[1:])],
        "names": list(theory.REGIMES),
    }


def regime_from_rule(rule: dict, learning_rate: float) -> str:
    """Apply a :func:`regime_rule` exactly as the browser does (a mirror of ``widgets.js``)."""
    r = learning_rate * rule["curvature"]
    for boundary in rule["boundaries"]:
        if math.isclose(r, boundary["product"], rel_tol=rule["relTol"]):
            return boundary["name"]
    for boundary, name in zip(rule["boundaries"], rule["intervals"]):
        if r < boundary["product"]:
            return name
    return rule["intervals"][-1]


def _curvature_1d(surface: surfaces.Surface) -> float:
    """``lambda`` of a 1-D bowl ``lambda * x**2 / 2``; ValueError for anything else."""
    (x,) = surface.variables
    second = sp.diff(surface.expression, x, 2)
    if not second.is_number or float(second) <= 0 or sp.simplify(surface.expression - second * x**2 / 2) != 0:
        raise ValueError(f"surface must be a 1-D bowl lambda * x**2 / 2 (as the regimes assume), got {surface.expression}")
    return float(second)


# ----------------------------------------------------------------- widgets


def placeholder(name: str, what: str) -> str:
    """A marked box where an interactive piece not yet built will go."""
    return _root(
        name,
        {},
        f'<div class="gd-widget-placeholder"><p><strong>Interactive piece: {html_lib.escape(name)}.</strong> '
        f"{html_lib.escape(what)}</p></div>",
    )


def surface_explorer(
    surface: surfaces.Surface | str = "bowl2d",
    start: Sequence[float] = (3.0, 2.0),
    learning_rate: float = 0.1,
    steps: int = 200,
    rate_range: Sequence[float] = (0.01, 0.4, 0.01),
    max_typed_rate: float = 2.0,
    tolerance: float = 1e-3,
    slug: str = "surface-explorer",
) -> str:
    """Lesson 1: a 3-D loss surface to rotate, with a marble to place and release.

    The reader drags (or uses the arrow keys) to rotate the surface, clicks
    or taps to place the marble (or types its start), presses *Release* and
    watches it roll along the gradient-descent path
    ``w <- w - learning_rate * grad L(w)`` for at most ``steps`` steps. The
    run stops early once the gradient's length is below ``tolerance``
    (settled) or when it diverges. ``rate_range`` is the slider's
    ``(low, high, step)``; a typed rate may go up to ``max_typed_rate``.
    The fallback is a 3-D figure of the same path.
    """
    surface = _surface(surface, 2)
    alpha = _validate.positive_number(learning_rate, "learning_rate")
    steps = _validate.count(steps, "steps", minimum=1)
    tol = _validate.positive_number(tolerance, "tolerance")
    low, high, step = _rate_range(rate_range, alpha)
    typed_max = _typed_max(max_typed_rate, high)
    first = _validate.points(start, 2, "start")[0]
    _inside(surface, first, "start")
    path = descent.gradient_descent_path(surface, alpha, first, steps)
    trajectory, losses = path.trajectory(), path.losses[:, 0]
    norms = np.linalg.norm(path.gradients[:, 0, :], axis=1)
    settled = np.flatnonzero(norms < tol)
    stop = int(settled[0]) if settled.size else (int(path.diverged_at[0]) if path.diverged[0] else steps)
    labels = [_label(v) for v in surface.variables]

    w1, w2, z = surface.grid(21)
    with figures.figure(6.0, 4.2, subplot_kw={"projection": "3d"}) as (fig, ax):
        ax.plot_wireframe(w1, w2, z, color=figures.FAINT, linewidth=0.6)
        shown = slice(0, stop + 1)
        ax.plot(trajectory[shown, 0], trajectory[shown, 1], losses[shown], "o-", color=figures.COLORS[1], markersize=3, linewidth=1.6)
        ax.set_xlabel(labels[0])
        ax.set_ylabel(labels[1])
        ax.set_zlabel("loss")
        ax.view_init(elev=32, azim=-58)
        ending = (
            f"settles at the bottom after {stop} steps"
            if settled.size
            else (f"flies off and diverges at step {stop}" if path.diverged[0] else f"is still moving after {steps} steps")
        )
        alt = (
            f"{surface.title}, the loss surface L({', '.join(labels)}) drawn in 3-D as a wire mesh. "
            f"A marble placed at {_point(first)} with learning rate {_num(alpha)} rolls down the surface along "
            f"the gradient-descent path and {ending}."
        )
        figure = figures.svg(fig, alt, slug)
    loss_text = _num(losses[stop]) if np.isfinite(losses[stop]) else "undefined"
    note = _note(
        f"From {_point(first)} with $\\alpha = {_num(alpha)}$ the marble {ending} (loss {loss_text}). "
        "With JavaScript on, this figure becomes a surface you can rotate (drag, swipe or arrow keys); "
        "click or tap to place the marble, release it and change $\\alpha$ with a slider."
    )
    data = {
        "surface": _surface_config(surface),
        "start": [float(c) for c in first],
        "learningRate": alpha,
        "rateRange": [low, high, step],
        "maxTypedRate": typed_max,
        "steps": steps,
        "tolerance": tol,
        "divergenceLimit": descent.DIVERGENCE_LIMIT,
        "mesh": 31,
    }
    return _root("surface-explorer", data, f'<div class="gd-fallback-only">{figure}</div>\n{note}')


def lr_lab(
    surface: surfaces.Surface | str = "bowl1d",
    start: float = 5.0,
    learning_rate: float = 0.1,
    steps: int = 25,
    rate_range: Sequence[float] = (0.01, 1.5, 0.01),
    max_typed_rate: float = 10.0,
    example_rates: Sequence[float] = (0.1, 0.5, 0.6, 1.0, 1.1),
) -> str:
    """Lesson 4: the 1-D bowl with a learning-rate slider across every regime.

    The marble runs ``steps`` steps of gradient descent from ``start``; the
    regime (one of :data:`gdnotes.theory.REGIMES`) is named on screen by the
    rule of :func:`regime_rule`. The slider spans ``rate_range`` (well past
    the divergence bound); a typed rate may go up to ``max_typed_rate``. The
    fallback is a table of ``example_rates``, one per regime.
    """
    surface = _surface(surface, 1)
    lam = _curvature_1d(surface)
    x0 = _validate.finite_number(start, "start")
    if x0 == 0:
        raise ValueError("start must be non-zero: from the minimum nothing moves")
    alpha = _validate.positive_number(learning_rate, "learning_rate")
    steps = _validate.count(steps, "steps", minimum=1)
    low, high, step = _rate_range(rate_range, alpha)
    typed_max = _typed_max(max_typed_rate, high)
    if isinstance(example_rates, (str, bytes)) or not isinstance(example_rates, Sequence) or not example_rates:
        raise TypeError(f"example_rates must be a non-empty sequence of positive numbers, got {example_rates!r}")
    examples = [_validate.positive_number(r, f"example_rates[{i}]") for i, r in enumerate(example_rates)]

    rule = regime_rule(lam)
    label = _label(surface.variables[0])
    rows = []
    for r in examples:
        path = descent.gradient_descent_path(surface, r, x0, steps)
        last = int(path.diverged_at[0]) if path.diverged[0] else steps
        rows.append([r, theory.contraction_factor(r, lam), path.positions[last, 0, 0], regime_from_rule(rule, r)])
    table = _html_table(
        ["learning rate α", "factor 1 − αλ", f"{label} after {steps} steps", "regime"],
        rows,
    )
    note = _note(
        f"Each step multiplies ${label}$ by $1 - \\alpha\\lambda$ (here $\\lambda = {_num(lam)}$), so the learning "
        f"rate alone decides the regime. The table starts every run at ${label}_0 = {_num(x0)}$. With JavaScript on, "
        "a slider sets $\\alpha$ and a marble shows the run, with its regime named in words."
    )
    data = {
        "surface": _surface_config(surface),
        "start": x0,
        "learningRate": alpha,
        "rateRange": [low, high, step],
        "maxTypedRate": typed_max,
        "steps": steps,
        "divergenceLimit": descent.DIVERGENCE_LIMIT,
        "regimes": rule,
    }
    return _root("lr-lab", data, f'{note}\n<div class="gd-fallback-only gd-table-box">\n{table}\n</div>')


def scrubber(
    surface: surfaces.Surface | str = "bowl1d",
    start: float = 4.0,
    learning_rate: float = 0.1,
    steps: int = 20,
    variable: str = "w",
    loss: str = "L",
) -> str:
    """Lesson 3: step or drag through iterations ``k = 0..steps`` of the worked example.

    The fallback is the table of the run (``k``, ``w``, ``L(w)``, ``L'(w)``);
    the widget keeps it, highlights the current row and draws the marble.
    ``variable`` and ``loss`` name the parameter and the loss on the page
    (lesson 3 writes ``L(w) = w**2``).
    """
    surface = _surface(surface, 1)
    x0 = _validate.finite_number(start, "start")
    alpha = _validate.positive_number(learning_rate, "learning_rate")
    steps = _validate.count(steps, "steps", minimum=1)
    for value, name in ((variable, "variable"), (loss, "loss")):
        if not isinstance(value, str) or not re.fullmatch(r"[A-Za-z]\w*", value):
            raise ValueError(f"{name} must be a short name such as 'w', got {value!r}")
    path = descent.gradient_descent_path(surface, alpha, x0, steps)
    if path.diverged[0]:
        raise ValueError(f"the worked example diverges at step {int(path.diverged_at[0])}; choose a smaller learning_rate")
    label = _label(sp.Symbol(variable))
    rows = [[k, path.positions[k, 0, 0], path.losses[k, 0], path.gradients[k, 0, 0]] for k in range(steps + 1)]
    table = _html_table(["step k", label, f"{loss}({label})", f"{loss}′({label})"], rows, row_keys=list(range(steps + 1)))
    formula = sp.latex(surface.expression.subs(surface.variables[0], sp.Symbol(variable)))
    note = _note(
        f"The worked example: gradient descent on ${loss}({variable}) = {formula}$ from ${variable}_0 = {_num(x0)}$ with "
        f"$\\alpha = {_num(alpha)}$, {steps} steps. With JavaScript on, a slider and step buttons walk through "
        "the table while a marble follows on the curve."
    )
    surface_data = _surface_config(surface)
    surface_data["labels"] = [label]
    surface_data["formula"] = _formula(surface).replace(str(surface.variables[0]), label)
    data = {
        "surface": surface_data,
        "lossName": loss,
        "start": x0,
        "learningRate": alpha,
        "steps": steps,
        "divergenceLimit": descent.DIVERGENCE_LIMIT,
    }
    return _root("scrubber", data, f'{note}\n<div class="gd-table-box">\n{table}\n</div>')


def gradient_field(
    surface: surfaces.Surface | str = "bowl2d",
    points: Sequence[Sequence[float]] = ((3.0, 1.0), (0.0, 2.0), (-2.0, -1.5), (0.0, 0.0)),
    arrow_scale: float = 0.1,
    slug: str = "gradient-field",
) -> str:
    """Lesson 2: hover or tap a contour map to see the gradient there.

    Arrows are drawn ``arrow_scale`` times the gradient long, on axes of
    equal scale, so the gradient is seen at right angles to the contours.
    The fallback is the contour map with arrows at ``points`` and a table
    of the gradient and the descent direction at each.
    """
    surface = _surface(surface, 2)
    scale = _validate.positive_number(arrow_scale, "arrow_scale")
    probes = _validate.points(points, 2, "points")
    for i, p in enumerate(probes):
        _inside(surface, p, f"points[{i}]")
    levels = _contour_levels(surface)
    grads = surface.gradient(probes)
    labels = [_label(v) for v in surface.variables]

    w1, w2, z = surface.grid(61)
    with figures.figure(5.6, 4.4) as (fig, ax):
        ax.contour(w1, w2, z, levels=levels, colors=figures.FAINT, linewidths=0.8)
        for (a, b), (ga, gb) in zip(probes, grads):
            ax.plot(a, b, "o", color=figures.INK, markersize=3.5)
            if ga or gb:
                kw = {"angles": "xy", "scale_units": "xy", "scale": 1 / scale, "width": 0.006, "clip_on": False}
                ax.quiver(a, b, ga, gb, color=figures.COLORS[3], **kw)
                ax.quiver(a, b, -ga, -gb, color=figures.COLORS[2], **kw)
        ax.set(xlabel=labels[0], ylabel=labels[1], aspect="equal")
        ax.set_xlim(*surface.bounds[0])
        ax.set_ylim(*surface.bounds[1])
        alt = (
            f"Contour map of {surface.title.lower()}, L({', '.join(labels)}). At each marked point a crimson arrow shows "
            f"the gradient (uphill, at right angles to the contour line) and a green arrow the opposite, descent "
            f"direction; both are drawn {_num(scale)} times the gradient's length. The table below lists the values."
        )
        figure = figures.svg(fig, alt, slug)
    rows = []
    for p, g in zip(probes, grads):
        rows.append([_point(p), _point(g), _point(-g + 0.0), float(np.linalg.norm(g))])
    table = _html_table([f"point ({', '.join(labels)})", "gradient ∇L", "descent direction −∇L", "length |∇L|"], rows)
    note = _note(
        "Crimson arrows: the gradient, pointing uphill; green arrows: minus the gradient, the direction gradient "
        "descent steps in. With JavaScript on, hover over or tap any point of the map (or use the arrow keys) to "
        "see the arrows and the components there."
    )
    data = {
        "surface": _surface_config(surface),
        "levels": levels,
        "arrowScale": scale,
        "point": [float(c) for c in probes[0]],
        "keyStep": 0.25,
        "divergenceLimit": descent.DIVERGENCE_LIMIT,
    }
    return _root(
        "gradient-field",
        data,
        f'<div class="gd-fallback-only">{figure}</div>\n{note}\n<div class="gd-fallback-only gd-table-box">\n{table}\n</div>',
    )
