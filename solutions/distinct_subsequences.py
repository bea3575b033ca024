"""Distinct Subsequences (LeetCode 115): the reference forms side by side.

Every form counts with the same state,

    dp[i][j] = number of ways to pick t[:j] out of s[:i] as a subsequence

and differs only in how much of the table it keeps and which cells it visits:

- ``2d``    the whole (m+1) x (n+1) table, filled row by row;
- ``1d``    one row of n+1 cells, rolled forward over i, j DESCENDING;
- ``memo``  recursion from (0, 0) that visits only the states it can reach;
- ``numba`` the 1-D form compiled over uint8 arrays, with saturating int64 additions.

Python ints are unbounded, so the Python forms are exact at any size. The numba form
saturates at 2**63 - 1 instead of wrapping: it is exact whenever the answer is below
that, even if cells on the way are not, and raises OverflowError otherwise.
"""

import numpy as np

from solutions._convert import as_bytes
from solutions._deep import call_with_deep_stack
from solutions._jit import jit

INT64_MAX = 2**63 - 1


def num_distinct_2d(s: str, t: str) -> int:
    """Bottom-up over the full (m+1) x (n+1) table: O(mn) time, O(mn) memory."""
    m, n = len(s), len(t)
    dp = [[0] * (n + 1) for _ in range(m + 1)]
    for i in range(m + 1):
        dp[i][0] = 1  # the empty t is picked out of any prefix exactly once
    for i in range(1, m + 1):
        a, above, row = s[i - 1], dp[i - 1], dp[i]
        for j in range(1, n + 1):
            # s[i-1] unused (the cell above), or matched to t[j-1] (the cell above-left)
            row[j] = above[j] + (above[j - 1] if a == t[j - 1] else 0)
    return dp[m][n]


def num_distinct_1d(s: str, t: str) -> int:
    """Bottom-up over one rolling row: O(mn) time, O(n) memory."""
    n = len(t)
    dp = [1] + [0] * n
    for a in s:
        # j descends: dp[j-1] still holds row i-1 (the cell above-left) when dp[j] reads it.
        # Ascending, dp[j-1] would already count matches that use this same s[i-1], so one
        # character of s would be matched to two characters of t.
        for j in range(n, 0, -1):
            if t[j - 1] == a:
                dp[j] += dp[j - 1]
    return dp[n]


def num_distinct_memo(s: str, t: str) -> int:
    """Top-down with a memo dict: O(mn) worst case, only reachable states visited.

    The recursion runs from (0, 0) forward: ``ways(i, j)`` counts the ways to pick t[j:]
    out of s[i:]. A state with fewer characters left in s than in t is 0 at once.
    Depth reaches m, so a deep call moves to a thread with a big stack (see solutions._deep).
    """
    m, n = len(s), len(t)
    width = n + 1
    memo: dict[int, int] = {}  # key i * (n + 1) + j: one int per state, not a tuple

    def ways(i: int, j: int) -> int:
        if j == n:
            return 1
        if m - i < n - j:
            return 0
        key = i * width + j
        known = memo.get(key)
        if known is not None:
            return known
        result = ways(i + 1, j) + (ways(i + 1, j + 1) if s[i] == t[j] else 0)
        memo[key] = result
        return result

    return call_with_deep_stack(ways, 0, 0)


@jit
def _distinct_kernel(a, b):
    """1-D rolling row over int64 with saturating additions: a cell holds min(count, INT64_MAX).

    min(x + y, M) == min(min(x, M) + min(y, M), M) for counts x, y >= 0, so saturating at
    every step gives exactly min(answer, M) at the end, however big the cells on the way.
    """
    top = np.int64(INT64_MAX)
    n = b.size
    dp = np.zeros(n + 1, dtype=np.int64)
    dp[0] = 1
    for i in range(a.size):
        ai = a[i]
        for j in range(n, 0, -1):  # descending: dp[j-1] is still the row above
            if b[j - 1] == ai:
                x = dp[j]
                y = dp[j - 1]
                dp[j] = top if x > top - y else x + y
    return dp[n]


def num_distinct_numba(s: str, t: str) -> int:
    """Compiled 1-D form: exact while the answer is below 2**63 - 1, else OverflowError."""
    a, b = as_bytes("s", s), as_bytes("t", t)
    answer = int(_distinct_kernel(a, b))
    if answer == INT64_MAX:
        raise OverflowError(
            f"|s|={a.size}, |t|={b.size}: the count reaches 2**63-1, which the numba form "
            "cannot hold exactly; use a Python form (unbounded ints) for this size"
        )
    return answer


FORMS = {
    "2d": num_distinct_2d,
    "1d": num_distinct_1d,
    "memo": num_distinct_memo,
    "numba": num_distinct_numba,
}

NOT_APPLICABLE: dict[str, str] = {}
