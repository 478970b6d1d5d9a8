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

import html as html_lib
import re
from collections.abc import Sequence
from typing import NamedTuple

import markdown

__all__ = ["Choice", "quiz"]


class Choice(NamedTuple):
    """One answer: its text (Markdown, math allowed), whether it is right, and why."""

    text: str
    correct: bool
    explanation: str


def _inline(text: str) -> str:
    rendered = markdown.markdown(text, extensions=["pymdownx.arithmatex"], extension_configs={"pymdownx.arithmatex": {"generic": True}})
    return re.sub(r"^<p>(.*)</p>$", r"\1", rendered.strip(), flags=re.S)


def quiz(key: str, question: str, choices: Sequence[Choice]) -> str:
    """HTML for one multiple-choice question with exactly one right answer.

    Args:
        key: a page-unique id made of lowercase letters, digits and hyphens.
        question: the question (Markdown; ``$...$`` math allowed).
        choices: two or more :class:`Choice`, exactly one with ``correct=True``.
    """
    if not isinstance(key, str) or not re.fullmatch(r"[a-z0-9][a-z0-9-]*", key):
        raise ValueError(f"key must be lowercase letters, digits and hyphens, got {key!r}")
    if not isinstance(question, str) or not question.strip():
        raise ValueError("question must be a non-empty string")
    choices = list(choices)
    if len(choices) < 2:
        raise ValueError(f"choices must hold at least two answers, got {len(choices)}")
    if not all(isinstance(c, Choice) for c in choices):
        raise TypeError("choices must be gdnotes.quiz.Choice values")
    right = [i for i, c in enumerate(choices) if c.correct]
    if len(right) != 1:
        raise ValueError(f"exactly one choice must be correct, got {len(right)}")
    letters = "ABCDEFGH"
    items = []
    key_lines = []
    for i, choice in enumerate(choices):
        input_id = f"quiz-{key}-{i}"
        items.append(
            f'<li><input type="radio" name="quiz-{key}" id="{input_id}" value="{i}"'
            f'{" data-correct" if choice.correct else ""}>'
            f'<label for="{input_id}">{_inline(choice.text)}</label>'
            f'<div class="gd-quiz-explanation" hidden>{_inline(choice.explanation)}</div></li>'
        )
        verdict = "Right" if choice.correct else "Not quite"
        key_lines.append(f"<li><strong>{letters[i]}. {verdict}.</strong> {_inline(choice.explanation)}</li>")
    return (
        f'<div class="gd-quiz" data-gd-quiz="{key}">'
        f'<fieldset><legend>{_inline(question)}</legend>'
        f'<ol class="gd-quiz-choices" type="A">{"".join(items)}</ol>'
        f'<p class="gd-quiz-feedback" role="status" aria-live="polite"></p></fieldset>'
        f'<details class="gd-quiz-key"><summary>Show the answers</summary><ol class="gd-quiz-key-list" type="A">'
        f'{"".join(key_lines)}</ol></details></div>'
    )
