"""Lesson 5's three implementations, the code the page shows, the PyTorch fallback and the timings."""

from __future__ import annotations

import fnmatch
import json
import os
import sys
import tomllib
import warnings

import numpy as np
import pytest
from conftest import ROOT

from _figures import check_house_rules
from gdnotes import implementations, theory
from gdnotes.figures import timing

START = [5.0, -3.0, 2.0]
CLOSED = np.array([theory.iterate(x, 0.1, 25) for x in START])


def needs_torch():
    """PyTorch, or a skip on a contributor's machine without it (in CI a missing torch fails)."""
    if os.environ.get("CI"):
        import torch

        return torch
    return pytest.importorskip("torch")


@pytest.fixture
def no_torch(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make ``import torch`` fail, as on a machine without PyTorch."""
    monkeypatch.setitem(sys.modules, "torch", None)


# --- the implementations ---------------------------------------------------------


def test_python_loop_matches_the_closed_form() -> None:
    assert implementations.python_loop(5.0, 0.1, 25) == pytest.approx(theory.iterate(5.0, 0.1, 25), rel=1e-14)
    assert round(implementations.python_loop(5.0, 0.1, 25), 5) == 0.01889
    assert implementations.python_loop(5.0, 0.1, 0) == 5.0


@pytest.mark.parametrize("function", [implementations.python_loop_many, implementations.numpy_vector])
def test_vector_versions_match_the_closed_form(function) -> None:
    np.testing.assert_allclose(np.array(function(START, 0.1, 25)), CLOSED, rtol=1e-14, atol=0)


def test_plain_python_and_numpy_are_identical_to_the_bit() -> None:
    many = implementations.python_loop_many(START, 0.1, 25)
    assert many == implementations.numpy_vector(START, 0.1, 25).tolist()
    assert many[0] == implementations.python_loop(5.0, 0.1, 25)


def test_pytorch_matches_numpy() -> None:
    torch = needs_torch()
    result = implementations.pytorch_sgd(START, 0.1, 25)
    assert isinstance(result, torch.Tensor) and result.dtype == torch.float64 and not result.requires_grad
    np.testing.assert_allclose(result.numpy(), implementations.numpy_vector(START, 0.1, 25), rtol=1e-14, atol=0)


def test_other_rates_and_starts_agree() -> None:
    start = [1.5, -0.25, 4.0, 0.0]
    for rate in (0.01, 0.3, 0.75):
        np.testing.assert_allclose(
            implementations.python_loop_many(start, rate, 40), [theory.iterate(x, rate, 40) for x in start], rtol=1e-12, atol=1e-300
        )
        np.testing.assert_array_equal(implementations.python_loop_many(start, rate, 40), implementations.numpy_vector(start, rate, 40))


def test_divergence_is_an_error_without_floating_point_warnings() -> None:
    # a leaked floating-point warning would raise FloatingPointError here; the one Diverged error says what happened
    with np.errstate(all="raise"), pytest.raises(implementations.Diverged, match="numpy_vector diverged.*learning_rate"):
        implementations.numpy_vector(START, 2.0, 1000)
    assert issubclass(implementations.Diverged, ValueError)
    assert implementations.python_loop(5.0, 1.5, 3) == pytest.approx(5.0 * (-2.0) ** 3)  # growing, but still a number


@pytest.mark.parametrize(
    ("call", "error", "argument"),
    [
        (lambda: implementations.python_loop("5", 0.1, 25), TypeError, "start"),
        (lambda: implementations.python_loop(float("nan"), 0.1, 25), ValueError, "start"),
        (lambda: implementations.python_loop([5.0], 0.1, 25), TypeError, "start"),
        (lambda: implementations.python_loop(5.0, 0.0, 25), ValueError, "learning_rate"),
        (lambda: implementations.python_loop(5.0, "0.1", 25), TypeError, "learning_rate"),
        (lambda: implementations.python_loop(5.0, 0.1, 2.5), TypeError, "steps"),
        (lambda: implementations.python_loop(5.0, 0.1, -1), ValueError, "steps"),
        (lambda: implementations.numpy_vector([], 0.1, 25), ValueError, "start"),
        (lambda: implementations.numpy_vector([[1.0, 2.0]], 0.1, 25), ValueError, "start"),
        (lambda: implementations.numpy_vector(["a"], 0.1, 25), TypeError, "start"),
        (lambda: implementations.numpy_vector([1.0, float("inf")], 0.1, 25), ValueError, "start"),
        (lambda: implementations.python_loop_many(None, 0.1, 25), TypeError, "start"),
        (lambda: implementations.pytorch_sgd(START, -1.0, 25), ValueError, "learning_rate"),
        (lambda: implementations.without_zero_grad(5.0, 0.1, True), TypeError, "steps"),
        (lambda: implementations.listing("fortran"), ValueError, "name"),
        (lambda: implementations.listing(3), TypeError, "name"),
        (lambda: implementations.show("numpy", steps=-2), ValueError, "steps"),
        (lambda: implementations.execute(b"print(1)"), TypeError, "code"),
    ],
)
def test_bad_arguments_are_named(call, error: type, argument: str) -> None:
    with pytest.raises(error, match=argument):
        call()


def test_without_zero_grad_swings_and_never_settles() -> None:
    path = implementations.without_zero_grad(5.0, 0.1, 200)
    assert len(path) == 201 and path[0] == 5.0
    late = np.abs(path[100:])
    assert late.max() > 4.0  # still swinging with almost the starting amplitude
    signs = np.sign(path[100:])
    assert np.count_nonzero(signs[1:] != signs[:-1]) >= 10


def test_without_zero_grad_is_what_pytorch_does() -> None:
    torch = needs_torch()
    w = torch.tensor([5.0], dtype=torch.float64, requires_grad=True)
    optimizer = torch.optim.SGD([w], lr=0.1)
    real = [5.0]
    for _ in range(40):
        (w**2).sum().backward()
        optimizer.step()
        real.append(w.item())
    np.testing.assert_allclose(implementations.without_zero_grad(5.0, 0.1, 40), real, rtol=1e-12, atol=1e-12)


# --- the code the page shows ---------------------------------------------------------


@pytest.mark.parametrize("name", ["python", "python_many", "numpy"])
def test_listing_prints_what_the_function_returns(name: str) -> None:
    function, start = implementations.IMPLEMENTATIONS[name]
    printed = implementations.execute(implementations.listing(name)).strip()
    expected = function(eval(start), 0.1, 25)  # noqa: S307 - our own literal
    assert printed == str(expected)


def test_pytorch_listing_prints_what_the_function_returns() -> None:
    needs_torch()
    printed = implementations.execute(implementations.listing("pytorch")).strip()
    assert printed == str(implementations.pytorch_sgd(START, 0.1, 25))
    assert printed.startswith("tensor([") and "dtype=torch.float64" in printed


@pytest.mark.parametrize("name", list(implementations.IMPLEMENTATIONS))
def test_listing_is_the_bare_lesson_code(name: str) -> None:
    code = implementations.listing(name)
    compile(code, name, "exec")
    assert "@_checked" not in code and '"""' not in code and "noqa" not in code and "->" not in code
    function = implementations.IMPLEMENTATIONS[name][0]
    assert f"def {function.__name__}(start, learning_rate, steps):" in code
    assert code.rstrip().endswith("learning_rate=0.1, steps=25))")
    lines = code.splitlines()
    assert max(len(line) for line in lines) <= 80, "keep the shown code narrow enough for a phone"
    if name == "pytorch":
        assert lines[0] == "import torch" and "    import torch" not in code
        for piece in ("requires_grad=True", "torch.optim.SGD", "zero_grad()", "backward()", "step()"):
            assert piece in code
    if name == "numpy":
        assert lines[0] == "import numpy as np"


def test_listing_follows_the_arguments() -> None:
    code = implementations.listing("numpy", learning_rate=0.3, steps=4)
    assert code.rstrip().endswith("learning_rate=0.3, steps=4))")
    printed = implementations.execute(code)
    assert printed.strip() == str(implementations.numpy_vector(START, 0.3, 4))


def test_show_gives_code_and_its_output() -> None:
    text = implementations.show("python")
    assert text.startswith('```python title="Plain Python"\n')
    assert '```text title="Output"\n' + repr(implementations.python_loop(5.0, 0.1, 25)) + "\n```" in text


def test_show_pytorch_with_torch_has_output_and_no_notice() -> None:
    needs_torch()
    text = implementations.show("pytorch")
    assert '```text title="Output"\ntensor([' in text
    assert "Not run" not in text


def test_show_pytorch_without_torch_gives_a_notice(no_torch: None) -> None:
    assert not implementations.torch_available()
    text = implementations.show("pytorch")
    assert text.startswith('```python title="PyTorch"\nimport torch\n')  # the code is still shown
    assert '!!! warning "Not run: PyTorch is not installed"' in text
    assert implementations.TORCH_INSTALL in text and 'pip install -e ".[torch]"' in text
    assert "Output" not in text
    # the other versions are unaffected
    assert "Output" in implementations.show("numpy")


def test_final_vectors_without_torch(no_torch: None) -> None:
    finals = implementations.final_vectors()
    assert list(finals) == ["python_many", "numpy"]
    np.testing.assert_allclose(finals["numpy"], CLOSED, rtol=1e-14)


def test_final_vectors_with_torch() -> None:
    needs_torch()
    finals = implementations.final_vectors()
    assert list(finals) == ["python_many", "numpy", "pytorch"]
    for w in finals.values():
        np.testing.assert_allclose(w, CLOSED, rtol=1e-14)


def test_the_installed_torch_extra_is_what_the_notice_says() -> None:
    extras = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["optional-dependencies"]
    assert "torch" in extras and any(req.startswith("torch") for req in extras["torch"])
    assert implementations.TORCH_INSTALL == 'pip install -e ".[torch]"'


# --- timings -------------------------------------------------------------------------


def test_measure_small() -> None:
    result = implementations.measure([1, 50], steps=3, repeats=1)
    assert result["sizes"] == [1, 50] and result["steps"] == 3 and result["repeats"] == 1
    for name in ("python", "numpy"):
        times = result["seconds"][name]
        assert len(times) == 2 and all(0 < t < 5 for t in times)
    assert result["machine"]["cores"] == os.cpu_count()
    json.dumps(result)  # ready to be saved


@pytest.mark.parametrize(
    ("kwargs", "error", "argument"),
    [
        ({"sizes": []}, TypeError, "sizes"),
        ({"sizes": "100"}, TypeError, "sizes"),
        ({"sizes": [10, 0]}, ValueError, r"sizes\[1\]"),
        ({"sizes": [1.5]}, TypeError, r"sizes\[0\]"),
        ({"steps": 0}, ValueError, "steps"),
        ({"repeats": 0}, ValueError, "repeats"),
    ],
)
def test_measure_bad_arguments(kwargs: dict, error: type, argument: str) -> None:
    with pytest.raises(error, match=argument):
        implementations.measure(**kwargs)


def test_committed_timings_are_complete() -> None:
    data = implementations.load_timings()
    assert data["sizes"] == list(implementations.SIZES)
    assert data["steps"] == 25 and data["repeats"] >= 3
    for name in ("python", "numpy"):
        assert len(data["seconds"][name]) == len(data["sizes"])
        assert all(isinstance(t, float) and 0 < t < 60 for t in data["seconds"][name])
    assert {"cpu", "cores", "python", "numpy", "system"} <= set(data["machine"])
    assert data["measured_on"][:2] == "20" and data["command"] == "python scripts/measure_lesson5.py"
    # the measurements show what the lesson says: the loop's time grows about in
    # proportion to the size, and NumPy wins by a wide margin at the largest size
    python = np.array(data["seconds"]["python"])
    assert 100 < python[-1] / python[2] < 10_000
    assert python[-1] / data["seconds"]["numpy"][-1] > 5


def test_timings_file_is_package_data() -> None:
    patterns = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"]["gdnotes"]
    assert any(fnmatch.fnmatch(f"data/{implementations.TIMINGS_FILE}", p) for p in patterns)
    assert (ROOT / "src" / "gdnotes" / "data" / implementations.TIMINGS_FILE).is_file()


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(2.4e-6, "2.4 µs"), (3.14e-5, "31 µs"), (0.031, "31 ms"), (0.1, "100 ms"), (0.9996, "1 s"), (12.3, "12 s"), (5e-10, "0.5 ns")],
)
def test_format_seconds(seconds: float, text: str) -> None:
    assert implementations.format_seconds(seconds) == text


def test_format_seconds_rejects_nonsense() -> None:
    with pytest.raises(ValueError, match="seconds"):
        implementations.format_seconds(-1.0)
    with pytest.raises(TypeError, match="seconds"):
        implementations.format_seconds("1 s")


def test_scaling_figure_from_committed_numbers_is_reproducible() -> None:
    html = timing.scaling()
    assert html.startswith('<figure class="gd-figure" id="fig-timing-scaling"')
    check_house_rules(html, timing.scaling)
    data = implementations.load_timings()
    assert implementations.format_seconds(data["seconds"]["python"][-1]) in html  # in the alt text and the label


def test_scaling_figure_follows_the_data() -> None:
    data = {"steps": 25, "sizes": [1, 10, 100], "seconds": {"python": [1e-6, 1e-5, 1e-4], "numpy": [2e-5, 2e-5, 3e-5]}}
    html = timing.scaling(data)
    assert "NumPy is faster from 100 parameters on" in html


@pytest.mark.parametrize(
    ("timings", "error"),
    [
        ([1, 2], TypeError),
        ({"sizes": [1, 10]}, ValueError),
        ({"sizes": [1, 10], "seconds": {"python": [1.0], "numpy": [1.0, 2.0]}}, ValueError),
        ({"sizes": [1, 10], "seconds": {"python": [1.0, -2.0], "numpy": [1.0, 2.0]}}, ValueError),
    ],
)
def test_scaling_figure_rejects_bad_timings(timings: object, error: type) -> None:
    with pytest.raises(error, match="timings"):
        timing.scaling(timings)


@pytest.mark.parametrize("name", ["python_loop", "python_loop_many", "numpy_vector"])
def test_a_diverging_run_says_so_once(name) -> None:
    function = getattr(implementations, name)
    start = 5.0 if name == "python_loop" else [5.0, -3.0]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with pytest.raises(implementations.Diverged, match=r"learning_rate=1e\+06.*not an answer"):
            function(start, 1e6, 60)
    assert caught == []  # one error, not a flood of warnings
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        function(start, 0.1, 60)  # a converging run is silent


def test_every_implementation_refuses_to_hand_back_nan() -> None:
    with pytest.raises(implementations.Diverged, match="without_zero_grad diverged.*learning_rate"):
        implementations.without_zero_grad(5.0, 1e6, 60)
    with pytest.raises(implementations.Diverged, match="learning_rate"):
        implementations.final_vectors((5.0, -3.0), 1e6, 60)


def test_a_huge_step_count_is_refused_at_once() -> None:
    with pytest.raises(ValueError, match="steps must be at most 1,000,000"):
        implementations.python_loop(5.0, 0.1, 10**9)
