"""N:M sparsity: magnitude pruning masks, the reference forms side by side.

``prune(w, pattern)`` returns the keep-mask of a 2-D weight ``w`` (one row per output channel):

- ``"unstructured:S"`` keeps the ⌈(1 − S)·size⌉ weights of largest |w| in the whole matrix,
  ties to the lower row-major (flat) index;
- ``"N:M"`` keeps, in each group of M consecutive weights along a row, the N of largest |w|,
  ties to the lower column (2:4 is what NVIDIA's sparse tensor cores run);
- ``"rows:S"`` keeps the ⌈(1 − S)·rows⌉ whole rows of largest L2 norm, ties to the lower row.

S is read as an exact decimal (``Fraction("0.7")``), so the kept count never depends on how
1 − 0.7 rounds in binary. The forms:

- ``python``: sorts on the key (−|w|, index), O(size·log size);
- ``numpy``:  the k-th largest |w| by ``np.partition`` (O(size)), then ties taken in index order;
              stable argsorts along the group axis and over row norms;
- ``numba``:  compiled: a radix select on |w|'s bits (two 16-bit histogram passes for float32)
              and one pass, an insertion sort per group, a stable merge sort over row norms.
"""

from __future__ import annotations

import math
import re
from fractions import Fraction

import numpy as np

from solutions._jit import jit

_FRACTION = re.compile(r"(unstructured|rows):(\d+(?:\.\d+)?)")
_NM = re.compile(r"(\d+):(\d+)")


def parse_pattern(pattern: str, shape: tuple[int, int]) -> tuple[str, int, int]:
    """("unstructured", kept weights, 0), ("rows", kept rows, 0) or ("nm", N, M) for ``w`` of
    ``shape``; a ValueError naming the pattern and the fix if it is malformed or does not fit."""
    rows, cols = shape
    if not isinstance(pattern, str):
        raise ValueError(f"pattern is {type(pattern).__name__}, not str; write e.g. '2:4' or 'unstructured:0.5'")
    matched = _FRACTION.fullmatch(pattern)
    if matched:
        kind, text = matched.groups()
        sparsity = Fraction(text)
        if sparsity > 1:
            raise ValueError(f"pattern {pattern!r} has sparsity {text} > 1; give a decimal from 0 to 1")
        count = rows * cols if kind == "unstructured" else rows
        return kind, math.ceil((1 - sparsity) * count), 0
    matched = _NM.fullmatch(pattern)
    if matched:
        n, m = int(matched.group(1)), int(matched.group(2))
        if not 1 <= n <= m:
            raise ValueError(f"pattern {pattern!r} needs 1 <= N <= M; write e.g. '2:4'")
        if cols % m:
            raise ValueError(f"pattern {pattern!r} groups {m} columns but w has {cols}; "
                             f"use an M that divides {cols}")
        return "nm", n, m
    raise ValueError(f"pattern {pattern!r} is none of 'unstructured:S', 'N:M', 'rows:S'; "
                     "write e.g. 'unstructured:0.9', '2:4' or 'rows:0.5'")


def _shape(w) -> tuple[int, int]:
    rows = len(w)
    cols = len(w[0]) if rows else 0
    if rows == 0 or cols == 0:
        raise ValueError(f"w is {rows} x {cols}; give at least one row and one column")
    return rows, cols


# -- python -------------------------------------------------------------------------------------

def prune_python(w, pattern: str) -> list[list[bool]]:
    """Sorts on (−|w|, index): the tie rule is the sort key, not the sort's accident."""
    rows, cols = _shape(w)
    kind, a, b = parse_pattern(pattern, (rows, cols))
    mask = [[False] * cols for _ in range(rows)]
    if kind == "unstructured":
        flat = [abs(float(x)) for row in w for x in row]
        for i in sorted(range(len(flat)), key=lambda i: (-flat[i], i))[:a]:
            mask[i // cols][i % cols] = True
    elif kind == "nm":
        for r in range(rows):
            row = [abs(float(x)) for x in w[r]]
            for start in range(0, cols, b):
                for c in sorted(range(start, start + b), key=lambda c: (-row[c], c))[:a]:
                    mask[r][c] = True
    else:
        norms = [sum(float(x) * float(x) for x in row) for row in w]
        for r in sorted(range(rows), key=lambda r: (-norms[r], r))[:a]:
            mask[r] = [True] * cols
    return mask


# -- numpy --------------------------------------------------------------------------------------

def _top_k_flat(magnitude: np.ndarray, k: int) -> np.ndarray:
    """The k largest of a flat array, ties to the lower index: everything above the k-th
    largest value, then as many equal to it as are left, in index order."""
    keep = np.zeros(magnitude.size, bool)
    if k == 0:
        return keep
    threshold = np.partition(magnitude, magnitude.size - k)[magnitude.size - k]
    keep[magnitude > threshold] = True
    ties = np.flatnonzero(magnitude == threshold)[: k - int(keep.sum())]
    keep[ties] = True
    return keep


def prune_numpy(w, pattern: str) -> np.ndarray:
    w = np.asarray(w)
    if w.ndim != 2:
        raise ValueError(f"w has {w.ndim} dimensions; give a 2-D matrix")
    rows, cols = _shape(w)
    kind, a, b = parse_pattern(pattern, (rows, cols))
    magnitude = np.abs(w)
    if kind == "unstructured":
        return _top_k_flat(magnitude.ravel(), a).reshape(rows, cols)
    if kind == "nm":
        groups = magnitude.reshape(rows, cols // b, b)
        # A stable sort of −|w| keeps equal magnitudes in column order: ties go to the lower column.
        kept = np.argsort(-groups, axis=2, kind="stable")[:, :, :a]
        mask = np.zeros(groups.shape, bool)
        np.put_along_axis(mask, kept, True, axis=2)
        return mask.reshape(rows, cols)
    w64 = w.astype(np.float64)
    norms = np.einsum("ij,ij->i", w64, w64)
    mask = np.zeros((rows, cols), bool)
    mask[np.argsort(-norms, kind="stable")[:a]] = True
    return mask


# -- numba --------------------------------------------------------------------------------------

@jit
def _unstructured_kernel(keys, bits, k, keep):
    """The k largest keys, ties to the lower index. ``keys`` are |w|'s bits as unsigned integers
    (the sign bit cleared), which order as the magnitudes do, so a radix select finds the k-th
    largest: 16 bits a pass from the top, each pass a histogram of the next digit among the keys
    that match the digits found so far (two passes for float32, four for float64)."""
    n = keys.size
    if k == 0:
        return
    counts = np.zeros(65536, np.int64)
    prefix = 0  # the digits of the k-th largest key found so far, as an integer
    need = k  # its rank among the keys that match them
    shift = bits
    while shift > 0:
        shift -= 16
        counts[:] = 0
        for i in range(n):
            key = np.uint64(keys[i])
            if shift + 16 == bits or (key >> np.uint64(shift + 16)) == np.uint64(prefix):
                counts[(key >> np.uint64(shift)) & np.uint64(0xFFFF)] += 1
        digit = 65535
        while counts[digit] < need:
            need -= counts[digit]
            digit -= 1
        prefix = (prefix << 16) | digit
    threshold = np.uint64(prefix)
    taken = 0
    for i in range(n):
        if np.uint64(keys[i]) > threshold:
            keep[i] = True
            taken += 1
    for i in range(n):
        if taken == k:
            break
        if np.uint64(keys[i]) == threshold:
            keep[i] = True
            taken += 1


@jit
def _nm_kernel(magnitude, n, m, keep):
    """Per group, an insertion sort of its places by (−|w|, place); the first n are kept."""
    rows, cols = magnitude.shape
    order = np.empty(m, np.int64)
    for r in range(rows):
        for start in range(0, cols, m):
            for i in range(m):
                value = magnitude[r, start + i]
                j = i
                # Strictly greater moves ahead: an equal magnitude stays behind the lower place.
                while j > 0 and magnitude[r, start + order[j - 1]] < value:
                    order[j] = order[j - 1]
                    j -= 1
                order[j] = i
            for i in range(n):
                keep[r, start + order[i]] = True


@jit
def _rows_kernel(w, k, keep):
    rows, cols = w.shape
    norms = np.empty(rows, np.float64)
    for r in range(rows):
        total = 0.0
        for c in range(cols):
            x = np.float64(w[r, c])
            total += x * x
        norms[r] = -total
    order = np.argsort(norms, kind="mergesort")  # stable: equal norms stay in row order
    for i in range(k):
        keep[order[i]] = True


def prune_numba(w, pattern: str) -> np.ndarray:
    w = np.asarray(w)
    if w.ndim != 2 or w.dtype.kind != "f":
        raise ValueError(f"w is {w.dtype} with {w.ndim} dimensions; give a 2-D float matrix")
    rows, cols = _shape(w)
    kind, a, b = parse_pattern(pattern, (rows, cols))
    if kind == "unstructured":
        keep = np.zeros(rows * cols, bool)
        magnitude = np.abs(w if w.dtype.itemsize >= 4 else w.astype(np.float32))  # abs clears -0.0's sign too
        keys = np.ascontiguousarray(magnitude).ravel().view(np.uint32 if magnitude.dtype.itemsize == 4 else np.uint64)
        _unstructured_kernel(keys, 8 * keys.itemsize, a, keep)
        return keep.reshape(rows, cols)
    if kind == "nm":
        keep = np.zeros((rows, cols), bool)
        _nm_kernel(np.ascontiguousarray(np.abs(w)), a, b, keep)
        return keep
    keep_rows = np.zeros(rows, bool)
    _rows_kernel(np.ascontiguousarray(w), a, keep_rows)
    return np.repeat(keep_rows[:, None], cols, axis=1)


FORMS = {"python": prune_python, "numpy": prune_numpy, "numba": prune_numba}
