"""N:M sparsity: what the data files can't express.

- ``inputs``: Hypothesis strategies that reach the edge cases (tied magnitudes and negative
  zeros, where only the tie rule decides; kept counts that round; groups as long as the row;
  duplicated and sign-flipped rows, whose norms tie exactly; zero rows);
- ``SMALL_SCOPE``: every small matrix of simple floats, under every pattern that fits it;
- ``FAMILIES``: square layers under 2:4, unstructured 90% and rows 50% for profiling;
- ``validate``, ``describe``, ``size``, ``reductions`` and ``check`` (exact masks; row norms
  within a rounding of each other may go either way).
"""

from __future__ import annotations

import math
import random
from typing import Any, Callable, Iterator

import numpy as np
from hypothesis import strategies as st

from judge.errors import InvalidInput
from judge.model import scope
from judge.model.scope import SmallScope, valid_by
from problems import _arrays
from problems._inputs import check_keys
from solutions.nm_sparsity import parse_pattern

KEYS = ("w", "pattern")
SOURCE = "nm-sparsity"
MAX_SIDE = 4096
MAX_ABS = 65504.0  # fp16's largest finite value: weights as an fp16 checkpoint holds them
EXAMPLE = {"w": [[0.5, -2.0, 1.0, 0.25]], "pattern": "2:4"}
#: Two rows whose squared norms differ by at most this, relative to the larger, may be kept in
#: either order: summing the squares in another order moves a norm by a rounding or two.
NORM_RTOL = 1e-9


# -- validation and size -------------------------------------------------------------------------


def validate(inp: dict) -> None:
    """Raise InvalidInput, with a one-line message, if ``inp`` breaks the spec's limits."""
    check_keys(inp, KEYS, SOURCE, EXAMPLE)
    shape = _arrays.check_matrix("w", inp["w"], SOURCE, MAX_SIDE, MAX_SIDE, MAX_ABS, float32=True)
    try:
        parse_pattern(inp["pattern"], shape)
    except ValueError as exc:
        raise InvalidInput(str(exc)) from None


def size(inp: dict) -> tuple[int]:
    """Cells of w plus its values' float costs (judge.model.size.float_cost); the pattern adds nothing."""
    return (_arrays.matrix_size(inp["w"]),)


def describe(inp: dict) -> str:
    """'w float32[2×4], 2:4'."""
    rows = _arrays.rows_of(inp["w"])
    return f"w float32[{len(rows)}×{len(rows[0])}], {inp['pattern']}"


def reductions(inp: dict) -> Iterator[dict]:
    """A column dropped from every row (when an N:M pattern's M still divides the row), or a whole
    group of M columns."""
    w, pattern = _arrays.rows_of(inp["w"]), inp["pattern"]
    kind, _, m = parse_pattern(pattern, (len(w), len(w[0])))
    for _, smaller in _arrays.column_drops(w):
        if kind != "nm" or len(smaller[0]) % m == 0:
            yield {**inp, "w": smaller}
    if kind == "nm" and m < len(w[0]):
        for start in range(0, len(w[0]), m):
            yield {**inp, "w": [row[:start] + row[start + m:] for row in w]}


# -- the checker -----------------------------------------------------------------------------------


def _mask(got: Any, shape: tuple[int, ...]) -> tuple[np.ndarray | None, str | None]:
    have, reason = _arrays.as_array("mask", got)
    if reason:
        return None, reason
    if have.shape != shape:
        return None, f"mask has shape {have.shape}, expected {shape}: one entry per weight"
    if have.dtype.kind == "f" or (have.dtype.kind in "iu" and not np.isin(have, (0, 1)).all()):
        return None, f"mask holds {have.dtype} values other than 0 and 1; return booleans, True where a weight is kept"
    return have.astype(bool), None


def _row_norms(w: np.ndarray) -> list[float]:
    """Squared L2 norms, each the exactly rounded float64 sum of the float64 squares (math.fsum)."""
    return [math.fsum(float(x) * float(x) for x in row) for row in w]


def _rows_reason(w: np.ndarray, have: np.ndarray, kept_rows: int) -> str | None:
    partial = [i for i in range(have.shape[0]) if 0 < have[i].sum() < have.shape[1]]
    if partial:
        i = partial[0]
        return (f"mask row {i} keeps {int(have[i].sum())} of {have.shape[1]} weights; rows:S keeps or removes "
                "whole rows")
    kept = [i for i in range(have.shape[0]) if have[i, 0]]
    if len(kept) != kept_rows:
        return f"mask keeps {len(kept)} rows, expected {kept_rows}"
    norms = _row_norms(w)
    dropped = [j for j in range(have.shape[0]) if not have[j, 0]]
    for j in dropped:
        for i in kept:
            larger = norms[j] > norms[i] * (1 + NORM_RTOL)
            tie_lost = norms[j] == norms[i] and j < i
            if larger or tie_lost:
                why = "the lower row wins a tie" if tie_lost else "the larger norm wins"
                return (f"mask keeps row {i} (squared norm {norms[i]!r}) but removes row {j} (squared norm "
                        f"{norms[j]!r}); {why}")
    return None


def check(inp: dict, expected: Any, got: Any) -> str | None:
    """None if the mask is the pattern's: for unstructured and N:M exactly the reference's; for
    rows, whole rows, as many as the reference keeps, the larger squared norms (ties to the
    lower row; norms within 1e-9 relative in either order). Else one line naming the first
    differing index, or the row, and why."""
    want = _arrays.decode(expected).astype(bool)
    have, reason = _mask(got, want.shape)
    if reason:
        return reason
    w = np.array(_arrays.rows_of(inp["w"]), np.float32)
    kind, a, _ = parse_pattern(inp["pattern"], w.shape)
    if kind == "rows":
        return _rows_reason(w, have, a)
    if have.sum() != want.sum():
        return f"mask keeps {int(have.sum())} weights, expected {int(want.sum())}"
    bad = np.argwhere(have != want)
    if bad.size == 0:
        return None
    i, j = (int(v) for v in bad[0])
    more = f"; {len(bad) - 1} more differ" if len(bad) > 1 else ""
    return (f"mask[{i}, {j}] = {bool(have[i, j])}, expected {bool(want[i, j])} "
            f"(w[{i}, {j}] = {np.float32(w[i, j])}){more}")


# -- Hypothesis ------------------------------------------------------------------------------------

SPARSITIES = ("0", "0.25", "0.5", "0.7", "0.75", "0.9", "1")


@st.composite
def _sparsity(draw) -> str:
    """A sparsity as the pattern writes it: a round one, or any of two decimals."""
    if draw(st.booleans()):
        return draw(st.sampled_from(SPARSITIES))
    return f"{draw(st.integers(0, 100)) / 100:g}"


@st.composite
def _pattern(draw, cols: int) -> str:
    kind = draw(st.sampled_from(("unstructured", "nm", "nm", "rows")))
    if kind == "nm":
        m = draw(st.sampled_from([d for d in range(1, min(cols, 8) + 1) if cols % d == 0] + [cols]))
        n = draw(st.sampled_from((m // 2 or 1, 1, m))) if draw(st.booleans()) else draw(st.integers(1, m))
        return f"{n}:{m}"
    return f"{kind}:{draw(_sparsity())}"


@st.composite
def _few_values(draw, rows: int, cols: int) -> list[list[float]]:
    """Values from a tiny set of magnitudes with both signs: ties everywhere, negative zeros among them."""
    magnitudes = draw(st.lists(st.sampled_from((0.0, 0.5, 1.0, 2.0, 0.25)), min_size=1, max_size=3, unique=True))
    cells = draw(st.lists(st.tuples(st.sampled_from(magnitudes), st.booleans()), min_size=rows * cols,
                          max_size=rows * cols))
    return [[-v if neg else v for v, neg in cells[i * cols:(i + 1) * cols]] for i in range(rows)]


@st.composite
def _case(draw) -> dict:
    if draw(st.integers(0, 9)) == 0:
        rows, cols = draw(st.integers(4, 16)), draw(st.sampled_from((32, 64)))
    else:
        rows, cols = draw(st.integers(1, 5)), draw(st.sampled_from((1, 2, 3, 4, 4, 6, 8)))
    if draw(st.booleans()):
        w = draw(_few_values(rows, cols))
    else:
        w = draw(_arrays.gaussian_rows(rows, cols))
    if rows > 1 and draw(st.integers(0, 3)) == 0:  # a row repeated, or sign-flipped: norms tie exactly
        i, j = draw(st.integers(0, rows - 1)), draw(st.integers(0, rows - 1))
        w[j] = [-v for v in w[i]] if draw(st.booleans()) else list(w[i])
    w = draw(_arrays.edge_cases(w))
    return {"w": w, "pattern": draw(_pattern(cols))}


def inputs() -> st.SearchStrategy[dict]:
    """Valid inputs: 1-5 rows of 1-8 columns (one in ten 4-16 rows of 32 or 64); half the
    matrices from one to three magnitudes with random signs (ties everywhere), half
    normal-looking float32; a quarter with a row repeated or sign-flipped; any may get a 100x
    outlier, a zero row or negative zeros. Patterns: unstructured and rows at round or
    two-decimal sparsities, N:M with M dividing the row (up to 8, or the whole row)."""
    return _case()


# -- the small scope -------------------------------------------------------------------------------

SCOPE_PATTERNS = ("unstructured:0.5", "unstructured:0.25", "unstructured:0.75", "unstructured:0", "unstructured:1",
                  "1:2", "2:4", "1:4", "3:4", "1:3", "2:3", "rows:0.5", "rows:0.25", "rows:0.75")
SMALL_SCOPE = SmallScope(
    scope.record({"w": _arrays.scope_matrices(), "pattern": scope.fixed(SCOPE_PATTERNS)}),
    bound=6,
    rule="size = the cells of w plus the cost of each value (0.0 costs 0; -0.0 and ±1 cost 1; ±0.5, ±1.5 "
         "and ±2 cost 2); the pattern adds nothing; of one size, fewer cells first, then fewer rows, then "
         "the values' costs in reading order, then the pattern",
    valid=valid_by(validate, InvalidInput),
    within="patterns unstructured and rows at 0.25, 0.5 and 0.75 (unstructured also 0 and 1), and 1:2, "
           "2:4, 1:4, 3:4, 1:3, 2:3 where M divides the row",
)


# -- profiling -------------------------------------------------------------------------------------


def _layer(n: int, rng: random.Random) -> np.ndarray:
    """An n × n layer: normal weights, standard deviation 0.02, rows scaled log-normally."""
    generator = np.random.default_rng(rng.randrange(2**32))
    w = generator.normal(0.0, 0.02, size=(n, n)) * generator.lognormal(0.0, 0.3, size=(n, 1))
    return w.astype(np.float32)


def _two_four(n: int, rng: random.Random) -> dict:
    return {"w": _layer(n, rng), "pattern": "2:4"}


def _unstructured(n: int, rng: random.Random) -> dict:
    return {"w": _layer(n, rng), "pattern": "unstructured:0.9"}


def _rows(n: int, rng: random.Random) -> dict:
    return {"w": _layer(n, rng), "pattern": "rows:0.5"}


FAMILIES: dict[str, Callable[[int, random.Random], dict]] = {"2:4": _two_four, "unstructured": _unstructured,
                                                              "rows": _rows}
