"""The practice page's helpers: their worked numbers are the package's numbers.

Every helper in ``gdnotes.practice`` is checked against an independent
route to the same result: hand steps against ``descent`` and the update
rule written out, momentum bookkeeping against ``optimizers.momentum`` run
by ``descent.run``, tables against ``theory`` and real runs, regression
steps against ``regression``. Then the page itself: its sources and the
built HTML.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import numpy as np
import pytest
import sympy as sp
from hypothesis import given
from hypothesis import strategies as st
from math_core import LatexToMathML

from _hypothesis import PROPERTY
from gdnotes import descent, optimizers, practice, regression, surfaces, theory

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "docs" / "practice.md"

coordinate = st.floats(min_value=-5.0, max_value=5.0, allow_nan=False)
rate = st.floats(min_value=0.001, max_value=0.3)
beta = st.floats(min_value=0.0, max_value=0.99)


def _rows(table: str) -> list[list[str]]:
    """The body cells of a Markdown table (header and rule dropped)."""
    lines = [line for line in table.splitlines() if line.startswith("|")]
    return [[cell.strip() for cell in line.strip("|").split("|")] for line in lines[2:]]


def _float(cell: str) -> float:
    return float(cell.replace("−", "-"))


# ----------------------------------------------------------------- the losses defined here


def test_shifted_bowl_has_its_minimum_at_the_center() -> None:
    bowl = practice.shifted_bowl(3.0)
    assert bowl.value(3.0) == 0.0
    assert bowl.gradient(0.0).tolist() == [-6.0]
    assert bowl.minima == ((3.0,),)
    assert practice.partial_latex(bowl) == ("2 \\left(w - 3\\right)",)


def test_product_valley_gradient_matches_the_chain_rule() -> None:
    valley = practice.product_valley(2.0)
    w1, w2 = valley.variables
    by_hand = (2 * w2 * (w1 * w2 - 2), 2 * w1 * (w1 * w2 - 2))
    for derived, expected in zip(valley.gradient_expressions, by_hand):
        assert sp.simplify(derived - expected) == 0
    assert valley.gradient([1.0, 1.0]).tolist() == [-2.0, -2.0]
    for flat in ([2.0, 1.0], [4.0, 0.5], [0.0, 0.0]):
        assert valley.gradient(flat).tolist() == [0.0, 0.0]
    # the origin is flat but a saddle: lower one way, higher the other
    assert valley.value([0.5, 0.5]) < valley.value([0.0, 0.0]) < valley.value([0.5, -0.5])


def test_plateau_slope_is_tiny_far_out() -> None:
    shelf = practice.plateau()
    assert shelf.gradient(10.0)[0] == pytest.approx(20 / 101**2, rel=1e-14)
    assert shelf.value(10.0) == pytest.approx(100 / 101, rel=1e-14)
    assert practice.partial_latex(shelf) == ("\\frac{2 w}{\\left(w^{2} + 1\\right)^{2}}",)
    assert practice.partial_latex(shelf, inline=True) == ("2 w / \\left(w^{2} + 1\\right)^{2}",)
    assert practice.partial_latex(practice.shifted_bowl(3.0), inline=True) == ("2 \\left(w - 3\\right)",)


def test_sign_bug_climbs_geometrically_until_flagged() -> None:
    path = descent.run(surfaces.get("bowl1d"), practice.sign_bug(0.1), 1.0, 200)
    xs = path.positions[:4, 0, 0]
    assert np.allclose(xs, 1.2 ** np.arange(4), rtol=1e-14)
    flagged = math.ceil(math.log(1e6) / math.log(1.2))  # loss x**2 passes 1e12 once x passes 1e6
    assert path.diverged_at[0] == flagged


# ----------------------------------------------------------------- formatting


def test_tex_uses_an_ascii_minus_and_powers_of_ten() -> None:
    assert practice.tex(-0.6) == "{-0.6}"
    assert practice.tex(1e12) == "10^{12}"
    assert practice.tex(-1e-6) == "{-10^{-6}}"
    assert practice.tex(1.675e12) == "1.675 \\times 10^{12}"
    assert practice.signed(-6.0) == "({-6})" and practice.signed(6.0) == "6"
    assert practice.point([1.0, -2.0]) == "(1, {-2})"
    assert practice.point([1.0, -2.0], math=False) == "(1, −2)"
    assert practice.point([-0.0, 0.5]) == "(0, 0.5)"
    # the site's converter (hooks/mathml.py: math-core) reads the braced minus as a prefix sign,
    # unspaced, in an <mrow> of its own, inside the parentheses after the subtraction's spaced minus
    written = LatexToMathML().convert_with_local_state(f"0 - {practice.signed(-0.6)}", displaystyle=False)
    assert '<mo>−</mo><mo stretchy="false">(</mo><mrow><mo lspace="0" rspace="0">−</mo><mn>0.6</mn></mrow>' in written


# ----------------------------------------------------------------- hand updates


@pytest.mark.parametrize(
    ("surface", "alpha", "start", "steps"),
    [
        (practice.shifted_bowl(3.0), 0.1, 0.0, 3),
        (surfaces.get("bowl2d"), 0.2, (1.0, -2.0), 2),
        (surfaces.get("ravine"), 0.05, (-9.0, 2.0), 4),
    ],
)
def test_hand_steps_follow_the_update_rule_and_descent(surface, alpha, start, steps) -> None:
    records = practice.hand_steps(surface, alpha, start, steps)
    path = descent.gradient_descent_path(surface, alpha, start, steps)
    assert [r.k for r in records] == list(range(1, steps + 1))
    for r in records:
        assert np.array_equal(r.gradient, surface.gradient(r.before).reshape(-1))
        assert np.array_equal(r.after, r.before - alpha * r.gradient)
        assert np.array_equal(r.after, path.positions[r.k, 0])
        assert r.loss_after == path.losses[r.k, 0]


def test_hand_steps_on_the_shifted_bowl_shrink_the_gap_by_the_contraction_factor() -> None:
    records = practice.hand_steps(practice.shifted_bowl(3.0), 0.1, 0.0, 3)
    assert [round(float(r.after[0]), 12) for r in records] == [0.6, 1.08, 1.464]
    gaps = [3 - float(r.after[0]) for r in records]
    factor = theory.contraction_factor(0.1)
    assert gaps[1] / gaps[0] == pytest.approx(factor) and gaps[2] / gaps[1] == pytest.approx(factor)


def test_hand_steps_stop_where_descent_flags_divergence() -> None:
    records = practice.hand_steps(surfaces.get("bowl1d"), 1.25, 2.0, 100)
    path = descent.gradient_descent_path("bowl1d", 1.25, 2.0, 100)
    assert records[-1].k == path.diverged_at[0] == 33


def test_steps_markdown_shows_the_numbers_of_the_run() -> None:
    text = practice.steps_markdown(practice.shifted_bowl(3.0), 0.1, 0.0, 3)
    assert text.count("- **Step") == 3
    assert "$L'(0) = {-6}$" in text and "w \\leftarrow 0 - ({-0.6}) = 0.6$" in text
    assert "= 1.08$" in text and "= 1.464$" in text
    two = practice.steps_markdown(surfaces.get("bowl2d"), 0.2, (1.0, -2.0), 2)
    assert "the gradient is $(2, {-12})$" in two
    assert "w_{2} \\leftarrow {-2} - 0.2 \\times ({-12}) = 0.4$" in two
    assert "−" not in text + two  # every minus inside math is ASCII


def test_gradient_markdown_evaluates_each_partial() -> None:
    text = practice.gradient_markdown(surfaces.get("bowl2d"), [(-2.0, 0.5), (4.0, 0.0)])
    assert "= 2 w_{1} = {-4}$" in text and "= 6 w_{2} = 3$" in text
    assert "$\\nabla L = (8, 0)$" in text and "the loss there is $16$" in text


# ----------------------------------------------------------------- momentum


@pytest.mark.parametrize("name", ["bowl2d", "ravine", "bowl1d"])
def test_momentum_bookkeeping_equals_the_optimizer_run_by_descent(name: str) -> None:
    surface = surfaces.get(name)
    start = 1.5 if surface.dim == 1 else (2.0, 1.0)
    records = practice.momentum_steps(surface, 0.1, 0.5, start, 3)
    path = descent.run(surface, optimizers.momentum(0.1, beta=0.5), start, 3)
    assert np.array_equal(np.array([r.position for r in records]), path.positions[1:, 0])
    assert np.array_equal(np.array([r.gradient for r in records]), path.gradients[:3, 0])


@PROPERTY
@given(alpha=rate, b=beta, w1=coordinate, w2=coordinate)
def test_momentum_velocity_equals_the_optimizer_state(alpha: float, b: float, w1: float, w2: float) -> None:
    surface = surfaces.get("bowl2d")
    records = practice.momentum_steps(surface, alpha, b, (w1, w2), 3)
    opt = optimizers.momentum(alpha, beta=b)
    w = np.array([w1, w2])
    v = opt.init(w)
    for r in records:
        step, v = opt.update(surface.gradient(w), v)
        w = w + step
        np.testing.assert_allclose(r.velocity, v, rtol=1e-13, atol=1e-13)
        np.testing.assert_allclose(r.position, w, rtol=1e-13, atol=1e-13)


def test_first_momentum_step_is_a_plain_step_and_the_page_numbers_hold() -> None:
    bowl = surfaces.get("bowl2d")
    records = practice.momentum_steps(bowl, 0.1, 0.5, (2.0, 1.0), 3)
    plain = practice.hand_steps(bowl, 0.1, (2.0, 1.0), 1)[0]
    assert np.array_equal(records[0].position, plain.after)
    assert np.allclose([r.velocity for r in records], [[4, 6], [5.2, 5.4], [4.76, 1.86]])
    assert np.allclose(records[-1].position, [0.604, -0.326])
    text = practice.momentum_markdown(bowl, 0.1, 0.5, (2.0, 1.0), 3)
    assert "$v_2 = 0.5 \\times (4, 6) + (3.2, 2.4)$ $= (5.2, 5.4)$" in text
    assert "$w_3 = (1.08, {-0.14}) - 0.1 \\times (4.76, 1.86)$ $= (0.604, {-0.326})$" in text


# ----------------------------------------------------------------- tables on a quadratic


@pytest.mark.parametrize("lam", [2.0, 8.0])
def test_regime_table_agrees_with_theory(lam: float) -> None:
    rates = [0.05, 0.125, 0.2, 0.25, 0.3] if lam == 8 else [0.2, 0.5, 0.8, 1.0, 1.05]
    rows = _rows(practice.regime_table(rates, curvature=lam, start=1.0, steps=3))
    assert [row[3] for row in rows] == [theory.regime(a, lam) for a in rates]
    for alpha, row in zip(rates, rows):
        assert _float(row[1]) == pytest.approx(theory.contraction_factor(alpha, lam), abs=1e-12)
        assert _float(row[2]) == pytest.approx(theory.iterate(1.0, alpha, 3, lam), rel=1e-3, abs=1e-12)


def test_tolerance_table_agrees_with_real_runs() -> None:
    rates = [0.05, 0.1, 0.25, 0.4, 0.5, 0.6, 0.75, 0.95, 1.0]
    rows = _rows(practice.tolerance_table(rates, 3.0, 1e-4))
    for alpha, row in zip(rates, rows):
        xs = np.abs(descent.gradient_descent_path("bowl1d", alpha, 3.0, 200).positions[:, 0, 0])
        reached = np.nonzero(xs <= 1e-4)[0]
        if row[2] == "never":
            assert reached.size == 0
        else:
            assert int(row[2]) == reached[0]
    assert rows[3][2] == rows[5][2]  # symmetric about alpha = 0.5


def test_blowup_table_ends_on_the_flagged_step() -> None:
    path = descent.gradient_descent_path("bowl1d", 1.25, 2.0, 100)
    rows = _rows(practice.blowup_table(path, first=4))
    assert [row[0] for row in rows] == ["0", "1", "2", "3", "4", "…", str(path.diverged_at[0])]
    assert _float(rows[2][1]) == 4.5 and _float(rows[2][2]) == 20.25
    assert _float(rows[-1][2]) > descent.DIVERGENCE_LIMIT
    calm = descent.gradient_descent_path("bowl1d", 0.1, 2.0, 3)
    assert [row[0] for row in _rows(practice.blowup_table(calm, first=5))] == ["0", "1", "2", "3"]


def test_first_step_below() -> None:
    assert practice.first_step_below([5.0, 3.0, 0.4, 0.1], 0.5) == 2
    assert practice.first_step_below([5.0, np.nan, 0.1], 1.0) == 2
    assert practice.first_step_below([5.0, 3.0], 1.0) is None


def test_plateau_run_crosses_slowly_then_drops() -> None:
    path = descent.gradient_descent_path(practice.plateau(), 0.25, 10.0, 8000)
    half = practice.first_step_below(path.losses[:, 0], 0.5)
    done = practice.first_step_below(path.losses[:, 0], 0.01)
    assert half is not None and done is not None
    assert half > 1000 and 0 < done - half < 100


# ----------------------------------------------------------------- regression


def test_regression_step_of_the_page() -> None:
    x, y = [1.0, 2.0, 3.0], [3.0, 4.0, 8.0]
    step = practice.regression_step(x, y, (1.0, 0.0), 0.05)
    assert step.residuals.tolist() == [-2.0, -2.0, -5.0]
    assert np.allclose(step.gradient, [-14.0, -6.0]) and np.allclose(step.after, [1.7, 0.3])
    assert step.cost_before == 11.0
    text = practice.regression_markdown(x, y, (1.0, 0.0), 0.05)
    assert "= {-14}\n$$" in text and "= 1.7$" in text and "from $11$ to $2.617$" in text


@PROPERTY
@given(
    data=st.lists(st.tuples(coordinate, coordinate), min_size=2, max_size=8),
    w=coordinate,
    b=coordinate,
    alpha=rate,
)
def test_regression_step_equals_the_regression_module(data, w: float, b: float, alpha: float) -> None:
    x, y = (np.array(column) for column in zip(*data))
    if np.ptp(x) == 0:
        return  # regression refuses a constant feature
    step = practice.regression_step(x, y, (w, b), alpha)
    np.testing.assert_allclose(step.gradient, regression.gradient([w, b], x, y), rtol=1e-12, atol=1e-12)
    fitted = regression.fit(x, y, alpha, start=(w, b), max_steps=1)
    np.testing.assert_allclose(step.after, fitted.final, rtol=1e-12, atol=1e-12)
    assert step.cost_before == pytest.approx(regression.cost([w, b], x, y), rel=1e-12, abs=1e-12)
    assert step.cost_after == pytest.approx(regression.cost(step.after, x, y), rel=1e-12, abs=1e-12)
    each = practice.example_gradients(x, y, (w, b))
    np.testing.assert_allclose(each.mean(axis=0), regression.gradient([w, b], x, y), rtol=1e-12, atol=1e-12)


# ----------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("call", "error", "name"),
    [
        (lambda: practice.hand_steps(42, 0.1, 1.0, 2), TypeError, "surface"),
        (lambda: practice.hand_steps(surfaces.get("bowl1d"), 0.1, 1.0, 0), ValueError, "steps"),
        (lambda: practice.hand_steps(surfaces.get("bowl1d"), -0.1, 1.0, 2), ValueError, "learning_rate"),
        (lambda: practice.hand_steps(surfaces.get("bowl2d"), 0.1, [[1, 2], [3, 4]], 2), ValueError, "start"),
        (lambda: practice.momentum_steps(surfaces.get("bowl2d"), 0.1, 1.0, (1, 1), 2), ValueError, "beta"),
        (lambda: practice.momentum_steps(surfaces.get("bowl2d"), 0.1, 0.5, (1, 1, 1), 2), ValueError, "start"),
        (lambda: practice.regime_table("0.1"), TypeError, "learning_rates"),
        (lambda: practice.regime_table([0.1, -0.2]), ValueError, "learning_rates[1]"),
        (lambda: practice.regime_table([0.1], curvature=0), ValueError, "curvature"),
        (lambda: practice.tolerance_table([0.1], 3.0, 0.0), ValueError, "tolerance"),
        (lambda: practice.blowup_table("path"), TypeError, "path"),
        (lambda: practice.gradient_markdown(surfaces.get("bowl2d"), []), TypeError, "points"),
        (lambda: practice.gradient_markdown(surfaces.get("bowl2d"), [(1.0, 2.0, 3.0)]), ValueError, "points[0]"),
        (lambda: practice.regression_step([1, 2], [1, 2, 3], (0, 0), 0.1), ValueError, "same length"),
        (lambda: practice.regression_step([1, 2], [1, 2], (0, 0, 0), 0.1), ValueError, "params"),
        (lambda: practice.example_gradients(["a", "b"], [1, 2], (0, 0)), TypeError, "x"),
        (lambda: practice.first_step_below([1.0, 2.0], float("nan")), ValueError, "threshold"),
        (lambda: practice.shifted_bowl("3"), TypeError, "center"),
        (lambda: practice.product_valley(0), ValueError, "target"),
        (lambda: practice.sign_bug(0), ValueError, "learning_rate"),
        (lambda: practice.point([[1, 2]]), ValueError, "values"),
    ],
)
def test_bad_input_is_refused_by_name(call, error, name: str) -> None:
    with pytest.raises(error, match=re.escape(name)):
        call()


# ----------------------------------------------------------------- the page


def test_page_sources_pair_every_problem_with_a_solution() -> None:
    text = PAGE.read_text(encoding="utf-8")
    questions = re.findall(r'^\?\?\? question "Problem (\d+) \((easy|medium|harder)\): ', text, flags=re.M)
    assert [int(q) for q, _ in questions] == list(range(1, len(questions) + 1))
    assert 12 <= len(questions) <= 16
    assert {grade for _, grade in questions} == {"easy", "medium", "harder"}
    for block in re.split(r'^\?\?\? question ', text, flags=re.M)[1:]:
        assert '    ??? success "Worked solution"' in block
    sessions = re.findall(r'session="([^"]+)"', text)
    assert sessions and all(s.startswith("practice-") for s in sessions)
    for lesson in re.findall(r"\]\((lessons/[^)#]+)", text):
        assert (ROOT / "docs" / lesson).is_file(), lesson


def test_built_page_shows_every_solution(built_site: Path) -> None:
    html = (built_site / "practice" / "index.html").read_text(encoding="utf-8")
    assert html.count('<details class="question">') == len(re.findall(r"^\?\?\? question", PAGE.read_text(encoding="utf-8"), flags=re.M))
    solutions = re.findall(r'<details class="success">\s*<summary>Worked solution</summary>(.*?)</details>', html, flags=re.S)
    assert len(solutions) == html.count('<details class="question">')
    assert all("<math" in s or "<table" in s for s in solutions)
    assert "Traceback" not in html and "$" not in re.sub(r"<(code|pre|script)\b.*?</\1>", "", html, flags=re.S)
    # numbers the solutions print, as computed by the package
    flagged = descent.gradient_descent_path("bowl1d", 1.25, 2.0, 100).diverged_at[0]
    assert f"step {flagged}</strong>" in html
    assert html.count('class="gd-quiz"') == 3


def test_momentum_by_hand_stops_where_a_run_blows_up() -> None:
    from gdnotes import descent, surfaces

    records = practice.momentum_steps(surfaces.get("bowl1d"), 1e6, 0.9, 4.0, 50)
    assert len(records) < 50
    assert all(np.all(np.isfinite(r.position)) for r in records[:-1])
    assert not np.all(np.abs(records[-1].position) <= descent.DIVERGENCE_LIMIT)
    assert len(practice.momentum_steps(surfaces.get("bowl1d"), 0.1, 0.9, 4.0, 50)) == 50


def test_a_blow_up_is_marked_on_its_last_step() -> None:
    bowl = surfaces.get("bowl2d")
    for records in (practice.momentum_steps(bowl, 1e6, 0.5, (2.0, 1.0), 40), practice.hand_steps(bowl, 1e6, (2.0, 1.0), 40)):
        assert len(records) < 40 and records[-1].diverged
        assert not any(r.diverged for r in records[:-1])
    assert not any(r.diverged for r in practice.momentum_steps(bowl, 0.1, 0.5, (2.0, 1.0), 5))
    assert not any(r.diverged for r in practice.hand_steps(bowl, 0.1, (2.0, 1.0), 5))
