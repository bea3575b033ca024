# expect: AC — a Numba kernel returning np.bool_, which the worker converts to bool.
import numpy as np
from numba import njit


@njit(cache=False)
def _kernel(a, b, c):
    m, n = a.size, b.size
    dp = np.zeros(n + 1, dtype=np.bool_)
    dp[0] = True
    for j in range(1, n + 1):
        dp[j] = dp[j - 1] and b[j - 1] == c[j - 1]
    for i in range(1, m + 1):
        dp[0] = dp[0] and a[i - 1] == c[i - 1]
        for j in range(1, n + 1):
            dp[j] = (dp[j] and a[i - 1] == c[i + j - 1]) or (dp[j - 1] and b[j - 1] == c[i + j - 1])
    return dp[n]


def is_interleave(s1, s2, s3):
    if len(s1) + len(s2) != len(s3):
        return False
    enc = lambda s: np.frombuffer(s.encode(), dtype=np.uint8)
    return _kernel(enc(s1), enc(s2), enc(s3))
