"""Unique Paths (LeetCode 62): the reference forms side by side.

Every DP form counts with the same state,

    dp[i][j] = number of right/down paths from (0, 0) to cell (i, j)

and differs only in how much of the table it keeps and how the arithmetic is done:

- ``2d``      the whole m x n table, filled row by row;
- ``1d``      one row of n cells, rolled forward over i (j ascending);
- ``memo``    recursion from (m-1, n-1) back to the edges, with a memo dict;
- ``numba``   the 1-D form compiled over int64, with an overflow guard;
- ``formula`` the closed form C(m+n-2, m-1) via math.comb.

Python ints are unbounded, so the Python forms are exact at any size. The numba form
works in int64: it checks every addition and raises OverflowError rather than wrap.
"""

import math

import numpy as np

from solutions._deep import call_with_deep_stack
from solutions._jit import jit

INT64_MAX = 2**63 - 1
_OVERFLOW = -1  # kernel status: an addition would have passed INT64_MAX


def unique_paths_2d(m: int, n: int) -> int:
    """Bottom-up over the full m x n table: O(mn) additions, O(mn) memory."""
    dp = [[1] * n for _ in range(m)]  # row 0 and column 0: one straight path each
    for i in range(1, m):
        above, row = dp[i - 1], dp[i]
        for j in range(1, n):
            row[j] = above[j] + row[j - 1]
    return dp[m - 1][n - 1]


def unique_paths_1d(m: int, n: int) -> int:
    """Bottom-up over one rolling row: O(mn) additions, O(n) memory."""
    dp = [1] * n
    for _ in range(1, m):
        # j ascends: dp[j] still holds row i-1 (the cell above) and dp[j-1] was just
        # overwritten with row i (the cell to the left): the two cells the sum reads.
        for j in range(1, n):
            dp[j] += dp[j - 1]
    return dp[n - 1]


def unique_paths_memo(m: int, n: int) -> int:
    """Top-down with a memo dict: every one of the mn states is visited once.

    ``paths(i, j)`` counts the paths from (0, 0) to (i, j); cells on row 0 or column 0
    have one. Depth reaches m + n - 2, so a deep call moves to a thread with a big stack.
    """
    memo: dict[int, int] = {}  # key i * n + j: one int per state, not a tuple

    def paths(i: int, j: int) -> int:
        if i == 0 or j == 0:
            return 1
        key = i * n + j
        known = memo.get(key)
        if known is not None:
            return known
        result = paths(i - 1, j) + paths(i, j - 1)
        memo[key] = result
        return result

    return call_with_deep_stack(paths, m - 1, n - 1)


@jit
def _unique_paths_kernel(m, n):
    """1-D rolling row over int64; returns _OVERFLOW instead of a wrapped value."""
    dp = np.ones(n, dtype=np.int64)
    limit = np.int64(INT64_MAX)
    for _ in range(1, m):
        for j in range(1, n):  # ascending j: dp[j] is the row above, dp[j-1] this row
            if dp[j] > limit - dp[j - 1]:  # dp[j] + dp[j-1] would pass INT64_MAX
                return np.int64(_OVERFLOW)
            dp[j] += dp[j - 1]
    return dp[n - 1]


def unique_paths_numba(m: int, n: int) -> int:
    """Compiled 1-D form over int64: exact while the answer fits int64, else OverflowError.

    Every cell is at most the answer, so the guard trips only when the answer itself
    passes 2**63 - 1: for a square grid that is from m = n = 35 on.
    """
    for name, value in (("m", m), ("n", n)):
        if type(value) is not int or value < 1:
            raise ValueError(f"{name}={value!r} is not a positive int; pass {name} >= 1")
    answer = int(_unique_paths_kernel(m, n))
    if answer == _OVERFLOW:
        raise OverflowError(
            f"m={m}, n={n}: the path count passes int64's 2**63-1, which the numba form "
            "cannot hold exactly; use a Python form (unbounded ints) for this size"
        )
    return answer


def unique_paths_formula(m: int, n: int) -> int:
    """Closed form: a path is m-1 downs and n-1 rights in some order, C(m+n-2, m-1)."""
    return math.comb(m + n - 2, m - 1)


FORMS = {
    "2d": unique_paths_2d,
    "1d": unique_paths_1d,
    "memo": unique_paths_memo,
    "numba": unique_paths_numba,
    "formula": unique_paths_formula,
}

NOT_APPLICABLE: dict[str, str] = {}
