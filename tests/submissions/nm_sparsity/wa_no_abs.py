# expect: WA — magnitude without abs: the largest signed values are kept, so −3 loses to 2.
import math
from fractions import Fraction

import numpy as np


def prune(w, pattern):
    rows, cols = w.shape
    kind, arg = pattern.split(":")
    mask = np.zeros((rows, cols), bool)
    if kind == "unstructured":
        keep = math.ceil((1 - Fraction(arg)) * w.size)
        mask.ravel()[np.argsort(-w.ravel(), kind="stable")[:keep]] = True
        return mask
    if kind == "rows":
        keep = math.ceil((1 - Fraction(arg)) * rows)
        mask[np.argsort(-(w.astype(np.float64) ** 2).sum(axis=1), kind="stable")[:keep]] = True
        return mask
    n, m = int(kind), int(arg)
    groups = w.reshape(rows, cols // m, m)
    out = np.zeros(groups.shape, bool)
    np.put_along_axis(out, np.argsort(-groups, axis=2, kind="stable")[:, :, :n], True, axis=2)
    return out.reshape(rows, cols)
