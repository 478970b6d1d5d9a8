"""The widget ``try-it``: a short Python snippet that the reader edits and runs in the page.

Lessons 3, 4, 7 and 8 use it for a challenge, a task the page checks
(``gdnotes.challenges``). Its function, validation, data and static fallback are here; its script is
``docs/assets/widgets/try-it/try-it.js`` and its stylesheet ``try-it.css``
beside it.
"""

from __future__ import annotations

import html as html_lib

from .. import _validate
from ._common import Widget, _inline, _note, _root
from .._validate import ArgumentError, ArgumentTypeError

__all__ = ["try_it", "TRY_IT_CODE", "run_snippet"]


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


class SnippetError(RuntimeError, ArgumentError):
    """The snippet given as ``code`` raised when the page was built (a ``RuntimeError`` and a package ``ValueError``)."""


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
        raise ArgumentTypeError(f"code must be a string of Python, got {type(code).__name__}")
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
        raise SnippetError(f"the try-it code raised {detail} when the page was built") from error
    finally:
        sys.stdin = saved_stdin
    return printed.getvalue()


def try_it(
    code: str | None = None, time_limit: float = 10.0, label: str = "Python code to run", challenge: str | None = None
) -> str:
    """A short Python snippet that the reader edits and runs in the page, optionally as a challenge.

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

    With ``challenge`` (a key of :data:`gdnotes.challenges.CHALLENGES`) the
    cell carries a task: the snippet is the challenge's starter code, and
    after each run the worker runs the challenge's checking code on the
    reader's variables; the page says whether the task is met (in its
    status line), shows the hint after a miss, and offers the worked
    solution behind a disclosure. The build checks the challenge first
    (:func:`gdnotes.challenges.attempt`): its solution must pass and the
    snippet must not.

    Args:
        code: the snippet (Python source, at most 200 lines); it must run
            without error in plain CPython. By default the lesson's
            bisection snippet, or the challenge's starter code.
        time_limit: seconds a run in the browser may take before it is
            stopped (between 1 and 120).
        label: the text box's accessible name.
        challenge: the name of a challenge, or None for a plain snippet.

    Returns:
        The widget's HTML: its root, config (the snippet, its output and
        the time limit) and static fallback.

    Raises:
        TypeError: an argument of the wrong type.
        ValueError: an empty or too long snippet, a time limit out of
            range or an empty label.
        RuntimeError: the snippet raised an exception when it was run, or
            the challenge is broken (its solution fails or the snippet
            already passes).

    >>> from gdnotes.widgets import config
    >>> html = try_it("print(6 * 7)")
    >>> config(html)["output"]
    '42\\n'
    >>> "42" in html and 'data-gd-widget="try-it"' in html
    True
    """
    from pygments import highlight
    from pygments.formatters import HtmlFormatter
    from pygments.lexers import PythonLexer

    from .. import challenges

    task = None if challenge is None else challenges.challenge(challenge)
    if code is None:
        code = TRY_IT_CODE if task is None else task.starter
    if not isinstance(code, str):
        raise ArgumentTypeError(f"code must be a string of Python, got {type(code).__name__}")
    if not code.strip():
        raise ArgumentError("code must hold some Python, got an empty string")
    lines = code.count("\n") + 1
    if lines > 200:
        raise ArgumentError(f"code must be a short snippet of at most 200 lines, got {lines}")
    limit = _validate.positive_number(time_limit, "time_limit")
    if not 1 <= limit <= 120:
        raise ArgumentError(f"time_limit must be between 1 and 120 seconds, got {limit}")
    if not isinstance(label, str):
        raise ArgumentTypeError(f"label must be a string, got {type(label).__name__}")
    if not label.strip():
        raise ArgumentError("label must name the text box, got an empty string")
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
    if task is not None:
        fallback += "\n" + _challenge_parts(task, code, data)
    return _root("try-it", data, fallback)


def _challenge_parts(task, code: str, data: dict) -> str:
    """Check the challenge (solution passes, ``code`` does not), add it to ``data``; return its HTML.

    The HTML holds the build's verdict on ``code`` and the hint (both shown
    without JavaScript; the script takes the hint from here, math and all),
    and the worked solution in a ``<details>`` disclosure, shown in both.
    """
    from pygments import highlight
    from pygments.formatters import HtmlFormatter
    from pygments.lexers import PythonLexer

    from .. import challenges

    solved = challenges.attempt(task.solution, task)
    if not solved.passed:
        raise RuntimeError(f"challenge {task.key!r} is broken: its solution does not pass ({solved.error or solved.message})")
    started = challenges.attempt(code, task)
    if started.passed:
        raise RuntimeError(f"challenge {task.key!r}: the code the reader starts from already passes ({started.message})")
    data["challenge"] = {"key": task.key, "check": task.check, "verdict": started.message}
    source = highlight(task.solution, PythonLexer(stripnl=False, ensurenl=True), HtmlFormatter(nowrap=True))
    verdict = html_lib.escape(started.message)
    return (
        f'<div class="gd-fallback-only">\n<p class="gd-tryit-verdict" data-gd-verdict="miss"><strong>Not yet</strong> '
        f"(checked when this page was built): {verdict}</p>\n"
        f'<p class="gd-tryit-hint"><strong>Hint:</strong> {_inline(task.hint)}</p>\n</div>\n'
        f'<details class="gd-tryit-solution">\n<summary>A worked solution</summary>\n<p>{_inline(task.explanation)}</p>\n'
        f'<div class="highlight"><span class="filename">Python</span><pre><span></span><code>{source}</code></pre></div>\n'
        f"<p>Checked when this page was built: {html_lib.escape(solved.message)}</p>\n</details>"
    )


WIDGET = Widget(name="try-it", function=try_it, style=True, summary='Lessons 3, 4, 7 and 8: a short Python snippet that the reader edits and runs in the page, as a challenge the page checks.')
