# expect: AC — numpy: stable argsorts of −|w| (the whole matrix, each group, the row norms), the kept count as an exact decimal.
from fractions import Fraction
import math

import numpy as np


def prune(w, pattern):
    rows, cols = w.shape
    kind, arg = pattern.split(":")
    mask = np.zeros(w.size, bool)
    if kind == "unstructured":
        keep = math.ceil((1 - Fraction(arg)) * w.size)
        mask[np.argsort(-np.abs(w).ravel(), kind="stable")[:keep]] = True
        return mask.reshape(rows, cols)
    if kind == "rows":
        keep = math.ceil((1 - Fraction(arg)) * rows)
        norms = (w.astype(np.float64) ** 2).sum(axis=1)
        out = np.zeros((rows, cols), bool)
        out[np.argsort(-norms, kind="stable")[:keep]] = True
        return out
    n, m = int(kind), int(arg)
    groups = np.abs(w).reshape(rows, cols // m, m)
    order = np.argsort(-groups, axis=2, kind="stable")[:, :, :n]
    out = np.zeros(groups.shape, bool)
    np.put_along_axis(out, order, True, axis=2)
    return out.reshape(rows, cols)
