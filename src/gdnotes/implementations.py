r"""Lesson 5: the same gradient descent written three ways, and their timings.

All three minimise :math:`L(w) = \sum_i w_i^2`, whose gradient is
:math:`2w`, with the update :math:`w \leftarrow w - \alpha \nabla L(w)`:

* :func:`python_loop` and :func:`python_loop_many`: plain Python floats,
  the gradient written by hand, one parameter at a time;
* :func:`numpy_vector`: the same two lines on a whole NumPy array at once;
* :func:`pytorch_sgd`: PyTorch derives the gradient (autograd) and
  ``torch.optim.SGD`` applies the update.

The functions' bodies are the code the lesson shows: :func:`listing` gives
that code as a reader would type it, and :func:`show` runs exactly that text
and returns it with its printed output as Markdown. PyTorch is optional:
when it cannot be imported, :func:`show` returns the code with a notice that
it was not run, instead of failing.

The timings of lesson 5 are measured by ``scripts/measure_lesson5.py``
(with :func:`measure`) and committed in ``gdnotes/data/lesson5_timings.json``,
so that every build of the site shows the same numbers (:func:`load_timings`).

>>> python_loop(5.0, learning_rate=0.1, steps=3)
2.56
>>> numpy_vector([5.0, -3.0], learning_rate=0.1, steps=1).tolist()
[4.0, -2.4]
"""

from __future__ import annotations

import ast
import contextlib
import functools
import importlib
import inspect
import io
import json
import math
import os
import platform
import re
import timeit
from collections.abc import Callable, Sequence
from importlib import resources
from typing import Any

import numpy as np

from . import _validate
from .tables import number
from ._validate import ArgumentError, ArgumentTypeError

__all__ = [
    "IMPLEMENTATIONS",
    "TORCH_INSTALL",
    "python_loop",
    "python_loop_many",
    "numpy_vector",
    "pytorch_sgd",
    "torch_available",
    "listing",
    "execute",
    "show",
    "final_vectors",
    "without_zero_grad",
    "Diverged",
    "machine",
    "measure",
    "load_timings",
    "format_seconds",
]

TORCH_INSTALL = 'pip install -e ".[torch]"'
"""How a reader installs PyTorch for the course (the package's ``torch`` extra)."""


class Diverged(ArgumentError):
    """A run of one of the lesson's bare implementations blew up: its result would be infinite or NaN.

    The implementations are the lesson's code, kept bare on purpose, and
    return a bare number or list with no room for a flag; so instead of
    handing back NaN (or a flood of NumPy's floating-point warnings) they
    raise this error, which names the learning rate that caused it. A
    ``ValueError``, like every argument error of the package.
    """


def diverged(function: str, result: object, learning_rate: float) -> None:
    """Raise :class:`Diverged` if ``result`` holds an infinite or NaN value."""
    values = np.asarray(result.detach().numpy() if hasattr(result, "detach") else result, dtype=float)
    if not np.all(np.isfinite(values)):
        raise Diverged(
            f"{function} diverged: with learning_rate={learning_rate:g} the result is {values.tolist()!r:.80}, not an answer; "
            "on L = w**2 the steps shrink only for a learning_rate below 1"
        )


def _checked(vector: bool) -> Callable[[Callable], Callable]:
    """Validate ``(start, learning_rate, steps)`` so the lesson code itself can stay bare; raise :class:`Diverged` if the run blew up."""

    def decorate(function: Callable) -> Callable:
        @functools.wraps(function)
        def wrapper(start: object, learning_rate: float, steps: int) -> Any:
            if vector:
                values = _validate.numeric_array(start, "start")
                if values.ndim != 1 or values.size == 0:
                    raise ArgumentError(f"start must be a non-empty list of numbers, got shape {values.shape}")
                if not np.all(np.isfinite(values)):
                    raise ArgumentError(f"start must be finite, got {start!r}")
                start = values.tolist()
            else:
                start = _validate.finite_number(start, "start")
            learning_rate = _validate.positive_number(learning_rate, "learning_rate")
            steps = _validate.count(steps, "steps")
            with np.errstate(all="ignore"):
                result = function(start, learning_rate, steps)
            diverged(function.__name__, result, learning_rate)
            return result

        return wrapper

    return decorate


# --- the three implementations (their bodies are the lesson's code) -------------


@_checked(vector=False)
def python_loop(start: float, learning_rate: float, steps: int) -> float:
    """Gradient descent on ``L(w) = w**2`` with one plain Python float."""
    w = start
    for step in range(steps):
        gradient = 2 * w  # dL/dw, worked out by hand
        w = w - learning_rate * gradient
    return w


@_checked(vector=True)
def python_loop_many(start: list[float], learning_rate: float, steps: int) -> list[float]:
    """Gradient descent on ``L(w) = sum(w_i**2)`` in plain Python: a second loop visits each parameter."""
    w = list(start)
    for step in range(steps):
        for i in range(len(w)):
            gradient = 2 * w[i]  # one partial derivative at a time
            w[i] = w[i] - learning_rate * gradient
    return w


@_checked(vector=True)
def numpy_vector(start: list[float], learning_rate: float, steps: int) -> np.ndarray:
    """Gradient descent on ``L(w) = sum(w_i**2)`` with a NumPy array: every parameter in one operation."""
    w = np.array(start, dtype=float)
    for step in range(steps):
        gradient = 2 * w  # all partial derivatives at once
        w = w - learning_rate * gradient
    return w


@_checked(vector=True)
def pytorch_sgd(start: list[float], learning_rate: float, steps: int) -> torch.Tensor:  # noqa: F821 (imported inside)
    """Gradient descent on ``L(w) = sum(w_i**2)`` with autograd and ``torch.optim.SGD`` (needs PyTorch)."""
    import torch

    w = torch.tensor(start, dtype=torch.float64, requires_grad=True)
    optimizer = torch.optim.SGD([w], lr=learning_rate)
    for step in range(steps):
        optimizer.zero_grad()  # forget the last step's gradient
        loss = (w**2).sum()    # L(w) = w1² + w2² + ...
        loss.backward()        # autograd puts dL/dw into w.grad
        optimizer.step()       # w = w - lr * w.grad
    return w.detach()


IMPLEMENTATIONS: dict[str, tuple[Callable, str]] = {
    "python": (python_loop, "5.0"),
    "python_many": (python_loop_many, "[5.0, -3.0, 2.0]"),
    "numpy": (numpy_vector, "[5.0, -3.0, 2.0]"),
    "pytorch": (pytorch_sgd, "[5.0, -3.0, 2.0]"),
}
"""Each implementation's function and the start the lesson calls it with."""

_TITLES = {"python": "Plain Python", "python_many": "Plain Python, many parameters", "numpy": "NumPy", "pytorch": "PyTorch"}
_HEADERS = {"numpy": "import numpy as np"}


def torch_available() -> bool:
    """Whether PyTorch can be imported here."""
    try:
        importlib.import_module("torch")
    except ImportError:
        return False
    return True


def _name(name: object) -> str:
    if not isinstance(name, str):
        raise ArgumentTypeError(f"name must be a string, one of {sorted(IMPLEMENTATIONS)}, got {type(name).__name__} {name!r}")
    if name not in IMPLEMENTATIONS:
        raise ArgumentError(f"name must be one of {sorted(IMPLEMENTATIONS)}, got {name!r}")
    return name


def listing(name: str, learning_rate: float = 0.1, steps: int = 25) -> str:
    """The code the lesson shows for one implementation, runnable as it stands.

    It is the function's source as written in this module, without the
    decorator, the type hints and the docstring, with imports from inside the
    function moved to the top, followed by a ``print`` of one call.
    """
    function, start = IMPLEMENTATIONS[_name(name)]
    learning_rate = _validate.positive_number(learning_rate, "learning_rate")
    steps = _validate.count(steps, "steps")
    source_lines = inspect.getsource(inspect.getmodule(function)).splitlines()
    node = next(
        n for n in ast.parse("\n".join(source_lines)).body if isinstance(n, ast.FunctionDef) and n.name == function.__name__
    )
    drop = set()
    imports = [_HEADERS[name]] if name in _HEADERS else []
    for statement in node.body:
        is_docstring = isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant) and isinstance(statement.value.value, str)
        if is_docstring or isinstance(statement, ast.Import):
            drop.update(range(statement.lineno, statement.end_lineno + 1))
            if isinstance(statement, ast.Import):
                imports.append(ast.get_source_segment("\n".join(source_lines), statement))
    # the signature without type hints (they are for the package, not the lesson); then the body
    header_line = f"def {node.name}({', '.join(argument.arg for argument in node.args.args)}):"
    first = node.body[0].lineno
    body = [line for number, line in enumerate(source_lines[first - 1 : node.end_lineno], start=first) if number not in drop]
    while body and not body[0].strip():  # an import followed by a blank line leaves one at the top
        del body[0]
    code = "\n".join([header_line, *body])
    header = "\n".join(imports) + "\n\n\n" if imports else ""
    call = f"print({function.__name__}({start}, learning_rate={learning_rate!r}, steps={steps}))"
    return f"{header}{code}\n\n\n{call}\n"


def execute(code: str) -> str:
    """Run ``code`` in a fresh namespace and return what it printed."""
    if not isinstance(code, str):
        raise ArgumentTypeError(f"code must be a string, got {type(code).__name__}")
    printed = io.StringIO()
    try:
        with contextlib.redirect_stdout(printed), np.errstate(all="ignore"):
            exec(compile(code, "<lesson 5>", "exec"), {"__name__": "__lesson5__"})  # noqa: S102 - our own listing
    except Exception as error:  # the code's own fault, said as a fault of the argument (the cause stays attached)
        raise ArgumentError(f"code must run without an error, but it raised {type(error).__name__}: {error}") from error
    return printed.getvalue()


def checked_output(name: str, printed: str, learning_rate: float) -> str:
    """``printed`` (what a listing printed), unless it shows NaN or infinity: then :class:`Diverged`."""
    if re.search(r"\b(nan|inf)\b", printed):
        raise Diverged(f"{name} diverged: with learning_rate={learning_rate:g} it prints {printed.strip()!r:.60}; learning_rate must be below 1")
    return printed


def _torch_notice() -> str:
    return (
        '!!! warning "Not run: PyTorch is not installed"\n\n'
        "    This example was not run when this page was built, because PyTorch could not be\n"
        "    imported. To see its output, install the course with its PyTorch extra,\n"
        f"    `{TORCH_INSTALL}`, and build the site again (or run the code in the companion notebook).\n"
    )


def show(name: str, learning_rate: float = 0.1, steps: int = 25) -> str:
    """Markdown for the page: the :func:`listing` and, below it, the output of running it.

    For ``"pytorch"`` without PyTorch installed, the output is replaced by a
    warning admonition that says how to install it.
    """
    code = listing(name, learning_rate, steps)
    fence = f'```python title="{_TITLES[name]}"\n{code}```\n\n'
    if name == "pytorch" and not torch_available():
        return fence + _torch_notice()
    printed = checked_output(name, execute(code), learning_rate)
    return fence + f'```text title="Output"\n{printed}```\n'


def final_vectors(start: Sequence[float] = (5.0, -3.0, 2.0), learning_rate: float = 0.1, steps: int = 25) -> dict[str, np.ndarray]:
    """Run the vector implementations; ``{name: final w}`` (``"pytorch"`` only if PyTorch is installed)."""
    finals = {
        "python_many": np.array(python_loop_many(start, learning_rate, steps)),
        "numpy": numpy_vector(start, learning_rate, steps),
    }
    if torch_available():
        finals["pytorch"] = pytorch_sgd(start, learning_rate, steps).numpy()
    return finals


def without_zero_grad(start: float, learning_rate: float, steps: int) -> list[float]:
    """What :func:`pytorch_sgd` would do on one parameter if ``optimizer.zero_grad()`` were left out.

    ``loss.backward()`` *adds* to ``w.grad``, so each step would use the sum of
    all gradients so far. Returns ``[w_0, w_1, ..., w_steps]``, in plain Python.
    """
    w = _validate.finite_number(start, "start")
    learning_rate = _validate.positive_number(learning_rate, "learning_rate")
    steps = _validate.count(steps, "steps")
    path, grad = [w], 0.0
    with np.errstate(all="ignore"):
        for _ in range(steps):
            grad = grad + 2 * w  # accumulated, never cleared
            w = w - learning_rate * grad
            path.append(w)
    diverged("without_zero_grad", path[-1], learning_rate)
    return path


# --- timings -----------------------------------------------------------------

TIMINGS_FILE = "lesson5_timings.json"
SIZES = (1, 10, 100, 1_000, 10_000, 100_000)


def _best_seconds(call: Callable[[], object], repeats: int, budget: float = 0.2) -> float:
    """Seconds per call: the best of ``repeats`` rounds, each long enough to time reliably."""
    timer = timeit.Timer(call)
    number, _ = timer.autorange()
    number = max(1, math.ceil(number * budget / 0.2))
    return min(timer.repeat(repeat=repeats, number=number)) / number


def machine() -> dict[str, object]:
    """The processor, core count and software versions, for a page to report next to a timing."""
    cpu = platform.processor() or platform.machine()
    with contextlib.suppress(OSError):
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            names = [line.split(":", 1)[1].strip() for line in info if line.startswith("model name")]
        cpu = names[0] if names else cpu
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "system": platform.system(),
        "python": platform.python_version(),
        "numpy": np.__version__,
    }


def measure(sizes: Sequence[int] = SIZES, steps: int = 25, repeats: int = 5, learning_rate: float = 0.1) -> dict[str, Any]:
    """Time :func:`python_loop_many` and :func:`numpy_vector` for each number of parameters.

    Returns a dict ready to be saved as JSON: the settings, the machine and,
    under ``"seconds"``, the best time of one full run (``steps`` steps) of
    each implementation for each size. The start repeats 5, -3, 2.
    """
    if isinstance(sizes, (str, bytes)) or not isinstance(sizes, Sequence) or not sizes:
        raise ArgumentTypeError(f"sizes must be a non-empty sequence of integers, got {sizes!r}")
    sizes = [_validate.count(n, f"sizes[{i}]", minimum=1) for i, n in enumerate(sizes)]
    steps = _validate.count(steps, "steps", minimum=1)
    repeats = _validate.count(repeats, "repeats", minimum=1)
    learning_rate = _validate.positive_number(learning_rate, "learning_rate")
    seconds: dict[str, list[float]] = {"python": [], "numpy": []}
    for n in sizes:
        start = np.resize([5.0, -3.0, 2.0], n)
        as_list = start.tolist()
        # time the bare functions: the argument checks are not part of the lesson's code
        seconds["python"].append(_best_seconds(lambda: python_loop_many.__wrapped__(as_list, learning_rate, steps), repeats))
        seconds["numpy"].append(_best_seconds(lambda: numpy_vector.__wrapped__(start, learning_rate, steps), repeats))
    return {
        "what": "seconds for one run of `steps` gradient-descent steps on L(w) = sum(w_i**2), best of `repeats`",
        "steps": steps,
        "repeats": repeats,
        "learning_rate": learning_rate,
        "sizes": sizes,
        "seconds": seconds,
        "machine": machine(),
    }


def load_timings() -> dict[str, Any]:
    """The committed measurements of ``scripts/measure_lesson5.py`` (see the module docs)."""
    text = resources.files("gdnotes").joinpath("data", TIMINGS_FILE).read_text(encoding="utf-8")
    return json.loads(text)


def format_seconds(seconds: float, digits: int = 2) -> str:
    """A duration for a page: ``2.4 µs``, ``31 ms``, ``1.2 s`` (``digits`` significant digits)."""
    seconds = _validate.positive_number(seconds, "seconds")
    digits = _validate.count(digits, "digits", minimum=1)
    rounded = float(f"{seconds:.{digits}g}")  # round first, so 0.9996 s becomes 1 s, not 1000 ms
    for unit, scale in (("s", 1.0), ("ms", 1e-3), ("µs", 1e-6), ("ns", 1e-9)):
        if rounded >= scale or unit == "ns":
            return f"{number(rounded / scale, digits)} {unit}"
    raise AssertionError("unreachable")
