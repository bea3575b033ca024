# expect: AC — the same algorithm with every float sum in another order (H sample by sample backwards, the inverse by solving, updates element by element): codes may only part at ties.
import numpy as np


def gptq(W, X, bits, group_size, damp):
    rows, cols = W.shape
    samples = X.shape[1]
    g = cols if group_size == -1 else group_size
    qmax = 2**bits - 1
    scale = np.ones((rows, cols // g))
    zero = np.zeros((rows, cols // g))
    for i in range(rows):
        for k in range(cols // g):
            lo, hi = min(W[i, k * g:(k + 1) * g].min(), 0.0), max(W[i, k * g:(k + 1) * g].max(), 0.0)
            if hi > lo:
                scale[i, k] = (hi - lo) / qmax
                zero[i, k] = np.rint(-lo / scale[i, k])

    H = np.zeros((cols, cols))
    for t in reversed(range(samples)):
        H += 2 * np.outer(X[:, t], X[:, t])
    W = W.astype(np.float64).copy()
    for j in range(cols):
        if H[j, j] == 0:
            H[j, j] = 1
            W[:, j] = 0
    H[np.diag_indices(cols)] += damp * np.trace(H) / cols
    inverse = np.linalg.solve(H, np.eye(cols))
    inverse = (inverse + inverse.T) / 2
    U = np.linalg.cholesky(inverse).T

    q = np.zeros((rows, cols), np.int64)
    for j in range(cols):
        for i in reversed(range(rows)):
            s, z = scale[i, j // g], zero[i, j // g]
            q[i, j] = min(max(np.rint(W[i, j] / s) + z, 0), qmax)
            err = (W[i, j] - s * (q[i, j] - z)) / U[j, j]
            for t in reversed(range(j + 1, cols)):
                W[i, t] -= err * U[j, t]
    return q.tolist(), scale.tolist(), zero.astype(np.int64).tolist()
