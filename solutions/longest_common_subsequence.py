"""Longest Common Subsequence (LeetCode 1143): the reference forms side by side.

The table forms share one state,

    dp[i][j] = length of an LCS of text1[:i] and text2[:j]

and differ only in how much of it they keep and which cells they visit:

- ``2d``           the whole (m+1) x (n+1) table, filled row by row;
- ``1d``           one row of n+1 cells plus the saved diagonal, rolled forward over i;
- ``memo``         recursion from (0, 0) that visits only the states it reaches;
- ``numba``        the 1-D form compiled, over uint8 arrays;
- ``bitset``       the bit-parallel form (Allison-Dix, Hyyro) over one Python int:
                   a row of the table's 0/1 steps, updated by one addition per char;
- ``bitset-numba`` the same over uint64 words, with the carry passed word to word.
"""

import numpy as np

from solutions._convert import as_bytes
from solutions._deep import call_with_deep_stack
from solutions._jit import jit


def longest_common_subsequence_2d(text1: str, text2: str) -> int:
    """Bottom-up over the full (m+1) x (n+1) table: O(mn) time, O(mn) memory."""
    m, n = len(text1), len(text2)
    dp = [[0] * (n + 1) for _ in range(m + 1)]  # row 0 and column 0 stay 0
    for i in range(1, m + 1):
        a = text1[i - 1]
        above, row = dp[i - 1], dp[i]
        for j in range(1, n + 1):
            if a == text2[j - 1]:
                row[j] = above[j - 1] + 1
            else:
                row[j] = max(above[j], row[j - 1])
    return dp[m][n]


def longest_common_subsequence_1d(text1: str, text2: str) -> int:
    """Bottom-up over one rolling row: O(mn) time, O(n) memory.

    Each cell reads three neighbours: above (i-1, j), left (i, j-1) and the diagonal
    (i-1, j-1). With j ascending, dp[j] still holds the row above and dp[j-1] already
    holds this row, so the diagonal is the only value overwritten before it is read:
    it is kept in ``diagonal`` (the old dp[j-1]) while the sweep moves right.
    """
    if len(text2) > len(text1):
        text1, text2 = text2, text1  # the row follows the shorter string: O(min(m, n)) memory
    n = len(text2)
    dp = [0] * (n + 1)
    for a in text1:
        diagonal = 0  # dp[i-1][0]
        for j in range(1, n + 1):
            above = dp[j]  # dp[i-1][j], about to be overwritten
            if a == text2[j - 1]:
                dp[j] = diagonal + 1
            elif dp[j - 1] > above:
                dp[j] = dp[j - 1]  # left, dp[i][j-1]
            diagonal = above  # becomes dp[i-1][j-1] for cell j+1
    return dp[n]


def longest_common_subsequence_memo(text1: str, text2: str) -> int:
    """Top-down with a memo: O(mn) worst case, but only reachable states are visited.

    The recursion runs from (0, 0) forward, so its state is the mirror of dp:
    ``lcs(i, j)`` = LCS of text1[i:] and text2[j:]. On a match it follows only the
    diagonal (taking a matching pair is always safe), so identical strings cost m + 1
    states. Depth reaches m + n, so a deep call moves to a thread with a big stack.
    """
    m, n = len(text1), len(text2)
    width = n + 1
    memo: dict[int, int] = {}  # key i * (n + 1) + j: only visited states take memory

    def lcs(i: int, j: int) -> int:
        if i == m or j == n:
            return 0
        key = i * width + j
        known = memo.get(key)
        if known is not None:
            return known
        if text1[i] == text2[j]:
            result = lcs(i + 1, j + 1) + 1
        else:
            down, right = lcs(i + 1, j), lcs(i, j + 1)
            result = down if down > right else right
        memo[key] = result
        return result

    return call_with_deep_stack(lcs, 0, 0)


@jit
def _lcs_kernel(a, b):
    """1-D rolling row over uint8 arrays; same recurrence and fill order as the 1d form."""
    n = b.size
    dp = np.zeros(n + 1, dtype=np.int64)
    for i in range(a.size):
        ai = a[i]
        diagonal = 0
        for j in range(1, n + 1):
            above = dp[j]
            if ai == b[j - 1]:
                dp[j] = diagonal + 1
            elif dp[j - 1] > above:
                dp[j] = dp[j - 1]
            diagonal = above
    return dp[n]


def longest_common_subsequence_numba(text1: str, text2: str) -> int:
    """Compiled 1-D form: O(mn) time, O(n) memory. The answer is at most min(m, n), so
    the int64 cells cannot overflow."""
    a, b = as_bytes("text1", text1), as_bytes("text2", text2)
    if b.size > a.size:
        a, b = b, a
    return int(_lcs_kernel(a, b))


def longest_common_subsequence_bitset(text1: str, text2: str) -> int:
    """Bit-parallel over one Python int of m = |text1| bits: O(n * m/w) word operations.

    Bit i-1 of ``v`` is 0 exactly where dp[j][i] = dp[j][i-1] + 1 (a step in the row),
    so the row's last value, the LCS, is the number of zero bits. For each character c
    of text2, with u = v & match[c]:

        v = ((v + u) | (v - u)) & full      # v - u == v & ~match[c], as u is inside v

    The addition moves each row step down to the first match in the run of ones below
    it; a carry out of bit m-1 is a new step, and masking it off leaves the new zero.
    The README derives it.
    """
    m = len(text1)
    full = (1 << m) - 1
    match: dict[str, int] = {}
    for i, c in enumerate(text1):
        match[c] = match.get(c, 0) | (1 << i)
    v = full  # row 0: dp[0][i] = 0 everywhere, no steps
    for c in text2:
        mask = match.get(c)
        if mask:
            u = v & mask
            v = ((v + u) | (v - u)) & full
    return m - v.bit_count()


@jit
def _lcs_bitset_kernel(a, b):
    """Bit-parallel LCS over uint64 words, least significant word first.

    Every value is uint64: numba turns uint64 mixed with an int64 literal into float64
    or int64, which would silently break the carry test and the shifts.
    """
    m = a.size
    words = (m + 63) // 64
    zero = np.uint64(0)
    one = np.uint64(1)
    ones = ~zero
    match = np.zeros((256, words), dtype=np.uint64)
    for i in range(m):
        match[a[i], i // 64] |= one << np.uint64(i % 64)
    v = np.full(words, ones, dtype=np.uint64)
    tail = m % 64
    top = ones if tail == 0 else (one << np.uint64(tail)) - one  # live bits of the last word
    v[words - 1] = top
    for j in range(b.size):
        row = match[b[j]]
        carry = zero
        for w in range(words):
            vw = v[w]
            u = vw & row[w]
            s = vw + u
            c1 = one if s < vw else zero  # wrapped: the true sum is s + 2^64
            s2 = s + carry
            c2 = one if s2 < s else zero
            carry = c1 | c2
            v[w] = s2 | (vw & ~row[w])
        v[words - 1] &= top  # the carry out of bit m-1 is dropped: that bit is now a step
    steps = 0
    for i in range(m):
        if (v[i // 64] >> np.uint64(i % 64)) & one == zero:
            steps += 1
    return steps


def longest_common_subsequence_bitset_numba(text1: str, text2: str) -> int:
    """Compiled bit-parallel form over ceil(|text1| / 64) uint64 words: O(n * m/64)."""
    a, b = as_bytes("text1", text1), as_bytes("text2", text2)
    if a.size == 0 or b.size == 0:
        return 0
    return int(_lcs_bitset_kernel(a, b))


FORMS = {
    "2d": longest_common_subsequence_2d,
    "1d": longest_common_subsequence_1d,
    "memo": longest_common_subsequence_memo,
    "numba": longest_common_subsequence_numba,
    "bitset": longest_common_subsequence_bitset,
    "bitset-numba": longest_common_subsequence_bitset_numba,
}

NOT_APPLICABLE: dict[str, str] = {}
