"""What every widget module shares: the :class:`Widget` record, the root element, and helpers.

Private to :mod:`gdnotes.widgets`; the package re-exports the public names
(:func:`config`, :func:`placeholder`, :func:`settling`, :func:`regime_rule`,
:func:`regime_from_rule`).
"""

from __future__ import annotations

import dataclasses
import html as html_lib
import inspect
import json
import math
import re
from collections.abc import Callable, Sequence

import markdown
import numpy as np
import sympy as sp

from .. import _validate, basins, descent, surfaces, tables, theory
from .._validate import ArgumentError, ArgumentTypeError


@dataclasses.dataclass(frozen=True)
class Widget:
    """A widget as the registry knows it; each widget module declares one as ``WIDGET``.

    Attributes:
        name: the ``data-gd-widget`` name; the browser loads
            ``docs/assets/widgets/<name>/<name>.js``.
        function: makes the widget's HTML (root, config and static fallback).
        style: True if the widget has its own stylesheet
            ``docs/assets/widgets/<name>/<name>.css``; the root then carries
            ``data-gd-style`` and the browser loads it with the script.
        summary: one line saying what the widget is.
        example: makes the widget's HTML with typical arguments, for the
            registry's tests; by default ``function()`` (needed only when the
            function has required arguments).
    """

    name: str
    function: Callable[..., str]
    style: bool = False
    summary: str = ""
    example: Callable[[], str] | None = None

    def make_example(self) -> str:
        """The widget's HTML from :attr:`example`, or from ``function()`` with its defaults."""
        return self.example() if self.example is not None else self.function()

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not re.fullmatch(r"[a-z][a-z0-9]*(-[a-z0-9]+)*", self.name):
            raise ArgumentError(f"name must be lowercase words joined by hyphens (a folder name), got {self.name!r}")
        if not callable(self.function):
            raise ArgumentTypeError(f"function must be callable, got {type(self.function).__name__}")
        if not isinstance(self.style, bool):
            raise ArgumentTypeError(f"style must be True or False, got {type(self.style).__name__}")
        if not isinstance(self.summary, str):
            raise ArgumentTypeError(f"summary must be a string, got {type(self.summary).__name__}")
        if self.example is not None and not callable(self.example):
            raise ArgumentTypeError(f"example must be callable or None, got {type(self.example).__name__}")


def _styled(name: str) -> bool:
    """Whether the registered widget ``name`` declares a stylesheet (False for names not registered)."""
    from . import REGISTRY

    widget = REGISTRY.get(name)
    return widget is not None and widget.style


_SUBSCRIPTS = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


def _root(name: str, config_data: dict, fallback: str) -> str:
    data = html_lib.escape(json.dumps(config_data, separators=(",", ":"), sort_keys=True, allow_nan=False), quote=True)
    style = " data-gd-style" if _styled(name) else ""
    return (
        f'<div class="gd-widget" data-gd-widget="{name}"{style} data-gd-config="{data}">\n'
        f'<div class="gd-fallback">\n{fallback}\n</div>\n</div>'
    )


def config(html: str) -> dict:
    """The config JSON of the (first) widget in ``html``; handy in tests."""
    _validate.instance(html, str, "html", "a string of HTML")
    match = re.search(r'data-gd-config="([^"]*)"', html)
    if match is None:
        raise ArgumentError("html holds no widget config (data-gd-config)")
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
            raise ArgumentError(f"{name} must lie within the surface's bounds {surface.bounds}, got {tuple(point.tolist())}")


def _rate_range(rate_range: object, learning_rate: float) -> tuple[float, float, float]:
    if not isinstance(rate_range, Sequence) or isinstance(rate_range, (str, bytes)) or len(rate_range) != 3:
        raise ArgumentTypeError(f"rate_range must be (low, high, step), got {rate_range!r}")
    low, high, step = (_validate.positive_number(v, f"rate_range[{i}]") for i, v in enumerate(rate_range))
    if not low < high:
        raise ArgumentError(f"rate_range must have low < high, got {rate_range!r}")
    if not low <= learning_rate <= high:
        raise ArgumentError(f"learning_rate must lie in rate_range [{low}, {high}], got {learning_rate}")
    return low, high, step


def _typed_max(max_typed_rate: object, high: float) -> float:
    typed_max = _validate.positive_number(max_typed_rate, "max_typed_rate")
    if typed_max < high:
        raise ArgumentError(f"max_typed_rate must be at least the slider's top ({high}), got {typed_max}")
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
    """Apply a :func:`regime_rule` exactly as the browser does (a mirror of ``widgets.js``).

    The learning rate must be a positive number (the widget's controls allow no other).
    """
    _validate.instance(rule, dict, "rule", "a dict made by regime_rule()")
    if not {"curvature", "boundaries", "intervals", "relTol"} <= rule.keys():
        raise ArgumentError(f"rule must be a dict made by regime_rule(), got keys {sorted(rule)!r}")
    r = _validate.positive_number(learning_rate, "learning_rate") * rule["curvature"]
    for boundary in rule["boundaries"]:
        if math.isclose(r, boundary["product"], rel_tol=rule["relTol"]):
            return boundary["name"]
    for boundary, name in zip(rule["boundaries"], rule["intervals"]):
        if r < boundary["product"]:
            return name
    return rule["intervals"][-1]


def placeholder(name: str, what: str) -> str:
    """A marked box where an interactive piece not yet built will go."""
    _validate.instance(name, str, "name", "a string")
    _validate.instance(what, str, "what", "a string")
    return _root(
        name,
        {},
        f'<div class="gd-widget-placeholder"><p><strong>Interactive piece: {html_lib.escape(name)}.</strong> '
        f"{html_lib.escape(what)}</p></div>",
    )


def _with_minima(surface: surfaces.Surface, most: int) -> None:
    count = len(surface.minima)
    if not 1 <= count <= most:
        raise ArgumentError(f"surface must list between 1 and {most} minima (one colour each), got {count} for {surface.name!r}")


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
        raise ArgumentTypeError(f"path must be a gdnotes.descent.Path, got {type(path).__name__}")
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


_RACE_MAX_STEPS = 20_000
"""The most steps a race may budget: the browser keeps every step of both runs."""


def _optimizer_defaults() -> dict[str, dict]:
    """Each update rule of :mod:`gdnotes.optimizers` with its default hyperparameters, read from its signature."""
    from .. import optimizers

    rules = {}
    for name in optimizers.__all__:
        if name == "Optimizer":
            continue
        parameters = inspect.signature(getattr(optimizers, name)).parameters
        rules[name] = {key: p.default for key, p in parameters.items() if p.default is not inspect.Parameter.empty}
    return rules


def _drop_figure(
    surface, first, alpha: float, steps: int, tol: float, *, mesh: int, size: tuple[float, float], verb: str, slug: str
) -> tuple[str, str, str]:
    """The static 3-D figure of a marble run by gradient descent from ``first`` (surface-explorer, marble).

    The run stops where the gradient is shorter than ``tol``, where it diverges, or after ``steps``; ``verb``
    says how the marble got to ``first`` in the alt text ("placed", "dropped"). Returns the SVG figure, the
    words for how the run ends, and its last loss as the page writes it.
    """
    from .. import figures

    path = descent.gradient_descent_path(surface, alpha, first, steps)
    trajectory, losses = path.trajectory(), path.losses[:, 0]
    norms = np.linalg.norm(path.gradients[:, 0, :], axis=1)
    settled = np.flatnonzero(norms < tol)
    stop = int(settled[0]) if settled.size else (int(path.diverged_at[0]) if path.diverged[0] else steps)
    labels = [_label(v) for v in surface.variables]
    w1, w2, z = surface.grid(mesh)
    with figures.figure(*size, subplot_kw={"projection": "3d"}) as (fig, ax):
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
            f"A marble {verb} at {_point(first)} with learning rate {_num(alpha)} rolls down the surface along "
            f"the gradient-descent path and {ending}."
        )
        figure = figures.svg(fig, alt, slug)
    loss_text = _num(losses[stop]) if np.isfinite(losses[stop]) else "undefined"
    return figure, ending, loss_text
