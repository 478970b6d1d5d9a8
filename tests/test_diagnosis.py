"""gdnotes.diagnosis: every case of the loss-curve drill shows the shape its cause is known for, for many seeds."""

from __future__ import annotations

import functools

import numpy as np
import pytest

from gdnotes import diagnosis

SEEDS = range(12)


@functools.cache
def _cases(seed: int) -> tuple:
    return tuple(diagnosis.cases(seed))


def _all(cause: str):
    for seed in SEEDS:
        for case in _cases(seed):
            if case.cause == cause:
                yield seed, case, diagnosis.shape_facts(case.gaps)


def test_every_cause_has_its_variants_and_curves_are_well_formed() -> None:
    found = _cases(0)
    assert len(found) == len(diagnosis.CAUSES) * diagnosis.VARIANTS
    assert [c.cause for c in found] == [cause for cause in diagnosis.CAUSES for _ in range(diagnosis.VARIANTS)]
    for case in found:
        assert case.gaps.ndim == 1 and 3 <= case.gaps.size <= diagnosis.POINTS
        assert np.all(np.isfinite(case.gaps)) and np.all(case.gaps >= diagnosis.FLOOR)
        assert case.steps[0] == 0 and case.every >= 1
        assert case.setting and "α = " in case.setting
        if case.diverged_at < 0:
            assert case.gaps.size == diagnosis.POINTS


def test_deterministic_per_seed_and_different_across_seeds() -> None:
    a, b, c = _cases(3), diagnosis.cases(3), _cases(4)
    assert all(x.setting == y.setting and np.array_equal(x.gaps, y.gaps) for x, y in zip(a, b))
    assert sum(x.setting != z.setting for x, z in zip(a, c)) > len(a) // 2
    assert diagnosis.example("plateau", 3).setting == a[list(diagnosis.CAUSES).index("plateau") * diagnosis.VARIANTS].setting


def test_too_small_falls_at_every_step_but_slowly() -> None:
    for seed, case, facts in _all("too_small"):
        assert case.diverged_at < 0
        assert np.all(np.diff(case.gaps) < 0), (seed, case.setting)
        assert facts["drop"] < 1.5, (seed, case.setting)  # less than a factor ~30 in 50 steps


def test_good_converges_fast() -> None:
    for seed, case, facts in _all("good"):
        assert case.diverged_at < 0
        assert case.gaps[-1] <= max(10 * diagnosis.FLOOR, 1e-6 * case.gaps[0]), (seed, case.setting)
        assert np.all(np.diff(case.gaps[:10]) <= 0)


def test_oscillating_alternates_the_sign_of_the_change() -> None:
    for seed, case, facts in _all("oscillating"):
        assert case.diverged_at < 0
        assert facts["alternates"] >= 0.8, (seed, case.setting)
        assert case.gaps[-1] > 1e-5, (seed, case.setting)  # it does not settle at the bottom in 50 steps


def test_diverging_ends_huge_or_flagged() -> None:
    for seed, case, facts in _all("diverging"):
        assert case.diverged_at >= 0 or case.gaps[-1] >= 100 * case.gaps[0], (seed, case.setting)
        assert case.gaps[-1] > 1e3
        if case.diverged_at >= 0:
            assert case.gaps.size == case.diverged_at // case.every + 1 + (case.diverged_at % case.every > 0)


def test_momentum_swells_and_ebbs_in_slow_waves() -> None:
    for seed, case, facts in _all("momentum"):
        assert case.diverged_at < 0 and case.gaps[-1] < case.gaps[0]
        g = case.gaps
        peaks = [k for k in range(1, g.size - 1) if g[k] > g[k - 1] and g[k] >= g[k + 1]]
        assert len(peaks) >= 3, (seed, case.setting)  # it rises again, several times
        assert np.median(np.diff(peaks)) >= 4, (seed, case.setting)  # in swells of several steps, not a sawtooth
        assert facts["alternates"] < 0.6, (seed, case.setting)


def test_plateau_is_flat_for_long_then_drops() -> None:
    for seed, case, facts in _all("plateau"):
        assert case.diverged_at < 0
        assert facts["flat"] >= 0.2, (seed, case.setting)
        # the flat stretch comes first, the drop after it
        level = case.gaps[0]
        assert np.all(case.gaps[: diagnosis.POINTS // 5] > level / 1.25)
        assert case.gaps[-1] < level * 1e-3


def test_noisy_goes_up_and_down_around_a_falling_trend() -> None:
    for seed, case, facts in _all("noisy"):
        assert case.diverged_at < 0
        rises = int(np.sum(np.diff(case.gaps) > 0))
        assert rises >= 5, (seed, case.setting)
        assert facts["drop"] > 0.7, (seed, case.setting)
        assert np.mean(case.gaps[-10:]) < case.gaps[0] / 5


def test_shape_facts_on_plain_shapes() -> None:
    saw = diagnosis.shape_facts([4.0, 1.0, 2.0, 0.5, 1.0, 0.25])
    assert saw["alternates"] == 1.0 and saw["falls"] == pytest.approx(0.6)
    flat = diagnosis.shape_facts([1.0] * 8 + [1e-3, 1e-6])
    assert flat["flat"] == pytest.approx(0.8) and flat["drop"] == pytest.approx(6.0)


@pytest.mark.parametrize(
    ("call", "error", "words"),
    [
        (lambda: diagnosis.cases(-1), ValueError, "seed"),
        (lambda: diagnosis.cases(2**32), ValueError, "seed"),
        (lambda: diagnosis.cases(1.5), TypeError, "seed"),
        (lambda: diagnosis.example("wobbly"), ValueError, "cause"),
        (lambda: diagnosis.example(3), TypeError, "cause"),
        (lambda: diagnosis.shape_facts([1.0, -1.0, 2.0]), ValueError, "gaps"),
        (lambda: diagnosis.shape_facts([1.0, float("inf"), 2.0]), ValueError, "gaps"),
        (lambda: diagnosis.shape_facts("abc"), TypeError, "gaps"),
    ],
)
def test_bad_input_names_the_argument(call, error, words: str) -> None:
    with pytest.raises(error, match=words):
        call()
