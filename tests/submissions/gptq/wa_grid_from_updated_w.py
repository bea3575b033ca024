# expect: WA — each group's grid taken from W as updated when the group starts (gptq.py without static_groups), where the spec fixes it from the original W.
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
    U = np.linalg.cholesky(np.linalg.inv(H)).T  # upper: inv(H) = U.T @ U

    q = np.zeros((rows, cols), np.uint8)
    for j in range(cols):
        if j % g == 0:  # the bug: the group's grid from the weights as updated so far
            lo = np.minimum(W[:, j:j + g].min(axis=1), 0.0)
            hi = np.maximum(W[:, j:j + g].max(axis=1), 0.0)
            scale[:, j // g] = np.where(hi == lo, 1.0, (hi - lo) / qmax)
            zero[:, j // g] = np.where(hi == lo, 0.0, np.rint(-lo / scale[:, j // g]))
        s, z = scale[:, j // g], zero[:, j // g]
        q[:, j] = np.clip(np.rint(W[:, j] / s) + z, 0, qmax)
        err = (W[:, j] - s * (q[:, j] - z)) / U[j, j]
        W[:, j + 1:] -= np.outer(err, U[j, j + 1:])
    return q, scale, zero.astype(np.uint8)
