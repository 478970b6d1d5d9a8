"""The lessons' helpers that remember a result within a build: the same rows as computed afresh, never shared."""

from __future__ import annotations

from gdnotes.lessons import momentum


def test_race_counts_are_run_once_and_handed_out_as_copies() -> None:
    momentum._race_counts.cache_clear()
    first = momentum.race_counts()
    first[0]["plain"] = -1  # a caller's change must not reach the next caller
    again = momentum.race_counts()
    assert momentum._race_counts.cache_info().hits >= 1
    momentum._race_counts.cache_clear()
    assert again == momentum.race_counts() and again[0]["plain"] != -1
    assert momentum.race_counts([0.02, 0.07]) == [row for row in again if row["alpha"] in (0.02, 0.07)]
