"""Sparse weight formats and their matrix products, for ``judge lab prune``.

A layer computes ``Yᵀ = W · Xᵀ`` with W the (out × in) weight and Xᵀ the (in × batch)
activations, stored row-major so that one input channel's batch of activations is contiguous.
Two sparse formats hold a pruned W:

- **CSR**: ``indptr`` (out + 1, int32), ``indices`` (nnz, int32 column of each kept weight)
  and ``data`` (nnz values), rows in order and columns ascending within a row: scipy.sparse's
  layout, so the same three arrays feed both ``csr_matmul`` and ``scipy.sparse.csr_array``.
- **N:M compressed**: every group of M consecutive weights along a row keeps exactly N, stored
  as ``values`` (out × in·N/M) and ``positions`` (uint8, the kept weight's place 0..M−1 in its
  group), ascending within a group: the layout NVIDIA's sparse tensor cores read for 2:4
  (values plus a 2-bit index per kept value; the index is a byte here).

Both kernels walk a row's kept weights and add ``w · Xᵀ[column]`` (a contiguous batch vector)
into an accumulator: the Gustavson row-by-row order scipy's ``csr_matvecs`` uses, on one thread
as scipy does. Kernels return a status code; the public wrappers validate and raise.
"""

from __future__ import annotations

import numpy as np

from solutions._jit import jit

OK, BAD_COLUMN, BAD_POSITION = 0, 1, 2


def csr_from_mask(w: np.ndarray, mask: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(indptr, indices, data) of the kept weights of ``w``, in CSR order."""
    if w.ndim != 2 or mask.shape != w.shape:
        raise ValueError(f"w {w.shape} and mask {mask.shape} must be one 2-D shape")
    rows, cols = np.nonzero(mask)  # row-major order: rows ascending, columns ascending within
    indptr = np.zeros(w.shape[0] + 1, np.int32)
    np.cumsum(np.bincount(rows, minlength=w.shape[0]), out=indptr[1:])
    return indptr, cols.astype(np.int32), np.ascontiguousarray(w[rows, cols])


@jit
def _csr_kernel(indptr, indices, data, xt, out, acc):
    n_in = xt.shape[0]
    batch = xt.shape[1]
    for r in range(out.shape[0]):
        acc[:] = 0
        for j in range(indptr[r], indptr[r + 1]):
            c = indices[j]
            if c < 0 or c >= n_in:
                return BAD_COLUMN
            v = data[j]
            x = xt[c]
            for t in range(batch):
                acc[t] += v * x[t]
        out[r] = acc
    return OK


def _check_xt(xt: np.ndarray, n_in: int, dtype) -> np.ndarray:
    if xt.ndim != 2 or xt.shape[0] != n_in:
        raise ValueError(f"activations {xt.shape} must be (in={n_in}, batch)")
    if xt.dtype != dtype:
        raise ValueError(f"activations are {xt.dtype} but the weights are {dtype}; cast one to match")
    return np.ascontiguousarray(xt)


def csr_matmul(indptr: np.ndarray, indices: np.ndarray, data: np.ndarray, xt: np.ndarray, n_in: int) -> np.ndarray:
    """W·Xᵀ for a CSR W of ``len(indptr) − 1`` rows and ``n_in`` columns: (out × batch)."""
    if indptr.ndim != 1 or indptr.size < 1 or indptr[0] != 0 or indptr[-1] != indices.size or indices.size != data.size:
        raise ValueError(f"malformed CSR: indptr must start at 0 and end at nnz={indices.size} "
                         f"(= len(data)={data.size}); build it with csr_from_mask")
    if np.any(np.diff(indptr) < 0):
        raise ValueError("malformed CSR: indptr decreases; rows must be stored in order")
    xt = _check_xt(xt, n_in, data.dtype)
    out = np.empty((indptr.size - 1, xt.shape[1]), data.dtype)
    status = _csr_kernel(indptr, indices, data, xt, out, np.empty(xt.shape[1], data.dtype))
    if status == BAD_COLUMN:
        raise ValueError(f"malformed CSR: a column index is outside 0..{n_in - 1}")
    return out


def compress_nm(w: np.ndarray, mask: np.ndarray, n: int, m: int) -> tuple[np.ndarray, np.ndarray]:
    """(values, positions) of an N:M mask: each row's groups of ``m`` keep exactly ``n``."""
    rows, cols = w.shape
    if mask.shape != w.shape or cols % m or not 1 <= n <= m <= 255:
        raise ValueError(f"an {n}:{m} layout needs 1 <= N <= M <= 255 and columns ({cols}) divisible by M")
    grouped = mask.reshape(rows, cols // m, m)
    if np.any(grouped.sum(axis=2) != n):
        raise ValueError(f"the mask is not {n}:{m}: some group of {m} keeps other than {n}")
    # argsort of ~mask, stable, puts a group's kept places first, in ascending order.
    places = np.argsort(~grouped, axis=2, kind="stable")[:, :, :n]
    values = np.take_along_axis(w.reshape(rows, cols // m, m), places, axis=2)
    return np.ascontiguousarray(values.reshape(rows, -1)), places.reshape(rows, -1).astype(np.uint8)


@jit
def _nm_kernel(values, positions, n, m, xt, out, acc):
    batch = xt.shape[1]
    groups = values.shape[1] // n
    for r in range(out.shape[0]):
        acc[:] = 0
        kept_values = values[r]
        kept_places = positions[r]
        for g in range(groups):
            for i in range(g * n, g * n + n):
                p = kept_places[i]
                if p >= m:
                    return BAD_POSITION
                v = kept_values[i]
                x = xt[g * m + p]
                for t in range(batch):
                    acc[t] += v * x[t]
        out[r] = acc
    return OK


def nm_matmul(values: np.ndarray, positions: np.ndarray, n: int, m: int, xt: np.ndarray) -> np.ndarray:
    """W·Xᵀ for an N:M-compressed W (``compress_nm``): (out × batch)."""
    if values.ndim != 2 or positions.shape != values.shape or values.shape[1] % n:
        raise ValueError(f"values {values.shape} and positions {positions.shape} must be one shape "
                         f"with a multiple of N={n} columns; build them with compress_nm")
    xt = _check_xt(xt, values.shape[1] // n * m, values.dtype)
    out = np.empty((values.shape[0], xt.shape[1]), values.dtype)
    status = _nm_kernel(np.ascontiguousarray(values), np.ascontiguousarray(positions), n, m, xt, out,
                        np.empty(xt.shape[1], values.dtype))
    if status == BAD_POSITION:
        raise ValueError(f"malformed {n}:{m} layout: a position is outside 0..{m - 1}")
    return out
