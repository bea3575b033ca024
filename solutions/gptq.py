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
  in-block update in one pass over the rows. The matrix products (2·X·Xᵀ, the right-of-block
  update) and the factorisations go to BLAS and LAPACK as in the numpy form, through numba's
  own np.dot and np.linalg, which call SciPy's bindings.
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
    """U upper triangular with H⁻¹ = UᵀU: the Cholesky factor of H⁻¹, the reference's
    cholesky, cholesky_inverse, cholesky(upper=True)."""
    L = np.linalg.cholesky(H)
    L_inv = np.linalg.inv(L)
    return np.linalg.cholesky(L_inv.T @ L_inv).T


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


# -- numba: the column loop compiled, the products in BLAS ------------------------------------------


@jit
def _prepare(W, X, damp):  # pragma: no cover - compiled
    H = 2.0 * (X @ X.T)
    cols = H.shape[0]
    total = 0.0
    for j in range(cols):
        if H[j, j] == 0:
            H[j, j] = 1.0
            W[:, j] = 0.0
        total += H[j, j]
    lift = damp * total / cols
    for j in range(cols):
        H[j, j] += lift
    L = np.linalg.cholesky(H)
    L_inv = np.linalg.inv(L)
    return np.ascontiguousarray(np.linalg.cholesky(L_inv.T @ L_inv).T)


@jit
def _gptq_kernel(W, U, scale, zero, g, qmax, block, Q):  # pragma: no cover - compiled
    rows, cols = W.shape
    for i1 in range(0, cols, block):
        i2 = min(i1 + block, cols)
        err = np.empty((rows, i2 - i1))
        for j in range(i1, i2):
            d = U[j, j]
            k = j // g
            for r in range(rows):
                s = scale[r, k]
                z = zero[r, k]
                c = np.rint(W[r, j] / s) + z
                if c < 0.0:
                    c = 0.0
                elif c > qmax:
                    c = qmax
                Q[r, j] = np.uint8(c)
                e = (W[r, j] - s * (c - z)) / d
                err[r, j - i1] = e
                for t in range(j + 1, i2):
                    W[r, t] -= e * U[j, t]
        if i2 < cols:
            W[:, i2:] -= err @ np.ascontiguousarray(U[i1:i2, i2:])


def gptq_numba(W, X, bits: int, group_size: int, damp: float):
    W = np.array(W, dtype=np.float64, order="C")  # a copy: the kernel feeds errors into it
    X = np.ascontiguousarray(X, dtype=np.float64)
    g = _check(W, X, bits, group_size, damp)
    scale, zero = grid(W, bits, g)
    U = _prepare(W, X, float(damp))
    Q = np.empty(W.shape, np.uint8)
    _gptq_kernel(W, U, np.ascontiguousarray(scale), np.ascontiguousarray(zero), g, float(2**bits - 1), BLOCK, Q)
    return Q, scale, zero.astype(np.uint8)


FORMS = {"numpy": gptq_numpy, "numba": gptq_numba}
