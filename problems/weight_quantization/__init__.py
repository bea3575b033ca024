"""Weight quantisation: what the data files can't express.

- ``inputs``: Hypothesis strategies that reach the edge cases (exact ties at half-points,
  all-zero rows and groups, a 100× outlier, negative zeros, one column, one group per row);
- ``SMALL_SCOPE``: every small matrix of simple floats, with every bit width, mode and group size;
- ``FAMILIES``: square and wide matrices for profiling;
- ``validate``, ``describe``, ``size``, ``reductions`` and ``check`` (the array checker).
"""

from __future__ import annotations

import random
from typing import Any, Callable, Iterator

import numpy as np
from hypothesis import strategies as st

from judge.errors import InvalidInput
from judge.model.scope import SmallScope, fixed, record, valid_by
from judge.model.values import same
from problems import _arrays
from problems._inputs import check_int, check_keys, show

KEYS = ("w", "bits", "symmetric", "group_size")
SOURCE = "weight-quantization"
MAX_SIDE = 4096
MAX_ABS = 65504.0  # fp16's largest finite value: weights as an fp16 checkpoint holds them
BITS = (2, 8)
EXAMPLE = {"w": [[1.0, -0.5], [0.25, 2.0]], "bits": 4, "symmetric": True, "group_size": -1}
#: Scales are float32, computed the spec's way: a float64 scale differs in its last bits.
SCALE_RTOL = 1e-6


def levels(bits: int, symmetric: bool) -> int:
    """qmax: the largest code (symmetric codes run from -qmax)."""
    return 2 ** (bits - 1) - 1 if symmetric else 2**bits - 1


# -- validation and size -------------------------------------------------------------------------


def validate(inp: dict) -> None:
    """Raise InvalidInput, with a one-line message, if ``inp`` breaks the spec's limits."""
    check_keys(inp, KEYS, SOURCE, EXAMPLE)
    _, cols = _arrays.check_matrix("w", inp["w"], SOURCE, MAX_SIDE, MAX_SIDE, MAX_ABS, float32=True)
    check_int("bits", inp["bits"], *BITS, SOURCE)
    if type(inp["symmetric"]) is not bool:
        raise InvalidInput(f"symmetric is {type(inp['symmetric']).__name__} {show(inp['symmetric'])}, "
                           "not bool; pass true or false")
    group = inp["group_size"]
    if type(group) is not int or not (group == -1 or (1 <= group <= cols and cols % group == 0)):
        raise InvalidInput(f"group_size is {show(group)} for {cols} columns; pass -1 (one scale per row) "
                           f"or a divisor of {cols}")


def size(inp: dict) -> tuple[int]:
    """Cells of w plus its values' float costs (judge.model.size.float_cost); the other keys add nothing."""
    return (_arrays.matrix_size(inp["w"]),)


def describe(inp: dict) -> str:
    """'w float32[2×3], int4 symmetric, groups of 3 columns'."""
    rows = _arrays.rows_of(inp["w"])
    mode = "symmetric" if inp["symmetric"] else "asymmetric"
    group = "one scale per row" if inp["group_size"] == -1 else f"groups of {inp['group_size']} columns"
    return f"w float32[{len(rows)}×{len(rows[0])}], int{inp['bits']} {mode}, {group}"


def reductions(inp: dict) -> Iterator[dict]:
    """A column dropped from every row (when the groups still divide the row), or a whole group."""
    w, group = inp["w"], inp["group_size"]
    for _, smaller in _arrays.column_drops(w):
        cols = len(smaller[0])
        if group == -1 or cols % group == 0:
            yield {**inp, "w": smaller}
    if group not in (-1, len(w[0])):
        for start in range(0, len(w[0]), group):
            yield {**inp, "w": [row[:start] + row[start + group:] for row in w]}


# -- the checker -----------------------------------------------------------------------------------


def check(inp: dict, expected: Any, got: Any) -> str | None:
    """None if (q, scale, zero) and w_hat match the reference: codes and zero-points exactly
    (any integer dtype), scales and w_hat within 1e-6 relative (0 absolute); else one line."""
    if same(expected, got):  # the reference's own dtypes and bits: nothing to decode
        return None
    answer, reason = _arrays.parts(got, ("(q, scale, zero)", "w_hat"), "the judge's call")
    if reason:
        return reason
    triple, w_hat = answer
    if type(triple) is not list or len(triple) != 3:
        return f"quantize returned {show(triple)}, expected the tuple (q, scale, zero)"
    (want_q, want_scale, want_zero), want_w_hat = expected
    codes = "int8" if inp["symmetric"] else "uint8"
    for name, want, have, integer, rtol in (("scale", want_scale, triple[1], False, SCALE_RTOL),
                                            ("zero", want_zero, triple[2], True, 0.0),
                                            ("q", want_q, triple[0], True, 0.0)):
        reason = _arrays.compare(name, want, have, integer, rtol=rtol, codes_dtype=codes)
        if reason:
            return f"quantize: {reason}"
    reason = _arrays.compare("w_hat", want_w_hat, w_hat, False, rtol=SCALE_RTOL)
    return f"dequantize: {reason}" if reason else None


# -- Hypothesis ------------------------------------------------------------------------------------


@st.composite
def _shape_and_group(draw) -> tuple[int, int, int]:
    """(rows, cols, group_size): mostly tiny; one time in eight 128 or 256 columns in groups of 128.
    One column and one group per row (group_size = cols) are drawn on purpose."""
    if draw(st.integers(0, 7)) == 0:
        cols = draw(st.sampled_from((128, 256)))
        return draw(st.integers(1, 3)), cols, draw(st.sampled_from((128, -1)))
    rows = draw(st.integers(1, 5))
    groups, width = draw(st.integers(1, 3)), draw(st.integers(1, 4))
    cols = groups * width
    options = [-1, cols, width, 1] + [d for d in range(2, cols) if cols % d == 0]
    return rows, cols, draw(st.sampled_from(options))


@st.composite
def _ties(draw, rows: int, cols: int, g: int, bits: int, symmetric: bool) -> list[list[float]]:
    """Groups whose scale is a power of two exactly, and whose values sit on half-points of it:
    every w / scale is k + 1/2 or an integer, so rint's tie rule decides the codes. Asymmetric
    groups may put the zero-point itself on a tie, and both ends at once: then two ties round
    up together and the top code passes qmax unless it is clamped."""
    qmax = levels(bits, symmetric)
    step = 2.0 ** draw(st.integers(-3, 2))
    width = cols if g == -1 else g
    matrix = []
    for _ in range(rows):
        row = []
        for _ in range(cols // width):
            if symmetric:
                ends = [qmax * step * draw(st.sampled_from((1, -1)))]
            else:
                a = draw(st.integers(0, max(qmax - 1, 0)))
                half = draw(st.sampled_from((0.0, 0.5)))
                ends = [-(a + half) * step, (qmax - a - half) * step]
            inner = [(draw(st.integers(-qmax, qmax)) + draw(st.sampled_from((0.5, 0.0)))) * step
                     for _ in range(width - len(ends))]
            low, high = (-qmax * step, qmax * step) if symmetric else (min(ends + [0.0]), max(ends + [0.0]))
            inner = [min(max(v, low), high) for v in inner]  # inside the range the ends fix
            group = (ends + inner)[:width]
            row.extend(draw(st.permutations(group)))
        matrix.append([_arrays.to_float32(v) for v in row])
    return matrix


@st.composite
def _case(draw) -> dict:
    rows, cols, group = draw(_shape_and_group())
    bits = draw(st.sampled_from((8, 4, 4, 3, 2)))
    symmetric = draw(st.booleans())
    if draw(st.sampled_from(("ties", "ties", "values"))) == "ties":
        w = draw(_ties(rows, cols, group, bits, symmetric))
    else:
        w = draw(_arrays.gaussian_rows(rows, cols))
    w = draw(_arrays.edge_cases(w, groups=None if group == -1 else group))
    return {"w": w, "bits": bits, "symmetric": symmetric, "group_size": group}


def inputs() -> st.SearchStrategy[dict]:
    """Valid inputs. Two draws in three put every value on a tie or an integer of a power-of-two
    scale; the rest are normal-looking float32 values. Either may get an outlier 100× the rest, an
    all-zero row or group, and negative zeros. Measured over 2000 draws: 34% of cases hold a
    code decided by a tie, 36% an outlier, 12% groups of 128."""
    return _case()


# -- the small scope -------------------------------------------------------------------------------

#: Every bit width the codes distinguish: 2 (ternary symmetric), 3, 4 and 8.
SCOPE_BITS = (2, 3, 4, 8)
SMALL_SCOPE = SmallScope(
    record({"w": _arrays.scope_matrices(), "bits": fixed(SCOPE_BITS), "symmetric": fixed((True, False)),
            "group_size": fixed((-1, 1, 2, 3, 4, 5, 6))}),
    bound=4,
    rule="size = the cells of w plus the cost of each value (0.0 costs 0; -0.0 and ±1 cost 1; ±0.5, ±1.5 "
         "and ±2 cost 2); bits (2, 3, 4, 8), symmetric and group_size add nothing; of one size, fewer cells "
         "first, then fewer rows, then the values' costs in reading order, then bits, symmetric and "
         "group_size",
    valid=valid_by(validate, InvalidInput),
    within="every bit width 2, 3, 4 and 8, both modes, every group size",
)


# -- profiling -------------------------------------------------------------------------------------


def _layer(rows: int, cols: int, rng: random.Random) -> np.ndarray:
    """A weight matrix like a trained layer's: normal with std 0.02, and one output row in 64
    scaled by 20 (rows whose outputs feed the outlier features)."""
    generator = np.random.default_rng(rng.randrange(2**32))
    w = generator.normal(0.0, 0.02, size=(rows, cols)).astype(np.float32)
    w[:: 64] *= np.float32(20.0)
    return w


def _square(n: int, rng: random.Random) -> dict:
    """An n × n layer, int8 symmetric, one scale per row: the W8 per-channel case."""
    return {"w": _layer(n, n, rng), "bits": 8, "symmetric": True, "group_size": -1}


def _wide(n: int, rng: random.Random) -> dict:
    """An n × 4n layer (an MLP's up projection), int4 asymmetric in groups of 128 columns: the
    W4 g128 case of GPTQ and AWQ checkpoints."""
    return {"w": _layer(n, 4 * n, rng), "bits": 4, "symmetric": False, "group_size": 128}


FAMILIES: dict[str, Callable[[int, random.Random], dict]] = {"square": _square, "wide": _wide}
