"""Regular Expression Matching (LeetCode 10): the reference forms side by side.

Every form answers the same question with the same state,

    dp[i][j] = s[:i] matches p[:j] in full

where '.' matches any one character and 'c*' matches zero or more copies of c (or of
anything, for '.*'). The forms differ only in how much of the table they keep and which
cells they visit:

- ``2d``    the whole (m+1) x (n+1) table, filled row by row;
- ``1d``    one row of n+1 cells, rolled forward over i, plus the saved diagonal;
- ``memo``  recursion from (0, 0) that visits only the states it can reach;
- ``numba`` the 1-D form compiled, over uint8 arrays.

Every form assumes a well-formed pattern: each '*' follows a letter or '.'.
"""

import numpy as np

from solutions._convert import as_bytes
from solutions._deep import call_with_deep_stack
from solutions._jit import jit

_DOT = ord(".")
_STAR = ord("*")


def is_match_2d(s: str, p: str) -> bool:
    """Bottom-up over the full (m+1) x (n+1) table: O(mn) time, O(mn) memory."""
    m, n = len(s), len(p)
    dp = [[False] * (n + 1) for _ in range(m + 1)]
    dp[0][0] = True
    for j in range(2, n + 1):  # the empty string matches only stars taking zero copies
        dp[0][j] = p[j - 1] == "*" and dp[0][j - 2]
    for i in range(1, m + 1):
        c = s[i - 1]
        for j in range(1, n + 1):
            q = p[j - 1]
            if q == "*":
                # zero copies of p[j-2], or one more copy on top of a match of s[:i-1]
                dp[i][j] = dp[i][j - 2] or (dp[i - 1][j] and p[j - 2] in (c, "."))
            else:
                dp[i][j] = dp[i - 1][j - 1] and q in (c, ".")
    return dp[m][n]


def is_match_1d(s: str, p: str) -> bool:
    """Bottom-up over one rolling row plus one saved cell: O(mn) time, O(n) memory."""
    m, n = len(s), len(p)
    dp = [False] * (n + 1)
    dp[0] = True
    for j in range(2, n + 1):
        dp[j] = p[j - 1] == "*" and dp[j - 2]
    for i in range(1, m + 1):
        c = s[i - 1]
        # j ascends. When cell j is computed, dp[j] still holds row i-1 (the cell above)
        # and dp[j-2] already holds row i (same row, two to the left). The diagonal
        # dp[i-1][j-1] was overwritten one step ago, so it is kept in ``diagonal``.
        diagonal = dp[0]
        dp[0] = False  # a non-empty s[:i] never matches the empty pattern
        for j in range(1, n + 1):
            above = dp[j]
            q = p[j - 1]
            if q == "*":
                dp[j] = dp[j - 2] or (above and p[j - 2] in (c, "."))
            else:
                dp[j] = diagonal and q in (c, ".")
            diagonal = above
    return dp[n]


def is_match_memo(s: str, p: str) -> bool:
    """Top-down with a memo dict: O(mn) worst case, but only reachable states are visited.

    The recursion runs from (0, 0) forward, so its state is the mirror of dp:
    ``rest(i, j)`` = s[i:] matches p[j:]. At a starred token it tries zero copies
    first, then one more copy. Depth reaches m + n, so the call runs on a thread with
    a big stack (see solutions._deep).
    """
    m, n = len(s), len(p)
    width = n + 1
    memo: dict[int, bool] = {}  # key i * (n + 1) + j: one int per state, not a tuple

    def rest(i: int, j: int) -> bool:
        if j == n:
            return i == m
        key = i * width + j
        known = memo.get(key)
        if known is not None:
            return known
        first = i < m and p[j] in (s[i], ".")
        if j + 1 < n and p[j + 1] == "*":
            result = rest(i, j + 2) or (first and rest(i + 1, j))
        else:
            result = first and rest(i + 1, j + 1)
        memo[key] = result
        return result

    return call_with_deep_stack(rest, 0, 0, recursion_limit=max(100_000, 2 * (m + n) + 1_000))


@jit
def _match_kernel(s, p):
    """1-D rolling row over uint8 arrays; same recurrence and fill order as the 1d form."""
    m = s.size
    n = p.size
    dp = np.zeros(n + 1, dtype=np.bool_)
    dp[0] = True
    for j in range(2, n + 1):
        dp[j] = p[j - 1] == _STAR and dp[j - 2]
    for i in range(1, m + 1):
        c = s[i - 1]
        diagonal = dp[0]
        dp[0] = False
        for j in range(1, n + 1):
            above = dp[j]
            q = p[j - 1]
            if q == _STAR:
                r = p[j - 2]
                dp[j] = dp[j - 2] or (above and (r == c or r == _DOT))
            else:
                dp[j] = diagonal and (q == c or q == _DOT)
            diagonal = above
    return dp[n]


def is_match_numba(s: str, p: str) -> bool:
    """Compiled 1-D form: O(mn) time, O(n) memory. Compiles on first call, then cached."""
    a, b = as_bytes("s", s), as_bytes("p", p)
    if b.size and b[0] == _STAR:
        raise ValueError("p starts with '*', which has nothing to repeat; put a letter or '.' before it")
    return bool(_match_kernel(a, b))


FORMS = {
    "2d": is_match_2d,
    "1d": is_match_1d,
    "memo": is_match_memo,
    "numba": is_match_numba,
}

NOT_APPLICABLE: dict[str, str] = {}
