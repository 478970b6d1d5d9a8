"""Hostile calls to the whole public API: a clear error or a finite answer, never anything else.

The functions are found, not listed: every name in a module's ``__all__``
(or, for a lesson page module without one, every public function defined
there), over all modules of :mod:`gdnotes` found with :mod:`pkgutil`, so a
new function is fuzzed with nothing to edit here. For each parameter
Hypothesis draws either a plausible value (the default, or one chosen from
the annotation and the name) or a hostile one: None, text, NaN, ±inf, 0,
negatives, 1e300, empty, ragged and wrongly shaped arrays, huge counts.

Each call is classified:

* **clear** - a finite result (no NaN or inf anywhere inside it, unless the
  object holding them says it diverged), or an exception whose class is
  defined in ``gdnotes`` and whose message names an argument the call set;
* **unclear** - any other exception (from inside NumPy, SymPy, matplotlib,
  a bare ``TypeError``...), or a message that names no argument, or a call
  with a huge count that ran past the time limit (it must be refused);
* **silent** - a result holding NaN or inf with no word of divergence.

Run ``python tests/test_api_fuzz.py`` (``make fuzz`` for the thorough
profile) for the counts, or ``pytest -s`` on this file. Calls whose
arguments are all plausible but take longer than ``FUZZ_SECONDS`` (the
timing functions with their defaults) are stopped and counted as slow.
"""

from __future__ import annotations

import collections
import contextlib
import dataclasses
import importlib
import importlib.util
import inspect
import math
import numbers
import pkgutil
import re
import resource
import signal
import sys
import time
import warnings
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _hypothesis import FUZZ, FUZZ_BUDGET, FUZZ_SECONDS, THOROUGH  # noqa: E402

import gdnotes  # noqa: E402

HUGE_COUNTS = (10**9, 2**63)
"""Counts no function should take on: refused, or cheap."""


class _Hostile:
    """Marks a drawn value as hostile (unwrapped before the call)."""

    __slots__ = ("value",)

    def __init__(self, value: object) -> None:
        self.value = value


def hostile_values() -> list[object]:
    """The hostile values, simplest first (Hypothesis tries the first ones first)."""
    return [
        None,
        math.nan,
        math.inf,
        -math.inf,
        0,
        -1.0,
        1e300,
        "text",
        [],
        [[1.0, 2.0], [3.0]],  # ragged
        np.zeros((2, 3, 4)),  # wrongly shaped
        HUGE_COUNTS[0],
        -1e300,
        True,
        {},
        np.array([math.nan, 1.0]),
        [1.0, "a"],
        (1e300, 1e300),
        np.array([]),
        -7,
        HUGE_COUNTS[1],
        (math.inf, 0.0),
        object(),
    ]


# --- plausible values, from a parameter's annotation and name --------------------


@dataclasses.dataclass
class Samples:
    """Well-formed objects of the package's own types, built once."""

    x: np.ndarray
    y: np.ndarray
    path: object
    diverged_path: object
    fit: object
    stochastic: object
    schedule: object
    optimizers: list
    racers: list
    basin_map: object
    terrain: object
    scaling: object
    rule: dict


@pytest.fixture(scope="module")
def samples() -> Samples:
    return make_samples()


_SAMPLES: Samples | None = None


def make_samples() -> Samples:
    global _SAMPLES
    if _SAMPLES is None:
        from gdnotes import implementations

        if implementations.torch_available():  # PyTorch imports lazily: import it all here, never cut short by a time limit
            implementations.pytorch_sgd([1.0, 2.0], 0.1, 2)
        from gdnotes import basins, descent, optimizers, regression, schedules, stochastic, terrain, widgets
        from gdnotes.figures import comparison

        data = regression.petals()
        x, y = np.asarray(data.x, dtype=float), np.asarray(data.y, dtype=float)
        plain, heavy = optimizers.gradient_descent(0.1), optimizers.momentum(0.05, 0.9)
        _SAMPLES = Samples(
            x=x,
            y=y,
            path=descent.gradient_descent_path("bowl2d", 0.1, (3.0, 1.0), 12),
            diverged_path=descent.gradient_descent_path("bowl2d", 1.5, (3.0, 1.0), 12),
            fit=regression.fit(x, y, 0.01, max_steps=50),
            stochastic=stochastic.minibatch_descent(x, y, 0.01, 8, 2),
            schedule=schedules.constant(0.1),
            optimizers=[plain, heavy],
            racers=comparison.race("bowl2d", [plain, heavy], (3.0, 1.0), 30, 1e-3),
            basin_map=basins.basin_map("tilted_himmelblau", resolution=6, steps=20),
            terrain=terrain.load(),
            scaling=regression.standardize(x)[1],
            rule=widgets.regime_rule(),
        )
    return _SAMPLES


def plausible(name: str, annotation: object, s: Samples) -> list[object]:
    """Well-formed values for a parameter, from its annotation and its name (no per-function list)."""
    a = annotation if isinstance(annotation, str) else ("" if annotation is inspect.Parameter.empty else str(annotation))
    n = name.lower()
    many = bool(re.search(r"Sequence|list\[|Mapping|dict\[", a))
    out: list[object] = []
    if "Surface" in a or n == "surface":
        out += ["bowl2d", "bowl1d", "ravine"]
    if "Optimizer" in a:
        out += [s.optimizers] if many else s.optimizers
    if re.search(r"\bPath\b", a) and "Stochastic" not in a:
        out += [s.path, s.diverged_path]
    if "StochasticPath" in a:
        out += [{"sgd": s.stochastic}]
    if "Fit" in a or n in ("run", "raw", "scaled") and "bool" not in a:
        out += [s.fit]
    if "Schedule" in a:
        out += [{"constant": s.schedule}] if "Mapping" in a else [s.schedule]
    if "Racer" in a:
        out += [s.racers]
    if "BasinMap" in a:
        out += [s.basin_map]
    if "Terrain" in a:
        out += [s.terrain]
    if "Scaling" in a:
        out += [s.scaling]
    if "Figure" in a:
        import matplotlib.figure

        out += [matplotlib.figure.Figure()]
    if n == "rule":
        out += [s.rule]
    if "Callable" in a:
        out += [lambda p: 2 * np.asarray(p, dtype=float)]
    if n in ("x", "feature"):
        out += [s.x]
    elif n == "y":
        out += [s.y]
    elif n in ("params", "start", "point") or "Sequence[float]" in a and "Sequence[Sequence" not in a:
        out += [(3.0, 1.0), 2.0, [5.0, -3.0, 2.0]]
    elif n in ("points", "positions", "starts", "sample_starts") or "Sequence[Sequence" in a:
        out += [((3.0, 1.0), (0.5, -0.5)), [[2.0, 1.0]]]
    elif "Sequence[int]" in a:
        out += [(0, 1, 5)]
    if "bool" in a:
        out += [True, False]
    if re.search(r"\bfloat\b", a) and not many:
        out += [0.1, 1e6, 2.0, 1e-3]
    if re.search(r"\bint\b", a) and not many:
        out += [2, 25, 5]
    if re.search(r"\bstr\b", a) and not many:
        out += ["bowl2d", "python", "w"]
    if not out:
        out += [0.1, 3, (3.0, 1.0), "bowl2d", [1.0, 2.0]]
    return out


# --- discovery -----------------------------------------------------------------------


def public_modules() -> list[str]:
    names = ["gdnotes"]
    for info in pkgutil.walk_packages(gdnotes.__path__, "gdnotes."):
        if not any(part.startswith("_") for part in info.name.split(".")[1:]):
            names.append(info.name)
    return names


def public_functions() -> dict[str, Callable]:
    """``module.name`` -> function, each function once (under the module that defines it, if public)."""
    found: dict[str, Callable] = {}
    seen: dict[int, str] = {}
    for module_name in public_modules():
        module = importlib.import_module(module_name)
        names = getattr(module, "__all__", None)
        if names is None:
            names = [k for k, v in vars(module).items() if not k.startswith("_") and inspect.isfunction(v) and v.__module__ == module_name]
        for name in names:
            obj = getattr(module, name)
            if not inspect.isfunction(obj):
                continue  # classes (data holders, exceptions) and constants are not fuzzed
            key = f"{module_name}.{name}"
            if id(obj) in seen:
                if obj.__module__ == module_name:  # prefer the defining module's name
                    del found[seen[id(obj)]]
                else:
                    continue
            seen[id(obj)] = key
            found[key] = obj
    return dict(sorted(found.items()))


def parameters(function: Callable) -> list[inspect.Parameter]:
    return [p for p in inspect.signature(function).parameters.values() if p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)]


FUNCTIONS = public_functions()
# PyTorch is an optional extra: without it (make lower-bounds' environment) its one function can only say so
NEEDS_TORCH = {"gdnotes.implementations.pytorch_sgd"}
FUZZED = [
    k for k, f in FUNCTIONS.items()
    if (THOROUGH or parameters(f)) and (k not in NEEDS_TORCH or importlib.util.find_spec("torch") is not None)
]


# --- the oracle --------------------------------------------------------------------------

_NONFINITE_TEXT = re.compile(r"(?<![\w.+/\"'-])[-+]?(nan|inf|infinity)(?![\w+/=\"'])", re.IGNORECASE)


def says_diverged(value: object) -> bool:
    """Whether an object reports explicitly that a run diverged."""
    for source in (value,) if not isinstance(value, Mapping) else ():
        for attribute in ("diverged", "diverged_at"):
            try:
                flag = getattr(source, attribute)
            except Exception:
                continue
            if callable(flag):
                continue
            flag = np.asarray(flag)
            if attribute == "diverged_at":
                flag = flag >= 0
            if flag.dtype.kind in "biuf" and np.any(flag):
                return True
    if isinstance(value, Mapping):
        for key in ("diverged", "diverged_at"):
            flag = value.get(key)
            if flag is not None and not isinstance(flag, str) and np.any(np.asarray(flag, dtype=object) != False) and (key != "diverged_at" or np.any(np.asarray(flag) >= 0)):  # noqa: E712
                return True
    return False


def nonfinite(value: object, where: str = "result", depth: int = 0) -> str | None:
    """Where a NaN or inf sits in ``value`` without a word of divergence around it, or None."""
    if depth > 8 or value is None or isinstance(value, (bool, np.bool_)):
        return None
    if says_diverged(value):
        return None
    if isinstance(value, (numbers.Integral, np.integer)):
        return None
    if isinstance(value, (numbers.Real, np.floating)):
        return None if math.isfinite(float(value)) else f"{where} = {value!r}"
    if isinstance(value, numbers.Complex):
        return None if math.isfinite(value.real) and math.isfinite(value.imag) else f"{where} = {value!r}"
    if isinstance(value, str):
        match = _NONFINITE_TEXT.search(value)
        if match and not re.search(r"diverg|overflow|blew up|blows up", value, re.IGNORECASE):
            return f"{where} says {value[max(match.start() - 40, 0):match.end() + 20]!r}"
        return None
    if isinstance(value, np.ndarray):
        if value.dtype.kind in "fc":
            bad = ~np.isfinite(value)
            return f"{where} holds {int(bad.sum())} NaN/inf of {value.size}" if bad.any() else None
        if value.dtype.kind == "O":
            return next((r for i, v in enumerate(value.flat) if (r := nonfinite(v, f"{where}[{i}]", depth + 1))), None)
        return None
    if hasattr(value, "detach") and hasattr(value, "numpy"):  # a torch tensor
        return nonfinite(value.detach().numpy(), where, depth + 1)
    if isinstance(value, Mapping):
        return next((r for k, v in value.items() if (r := nonfinite(v, f"{where}[{k!r}]", depth + 1))), None)
    if isinstance(value, (list, tuple)):
        if hasattr(value, "_fields"):
            return next((r for k, v in zip(value._fields, value) if (r := nonfinite(v, f"{where}.{k}", depth + 1))), None)
        return next((r for i, v in enumerate(value) if (r := nonfinite(v, f"{where}[{i}]", depth + 1))), None)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return next(
            (r for f in dataclasses.fields(value) if (r := nonfinite(getattr(value, f.name), f"{where}.{f.name}", depth + 1))),
            None,
        )
    return None


class _Slow(BaseException):
    """Raised by the alarm when a call runs past its time limit."""


@contextlib.contextmanager
def limited(seconds: float) -> Iterator[None]:
    """Stop the block after ``seconds`` of CPU time (so a busy machine does not count) and keep it under ~2 GB more memory."""
    def alarm(signum, frame):  # noqa: ARG001
        raise _Slow

    old_handler = signal.signal(signal.SIGPROF, alarm)
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    try:
        with open("/proc/self/status") as status:
            vm = next(int(line.split()[1]) * 1024 for line in status if line.startswith("VmSize:"))
        cap = vm + 2 * 1024**3
        resource.setrlimit(resource.RLIMIT_AS, (cap if hard == resource.RLIM_INFINITY else min(cap, hard), hard))
    except (OSError, ValueError, StopIteration):
        pass
    signal.setitimer(signal.ITIMER_PROF, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, old_handler)
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


def _names(message: str, name: str) -> bool:
    return re.search(rf"(?<![\w]){re.escape(name)}(?![\w])", message) is not None


def classify(function: Callable, kwargs: dict[str, object], hostile: set[str]) -> tuple[str, str]:
    """Call ``function(**kwargs)``; return (class, what happened)."""
    set_by_call = [k for k, v in kwargs.items() if k in hostile or _differs(function, k, v)]
    try:
        with limited(FUZZ_SECONDS), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            result = function(**kwargs)
    except _Slow:
        huge = [k for k, v in kwargs.items() if _is_huge(v)]
        if huge:
            return "unclear", f"ran past {FUZZ_SECONDS:g} s with {', '.join(huge)} huge (a huge count must be refused or cheap)"
        return "slow", f"ran past {FUZZ_SECONDS:g} s with plausible arguments"
    except MemoryError:
        return "unclear", "MemoryError (an argument should have been refused before allocating)"
    except Exception as error:  # noqa: BLE001 (the point is to classify every error)
        kind = type(error)
        text = f"{kind.__module__}.{kind.__qualname__}: {str(error)[:300]}"
        if not kind.__module__.startswith("gdnotes"):
            return "unclear", f"raised {text} (not an error of gdnotes)"
        if not any(_names(str(error), k) for k in set_by_call):
            return "unclear", f"raised {text} (names none of {set_by_call})"
        return "clear", text
    where = nonfinite(result)
    if where:
        return "silent", where
    return "clear", "finite result"


def _is_huge(value: object) -> bool:
    return isinstance(value, numbers.Integral) and not isinstance(value, bool) and abs(int(value)) >= HUGE_COUNTS[0]


def _differs(function: Callable, name: str, value: object) -> bool:
    default = inspect.signature(function).parameters[name].default
    if default is inspect.Parameter.empty:
        return True
    try:
        return not bool(default is value or default == value)
    except Exception:  # arrays compare elementwise
        return True


COUNTS: collections.Counter = collections.Counter()
FAULTS: dict[str, list[str]] = collections.defaultdict(list)


SPENT: collections.Counter = collections.Counter()
"""CPU seconds spent so far on each function; past ``FUZZ_BUDGET`` its remaining examples are skipped."""


def call(key: str, data: st.DataObject, samples: Samples) -> tuple[str, str, dict]:
    function = FUNCTIONS[key]
    kwargs: dict[str, object] = {}
    hostile: set[str] = set()
    for p in parameters(function):
        good = plausible(p.name, p.annotation, samples)
        if p.default is not inspect.Parameter.empty:
            good = [p.default, *good]
        drawn = data.draw(
            st.one_of(st.sampled_from(good), st.sampled_from(hostile_values()).map(_Hostile)),
            label=p.name,
        )
        if isinstance(drawn, _Hostile):
            hostile.add(p.name)
            drawn = drawn.value
        kwargs[p.name] = drawn
    if SPENT[key] > FUZZ_BUDGET:  # the timing functions with their defaults, say: enough has been tried
        COUNTS["skipped"] += 1  # (after drawing: Hypothesis needs every run to draw the same way)
        return "skipped", f"over its budget of {FUZZ_BUDGET:g} CPU seconds", kwargs
    began = time.process_time()
    kind, what = classify(function, kwargs, hostile)
    SPENT[key] += time.process_time() - began
    COUNTS["calls"] += 1
    COUNTS[kind] += 1
    if key in KNOWN_FAULTS and kind in ("unclear", "silent"):
        COUNTS[f"known {kind}"] += 1
    if kind in ("unclear", "silent", "slow"):
        FAULTS[key].append(f"{kind}: {what} <- {_short(kwargs)}")
    return kind, what, kwargs


def _short(kwargs: dict) -> str:
    return ", ".join(f"{k}={v!r:.60}" for k, v in kwargs.items())


def summary() -> str:
    return (
        f"calls: {COUNTS['calls']}, clear: {COUNTS['clear']}, unclear: {COUNTS['unclear']}, silent: {COUNTS['silent']}"
        f" (slow, stopped: {COUNTS['slow']}; skipped, over budget: {COUNTS['skipped']}; functions: {len(FUZZED)};"
        " of the unclear and silent,"
        f" {COUNTS['known unclear']} and {COUNTS['known silent']} in the {len(KNOWN_FAULTS)} known faults)"
    )


@pytest.fixture(scope="module", autouse=True)
def _print_summary() -> Iterator[None]:
    yield
    print(f"\napi fuzz: {summary()}")  # shown with pytest -s


def test_the_api_is_found() -> None:
    """Discovery finds the package's public functions across modules (a floor, not a list)."""
    modules = {k.rsplit(".", 1)[0] for k in FUNCTIONS}
    assert {"gdnotes.descent", "gdnotes.implementations", "gdnotes.figures.landscape", "gdnotes.widgets"} <= modules
    assert "gdnotes.descent.run" in FUNCTIONS and "gdnotes.tables.markdown_table" in FUNCTIONS
    assert len(FUZZED) > 100
    assert set(KNOWN_FAULTS) <= set(FUNCTIONS), "a known fault names a function that no longer exists: drop it"


KNOWN_FAULTS: dict[str, str] = {}
"""Functions known to fail the oracle, each with why: a list to empty, never to grow (nothing here is fuzzed less)."""


def _known(key: str) -> list:
    return [pytest.mark.xfail(reason=f"known: {KNOWN_FAULTS[key]}", strict=False)] if key in KNOWN_FAULTS else []


@pytest.mark.parametrize("key", [pytest.param(k, marks=_known(k)) for k in FUZZED])
@FUZZ
@given(data=st.data())
def test_public_function_is_clear_under_hostile_input(key: str, data: st.DataObject) -> None:
    kind, what, kwargs = call(key, data, make_samples())
    assert kind not in ("unclear", "silent"), f"{key}: {kind}: {what}\n  called with {_short(kwargs)}"


# --- the oracle's own checks ---------------------------------------------------------


def test_the_oracle_tells_the_three_apart() -> None:
    from gdnotes import _validate

    def bare(count: int) -> float:
        return [1.0][count]

    def named(count: int) -> float:
        return _validate.positive_number(count, "count")

    def silent(count: int) -> float:
        return math.nan

    assert classify(bare, {"count": 3}, {"count"})[0] == "unclear"
    assert classify(named, {"count": -1}, {"count"})[0] == "clear"
    assert classify(silent, {"count": 1}, set())[0] == "silent"
    assert nonfinite({"curve": [1.0, math.inf]}) is not None
    assert nonfinite({"curve": [1.0, math.inf], "diverged": True}) is None
    assert nonfinite("<td>nan</td>") is not None and nonfinite("Infinite descent, information") is None


def main() -> int:
    """Run every fuzzed function outside pytest and print the counts (``make fuzz``)."""
    from hypothesis import settings

    def runner(key: str) -> Callable[[], None]:
        @settings(FUZZ)
        @given(data=st.data())
        def run(data: st.DataObject) -> None:
            call(key, data, make_samples())

        return run

    for key in FUZZED:
        runner(key)()
    for key, faults in sorted(FAULTS.items()):
        print(f"{key}:{'  (known)' if key in KNOWN_FAULTS else ''}")
        for fault in sorted(set(faults))[:5]:
            print(f"    {fault}")
    print(summary())
    new = COUNTS["unclear"] + COUNTS["silent"] - COUNTS["known unclear"] - COUNTS["known silent"]
    return 1 if new else 0


if __name__ == "__main__":
    sys.exit(main())
