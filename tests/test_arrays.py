"""The machinery for problems on numeric arrays: arguments, encoded answers, the array checker,
float sizes, float and shape reductions, and how a report shows them.

Each piece is tested against an independent description of what it must do (a brute force, a
hand-computed message), never against itself."""

import io
import itertools
import json
import math
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from rich.console import Console

from judge.engine import loader
from judge.engine import plan as planner
from judge.engine.reduce import edits, reduce
from judge.errors import CompileError, Unsupported
from judge.model import arrays, scope
from judge.model.outcomes import CaseOutcome
from judge.model.problem import Entry
from judge.model.size import float_cost, measure
from judge.model.values import same, short_repr, to_plain
from judge.model.verdicts import Verdict
from problems import _arrays

ENTRY = Entry(("quantize",), "quantize", ("w", "bits"), arrays=(("w", "float32"),),
              then=("dequantize", ("q", "scale")))

# -- arguments and answers -------------------------------------------------------------------------


def test_declared_arrays_arrive_as_ndarrays_of_their_dtype_and_the_rest_as_given():
    args = ENTRY.arguments({"w": [[1, 2.5]], "bits": 4})
    assert isinstance(args[0], np.ndarray) and args[0].dtype == np.float32 and args[0].shape == (1, 2)
    assert args[1] == 4 and type(args[1]) is int
    already = np.zeros((2, 2), np.float32)
    assert ENTRY.arguments({"w": already, "bits": 4})[0] is already  # the families' matrices: no copy


def test_a_second_function_gets_what_the_first_returned():
    run = ENTRY.call(lambda w, bits: (w * 2, bits), lambda q, scale: q.sum() + scale)
    first, second = run({"w": [[1.0, 2.0]], "bits": 3})
    assert first[0].tolist() == [[2.0, 4.0]] and second == 9.0
    assert ENTRY.call(lambda w, bits: 7, lambda q, scale: 0)({"w": [[1.0]], "bits": 2}) == (7, None)


@given(hnp.arrays(st.sampled_from([np.float32, np.float64, np.int8, np.uint8, np.int64, np.bool_]),
                  hnp.array_shapes(min_dims=0, max_dims=3, min_side=0, max_side=4)))
def test_an_ndarray_crosses_json_and_comes_back_with_its_dtype_and_shape(array):
    plain = json.loads(json.dumps(to_plain((array, 3), arrays=True)))
    back = arrays.decode(plain[0])
    assert back.dtype == array.dtype and back.shape == array.shape
    assert np.array_equal(back, array, equal_nan=array.dtype.kind == "f") and plain[1] == 3


def test_without_arrays_an_ndarray_is_still_unsupported():
    with pytest.raises(Unsupported, match="ndarray"):
        to_plain(np.array([True]))


@pytest.mark.parametrize("value, name", [(np.array(["a"]), "ndarray of dtype <U1"),
                                         (np.array([1 + 2j]), "ndarray of dtype complex128"),
                                         ({"ndarray": "int8", "shape": [1], "data": [1]}, "reserved key")])
def test_what_cannot_pass_for_an_array_of_numbers_is_unsupported(value, name):
    with pytest.raises(Unsupported, match=name):
        to_plain(value, arrays=True)


def test_lists_decode_as_arrays_and_ragged_ones_are_named():
    assert arrays.decode([[1, 2], [3, 4]]).dtype.kind == "i"
    assert arrays.decode([[1, 2.5]]).dtype.kind == "f"
    with pytest.raises(ValueError, match="rows of different lengths"):
        arrays.decode([[1, 2], [3]])
    with pytest.raises(ValueError, match="not all numbers"):
        arrays.decode([["a"]])


# -- the array checker -------------------------------------------------------------------------------


def test_integer_codes_are_compared_exactly_naming_the_first_difference():
    want = to_plain(np.array([[1, 2], [3, 4]], np.int8), arrays=True)
    assert _arrays.compare("q", want, [[1, 2], [3, 4]], integer=True) is None
    assert _arrays.compare("q", want, [[1, 2], [5, 6]], integer=True) == "q[1, 0] = 5, expected 3; 1 more differ"
    message = _arrays.compare("q", want, to_plain(np.array([[1.0, 2], [3, 4]]), arrays=True), integer=True,
                              codes_dtype="int8")
    assert message == "q has dtype float64; it holds integer codes: return q.astype(np.int8)"


def test_floats_are_compared_with_relative_and_absolute_tolerance():
    want = to_plain(np.array([1.0, 0.0, 100.0], np.float32), arrays=True)
    assert _arrays.compare("w", want, [1.0 + 1e-7, 1e-13, 100.0001], integer=False, rtol=1e-5, atol=1e-12) is None
    message = _arrays.compare("w", want, [1.0, 0.0, 101.0], integer=False, rtol=1e-6, atol=0.0)
    assert message == "w[2] = 101.0, expected 100.0 (tolerance 1e-06 relative + 0 absolute)"
    assert "expected nan" in _arrays.compare("w", [math.nan], [1.0], integer=False)
    assert _arrays.compare("w", [math.nan], [math.nan], integer=False) is None


def test_shapes_and_non_arrays_are_named():
    want = to_plain(np.zeros((2, 3), np.float32), arrays=True)
    assert _arrays.compare("s", want, np.zeros((3, 2)).tolist(), integer=False) == \
        "s has shape (3, 2), expected (2, 3)"
    assert _arrays.compare("s", [1.0, 2.0], [1.0], integer=False) == "s has shape (1,), expected (2,)"
    assert _arrays.compare("s", want, None, integer=False) == "s is not an array of numbers: NoneType is not an array"


# -- sizes of floats ------------------------------------------------------------------------------------


def _cost_by_fractions(value: float) -> int:
    """The cost rule read off the exact binary fraction: value = ±n / 2^k in lowest terms."""
    if value == 0:
        return int(math.copysign(1.0, value) < 0)
    exact = abs(Fraction(value))
    exponent = 0
    while exact >= 2:
        exact /= 2
        exponent += 1
    while exact < 1:
        exact *= 2
        exponent -= 1
    bits = exact.denominator.bit_length()  # f = n / 2^(bits - 1), n odd, with bits significant bits
    return 1 + abs(exponent) + bits - 1


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_float_cost_counts_exponent_and_significant_bits(value):
    assert float_cost(value) == _cost_by_fractions(value)


def test_float_cost_of_the_scope_values():
    assert [float_cost(v) for v in (0.0, -0.0, 1.0, -1.0, 0.5, 2.0, 1.5, 3.0, 0.75, 100.0)] == \
        [0, 1, 1, 1, 2, 2, 2, 3, 3, 11]


@given(st.floats(allow_nan=False, allow_infinity=False, width=32))
def test_every_float_edit_is_cheaper_and_the_slowest_descent_reaches_zero(value):
    budget = float_cost(value)
    while float_cost(value) > 0:
        smaller = list(edits(value))
        assert smaller and all(float_cost(s) < float_cost(value) for s in smaller), value
        value = max(smaller, key=float_cost)
        budget -= 1
    assert budget >= 0


def test_scope_floats_and_matrices_are_sized_by_the_float_cost():
    gen = scope.matrices(scope.floats((0.0, -0.0, 1.0, -1.0, 0.5, 2.0)))
    found = [(k, m) for k in range(6) for m in gen(k)]
    assert all(measure(m, floats=True) == k for k, m in found)
    brute = set()
    for rows in range(1, 6):
        for cols in range(1, 6 // rows + 1):
            for cells in itertools.product((0.0, -0.0, 1.0, -1.0, 0.5, 2.0), repeat=rows * cols):
                m = [list(cells[r * cols:(r + 1) * cols]) for r in range(rows)]
                if measure(m, floats=True) <= 5:
                    brute.add(repr(m))
    assert {repr(m) for _, m in found} == brute and len(found) == len(brute)


# -- reductions: shapes and values ------------------------------------------------------------------------


def test_reduction_drops_rows_and_columns_and_simplifies_values():
    """Fails while there are two rows and some value is at least 1 in absolute value: the smallest
    such inputs are a column of 0.0 and 1.0, in either order."""
    start = {"w": [[0.3, -3.5, 2.0], [0.75, 1.25, -0.0], [6.0, 0.0, 1.5]]}

    def size(inp):
        return (_arrays.matrix_size(inp["w"]),)

    def first_failing(candidates):
        return next((i for i, c in enumerate(candidates)
                     if len(c["w"]) >= 2 and any(abs(v) >= 1 for r in c["w"] for v in r)), None)

    def valid(inp):
        return bool(inp["w"]) and all(len(r) == len(inp["w"][0]) > 0 for r in inp["w"])

    def columns(inp):
        for _, smaller in _arrays.column_drops(inp["w"]):
            yield {"w": smaller}

    reduced, minimal = reduce(start, size, valid, first_failing, deadline=math.inf, extra=columns)
    assert minimal and reduced["w"] in ([[0.0], [1.0]], [[1.0], [0.0]])
    without_columns, _ = reduce(start, size, valid, first_failing, deadline=math.inf)
    assert len(without_columns["w"][0]) == 3, "with two rows left, only the problem's own edit drops a column"


# -- the loader and the plan: a second function --------------------------------------------------------


def test_a_missing_second_function_is_a_compile_error(tmp_path):
    path = tmp_path / "one.py"
    path.write_text("def quantize(w, bits):\n    return w, bits\n")
    with pytest.raises(CompileError, match="no dequantize found"):
        planner.plan(path, ENTRY)
    path.write_text("class Solution:\n    def quantize(self, w, bits):\n        return w, bits\n")
    with pytest.raises(CompileError, match="class Solution has no method dequantize"):
        planner.plan(path, ENTRY)


def test_the_loader_calls_both_functions_with_ndarrays(tmp_path):
    path = tmp_path / "two.py"
    path.write_text("def quantize(w, bits):\n    return type(w).__name__, w.dtype.name\n\n"
                    "def dequantize(q, scale):\n    return q + ' ' + scale\n")
    call = loader.load(planner.plan(path, ENTRY), ENTRY)
    assert call({"w": [[1.0]], "bits": 4}) == (("ndarray", "float32"), "ndarray float32")


# -- showing them ------------------------------------------------------------------------------------------


def test_show_array_cuts_each_axis_to_its_edges():
    assert arrays.show_array([[1.0, 0.5], [-0.0, 100.0]], "float32") == "float32[2×2] [[1.0, 0.5], [-0.0, 100.0]]"
    big = [[float(j) for j in range(10)] for _ in range(9)]
    text = arrays.show_array(big, "float32", edge=2)
    assert text.startswith("float32[9×10] [[0.0, 1.0, …, 8.0, 9.0], [0.0") and text.count("…") == 5
    assert arrays.show_array([[0.1]], "float32") == "float32[1×1] [[0.1]]"  # float32's shortest text


def test_an_encoded_answer_is_shown_compactly():
    answer = to_plain((np.array([[1, -2]], np.int8), np.array([[0.5]], np.float32)), arrays=True)
    assert short_repr(answer) == "(int8[1×2] [[1, -2]], float32[1×1] [[0.5]])"
    assert same(answer, json.loads(json.dumps(answer)))


def test_the_case_panel_shows_an_array_input_and_answer_compactly():
    from types import SimpleNamespace

    from judge.reporting.views import case_panel

    problem = SimpleNamespace(is_design=False, entry=ENTRY, describe=lambda inp: "w float32[1×2]")
    big = [[float(j) for j in range(40)] for _ in range(30)]
    expected = to_plain((np.array([[7, 0]], np.int8), np.array([[0.5]], np.float32)), arrays=True)
    outcome = CaseOutcome(Verdict.WA, {"w": big, "bits": 4}, expected=expected, got=expected, got_type="tuple")
    console = Console(file=io.StringIO(), width=100, color_system=None)
    console.print(case_panel(outcome, problem, shrunk=False))
    text = console.file.getvalue()
    assert "float32[30×40] [[0.0, 1.0, 2.0, …, 37.0, 38.0, 39.0], [0.0, 1.0" in text
    assert "(int8[1×2] [[7, 0]], float32[1×1] [[0.5]])" in text
