# expect: WA — the kept count in binary floats: math.ceil((1 − 0.7)·10) is 4, since 1 − 0.7 = 0.30000000000000004.
import math

import numpy as np


def prune(w, pattern):
    rows, cols = w.shape
    kind, arg = pattern.split(":")
    mask = np.zeros((rows, cols), bool)
    if kind == "unstructured":
        keep = math.ceil((1 - float(arg)) * w.size)
        mask.ravel()[np.argsort(-np.abs(w).ravel(), kind="stable")[:keep]] = True
        return mask
    if kind == "rows":
        keep = math.ceil((1 - float(arg)) * rows)
        mask[np.argsort(-(w.astype(np.float64) ** 2).sum(axis=1), kind="stable")[:keep]] = True
        return mask
    n, m = int(kind), int(arg)
    groups = np.abs(w).reshape(rows, cols // m, m)
    out = np.zeros(groups.shape, bool)
    np.put_along_axis(out, np.argsort(-groups, axis=2, kind="stable")[:, :, :n], True, axis=2)
    return out.reshape(rows, cols)
