"""Weight quantisation (round to nearest, per channel or per group): the reference forms side by side.

Every form computes the same codes by the spec's exact rules (problems/weight_quantization/
README.md), all in float32, correctly rounded:

    symmetric:  qmax = 2^(b-1) - 1;  scale = amax / qmax (1 if amax = 0);  zero = 0
                q = clip(rint(w / scale), -qmax, qmax)
    asymmetric: qmax = 2^b - 1;  lo = min(0, min w), hi = max(0, max w)
                scale = (hi - lo) / qmax (1 if hi = lo);  zero = rint(-lo / scale)
                q = clip(rint(w / scale) + zero, 0, qmax)
    dequantize: w_hat = scale · (q - zero)

over each row (``group_size = -1``) or each run of ``group_size`` consecutive columns of a
row. rint ties go to even. The forms differ only in how the loops are run:

- ``python``  loops over rows, groups and values; Python floats rounded to float32 after each
  operation, which gives float32's own results (double rounding of +, -, ×, ÷ is innocuous
  when the wider format has at least 2p + 2 bits: 53 >= 2·24 + 2);
- ``numpy``   the groups as a (rows, groups, group_size) view, every step one vectorised pass
  with its temporaries: O(rows·cols) work, about eight passes over memory;
- ``numba``   one compiled kernel: a pass for each group's range, then one for its codes.
"""

from __future__ import annotations

import struct

import numpy as np

from solutions._jit import jit

_OK = 0
_NOT_FINITE = 1  # kernel status: a weight is inf or NaN
_MAGIC = np.float32(1.5 * 2**23)


def levels(bits: int, symmetric: bool) -> tuple[int, int]:
    """The lowest and highest code: -(2^(b-1)-1) .. 2^(b-1)-1, or 0 .. 2^b-1."""
    if symmetric:
        return -(2 ** (bits - 1) - 1), 2 ** (bits - 1) - 1
    return 0, 2**bits - 1


def code_dtype(symmetric: bool) -> type:
    """int8 holds every symmetric code up to 8 bits; uint8 every asymmetric one."""
    return np.int8 if symmetric else np.uint8


def group_width(cols: int, group_size: int) -> int:
    return cols if group_size == -1 else group_size


def _check(w: np.ndarray, bits: int, group_size: int) -> tuple[int, int, int]:
    if w.ndim != 2 or w.shape[0] < 1 or w.shape[1] < 1:
        raise ValueError(f"w has shape {w.shape}; pass a 2-D matrix with at least one row and one column")
    if not 2 <= bits <= 8:
        raise ValueError(f"bits is {bits}; the codes fit int8/uint8 for 2..8 bits")
    rows, cols = w.shape
    g = group_width(cols, group_size)
    if not (1 <= g <= cols and cols % g == 0):
        raise ValueError(f"group_size is {group_size} for {cols} columns; pass -1 or a divisor of {cols}")
    return rows, cols, g


# -- python: loops --------------------------------------------------------------------------


def _f32(x: float) -> float:
    """The float32 nearest x (ties to even), as a Python float."""
    return struct.unpack("f", struct.pack("f", x))[0]


def quantize_python(w, bits: int, symmetric: bool, group_size: int):
    rows, cols, g = _check(np.asarray(w), bits, group_size)
    low, high = levels(bits, symmetric)
    codes, scales, zeros = [], [], []
    for row in np.asarray(w, dtype=np.float32).tolist():
        row_codes, row_scales, row_zeros = [], [], []
        for start in range(0, cols, g):
            group = row[start:start + g]
            if symmetric:
                amax = max(abs(v) for v in group)
                scale = 1.0 if amax == 0 else _f32(amax / high)
                zero = 0
            else:
                lo, hi = min(0.0, min(group)), max(0.0, max(group))
                if hi == lo:
                    scale, zero = 1.0, 0
                else:
                    scale = _f32(_f32(hi - lo) / high)
                    zero = round(_f32(-lo / scale))  # round() on a float: ties to even, as rint
            row_codes.extend(min(max(round(_f32(v / scale)) + zero, low), high) for v in group)
            row_scales.append(scale)
            row_zeros.append(zero)
        codes.append(row_codes)
        scales.append(row_scales)
        zeros.append(row_zeros)
    kind = code_dtype(symmetric)
    return np.array(codes, kind), np.array(scales, np.float32), np.array(zeros, kind)


def dequantize_python(q, scale, zero):
    q, scale, zero = np.asarray(q), np.asarray(scale), np.asarray(zero)
    g = q.shape[1] // scale.shape[1]
    out = []
    for codes, scales, zeros in zip(q.tolist(), scale.tolist(), zero.tolist()):
        out.append([_f32(scales[j // g] * (c - zeros[j // g])) for j, c in enumerate(codes)])
    return np.array(out, np.float32)


# -- numpy: vectorised over a (rows, groups, group_size) view -------------------------------------


def quantize_numpy(w, bits: int, symmetric: bool, group_size: int):
    w = np.asarray(w, dtype=np.float32)
    rows, cols, g = _check(w, bits, group_size)
    low, high = levels(bits, symmetric)
    groups = w.reshape(rows, cols // g, g)
    if symmetric:
        amax = np.abs(groups).max(axis=2)
        empty = amax == 0
        scale = np.where(empty, np.float32(1), amax / np.float32(high))
        zero = np.zeros_like(scale)
    else:
        lo = np.minimum(groups.min(axis=2), np.float32(0))
        hi = np.maximum(groups.max(axis=2), np.float32(0))
        empty = hi == lo
        scale = np.where(empty, np.float32(1), (hi - lo) / np.float32(high))
        zero = np.where(empty, np.float32(0), np.rint(-lo / scale))
    codes = np.rint(groups / scale[:, :, None]) + zero[:, :, None]
    kind = code_dtype(symmetric)
    q = np.clip(codes, low, high).astype(kind).reshape(rows, cols)
    return q, scale.astype(np.float32), zero.astype(kind)


def dequantize_numpy(q, scale, zero):
    q, scale, zero = np.asarray(q), np.asarray(scale, dtype=np.float32), np.asarray(zero)
    rows, cols = q.shape
    g = cols // scale.shape[1]
    shifted = q.reshape(rows, -1, g).astype(np.float32) - zero.astype(np.float32)[:, :, None]
    return (scale[:, :, None] * shifted).reshape(rows, cols)


# -- numba: one kernel, two passes per group --------------------------------------------------------


@jit
def _quantize_kernel(w, g, low, high, symmetric, q, scale, zero):  # pragma: no cover - compiled
    rows, cols = w.shape
    one = np.float32(1.0)
    top = np.float32(high)
    bottom = np.float32(low)
    for i in range(rows):
        row, codes = w[i], q[i]
        for k in range(cols // g):
            start = k * g
            # The range pass. NaN compares false and would slip past lo and hi, so it is counted
            # on its own (v != v); an infinity shows in lo or hi. Loops run t = 0 .. g-1 and index
            # start + t: a loop that starts at a variable index keeps numba's negative-index check
            # in the body, and LLVM then does not vectorise it (measured: 10x slower).
            lo = np.float32(0.0)
            hi = np.float32(0.0)
            nans = 0
            for t in range(g):
                v = row[start + t]
                lo = v if v < lo else lo
                hi = v if v > hi else hi
                nans += v != v
            if nans or not (np.isfinite(lo) and np.isfinite(hi)):
                return _NOT_FINITE
            z = np.float32(0.0)
            if symmetric:
                amax = hi if hi > -lo else -lo
                s = one if amax == 0 else amax / top
            elif hi == lo:
                s = one
            else:
                s = (hi - lo) / top
                z = np.rint(-lo / s)
            scale[i, k] = s
            zero[i, k] = int(z)
            # The codes pass, branch-free. rint by the magic number: for |x| < 2^22, x + 1.5·2^23
            # lands where float32's spacing is 1, so the sum is rounded to an integer, ties to even,
            # and subtracting back is exact: numpy.rint to the bit, without numba's scalar call to
            # rint. Larger quotients are clamped anyway.
            for t in range(g):
                c = ((row[start + t] / s + _MAGIC) - _MAGIC) + z
                c = bottom if c < bottom else c
                c = top if c > top else c
                codes[start + t] = np.int32(c)
    return _OK


@jit
def _dequantize_kernel(q, scale, zero, out):  # pragma: no cover - compiled
    rows, cols = q.shape
    groups = scale.shape[1]
    g = cols // groups
    for i in range(rows):
        codes, values = q[i], out[i]
        for k in range(groups):
            s = scale[i, k]
            z = np.int32(zero[i, k])
            start = k * g
            for t in range(g):
                values[start + t] = s * np.float32(np.int32(codes[start + t]) - z)


def quantize_numba(w, bits: int, symmetric: bool, group_size: int):
    w = np.ascontiguousarray(w, dtype=np.float32)
    rows, cols, g = _check(w, bits, group_size)
    low, high = levels(bits, symmetric)
    kind = code_dtype(symmetric)
    q = np.empty((rows, cols), kind)
    scale = np.empty((rows, cols // g), np.float32)
    zero = np.empty((rows, cols // g), kind)
    if _quantize_kernel(w, g, low, high, bool(symmetric), q, scale, zero) == _NOT_FINITE:
        raise ValueError("w holds inf or NaN; quantise finite weights only")
    return q, scale, zero


def dequantize_numba(q, scale, zero):
    q = np.ascontiguousarray(q)
    scale = np.ascontiguousarray(scale, dtype=np.float32)
    zero = np.ascontiguousarray(zero)
    if q.ndim != 2 or scale.shape != zero.shape or scale.ndim != 2 or q.shape[1] % scale.shape[1]:
        raise ValueError(f"q {q.shape}, scale {scale.shape} and zero {zero.shape} do not fit together; "
                         "pass what quantize returned")
    out = np.empty(q.shape, np.float32)
    _dequantize_kernel(q, scale, zero, out)
    return out


def _judged(quantize, dequantize):
    """The judged answer: quantize's (q, scale, zero) and dequantize's w_hat of them."""
    def run(w, bits: int, symmetric: bool, group_size: int):
        triple = quantize(w, bits, symmetric, group_size)
        return triple, dequantize(*triple)
    run.__name__ = run.__qualname__ = f"{quantize.__name__}_then_{dequantize.__name__}"
    run.parts = (quantize, dequantize)
    return run


FORMS = {
    "python": _judged(quantize_python, dequantize_python),
    "numpy": _judged(quantize_numpy, dequantize_numpy),
    "numba": _judged(quantize_numba, dequantize_numba),
}
