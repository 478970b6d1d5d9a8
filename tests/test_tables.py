"""Tables: how numbers print on a page, Markdown tables and path tables."""

from __future__ import annotations

import markdown
import numpy as np
import pytest

from gdnotes import descent, tables
from gdnotes.tables import number

MINUS = "\u2212"


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (0.0461168602, "0.04612"),
        (4 * 0.8**20, "0.04612"),
        (5.7089907708238416e-05, f"5.709e{MINUS}05"),
        (-5.7089907708238416e-05, f"{MINUS}5.709e{MINUS}05"),
        (3.2, "3.2"),
        (2.56, "2.56"),
        (1.6384, "1.638"),
        (10.24, "10.24"),
        (4.0, "4"),
        (3, "3"),
        (np.int64(7), "7"),
        (-12, f"{MINUS}12"),
        (12345, "12,345"),
        (-123456, f"{MINUS}123,456"),
        (-0.5, f"{MINUS}0.5"),
        (0.1 + 0.2, "0.3"),
        (1234.5678, "1235"),
        (99.99996, "100"),
        (1e-4, "0.0001"),
        (2.5e-7, f"2.5e{MINUS}07"),
        (1e6, "1e+06"),
        (0.0, "0"),
        (-0.0, "0"),
        (float("nan"), "—"),
        (np.nan, "—"),
        (float("inf"), "∞"),
        (-float("inf"), f"{MINUS}∞"),
        (np.float32(0.5), "0.5"),
        (True, "yes"),
        (np.bool_(False), "no"),
        ("already text", "already text"),
    ],
)
def test_number(value: object, text: str) -> None:
    assert number(value) == text


def test_number_never_prints_a_hyphen_minus() -> None:
    for value in (-1, -1.5, -1e-9, -1e9, -12345, -0.004):
        assert "-" not in number(value) and number(value).startswith(MINUS)


def test_number_digits() -> None:
    assert number(np.pi, digits=2) == "3.1"
    assert number(np.pi, digits=6) == "3.14159"
    assert number(1 / 3, digits=1) == "0.3"
    assert number(2.5e-7, digits=1) == f"2e{MINUS}07"  # round half to even
    with pytest.raises(ValueError, match="digits"):
        number(1.0, digits=0)
    with pytest.raises(TypeError, match="digits"):
        number(1.0, digits=2.5)


@pytest.mark.parametrize("value", [None, 1j, [1.0], object()])
def test_number_rejects_non_numbers(value: object) -> None:
    with pytest.raises(TypeError, match="value"):
        number(value)


def test_markdown_table_layout() -> None:
    text = tables.markdown_table(["k", "x"], [[0, 4.0], [1, 3.2]])
    assert text.splitlines() == ["| k | x |", "|--:|--:|", "| 0 | 4 |", "| 1 | 3.2 |"]
    text = tables.markdown_table(["name", "value", "note"], [["a", -2, "ok"]], align="lrc")
    assert text.splitlines()[1] == "|:--|--:|:-:|"
    assert text.splitlines()[2] == f"| a | {MINUS}2 | ok |"


def test_markdown_table_renders_as_a_table() -> None:
    html = markdown.markdown(tables.markdown_table(["k", "x"], [[0, 4.0], [1, 3.2]]), extensions=["tables"])
    assert html.count("<tr>") == 3
    assert '<td style="text-align: right;">3.2</td>' in html


@pytest.mark.parametrize("align", ["r", "rrr", "rx", "LR", "l r"])
def test_markdown_table_alignment_errors(align: str) -> None:
    with pytest.raises(ValueError, match="align"):
        tables.markdown_table(["a", "b"], [[1, 2]], align=align)


def test_markdown_table_other_errors() -> None:
    with pytest.raises(ValueError, match=r"rows\[1\]"):
        tables.markdown_table(["a", "b"], [[1, 2], [3]])
    with pytest.raises(ValueError, match="headers"):
        tables.markdown_table([], [])
    with pytest.raises(TypeError, match="headers"):
        tables.markdown_table("ab", [[1, 2]])
    with pytest.raises(TypeError, match="headers"):
        tables.markdown_table(["a", 2], [[1, 2]])
    with pytest.raises(TypeError, match="align"):
        tables.markdown_table(["a"], [[1]], align=["r"])


def test_path_table_worked_example() -> None:
    path = descent.gradient_descent_path("bowl1d", 0.1, 4.0, 4)
    lines = tables.path_table(path).splitlines()
    assert lines[0] == "| step k | x | f(x) |"
    assert lines[2:] == ["| 0 | 4 | 16 |", "| 1 | 3.2 | 10.24 |", "| 2 | 2.56 | 6.554 |", "| 3 | 2.048 | 4.194 |", "| 4 | 1.638 | 2.684 |"]


def test_path_table_every_keeps_the_last_step() -> None:
    path = descent.gradient_descent_path("bowl1d", 0.1, 4.0, 20)
    rows = tables.path_table(path, every=6).splitlines()[2:]
    assert [row.split(" | ")[0] for row in rows] == ["| 0", "| 6", "| 12", "| 18", "| 20"]
    assert rows[-1] == "| 20 | 0.04612 | 0.002127 |"


def test_path_table_two_dimensions_and_names() -> None:
    path = descent.gradient_descent_path("bowl2d", 0.1, [[3.0, 1.0], [1.0, 1.0]], 1)
    assert tables.path_table(path).splitlines()[0] == "| step k | w1 | w2 | f(w1, w2) |"
    assert tables.path_table(path, start=1).splitlines()[2] == "| 0 | 1 | 1 | 4 |"
    assert tables.path_table(path, names=["a", "b"]).splitlines()[0] == "| step k | a | b | f(a, b) |"
    with pytest.raises(ValueError, match="names"):
        tables.path_table(path, names=["a"])


def test_path_table_stops_at_divergence_with_a_note() -> None:
    path = descent.gradient_descent_path("bowl1d", 1.5, 4.0, 40)
    stop = int(path.diverged_at[0])
    assert stop == 18
    table = tables.path_table(path)
    rows = [line for line in table.splitlines() if line.startswith("| ") and line[2].isdigit()]
    assert len(rows) == stop + 1
    assert rows[-1].startswith(f"| {stop} |")
    assert "—" not in table  # no NaN rows
    assert table.endswith(f"*Diverged at step {stop}: the run was stopped there.*")
    assert tables.path_table(path, every=5).splitlines()[-3].startswith(f"| {stop} |")


def test_path_table_without_divergence_has_no_note() -> None:
    table = tables.path_table(descent.gradient_descent_path("bowl1d", 0.1, 4.0, 3))
    assert "Diverged" not in table


def test_path_table_bad_arguments() -> None:
    path = descent.gradient_descent_path("bowl2d", 0.1, [3.0, 1.0], 3)
    with pytest.raises(ValueError, match="every"):
        tables.path_table(path, every=0)
    with pytest.raises(ValueError, match="start"):
        tables.path_table(path, start=1)
    with pytest.raises(ValueError, match="start"):
        tables.path_table(path, start=-1)
    with pytest.raises(TypeError, match="start"):
        tables.path_table(path, start=0.5)
    with pytest.raises(TypeError, match="path"):
        tables.path_table(path.positions)
