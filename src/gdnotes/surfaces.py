"""Loss surfaces, each defined once as a SymPy expression.

From that one expression a surface derives everything the course shows:
its NumPy value and gradient (for the package), its LaTeX (for the page)
and its JavaScript (for the widgets). They cannot disagree.

>>> from gdnotes import surfaces
>>> bowl = surfaces.get("bowl2d")
>>> bowl.gradient([3.0, 1.0]).tolist()
[6.0, 6.0]
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import sympy as sp
from sympy.printing.jscode import JavascriptCodePrinter
from sympy.printing.numpy import NumPyPrinter

from . import _validate
from ._validate import ArgumentError, ArgumentTypeError

__all__ = ["Surface", "get", "names", "quadratic", "resolve"]


class _ProductPowers:
    """Print ``x**n`` for a small whole ``n`` as ``x*x*...*x``, in NumPy and in JavaScript alike.

    ``pow`` is rounded differently by the C library and by each JavaScript
    engine (V8 has changed its own between releases), and a diverging run
    magnifies a last-bit difference step after step. Products of the same
    factors in the same order are the same IEEE operations everywhere, so
    the package and every browser compute the same floats.
    """

    def _print_Pow(self, expr, *args, **kwargs):  # noqa: N802 (SymPy's printer protocol)
        if expr.exp.is_Integer and 2 <= int(expr.exp) <= 8:
            factor = "(" + self._print(expr.base) + ")"
            return "(" + "*".join([factor] * int(expr.exp)) + ")"
        return super()._print_Pow(expr, *args, **kwargs)


class _NumPyProducts(_ProductPowers, NumPyPrinter):
    pass


class _JavaScriptProducts(_ProductPowers, JavascriptCodePrinter):
    pass


@dataclass(frozen=True, eq=False)
class Surface:
    """A loss function of ``dim`` parameters.

    Attributes:
        name: short identifier, as used by :func:`get`.
        title: a human name for captions.
        expression: the SymPy expression of the loss.
        variables: the SymPy symbols, in coordinate order.
        bounds: a plotting box, one ``(low, high)`` pair per coordinate.
        minima: known local minima, each a tuple of coordinates (global first).
    """

    name: str
    title: str
    expression: sp.Expr
    variables: tuple[sp.Symbol, ...]
    bounds: tuple[tuple[float, float], ...]
    minima: tuple[tuple[float, ...], ...] = field(default=())

    @property
    def dim(self) -> int:
        """Number of parameters."""
        return len(self.variables)

    @cached_property
    def gradient_expressions(self) -> tuple[sp.Expr, ...]:
        """The partial derivatives, one per variable."""
        return tuple(sp.diff(self.expression, v) for v in self.variables)

    @cached_property
    def _value_fn(self) -> Callable:
        return sp.lambdify(self.variables, self.expression, "numpy", printer=_NumPyProducts)

    @cached_property
    def _gradient_fns(self) -> tuple[Callable, ...]:
        return tuple(sp.lambdify(self.variables, g, "numpy", printer=_NumPyProducts) for g in self.gradient_expressions)

    @cached_property
    def _value_and_partials_fn(self) -> Callable:
        # one call for the loss and every partial; the same printed expressions
        # as _value_fn and _gradient_fns (no cse, which reorders terms), so the
        # same floats
        return sp.lambdify(self.variables, [self.expression, *self.gradient_expressions], "numpy", printer=_NumPyProducts)

    def value(self, points: object) -> np.ndarray | float:
        """Loss at ``points``, an array whose last axis has ``dim`` coordinates.

        A single point gives a float; an array of shape (..., dim) gives (...).
        For a 1-D surface a plain number or an array of numbers also works.
        """
        coords, shape = self._split(points)
        out = np.empty(shape)
        out[...] = self._value_fn(*coords)  # a constant broadcasts
        return float(out) if out.ndim == 0 else out

    def _value_and_gradient(self, points: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Loss, shape (m,), and gradient, shape (m, dim), at ``points`` of shape (m, dim), in one call.

        The fast path of :func:`gdnotes.descent.run`: ``points`` must already be
        a float array of that shape (it is not checked). The numbers equal
        :meth:`value` and :meth:`gradient` exactly.
        """
        value, *partials = self._value_and_partials_fn(*points.T)
        loss = np.empty(points.shape[0])
        loss[:] = value
        grad = np.empty(points.shape)
        for i, partial in enumerate(partials):
            grad[:, i] = partial
        return loss, grad

    def gradient(self, points: object) -> np.ndarray:
        """Gradient at ``points``: same shape as the points, (..., dim).

        For a 1-D surface a plain number is one point, so its gradient has
        shape (1,); an array of numbers of shape (n,) gives shape (n,).
        """
        coords, shape = self._split(points)
        out = np.empty((*shape, self.dim))
        for i, fn in enumerate(self._gradient_fns):
            out[..., i] = fn(*coords)  # a constant broadcasts
        if self.dim == 1 and self._scalar_like(points):
            return out[..., 0] if np.ndim(points) > 0 else out
        return out

    def _scalar_like(self, points: object) -> bool:
        array = np.asarray(points)
        return array.ndim == 0 or (array.ndim == 1 and array.shape[0] != 1)

    def _split(self, points: object) -> tuple[list[np.ndarray], tuple[int, ...]]:
        array = _validate.numeric_array(points, "points")
        if self.dim == 1 and self._scalar_like(points):
            return [array], array.shape
        if array.ndim == 0 or array.shape[-1] != self.dim:
            raise ArgumentError(f"points for surface {self.name!r} must have a last axis of length {self.dim}, got shape {array.shape}")
        return [array[..., i] for i in range(self.dim)], array.shape[:-1]

    @cached_property
    def latex(self) -> str:
        """The loss as LaTeX, for example ``w_{1}^{2} + 3 w_{2}^{2}``."""
        return sp.latex(self.expression)

    @cached_property
    def gradient_latex(self) -> tuple[str, ...]:
        """Each partial derivative as LaTeX."""
        return tuple(sp.latex(sp.simplify(g)) for g in self.gradient_expressions)

    @cached_property
    def javascript(self) -> dict[str, object]:
        """JavaScript source of the value and each partial, in the variables ``v[0]``, ``v[1]``, ...

        The widgets evaluate exactly these strings, so browser and package
        compute the same numbers.
        """
        names = {v: sp.Symbol(f"v[{i}]") for i, v in enumerate(self.variables)}
        def js(expr: sp.Expr) -> str:
            return _JavaScriptProducts().doprint(expr.subs(names, simultaneous=True))
        return {"value": js(self.expression), "gradient": [js(g) for g in self.gradient_expressions]}

    def grid(self, resolution: int = 101) -> tuple[np.ndarray, ...]:
        """A mesh over ``bounds``: for 2-D, ``(X, Y, Z)`` with shape (resolution, resolution).

        For a 1-D surface, ``(x, values)`` with shape (resolution,) each.
        """
        resolution = _validate.count(resolution, "resolution", minimum=2)
        axes = [np.linspace(lo, hi, resolution) for lo, hi in self.bounds]
        if self.dim == 1:
            return axes[0], np.asarray(self.value(axes[0]))
        mesh = np.meshgrid(*axes)
        return (*mesh, self.value(np.stack(mesh, axis=-1)))

    def __repr__(self) -> str:
        return f"Surface({self.name!r}: {self.expression})"


def _symbols(names: str) -> tuple[sp.Symbol, ...]:
    out = sp.symbols(names, real=True)
    return out if isinstance(out, tuple) else (out,)


def quadratic(curvatures: Sequence[float], name: str | None = None) -> Surface:
    """The quadratic bowl ``sum(lambda_i * x_i**2 / 2)`` with the given curvatures.

    Each ``lambda_i`` is the second derivative along coordinate ``i``; plain
    gradient descent on it converges exactly when ``0 < alpha < 2 / max(lambda)``.
    """
    lambdas = _validate.positive_numbers(curvatures, "curvatures")
    if name is not None and not isinstance(name, str):
        raise ArgumentTypeError(f"name must be a string or None, got {type(name).__name__} {name!r}")
    variables = _symbols("x") if len(lambdas) == 1 else _symbols(" ".join(f"x{i + 1}" for i in range(len(lambdas))))
    # The exact decimal the float prints as (0.1 -> 1/10): never an approximation
    # such as nsimplify's 0.5000000001 -> 1/2 or 1e-300 -> 0.
    expression = sum(sp.Rational(repr(c)) * v**2 / 2 for c, v in zip(lambdas, variables))
    box = tuple((-5.0, 5.0) for _ in lambdas)
    return Surface(name or f"quadratic{tuple(lambdas)}", "Quadratic bowl", expression, variables, box, (tuple(0.0 for _ in lambdas),))


def _builders() -> dict[str, Callable[[], Surface]]:
    """How to make each surface of the catalogue, by name, in the catalogue's order (see :class:`_Catalogue`)."""
    x = _symbols("x")[0]
    w1, w2 = _symbols("w1 w2")
    u, v = _symbols("x y")
    return {
        "bowl1d": lambda: Surface("bowl1d", "The 1-D bowl", x**2, (x,), ((-5.0, 5.0),), ((0.0,),)),
        "bowl2d": lambda: Surface("bowl2d", "The 2-D bowl", w1**2 + 3 * w2**2, (w1, w2), ((-4.0, 4.0), (-3.0, 3.0)), ((0.0, 0.0),)),
        "ravine": lambda: Surface(
            "ravine", "A narrow ravine", (u**2 + 25 * v**2) / 2, (u, v), ((-10.0, 10.0), (-3.0, 3.0)), ((0.0, 0.0),)
        ),
        "double_well": lambda: _double_well(x),
        "saddle": lambda: Surface("saddle", "A saddle", u**2 - v**2, (u, v), ((-2.0, 2.0), (-2.0, 2.0)), ()),
        "rosenbrock": lambda: Surface(
            "rosenbrock", "The Rosenbrock valley", (1 - u) ** 2 + 100 * (v - u**2) ** 2, (u, v), ((-2.0, 2.0), (-1.0, 3.0)), ((1.0, 1.0),)
        ),
        "tilted_himmelblau": lambda: _tilted_himmelblau(u, v),
    }


def _double_well(x: sp.Symbol) -> Surface:
    """``x**4/4 - x**2 + 3x/10``: two minima of two depths, found from the roots of the derivative (deeper first)."""
    well = Surface("double_well", "A double well", x**4 / 4 - x**2 + sp.Rational(3, 10) * x, (x,), ((-2.4, 2.4),), ())
    roots = sorted(float(r) for r in sp.Poly(well.gradient_expressions[0], x).real_roots())
    minima = sorted((r for r in roots if float(sp.diff(well.expression, x, 2).subs(x, r)) > 0), key=lambda r: well.value(r))
    return Surface(well.name, well.title, well.expression, well.variables, well.bounds, tuple((m,) for m in minima))


class _Catalogue(Mapping):
    """The named surfaces, each made the first time it is asked for.

    Making one can take a while (the minima of the tilted Himmelblau function
    are found by Newton's method in SymPy, those of the double well from the
    roots of a polynomial): a program, notebook or page that uses two surfaces
    should not pay for all seven.
    """

    def __init__(self) -> None:
        self._make = _builders()
        self._made: dict[str, Surface] = {}

    def __getitem__(self, name: str) -> Surface:
        if name not in self._made:
            self._made[name] = self._make[name]()  # KeyError for an unknown name, as a dict
        return self._made[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._make)

    def __len__(self) -> int:
        return len(self._make)


def _tilted_himmelblau(x: sp.Symbol, y: sp.Symbol) -> Surface:
    """Himmelblau's function, scaled by 1/10 and tilted by ``x + y/2``: four minima of four depths.

    Himmelblau's function ``(x**2 + y - 11)**2 + (x + y**2 - 7)**2`` is a
    classic test of optimizers (D. M. Himmelblau, *Applied Nonlinear
    Programming*, McGraw-Hill, 1972): it has four minima, all with loss 0, at
    (3, 2) and near (-2.81, 3.13), (-3.78, -3.28) and (3.58, -1.85). Scaling it
    by 1/10 keeps the slopes gentle; the tilt ``x + y/2`` moves each minimum a
    little and gives it its own depth, so that where gradient descent ends
    matters. The minima are found by Newton's method (SymPy's ``nsolve``)
    from Himmelblau's four and listed deepest first.
    """
    expression = ((x**2 + y - 11) ** 2 + (x + y**2 - 7) ** 2) / 10 + x + y / 2
    gradient = [sp.diff(expression, v) for v in (x, y)]
    seeds = ((3.0, 2.0), (-2.805, 3.131), (-3.779, -3.283), (3.584, -1.848))
    minima = [tuple(float(c) for c in sp.nsolve(gradient, (x, y), seed, prec=40)) for seed in seeds]
    value = sp.lambdify((x, y), expression)
    minima.sort(key=lambda point: value(*point))
    return Surface("tilted_himmelblau", "A tilted Himmelblau function", expression, (x, y), ((-5.0, 5.0), (-5.0, 5.0)), tuple(minima))


_CATALOGUE: _Catalogue | None = None


def _catalogue() -> _Catalogue:
    global _CATALOGUE
    if _CATALOGUE is None:
        _CATALOGUE = _Catalogue()
    return _CATALOGUE


def names() -> list[str]:
    """Names accepted by :func:`get`."""
    return list(_catalogue())


def get(name: str) -> Surface:
    """The named surface: one of :func:`names`.

    Raises:
        TypeError: ``name`` is not a string.
        ValueError: no surface has that name.
    """
    return _named(name, "name")


def _named(name: object, argument: str) -> Surface:
    if not isinstance(name, str):
        raise ArgumentTypeError(f"{argument} must be a surface name (a string), got {type(name).__name__} {name!r}")
    try:
        return _catalogue()[name]
    except KeyError:
        raise ArgumentError(f"{argument} must name a known surface ({', '.join(names())}), got unknown surface {name!r}") from None


def resolve(surface: Surface | str, argument: str = "surface", dim: int | None = None) -> Surface:
    """The one place that turns "a surface or the name of one" into a :class:`Surface`.

    Args:
        surface: a :class:`Surface`, or one of :func:`names`.
        argument: the caller's name for it, used in errors.
        dim: if given, the number of parameters the caller needs.

    Raises:
        TypeError: ``surface`` is neither a Surface nor a string.
        ValueError: no surface has that name, or it has the wrong dimension.

    >>> resolve("bowl2d").dim
    2
    """
    _validate.instance(argument, str, "argument", "a string (the caller's name for the surface)")
    if dim is not None:
        dim = _validate.count(dim, "dim", minimum=1)
    if isinstance(surface, str):
        surface = _named(surface, argument)
    if not isinstance(surface, Surface):
        raise ArgumentTypeError(f"{argument} must be a Surface or a surface name, got {type(surface).__name__}")
    if dim is not None and surface.dim != dim:
        raise ArgumentError(f"{argument} must be a {dim}-D surface, got {surface.name!r} with {surface.dim} parameters")
    return surface
