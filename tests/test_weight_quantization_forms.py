"""Every weight-quantization form against the exact-arithmetic oracle (tests/naive/), on
Hypothesis's inputs and on the edge cases that need no search."""

import numpy as np
import pytest
from hypothesis import given, settings

from judge.model import registry
from solutions import weight_quantization as wq
from tests.naive.weight_quantization import quantize_exact, to_float32

PROBLEM = registry.get("weight-quantization")


@settings(max_examples=60)
@given(PROBLEM.strategy())
def test_every_form_matches_exact_arithmetic(inp):
    want = quantize_exact(**inp)
    for name, form in PROBLEM.forms.items():
        got = PROBLEM.plain(PROBLEM.runner(form)(inp))
        assert PROBLEM.checker(inp, want, got) is None, name


def test_the_oracles_rounding_is_float32s():
    from fractions import Fraction

    for x in (1 / 3, 2 / 3, 1e-40, 65504.0, -7.0000001, 2.0**-149 * 3.5):
        assert float(to_float32(Fraction(x))) == float(np.float32(x))


def test_the_strategy_reaches_the_edge_cases():
    """Ties, outliers, zero rows, negative zeros, one column and one group per row, in 300 draws."""
    from judge.engine.search import draw

    seen = set()
    for inp in draw(PROBLEM.strategy(), 300, seed=7):
        w = np.array(inp["w"], np.float32)
        rows, cols = w.shape
        g = cols if inp["group_size"] == -1 else inp["group_size"]
        (q, scale, zero), _ = wq.FORMS["numpy"](w, inp["bits"], inp["symmetric"], inp["group_size"])
        quotient = w.reshape(rows, cols // g, g) / scale[:, :, None]
        if np.any(np.abs(quotient - np.floor(quotient) - 0.5) == 0):
            seen.add("tie")
        magnitudes = np.sort(np.abs(w).ravel())
        if magnitudes.size > 1 and magnitudes[-1] >= 100 * magnitudes[-2] > 0:
            seen.add("outlier")
        if rows > 1 and np.any(np.all(w == 0, axis=1)):
            seen.add("zero row")
        if np.any(np.signbit(w) & (w == 0)):
            seen.add("negative zero")
        seen.add("one column" if cols == 1 else "columns")
        if inp["group_size"] == cols and cols > 1:
            seen.add("group = row")
        if cols >= 128:
            seen.add("wide")
    assert seen >= {"tie", "outlier", "zero row", "negative zero", "one column", "group = row", "wide"}, seen


@pytest.mark.parametrize("quantize", [wq.quantize_python, wq.quantize_numpy, wq.quantize_numba])
def test_bad_arguments_raise_one_line_errors(quantize):
    with pytest.raises(ValueError, match="divisor of 4"):
        quantize(np.ones((1, 4), np.float32), 4, True, 3)
    with pytest.raises(ValueError, match="bits is 9"):
        quantize(np.ones((1, 4), np.float32), 9, True, -1)


def test_the_numba_kernel_reports_a_non_finite_weight():
    with pytest.raises(ValueError, match="inf or NaN"):
        wq.quantize_numba(np.array([[1.0, np.nan]], np.float32), 4, True, -1)
    with pytest.raises(ValueError, match="inf or NaN"):
        wq.quantize_numba(np.array([[1.0, -np.inf]], np.float32), 4, False, -1)


def test_dequantized_weights_are_within_half_a_step_where_no_code_is_clamped():
    rng = np.random.default_rng(3)
    w = rng.normal(size=(8, 256)).astype(np.float32)
    for symmetric in (True, False):
        (q, scale, zero), w_hat = wq.FORMS["numba"](w, 4, symmetric, 128)
        step = np.repeat(scale, 128, axis=1)
        assert np.all(np.abs(w - w_hat) <= step * 0.5 * (1 + 1e-6))
