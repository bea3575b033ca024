"""GPTQ (Frantar et al., 2022, arXiv:2210.17323): the reference forms side by side.

Both forms run the spec's algorithm (problems/gptq/README.md) in float64:

1. the grid, from the original W: per row (or per group of columns) an asymmetric min/max
   scale and integer zero-point, as weight-quantization's rule;
2. H = 2·X·Xᵀ; a dead input channel (H[j, j] = 0) gets H[j, j] = 1 and W[:, j] = 0;
   H += damp · mean(diag H) · I;
3. U, the upper Cholesky factor of H⁻¹ (H⁻¹ = UᵀU);
4. columns left to right: quantise column j on its grid, and feed its error forward,
   W[:, j+1:] -= ((W[:, j] - Ŵ[:, j]) / U[j, j]) ⊗ U[j, j+1:].

The forms differ in how step 4 is run:

- ``numpy``  the reference implementation's lazy batches (IST-DASLab/gptq, gptq.py
  ``fasterquant``): columns in blocks of 128, the rank-1 updates inside a block, then one
  matrix product for the columns right of it. O(rows·cols²) work, most of it in BLAS;
  about a dozen numpy calls per column, each on a vector of ``rows``.
- ``numba``  the same blocks, with the column loop compiled: each column's codes, error and
  in-block update in one pass over the rows. Everything else is the numpy form's own code
  (the grid, H, U, and the one matrix product per block, in BLAS), so the gap between the two
  forms is what compiling the column loop buys, and nothing else.

Both find U with one factorisation: reversing the order of rows and columns (P), P·H·P = L'L'ᵀ
gives H = V·Vᵀ with V = P·L'·P upper triangular, and then H⁻¹ = V⁻ᵀ·V⁻¹ = UᵀU with U = V⁻¹.
A Cholesky factor with a positive diagonal is unique, so this is the reference's U (its
cholesky, cholesky_inverse, cholesky(upper=True)), in about half the flops.
"""

from __future__ import annotations

import numpy as np

from solutions._jit import jit

BLOCK = 128  # columns per lazy batch, as in the reference implementation
NOT_APPLICABLE = {
    "python": "GPTQ is a Cholesky factorisation and O(cols²) rank-1 updates: in Python loops it would time "
              "the interpreter, not the algorithm; the numpy form is the readable reference",
}


def _check(W: np.ndarray, X: np.ndarray, bits: int, group_size: int, damp: float) -> int:
    if W.ndim != 2 or X.ndim != 2 or W.shape[1] != X.shape[0] or min(W.shape) < 1 or X.shape[1] < 1:
        raise ValueError(f"W {W.shape} and X {X.shape} do not fit: pass W as rows × cols and X as cols × samples")
    if not 2 <= bits <= 8:
        raise ValueError(f"bits is {bits}; the codes fit uint8 for 2..8 bits")
    cols = W.shape[1]
    g = cols if group_size == -1 else group_size
    if not (1 <= g <= cols and cols % g == 0):
        raise ValueError(f"group_size is {group_size} for {cols} columns; pass -1 or a divisor of {cols}")
    if not 0 < damp <= 1:
        raise ValueError(f"damp is {damp}; pass a fraction of the mean diagonal in (0, 1], e.g. 0.01")
    if not (np.isfinite(W).all() and np.isfinite(X).all()):
        raise ValueError("W or X holds inf or NaN; pass finite values")
    return g


def grid(W: np.ndarray, bits: int, g: int) -> tuple[np.ndarray, np.ndarray]:
    """Per row and group: scale = (hi - lo) / qmax with lo = min(0, min), hi = max(0, max), 1 if
    hi = lo; zero = rint(-lo / scale). From the original W, before any error is fed forward."""
    rows, cols = W.shape
    qmax = 2**bits - 1
    groups = W.reshape(rows, cols // g, g)
    lo = np.minimum(groups.min(axis=2), 0.0)
    hi = np.maximum(groups.max(axis=2), 0.0)
    empty = hi == lo
    scale = np.where(empty, 1.0, (hi - lo) / qmax)
    zero = np.where(empty, 0.0, np.rint(-lo / scale))
    return scale, zero


def hessian(X: np.ndarray, W: np.ndarray, damp: float) -> tuple[np.ndarray, np.ndarray]:
    """(H, the working W): H = 2·X·Xᵀ with dead channels patched, dampened; W with dead columns 0."""
    H = 2.0 * (X @ X.T)
    dead = np.diag(H) == 0
    W = W.copy()
    H[dead, dead] = 1.0
    W[:, dead] = 0.0
    H[np.diag_indices_from(H)] += damp * np.mean(np.diag(H))
    return H, W


def inverse_factor(H: np.ndarray) -> np.ndarray:
    """U upper triangular with H⁻¹ = UᵀU (the upper Cholesky factor of H⁻¹), as V⁻¹ for the
    upper V with H = V·Vᵀ, which is the Cholesky factor of H with rows and columns reversed."""
    V = np.linalg.cholesky(H[::-1, ::-1])[::-1, ::-1]
    return _upper_inverse(np.ascontiguousarray(V))


def _upper_inverse(V: np.ndarray) -> np.ndarray:
    """The inverse of an upper-triangular V, by halves: [[A, B], [0, C]]⁻¹ = [[A⁻¹, −A⁻¹·B·C⁻¹],
    [0, C⁻¹]]. n³/3 flops, nearly all in matrix products; np.linalg.inv (an LU inverse, 2n³)
    only on blocks of 64 or fewer, where no pivot moves and the zeros stay exact."""
    n = V.shape[0]
    if n <= 64:
        return np.linalg.inv(V)
    h = n // 2
    A_inv, C_inv = _upper_inverse(V[:h, :h]), _upper_inverse(V[h:, h:])
    out = np.zeros_like(V)
    out[:h, :h], out[h:, h:] = A_inv, C_inv
    out[:h, h:] = -(A_inv @ V[:h, h:]) @ C_inv
    return out


# -- numpy: lazy batches of vectorised column steps ----------------------------------------------


def gptq_numpy(W, X, bits: int, group_size: int, damp: float):
    W = np.asarray(W, dtype=np.float64)
    X = np.asarray(X, dtype=np.float64)
    g = _check(W, X, bits, group_size, damp)
    rows, cols = W.shape
    qmax = 2**bits - 1
    scale, zero = grid(W, bits, g)
    H, W = hessian(X, W, damp)
    U = inverse_factor(H)
    Q = np.empty((rows, cols), np.uint8)
    for i1 in range(0, cols, BLOCK):
        i2 = min(i1 + BLOCK, cols)
        W1 = W[:, i1:i2].copy()
        err = np.empty((rows, i2 - i1))
        for i in range(i2 - i1):
            j = i1 + i
            s, z = scale[:, j // g], zero[:, j // g]
            q = np.clip(np.rint(W1[:, i] / s) + z, 0, qmax)
            Q[:, j] = q
            err[:, i] = (W1[:, i] - s * (q - z)) / U[j, j]
            W1[:, i + 1:] -= np.outer(err[:, i], U[j, j + 1:i2])
        W[:, i2:] -= err @ U[i1:i2, i2:]
    return Q, scale, zero.astype(np.uint8)


# -- numba: the column loop compiled, the product per block in BLAS ----------------------------------


@jit
def _block_kernel(block, U, scale_t, zero_t, g, qmax, i1, codes_t, err):  # pragma: no cover - compiled
    """One lazy batch, columns i1 .. i1 + count - 1, held transposed (``block[i]`` is column i1 + i
    over all rows, contiguous), as are the grid (groups × rows) and the codes (cols × rows): every
    inner loop then runs over rows in order, and LLVM vectorises it."""
    count, rows = block.shape
    for i in range(count):
        j = i1 + i
        d = U[j, j]
        k = j // g
        w = block[i]
        e = err[i]
        for r in range(rows):
            s = scale_t[k, r]
            z = zero_t[k, r]
            c = np.rint(w[r] / s) + z
            c = 0.0 if c < 0.0 else c
            c = qmax if c > qmax else c
            codes_t[j, r] = np.uint8(c)
            e[r] = (w[r] - s * (c - z)) / d
        for t in range(i + 1, count):
            u = U[j, i1 + t]
            later = block[t]
            for r in range(rows):
                later[r] -= e[r] * u


def gptq_numba(W, X, bits: int, group_size: int, damp: float):
    W = np.asarray(W, dtype=np.float64)
    X = np.asarray(X, dtype=np.float64)
    g = _check(W, X, bits, group_size, damp)
    rows, cols = W.shape
    scale, zero = grid(W, bits, g)
    H, W = hessian(X, W, damp)
    U = inverse_factor(H)
    scale_t, zero_t = np.ascontiguousarray(scale.T), np.ascontiguousarray(zero.T)
    codes_t = np.empty((cols, rows), np.uint8)
    qmax = float(2**bits - 1)
    for i1 in range(0, cols, BLOCK):
        i2 = min(i1 + BLOCK, cols)
        block = np.ascontiguousarray(W[:, i1:i2].T)
        err = np.empty((i2 - i1, rows))
        _block_kernel(block, U, scale_t, zero_t, g, qmax, i1, codes_t, err)
        W[:, i2:] -= err.T @ U[i1:i2, i2:]
    return np.ascontiguousarray(codes_t.T), scale, zero.astype(np.uint8)


FORMS = {"numpy": gptq_numpy, "numba": gptq_numba}
