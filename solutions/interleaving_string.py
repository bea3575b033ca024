"""Interleaving String (LeetCode 97): the reference forms side by side.

Every form answers the same question with the same state,

    dp[i][j] = s1[:i] and s2[:j] interleave to s3[:i+j]

and differs only in how much of the table it keeps and which cells it visits:

- ``2d``    the whole (m+1) x (n+1) table, filled row by row;
- ``1d``    one row of n+1 cells, rolled forward over i;
- ``memo``  recursion from (0, 0) that visits only the states it can reach;
- ``numba`` the 1-D form compiled, over uint8 arrays.
"""

import numpy as np

from solutions._deep import call_with_deep_stack
from solutions._jit import jit


def is_interleave_2d(s1: str, s2: str, s3: str) -> bool:
    """Bottom-up over the full (m+1) x (n+1) table: O(mn) time, O(mn) memory."""
    m, n = len(s1), len(s2)
    if m + n != len(s3):
        return False
    dp = [[False] * (n + 1) for _ in range(m + 1)]
    dp[0][0] = True
    for j in range(1, n + 1):
        dp[0][j] = dp[0][j - 1] and s2[j - 1] == s3[j - 1]
    for i in range(1, m + 1):
        dp[i][0] = dp[i - 1][0] and s1[i - 1] == s3[i - 1]
        for j in range(1, n + 1):
            c = s3[i + j - 1]
            dp[i][j] = (dp[i - 1][j] and s1[i - 1] == c) or (dp[i][j - 1] and s2[j - 1] == c)
    return dp[m][n]


def is_interleave_1d(s1: str, s2: str, s3: str) -> bool:
    """Bottom-up over one rolling row: O(mn) time, O(n) memory."""
    m, n = len(s1), len(s2)
    if m + n != len(s3):
        return False
    dp = [False] * (n + 1)
    dp[0] = True
    for j in range(1, n + 1):
        dp[j] = dp[j - 1] and s2[j - 1] == s3[j - 1]
    for i in range(1, m + 1):
        a = s1[i - 1]
        dp[0] = dp[0] and a == s3[i - 1]
        # j ascends: when cell j is computed, dp[j] still holds row i-1 (the cell above,
        # dp[i-1][j]) and dp[j-1] was just overwritten with row i (the cell to the left,
        # dp[i][j-1]). Those are exactly the two cells the recurrence reads.
        for j in range(1, n + 1):
            c = s3[i + j - 1]
            dp[j] = (dp[j] and a == c) or (dp[j - 1] and s2[j - 1] == c)
    return dp[n]


def is_interleave_memo(s1: str, s2: str, s3: str) -> bool:
    """Top-down with a memo dict: O(mn) worst case, but only reachable states are visited.

    The recursion runs from (0, 0) forward, so its state is the mirror of dp:
    ``can(i, j)`` = s1[i:] and s2[j:] interleave to s3[i+j:]. A state is entered only
    if the characters consumed so far matched, i.e. only if dp[i][j] is True. Depth
    reaches m + n, so the call runs on a thread with a big stack (see solutions._deep).
    """
    m, n = len(s1), len(s2)
    if m + n != len(s3):
        return False
    width = n + 1
    memo: dict[int, bool] = {}  # key i * (n + 1) + j: one int per state, not a tuple

    def can(i: int, j: int) -> bool:
        if i == m and j == n:
            return True
        key = i * width + j
        known = memo.get(key)
        if known is not None:
            return known
        c = s3[i + j]
        result = (i < m and s1[i] == c and can(i + 1, j)) or (
            j < n and s2[j] == c and can(i, j + 1)
        )
        memo[key] = result
        return result

    return call_with_deep_stack(can, 0, 0)


@jit
def _interleave_kernel(a, b, c):
    """1-D rolling row over uint8 arrays; same recurrence and fill order as the 1d form."""
    m = a.size
    n = b.size
    if m + n != c.size:
        return False
    dp = np.zeros(n + 1, dtype=np.bool_)
    dp[0] = True
    for j in range(1, n + 1):
        dp[j] = dp[j - 1] and b[j - 1] == c[j - 1]
    for i in range(1, m + 1):
        ai = a[i - 1]
        dp[0] = dp[0] and ai == c[i - 1]
        for j in range(1, n + 1):  # ascending j: dp[j] is the row above, dp[j-1] this row
            cj = c[i + j - 1]
            dp[j] = (dp[j] and ai == cj) or (dp[j - 1] and b[j - 1] == cj)
    return dp[n]


def _as_bytes(name: str, s: object) -> np.ndarray:
    if not isinstance(s, str):
        raise TypeError(f"{name} is {type(s).__name__}, not str; pass {name} as a string")
    try:
        raw = s.encode("ascii")
    except UnicodeEncodeError as exc:
        raise ValueError(
            f"{name} has non-ASCII character {s[exc.start]!r} at index {exc.start}; "
            "the numba form compares bytes, so pass ASCII (LeetCode 97 uses a-z)"
        ) from None
    return np.frombuffer(raw, dtype=np.uint8)


def is_interleave_numba(s1: str, s2: str, s3: str) -> bool:
    """Compiled 1-D form: O(mn) time, O(n) memory. Compiles on first call, then cached."""
    a, b, c = _as_bytes("s1", s1), _as_bytes("s2", s2), _as_bytes("s3", s3)
    if a.size + b.size != c.size:
        return False
    return bool(_interleave_kernel(a, b, c))


FORMS = {
    "2d": is_interleave_2d,
    "1d": is_interleave_1d,
    "memo": is_interleave_memo,
    "numba": is_interleave_numba,
}

NOT_APPLICABLE: dict[str, str] = {}
