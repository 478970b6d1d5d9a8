"""Lesson 9 (docs/lessons/09-beyond-gd.md): what its prose claims about the values of gdnotes.lessons.beyond.

Also: every ``{{ beyond.* }}`` name on the page exists, and the code the
page shows (its ``source="above"`` blocks) builds the same runs, races and
schedules as the module, so the prose and tables describe what the reader sees.
"""

from __future__ import annotations

import contextlib
import io
import math
import re
from pathlib import Path

import numpy as np
import pytest

from gdnotes import lessons
from gdnotes.lessons import beyond

PAGE = Path(__file__).resolve().parent.parent / "docs" / "lessons" / "09-beyond-gd.md"
ADAPTIVE = ("adagrad", "rmsprop", "adam")
ISOTROPIC = ("gradient_descent", "momentum", "nesterov")


@pytest.fixture(scope="module")
def values() -> dict:
    return lessons.values("beyond")



# ------------------------------------------------------------ mini-batches


def test_estimates_average_to_the_exact_gradient_and_their_error_shrinks(values: dict) -> None:
    spread = values["spread"]
    exact = np.array([spread["exact"]["w"], spread["exact"]["b"]])
    rows = spread["rows"]
    assert [r["batch"] for r in rows] == [*beyond.SPREAD_BATCHES, 150]
    for row in rows:
        assert np.allclose([row["average"]["w"], row["average"]["b"]], exact, atol=0.05)
    errors = [r["error"] for r in rows]
    assert errors == sorted(errors, reverse=True) and errors[-1] == 0 and errors[0] > 1
    # "multiply the batch by 4 and the error roughly halves" while the batch is small
    for small, larger in zip(rows[:2], rows[1:3]):
        assert 0.4 < larger["error"] / small["error"] < 0.6
        assert larger["scaled_error"] == pytest.approx(small["scaled_error"], rel=0.1)
    # and falls faster as the batch nears the whole data set
    assert rows[3]["scaled_error"] < 0.85 * rows[2]["scaled_error"]


def test_small_batches_win_per_pass_but_single_examples_jitter(values: dict) -> None:
    full, tens, ones = (values["budget"][k] for k in ("full_batch", "batches_of_10", "one_at_a_time"))
    assert (full["updates"], tens["updates"], ones["updates"]) == (5, 75, 750)
    assert full["updates"] == beyond.BUDGET_EPOCHS and full["batch"] == 150
    assert full["excess"] > 100 * tens["excess"] and full["excess"] > 100 * ones["excess"]
    # close within the first pass, then no better at the end: jitter, not settling
    assert ones["lowest_in_first_pass"] < tens["excess"] < ones["excess"]
    assert ones["lowest_in_first_pass"] < ones["excess"] / 10


def test_the_same_seed_gives_the_same_run_and_another_seed_does_not() -> None:
    from gdnotes import stochastic

    z, y = beyond.petals()
    first, again = (stochastic.minibatch_descent(z, y, 0.1, 10, epochs=5, seed=0) for _ in range(2))
    other = stochastic.minibatch_descent(z, y, 0.1, 10, epochs=5, seed=1)
    assert np.array_equal(first.params, again.params) and not np.array_equal(first.params, other.params)


# ------------------------------------------------------------ the family and the race


def test_momentum_moves_up_to_ten_times_faster(values: dict) -> None:
    assert values["momentum"]["beta"] == 0.9
    assert values["momentum"]["speedup"] == pytest.approx(10)


def test_defaults_table_lists_every_setting_but_the_rate() -> None:
    table = beyond.defaults_table()
    assert "| gradient descent | none |" in table and "| Adam | β₁ = 0.9, β₂ = 0.999, ε = 1e−08 |" in table
    assert "learning_rate" not in table and "α =" not in table


def test_the_surfaces(values: dict) -> None:
    ravine, rosenbrock = values["ravine"], values["rosenbrock"]
    assert (ravine["flat"], ravine["steep"], ravine["condition"]) == pytest.approx((1, 25, 25))
    assert rosenbrock["steep"] == pytest.approx(1001.6, abs=0.01) and rosenbrock["flat"] == pytest.approx(0.3994, abs=1e-4)
    assert rosenbrock["condition"] > 2000
    assert (ravine["steps"], rosenbrock["steps"]) == (200, 1000)


def test_everyone_finishes_the_ravine_and_adagrad_is_fastest(values: dict) -> None:
    ravine = values["ravine"]
    assert all(ravine[key]["steps"] is not None for key in beyond.RACER_KEYS)
    assert ravine["fastest"] == {"name": "AdaGrad", "steps": ravine["adagrad"]["steps"]}
    assert all(ravine["adagrad"]["steps"] < ravine[key]["steps"] for key in beyond.RACER_KEYS if key != "adagrad")


def test_who_finishes_the_rosenbrock_valley(values: dict) -> None:
    rosenbrock = values["rosenbrock"]
    for key in ("gradient_descent", "adagrad", "rmsprop"):
        assert rosenbrock[key]["steps"] is None and rosenbrock[key]["final_loss"] > 0.01, key
    for key in ("momentum", "nesterov", "adam"):
        assert rosenbrock[key]["steps"] is not None and rosenbrock[key]["final_loss"] < beyond.STEPS_TOLERANCE, key


def test_plain_descent_sits_at_the_edge_of_stability_on_the_rosenbrock_valley(values: dict) -> None:
    rosenbrock = values["rosenbrock"]
    limit, alpha = rosenbrock["largest_stable_rate"], rosenbrock["gradient_descent"]["alpha"]
    assert limit == pytest.approx(2 / rosenbrock["steep"])
    assert alpha == pytest.approx(limit, rel=0.01)
    assert rosenbrock["gradient_descent"]["steps_run"] == rosenbrock["steps"]


def test_plain_descent_is_just_above_the_edge_and_never_settles(values: dict) -> None:
    edge, rosenbrock = values["edge"], values["rosenbrock"]
    # "just above that edge, by 0.16%": alpha * lambda_max a little over 2, the steep multiplier a little below -1
    assert edge["above"] and edge["alpha"] == rosenbrock["gradient_descent"]["alpha"] > edge["limit"]
    assert edge["limit"] == pytest.approx(rosenbrock["largest_stable_rate"])
    assert 0 < edge["percent_over"] < 1 and 2 < edge["product"] < 2.01
    assert edge["factor"] == pytest.approx(1 - edge["product"]) and -1.01 < edge["factor"] < -1
    assert edge["growth_percent"] == pytest.approx(100 * (-edge["factor"] - 1))
    # the long run comes very close, then bounces between two points and stays there, without diverging
    assert rosenbrock["steps"] < edge["closest_step"] < edge["steps"]
    assert edge["closest_loss"] < 1e-9 < 1e-4 < edge["end_loss"] < rosenbrock["gradient_descent"]["final_loss"]
    assert edge["bounces"] and not edge["diverged"]
    # "still far up the valley, where the curvature is lower": there the rate is inside its local limit
    assert edge["alpha"] * edge["race_end_steep"] < 2 < edge["product"]


def test_nesterov_races_at_half_the_momentum_rate_on_the_rosenbrock_valley(values: dict) -> None:
    rosenbrock = values["rosenbrock"]
    assert rosenbrock["nesterov"]["alpha"] == rosenbrock["momentum"]["alpha"] / 2


def test_tilting_the_ravine_changes_only_the_adaptive_methods(values: dict) -> None:
    tilted = values["tilted"]
    assert tilted["unchanged_names"] == ["gradient descent", "momentum", "Nesterov momentum"]
    assert tilted["unchanged"] == "gradient descent, momentum, Nesterov momentum"
    for key in ISOTROPIC:
        assert tilted[key]["tilted"] == tilted[key]["straight"], key
    for key in ADAPTIVE:
        assert tilted[key]["tilted"] > tilted[key]["straight"], key


# ------------------------------------------------------------ schedules


def test_every_decaying_schedule_ends_far_closer_than_the_constant_rate(values: dict) -> None:
    schedules = values["schedules"]
    assert schedules["steps"] == 300
    assert schedules["closer"] > 100
    constant = schedules["ends"]["constant"]
    assert all(constant / end >= schedules["closer"] for end in schedules["ends"].values() if end != constant)
    for label, plan in beyond.schedule_plans().items():
        assert plan(0) == beyond.RATE, label


# ------------------------------------------------------------ quiz and problems


def test_the_mini_batch_quiz(values: dict) -> None:
    quiz = values["unbiased"]
    assert quiz["fraction"] == 150 // quiz["batch"] == 15
    assert np.allclose([quiz["average"]["w"], quiz["average"]["b"]], [quiz["exact"]["w"], quiz["exact"]["b"]], atol=0.05)


def test_adams_first_step_is_alpha_times_the_sign(values: dict) -> None:
    quiz = values["adam_first"]
    alpha, g = quiz["alpha"], np.array([quiz["gradient"]["x"], quiz["gradient"]["y"]])
    assert alpha == beyond.RAVINE.rates[-1] and g.tolist() == [-9, 50]
    assert [quiz["step"]["x"], quiz["step"]["y"]] == pytest.approx(-alpha * np.sign(g), abs=1e-6)
    assert [quiz["plain_step"]["x"], quiz["plain_step"]["y"]] == pytest.approx(-alpha * g)
    assert math.hypot(quiz["rescaled_step"]["x"], quiz["rescaled_step"]["y"]) == pytest.approx(alpha)


def test_adagrad_steps_shrink_like_one_over_root_k(values: dict) -> None:
    sizes = beyond.adagrad_steady_sizes()
    alpha = values["adagrad_steady"]["alpha"]
    assert sizes == pytest.approx([alpha / math.sqrt(k) for k in range(1, len(sizes) + 1)], rel=1e-6)
    steady = values["adagrad_steady"]
    assert (steady["step_1"], steady["step_4"], steady["step_100"]) == (sizes[0], sizes[3], sizes[99])


def test_problem1_rmsprop_first_step_is_ten_alpha(values: dict) -> None:
    p = values["problem1"]
    g = np.array([p["gradient"]["x"], p["gradient"]["y"]])
    assert p["rho"] == 0.99
    assert [p["step"]["x"], p["step"]["y"]] == pytest.approx(-10 * p["alpha"] * np.sign(g), rel=1e-6)


def test_problem2_counting_updates(values: dict) -> None:
    p = values["problem2"]
    assert p["full_batches"] * p["batch"] + p["last_batch"] == p["flowers"]
    assert 0 < p["last_batch"] < p["batch"]
    assert p["updates"] == p["per_epoch"] * p["epochs"] == 50
    assert p["epoch_counter"] == 1


def test_problem3_cosine_is_slow_at_both_ends(values: dict) -> None:
    p = values["problem3"]
    assert p["cosines"] == pytest.approx([1, math.sqrt(0.5), 0, -math.sqrt(0.5), -1])
    assert p["rates"] == pytest.approx([0.05 * (1 + c) for c in p["cosines"]])
    falls = -np.diff(p["rates"])
    assert falls[0] < falls[1] and falls[3] < falls[2]


# ------------------------------------------------------------ the page's code agrees with the module


def shown_code() -> list[str]:
    """The page's ``source="above"`` blocks, in order, de-indented."""
    blocks = re.findall(r'^([ \t]*)```python exec="on"[^\n]*source="above"[^\n]*\n(.*?)^\1```', PAGE.read_text(encoding="utf-8"), re.S | re.M)
    return ["\n".join(line[len(indent):] for line in body.splitlines()) for indent, body in blocks]


@pytest.fixture(scope="module")
def page_code() -> tuple[dict, str]:
    """The namespace after the page's visible code ran (with the imports the hidden blocks provide), and what it printed."""
    import sympy as sp

    from gdnotes import optimizers
    from gdnotes.figures import comparison

    namespace = {"np": np, "sp": sp, "optimizers": optimizers, "comparison": comparison}
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        for block in shown_code():
            exec(block, namespace)  # noqa: S102 - the page's own code
    return namespace, printed.getvalue()


def test_the_visible_code_prints_what_the_page_claims(page_code: tuple[dict, str]) -> None:
    _, printed = page_code
    assert "same seed, same path: True\nother seed, same path: False\n" in printed
    assert "largest difference over 50 steps: 0.0\n" in printed


def test_the_visible_code_runs_what_the_module_computes(page_code: tuple[dict, str]) -> None:
    namespace, _ = page_code
    z, y = beyond.petals()
    assert np.array_equal(namespace["z"], z) and np.array_equal(namespace["y"], y)
    assert list(namespace["runs"]) == list(beyond.budget_runs())
    for shown, module in zip(namespace["runs"].values(), beyond.budget_runs().values()):
        assert np.array_equal(shown.params, module.params)
    for name in ("ravine", "rosenbrock"):
        shown, module = namespace[f"{name}_race"], beyond.race(name)
        assert [(r.optimizer.name, r.optimizer.hyperparameters) for r in shown] == [(r.optimizer.name, r.optimizer.hyperparameters) for r in module]
        assert [np.array_equal(a.path.trajectory(), b.path.trajectory()) for a, b in zip(shown, module)] == [True] * 6
    assert [r.steps_to_tolerance for r in namespace["tilted_race"]] == [r.steps_to_tolerance for r in beyond.tilted_race()]
    assert namespace["total"] == beyond.schedule_steps()
    steps = np.arange(beyond.schedule_steps() + 1)
    for (label, shown), (other, module) in zip(namespace["plans"].items(), beyond.schedule_plans().items()):
        assert label == other and np.array_equal(shown(steps), module(steps)), label
