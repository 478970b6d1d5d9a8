"""Learning-rate schedules: values at given steps, shapes, and bad input."""

from __future__ import annotations

import math

import numpy as np
import pytest

from gdnotes import schedules


def test_constant() -> None:
    schedule = schedules.constant(0.3)
    assert schedule(0) == 0.3 and schedule(1000) == 0.3
    assert schedule(np.arange(4)).tolist() == [0.3] * 4


def test_step_decay_values() -> None:
    schedule = schedules.step_decay(0.2, factor=0.1, every=5)
    assert [schedule(k) for k in (0, 4, 5, 9, 10, 15)] == pytest.approx([0.2, 0.2, 0.02, 0.02, 0.002, 0.0002])
    assert schedule.hyperparameters == {"learning_rate": 0.2, "factor": 0.1, "every": 5}


def test_exponential_values() -> None:
    schedule = schedules.exponential(0.5, decay=0.9)
    assert schedule(0) == 0.5
    assert schedule(3) == pytest.approx(0.5 * 0.9**3)
    assert schedule(np.array([1, 10])) == pytest.approx([0.45, 0.5 * 0.9**10])


def test_cosine_values() -> None:
    schedule = schedules.cosine(0.1, total_steps=100, final=0.01)
    assert schedule(0) == pytest.approx(0.1)
    assert schedule(50) == pytest.approx(0.055)
    assert schedule(25) == pytest.approx(0.01 + 0.045 * (1 + math.cos(math.pi / 4)))
    assert schedule(100) == pytest.approx(0.01) and schedule(250) == pytest.approx(0.01)
    rates = schedule(np.arange(101))
    assert np.all(np.diff(rates) < 0)


def test_decaying_schedules_never_rise() -> None:
    for schedule in (schedules.step_decay(1.0, 0.5, 7), schedules.exponential(1.0, 0.97), schedules.cosine(1.0, 60)):
        rates = schedule(np.arange(80))
        assert np.all(np.diff(rates) <= 0) and rates[0] == pytest.approx(1.0) and rates[-1] < 1.0


def test_array_and_scalar_agree() -> None:
    schedule = schedules.cosine(0.2, 40)
    ks = np.arange(0, 50, 7)
    assert schedule(ks) == pytest.approx([schedule(int(k)) for k in ks])
    assert schedule(np.array([[0, 40]])).shape == (1, 2)


@pytest.mark.parametrize(
    ("call", "error", "name"),
    [
        (lambda: schedules.constant(0), ValueError, "learning_rate"),
        (lambda: schedules.constant("0.1"), TypeError, "learning_rate"),
        (lambda: schedules.step_decay(0.1, factor=1.5), ValueError, "factor"),
        (lambda: schedules.step_decay(0.1, every=0), ValueError, "every"),
        (lambda: schedules.step_decay(0.1, every=2.5), TypeError, "every"),
        (lambda: schedules.exponential(0.1, decay=0), ValueError, "decay"),
        (lambda: schedules.exponential(0.1, decay=1.0), ValueError, "decay"),
        (lambda: schedules.cosine(0.1, total_steps=0), ValueError, "total_steps"),
        (lambda: schedules.cosine(0.1, total_steps=10, final=0.2), ValueError, "final"),
        (lambda: schedules.cosine(0.1, total_steps=10, final=-0.01), ValueError, "final"),
        (lambda: schedules.constant(0.1)(-1), ValueError, "step"),
        (lambda: schedules.constant(0.1)(1.5), TypeError, "step"),
        (lambda: schedules.constant(0.1)(np.array([0, -2])), ValueError, "step"),
        (lambda: schedules.constant(0.1)(np.array([0.5])), TypeError, "step"),
        (lambda: schedules.constant(0.1)("3"), TypeError, "step"),
        (lambda: schedules.constant(0.1)(True), TypeError, "step"),
    ],
)
def test_bad_input_names_the_problem(call, error: type, name: str) -> None:
    with pytest.raises(error, match=name):
        call()
