"""Unit tests of gdnotes.widgets: the HTML and config the lessons emit.

The browser side is tested in test_widgets_browser.py; here: each widget's
root and config, that the config's math is the surface's one definition,
that the regime rule handed to the browser reproduces theory.regime, that
the fallbacks hold the package's numbers, and that bad arguments fail
clearly.
"""

from __future__ import annotations

import re

import numpy as np
import pytest
from _browser import widget_config
from hypothesis import given
from hypothesis import strategies as st

from gdnotes import descent, surfaces, tables, theory, widgets

FUNCTIONS = {
    "surface-explorer": widgets.surface_explorer,
    "lr-lab": widgets.lr_lab,
    "scrubber": widgets.scrubber,
    "gradient-field": widgets.gradient_field,
}


@pytest.fixture(scope="module")
def pages() -> dict[str, str]:
    """Each widget's HTML as a lesson prints it (no arguments)."""
    return {name: make() for name, make in FUNCTIONS.items()}


@pytest.mark.parametrize("name", list(FUNCTIONS))
def test_root_carries_the_stable_name_and_a_json_config(pages: dict[str, str], name: str) -> None:
    config = widget_config(pages[name], name)
    assert config["divergenceLimit"] == descent.DIVERGENCE_LIMIT


@pytest.mark.parametrize("name", list(FUNCTIONS))
def test_config_math_is_the_surface_definition(pages: dict[str, str], name: str) -> None:
    spec = widgets.config(pages[name])["surface"]
    surface = surfaces.get(spec["name"])
    assert spec["value"] == surface.javascript["value"]
    assert spec["gradient"] == surface.javascript["gradient"]
    assert spec["bounds"] == [list(b) for b in surface.bounds]
    assert len(spec["labels"]) == surface.dim


@pytest.mark.parametrize("name", list(FUNCTIONS))
def test_output_is_reproducible(pages: dict[str, str], name: str) -> None:
    assert FUNCTIONS[name]() == pages[name]


def test_surface_explorer_defaults_and_fallback(pages: dict[str, str]) -> None:
    html = pages["surface-explorer"]
    config = widgets.config(html)
    low, high, _ = config["rateRange"]
    assert low <= config["learningRate"] <= high
    # the slider reaches past the divergence bound of the 2-D bowl (curvatures 2 and 6)
    assert high > theory.largest_stable_rate([2.0, 6.0])
    assert '<svg role="img"' in html and "<title" in html
    path = descent.gradient_descent_path("bowl2d", config["learningRate"], config["start"], config["steps"])
    settle = int(np.flatnonzero(np.linalg.norm(path.gradients[:, 0, :], axis=1) < config["tolerance"])[0])
    assert f"after {settle} steps" in html


def test_lr_lab_fallback_names_every_regime(pages: dict[str, str]) -> None:
    html = pages["lr-lab"]
    rows = re.findall(r"<tr><td>([^<]*)</td><td>([^<]*)</td><td>([^<]*)</td><td>([^<]*)</td></tr>", html)
    assert [row[3] for row in rows] == [theory.regime(r) for r in (0.1, 0.5, 0.6, 1.0, 1.1)]
    assert set(row[3] for row in rows) == set(theory.REGIMES)
    x25 = descent.gradient_descent_path("bowl1d", 0.1, 5.0, 25).positions[25, 0, 0]
    assert rows[0] == ("0.1", tables.number(0.8), tables.number(x25), "converges")
    config = widgets.config(html)
    assert config["rateRange"][1] > 1, "the slider must reach well past alpha = 1"
    assert config["regimes"] == widgets.regime_rule(2.0)


def test_scrubber_fallback_is_the_worked_example_table(pages: dict[str, str]) -> None:
    html = pages["scrubber"]
    path = descent.gradient_descent_path("bowl1d", 0.1, 4.0, 20)
    rows = re.findall(r'<tr data-k="(\d+)"><td>\d+</td><td>([^<]*)</td><td>([^<]*)</td><td>([^<]*)</td></tr>', html)
    assert len(rows) == 21
    for k, w, loss, slope in rows:
        k = int(k)
        assert (w, loss, slope) == (
            tables.number(path.positions[k, 0, 0]),
            tables.number(path.losses[k, 0]),
            tables.number(path.gradients[k, 0, 0]),
        )
    assert rows[1][1] == "3.2" and rows[1][2] == "10.24"
    config = widgets.config(html)
    assert (config["start"], config["learningRate"], config["steps"]) == (4.0, 0.1, 20)
    assert config["surface"]["labels"] == ["w"] and config["lossName"] == "L"
    assert "<th>L(w)</th>" in html


def test_gradient_field_fallback_lists_gradients(pages: dict[str, str]) -> None:
    html = pages["gradient-field"]
    assert "<td>(3, 1)</td><td>(6, 6)</td><td>(−6, −6)</td>" in html
    assert "<td>(0, 2)</td><td>(0, 12)</td><td>(0, −12)</td>" in html
    assert "<td>(0, 0)</td><td>(0, 0)</td><td>(0, 0)</td><td>0</td>" in html
    config = widgets.config(html)
    levels = config["levels"]
    assert levels == sorted(levels) and len(set(levels)) == len(levels)
    assert config["point"] == [3.0, 1.0]


# ------------------------------------------------------------------ the regime rule


def test_regime_rule_names_come_from_theory() -> None:
    rule = widgets.regime_rule(2.0)
    named = {b["name"] for b in rule["boundaries"]} | set(rule["intervals"])
    assert named == set(theory.REGIMES)
    assert rule["names"] == list(theory.REGIMES)
    assert [b["product"] for b in rule["boundaries"]] == [1.0, 2.0]


@pytest.mark.parametrize("rate", [0.5, 1.0, 0.5 * (1 + 1e-13), 1 - 1e-13, 0.5 * (1 + 1e-11), 0.49, 0.51, 0.99, 1.01, 7.0])
def test_regime_rule_at_and_near_the_boundaries(rate: float) -> None:
    assert widgets.regime_from_rule(widgets.regime_rule(2.0), rate) == theory.regime(rate)


@given(
    rate=st.floats(min_value=1e-6, max_value=50.0, allow_nan=False),
    curvature=st.floats(min_value=1e-3, max_value=100.0, allow_nan=False),
)
def test_regime_rule_agrees_with_theory(rate: float, curvature: float) -> None:
    assert widgets.regime_from_rule(widgets.regime_rule(curvature), rate) == theory.regime(rate, curvature)


def test_lr_lab_takes_its_curvature_from_the_surface() -> None:
    config = widgets.config(widgets.lr_lab(surfaces.quadratic([3.0]), start=2.0, learning_rate=0.2))
    assert config["regimes"]["curvature"] == 3.0
    assert widgets.regime_from_rule(config["regimes"], 0.5) == theory.regime(0.5, 3.0)


# ------------------------------------------------------------------ bad arguments


@pytest.mark.parametrize(
    ("call", "error", "words"),
    [
        (lambda: widgets.surface_explorer(surface=3), TypeError, "surface"),
        (lambda: widgets.surface_explorer(surface="bowl1d"), ValueError, "2-D"),
        (lambda: widgets.surface_explorer(surface="nowhere"), ValueError, "unknown surface"),
        (lambda: widgets.surface_explorer(learning_rate=-0.1), ValueError, "learning_rate"),
        (lambda: widgets.surface_explorer(learning_rate="0.1"), TypeError, "learning_rate"),
        (lambda: widgets.surface_explorer(learning_rate=0.5), ValueError, "rate_range"),
        (lambda: widgets.surface_explorer(rate_range=(0.4, 0.1, 0.01)), ValueError, "rate_range"),
        (lambda: widgets.surface_explorer(rate_range="fast"), TypeError, "rate_range"),
        (lambda: widgets.surface_explorer(start=(9.0, 0.0)), ValueError, "start"),
        (lambda: widgets.surface_explorer(start=(1.0,)), ValueError, "start"),
        (lambda: widgets.surface_explorer(steps=True), TypeError, "steps"),
        (lambda: widgets.surface_explorer(steps=0), ValueError, "steps"),
        (lambda: widgets.surface_explorer(tolerance=0), ValueError, "tolerance"),
        (lambda: widgets.surface_explorer(max_typed_rate=0.2), ValueError, "max_typed_rate"),
        (lambda: widgets.surface_explorer(slug="Bad Slug"), ValueError, "slug"),
        (lambda: widgets.lr_lab(surface="double_well"), ValueError, "bowl"),
        (lambda: widgets.lr_lab(surface="bowl2d"), ValueError, "1-D"),
        (lambda: widgets.lr_lab(start=0.0), ValueError, "start"),
        (lambda: widgets.lr_lab(start=float("nan")), ValueError, "start"),
        (lambda: widgets.lr_lab(max_typed_rate=1.0), ValueError, "max_typed_rate"),
        (lambda: widgets.lr_lab(example_rates=0.1), TypeError, "example_rates"),
        (lambda: widgets.lr_lab(example_rates=(0.1, -1.0)), ValueError, "example_rates[1]"),
        (lambda: widgets.scrubber(learning_rate=1.5, steps=60), ValueError, "diverges"),
        (lambda: widgets.scrubber(start="4"), TypeError, "start"),
        (lambda: widgets.scrubber(variable="w 1"), ValueError, "variable"),
        (lambda: widgets.scrubber(loss=""), ValueError, "loss"),
        (lambda: widgets.gradient_field(arrow_scale=0), ValueError, "arrow_scale"),
        (lambda: widgets.gradient_field(points=[(9.0, 9.0)]), ValueError, "points[0]"),
        (lambda: widgets.gradient_field(surface="bowl1d"), ValueError, "2-D"),
    ],
)
def test_bad_arguments_fail_clearly(call, error: type, words: str) -> None:
    with pytest.raises(error, match=re.escape(words)):
        call()


def test_config_reads_only_widget_html() -> None:
    with pytest.raises(ValueError, match="data-gd-config"):
        widgets.config("<p>no widget here</p>")


def test_other_surfaces_work() -> None:
    for name in ("ravine", "saddle", "rosenbrock"):
        bounds = surfaces.get(name).bounds
        start = (bounds[0][0] / 2, bounds[1][1] / 2)
        spec = widgets.config(widgets.surface_explorer(name, start=start, learning_rate=0.01))
        assert spec["surface"]["name"] == name
    field = widgets.gradient_field("saddle", points=[(1.0, 1.0)])
    assert "<td>(1, 1)</td><td>(2, −2)</td>" in field


@pytest.mark.parametrize("rate", [0.0, -0.1, float("nan"), float("inf")])
def test_regime_from_rule_refuses_a_rate_that_is_not_positive(rate) -> None:
    with pytest.raises(ValueError, match="learning_rate"):
        widgets.regime_from_rule(widgets.regime_rule(), rate)
