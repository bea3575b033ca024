# expect: WA — the wrong Cholesky triangle: inv(L).T is upper triangular and a factor of inv(H), but inv(H) = M @ M.T for it, not M.T @ M, so its rows are not GPTQ's.
import numpy as np


def gptq(W, X, bits, group_size, damp):
    rows, cols = W.shape
    g = cols if group_size == -1 else group_size
    qmax = 2**bits - 1
    groups = W.reshape(rows, cols // g, g)
    lo = np.minimum(groups.min(axis=2), 0.0)
    hi = np.maximum(groups.max(axis=2), 0.0)
    scale = np.where(hi == lo, 1.0, (hi - lo) / qmax)
    zero = np.where(hi == lo, 0.0, np.rint(-lo / scale))

    H = 2 * X @ X.T
    W = W.copy()
    dead = np.diag(H) == 0
    H[dead, dead] = 1
    W[:, dead] = 0
    H += damp * np.mean(np.diag(H)) * np.eye(cols)
    M = np.linalg.inv(np.linalg.cholesky(H)).T  # the bug: upper, but inv(H) = M @ M.T

    q = np.zeros((rows, cols), np.uint8)
    for j in range(cols):
        s, z = scale[:, j // g], zero[:, j // g]
        q[:, j] = np.clip(np.rint(W[:, j] / s) + z, 0, qmax)
        err = (W[:, j] - s * (q[:, j] - z)) / M[j, j]
        W[:, j + 1:] -= np.outer(err, M[j, j + 1:])
    return q, scale, zero.astype(np.uint8)
