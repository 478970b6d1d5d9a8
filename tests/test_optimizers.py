"""Update rules: first steps by hand, long runs against scalar references, purity, bad hyperparameters."""

from __future__ import annotations

import math

import numpy as np
import pytest

from gdnotes import optimizers
from gdnotes.optimizers import Optimizer

G1 = np.array([2.0, -0.5, 0.0])
G2 = np.array([1.0, 3.0, -4.0])
PARAMS = np.array([1.0, 2.0, 3.0])


def _steps(opt: Optimizer, grads: list[np.ndarray]) -> list[np.ndarray]:
    state = opt.init(PARAMS)
    out = []
    for g in grads:
        step, state = opt.update(g, state)
        out.append(step)
    return out


def test_gradient_descent_first_step() -> None:
    (step,) = _steps(optimizers.gradient_descent(0.1), [G1])
    assert step.tolist() == [-0.2, 0.05, -0.0]
    assert optimizers.gradient_descent(0.1).init(PARAMS) == ()


def test_momentum_first_two_steps() -> None:
    alpha, beta = 0.1, 0.9
    s1, s2 = _steps(optimizers.momentum(alpha, beta), [G1, G2])
    v1 = G1  # the velocity starts at zero, so the first step is plain gradient descent
    v2 = beta * v1 + G2
    np.testing.assert_allclose(s1, -alpha * v1, rtol=0, atol=1e-15)
    np.testing.assert_allclose(s2, -alpha * v2, rtol=0, atol=1e-15)
    assert s2.tolist() == pytest.approx([-0.28, -0.255, 0.4])


def test_nesterov_first_two_steps() -> None:
    alpha, beta = 0.1, 0.9
    s1, s2 = _steps(optimizers.momentum(alpha, beta, nesterov=True), [G1, G2])
    v1 = G1
    v2 = beta * v1 + G2
    np.testing.assert_allclose(s1, -alpha * (G1 + beta * v1), rtol=0, atol=1e-15)
    np.testing.assert_allclose(s2, -alpha * (G2 + beta * v2), rtol=0, atol=1e-15)
    assert s1.tolist() == pytest.approx([-0.38, 0.095, 0.0])


def test_momentum_beta_zero_is_gradient_descent() -> None:
    plain = _steps(optimizers.gradient_descent(0.3), [G1, G2, G1])
    for nesterov in (False, True):
        heavy = _steps(optimizers.momentum(0.3, beta=0.0, nesterov=nesterov), [G1, G2, G1])
        for a, b in zip(plain, heavy):
            np.testing.assert_array_equal(a, b)


def test_adam_first_step_is_minus_rate_times_sign() -> None:
    alpha = 0.01
    (step,) = _steps(optimizers.adam(alpha), [G1])
    # m1 = (1-b1) g, s1 = (1-b2) g^2; bias correction gives m_hat = g, s_hat = g^2
    expected = -alpha * G1 / (np.abs(G1) + 1e-8)
    np.testing.assert_allclose(step, expected, rtol=1e-14, atol=0)
    np.testing.assert_allclose(step[:2], -alpha * np.sign(G1[:2]), rtol=1e-7)
    assert step[2] == 0.0


def test_adam_two_steps_by_hand() -> None:
    alpha, b1, b2, eps = 0.01, 0.9, 0.999, 1e-8
    s1, s2 = _steps(optimizers.adam(alpha, b1, b2, eps), [G1, G2])
    m1 = (1 - b1) * G1
    v1 = (1 - b2) * G1**2
    m2 = b1 * m1 + (1 - b1) * G2
    v2 = b2 * v1 + (1 - b2) * G2**2
    m_hat = m2 / (1 - b1**2)
    v_hat = v2 / (1 - b2**2)
    np.testing.assert_allclose(s2, -alpha * m_hat / (np.sqrt(v_hat) + eps), rtol=1e-13)
    # the second coordinate: m_hat = (0.09*(-0.5) + 0.1*3) / 0.19, v_hat = (0.000999*0.25 + 0.001*9) / 0.001999
    m = (0.9 * 0.1 * -0.5 + 0.1 * 3.0) / (1 - 0.81)
    v = (0.999 * 0.001 * 0.25 + 0.001 * 9.0) / (1 - 0.998001)
    assert s2[1] == pytest.approx(-0.01 * m / (math.sqrt(v) + 1e-8), rel=1e-12)


def test_adam_state_counts_steps() -> None:
    opt = optimizers.adam(0.1)
    state = opt.init(PARAMS)
    assert state.count == 0
    _, state = opt.update(G1, state)
    _, state = opt.update(G2, state)
    assert state.count == 2


def test_rmsprop_first_step() -> None:
    alpha, rho, eps = 0.01, 0.99, 1e-8
    (step,) = _steps(optimizers.rmsprop(alpha, rho, eps), [G1])
    # s1 = (1 - rho) g^2 = 0.01 g^2, so the step is -alpha g / (0.1 |g| + eps) ~ -10 alpha sign(g)
    np.testing.assert_allclose(step, -alpha * G1 / (np.sqrt(0.01 * G1**2) + eps), rtol=1e-14)
    assert step[0] == pytest.approx(-0.1, rel=1e-7)


def test_adagrad_first_two_steps() -> None:
    alpha, eps = 0.5, 1e-10
    s1, s2 = _steps(optimizers.adagrad(alpha, eps), [G1, G2])
    np.testing.assert_allclose(s1, -alpha * G1 / (np.abs(G1) + eps), rtol=1e-14)
    np.testing.assert_allclose(s2, -alpha * G2 / (np.sqrt(G1**2 + G2**2) + eps), rtol=1e-14)
    assert s2[0] == pytest.approx(-0.5 / math.sqrt(5.0), rel=1e-9)  # eps = 1e-10 shifts the tenth digit


# Scalar references, written the slow way from the published update rules.


def _reference(name: str, grads: list[float], **h: float) -> list[float]:
    steps = []
    v = s = m = 0.0
    for k, g in enumerate(grads, start=1):
        if name == "gd":
            steps.append(-h["learning_rate"] * g)
        elif name in ("momentum", "nesterov"):
            v = h["beta"] * v + g
            direction = g + h["beta"] * v if name == "nesterov" else v
            steps.append(-h["learning_rate"] * direction)
        elif name == "adagrad":
            s += g * g
            steps.append(-h["learning_rate"] * g / (math.sqrt(s) + h["eps"]))
        elif name == "rmsprop":
            s = h["rho"] * s + (1 - h["rho"]) * g * g
            steps.append(-h["learning_rate"] * g / (math.sqrt(s) + h["eps"]))
        elif name == "adam":
            m = h["beta1"] * m + (1 - h["beta1"]) * g
            s = h["beta2"] * s + (1 - h["beta2"]) * g * g
            m_hat = m / (1 - h["beta1"] ** k)
            s_hat = s / (1 - h["beta2"] ** k)
            steps.append(-h["learning_rate"] * m_hat / (math.sqrt(s_hat) + h["eps"]))
    return steps


CASES = [
    ("gd", optimizers.gradient_descent, {"learning_rate": 0.05}),
    ("momentum", optimizers.momentum, {"learning_rate": 0.05, "beta": 0.8}),
    ("nesterov", lambda **h: optimizers.momentum(nesterov=True, **h), {"learning_rate": 0.05, "beta": 0.8}),
    ("adagrad", optimizers.adagrad, {"learning_rate": 0.3, "eps": 1e-10}),
    ("rmsprop", optimizers.rmsprop, {"learning_rate": 0.01, "rho": 0.9, "eps": 1e-8}),
    ("adam", optimizers.adam, {"learning_rate": 0.02, "beta1": 0.85, "beta2": 0.99, "eps": 1e-8}),
]


@pytest.mark.parametrize(("name", "make", "hyper"), CASES, ids=[c[0] for c in CASES])
def test_forty_steps_match_the_scalar_reference(name: str, make, hyper: dict) -> None:
    rng = np.random.default_rng(7)
    grads = rng.standard_normal((40, 3)) * np.array([0.01, 1.0, 100.0])
    opt = make(**hyper)
    ours = _steps(opt, list(grads))
    for j in range(3):
        expected = _reference(name, list(grads[:, j]), **hyper)
        np.testing.assert_allclose([s[j] for s in ours], expected, rtol=1e-12, atol=0)
    assert opt.hyperparameters == hyper


@pytest.mark.parametrize(("name", "make", "hyper"), CASES, ids=[c[0] for c in CASES])
def test_matches_torch_when_installed(name: str, make, hyper: dict) -> None:
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(11)
    grads = rng.standard_normal((30, 3))
    param = torch.tensor(PARAMS.copy(), dtype=torch.float64, requires_grad=True)
    h = hyper
    lr = h["learning_rate"]
    reference = {
        "gd": lambda: torch.optim.SGD([param], lr=lr),
        "momentum": lambda: torch.optim.SGD([param], lr=lr, momentum=h["beta"]),
        "nesterov": lambda: torch.optim.SGD([param], lr=lr, momentum=h["beta"], nesterov=True),
        "adagrad": lambda: torch.optim.Adagrad([param], lr=lr, eps=h["eps"]),
        "rmsprop": lambda: torch.optim.RMSprop([param], lr=lr, alpha=h["rho"], eps=h["eps"]),
        "adam": lambda: torch.optim.Adam([param], lr=lr, betas=(h["beta1"], h["beta2"]), eps=h["eps"]),
    }[name]()
    opt = make(**hyper)
    ours = PARAMS.copy()
    state = opt.init(ours)
    for g in grads:
        param.grad = torch.tensor(g, dtype=torch.float64)
        reference.step()
        step, state = opt.update(g, state)
        ours = ours + step
    np.testing.assert_allclose(ours, param.detach().numpy(), rtol=1e-12, atol=1e-14)


ALL_OPTIMIZERS = [
    optimizers.gradient_descent(0.1),
    optimizers.momentum(0.1),
    optimizers.momentum(0.1, nesterov=True),
    optimizers.adagrad(0.1),
    optimizers.rmsprop(0.1),
    optimizers.adam(0.1),
]


@pytest.mark.parametrize("opt", ALL_OPTIMIZERS, ids=lambda o: o.name)
def test_update_is_pure(opt: Optimizer) -> None:
    state = opt.init(PARAMS)
    _, state = opt.update(G1, state)  # a state with something in it
    frozen = [np.array(part, copy=True) for part in (state if isinstance(state, tuple) else (state,))]
    grads = G2.copy()
    first = opt.update(grads, state)
    second = opt.update(grads, state)
    np.testing.assert_array_equal(first[0], second[0])
    for a, b in zip(first[1] if isinstance(first[1], tuple) else (first[1],), second[1] if isinstance(second[1], tuple) else (second[1],)):
        np.testing.assert_array_equal(a, b)
    after = [np.asarray(part) for part in (state if isinstance(state, tuple) else (state,))]
    for a, b in zip(frozen, after):
        np.testing.assert_array_equal(a, b)
    np.testing.assert_array_equal(grads, G2)


@pytest.mark.parametrize("opt", ALL_OPTIMIZERS, ids=lambda o: o.name)
def test_init_has_the_shape_of_the_parameters(opt: Optimizer) -> None:
    params = np.zeros((5, 2))
    state = opt.init(params)
    step, _ = opt.update(np.ones((5, 2)), state)
    assert step.shape == (5, 2)
    # plain lists are accepted as gradients
    step, _ = opt.update([[1.0, 1.0]] * 5, state)
    assert step.shape == (5, 2) and np.all(step < 0)


def test_names() -> None:
    assert [o.name for o in ALL_OPTIMIZERS] == ["gradient descent", "momentum", "Nesterov momentum", "AdaGrad", "RMSProp", "Adam"]


MAKERS = {
    "gradient_descent": optimizers.gradient_descent,
    "momentum": optimizers.momentum,
    "adagrad": optimizers.adagrad,
    "rmsprop": optimizers.rmsprop,
    "adam": optimizers.adam,
}

BAD_RATES = [
    (0, ValueError),
    (0.0, ValueError),
    (-0.1, ValueError),
    (float("nan"), ValueError),
    (float("inf"), ValueError),
    (-float("inf"), ValueError),
    ("0.1", TypeError),
    (True, TypeError),
    (None, TypeError),
    (1j, TypeError),
    ([0.1], TypeError),
]


@pytest.mark.parametrize("maker", MAKERS.values(), ids=MAKERS.keys())
@pytest.mark.parametrize(("rate", "error"), BAD_RATES, ids=[repr(r) for r, _ in BAD_RATES])
def test_bad_learning_rate_is_named(maker, rate: object, error: type) -> None:
    with pytest.raises(error, match="learning_rate"):
        maker(rate)


@pytest.mark.parametrize("rate", [1e-12, 3, np.float32(0.5), np.int64(2), 1e6])
def test_good_learning_rates(rate: object) -> None:
    opt = optimizers.gradient_descent(rate)
    assert opt.hyperparameters["learning_rate"] == float(rate)
    assert isinstance(opt.hyperparameters["learning_rate"], float)


@pytest.mark.parametrize(
    ("maker", "argument"),
    [
        (lambda b: optimizers.momentum(0.1, beta=b), "beta"),
        (lambda b: optimizers.rmsprop(0.1, rho=b), "rho"),
        (lambda b: optimizers.adam(0.1, beta1=b), "beta1"),
        (lambda b: optimizers.adam(0.1, beta2=b), "beta2"),
    ],
)
@pytest.mark.parametrize(("value", "error"), [(1.0, ValueError), (1.5, ValueError), (-0.01, ValueError), (float("nan"), ValueError), ("0.9", TypeError), (None, TypeError)])
def test_decay_rates_outside_the_unit_interval_are_named(maker, argument: str, value: object, error: type) -> None:
    with pytest.raises(error, match=argument):
        maker(value)


def test_beta_zero_is_allowed() -> None:
    assert optimizers.momentum(0.1, beta=0.0).hyperparameters["beta"] == 0.0


@pytest.mark.parametrize("eps", [0.0, -1e-8, float("nan")])
def test_bad_eps_is_named(eps: float) -> None:
    for maker in (optimizers.adagrad, optimizers.rmsprop, optimizers.adam):
        with pytest.raises(ValueError, match="eps"):
            maker(0.1, eps=eps)


@pytest.mark.parametrize("nesterov", [1, 0, "yes", None, np.array(True)])
def test_nesterov_must_be_bool(nesterov: object) -> None:
    with pytest.raises(TypeError, match="nesterov"):
        optimizers.momentum(0.1, nesterov=nesterov)  # type: ignore[arg-type]


# ------------------------------------------------- the float forms (descent's fast loop for one start)

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_FLOAT_RULES = {
    "gradient descent": lambda a, b: optimizers.gradient_descent(a),
    "momentum": lambda a, b: optimizers.momentum(a, b),
    "Nesterov momentum": lambda a, b: optimizers.momentum(a, b, nesterov=True),
}


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(sorted(_FLOAT_RULES)),
    st.floats(1e-4, 10),
    st.floats(0, 0.999),
    st.integers(1, 3),
    st.data(),
)
def test_float_forms_give_the_array_rules_floats(name, alpha, beta, d, data) -> None:
    """Step after step on one start of d coordinates, the float form's steps and state are the array rule's, byte for byte."""
    opt = _FLOAT_RULES[name](alpha, beta)
    form = optimizers._float_form(opt)
    grad_lists = data.draw(st.lists(st.lists(st.floats(-1e6, 1e6), min_size=d, max_size=d), min_size=1, max_size=20))
    state = opt.init(np.zeros((1, d)))
    floats = form.to_floats(state)
    for grads in grad_lists:
        step, state = opt.update(np.array([grads]), state)
        float_step, floats = form.update(grads, floats)
        assert np.array([float_step]).tobytes() == step.tobytes()
        back = form.to_arrays(floats)
        if isinstance(state, tuple):
            assert back == state == ()
        else:
            assert back.shape == state.shape and back.tobytes() == state.tobytes()


def test_only_the_rules_made_here_with_a_float_form_have_one() -> None:
    for opt in (optimizers.adam(0.1), optimizers.rmsprop(0.1), optimizers.adagrad(0.1)):
        assert optimizers._float_form(opt) is None
    borrowed = optimizers.gradient_descent(0.1)
    assert optimizers._float_form(optimizers.Optimizer("copy", borrowed.init, lambda g, s: (-0.1 * g, s), {})) is None
    assert optimizers._float_form(borrowed) is not None
