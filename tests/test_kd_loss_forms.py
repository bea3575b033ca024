"""Every kd-loss form against the 60-digit decimal oracle (tests/naive/), on Hypothesis's inputs;
the strategy's reach; the numba wrapper's one-line errors."""

import math

import numpy as np
import pytest
from hypothesis import given, settings

from judge.engine.search import draw
from judge.model import registry
from solutions import kd_loss as kd
from tests.naive.kd_loss import affordable, kd_loss_decimal

PROBLEM = registry.get("kd-loss")


@settings(max_examples=60, deadline=None)
@given(PROBLEM.strategy())
def test_every_form_matches_the_decimal_oracle(inp):
    if not affordable(inp):
        inp = {**inp, "student_logits": inp["student_logits"][:1], "teacher_logits": inp["teacher_logits"][:1],
               "labels": inp["labels"][:1]}
        if not affordable(inp):
            return
    want = kd_loss_decimal(**inp)
    for name, form in PROBLEM.forms.items():
        got = PROBLEM.plain(PROBLEM.runner(form)(inp))
        assert PROBLEM.checker(inp, want, got) is None, name


def test_the_forms_agree_on_a_large_batch():
    rng = np.random.default_rng(5)
    s, t = rng.normal(0, 30, (64, 1000)), rng.normal(0, 30, (64, 1000))
    y = rng.integers(0, 1000, 64)
    want = kd.kd_loss_python(s, t, y, 3.0, 0.25)
    inp = {"student_logits": s.tolist(), "teacher_logits": t.tolist(), "labels": y.tolist(), "temperature": 3.0,
           "alpha": 0.25}
    for name in ("numpy", "numba"):
        assert PROBLEM.checker(inp, PROBLEM.plain(want), PROBLEM.plain(kd.FORMS[name](s, t, y, 3.0, 0.25))) is None


def test_the_gradient_is_the_losss_derivative():
    """Central differences of the numpy form's own loss, at moderate logits: the gradient it returns
    is the derivative of the loss it returns (T², 1/T and the batch mean included)."""
    rng = np.random.default_rng(11)
    s, t, y = rng.normal(0, 2, (3, 4)), rng.normal(0, 2, (3, 4)), np.array([0, 3, 1])
    for temperature, alpha in ((1.0, 0.5), (4.0, 0.0), (0.5, 1.0), (20.0, 0.3)):
        _, grad = kd.kd_loss_numpy(s, t, y, temperature, alpha)
        step = 1e-6
        for b in range(3):
            for c in range(4):
                up, down = s.copy(), s.copy()
                up[b, c] += step
                down[b, c] -= step
                numeric = (kd.kd_loss_numpy(up, t, y, temperature, alpha)[0]
                           - kd.kd_loss_numpy(down, t, y, temperature, alpha)[0]) / (2 * step)
                assert grad[b, c] == pytest.approx(numeric, rel=1e-5, abs=1e-8)


def test_the_t_squared_keeps_the_soft_gradients_scale():
    """Hinton et al.'s point: with the T², the soft gradient's size hardly moves as T grows (it
    tends to (s - t)/C); without it, it would fall as 1/T²."""
    rng = np.random.default_rng(2)
    s, t, y = rng.normal(0, 1, (8, 10)), rng.normal(0, 1, (8, 10)), rng.integers(0, 10, 8)
    sizes = [np.abs(kd.kd_loss_numpy(s, t, y, temperature, 0.0)[1]).sum() for temperature in (4.0, 8.0, 16.0)]
    assert max(sizes) / min(sizes) < 1.1


def test_the_strategy_reaches_the_edge_cases():
    seen = set()
    for inp in draw(PROBLEM.strategy(), 400, seed=7):
        s, t = np.array(inp["student_logits"]), np.array(inp["teacher_logits"])
        temperature, alpha = inp["temperature"], inp["alpha"]
        if max(np.abs(s).max(), np.abs(t).max()) / temperature > 709.8:
            seen.add("exp overflows")
        if max(np.ptp(s, axis=1).max(), np.ptp(t, axis=1).max()) / temperature > 745:
            seen.add("a probability underflows to 0")
        if temperature == 0.5:
            seen.add("T = 0.5")
        if temperature == 20.0:
            seen.add("T = 20")
        if alpha == 0.0:
            seen.add("alpha = 0")
        if alpha == 1.0:
            seen.add("alpha = 1")
        if s.shape[1] == 1:
            seen.add("one class")
        if s.shape[1] > 1 and np.any(np.ptp(s, axis=1) == 0):
            seen.add("tied logits")
        z = t / temperature
        p = np.exp(z - z.max(axis=1, keepdims=True))
        p /= p.sum(axis=1, keepdims=True)
        if s.shape[1] > 1 and temperature <= 1 and np.any(np.sum(p == 1.0, axis=1) == 1):
            seen.add("one-hot teacher at a low T")
        if s.shape[0] > 1:
            seen.add("a batch")
    assert seen >= {"exp overflows", "a probability underflows to 0", "T = 0.5", "T = 20", "alpha = 0", "alpha = 1",
                    "one class", "tied logits", "one-hot teacher at a low T", "a batch"}, seen


def test_one_class_and_matching_logits_give_zero():
    loss, grad = kd.kd_loss_numba(np.array([[5.0], [-3.0]]), np.array([[1.0], [2.0]]), np.array([0, 0]), 2.0, 0.5)
    assert loss == 0.0 and np.all(grad == 0.0)
    s = np.array([[0.5, -1.0, 2.0]])
    loss, grad = kd.kd_loss_numba(s, s, np.array([1]), 4.0, 0.0)
    assert math.isclose(loss, 0.0, abs_tol=1e-15) and np.allclose(grad, 0.0, atol=1e-15)


@pytest.mark.parametrize("args, needle", [
    ((np.zeros((2, 3)), np.zeros((2, 2)), np.zeros(2, int), 1.0, 0.5), "must be B x C"),
    ((np.zeros((1, 3)), np.zeros((1, 3)), np.array([3]), 1.0, 0.5), "outside 0..2"),
    ((np.zeros((1, 3)), np.zeros((1, 3)), np.array([0]), 0.0, 0.5), "temperature is 0.0"),
    ((np.zeros((1, 3)), np.zeros((1, 3)), np.array([0]), 1.0, 1.5), "alpha is 1.5"),
])
def test_the_numba_wrapper_raises_one_line_errors(args, needle):
    with pytest.raises(ValueError, match=needle) as info:
        kd.kd_loss_numba(*args)
    assert "\n" not in str(info.value)
