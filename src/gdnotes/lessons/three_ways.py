r"""Lesson 5, three implementations: the values its prose names as ``{{ three_ways.* }}``.

The lesson runs gradient descent on $L(\mathbf{w}) = \sum_i w_i^2$ from
$\mathbf{w}_0 = (5, -3, 2)$ (and $w_0 = 5$ for one parameter) with
$\alpha = 0.1$ for 25 steps, written three ways in
:mod:`gdnotes.implementations`. Each step multiplies every coordinate by
$1 - 2\alpha$, so the closed form predicts every number the programs print.
The timings come from the committed measurements
(:func:`gdnotes.implementations.load_timings`), never from the build.

>>> values()["prediction"]["factor"]
0.8
>>> values()["practice"]["small"]["steps"]
70
"""

from __future__ import annotations

import math

import numpy as np

from .. import descent, implementations, surfaces, tables, theory

START = 5.0
START_VECTOR = (5.0, -3.0, 2.0)
ALPHA = 0.1
STEPS = 25
#: Practice problem 1: the steeper loss $L(w) = 3w^2$ has curvature 6
STEEP_CURVATURE = 6
#: Practice problem 3: every coordinate within this distance of 0
TOLERANCE = 1e-6

_NAMES = {"python_many": "Plain Python", "numpy": "NumPy", "pytorch": "PyTorch"}


def prediction() -> dict:
    """What the closed form $w_0 (1 - 2\\alpha)^{25}$ says every program must print."""
    return {
        "alpha": ALPHA, "steps": STEPS, "start": START, "start_vector": list(START_VECTOR),
        "factor": theory.contraction_factor(ALPHA),
        "end": theory.iterate(START, ALPHA, STEPS),
        "ends": [theory.iterate(x, ALPHA, STEPS) for x in START_VECTOR],
    }


def pytorch() -> dict:
    """Whether the PyTorch example ran, and the sentence under it, which depends on that."""
    ran = implementations.torch_available()
    if ran:
        note = "PyTorch prints tensors to four decimals; the comparison below checks every digit."
    else:
        note = "Without PyTorch, the comparison below checks the other two versions."
    return {"ran": ran, "output_note": note}


def _closed_form() -> np.ndarray:
    return np.array([theory.iterate(x, ALPHA, STEPS) for x in START_VECTOR])


def agreement() -> dict:
    """How far the vector implementations are from each other and from the closed form."""
    finals = implementations.final_vectors(START_VECTOR, ALPHA, STEPS)
    vectors = list(finals.values())
    gap = max(float(np.max(np.abs(a - b))) for a in vectors for b in vectors)
    verdict = "are identical to the last bit" if gap == 0 else f"differ by at most {tables.number(gap, 2)}"
    return {
        "how_many": ["two", "three"][len(vectors) - 2], "gap": gap, "verdict": verdict,
        "gap_to_closed_form": max(float(np.max(np.abs(w - _closed_form()))) for w in vectors),
        "factor": theory.contraction_factor(ALPHA), "steps": STEPS,
    }


def agreement_table() -> str:
    """The table of the vector versions' final entries (12 decimals) and their gap to the closed form."""
    finals = implementations.final_vectors(START_VECTOR, ALPHA, STEPS)
    closed = _closed_form()
    rows = [[_NAMES[k], *(f"{x:.12f}".replace("-", "−") for x in w), float(np.max(np.abs(w - closed)))] for k, w in finals.items()]
    if "pytorch" not in finals:
        rows.append(["PyTorch", "not run", "not run", "not run", "PyTorch is not installed"])
    return tables.markdown_table(["implementation", "w₁", "w₂", "w₃", "gap to closed form"], rows, digits=2, align="lrrrr")


def timing_table() -> str:
    """The committed timings: loop and NumPy seconds for each number of parameters, and their ratio."""
    data = implementations.load_timings()
    fmt, py, vec = implementations.format_seconds, data["seconds"]["python"], data["seconds"]["numpy"]
    rows = [[n, fmt(a), fmt(b), f"{tables.number(a / b, 2)}×"] for n, a, b in zip(data["sizes"], py, vec)]
    return tables.markdown_table(["parameters", "loop", "NumPy", "loop ÷ NumPy"], rows)


def timing() -> dict:
    """The committed timings as the prose quotes them, and how and where they were measured."""
    data = implementations.load_timings()
    fmt, py, vec, m = implementations.format_seconds, data["seconds"]["python"], data["seconds"]["numpy"], data["machine"]
    size, steps = data["sizes"][-1], data["steps"]
    return {
        "size": size, "steps": steps, "passes": size * steps, "ratio": py[-1] / vec[-1],
        "loop_total": fmt(py[-1]), "numpy_total": fmt(vec[-1]),
        "loop_per_entry": fmt(py[-1] / (size * steps)), "numpy_per_entry": fmt(vec[-1] / (size * steps)),
        "loop_single": fmt(py[0]), "numpy_single": fmt(vec[0]),
        "loop_single_seconds": py[0], "numpy_single_seconds": vec[0],
        "measured_on": data["measured_on"], "cores": m["cores"], "cpu": m["cpu"], "system": m["system"],
        "python": m["python"], "numpy": m["numpy"], "repeats": data["repeats"], "command": data["command"],
        # the page says nothing about load: the measurement must come from a quiet machine (a test checks)
        "load_before": data["load_average_before"][0],
    }


def zero_grad_quiz() -> dict:
    """The run from $w_0 = 5$ with ``optimizer.zero_grad()`` left out, against the real one."""
    path = implementations.without_zero_grad(START, ALPHA, STEPS)
    return {
        "start": START, "swing": max(abs(x) for x in path[10:]), "end": path[-1],
        "with_zero_grad": implementations.python_loop(START, ALPHA, STEPS),
    }


def steeper() -> dict:
    """Practice problem 1: the same run on $L(w) = 3w^2$, by the closed form and by the package."""
    run = descent.gradient_descent_path(surfaces.quadratic([STEEP_CURVATURE]), ALPHA, START, STEPS)
    return {
        "alpha": ALPHA, "curvature": STEEP_CURVATURE, "start": START, "steps": STEPS,
        "factor": theory.contraction_factor(ALPHA, curvature=STEEP_CURVATURE),
        "plain_factor": theory.contraction_factor(ALPHA),
        "end": theory.iterate(START, ALPHA, STEPS, curvature=STEEP_CURVATURE),
        "run_end": run.positions[-1, 0, 0],
        "limit": theory.largest_stable_rate(STEEP_CURVATURE),
        "plain_limit": theory.largest_stable_rate(),
    }


def small() -> dict:
    """Practice problem 3: when every coordinate of the vector run is within ``TOLERANCE`` of 0."""
    per_coordinate = [theory.steps_to_tolerance(ALPHA, x, TOLERANCE) for x in START_VECTOR]
    steps = max(per_coordinate)
    before = implementations.numpy_vector(list(START_VECTOR), ALPHA, steps - 1)
    after = implementations.numpy_vector(list(START_VECTOR), ALPHA, steps)
    factor, farthest = theory.contraction_factor(ALPHA), max(START_VECTOR, key=abs)
    ratio = TOLERANCE / abs(farthest)
    exponent = math.floor(math.log10(ratio))
    return {
        "factor": factor, "farthest": farthest, "farthest_index": START_VECTOR.index(farthest) + 1,
        "ratio_mantissa": ratio / 10**exponent, "ratio_exponent": exponent,
        "k_exact": math.log(ratio) / math.log(factor),
        "per_coordinate": per_coordinate, "steps": steps, "steps_before": steps - 1,
        "largest_before": np.max(np.abs(before)), "largest_after": np.max(np.abs(after)),
    }


def values() -> dict:
    return {
        "prediction": prediction(),
        "pytorch": pytorch(),
        "agreement": agreement(),
        "timing": timing(),
        "quiz": {"zero_grad": zero_grad_quiz()},
        "practice": {"steeper": steeper(), "small": small()},
    }
