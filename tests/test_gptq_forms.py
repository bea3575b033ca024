"""GPTQ's forms against the plain-Python oracle (tests/naive/gptq.py), and the checker's own
rules: RTN is refused, a tie taken the other way is accepted, the grid and the codes' range."""

import numpy as np
from hypothesis import given, settings

from judge.model import registry
from judge.model.arrays import decode
from problems import gptq as spec
from solutions import gptq as forms
from tests.naive.gptq import gptq_slow

PROBLEM = registry.get("gptq")


@settings(max_examples=40)
@given(PROBLEM.strategy())
def test_every_form_is_accepted_against_the_oracle_and_the_oracle_against_each(inp):
    oracle = gptq_slow(**inp)
    for name, form in PROBLEM.forms.items():
        got = PROBLEM.plain(PROBLEM.runner(form)(inp))
        assert PROBLEM.checker(inp, oracle, got) is None, name
        assert PROBLEM.checker(inp, got, oracle) is None, name


def test_lazy_batches_give_the_unblocked_result():
    rng = np.random.default_rng(4)
    W, X = rng.normal(size=(16, 300)), rng.normal(size=(300, 40)) @ rng.normal(size=(40, 600))
    blocked = forms.gptq_numpy(W, X, 4, 20, 0.01)
    unblocked = PROBLEM.plain(gptq_slow(W.tolist(), X.tolist(), 4, 20, 0.01))
    inp = {"W": W.tolist(), "X": X.tolist(), "bits": 4, "group_size": 20, "damp": 0.01}
    assert PROBLEM.checker(inp, unblocked, PROBLEM.plain(blocked)) is None
    assert np.mean(np.asarray(unblocked[0]) == blocked[0]) > 0.99


def test_round_to_nearest_is_refused_and_named():
    inp = {"W": [[1.0, -1.0]], "X": [[1.0], [1.0]], "bits": 2, "group_size": -1, "damp": 0.01}
    expected = PROBLEM.plain(forms.gptq_numpy(np.array(inp["W"]), np.array(inp["X"]), 2, -1, 0.01))
    reason = PROBLEM.checker(inp, expected, [[[3, 0]], [[2 / 3]], [[2]]])
    assert reason.startswith("output error ‖WX − ŴX‖² = 0.444444, against the reference GPTQ's 0")
    assert "q[0, 1] = 0 where GPTQ's rule gives 1" in reason and "round-to-nearest's codes" in reason


def _gptq_rounding_first_tie_up(W, X, bits, damp):
    """Unblocked GPTQ, one scale per row, that rounds an exact tie in column 0 up, not to even."""
    qmax = 2**bits - 1
    scale, zero = forms.grid(W, bits, W.shape[1])
    H, W = forms.hessian(X, W, damp)
    U = forms.inverse_factor(H)
    q = np.zeros(W.shape)
    for j in range(W.shape[1]):
        x = W[:, j] / scale[:, 0]
        codes = np.floor(x + 0.5) if j == 0 else np.rint(x)
        q[:, j] = np.clip(codes + zero[:, 0], 0, qmax)
        W[:, j + 1:] -= np.outer((W[:, j] - scale[:, 0] * (q[:, j] - zero[:, 0])) / U[j, j], U[j, j + 1:])
    return q.astype(np.int64), scale, zero


def test_a_code_on_the_other_side_of_a_tie_is_accepted_by_the_replay():
    """W[0, 0] / scale = 0.25 / 0.5 = 0.5 exactly: to even gives 0, up gives 1, and the feedback
    differs from there on (errors 0.75 and 0.5 here). The run that ends with the larger error is
    still GPTQ: the error rule refuses it, and the replay accepts it."""
    inp = {"W": [[0.25, 1.5, 1.5]], "X": [[0.0, 2.0, 2.0, 2.0], [-1.0, 1.0, 2.0, 1.0], [2.0, 1.0, 1.0, -1.0]],
           "bits": 2, "group_size": -1, "damp": 0.01}
    W, X = np.array(inp["W"]), np.array(inp["X"])
    even = PROBLEM.plain(forms.gptq_numpy(W, X, 2, -1, 0.01))
    up = PROBLEM.plain(_gptq_rounding_first_tie_up(W, X, 2, 0.01))
    assert decode(even[0])[0, 0] == 0 and decode(up[0])[0, 0] == 1
    errors = {name: spec.output_error(W, X, *(decode(part).astype(float) for part in a))
              for name, a in (("even", even), ("up", up))}
    worse, better = (up, even) if errors["up"] > errors["even"] else (even, up)
    assert max(errors.values()) > min(errors.values()) * (1 + spec.REL_TOL), errors
    assert PROBLEM.checker(inp, better, worse) is None


def test_the_grid_and_the_range_of_codes_are_checked_exactly():
    inp = {"W": [[1.0, 0.5]], "X": [[1.0, 2.0], [1.0, 1.5]], "bits": 2, "group_size": -1, "damp": 0.01}
    expected = PROBLEM.plain(forms.gptq_numpy(np.array(inp["W"]), np.array(inp["X"]), 2, -1, 0.01))
    q, scale, zero = (decode(v) for v in expected)
    assert "the grid comes from the original W" in PROBLEM.checker(inp, expected, [q.tolist(), (scale * 2).tolist(),
                                                                                  zero.tolist()])
    assert "off the grid: codes are 0..3" in PROBLEM.checker(inp, expected, [(q + 4).tolist(), scale.tolist(),
                                                                              zero.tolist()])


def test_the_numba_form_reports_bad_arguments():
    import pytest

    with pytest.raises(ValueError, match="do not fit"):
        forms.gptq_numba(np.ones((2, 3)), np.ones((2, 5)), 4, -1, 0.01)
    with pytest.raises(ValueError, match="damp is 0"):
        forms.gptq_numba(np.ones((2, 3)), np.ones((3, 5)), 4, -1, 0.0)


def test_output_error_is_the_frobenius_norm_of_the_layer_difference():
    W, X = np.array([[1.0, -1.0]]), np.array([[1.0], [1.0]])
    assert spec.output_error(W, X, np.array([[3.0, 0.0]]), np.array([[2 / 3]]), np.array([[2.0]])) == \
        __import__("pytest").approx(4 / 9)
