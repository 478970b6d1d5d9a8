"""Multiple-choice quizzes with instant feedback, made at build time.

A lesson prints ``quiz(...)``; the page gets plain HTML (a fieldset of
radio buttons and one explanation per answer) that ``docs/assets/quiz.js``
brings to life. Because the quiz is written in Python, the numbers in a
question and its answers come from the package like every other number.
Without JavaScript the answers and explanations are still there, folded
in a ``<details>`` element.

>>> html = quiz("q1", "Is 2 + 2 = 4?", [Choice("Yes", True, "Right."), Choice("No", False, "It is.")])
>>> 'data-gd-quiz="q1"' in html
True
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple

import numpy as np

from ._markdown import to_html
from ._validate import ArgumentError, ArgumentTypeError

__all__ = ["Choice", "quiz", "from_markdown"]


class Choice(NamedTuple):
    """One answer: its text (Markdown, math allowed), whether it is right, and why."""

    text: str
    correct: bool
    explanation: str


def _markdown(text: str) -> str:
    return to_html(text)


def _inline(text: str) -> str:
    """Markdown rendered for a ``<legend>`` or ``<label>``: paragraphs become line breaks."""
    rendered = _markdown(text)
    paragraphs = re.fullmatch(r"<p>(.*)</p>", rendered, flags=re.S)
    if paragraphs:
        return re.sub(r"</p>\s*<p>", "<br><br>", paragraphs.group(1))
    return rendered


def _block(text: str) -> str:
    """Markdown rendered for a ``<div>`` or ``<li>``: one paragraph is unwrapped, more are kept."""
    rendered = _markdown(text)
    single = re.fullmatch(r"<p>((?:(?!</?p>).)*)</p>", rendered, flags=re.S)
    return single.group(1) if single else rendered


def _text(value: object, name: str) -> str:
    if not isinstance(value, str):
        raise ArgumentTypeError(f"{name} must be a string, got {type(value).__name__} {value!r}")
    if not value.strip():
        raise ArgumentError(f"{name} must not be empty")
    return value


def quiz(key: str, question: str, choices: Sequence[Choice]) -> str:
    """HTML for one multiple-choice question with exactly one right answer.

    Args:
        key: a page-unique id made of lowercase letters, digits and hyphens.
        question: the question (Markdown; ``$...$`` math allowed).
        choices: two or more :class:`Choice`, exactly one with ``correct=True``.
    """
    if not isinstance(key, str):
        raise ArgumentTypeError(f"key must be a string, got {type(key).__name__} {key!r}")
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", key):
        raise ArgumentError(f"key must be lowercase letters, digits and hyphens, got {key!r}")
    question = _text(question, "question")
    if isinstance(choices, (str, bytes, Choice)) or not isinstance(choices, Sequence):
        raise ArgumentTypeError(f"choices must be a list of gdnotes.quiz.Choice, got {type(choices).__name__}")
    choices = list(choices)
    letters = "ABCDEFGH"
    if not 2 <= len(choices) <= len(letters):
        raise ArgumentError(f"choices must hold between 2 and {len(letters)} answers, got {len(choices)}")
    for i, choice in enumerate(choices):
        if not isinstance(choice, Choice):
            raise ArgumentTypeError(f"choices[{i}] must be a gdnotes.quiz.Choice, got {type(choice).__name__}")
        _text(choice.text, f"choices[{i}].text")
        _text(choice.explanation, f"choices[{i}].explanation")
        if not isinstance(choice.correct, (bool, np.bool_)):
            raise ArgumentTypeError(f"choices[{i}].correct must be True or False, got {choice.correct!r}")
    right = [i for i, c in enumerate(choices) if c.correct]
    if len(right) != 1:
        raise ArgumentError(f"exactly one choice must be correct, got {len(right)}: choices must hold one Choice with correct=True")
    items = []
    key_lines = []
    for i, choice in enumerate(choices):
        input_id = f"quiz-{key}-{i}"
        items.append(
            f'<li><input type="radio" name="quiz-{key}" id="{input_id}" value="{i}"'
            f'{" data-correct" if choice.correct else ""}>'
            # the letter names the answer as the key does, and gives every radio a name in words
            # (a label of math alone has none for axe-core and Lighthouse)
            f'<label for="{input_id}"><span class="gd-quiz-letter">{letters[i]}.</span> {_inline(choice.text)}</label>'
            f'<div class="gd-quiz-explanation" hidden>{_block(choice.explanation)}</div></li>'
        )
        verdict = "Right" if choice.correct else "Not quite"
        key_lines.append(f"<li><strong>{verdict}.</strong> {_block(choice.explanation)}</li>")
    return (
        f'<div class="gd-quiz" data-gd-quiz="{key}">'
        f'<fieldset><legend>{_inline(question)}</legend>'
        f'<ol class="gd-quiz-choices" type="A">{"".join(items)}</ol>'
        f'<p class="gd-quiz-feedback" role="status" aria-live="polite"></p></fieldset>'
        f'<details class="gd-quiz-key"><summary>Show the answers</summary><ol class="gd-quiz-key-list" type="A">'
        f'{"".join(key_lines)}</ol></details></div>'
    )


_CHOICE = re.compile(r"- \[( |x|X)\] (.+)")


def from_markdown(key: str, text: str) -> str:
    """HTML for a quiz written in Markdown, as a lesson writes it in a ```` ```quiz KEY ```` fence.

    The question comes first (one or more paragraphs); then one item per
    answer, ``- [x]`` for the right one and ``- [ ]`` for the others, each
    followed by its explanation, indented::

        Where does one step from $w = 3$ take you?

        - [ ] $w = 4.2$
            That adds the step: descent subtracts it.
        - [x] $w = 1.8$
            The step is $0.2 \\times 6 = 1.2$.

    >>> 'data-gd-quiz="q2"' in from_markdown("q2", "Two?\\n\\n- [x] Yes\\n    Right.\\n- [ ] No\\n    It is.")
    True
    """
    if not isinstance(text, str):
        raise ArgumentTypeError(f"text must be a string, got {type(text).__name__} {text!r}")
    question: list[str] = []
    choices: list[list] = []  # [text, correct, explanation lines]
    for number, line in enumerate(text.strip("\n").split("\n"), start=1):
        item = _CHOICE.fullmatch(line.rstrip())
        if item:
            choices.append([item.group(2).strip(), item.group(1) != " ", []])
        elif choices:
            if line.strip() and not line.startswith((" ", "\t")):
                raise ArgumentError(f"text, line {number} of the quiz: an explanation must be indented under its answer, got {line.strip()!r}")
            choices[-1][2].append(line.strip())
        else:
            question.append(line)
    if not choices:
        raise ArgumentError("text must hold the quiz's answers, written as '- [x] right answer' and '- [ ] wrong answer' lines")
    for answer, _, explanation in choices:
        if not "\n".join(explanation).strip():
            raise ArgumentError(f"the answer {answer!r} has no explanation: text must indent one under each answer")
    right = sum(correct for _, correct, _ in choices)
    if right != 1:
        raise ArgumentError(f"exactly one choice must be correct, got {right}: text must mark one answer '- [x]'")
    return quiz(
        key,
        "\n".join(question).strip(),
        [Choice(answer, correct, "\n".join(explanation).strip()) for answer, correct, explanation in choices],
    )
