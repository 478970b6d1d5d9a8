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
fallback. They run the package's update rules with its divergence rule:
plain gradient descent as :func:`gdnotes.descent.run` does it, and the
rules of :mod:`gdnotes.optimizers` (momentum, Nesterov, AdaGrad, RMSProp,
Adam) in ``optimizers.js``; lesson 8's trainer fits the model of
:mod:`gdnotes.regression`. So the browser's numbers are the package's
numbers; the browser tests check that to 1e-9.

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

from . import _validate, basins, descent, figures, surfaces, tables, theory

__all__ = [
    "NAMES",
    "surface_explorer",
    "lr_lab",
    "scrubber",
    "gradient_field",
    "nonconvex_stepper",
    "multi_start",
    "momentum_race",
    "regression_trainer",
    "correspondence",
    "optimizer_race",
    "try_it",
    "run_snippet",
    "TRY_IT_CODE",
    "line_roles",
    "settling",
    "regime_rule",
    "regime_from_rule",
    "config",
    "placeholder",
]

NAMES = ("surface-explorer", "lr-lab", "scrubber", "gradient-field", "nonconvex-stepper", "multi-start", "momentum-race", "regression-trainer", "correspondence", "optimizer-race", "try-it")
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


def _rate_control(rate_range: object, max_typed_rate: object, learning_rate: float) -> dict:
    """A learning-rate control's part of a widget config: the rate, its slider range and the largest typed rate."""
    low, high, step = _rate_range(rate_range, learning_rate)
    return {"learningRate": learning_rate, "rateRange": [low, high, step], "maxTypedRate": _typed_max(max_typed_rate, high)}


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
    surface = surfaces.resolve(surface, dim=2)
    alpha = _validate.positive_number(learning_rate, "learning_rate")
    steps = _validate.count(steps, "steps", minimum=1)
    tol = _validate.positive_number(tolerance, "tolerance")
    rates = _rate_control(rate_range, max_typed_rate, alpha)
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
        **rates,
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
    surface = surfaces.resolve(surface, dim=1)
    lam = _curvature_1d(surface)
    x0 = _validate.finite_number(start, "start")
    if x0 == 0:
        raise ValueError("start must be non-zero: from the minimum nothing moves")
    alpha = _validate.positive_number(learning_rate, "learning_rate")
    steps = _validate.count(steps, "steps", minimum=1)
    rates = _rate_control(rate_range, max_typed_rate, alpha)
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
        **rates,
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
    surface = surfaces.resolve(surface, dim=1)
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
    surface = surfaces.resolve(surface, dim=2)
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


# ----------------------------------------------------------------- lesson 6: non-convex stepper, multi-start


def _with_minima(surface: surfaces.Surface, most: int) -> None:
    count = len(surface.minima)
    if not 1 <= count <= most:
        raise ValueError(f"surface must list between 1 and {most} minima (one colour each), got {count} for {surface.name!r}")


def _minima_config(surface: surfaces.Surface) -> list[dict]:
    """Each listed minimum (deepest first) with its loss and its name in words (:func:`gdnotes.basins.label_name`)."""
    return [
        {
            "point": [float(c) for c in m],
            "loss": float(surface.value(m)),
            "name": basins.label_name(surface, i),
            "kind": "global" if i == 0 else "local",
        }
        for i, m in enumerate(surface.minima)
    ]


def settling(path: descent.Path, tolerance: float = 1e-3) -> tuple[np.ndarray, np.ndarray]:
    """Where each run of ``path`` ends, and from which step it is there.

    The rule the lesson 6 widgets apply in the browser, written once here
    so that the tests can hold them to it.

    Args:
        path: a run from one or many starts on a surface that lists its minima.
        tolerance: how close (Euclidean distance) the final position must be
            to a minimum to count as having ended there.

    Returns:
        Two integer arrays of shape (m,). ``labels``: the label of
        :func:`gdnotes.basins.nearest_minimum` for the final position (the
        index of the minimum, or ``basins.UNSETTLED``), or
        ``basins.DIVERGED`` for a run that diverged. ``steps``: for a run
        that ended at a minimum, the first step from which it stays within
        ``tolerance`` of it up to the end; for a diverged run, the step at
        which it diverged; otherwise ``path.steps``.

    Raises:
        TypeError: ``path`` is not a :class:`gdnotes.descent.Path`.
        ValueError: the surface lists no minima, or ``tolerance`` is not positive.

    >>> path = descent.gradient_descent_path("double_well", 0.1, [2.3, -2.2, 50.0], 500)
    >>> labels, steps = settling(path, 1e-6)
    >>> labels.tolist(), steps.tolist()
    ([1, 0, -2], [31, 20, 1])
    """
    if not isinstance(path, descent.Path):
        raise TypeError(f"path must be a gdnotes.descent.Path, got {type(path).__name__}")
    tol = _validate.positive_number(tolerance, "tolerance")
    diverged = path.diverged
    finals = np.where(diverged[:, None], 0.0, path.final)
    labels = np.where(diverged, basins.DIVERGED, basins.nearest_minimum(path.surface, finals, tol))
    minima = np.asarray(path.surface.minima, dtype=float)
    steps = np.full(labels.shape, path.steps)
    for i, label in enumerate(labels):
        if label == basins.DIVERGED:
            steps[i] = path.diverged_at[i]
        elif label >= 0:
            far = np.linalg.norm(path.trajectory(i) - minima[label], axis=1) > tol
            steps[i] = int(np.flatnonzero(far)[-1]) + 1 if far.any() else 0
    return labels.astype(int), steps.astype(int)


def _ending(surface: surfaces.Surface, label: int, step: int, steps: int) -> str:
    if label == basins.DIVERGED:
        return f"diverges at step {step}"
    if label == basins.UNSETTLED:
        return f"is still moving after {steps} steps, near no minimum"
    return f"settles in the {basins.label_name(surface, label)} after {step} steps"


def nonconvex_stepper(
    surface: surfaces.Surface | str = "double_well",
    start: float = 2.3,
    learning_rate: float = 0.1,
    steps: int = 500,
    rate_range: Sequence[float] = (0.01, 1.0, 0.01),
    max_typed_rate: float = 5.0,
    tolerance: float = 1e-6,
    table_steps: int = 6,
) -> str:
    """Lesson 6: step gradient descent by hand on a 1-D loss with two minima.

    The reader sets the start ``x0`` (a slider over the surface's bounds, a
    typed number, or a tap on the curve) and the learning rate, then presses
    *Step*, *Run 10 steps* or *Reset*; the widget shows ``x``, ``f(x)``,
    ``f'(x)`` and the step count, draws the marble and its trail on the
    curve and says which minimum the run has settled in. A run stops at
    ``steps`` steps or when it diverges (the rule of
    :func:`gdnotes.descent.run`); it has settled once it stays within
    ``tolerance`` of a listed minimum (see :func:`settling`).

    Args:
        surface: a 1-D surface that lists its minima, or its name.
        start: the first start, inside the surface's bounds.
        learning_rate: the first learning rate; it must lie in ``rate_range``.
        steps: the most steps one run may take.
        rate_range: the learning-rate slider's ``(low, high, step)``.
        max_typed_rate: the largest learning rate the reader may type.
        tolerance: how close to a minimum counts as settled in it.
        table_steps: rows of the fallback table after the start.

    Returns:
        The widget's HTML; its fallback is a table of the first
        ``table_steps`` steps of the first run and a sentence saying where
        that run ends.

    Raises:
        TypeError: an argument has the wrong type.
        ValueError: an argument has a wrong value (the message names it).
    """
    surface = surfaces.resolve(surface, dim=1)
    _with_minima(surface, 4)
    x0 = _validate.finite_number(start, "start")
    _inside(surface, np.array([x0]), "start")
    alpha = _validate.positive_number(learning_rate, "learning_rate")
    steps = _validate.count(steps, "steps", minimum=1)
    rates = _rate_control(rate_range, max_typed_rate, alpha)
    tol = _validate.positive_number(tolerance, "tolerance")
    shown = _validate.count(table_steps, "table_steps", minimum=1)
    if shown > steps:
        raise ValueError(f"table_steps must be at most steps ({steps}), got {shown}")

    path = descent.gradient_descent_path(surface, alpha, x0, steps)
    label = _label(surface.variables[0])
    last = min(shown, int(path.diverged_at[0]) if path.diverged[0] else steps)
    rows = [[k, path.positions[k, 0, 0], path.losses[k, 0], path.gradients[k, 0, 0]] for k in range(last + 1)]
    table = _html_table(["step k", label, f"f({label})", f"f′({label})"], rows)
    (ends,), (stop,) = settling(path, tol)
    where = _ending(surface, int(ends), int(stop), steps)
    if ends >= 0:
        where += f", at ${label} = {_num(surface.minima[ends][0])}$"
    note = _note(
        f"From ${label}_0 = {_num(x0)}$ with $\\alpha = {_num(alpha)}$ gradient descent on {surface.title.lower()} takes "
        f"the steps in the table; the run {where}. With JavaScript on, this table becomes a stepper: choose the start "
        "and $\\alpha$, then step, run ten steps or reset, and watch the marble on the curve."
    )
    data = {
        "surface": _surface_config(surface),
        "minima": _minima_config(surface),
        "start": x0,
        "startStep": 0.05,
        **rates,
        "steps": steps,
        "tolerance": tol,
        "divergenceLimit": descent.DIVERGENCE_LIMIT,
    }
    return _root("nonconvex-stepper", data, f'{note}\n<div class="gd-fallback-only gd-table-box">\n{table}\n</div>')


def multi_start(
    surface: surfaces.Surface | str = "tilted_himmelblau",
    learning_rate: float = 0.05,
    steps: int = 200,
    rate_range: Sequence[float] = (0.005, 0.3, 0.005),
    max_typed_rate: float = 1.0,
    tolerance: float = 1e-3,
    starts: Sequence[Sequence[float]] = ((0.3, -4.5), (-0.5, 4.5), (0.0, 0.0), (4.5, 0.2), (-4.5, -0.5)),
    seed: int = 6,
    batch: int = 8,
    max_marbles: int = 120,
) -> str:
    """Lesson 6: drop marbles on a 2-D loss with several minima and see where each ends.

    The reader drops marbles on a contour map (click, tap, or a cursor moved
    with the arrow keys and dropped with Enter; or *Drop 8 random marbles*,
    drawn by a generator seeded with ``seed`` so that every visit drops the
    same ones). Each marble runs gradient descent for at most ``steps``
    steps, leaving a trail; once it stays within ``tolerance`` of a minimum
    (the rule of :func:`settling`, the same as the basin map's) it takes
    that minimum's colour, and a legend counts the marbles in each minimum,
    those still moving after ``steps`` steps and those that diverged.

    Args:
        surface: a 2-D surface listing one to four minima, or its name.
        learning_rate: the first learning rate; it must lie in ``rate_range``.
        steps: the step budget of each marble.
        rate_range: the learning-rate slider's ``(low, high, step)``.
        max_typed_rate: the largest learning rate the reader may type.
        tolerance: how close to a minimum counts as having ended there.
        starts: the starts of the fallback table, inside the bounds.
        seed: the seed of the random drops, an integer from 0 to 2**32 - 1.
        batch: how many marbles one random drop adds.
        max_marbles: the most marbles on the map at once.

    Returns:
        The widget's HTML; its fallback is a table of where each of
        ``starts`` ends and a sentence.

    Raises:
        TypeError: an argument has the wrong type.
        ValueError: an argument has a wrong value (the message names it).
    """
    surface = surfaces.resolve(surface, dim=2)
    _with_minima(surface, 4)
    alpha = _validate.positive_number(learning_rate, "learning_rate")
    steps = _validate.count(steps, "steps", minimum=1)
    rates = _rate_control(rate_range, max_typed_rate, alpha)
    tol = _validate.positive_number(tolerance, "tolerance")
    points = _validate.points(starts, 2, "starts")
    for i, p in enumerate(points):
        _inside(surface, p, f"starts[{i}]")
    seed = _validate.count(seed, "seed")
    if seed >= 2**32:
        raise ValueError(f"seed must be below 2**32, got {seed}")
    batch = _validate.count(batch, "batch", minimum=1)
    most = _validate.count(max_marbles, "max_marbles", minimum=1)
    if most < batch:
        raise ValueError(f"max_marbles must be at least batch ({batch}), got {most}")

    path = descent.gradient_descent_path(surface, alpha, points, steps)
    labels, stops = settling(path, tol)
    names = [_label(v) for v in surface.variables]
    rows = []
    for p, end, stop in zip(points, labels, stops):
        if end >= 0:
            rows.append([_point(p), int(end) + 1, _point(surface.minima[end]), int(stop)])
        else:
            rows.append([_point(p), basins.label_name(surface, int(end)), "—", "—"])
    table = _html_table([f"start ({', '.join(names)})", "ends in minimum", "minimum at", "settled at step"], rows)
    reached = len({int(e) for e in labels if e >= 0})
    note = _note(
        f"Each row is one marble: gradient descent with $\\alpha = {_num(alpha)}$ for at most {steps} steps. "
        f"{len(points)} starts end in {reached} different minima (numbered by depth, 1 the deepest). With JavaScript "
        "on, this becomes a contour map on which you drop marbles (click, tap, or the arrow keys and Enter) and watch "
        "each roll into a minimum and take its colour."
    )
    data = {
        "surface": _surface_config(surface),
        "minima": _minima_config(surface),
        "outcomes": {"unsettled": basins.label_name(surface, basins.UNSETTLED), "diverged": basins.label_name(surface, basins.DIVERGED)},
        "levels": _contour_levels(surface, 14),
        **rates,
        "steps": steps,
        "tolerance": tol,
        "seed": seed,
        "batch": batch,
        "maxMarbles": most,
        "keyStep": 0.25,
        "divergenceLimit": descent.DIVERGENCE_LIMIT,
    }
    return _root("multi-start", data, f'{note}\n<div class="gd-fallback-only gd-table-box">\n{table}\n</div>')


# ----------------------------------------------------------------- momentum race (lesson 7)

_RACE_MAX_STEPS = 20_000
"""The most steps a race may budget: the browser keeps every step of both runs."""


def _optimizer_defaults() -> dict[str, dict]:
    """Each update rule of :mod:`gdnotes.optimizers` with its default hyperparameters, read from its signature."""
    from . import optimizers

    rules = {}
    for name in optimizers.__all__:
        if name == "Optimizer":
            continue
        parameters = inspect.signature(getattr(optimizers, name)).parameters
        rules[name] = {key: p.default for key, p in parameters.items() if p.default is not inspect.Parameter.empty}
    return rules


def _beta_range(beta_range: object, beta: float) -> tuple[float, float, float]:
    if not isinstance(beta_range, Sequence) or isinstance(beta_range, (str, bytes)) or len(beta_range) != 3:
        raise TypeError(f"beta_range must be (low, high, step), got {beta_range!r}")
    low = _validate.unit_interval(beta_range[0], "beta_range[0]")
    high = _validate.unit_interval(beta_range[1], "beta_range[1]")
    step = _validate.positive_number(beta_range[2], "beta_range[2]")
    if not low < high:
        raise ValueError(f"beta_range must have low < high, got {beta_range!r}")
    if not low <= beta <= high:
        raise ValueError(f"beta must lie in beta_range [{low}, {high}], got {beta}")
    return low, high, step


def momentum_race(
    surface: surfaces.Surface | str = "ravine",
    start: Sequence[float] = (-9.0, 2.0),
    learning_rate: float = 0.02,
    beta: float = 0.9,
    nesterov: bool = False,
    steps: int = 3000,
    tolerance: float = 1e-3,
    rate_range: Sequence[float] = (0.001, 0.2, 0.001),
    max_typed_rate: float = 1.0,
    beta_range: Sequence[float] = (0.0, 0.99, 0.01),
) -> str:
    r"""Lesson 7: plain gradient descent and momentum race on the ravine, same start, same learning rate.

    Two contour maps, one per racer, share the start and the learning rate;
    below them, the distance to the minimum against the step. The reader
    plays, pauses, steps and resets the race, sets ``learning_rate`` and the
    momentum ``beta`` (with sliders or typed), turns on Nesterov's
    look-ahead, and moves the start (click, tap, arrow keys or typed). A
    racer finishes at the step from which it stays within ``tolerance`` of
    the minimum for the rest of its ``steps`` steps, as
    :func:`gdnotes.ravines.steps_to_tolerance` counts. The browser runs the
    update rules of :mod:`gdnotes.optimizers` (their default hyperparameters
    arrive in the config) with the step loop and divergence rule of
    :func:`gdnotes.descent.run`. The fallback is a table of the steps each
    racer (and Nesterov momentum) needs.

    Args:
        surface: a 2-D surface, or its name, that lists its minimum.
        start: the racers' common start, within the surface's bounds.
        learning_rate: alpha, shared by both racers.
        beta: momentum's beta, in [0, 1).
        nesterov: whether the momentum racer starts with Nesterov's look-ahead on.
        steps: the step budget of each racer (at most 20000).
        tolerance: the distance to the minimum that counts as arrived.
        rate_range: the learning-rate slider's (low, high, step).
        max_typed_rate: the largest learning rate the reader may type.
        beta_range: the beta slider's (low, high, step), within [0, 1).

    Returns:
        The widget's HTML: its root, config and static fallback.

    Raises:
        TypeError: an argument of the wrong type.
        ValueError: an argument out of range, a start outside the bounds, or
            a surface without a listed minimum.
    """
    from . import optimizers, ravines

    surface = surfaces.resolve(surface, dim=2)
    if not surface.minima:
        raise ValueError(f"surface must list its minimum (the finish line), {surface.name!r} lists none")
    alpha = _validate.positive_number(learning_rate, "learning_rate")
    beta = _validate.unit_interval(beta, "beta")
    if not isinstance(nesterov, bool):
        raise TypeError(f"nesterov must be True or False, got {nesterov!r}")
    steps = _validate.count(steps, "steps", minimum=1)
    if steps > _RACE_MAX_STEPS:
        raise ValueError(f"steps must be at most {_RACE_MAX_STEPS} (the browser keeps every step), got {steps}")
    tol = _validate.positive_number(tolerance, "tolerance")
    rates = _rate_control(rate_range, max_typed_rate, alpha)
    beta_low, beta_high, beta_step = _beta_range(beta_range, beta)
    first = _validate.points(start, 2, "start")[0]
    _inside(surface, first, "start")

    names = {
        "plain": "plain " + optimizers.gradient_descent(alpha).name,
        "momentum": optimizers.momentum(alpha, beta).name,
        "nesterov": optimizers.momentum(alpha, beta, nesterov=True).name,
    }
    racers = [
        (names["plain"], optimizers.gradient_descent(alpha)),
        (f"{names['momentum']}, β = {_num(beta)}", optimizers.momentum(alpha, beta)),
        (f"{names['nesterov']}, β = {_num(beta)}", optimizers.momentum(alpha, beta, nesterov=True)),
    ]
    rows = []
    for label, optimizer in racers:
        path = descent.run(surface, optimizer, first, steps)
        reached = ravines.steps_to_tolerance(path, tol)
        if path.diverged[0]:
            result = f"diverges at step {int(path.diverged_at[0])}"
        elif reached is None:
            result = f"not yet: {_num(ravines.distances(path)[-1])} away after {steps} steps"
        else:
            result = str(reached)
        rows.append([label, result])
    table = _html_table(["runner", f"steps to stay within {_num(tol)} of the minimum"], rows)
    note = _note(
        f"The race of this lesson: from {_point(first)}, with the same $\\alpha = {_num(alpha)}$, the table counts the "
        f"steps each runner needs to get within {_num(tol)} of the minimum for good. With JavaScript on, the race runs "
        "here: a contour map per runner and their distances to the minimum, with play, pause, step and reset buttons, "
        "sliders for $\\alpha$ and $\\beta$, a Nesterov switch, and a start you can move."
    )
    data = {
        "surface": _surface_config(surface),
        "start": [float(c) for c in first],
        **rates,
        "beta": beta,
        "betaRange": [beta_low, beta_high, beta_step],
        "nesterov": nesterov,
        "steps": steps,
        "tolerance": tol,
        "levels": _contour_levels(surface),
        "rules": _optimizer_defaults(),
        "names": names,
        "divergenceLimit": descent.DIVERGENCE_LIMIT,
    }
    return _root("momentum-race", data, f'{note}\n<div class="gd-fallback-only gd-table-box">\n{table}\n</div>')


# ----------------------------------------------------------------- regression trainer (lesson 8)

_TRAINER_MAX_STEPS = 20_000
"""The most steps one run of the regression trainer may budget: the browser keeps every step."""


def _nice_below(value: float) -> float:
    """The largest 1, 2 or 5 times a power of ten that is at most ``value``."""
    power = 10.0 ** math.floor(math.log10(value))
    unit = next(u for u in (5, 2, 1) if u * power <= value * (1 + 1e-12))
    return float(f"{unit * power:.12g}")


def _trainer_rates(limit: float) -> tuple[list[float], float]:
    """The learning-rate slider ``(low, high, step)`` around a stability ``limit``, and the largest typed rate.

    The slider runs from a hundredth of the limit to 30% past it, so that it
    spans converging and diverging runs; a typed rate may go up to the power
    of ten at or above ten times the limit.
    """
    step = _nice_below(limit / 100)
    high = float(f"{math.ceil(1.3 * limit / step) * step:.12g}")
    return [step, high, step], float(10.0 ** math.ceil(math.log10(10 * limit)))


def _matching_rate(rate: float, limit: float, other_limit: float, rate_range: Sequence[float], typed_max: float) -> float:
    """The rate at the same fraction of ``other_limit`` as ``rate`` is of ``limit``, on the other slider's steps.

    The browser does the same when the reader switches feature scaling on or off.
    """
    low, high, step = rate_range
    value = rate / limit * other_limit
    value = round(value / step) * step if value <= high else float(f"{value:.3g}")
    return min(max(float(f"{value:.12g}"), low), typed_max)


def _trainer_box(points: np.ndarray, pad: float = 0.3) -> list[list[float]]:
    """A square box (equal spans in w and b) around ``points`` (k, 2), padded and rounded outwards."""
    low, high = points.min(axis=0), points.max(axis=0)
    side = float(max(np.max(high - low), 1e-6)) * (1 + 2 * pad)
    grain = _nice_below(side / 10)
    centre = (low + high) / 2
    box = []
    for c in centre:
        lo = math.floor((c - side / 2) / grain) * grain
        box.append([float(f"{lo:.12g}"), float(f"{lo + math.ceil(side / grain) * grain:.12g}")])
    span = max(b[1] - b[0] for b in box)
    return [[b[0], float(f"{b[0] + span:.12g}")] for b in box]


def _tolerance_or_none(value: object, name: str) -> float | None:
    return None if value is None else _validate.positive_number(value, name)


def regression_trainer(
    learning_rate: float = 0.05,
    start: Sequence[float] = (0.0, 0.0),
    scaled: bool = False,
    max_steps: int = 5000,
    cost_tolerance: float | None = 1e-9,
    gradient_tolerance: float | None = 1e-6,
    table_steps: Sequence[int] = (0, 1, 2, 5, 20, 100),
    data: object = None,
) -> str:
    r"""Lesson 8: train the line ``y = w x + b`` on the iris petals, one gradient-descent step at a time.

    Three pictures move together: the data with the current line, the
    contours of the cost ``J(w, b)`` with the point ``(w, b)`` and its path,
    and the cost above its minimum against the step. The reader steps,
    trains (an animation) and resets; sets the learning rate with a slider
    or by typing; switches feature scaling on, which trains on the
    standardised feature of :func:`gdnotes.regression.standardize` (the line
    is drawn in the original units with :func:`gdnotes.regression.unscale`);
    and sets the start ``(w, b)`` by clicking or tapping the contour map or
    with the arrow keys. The browser repeats :func:`gdnotes.regression.fit`
    step for step, with its cost, gradient and stopping rules, so a run
    stops by the rule ``fit`` would report (one of
    :data:`gdnotes.regression.STOP_REASONS`).

    Each feature's learning-rate slider spans its own stability limit
    (:func:`gdnotes.regression.largest_stable_rate`), from a hundredth of it
    to 30% past it; switching scaling keeps the rate at the same fraction of
    the limit.

    Args:
        learning_rate: the first learning rate, for the feature the widget
            starts with; at most ten times its largest stable rate.
        start: the first ``(w, b)``, in the coordinates of that feature.
        scaled: whether the widget starts with the standardised feature.
        max_steps: the step budget of a run (at most 20000).
        cost_tolerance: stop when the cost changes by less than this in one
            step (``None``: rule off).
        gradient_tolerance: stop when the gradient is shorter than this
            (``None``: rule off).
        table_steps: steps shown in the fallback table (the last step is added).
        data: a :class:`gdnotes.regression.Dataset`; ``None`` for
            :func:`gdnotes.regression.petals`.

    Returns:
        The widget's HTML: its root, its config (the data, the scaling, the
        rules and tolerances, and for each feature the limit, the slider and
        the map's bounds) and a fallback table of the first run with a
        sentence comparing it with the run on the scaled feature.

    Raises:
        TypeError: an argument of the wrong type.
        ValueError: an argument out of range (the message names it).
    """
    from . import regression

    if data is None:
        data = regression.petals()
    if not isinstance(data, regression.Dataset):
        raise TypeError(f"data must be a gdnotes.regression.Dataset or None, got {type(data).__name__}")
    x, y = regression._data(data.x, data.y)
    if not isinstance(scaled, bool):
        raise TypeError(f"scaled must be True or False, got {scaled!r}")
    alpha = _validate.positive_number(learning_rate, "learning_rate")
    first = _validate.points(start, 2, "start")
    if first.shape[0] != 1:
        raise ValueError(f"start must be one point (w, b), got {first.shape[0]} points")
    first = first[0]
    steps = _validate.count(max_steps, "max_steps", minimum=1)
    if steps > _TRAINER_MAX_STEPS:
        raise ValueError(f"max_steps must be at most {_TRAINER_MAX_STEPS} (the browser keeps every step), got {steps}")
    cost_tol = _tolerance_or_none(cost_tolerance, "cost_tolerance")
    gradient_tol = _tolerance_or_none(gradient_tolerance, "gradient_tolerance")
    if isinstance(table_steps, (str, bytes)) or not isinstance(table_steps, Sequence) or not table_steps:
        raise TypeError(f"table_steps must be a non-empty sequence of step numbers, got {table_steps!r}")
    shown = [_validate.count(k, f"table_steps[{i}]") for i, k in enumerate(table_steps)]

    z, scaling = regression.standardize(x)
    features = {"raw": x, "scaled": z}
    limits = {mode: regression.largest_stable_rate(f) for mode, f in features.items()}
    rates = {mode: _trainer_rates(limit) for mode, limit in limits.items()}
    mode, other = ("scaled", "raw") if scaled else ("raw", "scaled")
    if alpha > rates[mode][1]:
        raise ValueError(f"learning_rate must be at most {rates[mode][1]} (ten times the largest stable rate), got {alpha}")
    alphas = {mode: alpha, other: _matching_rate(alpha, limits[mode], limits[other], *rates[other])}
    # the same line in the other feature's coordinates: w_z = w std, b_z = b + w mean
    if scaled:
        starts = {"scaled": first, "raw": regression.unscale(first, scaling)}
    else:
        starts = {"raw": first, "scaled": np.array([first[0] * scaling.std, first[1] + first[0] * scaling.mean])}
    rules = {"max_steps": steps, "cost_tolerance": cost_tol, "gradient_tolerance": gradient_tol}
    runs = {m: regression.fit(features[m], y, alphas[m], starts[m], **rules) for m in features}

    modes = {}
    for m, run in runs.items():
        seen = run.params if run.stopped_by != regression.STOP_REASONS[3] else run.params[: min(2, run.steps)]
        box = _trainer_box(np.vstack([seen[:60], regression.least_squares(features[m], y), starts[m]]))
        modes[m] = {
            "limit": limits[m],
            "learningRate": alphas[m],
            "rateRange": rates[m][0],
            "maxTypedRate": rates[m][1],
            "bounds": box,
            "keyStep": _nice_below((box[0][1] - box[0][0]) / 40),
        }

    run = runs[mode]
    ks = sorted({k for k in shown if k < run.steps} | {run.steps})
    names = ("w<sub>z</sub>", "b<sub>z</sub>") if scaled else ("w", "b")
    rows = [[k, *run.params[k], run.costs[k], float(np.hypot(*run.gradients[k]))] for k in ks]
    table = _html_table(["step k", names[0], names[1], "cost J", "gradient length |∇J|"], rows)

    def ending(fitted: regression.Fit) -> str:
        reason = fitted.stopped_by
        if reason == regression.STOP_REASONS[3]:
            return f"diverges at step {fitted.steps}"
        if reason == regression.STOP_REASONS[2]:
            return f"is stopped by the step budget after {fitted.steps} steps"
        return f"stops after {fitted.steps} steps, by the {reason} rule"

    fraction = alpha / limits[mode]
    feature_words = {"raw": "the raw petal lengths", "scaled": "the standardised petal lengths"}
    note = _note(
        f"Gradient descent on the mean squared error from $(w, b) = {_point(first)}$ with $\\alpha = {_num(alpha)}$ "
        f"({tables.number(100 * fraction, 3)}% of the largest stable rate) on {feature_words[mode]} {ending(run)}; the table "
        f"shows some of its steps. On {feature_words[other]}, at the same fraction of its own limit "
        f"($\\alpha = {_num(alphas[other])}$), the run {ending(runs[other])}. With JavaScript on, this table becomes a "
        "trainer: step or train, change $\\alpha$, switch feature scaling, and set $(w, b)$ on the cost's contour map, "
        "while the line moves over the data."
    )
    stops = list(regression.STOP_REASONS)
    config_data = {
        "x": [float(v) for v in x],
        "y": [float(v) for v in y],
        "labels": [data.x_label, data.y_label],
        "scaling": {"mean": scaling.mean, "std": scaling.std},
        "scaled": scaled,
        "start": [float(c) for c in first],
        "learningRate": alpha,
        "modes": modes,
        "maxSteps": steps,
        "costTolerance": cost_tol,
        "gradientTolerance": gradient_tol,
        "stopReasons": {"cost": stops[0], "gradient": stops[1], "budget": stops[2], "diverged": stops[3]},
        "divergenceLimit": descent.DIVERGENCE_LIMIT,
    }
    return _root("regression-trainer", config_data, f'{note}\n<div class="gd-fallback-only gd-table-box">\n{table}\n</div>')


# ----------------------------------------------------------------- correspondence (lesson 5)

_CORRESPONDENCE_LISTINGS = ("python", "numpy", "pytorch")
"""The implementations of :mod:`gdnotes.implementations` that the lesson 5 widget puts side by side."""

_ROLE_NAMES = {
    "parameters": "Parameters",
    "loss": "Loss",
    "gradient": "Gradient",
    "learning-rate": "Learning rate",
    "update": "Update",
    "zero-grad": "Clearing the gradient",
    "loop": "Loop",
    "output": "Output",
}
"""Each job a line of a gradient-descent program can do, with its name on the widget's buttons."""

_LINE_RULES: tuple[tuple[str, tuple[str, ...]], ...] = (
    (r"w = (start|np\.array\(start\b.*\)|torch\.tensor\(start\b.*\brequires_grad=True\b.*\))", ("parameters",)),
    (r"optimizer = torch\.optim\.SGD\(\[w\], lr=learning_rate\)", ("learning-rate", "update")),
    (r"for step in range\(steps\):", ("loop",)),
    (r"optimizer\.zero_grad\(\)", ("zero-grad",)),
    (r"loss = .+", ("loss",)),
    (r"gradient = 2 \* w", ("gradient",)),
    (r"loss\.backward\(\)", ("gradient",)),
    (r"w = w - learning_rate \* gradient", ("update", "learning-rate")),
    (r"optimizer\.step\(\)", ("update",)),
    (r"return w(\.detach\(\))?", ("output",)),
    (r"print\(\w+\(.*\blearning_rate=.*\)\)", ("output", "learning-rate")),
)
"""How a line's job is recognised: the first pattern that matches the whole line (its comment and
indentation left out) gives the line's roles, the main one first. A line no pattern matches has no role."""


def _without_comment(line: str) -> str:
    """``line`` up to its comment, if it has one (a ``#`` inside a string is not a comment)."""
    import io
    import tokenize

    try:
        for token in tokenize.generate_tokens(io.StringIO(line).readline):
            if token.type == tokenize.COMMENT:
                return line[: token.start[1]]
    except (tokenize.TokenError, SyntaxError):  # an unclosed bracket: the tokens before it were seen
        pass
    return line


def line_roles(line: str) -> tuple[str, ...]:
    """The jobs one line of a lesson 5 listing does, its main job first.

    The line's comment and surrounding spaces are left out; then the first
    of the widget's patterns that matches the whole rest decides. The jobs
    are ``parameters``, ``loss``, ``gradient``, ``learning-rate``,
    ``update``, ``zero-grad`` (clearing the gradient), ``loop`` and
    ``output``. A line that does none of them (a ``def`` line, an import,
    a blank line) gets an empty tuple.

    Args:
        line: one line of Python code.

    Returns:
        The line's roles, possibly empty.

    Raises:
        TypeError: ``line`` is not a string.
        ValueError: ``line`` holds a line break.

    >>> line_roles("        gradient = 2 * w  # dL/dw, worked out by hand")
    ('gradient',)
    >>> line_roles("    optimizer = torch.optim.SGD([w], lr=learning_rate)")
    ('learning-rate', 'update')
    >>> line_roles("import numpy as np")
    ()
    """
    if not isinstance(line, str):
        raise TypeError(f"line must be a string, got {type(line).__name__}")
    if "\n" in line or "\r" in line:
        raise ValueError(f"line must be a single line of code, got {line!r}")
    code = _without_comment(line).strip()
    for pattern, roles in _LINE_RULES:
        if re.fullmatch(pattern, code):
            return roles
    return ()


def _correspondence_text(learning_rate: float, steps: int) -> dict[str, str]:
    """One sentence per role: how each of the three programs does that job (code between backticks)."""
    rate, n = _num(learning_rate), int(steps)
    return {
        "parameters": "`w` starts as one float in plain Python and as an array of floats in NumPy; in PyTorch it is "
        "a tensor made with `requires_grad=True`, which asks autograd to record everything computed from it.",
        "loss": "plain Python and NumPy never compute it, because only its derivative enters the update; PyTorch "
        "computes it, `loss = (w**2).sum()`, because autograd differentiates what you compute.",
        "gradient": "typed by hand as `2 * w` in plain Python and NumPy (where one line gives every partial "
        "derivative at once); in PyTorch, `loss.backward()` has autograd work it out and store it in `w.grad`.",
        "learning-rate": f"each program is called with `learning_rate={rate}`; plain Python and NumPy multiply it "
        "into the update line themselves, while PyTorch hands it once to `torch.optim.SGD` as `lr`.",
        "update": "written out as `w = w - learning_rate * gradient` in plain Python and NumPy (on the whole array at "
        "once in NumPy); in PyTorch the SGD optimizer holds the rule and one call, `optimizer.step()`, applies it.",
        "zero-grad": "only PyTorch needs it: `loss.backward()` adds the new gradient to whatever `w.grad` already "
        "holds, so `optimizer.zero_grad()` empties it at the start of every step.",
        "loop": f"the same `for` loop in all three, run {n} times: even in PyTorch, training is the loop of lesson 3.",
        "output": "each function returns its final `w` and the last line prints it: a float in plain Python, an "
        "array in NumPy and a tensor in PyTorch (which prints four decimals).",
    }


def _code_lines(code: str) -> str:
    """A listing highlighted as the site highlights code, one ``span.gd-line`` per line, tagged with its roles."""
    from pygments import highlight
    from pygments.formatters import HtmlFormatter
    from pygments.lexers import PythonLexer

    source = code.splitlines()
    rendered = highlight(code, PythonLexer(stripnl=False, ensurenl=True), HtmlFormatter(nowrap=True)).splitlines()
    if len(rendered) != len(source):  # Pygments keeps one output line per input line; guard the zip below
        raise RuntimeError(f"highlighting changed the number of lines ({len(source)} -> {len(rendered)})")
    spans = []
    for number, (line, html_line) in enumerate(zip(source, rendered), start=1):
        roles = line_roles(line)
        indent = min(16, (len(line) - len(line.lstrip(" "))) // 4 * 4) if line.strip() else 0
        attributes = f' data-gd-n="{number}"'
        if indent:
            attributes += f' data-gd-indent="{indent}"'
        if roles:
            attributes += f' data-gd-roles="{" ".join(roles)}"'
        spans.append(f'<span class="gd-line"{attributes}>{html_line}\n</span>')
    return "".join(spans)


def _output_html(name: str, code: str, learning_rate: float, steps: int) -> str:
    """What running the listing printed, or the package's notice when PyTorch is missing."""
    from . import implementations

    if name == "pytorch" and not implementations.torch_available():
        shown = implementations.show(name, learning_rate, steps)
        notice = shown.split("```\n\n", 1)[-1]
        if not notice.startswith("!!!"):
            raise RuntimeError("implementations.show no longer ends with its PyTorch notice")
        return markdown.markdown(notice, extensions=["admonition"])
    printed = html_lib.escape(implementations.execute(code))
    return f'<div class="highlight gd-corr-output no-copy"><span class="filename">Output</span><pre><span></span><code>{printed}</code></pre></div>'


def correspondence(learning_rate: float = 0.1, steps: int = 25) -> str:
    """Lesson 5: the three programs side by side, each line lit up by the job it does.

    The listings are exactly the code the lesson runs,
    :func:`gdnotes.implementations.listing` for ``"python"``, ``"numpy"``
    and ``"pytorch"``, highlighted as the site highlights code, each
    followed by what it printed (:func:`gdnotes.implementations.execute`;
    without PyTorch, the notice of :func:`gdnotes.implementations.show`).
    Each line is tagged with its roles by :func:`line_roles`. In the
    browser, pointing at, tapping or focusing a line (Tab, then the arrow
    keys), or pressing a role's button, lights up the lines with the same
    role in all three listings and says in one sentence how each program
    does that job. Without JavaScript the listings stay, side by side on a
    wide screen.

    Args:
        learning_rate: the learning rate the listings are called with.
        steps: the number of steps the listings are called with.

    Returns:
        The widget's HTML: its root, its config (the roles, their names and
        sentences) and the tagged listings with their output.

    Raises:
        TypeError: an argument has the wrong type.
        ValueError: an argument has a wrong value (the message names it).
        RuntimeError: the listings changed so that some role has no line
            left (the tagging rules of :func:`line_roles` need updating).
    """
    from . import implementations

    alpha = _validate.positive_number(learning_rate, "learning_rate")
    steps = _validate.count(steps, "steps", minimum=1)
    titles = {"python": "Plain Python", "numpy": "NumPy", "pytorch": "PyTorch"}
    blocks, found = [], set()
    for name in _CORRESPONDENCE_LISTINGS:
        code = implementations.listing(name, alpha, steps)
        found.update(role for line in code.splitlines() for role in line_roles(line))
        blocks.append(
            f'<div class="gd-corr-listing" data-gd-listing="{name}">\n'
            f'<div class="highlight gd-corr-code no-copy"><span class="filename">{titles[name]}</span>'
            f"<pre><span></span><code>{_code_lines(code)}</code></pre></div>\n"
            f"{_output_html(name, code, alpha, steps)}\n</div>"
        )
    missing = [role for role in _ROLE_NAMES if role not in found]
    if missing:
        raise RuntimeError(f"no line of the listings plays the role(s) {missing}: update gdnotes.widgets._LINE_RULES")
    sentences = _correspondence_text(alpha, steps)
    note = _note(
        "The three programs of this lesson, side by side. With JavaScript on, point at, tap or tab to a line (then "
        "use the arrow keys), or press a button such as *Gradient*: the lines that do the same job light up in all "
        "three programs, and a sentence says how each one does it."
    )
    data = {
        "roles": [{"key": key, "name": name, "text": sentences[key]} for key, name in _ROLE_NAMES.items()],
        "listings": [{"name": name, "title": titles[name]} for name in _CORRESPONDENCE_LISTINGS],
        "initialRole": "gradient",
    }
    listings = '<div class="gd-corr-listings">\n' + "\n".join(blocks) + "\n</div>"
    return _root("correspondence", data, f"{note}\n{listings}")


# ----------------------------------------------------------------- optimizer race (lesson 9)

_MARKERS = ("circle", "square", "triangle", "diamond", "cross", "star")
"""One marker shape per racer, so that the legend and the map read without colour too."""


def _rule_of(optimizer: object, argument: str) -> tuple[str, dict]:
    """The update rule of ``optimizer`` in ``optimizers.js`` and its hyperparameters for the browser."""
    from . import optimizers

    if not isinstance(optimizer, optimizers.Optimizer):
        raise TypeError(f"{argument} must be a gdnotes.optimizers.Optimizer, got {type(optimizer).__name__}")
    keys = set(optimizer.hyperparameters)
    for rule, defaults in _optimizer_defaults().items():
        names = {"learning_rate", *defaults} - {"nesterov"}
        if keys == names:
            hyperparameters = {key: float(value) for key, value in optimizer.hyperparameters.items()}
            if "nesterov" in defaults:
                hyperparameters["nesterov"] = optimizer.name == optimizers.momentum(1.0, nesterov=True).name
            return rule, hyperparameters
    raise ValueError(f"{argument} is {optimizer.name!r}, whose update rule the browser does not know")


def _race_box(box: object, surface: surfaces.Surface, argument: str) -> list[list[float]]:
    """A map window ``((x0, x1), (y0, y1))``, or the surface's bounds for ``None``."""
    if box is None:
        box = surface.bounds
    array = _validate.numeric_array(box, argument)
    if array.shape != (2, 2) or not np.all(np.isfinite(array)) or not np.all(array[:, 0] < array[:, 1]):
        raise ValueError(f"{argument} must be ((x0, x1), (y0, y1)) with x0 < x1 and y0 < y1, got {array.tolist()}")
    return [[float(lo), float(hi)] for lo, hi in array]


def _loss_levels(surface: surfaces.Surface, box: Sequence[Sequence[float]], count: int = 10) -> list[float]:
    """Contour heights spaced evenly on a log scale over the map window, as the lesson's race figures space them."""
    (x0, x1), (y0, y1) = box
    X, Y = np.meshgrid(np.linspace(x0, x1, 81), np.linspace(y0, y1, 61))
    Z = surface.value(np.stack([X, Y], axis=-1))
    positive = Z[Z > 0]
    return [float(f"{v:.3g}") for v in np.geomspace(max(positive.min(), Z.max() * 1e-5), Z.max(), count)]


def optimizer_race(
    races: Sequence[Sequence[object]],
    tolerance: float = 1e-4,
    boxes: Sequence[object] | None = None,
    max_typed_rate: float = 10.0,
) -> str:
    r"""Lesson 9: the optimizers race on one surface at a time, each with its own learning rate.

    ``races`` holds one race per surface, each a list of
    :class:`gdnotes.figures.comparison.Racer` from
    :func:`gdnotes.figures.comparison.race` (so the widget starts from the
    lesson's surfaces, starts, step budgets and learning rates). The reader
    picks the surface; one contour map carries a path per optimizer, and
    below it each loss against the step on a log scale. Play, pause, step
    and reset; a learning rate per optimizer (typed); a checkbox per
    optimizer to show or hide it; the start moves by click, tap, arrow keys
    or typing. A racer is done at the first step from which its loss stays
    below ``tolerance`` (:func:`gdnotes.figures.comparison.steps_to_tolerance`).
    The browser runs the update rules of ``optimizers.js`` with the step loop
    and divergence rule of :func:`gdnotes.descent.run`. The fallback is a
    table of each optimizer's steps on each surface.

    Args:
        races: one list of racers per surface (at most six racers each, all
            from one start with one step budget of at most 20000 steps).
        tolerance: the loss below which a racer counts as arrived, for good.
        boxes: one map window ``((x0, x1), (y0, y1))`` per race holding its
            start, or ``None`` for the surfaces' bounds.
        max_typed_rate: the largest learning rate the reader may type.

    Returns:
        The widget's HTML: its root, config and static fallback.

    Raises:
        TypeError: an argument of the wrong type.
        ValueError: an argument out of range, a race with a surface that is
            not 2-D, or a start outside its map window.
    """
    from .figures import comparison

    if not isinstance(races, Sequence) or isinstance(races, (str, bytes)) or not races:
        raise TypeError(f"races must be a non-empty list of races from comparison.race(), got {races!r}")
    tol = _validate.positive_number(tolerance, "tolerance")
    typed_max = _validate.positive_number(max_typed_rate, "max_typed_rate")
    if boxes is None:
        boxes = [None] * len(races)
    if not isinstance(boxes, Sequence) or isinstance(boxes, (str, bytes)) or len(boxes) != len(races):
        raise TypeError(f"boxes must be a list of one map window per race ({len(races)}), got {boxes!r}")

    configs, rows, names = [], {}, []
    for index, racers in enumerate(races):
        argument = f"races[{index}]"
        if isinstance(racers, comparison.Racer) or not isinstance(racers, Sequence) or not racers:
            raise TypeError(f"{argument} must be a non-empty list of Racer from comparison.race(), got {racers!r}")
        if not all(isinstance(r, comparison.Racer) for r in racers):
            raise TypeError(f"{argument} must hold only Racer from comparison.race()")
        if len(racers) > len(_MARKERS):
            raise ValueError(f"{argument} must hold at most {len(_MARKERS)} racers (one colour each), got {len(racers)}")
        surface = surfaces.resolve(racers[0].path.surface, f"{argument} surface", 2)
        first, steps = racers[0].path.positions[0, 0], racers[0].path.steps
        for r in racers:
            if r.path.surface is not surface or r.path.steps != steps or not np.array_equal(r.path.positions[0, 0], first):
                raise ValueError(f"{argument} must race on one surface from one start with one step budget")
        if steps > _RACE_MAX_STEPS:
            raise ValueError(f"{argument} must budget at most {_RACE_MAX_STEPS} steps (the browser keeps every step), got {steps}")
        box = _race_box(boxes[index], surface, f"boxes[{index}]")
        for value, (low, high) in zip(first, box):
            if not low <= value <= high:
                raise ValueError(f"boxes[{index}] must hold the race's start {_point(first)}, got {box}")
        entries = []
        for j, racer in enumerate(racers):
            rule, hyperparameters = _rule_of(racer.optimizer, f"{argument}[{j}].optimizer")
            if hyperparameters["learning_rate"] > typed_max:
                raise ValueError(f"max_typed_rate must be at least every racer's learning rate, got {typed_max}")
            entries.append({"name": racer.optimizer.name, "rule": rule, "hyperparameters": hyperparameters})
            if racer.optimizer.name not in names:
                names.append(racer.optimizer.name)
            reached = comparison.steps_to_tolerance(racer.path, tol)
            if racer.path.diverged[0]:
                result = f"diverges at step {int(racer.path.diverged_at[0])}"
            elif reached is None:
                result = f"not within {steps} steps (loss {_num(racer.path.losses[-1, 0])})"
            else:
                result = f"{reached} steps"
            rows.setdefault(racer.optimizer.name, {})[index] = f"α = {_num(hyperparameters['learning_rate'])}: {result}"
        configs.append(
            {
                "surface": _surface_config(surface),
                "start": [float(c) for c in first],
                "steps": int(steps),
                "box": box,
                "levels": _loss_levels(surface, box),
                "racers": entries,
            }
        )
    headers = ["optimizer"] + [html_lib.escape(c["surface"]["title"]) for c in configs]
    table = _html_table(headers, [[name] + [rows[name].get(i, "—") for i in range(len(races))] for name in names])
    note = _note(
        f"The lesson's races in one table: for each optimizer, its learning rate and the steps it needs on each "
        f"surface to bring the loss below {_num(tol)} for good. With "
        "JavaScript on, the race runs here: pick a surface, give each optimizer its own $\\alpha$, show or hide "
        "optimizers, move the start, and play, pause or step the race while the loss curves draw themselves."
    )
    data = {
        "races": configs,
        "tolerance": tol,
        "maxTypedRate": typed_max,
        "rules": _optimizer_defaults(),
        "markers": list(_MARKERS),
        "divergenceLimit": descent.DIVERGENCE_LIMIT,
    }
    return _root("optimizer-race", data, f'{note}\n<div class="gd-fallback-only gd-table-box">\n{table}\n</div>')


# ----------------------------------------------------------------- try-it code cell (lesson 4)

TRY_IT_CODE = '''\
# Gradient descent on f(x) = x**2 (its slope is 2x):
# 25 steps from x = 5 with learning rate alpha.
def final_x(alpha, x=5.0, steps=25):
    for step in range(steps):
        x = x - alpha * 2 * x
    return x

tolerance = 1e-3  # close enough: |x| < tolerance
for alpha in [0.1, 0.3, 0.5, 0.8, 0.9, 1.1]:
    x = final_x(alpha)
    close = abs(x) < tolerance
    print(f"alpha = {alpha:<4} x = {x:<10.4g}",
          "close enough" if close else "too far")

# Bisection between a rate that gets close enough
# (good) and one that does not (bad): halve the gap.
good, bad = 0.5, 1.5
for halving in range(40):
    middle = (good + bad) / 2
    if abs(final_x(middle)) < tolerance:
        good = middle
    else:
        bad = middle
print(f"largest alpha that gets close enough: {good:.6f}")
'''
"""Lesson 4's try-it snippet: plain Python that finds, by bisection, the largest learning rate
whose 25 steps from ``x = 5`` on ``x**2`` end within a tolerance of the minimum."""

_TRY_IT_FILENAME = "<your code>"
"""The file name tracebacks give the snippet, at build time and in the browser."""


def run_snippet(code: str) -> str:
    """Run ``code`` as the try-it cell runs it; return what it printed.

    A fresh namespace (``__name__ == "__main__"``), standard output and
    standard error captured together, no input. An exception in ``code``
    is raised again as a ``RuntimeError`` naming it (so that a page whose
    snippet fails does not build), never printed.

    >>> run_snippet("print(2 ** 10)")
    '1024\\n'
    """
    import contextlib
    import io
    import sys
    import traceback

    if not isinstance(code, str):
        raise TypeError(f"code must be a string of Python, got {type(code).__name__}")
    printed = io.StringIO()
    saved_stdin = sys.stdin
    try:
        sys.stdin = io.StringIO("")
        with contextlib.redirect_stdout(printed), contextlib.redirect_stderr(printed):
            exec(compile(code, _TRY_IT_FILENAME, "exec"), {"__name__": "__main__"})  # noqa: S102 - the lesson's own snippet
    except BaseException as error:  # SystemExit and KeyboardInterrupt from a snippet count as failures too
        if isinstance(error, SystemExit) and error.code in (None, 0):
            return printed.getvalue()
        detail = "".join(traceback.format_exception_only(type(error), error)).strip()
        raise RuntimeError(f"the try-it code raised {detail} when the page was built") from error
    finally:
        sys.stdin = saved_stdin
    return printed.getvalue()


def try_it(code: str = TRY_IT_CODE, time_limit: float = 10.0, label: str = "Python code to run") -> str:
    """Lesson 4: a short Python snippet that the reader edits and runs in the page.

    The fallback is the snippet, highlighted as the site highlights code,
    and its output, computed now by running it with :func:`run_snippet`
    (so the page shows what the code really prints). In the browser the
    snippet becomes a text box with *Run*, *Stop* and *Reset code*
    buttons; Run (or Ctrl/Cmd+Enter in the box) runs it in CPython compiled
    to WebAssembly (Pyodide), which the site serves itself from
    ``assets/pyodide/`` (``scripts/fetch_pyodide.py`` fetches it) and loads
    only at the first Run, in a Web Worker. A run that lasts longer than
    ``time_limit`` seconds, or that the reader stops, is ended by ending
    the worker. Each run starts from a fresh namespace, as here.

    Args:
        code: the snippet (Python source, at most 200 lines); it must run
            without error in plain CPython.
        time_limit: seconds a run in the browser may take before it is
            stopped (between 1 and 120).
        label: the text box's accessible name.

    Returns:
        The widget's HTML: its root, config (the snippet, its output and
        the time limit) and static fallback.

    Raises:
        TypeError: an argument of the wrong type.
        ValueError: an empty or too long snippet, a time limit out of
            range or an empty label.
        RuntimeError: the snippet raised an exception when it was run.

    >>> html = try_it("print(6 * 7)")
    >>> config(html)["output"]
    '42\\n'
    >>> "42" in html and 'data-gd-widget="try-it"' in html
    True
    """
    from pygments import highlight
    from pygments.formatters import HtmlFormatter
    from pygments.lexers import PythonLexer

    if not isinstance(code, str):
        raise TypeError(f"code must be a string of Python, got {type(code).__name__}")
    if not code.strip():
        raise ValueError("code must hold some Python, got an empty string")
    lines = code.count("\n") + 1
    if lines > 200:
        raise ValueError(f"code must be a short snippet of at most 200 lines, got {lines}")
    limit = _validate.positive_number(time_limit, "time_limit")
    if not 1 <= limit <= 120:
        raise ValueError(f"time_limit must be between 1 and 120 seconds, got {limit}")
    if not isinstance(label, str):
        raise TypeError(f"label must be a string, got {type(label).__name__}")
    if not label.strip():
        raise ValueError("label must name the text box, got an empty string")
    code = code if code.endswith("\n") else code + "\n"
    output = run_snippet(code)

    source = highlight(code, PythonLexer(stripnl=False, ensurenl=True), HtmlFormatter(nowrap=True))
    printed = html_lib.escape(output) if output else "(nothing printed)"
    note = _note(
        "With JavaScript on, this code becomes a box you can edit: press *Run* (or Ctrl+Enter, ⌘+Enter on a Mac) to run it in this "
        "page with Python compiled to WebAssembly, and *Reset code* to get this version back."
    )
    fallback = (
        f"{note}\n"
        f'<div class="gd-fallback-only">\n'
        f'<div class="highlight gd-tryit-code"><span class="filename">Python</span><pre><span></span><code>{source}</code></pre></div>\n'
        f'<div class="highlight gd-tryit-output no-copy"><span class="filename">Output (computed when this page was built)</span>'
        f"<pre><span></span><code>{printed}</code></pre></div>\n</div>"
    )
    data = {"code": code, "output": output, "timeLimit": limit, "label": label.strip()}
    return _root("try-it", data, fallback)
