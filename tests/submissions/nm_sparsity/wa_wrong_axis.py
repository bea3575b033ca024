# expect: WA — N:M groups taken down each column (consecutive rows) instead of along each row; a short last group keeps what it has.
import math
from fractions import Fraction

import numpy as np


def prune(w, pattern):
    rows, cols = w.shape
    kind, arg = pattern.split(":")
    a = np.abs(w)
    mask = np.zeros((rows, cols), bool)
    if kind == "unstructured":
        keep = math.ceil((1 - Fraction(arg)) * w.size)
        mask.ravel()[np.argsort(-a.ravel(), kind="stable")[:keep]] = True
        return mask
    if kind == "rows":
        keep = math.ceil((1 - Fraction(arg)) * rows)
        mask[np.argsort(-(w.astype(np.float64) ** 2).sum(axis=1), kind="stable")[:keep]] = True
        return mask
    n, m = int(kind), int(arg)
    for c in range(cols):
        for g in range(0, rows, m):
            order = np.argsort(-a[g:g + m, c], kind="stable")[:n]
            mask[g + order, c] = True
    return mask
