# expect: AC — LeetCode-style class Solution with both methods; dequantize gets quantize's own lists back.
import numpy as np


class Solution:
    def quantize(self, w, bits, symmetric, group_size):
        rows, cols = w.shape
        g = cols if group_size == -1 else group_size
        low, high = (-(2 ** (bits - 1) - 1), 2 ** (bits - 1) - 1) if symmetric else (0, 2**bits - 1)
        q = np.zeros((rows, cols), np.int32)
        scale = np.ones((rows, cols // g), np.float32)
        zero = np.zeros((rows, cols // g), np.int32)
        for i in range(rows):
            for k in range(cols // g):
                group = w[i, k * g:(k + 1) * g]
                if symmetric:
                    amax = np.abs(group).max()
                    if amax > 0:
                        scale[i, k] = amax / np.float32(high)
                else:
                    lo, hi = min(group.min(), np.float32(0)), max(group.max(), np.float32(0))
                    if hi > lo:
                        scale[i, k] = (hi - lo) / np.float32(high)
                        zero[i, k] = np.rint(-lo / scale[i, k])
                q[i, k * g:(k + 1) * g] = np.clip(np.rint(group / scale[i, k]) + zero[i, k], low, high)
        return q.tolist(), scale.tolist(), zero.tolist()

    def dequantize(self, q, scale, zero):
        q, scale, zero = np.array(q), np.array(scale, np.float32), np.array(zero)
        g = q.shape[1] // scale.shape[1]
        return np.repeat(scale, g, axis=1) * (q - np.repeat(zero, g, axis=1)).astype(np.float32)
