"""The home page's marble (gdnotes.widgets.marble): its config, its fallback, the regime it names, bad input.

The browser side (the page's path equals gdnotes.descent.run's, what the
status line says, keyboard and touch) is in test_widgets_home.py; what every
widget does alike is in test_widget_conformance.py.
"""

from __future__ import annotations

import re

import numpy as np
import pytest
from _browser import widget_config
from hypothesis import given, settings
from hypothesis import strategies as st

from gdnotes import descent, surfaces, theory, widgets
from gdnotes.lessons import home
from gdnotes.widgets.marble import AT_THE_MINIMUM


@pytest.fixture(scope="module")
def html() -> str:
    return widgets.marble()


def test_root_and_config(html: str) -> None:
    config = widget_config(html, "marble")
    bowl = surfaces.get("bowl2d")
    assert config["surface"]["value"] == bowl.javascript["value"]
    assert config["surface"]["gradient"] == list(bowl.javascript["gradient"])
    assert config["start"] == [-3.5, 2.5]
    assert config["learningRate"] == 0.1 and config["rateRange"] == [0.01, 0.4, 0.01] and config["maxTypedRate"] == 2.0
    assert config["divergenceLimit"] == descent.DIVERGENCE_LIMIT
    assert config["words"] == widgets.MARBLE_WORDS and set(config["words"]) == set(theory.REGIMES)
    assert config["regimes"] == widgets.regime_rule(6.0)


def test_reproducible(html: str) -> None:
    assert widgets.marble() == html


def test_modes_are_the_bowls_curvatures() -> None:
    modes = widgets.marble_modes("bowl2d")
    assert [m["curvature"] for m in modes] == [6.0, 2.0]
    assert [m["direction"] for m in modes] == [[0.0, 1.0], [1.0, 0.0]]
    assert [m["curvature"] for m in widgets.marble_modes("ravine")] == [25.0, 1.0]
    assert home.values()["marble"]["limit"] == pytest.approx(theory.largest_stable_rate([2.0, 6.0]))


def test_fallback_figure_and_sentence_hold_the_packages_run(html: str) -> None:
    path = descent.gradient_descent_path("bowl2d", 0.1, (-3.5, 2.5), 120)
    norms = np.linalg.norm(path.gradients[:, 0, :], axis=1)
    settled = int(np.flatnonzero(norms < 1e-3)[0])
    assert re.search(r'<figure[^>]*>\s*<svg[^>]*role="img"', html)
    assert f"settles at the bottom after {settled} steps" in html
    assert "converging" in html and "JavaScript" in html
    assert "<title" in html or "aria-label" in html


@pytest.mark.parametrize(
    ("rate", "start", "word"),
    [
        (0.1, (-3.5, 2.5), "converging"),
        (1 / 6, (-3.5, 2.5), "converging"),
        (0.25, (-3.5, 2.5), "oscillating but converging"),
        (1 / 3, (-3.5, 2.5), "oscillating forever"),
        (0.35, (-3.5, 2.5), "diverging"),
        (0.35, (-3.5, 0.0), "converging"),
        (0.6, (-3.5, 0.0), "oscillating but converging"),
        (0.1, (0.0, 0.0), AT_THE_MINIMUM),
    ],
)
def test_regime_words(rate: float, start: tuple, word: str) -> None:
    assert widgets.marble_regime("bowl2d", start, rate) == word
    assert widgets.marble_regime_from_config(widgets.config(widgets.marble()), start, rate) == word


@settings(max_examples=60, deadline=None)
@given(
    rate=st.floats(0.01, 0.6),
    w1=st.sampled_from([-3.5, -1.0, 0.0, 0.5, 4.0]),
    w2=st.sampled_from([-3.0, -0.5, 0.0, 2.5]),
)
def test_regime_says_what_the_run_does(rate: float, w1: float, w2: float) -> None:
    """The browser's rule (from the config) is the package's, and both say what a real run does."""
    start = (w1, w2)
    word = widgets.marble_regime("bowl2d", start, rate)
    assert widgets.marble_regime_from_config(CONFIG, start, rate) == word
    path = descent.gradient_descent_path("bowl2d", rate, start, 400)
    if word == "diverging":  # just past the edge (rate a hair above 1/3) it grows too slowly to pass the limit in 400 steps
        assert path.diverged[0] or abs(path.final[0][1]) > abs(w2)  # but the steep coordinate w2 still grows
    elif word.endswith("converging"):
        assert not path.diverged[0] and np.linalg.norm(path.final[0]) < np.linalg.norm(start)
        signs = np.sign(path.trajectory()[:30])
        flips = signs[1:] * signs[:-1] < 0  # a coordinate crosses the minimum (landing on it is no crossing)
        assert flips.any() == (word == "oscillating but converging")


CONFIG = widgets.config(widgets.marble())


@pytest.mark.parametrize(
    ("call", "error", "words"),
    [
        (lambda: widgets.marble(surface="saddle"), ValueError, "surface"),
        (lambda: widgets.marble(surface="rosenbrock"), ValueError, "surface"),
        (lambda: widgets.marble(surface="bowl1d"), ValueError, "2-D"),
        (lambda: widgets.marble(surface=3), TypeError, "surface"),
        (lambda: widgets.marble(learning_rate=0.0), ValueError, "learning_rate"),
        (lambda: widgets.marble(learning_rate=0.5), ValueError, "rate_range"),
        (lambda: widgets.marble(start=(9.0, 0.0)), ValueError, "start"),
        (lambda: widgets.marble(steps=0), ValueError, "steps"),
        (lambda: widgets.marble(tolerance=-1), ValueError, "tolerance"),
        (lambda: widgets.marble(key_step=0), ValueError, "key_step"),
        (lambda: widgets.marble(max_typed_rate=0.1), ValueError, "max_typed_rate"),
        (lambda: widgets.marble(slug="Bad Slug"), ValueError, "slug"),
        (lambda: widgets.marble_regime("bowl2d", (0.0, 0.0), -1.0), ValueError, "learning_rate"),
        (lambda: widgets.marble_regime_from_config(None, (0.0, 0.0), 0.1), TypeError, "config"),
        (lambda: widgets.marble_regime_from_config({**CONFIG, "modes": []}, (1.0, 0.0), 0.1), ValueError, "config['modes']"),
        (lambda: widgets.marble_regime_from_config({k: v for k, v in CONFIG.items() if k != "excited"}, (1.0, 0.0), 0.1),
         ValueError, "excited"),
        (lambda: widgets.marble_regime_from_config({**CONFIG, "modes": [{**CONFIG["modes"][0], "rule": {}}]}, (1.0, 1.0), 0.1),
         ValueError, "config['modes'][0]['rule']"),
        (lambda: widgets.marble_regime_from_config({**CONFIG, "words": {}}, (1.0, 1.0), 0.1), ValueError, "config['words']"),
        (lambda: widgets.marble_regime_from_config(CONFIG, (1.0, 1.0), 0.0), ValueError, "learning_rate"),
        (lambda: widgets.marble_regime_from_config(CONFIG, [[1.0, 1.0], [2.0, 2.0]], 0.1), ValueError, "start"),
        (lambda: widgets.marble_regime_from_config(CONFIG, (float("nan"), 1.0), 0.1), ValueError, "start"),
    ],
)
def test_bad_arguments_are_named(call, error: type, words: str) -> None:
    with pytest.raises(error, match=re.escape(words)):
        call()
