"""The figures of lessons 1 and 2: deterministic, accessible, light, palette-safe and true to the numbers."""

from __future__ import annotations

import re
import warnings

import numpy as np
import pytest

from _figures import alt_text, check_house_rules
from gdnotes import surfaces, terrain
from gdnotes.figures import landscape

FIGURES = {
    "bowl_with_marble": lambda: landscape.bowl_with_marble(3.0),
    "surface_3d": lambda: landscape.surface_3d("bowl2d"),
    "contour_map": lambda: landscape.contour_map("bowl2d"),
    "training_loop": landscape.training_loop,
    "terrain_descent": landscape.terrain_descent,
    "partial_slices": lambda: landscape.partial_slices("bowl2d", (3.0, 1.0)),
    "gradient_field": lambda: landscape.gradient_field("bowl2d"),
}


@pytest.fixture(scope="module")
def rendered() -> dict[str, str]:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return {name: make() for name, make in FIGURES.items()}


@pytest.mark.parametrize("name", FIGURES)
def test_house_rules(rendered: dict[str, str], name: str) -> None:
    check_house_rules(rendered[name], FIGURES[name])


def test_ids_do_not_collide_on_a_page(rendered: dict[str, str]) -> None:
    ids = re.findall(r'\sid="([^"]+)"', "".join(rendered.values()))
    assert len(ids) == len(set(ids))


def test_marble_alt_text_carries_the_computed_slope(rendered: dict[str, str]) -> None:
    bowl = surfaces.get("bowl1d")
    slope = float(np.ravel(bowl.gradient(3.0))[0])
    text = alt_text(rendered["bowl_with_marble"])
    assert f"slope there, {slope:g}" in text
    assert f"the loss is {bowl.value(3.0):g}" in text


def test_gradient_field_alt_text_carries_the_worked_example(rendered: dict[str, str]) -> None:
    text = alt_text(rendered["gradient_field"])
    assert "at (3, 1) it is [6, 6]" in text
    assert "at (0, 2) it is [0, 12]" in text


def test_slices_alt_text_carries_both_partials(rendered: dict[str, str]) -> None:
    text = alt_text(rendered["partial_slices"])
    assert "has slope 6, the partial derivative with respect to w1" in text
    assert "has slope 6, the partial derivative with respect to w2" in text


def test_terrain_alt_text_matches_the_descent(rendered: dict[str, str]) -> None:
    land = terrain.load()
    walk = terrain.descend(land, (17.0, 11.0), 0.002, 1000)
    text = alt_text(rendered["terrain_descent"])
    assert f"{walk.elevations[0]:.0f} m up, and ends after {walk.steps} steps" in text
    assert f"{walk.elevations[-1]:.0f} m up." in text


def test_terrain_relief_is_embedded_small(rendered: dict[str, str]) -> None:
    import base64
    import struct

    images = re.findall(r'base64,([^"]+)"', rendered["terrain_descent"])
    assert 1 <= len(images) <= 2  # the relief map, and the colour bar
    relief = base64.b64decode(max(images, key=len))
    width, height = struct.unpack(">II", relief[16:24])  # from the PNG header
    assert width < 160 and height < 160, "the relief should be embedded at low resolution"
    assert sum(map(len, images)) < 40_000


def test_contour_alt_text_reports_the_minimum(rendered: dict[str, str]) -> None:
    assert "It is lowest, 0, at (0, 0)" in alt_text(rendered["contour_map"])


@pytest.mark.parametrize(
    ("make", "error", "message"),
    [
        (lambda: landscape.bowl_with_marble(0.0), ValueError, "position"),
        (lambda: landscape.bowl_with_marble(9.0), ValueError, "position"),
        (lambda: landscape.bowl_with_marble("3"), TypeError, "position"),
        (lambda: landscape.surface_3d("bowl1d"), ValueError, "2 parameter"),
        (lambda: landscape.surface_3d(7), TypeError, "surface"),
        (lambda: landscape.surface_3d("bowl2d", resolution=2), ValueError, "resolution"),
        (lambda: landscape.contour_map("bowl2d", levels=1), ValueError, "levels"),
        (lambda: landscape.partial_slices("bowl2d", (1.0, 2.0, 3.0)), ValueError, "point"),
        (lambda: landscape.gradient_field("double_well"), ValueError, "2 parameter"),
        (lambda: landscape.terrain_descent(starts=[(1.0, 1.0)] * 5), ValueError, "starts"),
        (lambda: landscape.terrain_descent(starts=[(-3.0, 1.0)]), ValueError, r"starts\[0\] must lie on the grid"),
    ],
)
def test_bad_arguments_are_named(make, error: type, message: str) -> None:
    with pytest.raises(error, match=message):
        make()
