"""Figures of lesson 6 (gdnotes.figures.nonconvex): reproducible, described, light, palette-safe, and true to the runs."""

from __future__ import annotations

import math
import re

import numpy as np
import pytest

from _figures import alt_text, figure_suite
from gdnotes import basins, descent, optimizers
from gdnotes.figures import nonconvex

def _basin_map() -> str:
    bmap = basins.basin_map("tilted_himmelblau", optimizers.gradient_descent(0.05), resolution=60, steps=200)
    return nonconvex.basin_map(bmap, sample_starts=[(0.3, -4.5), (-0.5, 4.5)])


FIGURES = {
    "saddle_escape": nonconvex.saddle_escape,
    "double_well_runs": nonconvex.double_well_runs,
    "basin_map": _basin_map,
}

rendered, test_house_rules = figure_suite(FIGURES, min_alt=250)


def test_no_raster_images(rendered: dict[str, str]) -> None:
    for name, figure_html in rendered.items():
        assert "<image" not in figure_html, f"{name} embeds a raster image"


def test_saddle_alt_text_states_the_escape_step_of_the_theory(rendered: dict[str, str]) -> None:
    alt = alt_text(rendered["saddle_escape"])
    predicted = math.ceil(math.log(1e6) / math.log(1.2))
    assert f"passing |y| = 1 at step {predicted}" in alt
    assert "stops there" in alt


def test_escape_step() -> None:
    path = descent.gradient_descent_path("saddle", 0.1, [[1.0, 0.01], [1.0, 0.0]], 40)
    assert nonconvex.escape_step(path.trajectory(0), 1.0) == math.ceil(math.log(100) / math.log(1.2))
    assert nonconvex.escape_step(path.trajectory(1), 1.0) is None


def test_double_well_alt_text_names_where_each_run_ends(rendered: dict[str, str]) -> None:
    alt = alt_text(rendered["double_well_runs"])
    assert "from x = 2.3 with learning rate 0.05" in alt and "with learning rate 0.3" in alt
    ends = re.findall(r"ends in the (global|local) minimum", alt)
    assert ends == ["local", "global", "global", "local"]


def test_basin_map_alt_text_shares_add_up(rendered: dict[str, str]) -> None:
    alt = alt_text(rendered["basin_map"])
    shares = [float(s) for s in re.findall(r"collects ([\d.]+)% of the starts", alt)]
    assert len(shares) == 4
    assert sum(shares) == pytest.approx(100.0, abs=0.05)
    assert "3600 starts" in alt
    assert "2 sample paths" in alt


def test_basin_map_draws_one_filled_region_per_basin(rendered: dict[str, str]) -> None:
    from gdnotes.figures import COLORS

    svg = rendered["basin_map"].lower()
    for colour in COLORS[:4]:
        assert f"fill: {colour}" in svg


@pytest.mark.parametrize(
    "call, error, words",
    [
        (lambda: nonconvex.saddle_escape(learning_rate=1.5), ValueError, "below 1"),
        (lambda: nonconvex.saddle_escape(start=(1.0, 0.5)), ValueError, "x axis"),
        (lambda: nonconvex.saddle_escape(nudge=0), ValueError, "nudge"),
        (lambda: nonconvex.double_well_runs(panels="runs"), TypeError, "panels"),
        (lambda: nonconvex.double_well_runs(panels=[("t", [(1.0,)])]), TypeError, "pair"),
        (lambda: nonconvex.double_well_runs(panels=[("t", [(1.0, -0.1)])]), ValueError, "learning rate"),
        (lambda: nonconvex.basin_map("map"), TypeError, "BasinMap"),
        (lambda: nonconvex.escape_step(np.zeros((3, 3)), 1.0), ValueError, "trajectory"),
    ],
)
def test_bad_input_is_named(call, error: type, words: str) -> None:
    with pytest.raises(error, match=words):
        call()
