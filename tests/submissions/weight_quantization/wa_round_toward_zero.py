# expect: WA — rounds toward zero (astype truncates) instead of to the nearest code.
import numpy as np


def quantize(w, bits, symmetric, group_size):
    rows, cols = w.shape
    g = cols if group_size == -1 else group_size
    groups = w.reshape(rows, cols // g, g)
    if symmetric:
        qmax = 2 ** (bits - 1) - 1
        amax = np.abs(groups).max(axis=2)
        scale = np.where(amax == 0, np.float32(1), amax / np.float32(qmax))
        zero = np.zeros(scale.shape, np.int8)
        q = np.clip(groups / scale[..., None], -qmax, qmax).astype(np.int8)
    else:
        qmax = 2**bits - 1
        lo = np.minimum(groups.min(axis=2), 0)
        hi = np.maximum(groups.max(axis=2), 0)
        scale = np.where(hi == lo, np.float32(1), (hi - lo) / np.float32(qmax))
        zero = np.rint(-lo / scale)
        q = np.clip((groups / scale[..., None]).astype(np.int32) + zero[..., None], 0, qmax).astype(np.uint8)
        zero = zero.astype(np.uint8)
    return q.reshape(rows, cols), scale, zero


def dequantize(q, scale, zero):
    g = q.shape[1] // scale.shape[1]
    steps = q.astype(np.float32) - np.repeat(zero, g, axis=1).astype(np.float32)
    return np.repeat(scale, g, axis=1) * steps
