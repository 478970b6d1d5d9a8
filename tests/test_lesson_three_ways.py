"""Lesson 5's named values (gdnotes.lessons.three_ways) and what its prose claims about them."""

from __future__ import annotations

import numpy as np
import pytest

from gdnotes import implementations, lessons, tables, theory
from gdnotes.lessons import three_ways

NOTICE = "Not run: PyTorch is not installed"


@pytest.fixture(scope="module")
def values() -> dict:
    return lessons.values("three_ways")


def test_values_are_plain_and_every_sentence_value_shows(values: dict) -> None:
    def walk(node: object, path: str) -> None:
        if isinstance(node, dict):
            for key, item in node.items():
                walk(item, f"{path}.{key}")
        elif isinstance(node, list):
            for index, item in enumerate(node):
                walk(item, f"{path}.{index}")
        else:
            assert lessons.show(node), f"{path} shows as nothing"  # a NaN, an infinity or a stray type fails too

    walk(values, "three_ways")


def test_each_program_prints_the_predicted_numbers(values: dict) -> None:
    """'Each program below must print these numbers': the prediction, to the digits the page shows."""
    p = values["prediction"]
    assert p["factor"] == pytest.approx(1 - 2 * p["alpha"])
    shown = [tables.number(x) for x in p["ends"]]
    assert tables.number(p["end"]) == shown[0] == tables.number(implementations.python_loop(p["start"], p["alpha"], p["steps"]))
    assert [tables.number(x) for x in implementations.numpy_vector(p["start_vector"], p["alpha"], p["steps"])] == shown
    assert [tables.number(x) for x in implementations.python_loop_many(p["start_vector"], p["alpha"], p["steps"])] == shown


def test_the_vector_implementations_agree_to_rounding(values: dict) -> None:
    """'The three implementations differ by at most ...' and 'every entry matches the prediction to the digits shown'."""
    a = values["agreement"]
    finals = implementations.final_vectors(three_ways.START_VECTOR, three_ways.ALPHA, three_ways.STEPS)
    assert a["how_many"] == {2: "two", 3: "three"}[len(finals)]
    assert a["gap"] <= 1e-15 and a["gap_to_closed_form"] <= 1e-15  # about 1e-16 of numbers near 0.01
    if a["gap"] == 0:
        assert a["verdict"] == "are identical to the last bit"
    else:
        assert a["verdict"] == f"differ by at most {tables.number(a['gap'], 2)}"
    closed = [f"{x:.12f}" for x in values["prediction"]["ends"]]
    for name, w in finals.items():
        assert [f"{x:.12f}" for x in w] == closed, name
    assert "pytorch" in finals or not values["pytorch"]["ran"]


def test_agreement_table_has_one_row_per_implementation() -> None:
    table = three_ways.agreement_table()
    lines = table.splitlines()
    assert lines[0] == "| implementation | w₁ | w₂ | w₃ | gap to closed form |"
    assert [line.split("|")[1].strip() for line in lines[2:]] == ["Plain Python", "NumPy", "PyTorch"]
    assert "0.018889465931" in table and "−0.011333679559" in table


def test_without_torch_the_page_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    """No PyTorch: the listing keeps its notice, the note under the output goes, the table says 'not run'."""
    monkeypatch.setattr(implementations, "torch_available", lambda: False)
    assert NOTICE in implementations.show("pytorch")
    note = three_ways.pytorch()
    assert not note["ran"] and note["output_note"].startswith("Without PyTorch") and "tensors" not in note["output_note"]
    assert three_ways.agreement()["how_many"] == "two"
    last = three_ways.agreement_table().splitlines()[-1]
    assert last.startswith("| PyTorch | not run") and "PyTorch is not installed" in last


def test_with_torch_the_note_follows_the_output(values: dict) -> None:
    pytest.importorskip("torch")
    assert values["pytorch"]["ran"] and values["pytorch"]["output_note"].startswith("PyTorch prints tensors")
    assert NOTICE not in implementations.show("pytorch")


def test_timings_come_from_the_committed_file(values: dict) -> None:
    t, data = values["timing"], implementations.load_timings()
    assert t["size"] == max(data["sizes"]) == data["sizes"][-1]
    assert t["passes"] == t["size"] * t["steps"]
    assert t["loop_total"] == implementations.format_seconds(data["seconds"]["python"][-1])
    assert t["numpy_per_entry"] == implementations.format_seconds(data["seconds"]["numpy"][-1] / t["passes"])
    assert t["ratio"] > 1, "the quiz says NumPy ran faster at the largest size"
    # 'For a single parameter the order flips'
    assert t["numpy_single_seconds"] > t["loop_single_seconds"]


def test_timings_were_measured_on_a_quiet_machine(values: dict) -> None:
    """The page presents the timings without a caveat about load, so the committed file must come from a quiet machine."""
    t = values["timing"]
    assert t["load_before"] <= t["cores"], (
        "lesson5_timings.json was measured on a busy machine: run scripts/measure_lesson5.py again on a quiet one, "
        "or say on the page that the numbers are on the slow side"
    )


def test_timing_table_has_a_row_per_size() -> None:
    rows = three_ways.timing_table().splitlines()[2:]
    assert len(rows) == len(implementations.load_timings()["sizes"])
    assert rows[-1].startswith("| 100,000 |") and rows[-1].rstrip(" |").endswith("×")


def test_without_zero_grad_the_run_keeps_swinging(values: dict) -> None:
    q = values["quiz"]["zero_grad"]
    assert q["swing"] > q["start"] / 2, "w still swings widely after 10 steps"
    assert abs(q["end"]) > 100 * abs(q["with_zero_grad"]), "and ends far from where the real run does"
    assert q["with_zero_grad"] == implementations.python_loop(q["start"], three_ways.ALPHA, three_ways.STEPS)


def test_steeper_loss_is_crossed_faster_and_diverges_sooner(values: dict) -> None:
    s = values["practice"]["steeper"]
    assert abs(s["run_end"] - s["end"]) <= 1e-15, "the package's run agrees with the closed form"
    assert s["factor"] == pytest.approx(1 - s["alpha"] * s["curvature"])
    assert abs(s["factor"]) < s["plain_factor"] and abs(s["end"]) < values["prediction"]["end"]
    assert s["limit"] < s["plain_limit"] and s["limit"] == pytest.approx(2 / s["curvature"])


def test_every_coordinate_is_small_after_the_predicted_steps(values: dict) -> None:
    s = values["practice"]["small"]
    assert s["largest_after"] <= three_ways.TOLERANCE < s["largest_before"]
    assert s["steps"] == s["steps_before"] + 1 == int(np.ceil(s["k_exact"]))
    # 'the one that starts farthest from 0 finishes last'
    assert s["farthest"] == three_ways.START_VECTOR[s["farthest_index"] - 1] == max(three_ways.START_VECTOR, key=abs)
    assert s["per_coordinate"][s["farthest_index"] - 1] == max(s["per_coordinate"]) == s["steps"]
    assert s["ratio_mantissa"] * 10.0 ** s["ratio_exponent"] == pytest.approx(three_ways.TOLERANCE / abs(s["farthest"]))
    assert 1 <= s["ratio_mantissa"] < 10
    assert s["factor"] == theory.contraction_factor(three_ways.ALPHA)
