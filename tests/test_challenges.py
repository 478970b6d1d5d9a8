"""The try-it challenges (gdnotes.challenges), checked in CPython.

For every challenge: its solution passes, its starter runs and does not,
and a few wrong answers miss with a message that says why; the checking
code recomputes (printing a success message does not pass), uses only
Python's built-ins and math (the page's Python has nothing else), and a
check that cannot read the reader's result is a miss, not a crash. Then
each challenge's own claims: lesson 4's range of rates is the closed form,
lesson 7's counts are the package's (and plain gradient descent cannot meet
the budget at any rate), lesson 8's cost is the package's cost on the full
data. The browser side is in test_widgets_try_it.py.
"""

from __future__ import annotations

import math
import re

import numpy as np
import pytest

from gdnotes import challenges, lessons, ravines, regression, theory, widgets
from gdnotes.challenges import CHALLENGES, attempt

KEYS = ("update", "rate", "momentum", "model")
LESSONS = {"update": 3, "rate": 4, "momentum": 7, "model": 8}


def with_line(code: str, old: str, new: str) -> str:
    """``code`` with the one line ``old`` replaced by ``new`` (a wrong answer made from the starter)."""
    lines = code.splitlines()
    hits = [i for i, line in enumerate(lines) if line.strip().startswith(old)]
    assert len(hits) == 1, f"{old!r} is not one line of the code"
    lines[hits[0]] = new
    return "\n".join(lines) + "\n"


def test_there_is_a_challenge_for_each_of_lessons_3_4_7_and_8() -> None:
    assert tuple(CHALLENGES) == KEYS and len(CHALLENGES) == 4
    assert {key: CHALLENGES[key].lesson for key in KEYS} == LESSONS


@pytest.mark.parametrize("key", KEYS)
def test_the_solution_passes_and_the_starter_does_not(key: str) -> None:
    task = CHALLENGES[key]
    solved = attempt(task.solution, task)
    assert solved.passed and solved.error is None, solved
    started = attempt(task.starter, task)
    assert not started.passed and started.error is None, started
    assert started.output and solved.output, "both print what they did"
    assert started.message != solved.message


@pytest.mark.parametrize("key", KEYS)
def test_the_check_uses_only_builtins_and_math(key: str) -> None:
    imports = re.findall(r"^\s*(?:import|from)\s+(\w+)", CHALLENGES[key].check, re.M)
    assert set(imports) <= {"math"}, imports
    imports = re.findall(r"^\s*(?:import|from)\s+(\w+)", CHALLENGES[key].starter + CHALLENGES[key].solution, re.M)
    assert not imports, "the reader's code needs no package"


@pytest.mark.parametrize("key", KEYS)
def test_printing_success_does_not_pass(key: str) -> None:
    task = CHALLENGES[key]
    boast = task.starter + 'print("close enough: the task is met")\n'
    assert not attempt(boast, task).passed


@pytest.mark.parametrize("key", KEYS)
def test_a_reader_who_deletes_everything_gets_a_message(key: str) -> None:
    outcome = attempt("print('hello')", CHALLENGES[key])
    assert not outcome.passed and outcome.error is None
    assert outcome.message.startswith(("Define", "Set")), outcome.message


@pytest.mark.parametrize("key", KEYS)
def test_the_lesson_names_the_challenges_bounds(key: str) -> None:
    assert lessons.values(key)["challenge"] == lessons.plain(dict(CHALLENGES[key].values))


def test_code_that_raises_is_not_checked() -> None:
    outcome = attempt("print('start')\nalpha = 0.4\nprint(1 / 0)", CHALLENGES["rate"])
    assert not outcome.passed and outcome.output == "start\n"
    assert outcome.error == "ZeroDivisionError: division by zero"
    assert "did not run" in outcome.message
    assert attempt("alpha = 0.4\nraise SystemExit", CHALLENGES["rate"]).passed, "a clean exit is checked"


def test_a_check_that_cannot_read_the_result_is_a_miss() -> None:
    # a step() that raises inside the check
    outcome = attempt("def step(w, alpha):\n    raise ValueError('no')\n", CHALLENGES["update"])
    assert not outcome.passed
    assert outcome.message == "The check could not read your result: ValueError: no"


# ------------------------------------------------------------------ lesson 3


@pytest.mark.parametrize(
    ("rule", "words"),
    [
        ("    return w + alpha * slope", "step(4, 0.1) returns 4.8"),  # uphill
        ("    return w - slope", "step(4, 0.1) returns -4.0"),  # no learning rate
        ("    return w - alpha * w", "step(4, 0.1) returns 3.6"),  # the wrong slope
        ("    return 0.5 * w", "step(4, 0.1) returns 2.0"),  # ignores the slope
        ("    return complex(w - alpha * slope)", "returns (3.2+0j)"),  # not a real number
        ("    return round(w - alpha * slope, 1)", "step() is right, but"),  # right on the check's points, wrong run
    ],
)
def test_lesson_3_wrong_update_rules_miss(rule: str, words: str) -> None:
    task = CHALLENGES["update"]
    outcome = attempt(with_line(task.starter, "return w  #", rule), task)
    assert not outcome.passed and words in outcome.message, outcome


def test_lesson_3_the_count_must_be_the_true_one() -> None:
    task = CHALLENGES["update"]
    steps = task.values["steps"]
    off_by_one = task.solution + "steps = steps + 1\n"
    outcome = attempt(off_by_one, task)
    assert not outcome.passed and f"steps = {steps + 1}" in outcome.message
    # the true count, from the closed form: 4 * 0.8**n < 1e-3
    start, alpha, tolerance = task.values["start"], task.values["alpha"], task.values["tolerance"]
    assert steps == math.ceil(math.log(tolerance / start) / math.log(1 - 2 * alpha))
    assert f"after {steps} steps" in attempt(task.solution, task).message


# ------------------------------------------------------------------ lesson 4


def rate_code(alpha: object) -> str:
    return with_line(CHALLENGES["rate"].starter, "alpha =", f"alpha = {alpha!r}")


@pytest.mark.parametrize(
    ("alpha", "words"),
    [
        (0.1, "not within 0.001"),  # too timid
        (0.9, "not within 0.001"),  # zigzags, too slowly
        (1.0, "end at x = -5:"),  # bounces
        (1.1, "not within 0.001"),  # diverges
        (1e200, "nan"),  # overflows
        ("0.4", "Set alpha to a number"),
        (True, "Set alpha to a number"),
    ],
)
def test_lesson_4_wrong_rates_miss(alpha: object, words: str) -> None:
    code = rate_code(alpha) if isinstance(alpha, float) else f"alpha = {alpha!r}"  # (the starter's loop needs a number)
    outcome = attempt(code, CHALLENGES["rate"])
    assert not outcome.passed and words in outcome.message, outcome


def test_lesson_4_the_rates_that_pass_are_the_closed_forms_range() -> None:
    task = CHALLENGES["rate"]
    low, high = task.values["low"], task.values["high"]
    assert high == pytest.approx(theory.largest_rate_for_tolerance(task.values["start"], task.values["steps"], task.values["tolerance"]), abs=1e-9)
    for alpha, passes in [(low * 0.999, False), (low * 1.001, True), (0.5, True), (high * 0.999, True), (high * 1.001, False)]:
        assert attempt(rate_code(alpha), task).passed is passes, alpha
    assert "any alpha between 0.1444 and 0.8556" in attempt(task.solution, task).output


def test_lesson_4_the_check_ignores_the_readers_loop() -> None:
    """Taking more steps than the task allows does not help: the check runs its own 25."""
    task = CHALLENGES["rate"]
    cheat = with_line(task.starter, "for step in range(", "for step in range(500):")
    assert abs(float(attempt(cheat, task).output.rsplit("=", 1)[1])) < task.values["tolerance"]
    assert not attempt(cheat, task).passed


# ------------------------------------------------------------------ lesson 7


def momentum_code(alpha: object, beta: object) -> str:
    task = CHALLENGES["momentum"]
    return with_line(with_line(task.starter, "alpha =", f"alpha = {alpha!r}"), "beta =", f"beta = {beta!r}")


def settled(message: str) -> int:
    return int(re.search(r"from step (\d+)", message).group(1))


def test_lesson_7_counts_are_the_packages() -> None:
    values = lessons.values("momentum")
    task = CHALLENGES["momentum"]
    race = attempt(task.starter, task)
    assert settled(race.message) == values["race"]["momentum"], "the starter is the race's setting"
    best = attempt(task.solution, task)
    assert settled(best.message) == values["best"]["heavy"]["measured_steps"]
    # and against a run of the package's optimizer
    from gdnotes import descent, optimizers

    settings = [(0.1, 0.5), (0.05, 0.7), (1 / 9, 4 / 9), (0.02, 0.9)]
    start = (task.values["start_x"], task.values["start_y"])
    paths = descent.run_each("ravine", [optimizers.momentum(a, b) for a, b in settings], start, 4 * task.values["budget"])
    for (alpha, beta), path in zip(settings, paths):
        expected = ravines.steps_to_tolerance(path, task.values["tolerance"])
        message = attempt(momentum_code(alpha, beta), task).message
        if expected is not None and expected <= 4 * task.values["budget"]:
            assert settled(message) == expected, (alpha, beta, message)


def test_lesson_7_plain_gradient_descent_cannot_meet_the_budget() -> None:
    task = CHALLENGES["momentum"]
    limit = 2 / 25
    for alpha in np.linspace(limit / 200, limit, 200, endpoint=False):
        assert not attempt(momentum_code(float(alpha), 0.0), task).passed, alpha


@pytest.mark.parametrize(
    ("alpha", "beta", "words"),
    [
        (0.02, 0.9, "only from step 170"),
        (0.3, 0.5, "diverges"),
        (0.0001, 0.5, "still farther than 0.001"),
        (0.1, 1.0, "Set beta"),
        (-0.1, 0.5, "Set alpha"),
    ],
)
def test_lesson_7_wrong_settings_miss(alpha: float, beta: float, words: str) -> None:
    outcome = attempt(momentum_code(alpha, beta), CHALLENGES["momentum"])
    assert not outcome.passed and words in outcome.message, outcome


# ------------------------------------------------------------------ lesson 8


def model_code(alpha: object, steps: object) -> str:
    task = CHALLENGES["model"]
    return with_line(with_line(task.starter, "alpha =", f"alpha = {alpha!r}"), "steps =", f"steps = {steps!r}")


def test_lesson_8_the_check_computes_the_packages_cost() -> None:
    task = CHALLENGES["model"]
    data = regression.petals()
    assert task.values["best"] == pytest.approx(lessons.values("model")["training"]["best_cost"], abs=1e-15)
    for alpha, steps in [(0.01, 300), (0.05, 250), (0.052, 300)]:
        params = np.zeros(2)
        for _ in range(steps):
            params = params - alpha * regression.gradient(params, data.x, data.y)
        cost = float(regression.cost(params, data.x, data.y))
        shown = float(re.search(r"cost J = ([\d.]+)", attempt(model_code(alpha, steps), task).message).group(1))
        assert shown == pytest.approx(cost, abs=5e-7)
    assert task.values["limit"] == pytest.approx(regression.largest_stable_rate(data.x), rel=1e-12)


@pytest.mark.parametrize(
    ("alpha", "steps", "words"),
    [
        (0.03, 300, "above the least possible cost"),  # too slow for the budget
        (0.06, 300, "diverges"),  # past 2 / lambda_max
        (0.05, 1000, "from 1 to 300"),  # over the budget
        (0.05, 2.5, "whole number"),
        ("nan", 300, "Set alpha"),
    ],
)
def test_lesson_8_wrong_settings_miss(alpha: float, steps: object, words: str) -> None:
    code = model_code(alpha, steps) if isinstance(alpha, float) and isinstance(steps, int) else f"alpha = float({alpha!r})\nsteps = {steps!r}"
    outcome = attempt(code, CHALLENGES["model"])
    assert not outcome.passed and words in outcome.message, outcome


# ------------------------------------------------------------------ the widget


@pytest.mark.parametrize("key", KEYS)
def test_the_cell_carries_the_challenge(key: str) -> None:
    task = CHALLENGES[key]
    page = widgets.try_it(challenge=key)
    config = widgets.config(page)
    assert config["code"] == task.starter and config["challenge"]["check"] == task.check
    assert config["challenge"]["verdict"] == attempt(task.starter, task).message
    assert page.count('<details class="gd-tryit-solution">') == 1 and "<summary>A worked solution</summary>" in page
    assert page.count('class="gd-tryit-hint"') == 1 and "Hint:" in page


def test_a_cell_whose_code_already_passes_fails_the_build() -> None:
    with pytest.raises(RuntimeError, match="already passes"):
        widgets.try_it(CHALLENGES["rate"].solution, challenge="rate")


def test_a_broken_challenge_fails_the_build(monkeypatch: pytest.MonkeyPatch) -> None:
    task = CHALLENGES["rate"]
    broken = challenges.Challenge(**{**task.__dict__, "key": "broken", "solution": "alpha = 0.05\n"})
    monkeypatch.setitem(challenges._MAKERS, "broken", lambda: broken)
    with pytest.raises(RuntimeError, match="broken.*solution does not pass"):
        widgets.try_it(challenge="broken")


@pytest.mark.parametrize(
    ("call", "error", "words"),
    [
        (lambda: widgets.try_it(challenge="nope"), ValueError, "challenge must be one of update, rate, momentum, model"),
        (lambda: widgets.try_it(challenge=3), TypeError, "challenge"),
        (lambda: attempt(3, CHALLENGES["rate"]), TypeError, "code"),
        (lambda: attempt("x = 1", "rate"), TypeError, "task"),
        (lambda: challenges.Challenge(**{**CHALLENGES["rate"].__dict__, "check": "pass"}), ValueError, "check"),
        (lambda: challenges.Challenge(**{**CHALLENGES["rate"].__dict__, "key": "Bad Key"}), ValueError, "key"),
    ],
)
def test_bad_arguments_fail_clearly(call, error: type, words: str) -> None:
    with pytest.raises(error, match=re.escape(words)):
        call()
