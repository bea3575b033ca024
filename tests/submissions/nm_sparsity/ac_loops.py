# expect: AC — plain Python: sorted() on the key (−|w|, index), lists of 0 and 1 returned.
from decimal import Decimal
import math


def prune(w, pattern):
    w = w.tolist()
    rows, cols = len(w), len(w[0])
    kind, arg = pattern.split(":")
    out = [[0] * cols for _ in range(rows)]
    if kind == "unstructured":
        keep = math.ceil((1 - Decimal(arg)) * rows * cols)
        order = sorted(range(rows * cols), key=lambda i: (-abs(w[i // cols][i % cols]), i))
        for i in order[:keep]:
            out[i // cols][i % cols] = 1
    elif kind == "rows":
        keep = math.ceil((1 - Decimal(arg)) * rows)
        norms = [sum(x * x for x in row) for row in w]
        for r in sorted(range(rows), key=lambda r: (-norms[r], r))[:keep]:
            out[r] = [1] * cols
    else:
        n, m = int(kind), int(arg)
        for r in range(rows):
            for g in range(0, cols, m):
                for c in sorted(range(g, g + m), key=lambda c: (-abs(w[r][c]), c))[:n]:
                    out[r][c] = 1
    return out
