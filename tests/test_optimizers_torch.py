"""Every update rule in gdnotes.optimizers against torch.optim, on real surfaces.

Two comparisons, each for 200 steps in float64 from several starts at once:

* **Free-running.** Our side runs :func:`gdnotes.descent.run` (our
  gradients, our optimizer); torch runs ``torch.optim`` on the loss written
  again in torch, with gradients from autograd. The two paths must agree
  position by position to 1e-10. This only means something where the run is
  numerically stable, so the settings are chosen for that and a test checks
  it: a start moved by 1e-13 must move the path by less than 1e-10.
* **Same gradients.** The adaptive rules (AdaGrad, RMSProp, Adam) divide by
  the size of recent gradients, so where a gradient coordinate passes
  through zero they turn a last-digit rounding difference into a full step
  of about the learning rate: two correct implementations then part ways.
  To test the rules in those regimes too, our optimizer is fed the very
  gradients torch saw along torch's path, and each of our steps must land
  on torch's next position to 1e-10.

First steps are also checked against values worked out by hand, on both sides.

PyTorch is optional for contributors: without it these tests are skipped.
In CI (``CI`` set) ``make test`` installs it, so a missing torch is an error.
"""

from __future__ import annotations

import math
import os

import numpy as np
import pytest

if os.environ.get("CI"):
    import torch  # CI must have it: make test installs torch
else:
    torch = pytest.importorskip("torch")

from gdnotes import descent, optimizers, surfaces

STEPS = 200
TOLERANCE = 1e-10

# Each surface: the loss written independently in torch (summed over the
# starts, which does not mix them: each start's gradient is its own).
TORCH_LOSSES = {
    "bowl2d": lambda w: (w[:, 0] ** 2 + 3 * w[:, 1] ** 2).sum(),
    "ravine": lambda w: ((w[:, 0] ** 2 + 25 * w[:, 1] ** 2) / 2).sum(),
    "rosenbrock": lambda w: ((1 - w[:, 0]) ** 2 + 100 * (w[:, 1] - w[:, 0] ** 2) ** 2).sum(),
}
STARTS = {
    "bowl2d": [[3.0, 1.0], [-2.0, 2.5], [0.5, -1.0]],
    "ravine": [[-8.0, 1.5], [6.0, -2.0], [1.0, 0.3]],
    "rosenbrock": [[-1.2, 1.0], [0.3, -0.5], [-0.5, 2.0]],
}

# (id, our optimizer, the torch.optim equivalent), each made from a learning rate.
OPTIMIZERS = [
    ("sgd", lambda lr: optimizers.gradient_descent(lr), lambda p, lr: torch.optim.SGD(p, lr=lr)),
    ("momentum", lambda lr: optimizers.momentum(lr, beta=0.9), lambda p, lr: torch.optim.SGD(p, lr=lr, momentum=0.9)),
    (
        "nesterov",
        lambda lr: optimizers.momentum(lr, beta=0.8, nesterov=True),
        lambda p, lr: torch.optim.SGD(p, lr=lr, momentum=0.8, nesterov=True),
    ),
    (
        "adagrad",
        lambda lr: optimizers.adagrad(lr),
        lambda p, lr: torch.optim.Adagrad(p, lr=lr, lr_decay=0, initial_accumulator_value=0, eps=1e-10),
    ),
    ("rmsprop", lambda lr: optimizers.rmsprop(lr, rho=0.95, eps=1e-8), lambda p, lr: torch.optim.RMSprop(p, lr=lr, alpha=0.95, eps=1e-8)),
    ("rmsprop-defaults", lambda lr: optimizers.rmsprop(lr), lambda p, lr: torch.optim.RMSprop(p, lr=lr)),
    (
        "adam",
        lambda lr: optimizers.adam(lr, beta1=0.85, beta2=0.99, eps=1e-8),
        lambda p, lr: torch.optim.Adam(p, lr=lr, betas=(0.85, 0.99), eps=1e-8),
    ),
    ("adam-defaults", lambda lr: optimizers.adam(lr), lambda p, lr: torch.optim.Adam(p, lr=lr)),
]
IDS = [o[0] for o in OPTIMIZERS]
PLAIN = ("sgd", "momentum", "nesterov")

# Free-running rates: plain and momentum rates respect each surface's
# stiffness (Rosenbrock's curvature reaches the thousands); the adaptive
# rules take steps of about their rate whatever the slope.
RATES = {
    "bowl2d": {"plain": 0.05, "adaptive": 0.05},
    "ravine": {"plain": 0.02, "adaptive": 0.05},
    "rosenbrock": {"plain": 5e-4, "adaptive": 1e-3},
    "rotated": {"plain": 0.05, "adaptive": 0.002},
}


def _rate(surface: str, optimizer_id: str) -> float:
    return RATES[surface]["plain" if optimizer_id in PLAIN else "adaptive"]


def _random_quadratic(dim: int = 5, seed: int = 2024) -> tuple[np.ndarray, np.ndarray]:
    """A random positive-definite matrix A (eigenvalues 0.5..8, rotated) and a vector b."""
    rng = np.random.default_rng(seed)
    rotation, _ = np.linalg.qr(rng.standard_normal((dim, dim)))
    matrix = rotation @ np.diag(np.linspace(0.5, 8.0, dim)) @ rotation.T
    return (matrix + matrix.T) / 2, rng.standard_normal(dim)


MATRIX, VECTOR = _random_quadratic()
ROTATED_START = np.random.default_rng(5).standard_normal((4, 5)) * 3


def rotated_loss(w):
    """L(w) = w.A.w / 2 - b.w with a dense A: the coordinates are coupled, unlike the catalogue's bowls."""
    a, b = torch.tensor(MATRIX), torch.tensor(VECTOR)
    return (0.5 * ((w @ a) * w).sum(1) - w @ b).sum()


def torch_run(loss_fn, make_torch, learning_rate: float, start: np.ndarray, steps: int) -> tuple[np.ndarray, np.ndarray]:
    """torch.optim descending ``loss_fn``: positions (steps + 1, m, d) and the gradients (steps, m, d) it used."""
    w = torch.tensor(start, dtype=torch.float64, requires_grad=True)
    optimizer = make_torch([w], learning_rate)
    positions, gradients = [w.detach().numpy().copy()], []
    for _ in range(steps):
        optimizer.zero_grad()
        loss_fn(w).backward()
        gradients.append(w.grad.numpy().copy())
        optimizer.step()
        positions.append(w.detach().numpy().copy())
    return np.stack(positions), np.stack(gradients)


def torch_path(loss_fn, make_torch, learning_rate: float, start: np.ndarray, steps: int) -> np.ndarray:
    return torch_run(loss_fn, make_torch, learning_rate, start, steps)[0]


def our_path(surface: str, make_ours, learning_rate: float, start: np.ndarray, steps: int) -> np.ndarray:
    """Positions (steps + 1, m, d) of our optimizer: on a catalogue surface through descent.run, or on "rotated"."""
    if surface != "rotated":
        path = descent.run(surfaces.get(surface), make_ours(learning_rate), start, steps)
        assert not path.diverged.any(), f"the reference case {surface} diverged; pick a smaller rate"
        return path.positions
    opt = make_ours(learning_rate)
    w = np.array(start, dtype=float)
    state = opt.init(w)
    positions = [w]
    for _ in range(steps):
        step, state = opt.update(w @ MATRIX - VECTOR, state)
        w = w + step
        positions.append(w)
    return np.stack(positions)


FREE_CASES = [(s, *o) for s in ("bowl2d", "ravine", "rosenbrock", "rotated") for o in OPTIMIZERS]
FREE_IDS = [f"{s}-{name}" for s, name, _, _ in FREE_CASES]


def _start(surface: str) -> np.ndarray:
    return ROTATED_START if surface == "rotated" else np.array(STARTS[surface])


def _loss(surface: str):
    return rotated_loss if surface == "rotated" else TORCH_LOSSES[surface]


@pytest.mark.parametrize("surface", list(TORCH_LOSSES))
def test_torch_losses_are_the_same_surfaces(surface: str) -> None:
    """The torch transcriptions compute the same value and gradient as gdnotes.surfaces."""
    start = np.array(STARTS[surface])
    w = torch.tensor(start, dtype=torch.float64, requires_grad=True)
    loss = TORCH_LOSSES[surface](w)
    loss.backward()
    ours = surfaces.get(surface)
    assert loss.item() == pytest.approx(float(np.sum(ours.value(start))), rel=1e-14)
    np.testing.assert_allclose(w.grad.numpy(), ours.gradient(start), rtol=1e-14, atol=0)


def test_rotated_loss_gradient_is_a_w_minus_b() -> None:
    w = torch.tensor(ROTATED_START, requires_grad=True)
    rotated_loss(w).backward()
    np.testing.assert_allclose(w.grad.numpy(), ROTATED_START @ MATRIX - VECTOR, rtol=0, atol=1e-13)


@pytest.mark.parametrize(("surface", "name", "make_ours", "make_torch"), FREE_CASES, ids=FREE_IDS)
def test_free_running_settings_are_numerically_stable(surface: str, name: str, make_ours, make_torch) -> None:
    """Moving the start by 1e-13 moves our own path by less than 1e-10, so the comparison below is fair."""
    start, rate = _start(surface), _rate(surface, name)
    path = our_path(surface, make_ours, rate, start, STEPS)
    nudged = our_path(surface, make_ours, rate, start + 1e-13, STEPS)
    assert np.max(np.abs(path - nudged)) < TOLERANCE


@pytest.mark.parametrize(("surface", "name", "make_ours", "make_torch"), FREE_CASES, ids=FREE_IDS)
def test_two_hundred_free_steps_match_torch(surface: str, name: str, make_ours, make_torch) -> None:
    start, rate = _start(surface), _rate(surface, name)
    ours = our_path(surface, make_ours, rate, start, STEPS)
    reference = torch_path(_loss(surface), make_torch, rate, start, STEPS)
    assert ours.shape == reference.shape == (STEPS + 1, *start.shape)
    np.testing.assert_allclose(ours, reference, rtol=0, atol=TOLERANCE, err_msg=f"{name} on {surface}")
    # the runs went somewhere: this is not a comparison of standing starts
    assert np.min(np.linalg.norm(ours[-1] - ours[0], axis=1)) > 1e-2


@pytest.mark.parametrize(("name", "make_ours", "make_torch"), OPTIMIZERS, ids=IDS)
def test_diagonal_quadratic_surface_matches_torch(name: str, make_ours, make_torch) -> None:
    """surfaces.quadratic with random curvatures, through descent.run like the catalogue surfaces."""
    curvatures = np.random.default_rng(3).uniform(0.2, 9.0, 4).round(3).tolist()
    lam = torch.tensor(curvatures, dtype=torch.float64)
    start = np.random.default_rng(4).uniform(-4, 4, (3, 4))
    rate = 0.05 if name in PLAIN else 0.02
    path = descent.run(surfaces.quadratic(curvatures), make_ours(rate), start, STEPS)
    reference = torch_path(lambda x: (lam * x**2 / 2).sum(), make_torch, rate, start, STEPS)
    np.testing.assert_allclose(path.positions, reference, rtol=0, atol=TOLERANCE)


# Same-gradient comparisons, in the hard regimes: larger rates, RMSProp's
# short memory (rho = 0.9), a Rosenbrock start whose y-gradient is exactly 0.
HARD_OPTIMIZERS = [
    *OPTIMIZERS,
    ("rmsprop-0.9", lambda lr: optimizers.rmsprop(lr, rho=0.9), lambda p, lr: torch.optim.RMSprop(p, lr=lr, alpha=0.9)),
    ("nesterov-0.99", lambda lr: optimizers.momentum(lr, beta=0.99, nesterov=True), lambda p, lr: torch.optim.SGD(p, lr=lr, momentum=0.99, nesterov=True)),
]
HARD_SETTINGS = {
    "bowl2d": ([[3.0, 1.0], [-2.0, 2.5], [0.0, -1.0]], {"plain": 0.1, "adaptive": 0.2}),
    "ravine": ([[-8.0, 1.5], [6.0, -2.0], [1.0, 0.0]], {"plain": 0.05, "adaptive": 0.2}),
    "rosenbrock": ([[-1.2, 1.0], [0.0, 0.0], [1.5, 1.8]], {"plain": 2e-4, "adaptive": 5e-3}),
    "rotated": (ROTATED_START.tolist(), {"plain": 0.1, "adaptive": 0.02}),
}
HARD_CASES = [(s, *o) for s in HARD_SETTINGS for o in HARD_OPTIMIZERS]


def landing_gaps(surface: str, make_ours, make_torch, rate: float, starts: object, steps: int = STEPS) -> np.ndarray:
    """Feed our optimizer torch's gradients along torch's path: (steps,) largest gap between our landing and torch's."""
    positions, gradients = torch_run(_loss(surface), make_torch, rate, np.array(starts, dtype=float), steps)
    assert np.all(np.isfinite(positions)), f"torch diverged on {surface}; the case needs a smaller rate"
    opt = make_ours(rate)
    state = opt.init(positions[0])
    gaps = []
    for k in range(steps):
        step, state = opt.update(gradients[k], state)
        gaps.append(np.max(np.abs(positions[k] + step - positions[k + 1])))
    return np.array(gaps)


@pytest.mark.parametrize(("surface", "name", "make_ours", "make_torch"), HARD_CASES, ids=[f"{s}-{n}" for s, n, _, _ in HARD_CASES])
def test_two_hundred_steps_from_torchs_gradients_land_on_torchs_path(surface: str, name: str, make_ours, make_torch) -> None:
    starts, rates = HARD_SETTINGS[surface]
    rate = rates["plain" if name.startswith(PLAIN) else "adaptive"]
    gaps = landing_gaps(surface, make_ours, make_torch, rate, starts)
    assert gaps.max() < TOLERANCE, f"{name} on {surface}: step {int(gaps.argmax()) + 1} misses torch's by {gaps.max():.3g}"


def test_adaptive_rules_amplify_rounding_where_a_gradient_passes_zero() -> None:
    """Why the hard regimes are compared on the same gradients: there our own rule,
    run twice from starts 1e-13 apart, ends up far more than 1e-10 apart."""
    opt = lambda lr: optimizers.rmsprop(lr, rho=0.9)  # noqa: E731
    path = our_path("rotated", opt, 0.02, ROTATED_START, STEPS)
    nudged = our_path("rotated", opt, 0.02, ROTATED_START + 1e-13, STEPS)
    assert np.max(np.abs(path - nudged)) > 1e-6


# --- first steps by hand, on bowl2d from (3, 1): gradient (2 w1, 6 w2) = (6, 6) ---

EPS_RMS = 1e-8
EPS_ADAGRAD = 1e-10

HAND = {
    # plain: (3, 1) - 0.1 (6, 6) = (2.4, 0.4); gradient there (4.8, 2.4); (2.4, 0.4) - 0.1 (4.8, 2.4)
    "sgd": [(2.4, 0.4), (1.92, 0.16)],
    # v1 = (6, 6): same first step; v2 = 0.9 (6, 6) + (4.8, 2.4) = (10.2, 7.8); (2.4, 0.4) - 0.1 v2
    "momentum": [(2.4, 0.4), (1.38, -0.38)],
    # v1 = (6, 6); direction g + 0.9 v1 = (11.4, 11.4); (3, 1) - 0.1 (11.4, 11.4)
    # then g = (3.72, -0.84), v2 = 0.9 (6, 6) + g = (9.12, 4.56), direction g + 0.9 v2 = (11.928, 3.264)
    "nesterov": [(1.86, -0.14), (0.6672, -0.4664)],
    # s1 = (36, 36): step -0.5 * 6 / (6 + eps) per coordinate; then g = (5, 3) (at 2.5, 0.5), s2 = (61, 45)
    "adagrad": [
        (3 - 3 / (6 + EPS_ADAGRAD), 1 - 3 / (6 + EPS_ADAGRAD)),
        None,  # depends on the exact first step; checked in closed form below
    ],
    # s1 = 0.01 * 36 = 0.36, sqrt 0.6: step -0.01 * 6 / (0.6 + eps)
    "rmsprop-defaults": [(3 - 0.06 / (0.6 + EPS_RMS), 1 - 0.06 / (0.6 + EPS_RMS)), None],
    # bias-corrected m = g, s = g^2: step -0.1 * 6 / (6 + eps)
    "adam-defaults": [(3 - 0.6 / (6 + EPS_RMS), 1 - 0.6 / (6 + EPS_RMS)), None],
}
HAND_RATES = {"sgd": 0.1, "momentum": 0.1, "nesterov": 0.1, "adagrad": 0.5, "rmsprop-defaults": 0.01, "adam-defaults": 0.1}
HAND_OPTIMIZERS = {
    "sgd": (lambda lr: optimizers.gradient_descent(lr), lambda p, lr: torch.optim.SGD(p, lr=lr)),
    "momentum": (lambda lr: optimizers.momentum(lr, beta=0.9), lambda p, lr: torch.optim.SGD(p, lr=lr, momentum=0.9)),
    "nesterov": (lambda lr: optimizers.momentum(lr, beta=0.9, nesterov=True), lambda p, lr: torch.optim.SGD(p, lr=lr, momentum=0.9, nesterov=True)),
    "adagrad": (lambda lr: optimizers.adagrad(lr), lambda p, lr: torch.optim.Adagrad(p, lr=lr)),
    "rmsprop-defaults": (lambda lr: optimizers.rmsprop(lr), lambda p, lr: torch.optim.RMSprop(p, lr=lr)),
    "adam-defaults": (lambda lr: optimizers.adam(lr), lambda p, lr: torch.optim.Adam(p, lr=lr)),
}


@pytest.mark.parametrize("name", list(HAND))
def test_first_steps_by_hand_for_both(name: str) -> None:
    make_ours, make_torch = HAND_OPTIMIZERS[name]
    rate = HAND_RATES[name]
    start = np.array([[3.0, 1.0]])
    ours = our_path("bowl2d", make_ours, rate, start, 2)[:, 0]
    reference = torch_path(TORCH_LOSSES["bowl2d"], make_torch, rate, start, 2)[:, 0]
    for k, expected in enumerate(HAND[name], start=1):
        if expected is None:
            continue
        np.testing.assert_allclose(ours[k], expected, rtol=0, atol=1e-12, err_msg=f"ours, step {k}")
        np.testing.assert_allclose(reference[k], expected, rtol=0, atol=1e-12, err_msg=f"torch, step {k}")


def test_adagrad_second_step_in_closed_form() -> None:
    # After a first step of (almost exactly) -0.5 the point is (2.5, 0.5), the
    # gradient (5, 3), the sums of squares (36 + 25, 36 + 9) = (61, 45):
    # w2 = (2.5 - 2.5 / sqrt(61), 0.5 - 1.5 / sqrt(45)) = (2.5 - 2.5 / sqrt(61), 0.5 - 1 / (2 sqrt(5))).
    expected = (2.5 - 2.5 / math.sqrt(61), 0.5 - 0.5 / math.sqrt(5))
    start = np.array([[3.0, 1.0]])
    make_ours, make_torch = HAND_OPTIMIZERS["adagrad"]
    ours = our_path("bowl2d", make_ours, 0.5, start, 2)[2, 0]
    reference = torch_path(TORCH_LOSSES["bowl2d"], make_torch, 0.5, start, 2)[2, 0]
    # eps = 1e-10 moves the first step by about 1e-11
    np.testing.assert_allclose(ours, expected, rtol=0, atol=1e-10)
    np.testing.assert_allclose(reference, expected, rtol=0, atol=1e-10)
    np.testing.assert_allclose(ours, reference, rtol=0, atol=1e-15)


def test_defaults_agree_with_torch() -> None:
    """Called with only a learning rate, each rule uses torch.optim's defaults."""
    p = [torch.zeros(2, dtype=torch.float64, requires_grad=True)]
    assert optimizers.adagrad(0.1).hyperparameters["eps"] == torch.optim.Adagrad(p, lr=0.1).defaults["eps"]
    rms = torch.optim.RMSprop(p, lr=0.1).defaults
    assert optimizers.rmsprop(0.1).hyperparameters == {"learning_rate": 0.1, "rho": rms["alpha"], "eps": rms["eps"]}
    adam = torch.optim.Adam(p, lr=0.1).defaults
    ours = optimizers.adam(0.1).hyperparameters
    assert (ours["beta1"], ours["beta2"]) == adam["betas"] and ours["eps"] == adam["eps"]


def _rule(update, init=np.zeros_like):
    """An optimizer maker from ``update(learning_rate) -> (grads, state) -> (step, state)``."""
    return lambda learning_rate: optimizers.Optimizer("wrong", init, update(learning_rate), {})


# Slips that learners find in course notes; each must be caught by both comparisons.
WRONG_RULES = {
    # RMSProp that forgets the (1 - rho) weight on the new square
    "rmsprop-no-weight": (
        _rule(lambda lr: lambda g, s: (-lr * g / (np.sqrt(0.95 * s + g**2) + 1e-8), 0.95 * s + g**2)),
        lambda p, lr: torch.optim.RMSprop(p, lr=lr, alpha=0.95),
    ),
    # Nesterov that looks ahead with the old velocity instead of the new one
    "nesterov-old-velocity": (
        _rule(lambda lr: lambda g, v: (-lr * (g + 0.8 * v), 0.8 * v + g)),
        lambda p, lr: torch.optim.SGD(p, lr=lr, momentum=0.8, nesterov=True),
    ),
    # Adam without bias correction
    "adam-no-bias-correction": (
        _rule(
            lambda lr: lambda g, st: (
                -lr * (0.9 * st[0] + 0.1 * g) / (np.sqrt(0.999 * st[1] + 0.001 * g**2) + 1e-8),
                (0.9 * st[0] + 0.1 * g, 0.999 * st[1] + 0.001 * g**2),
            ),
            init=lambda p: (np.zeros_like(p), np.zeros_like(p)),
        ),
        lambda p, lr: torch.optim.Adam(p, lr=lr),
    ),
}


@pytest.mark.parametrize("slip", list(WRONG_RULES))
def test_a_wrong_rule_is_caught(slip: str) -> None:
    """The comparisons have teeth: a rule with a classic slip in it misses torch by far more than the tolerance."""
    make_wrong, make_torch = WRONG_RULES[slip]
    start = np.array(STARTS["bowl2d"])
    rate = 0.05
    assert landing_gaps("bowl2d", make_wrong, make_torch, rate, start, 20).max() > 1e-4
    free = our_path("bowl2d", make_wrong, rate, start, 20)
    assert np.max(np.abs(free - torch_path(TORCH_LOSSES["bowl2d"], make_torch, rate, start, 20))) > 1e-4
