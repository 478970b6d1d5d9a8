"""The values that the lessons' prose names, one module per lesson.

A sentence in a lesson's Markdown carries a computed number by naming it::

    After 20 steps $w$ is **{{ update.bowl.after_20 }}**.

``update`` is the module ``gdnotes.lessons.update``; its ``values()``
returns a dict, and ``bowl.after_20`` is a key path in it (dots go into
nested dicts, a number indexes a list). The build (hooks/values.py) puts
the value in its place, formatted by :func:`show`: ``{{ name }}`` gives
four significant digits the way every table does (:func:`gdnotes.tables.number`),
``{{ name:2 }}`` gives two, and any other spec is Python's format
mini-language, ``{{ name:.1% }}`` or ``{{ name:,d }}``. A name that does
not exist, a spec that does not fit, or a NaN or infinite number fails
the build with the page and line.

Each lesson module keeps its computations and their checks together: the
tests (tests/test_lessons.py and one file per lesson) call ``values()`` and
assert what the prose claims.

>>> show(0.1 * 3, "")
'0.3'
>>> show(-0.25, ".1f")
'−0.2'
>>> lookup({"bowl": {"path": [4.0, 3.2]}}, "bowl.path.1")
3.2
"""

from __future__ import annotations

import importlib
import math
import numbers
import pkgutil
import re
from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple

import numpy as np
from .._validate import ArgumentError, ArgumentTypeError

__all__ = ["topics", "values", "lookup", "show", "plain", "Fence", "fences", "UnclosedFence", "MissingValue", "NAMED_VALUE"]

_SIGNIFICANT = re.compile(r"[1-9][0-9]?")
NAMED_VALUE = re.compile(r"(?<!\\)\{\{\s*([A-Za-z_]\w*)\.([\w.]+?)\s*(?::\s*([^}]*?)\s*)?\}\}")
"""``{{ topic.key.path:spec }}`` in a page's Markdown (groups: topic, key path, spec); ``\\{{`` is not one."""
_FENCE = re.compile(r"^(\s*)(`{3,}|~{3,})\s*(\S*)(.*)$")


class UnclosedFence(ValueError):
    """A code fence with no closing fence; ``line`` is its 1-based line number."""

    def __init__(self, line: int) -> None:
        super().__init__(f"line {line}: this code fence is never closed")
        self.line = line


class Fence(NamedTuple):
    """A fenced block of a Markdown page: lines ``start`` (the opening fence) to ``end`` (the closing one), 0-based."""

    start: int
    end: int
    indent: str
    language: str
    options: str


class MissingValue(KeyError, ArgumentError):
    """A named value's path leads nowhere in the lesson's table (the message says what is there instead)."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


def fences(lines: Sequence[str]) -> list[Fence]:
    """Every fenced code block of a page given as lines, in order (the build's and the page measure's one reading).

    >>> [tuple(f) for f in fences(['a', '    ```python exec="on"', '    print(1)', '    ```'])]
    [(1, 3, '    ', 'python', ' exec="on"')]
    """
    if isinstance(lines, (str, bytes)) or not isinstance(lines, Sequence):
        raise ArgumentTypeError(f"lines must be a list of strings, got {type(lines).__name__} {lines!r:.60}")
    for number, line in enumerate(lines):
        if not isinstance(line, str):
            raise ArgumentTypeError(f"lines must be strings, got {type(line).__name__} {line!r:.60} at lines[{number}]")
    found, i = [], 0
    while i < len(lines):
        fence = _FENCE.match(lines[i])
        if fence is None:
            i += 1
            continue
        indent, marker, language, options = fence.groups()
        end = i + 1
        while end < len(lines) and not re.fullmatch(rf"\s*{re.escape(marker)}\s*", lines[end]):
            end += 1
        if end == len(lines):
            raise UnclosedFence(i + 1)
        found.append(Fence(i, end, indent, language, options))
        i = end + 1
    return found


def topics() -> list[str]:
    """The names of the lesson modules (the first part of every ``{{ topic.name }}``)."""
    return sorted(m.name for m in pkgutil.iter_modules(__path__) if not m.name.startswith("_"))


def plain(value: Any) -> Any:
    """``value`` with NumPy scalars and arrays, tuples and nested dicts made plain JSON types."""
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, np.ndarray):
        return plain(value.tolist())
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (numbers.Integral, np.integer)):
        return int(value)
    if isinstance(value, (numbers.Real, np.floating)):
        if not math.isfinite(value):
            raise ArgumentError(f"value must be finite: a lesson value of {float(value)} would put NaN or infinity on a page")
        return float(value)
    if isinstance(value, str) or value is None:
        return value
    raise ArgumentTypeError(f"a lesson value must be a number, string, list or dict, got {type(value).__name__} {value!r}")


def values(topic: str) -> dict[str, Any]:
    """The named values of one lesson module, as plain JSON types."""
    if not isinstance(topic, str):
        raise ArgumentTypeError(f"topic must be a string, got {type(topic).__name__} {topic!r}")
    if topic not in topics():
        raise ArgumentError(f"topic must name a lesson module, got {topic!r}: no lesson module {topic!r}; the modules are {', '.join(topics())}")
    module = importlib.import_module(f"{__name__}.{topic}")
    result = module.values()
    if not isinstance(result, Mapping):
        raise ArgumentTypeError(f"gdnotes.lessons.{topic}.values() must return a dict, got {type(result).__name__}")
    return plain(result)


def lookup(table: Mapping[str, Any], path: str) -> Any:
    """The value at a dotted key path in a (nested) dict; a clear ``KeyError`` naming what is there otherwise."""
    if not isinstance(table, Mapping):
        raise ArgumentTypeError(f"table must be a dict of named values, got {type(table).__name__} {table!r:.60}")
    if not isinstance(path, str) or not path:
        raise ArgumentTypeError(f"path must be a dotted key path such as 'a.b', got {type(path).__name__} {path!r:.60}")
    current: Any = table
    walked: list[str] = []
    for part in path.split("."):
        if isinstance(current, Mapping):
            if part not in current:
                known = ", ".join(sorted(current)) or "nothing"
                where = ".".join(walked) or "the top level"
                raise MissingValue(f"no value {part!r} under {where}; there is {known} (path {path!r})")
            current = current[part]
        elif isinstance(current, Sequence) and not isinstance(current, str):
            if not part.isdigit() or int(part) >= len(current):
                raise MissingValue(f"{'.'.join(walked)} is a list of {len(current)}; {part!r} is not an index into it (path {path!r})")
            current = current[int(part)]
        else:
            raise MissingValue(f"{'.'.join(walked)} is a single value ({current!r}); it has no {part!r} (path {path!r})")
        walked.append(part)
    return current


def show(value: Any, spec: str = "") -> str:
    """A value as a page shows it: ``spec`` empty (4 significant digits), digits (that many), or a format spec."""
    from .. import tables

    if not isinstance(spec, str):
        raise ArgumentTypeError(f"spec must be a format spec string such as '3' or '.2f', got {type(spec).__name__} {spec!r:.60}")
    if isinstance(value, str):
        if spec:
            raise ArgumentError(f"the text {value!r} takes no format spec, got {spec!r}")
        return value
    if isinstance(value, (Mapping, list, tuple)):
        raise ArgumentError(f"value must be one number or text: a list or dict cannot go into a sentence; name one of its items ({value!r:.60})")
    if isinstance(value, float) and not math.isfinite(value):
        raise ArgumentError(f"the value is {value}: a page must not show NaN or infinity in a sentence")
    if not spec:
        return tables.number(value)
    if _SIGNIFICANT.fullmatch(spec):
        return tables.number(value, int(spec))
    try:
        text = format(value, spec)
    except (ValueError, TypeError) as error:
        raise ArgumentError(f"format spec {spec!r} does not fit {value!r}: {error}") from None
    return text.replace("-", "−")
