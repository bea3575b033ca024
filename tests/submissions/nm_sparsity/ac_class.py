# expect: AC — LeetCode-style class Solution: a per-group top-N by repeated argmax (argmax returns the first maximum).
import math
from fractions import Fraction

import numpy as np


class Solution:
    def prune(self, w, pattern):
        rows, cols = w.shape
        kind, arg = pattern.split(":")
        a = np.abs(w).astype(np.float64)
        mask = np.zeros((rows, cols), dtype=bool)
        if kind == "rows":
            keep = math.ceil((1 - Fraction(arg)) * rows)
            norms = np.einsum("ij,ij->i", w.astype(np.float64), w.astype(np.float64))
            for _ in range(keep):
                r = int(np.argmax(norms))
                mask[r] = True
                norms[r] = -1.0
            return mask
        if kind == "unstructured":
            keep = math.ceil((1 - Fraction(arg)) * w.size)
            flat = a.ravel().copy()
            out = mask.ravel()
            for _ in range(keep):
                i = int(np.argmax(flat))
                out[i] = True
                flat[i] = -1.0
            return out.reshape(rows, cols)
        n, m = int(kind), int(arg)
        for r in range(rows):
            for g in range(0, cols, m):
                group = a[r, g:g + m].copy()
                for _ in range(n):
                    c = int(np.argmax(group))
                    mask[r, g + c] = True
                    group[c] = -1.0
        return mask
