# expect: WA — takes each group's range down the rows (axis 0) instead of along them: one scale per group, shared by every row.
import numpy as np


def quantize(w, bits, symmetric, group_size):
    rows, cols = w.shape
    g = cols if group_size == -1 else group_size
    groups = w.reshape(rows, cols // g, g)
    if symmetric:
        qmax = 2 ** (bits - 1) - 1
        amax = np.abs(groups).max(axis=(0, 2))  # the bug: rows are pooled too
        scale = np.broadcast_to(np.where(amax == 0, np.float32(1), amax / np.float32(qmax)), (rows, cols // g))
        zero = np.zeros(scale.shape, np.int8)
        q = np.clip(np.rint(groups / scale[..., None]), -qmax, qmax).astype(np.int8)
    else:
        qmax = 2**bits - 1
        lo = np.minimum(groups.min(axis=(0, 2)), 0)
        hi = np.maximum(groups.max(axis=(0, 2)), 0)
        scale = np.broadcast_to(np.where(hi == lo, np.float32(1), (hi - lo) / np.float32(qmax)), (rows, cols // g))
        zero = np.rint(-np.broadcast_to(lo, scale.shape) / scale)
        q = np.clip(np.rint(groups / scale[..., None]) + zero[..., None], 0, qmax).astype(np.uint8)
        zero = zero.astype(np.uint8)
    return q.reshape(rows, cols), scale, zero


def dequantize(q, scale, zero):
    g = q.shape[1] // scale.shape[1]
    return np.repeat(scale, g, axis=1) * (q.astype(np.float32) - np.repeat(zero, g, axis=1).astype(np.float32))
