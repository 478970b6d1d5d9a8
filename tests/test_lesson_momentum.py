"""Lesson 7 (ravines and momentum): what its prose claims about the values it names."""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest

from gdnotes import lessons, tables
from gdnotes.lessons import momentum

PAGE = Path(__file__).resolve().parent.parent / "docs" / "lessons" / "07-ravines-momentum.md"


@pytest.fixture(scope="module")
def values() -> dict:
    return lessons.values("momentum")



def test_the_ravine_is_25_times_steeper_across(values: dict) -> None:
    ravine = values["ravine"]
    assert (ravine["along"], ravine["across"]) == (1.0, 25.0)
    assert ravine["kappa"] == ravine["across"] / ravine["along"]
    assert ravine["limit"] == pytest.approx(2 / ravine["across"])
    assert "25 y^{2}" in ravine["latex"]


def test_plain_descent_ping_pongs_across_and_crawls_along(values: dict) -> None:
    zigzag = values["zigzag"]
    assert zigzag["alpha"] < values["ravine"]["limit"]  # "close to that limit"
    assert zigzag["across"] == pytest.approx(-0.75)  # flips sign, shrinking by a quarter
    assert 0 < zigzag["along"] < 1 and zigzag["percent_lost"] == pytest.approx(100 * (1 - zigzag["along"]))
    # nearly all the steps go to the crawl: the y factor alone would be done in a few dozen
    assert zigzag["steps"] > 100 > 3 * math.log(1e-3 / 2) / math.log(abs(zigzag["across"]))


def test_bookkeeping_velocity_adds_up_along_and_cancels_across(values: dict) -> None:
    rows = values["bookkeeping"]
    assert [r["k"] for r in rows] == [1, 2, 3]
    assert rows[0]["velocity"] == rows[0]["gradient"]  # v_0 = 0: the first step is a plain one
    vx = [r["velocity"][0] for r in rows]
    assert vx[0] > vx[1] > vx[2] and all(r["gradient"][0] < 0 for r in rows)
    gy = [r["gradient"][1] for r in rows]
    assert gy[0] > 0 and gy[2] < 0  # the run crossed the floor
    assert rows[2]["velocity"][1] < rows[1]["velocity"][1]  # partly cancelled
    for before, after in zip(rows, rows[1:]):
        assert after["velocity"] == pytest.approx([momentum.BETA * v + g for v, g in zip(before["velocity"], after["gradient"])])


def test_bookkeeping_matches_the_code_on_the_page(values: dict) -> None:
    """The table under the page's hand-run code and the sentence after it must tell the same numbers."""
    code = re.search(r'```python exec="on" source="above" session="lesson7-heavy"\n(.*?)\n```', PAGE.read_text(encoding="utf-8"), re.S)
    assert code, "the bookkeeping code block is gone from the page"
    scope: dict = {}
    exec(code.group(1), scope)  # noqa: S102 - the page's own teaching code
    shown = [[r["k"], *r["gradient"], *r["velocity"], *r["w"]] for r in values["bookkeeping"]]
    assert len(scope["rows"]) == len(shown)
    for row, named in zip(scope["rows"], shown):
        assert [float(x) for x in row] == pytest.approx(named)


def test_constant_slope_velocity_settles_at_one_over_one_minus_beta(values: dict) -> None:
    slope = values["slope"]
    assert slope["limit"] == pytest.approx(10)
    assert slope["velocity"] == pytest.approx(slope["limit"], rel=1e-6)
    assert tables.number(slope["velocity"]) == tables.number(slope["limit"])


def test_race_momentum_beats_plain_and_nesterov_beats_momentum(values: dict) -> None:
    race = values["race"]
    assert race["nesterov"] < race["momentum"] < race["plain"]
    assert race["speedup"] == pytest.approx(race["plain"] / race["momentum"]) and race["speedup"] > 2
    assert race["sqrt_beta"] == pytest.approx(math.sqrt(race["beta"]))


def test_race_table_claims() -> None:
    counts = momentum.race_counts()
    plain = [c["plain"] * c["alpha"] for c in counts]
    assert max(plain) < 1.1 * min(plain)  # plain's count roughly proportional to 1/alpha
    heavy = [c["momentum"] for c in counts]
    assert max(heavy) < 1.1 * min(heavy)  # momentum's count hardly moves
    assert counts[0]["momentum"] < counts[0]["plain"] / 5  # wins by a wide margin for a small alpha
    assert counts[-1]["momentum"] > counts[-1]["plain"]  # and loses near plain's limit
    race = momentum.race(counts)
    first_loss = race["nesterov_diverges_from"]
    assert all(c["nesterov"] is not None for c in counts if c["alpha"] < first_loss)
    assert all(c["nesterov"] is None for c in counts if c["alpha"] >= first_loss)
    assert race["nesterov_wins_from"] < race["nesterov_wins_to"] < first_loss
    table = momentum.race_table()
    assert table.count("\n") == len(counts) + 1 and "| — |" in table


def test_best_settings_theory_against_a_run(values: dict) -> None:
    best = values["best"]
    plain, heavy = best["plain"], best["heavy"]
    assert plain["steps"] == plain["measured_steps"]  # the theory is exact for plain descent
    assert plain["measured_rate"] == pytest.approx(plain["rate"], abs=1e-9)
    assert plain["beta"] is None
    assert heavy["rate"] < heavy["measured_rate"] < heavy["rate"] + 0.03  # close, a little slower
    assert heavy["steps"] < heavy["measured_steps"] < 1.5 * heavy["steps"]  # a few steps more
    assert heavy["beta"] == pytest.approx(heavy["rate"] ** 2)
    assert best["speedup"] == plain["measured_steps"] / heavy["measured_steps"] > 3


def test_steps_grow_like_kappa_against_sqrt_kappa() -> None:
    rows = {r["kappa"]: r for r in momentum.by_condition_number()}
    assert rows[10000]["plain_steps"] / rows[100]["plain_steps"] == pytest.approx(100, rel=0.01)
    assert rows[10000]["heavy_steps"] / rows[100]["heavy_steps"] == pytest.approx(10, rel=0.01)
    assert all(r["heavy_steps"] < r["plain_steps"] for r in rows.values())


def test_quiz_answers(values: dict) -> None:
    quiz = values["quiz"]
    first = quiz["first_step"]
    assert first["v1"] == 2 and first["step"] == pytest.approx(-0.1 * 2)
    assert len({tables.number(first[k]) for k in ("step", "built_up", "times_beta")}) == 3
    rates = quiz["rates"]
    assert (rates["plain"], rates["heavy"]) == pytest.approx((99 / 101, 9 / 11))
    assert len({tables.number(v, 3) for v in (rates["plain"], rates["heavy"], rates["heavy_squared"])}) == 3
    assert rates["heavy_steps"] < rates["plain_steps"]
    much = quiz["too_much"]
    assert much["plain_steps"] < much["momentum_steps"]
    assert much["rate_plain"] < much["rate_heavy"] < 1
    assert much["rate_heavy"] == pytest.approx(math.sqrt(much["beta"]))
    assert much["plain_steps"] == values["zigzag"]["steps"]


def test_problem_1_momentum_gets_closer_then_overshoots(values: dict) -> None:
    one = values["practice"]["one"]
    assert one["plain"] == pytest.approx([0.8, 0.64, 0.512])
    assert one["steps"][0]["x"] == pytest.approx(one["plain"][0])  # after one step the two agree
    assert 0 < one["after_three"] < one["plain"][2]
    fourth = momentum.hand_steps(momentum.optimizers.momentum(0.1, momentum.BETA), steps=4)[-1]
    assert fourth["x"] < 0  # "it will overshoot past 0 next"


def test_problem_2_nesterov_crosses_zero_at_step_3(values: dict) -> None:
    two = values["practice"]["two"]
    assert two["steps"][2]["x"] < 0 < two["heavy_after_three"]
    assert two["steps"][1]["x"] > 0
    assert two["first_step"] > two["plain_first_step"]
    assert [s["v"] for s in two["steps"]] != [s["v"] for s in values["practice"]["one"]["steps"]]


def test_problem_3_measured_rate_matches_the_prediction(values: dict) -> None:
    three = values["practice"]["three"]
    assert three["kappa"] == 100 and three["sqrt_kappa"] == 10
    assert three["gd_rate"] == pytest.approx(99 / 101) and three["hb_rate"] == pytest.approx(9 / 11)
    assert three["hb_beta"] == pytest.approx((9 / 11) ** 2)
    assert three["hb_rate"] < three["measured_rate"] < three["hb_rate"] + 0.01


def test_problem_4_a_smaller_beta_rescues_momentum(values: dict) -> None:
    four = values["practice"]["four"]
    assert four["best_rate"] < four["rate_at_0"] < four["rate_at_09"]
    assert 0 < four["best_beta"] < 0.9
    assert four["steps_best"] < four["steps_plain"] < four["steps_09"]
    assert four["steps_plain"] == values["zigzag"]["steps"]
    assert four["steps_09"] == values["quiz"]["too_much"]["momentum_steps"]


def test_the_map_names_the_best_point_the_race_and_the_edge(values: dict) -> None:
    """The prose beside the momentum map: Polyak's point, the race's own setting and the edge α = 2(1 + β)/λmax."""
    from gdnotes import ravines, theory

    m = values["map"]
    lams = ravines.curvatures("ravine")
    assert (m["best"]["alpha"], m["best"]["beta"], m["best"]["rate"]) == ravines.best_heavy_ball(lams)
    assert m["best"]["rate"] == pytest.approx(math.sqrt(m["best"]["beta"]))
    # "tenfold every n steps": the n-th power is the first below a tenth
    for point in (m["best"], m["race"]):
        n = point["tenfold"]
        assert point["rate"] ** n <= 0.1 < point["rate"] ** (n - 1)
    assert (m["race"]["alpha"], m["race"]["beta"]) == (values["race"]["alpha"], values["race"]["beta"])
    assert m["race"]["rate"] == pytest.approx(math.sqrt(m["race"]["beta"])) and m["race"]["regime"] == "swings"
    # the edge: plain gradient descent's limit at β = 0, and twice it as β nears 1
    assert m["edge_plain"] == values["ravine"]["limit"] == pytest.approx(2 / lams[1])
    assert m["edge_top"] == pytest.approx(2 * m["edge_plain"])
    assert bool(theory.heavy_ball_converges(0.999 * m["edge_top"], 0.9999, lams))
    assert not theory.heavy_ball_converges(m["edge_top"], 0.9999, lams)
    text = PAGE.read_text(encoding="utf-8")
    assert "widgets.momentum_map(" in text and "{{ momentum.map.best.alpha }}" in text
