"""Quizzes: one right answer, a radio per choice, explanations, math, and a no-JavaScript key."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from gdnotes.quiz import Choice, quiz

CHOICES = [
    Choice("$0.8$", True, "Each step multiplies $x$ by $1 - 2\\alpha = 0.8$."),
    Choice("$0.9$", False, "That would be $1 - \\alpha$; the slope of $x^2$ is $2x$."),
    Choice("**1.2**", False, "A factor above one would make $x$ grow."),
]


class _Elements(HTMLParser):
    """Collect start tags (with attributes) and check that tags nest properly."""

    VOID = {"input", "br", "img", "hr", "meta", "link"}

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.stack: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes <{self.stack[-1] if self.stack else None}>"
        self.stack.pop()


def _parse(html: str) -> _Elements:
    parser = _Elements()
    parser.feed(html)
    parser.close()
    assert parser.stack == [], f"unclosed: {parser.stack}"
    return parser


def test_one_radio_per_choice_and_one_marked_correct() -> None:
    html = quiz("lr-factor", "What does one step multiply $x$ by when $\\alpha = 0.1$?", CHOICES)
    elements = _parse(html)
    radios = [attrs for tag, attrs in elements.tags if tag == "input"]
    assert len(radios) == 3
    assert all(a["type"] == "radio" and a["name"] == "quiz-lr-factor" for a in radios)
    assert [a["value"] for a in radios] == ["0", "1", "2"]
    assert ["data-correct" in a for a in radios] == [True, False, False]
    ids = [a["id"] for a in radios]
    labels = [attrs["for"] for tag, attrs in elements.tags if tag == "label"]
    assert labels == ids and len(set(ids)) == 3
    roots = [attrs for tag, attrs in elements.tags if attrs.get("data-gd-quiz")]
    assert [r["data-gd-quiz"] for r in roots] == ["lr-factor"]


def test_explanations_for_every_choice_and_a_key() -> None:
    html = quiz("q1", "Which?", CHOICES)
    explanations = re.findall(r'<div class="gd-quiz-explanation" hidden>(.*?)</div>', html, flags=re.S)
    assert len(explanations) == 3
    assert "grow" in explanations[2]
    key = html[html.index('<details class="gd-quiz-key">') :]
    assert key.count("<li>") == 3
    assert key.count("<strong>Right.</strong>") == 1 and key.count("<strong>Not quite.</strong>") == 2
    assert key.index("<strong>Right.</strong>") < key.index("<strong>Not quite.</strong>")
    assert 'role="status"' in html and 'aria-live="polite"' in html


def test_math_and_markdown_are_rendered() -> None:
    html = quiz("q1", "What is $1 - 2\\alpha$?", CHOICES)
    assert '<legend>What is <span class="arithmatex">\\(1 - 2\\alpha\\)</span>?</legend>' in html
    assert '<label for="quiz-q1-0"><span class="gd-quiz-letter">A.</span> <span class="arithmatex">\\(0.8\\)</span></label>' in html
    assert "<strong>1.2</strong>" in html
    assert "$" not in html  # every dollar became a math span
    assert "<p>" not in html  # one-paragraph texts are unwrapped


def test_text_is_escaped() -> None:
    html = quiz("q1", "Is 1 < 2 & 3 > 2?", [Choice("yes", True, "1 < 2."), Choice("no", False, "It is.")])
    assert "Is 1 &lt; 2 &amp; 3 &gt; 2?" in html
    _parse(html)


def test_several_paragraphs_keep_the_html_valid() -> None:
    html = quiz("q1", "First a setup.\n\nThen the question?", [Choice("a", True, "One.\n\nTwo."), Choice("b", False, "No.")])
    _parse(html)
    legend = re.search(r"<legend>(.*?)</legend>", html, flags=re.S).group(1)
    assert "<p>" not in legend and legend == "First a setup.<br><br>Then the question?"
    assert '<div class="gd-quiz-explanation" hidden><p>One.</p>\n<p>Two.</p></div>' in html


def test_every_answer_is_named_in_words_by_its_letter() -> None:
    """A label of math alone gives its radio no name for axe-core: each starts with the letter the key uses."""
    html = quiz("q1", "Which?", [Choice("$0.8$", True, "x"), Choice("$1.2$", False, "y"), Choice("$2$", False, "z")])
    letters = re.findall(r'<label for="quiz-q1-\d"><span class="gd-quiz-letter">([A-H])\.</span> ', html)
    assert letters == ["A", "B", "C"]
    assert '<ol class="gd-quiz-key-list" type="A">' in html


def test_the_correct_choice_can_be_anywhere() -> None:
    choices = [Choice("a", False, "x"), Choice("b", False, "y"), Choice("c", True, "z")]
    radios = re.findall(r"<input [^>]*>", quiz("q2", "Which?", choices))
    assert ["data-correct" in r for r in radios] == [False, False, True]


@pytest.mark.parametrize("flags", [(True, True), (False, False), (True, True, False)])
def test_exactly_one_correct_choice_is_enforced(flags: tuple[bool, ...]) -> None:
    choices = [Choice(f"c{i}", flag, "why") for i, flag in enumerate(flags)]
    with pytest.raises(ValueError, match="exactly one"):
        quiz("q1", "Which?", choices)


def test_numpy_booleans_count_as_booleans() -> None:
    np = pytest.importorskip("numpy")
    html = quiz("q1", "Which?", [Choice("a", np.bool_(True), "x"), Choice("b", np.bool_(False), "y")])
    assert html.count("data-correct") == 1


@pytest.mark.parametrize("key", ["Q1", "q 1", "-q", "", "q_1", "q1!"])
def test_bad_key_is_a_value_error(key: str) -> None:
    with pytest.raises(ValueError, match="key"):
        quiz(key, "Which?", CHOICES)


@pytest.mark.parametrize("key", [None, 1, b"q1"])
def test_non_string_key_is_a_type_error(key: object) -> None:
    with pytest.raises(TypeError, match="key"):
        quiz(key, "Which?", CHOICES)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("question", "choices", "error", "named"),
    [
        ("", CHOICES, ValueError, "question"),
        ("  ", CHOICES, ValueError, "question"),
        (None, CHOICES, TypeError, "question"),
        ("Which?", CHOICES[:1], ValueError, "choices"),
        ("Which?", [], ValueError, "choices"),
        ("Which?", [Choice(str(i), i == 0, "x") for i in range(9)], ValueError, "choices"),
        ("Which?", [("a", True, "x"), ("b", False, "y")], TypeError, r"choices\[0\]"),
        ("Which?", CHOICES[0], TypeError, "choices"),
        ("Which?", [Choice("a", 1, "x"), Choice("b", 0, "y")], TypeError, r"choices\[0\]\.correct"),
        ("Which?", [Choice("a", True, "x"), Choice("", False, "y")], ValueError, r"choices\[1\]\.text"),
        ("Which?", [Choice("a", True, "x"), Choice(2, False, "y")], TypeError, r"choices\[1\]\.text"),
        ("Which?", [Choice("a", True, ""), Choice("b", False, "y")], ValueError, r"choices\[0\]\.explanation"),
    ],
)
def test_bad_question_or_choices(question: object, choices: object, error: type, named: str) -> None:
    with pytest.raises(error, match=named):
        quiz("q1", question, choices)  # type: ignore[arg-type]


def test_choices_may_be_any_sequence() -> None:
    assert quiz("q1", "Which?", tuple(CHOICES)) == quiz("q1", "Which?", CHOICES)
