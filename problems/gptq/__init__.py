"""GPTQ: what the data files can't express.

- ``inputs``: Hypothesis strategies that reach the edge cases (correlated and duplicated input
  channels, a 100× outlier channel, dead channels, few samples, ties on the grid, one column);
- ``SMALL_SCOPE``: every small layer (W and X of simple floats) at 2, 3 and 4 bits;
- ``FAMILIES``: growing layer widths for profiling;
- ``validate``, ``describe``, ``size``, ``reductions`` and ``check``: the codes on the grid, and
  the layer's output error within a stated tolerance of the reference GPTQ's.
"""

from __future__ import annotations

import itertools
import random
from typing import Any, Callable, Iterator

import numpy as np
from hypothesis import strategies as st

from judge.errors import InvalidInput
from judge.model.scope import SmallScope, compositions, floats, valid_by
from judge.model.values import same
from problems import _arrays
from problems._inputs import check_int, check_keys, show

KEYS = ("W", "X", "bits", "group_size", "damp")
SOURCE = "gptq"
MAX_ROWS = 2048
MAX_COLS = 2048
MAX_SAMPLES = 8192
MAX_ABS = 65504.0
DAMP = (0.001, 1.0)
EXAMPLE = {"W": [[1.0, 0.5]], "X": [[1.0, 2.0], [1.0, 1.5]], "bits": 2, "group_size": -1, "damp": 0.01}
#: The submission's output error may exceed the reference's by this fraction, plus ABS_TOL of ‖WX‖².
REL_TOL = 1e-6
ABS_TOL = 1e-12
#: A quotient within this distance of a half-point may round either way (float sums in another order).
TIE = 1e-6
GRID_RTOL = 1e-9


# -- validation and size -----------------------------------------------------------------------------


def validate(inp: dict) -> None:
    """Raise InvalidInput, with a one-line message, if ``inp`` breaks the spec's limits."""
    check_keys(inp, KEYS, SOURCE, EXAMPLE)
    _, cols = _arrays.check_matrix("W", inp["W"], SOURCE, MAX_ROWS, MAX_COLS, MAX_ABS)
    channels, _ = _arrays.check_matrix("X", inp["X"], SOURCE, MAX_COLS, MAX_SAMPLES, MAX_ABS)
    if channels != cols:
        raise InvalidInput(f"X has {channels} rows but W has {cols} columns; X holds one row per input "
                           "channel (cols × samples)")
    check_int("bits", inp["bits"], 2, 8, SOURCE)
    group = inp["group_size"]
    if type(group) is not int or not (group == -1 or (1 <= group <= cols and cols % group == 0)):
        raise InvalidInput(f"group_size is {show(group)} for {cols} columns; pass -1 (one scale per row) "
                           f"or a divisor of {cols}")
    damp = inp["damp"]
    if type(damp) not in (int, float) or not DAMP[0] <= damp <= DAMP[1]:
        raise InvalidInput(f"damp is {show(damp)}; {SOURCE} takes a fraction of H's mean diagonal in "
                           f"{DAMP[0]:g}..{DAMP[1]:g}, e.g. 0.01")


def size(inp: dict) -> tuple[int]:
    """Cells of W and X plus their values' float costs; bits, group_size and damp add nothing."""
    return (_arrays.matrix_size(inp["W"], inp["X"]),)


def describe(inp: dict) -> str:
    """'W 4×8, X 8×16, int4, groups of 4 columns, damp 0.01'."""
    rows, samples = _arrays.rows_of(inp["W"]), _arrays.rows_of(inp["X"])
    group = "one scale per row" if inp["group_size"] == -1 else f"groups of {inp['group_size']} columns"
    return (f"W {len(rows)}×{len(rows[0])}, X {len(samples)}×{len(samples[0])}, int{inp['bits']}, {group}, "
            f"damp {inp['damp']:g}")


def reductions(inp: dict) -> Iterator[dict]:
    """An input channel dropped (a column of W with its row of X), or a sample (a column of X)."""
    W, X, group = inp["W"], inp["X"], inp["group_size"]
    for j, smaller in _arrays.column_drops(W):
        if group == -1 or len(smaller[0]) % group == 0:
            yield {**inp, "W": smaller, "X": X[:j] + X[j + 1:]}
    for _, fewer in _arrays.column_drops(X):
        yield {**inp, "X": fewer}


# -- the algorithm's pieces the checker needs (the same rules as solutions/gptq.py, written apart) ------------


def _grid(W: np.ndarray, bits: int, g: int) -> tuple[np.ndarray, np.ndarray]:
    rows, cols = W.shape
    groups = W.reshape(rows, cols // g, g)
    lo = np.minimum(groups.min(axis=2), 0.0)
    hi = np.maximum(groups.max(axis=2), 0.0)
    scale = np.where(hi == lo, 1.0, (hi - lo) / (2**bits - 1))
    return scale, np.where(hi == lo, 0.0, np.rint(-lo / scale))


def output_error(W: np.ndarray, X: np.ndarray, q: np.ndarray, scale: np.ndarray, zero: np.ndarray) -> float:
    """‖WX − ŴX‖² (Frobenius) with Ŵ = scale · (q − zero), group by group."""
    g = W.shape[1] // scale.shape[1]
    W_hat = np.repeat(scale, g, axis=1) * (q - np.repeat(zero, g, axis=1))
    return float(np.sum(((W - W_hat) @ X) ** 2))


def _departure(inp: dict, W: np.ndarray, X: np.ndarray, q: np.ndarray, scale: np.ndarray,
               zero: np.ndarray) -> str | None:
    """Replay GPTQ following the submission's codes: None if every code is the rule's (or, within
    TIE of a half-point, either neighbour); else where and how it departs."""
    bits, cols = inp["bits"], W.shape[1]
    g = W.shape[1] // scale.shape[1]
    qmax = 2**bits - 1
    H = 2.0 * (X @ X.T)
    dead = np.diag(H) == 0
    H[dead, dead] = 1.0
    work = W.copy()
    work[:, dead] = 0.0
    H[np.diag_indices_from(H)] += inp["damp"] * np.mean(np.diag(H))
    try:
        U = np.linalg.cholesky(np.linalg.inv(H)).T
    except np.linalg.LinAlgError:  # pragma: no cover - validate's damp keeps H positive definite
        return None
    for j in range(cols):
        s, z = scale[:, j // g], zero[:, j // g]
        x = work[:, j] / s
        rule = np.clip(np.rint(x) + z, 0, qmax)
        near = np.abs(np.abs(x - np.floor(x)) - 0.5) <= TIE * np.maximum(1.0, np.abs(x))
        other = np.clip(np.where(x - np.floor(x) < 0.5, np.floor(x) + 1, np.floor(x)) + z, 0, qmax)
        ok = (q[:, j] == rule) | (near & (q[:, j] == other))
        if not ok.all():
            i = int(np.argmin(ok))
            fed = "" if j == 0 else f" after the error of columns 0..{j - 1} was fed forward"
            return (f"q[{i}, {j}] = {int(q[i, j])} where GPTQ's rule gives {int(rule[i])}: W[{i}, {j}]{fed} "
                    f"is {work[i, j]:.6g}, {x[i]:.6g} steps of the scale, plus zero-point {int(z[i])}")
        err = (work[:, j] - s * (q[:, j] - z)) / U[j, j]
        work[:, j + 1:] -= np.outer(err, U[j, j + 1:])
    return None


# -- the checker -------------------------------------------------------------------------------------------


def check(inp: dict, expected: Any, got: Any) -> str | None:
    """None if ``got`` = (q, scale, zero) has the reference's grid, codes in 0..qmax, and an output
    error at most (1 + REL_TOL) times the reference's (+ ABS_TOL·‖WX‖²), or follows GPTQ's rule
    code by code (ties either way); else one line saying what is off."""
    if same(expected, got):
        return None
    triple, reason = _arrays.parts(got, ("q", "scale", "zero"), "gptq")
    if reason:
        return reason
    want_q, want_scale, want_zero = expected
    for name, want, have, integer, rtol in (("scale", want_scale, triple[1], False, GRID_RTOL),
                                            ("zero", want_zero, triple[2], True, 0.0)):
        reason = _arrays.compare(name, want, have, integer, rtol=rtol, codes_dtype="uint8")
        if reason:
            return f"{reason}: the grid comes from the original W, per row or group (see the spec)"
    q, reason = _arrays.as_array("q", triple[0])
    if reason:
        return reason
    reference_q = _arrays.decode(want_q)
    if q.shape != reference_q.shape:
        return f"q has shape {q.shape}, expected {reference_q.shape}"
    if q.dtype.kind not in "iu":
        return f"q has dtype {q.dtype}; it holds integer codes: return q.astype(np.uint8)"
    qmax = 2 ** inp["bits"] - 1
    off = (q < 0) | (q > qmax)
    if off.any():
        i, j = (int(k) for k in np.argwhere(off)[0])
        return f"q[{i}, {j}] = {int(q[i, j])} is off the grid: codes are 0..{qmax} at {inp['bits']} bits"
    W, X = np.asarray(inp["W"], np.float64), np.asarray(inp["X"], np.float64)
    scale, zero = _arrays.decode(want_scale).astype(np.float64), _arrays.decode(want_zero).astype(np.float64)
    q = q.astype(np.float64)
    mine = output_error(W, X, q, scale, zero)
    reference = output_error(W, X, reference_q.astype(np.float64), scale, zero)
    allowed = reference * (1 + REL_TOL) + ABS_TOL * float(np.sum((W @ X) ** 2))
    if mine <= allowed:
        return None
    departure = _departure(inp, W, X, q, scale, zero)
    if departure is None:
        return None  # a valid GPTQ run that took the other side of a tie
    ratio = f"{mine / reference:.3g}× the reference GPTQ's {reference:.6g}" if reference > 0 else \
        f"against the reference GPTQ's {reference:g}"
    rtn = _grid_codes(W, scale, zero, inp["bits"])
    if np.array_equal(q, rtn):
        departure += "; these are round-to-nearest's codes: no error was fed forward"
    return f"output error ‖WX − ŴX‖² = {mine:.6g}, {ratio} (allowed: 1 + {REL_TOL:g}); {departure}"


def _grid_codes(W: np.ndarray, scale: np.ndarray, zero: np.ndarray, bits: int) -> np.ndarray:
    g = W.shape[1] // scale.shape[1]
    return np.clip(np.rint(W / np.repeat(scale, g, axis=1)) + np.repeat(zero, g, axis=1), 0, 2**bits - 1)


# -- Hypothesis --------------------------------------------------------------------------------------------


@st.composite
def _activations(draw, cols: int, samples: int) -> list[list[float]]:
    """X (cols × samples): correlated channels (each a drawn mix of a few shared sources), and
    on purpose a duplicated channel, a scaled copy, a dead (all-zero) channel and an outlier
    channel 100× the rest, each drawn on or off."""
    sources = draw(st.integers(1, max(1, min(cols, 3))))
    base = draw(_arrays.gaussian_rows(sources, samples))
    X = []
    for _ in range(cols):
        mix = [draw(st.sampled_from((0.0, 0.5, 1.0, -1.0, 2.0))) for _ in range(sources)]
        X.append([sum(m * base[k][t] for k, m in enumerate(mix)) for t in range(samples)])
    if cols > 1 and draw(st.booleans()):
        i, j = draw(st.integers(0, cols - 1)), draw(st.integers(0, cols - 1))
        factor = draw(st.sampled_from((1.0, 2.0, -0.5)))
        X[j] = [factor * v for v in X[i]]
    if draw(st.booleans()):
        X[draw(st.integers(0, cols - 1))] = [0.0] * samples
    if draw(st.booleans()):
        i = draw(st.integers(0, cols - 1))
        X[i] = [100.0 * v for v in X[i]]
    return X


@st.composite
def _case(draw) -> dict:
    if draw(st.integers(0, 7)) == 0:  # a wider layer, groups of 16 or one per row
        rows, cols = draw(st.integers(1, 4)), draw(st.sampled_from((32, 64)))
        group = draw(st.sampled_from((16, -1)))
    else:
        rows = draw(st.integers(1, 4))
        groups, width = draw(st.integers(1, 3)), draw(st.integers(1, 3))
        cols = groups * width
        group = draw(st.sampled_from([-1, cols, width, 1]))
    samples = draw(st.sampled_from((1, 2, cols, 2 * cols + 1)))  # fewer samples than channels: H singular
    bits = draw(st.sampled_from((2, 3, 4, 4, 8)))
    if draw(st.booleans()):  # ties: every weight a multiple of a quarter, on or between grid points
        W = [[draw(st.integers(-8, 8)) / 4 for _ in range(cols)] for _ in range(rows)]
    else:
        W = draw(_arrays.gaussian_rows(rows, cols))
    W = draw(_arrays.edge_cases(W, groups=None if group == -1 else group))
    X = draw(_activations(cols, samples))
    damp = draw(st.sampled_from((0.01, 0.01, 0.1, 0.001, 1.0)))
    return {"W": W, "X": X, "bits": bits, "group_size": group, "damp": damp}


def inputs() -> st.SearchStrategy[dict]:
    """Valid inputs: small layers (a quarter of them 32-64 columns wide) whose activations mix a
    few shared sources, so channels are correlated and GPTQ's feedback matters; duplicated,
    dead and 100× outlier channels; fewer samples than channels; weights on quarter steps,
    where codes tie."""
    return _case()


# -- the small scope ------------------------------------------------------------------------------------------

SCOPE_BITS = (2, 3, 4)
SCOPE_GROUPS = (-1, 1, 2)
SCOPE_DAMP = 0.01


def _layers(k: int) -> Iterator[dict]:
    """Every (W, X) with cells(W) + cells(X) + the values' costs = k, values from the scope's set;
    fewer cells first, then shapes (rows, cols, samples) in lexicographic order, then values in
    reading order (W, then X), then bits and group_size."""
    value = floats(_arrays.SCOPE_VALUES)
    for cells in range(2, k + 1):
        for rows in range(1, cells + 1):
            for cols in range(1, cells + 1):
                if rows * cols >= cells:
                    break
                rest = cells - rows * cols
                if rest % cols:
                    continue
                samples = rest // cols
                for costs in compositions(k - cells, cells):
                    for values in itertools.product(*(list(value(c)) for c in costs)):
                        W = [list(values[r * cols:(r + 1) * cols]) for r in range(rows)]
                        flat = values[rows * cols:]
                        X = [list(flat[c * samples:(c + 1) * samples]) for c in range(cols)]
                        for bits in SCOPE_BITS:
                            for group in SCOPE_GROUPS:
                                yield {"W": W, "X": X, "bits": bits, "group_size": group, "damp": SCOPE_DAMP}


SMALL_SCOPE = SmallScope(
    _layers,
    bound=5,
    rule="size = the cells of W and X plus the cost of each value (0.0 costs 0; -0.0 and ±1 cost 1; ±0.5, ±1.5 "
         "and ±2 cost 2); bits (2, 3, 4), group_size and damp (0.01) add nothing; of one size, fewer cells "
         "first, then the shape (rows, cols, samples), then the values' costs in reading order (W, then X), "
         "then bits and group_size",
    valid=valid_by(validate, InvalidInput),
    within="at 2, 3 and 4 bits, groups of 1 and 2 and one per row, damp 0.01",
)


# -- profiling -----------------------------------------------------------------------------------------------


def _layer(n: int, rng: random.Random) -> dict:
    """An n × n layer (normal weights, std 0.02) and 2n calibration samples whose channels mix
    n/8 shared sources, with one channel in 32 scaled by 20 (outlier features), int4 in groups
    of 128 (one per row below n = 128)."""
    generator = np.random.default_rng(rng.randrange(2**32))
    W = generator.normal(0.0, 0.02, size=(n, n))
    sources = generator.normal(size=(max(1, n // 8), 2 * n))
    X = generator.normal(size=(n, max(1, n // 8))) @ sources + 0.1 * generator.normal(size=(n, 2 * n))
    X[:: 32] *= 20.0
    return {"W": W, "X": X, "bits": 4, "group_size": 128 if n >= 128 else -1, "damp": 0.01}


FAMILIES: dict[str, Callable[[int, random.Random], dict]] = {"layer": _layer}
