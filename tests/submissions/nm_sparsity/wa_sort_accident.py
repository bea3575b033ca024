# expect: WA — ties left to the sort: an ascending argsort read from its end keeps the higher index of a tie.
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
        if keep:
            mask.ravel()[np.argsort(a.ravel(), kind="stable")[-keep:]] = True
        return mask
    if kind == "rows":
        keep = math.ceil((1 - Fraction(arg)) * rows)
        if keep:
            mask[np.argsort((w.astype(np.float64) ** 2).sum(axis=1), kind="stable")[-keep:]] = True
        return mask
    n, m = int(kind), int(arg)
    groups = a.reshape(rows, cols // m, m)
    order = np.argsort(groups, axis=2, kind="stable")[:, :, m - n:]
    out = np.zeros(groups.shape, bool)
    np.put_along_axis(out, order, True, axis=2)
    return out.reshape(rows, cols)
