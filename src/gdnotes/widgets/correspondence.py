"""Lesson 5's widget ``correspondence``: the three programs side by side, each line lit up by the job it does.

Its function, validation, data and static fallback are here; its script is
``docs/assets/widgets/correspondence/correspondence.js``.
"""

from __future__ import annotations

import html as html_lib
import re

import markdown

from .. import _validate
from ._common import Widget, _note, _num, _root
from .._validate import ArgumentError, ArgumentTypeError

__all__ = ["correspondence", "line_roles"]


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
        raise ArgumentTypeError(f"line must be a string, got {type(line).__name__}")
    if "\n" in line or "\r" in line:
        raise ArgumentError(f"line must be a single line of code, got {line!r}")
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
    from .. import implementations

    if name == "pytorch" and not implementations.torch_available():
        shown = implementations.show(name, learning_rate, steps)
        notice = shown.split("```\n\n", 1)[-1]
        if not notice.startswith("!!!"):
            raise RuntimeError("implementations.show no longer ends with its PyTorch notice")
        return markdown.markdown(notice, extensions=["admonition"])
    printed = html_lib.escape(implementations.checked_output(name, implementations.execute(code), learning_rate))
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
    from .. import implementations

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


WIDGET = Widget(name="correspondence", function=correspondence, style=False, summary='Lesson 5: the three programs side by side, each line lit up by the job it does.')
