"""Edit Distance (LeetCode 72): the reference forms side by side.

The table forms share one state,

    dp[i][j] = fewest edits turning word1[:i] into word2[:j]

and differ only in how much of it they keep and which cells they visit:

- ``2d``           the whole (m+1) x (n+1) table, filled row by row;
- ``1d``           one row of n+1 cells plus the saved diagonal, rolled forward over i;
- ``memo``         recursion from (0, 0) that visits only the states it reaches;
- ``numba``        the 1-D form compiled, over uint8 arrays;
- ``bitset``       Myers' bit-vector algorithm (1999) in Hyyro's formulation (2001),
                   over Python ints: a column of the table's -1/0/+1 steps, updated
                   a character at a time;
- ``bitset-numba`` the same over uint64 words, with three carries passed word to word.
"""

import numpy as np

from solutions._convert import as_bytes
from solutions._deep import call_with_deep_stack
from solutions._jit import jit


def min_distance_2d(word1: str, word2: str) -> int:
    """Bottom-up over the full (m+1) x (n+1) table: O(mn) time, O(mn) memory."""
    m, n = len(word1), len(word2)
    dp = [[0] * (n + 1) for _ in range(m + 1)]
    for j in range(n + 1):
        dp[0][j] = j  # insert all of word2[:j]
    for i in range(1, m + 1):
        dp[i][0] = i  # delete all of word1[:i]
        a = word1[i - 1]
        above, row = dp[i - 1], dp[i]
        for j in range(1, n + 1):
            if a == word2[j - 1]:
                row[j] = above[j - 1]
            else:
                row[j] = 1 + min(above[j - 1], above[j], row[j - 1])  # replace, delete, insert
    return dp[m][n]


def min_distance_1d(word1: str, word2: str) -> int:
    """Bottom-up over one rolling row: O(mn) time, O(min(m, n)) memory.

    As in the 2-D form, each cell reads above (i-1, j), left (i, j-1) and the diagonal
    (i-1, j-1). With j ascending, dp[j] still holds the row above and dp[j-1] already
    holds this row; the diagonal (the old dp[j-1]) is kept in ``diagonal``. The distance
    is symmetric, so the row runs along the shorter word.
    """
    if len(word2) > len(word1):
        word1, word2 = word2, word1
    n = len(word2)
    dp = list(range(n + 1))  # row 0: j insertions
    for i, a in enumerate(word1, 1):
        diagonal = dp[0]  # dp[i-1][0]
        dp[0] = i
        for j in range(1, n + 1):
            above = dp[j]  # dp[i-1][j], about to be overwritten
            if a == word2[j - 1]:
                dp[j] = diagonal
            else:
                best = diagonal if diagonal < above else above
                left = dp[j - 1]
                dp[j] = 1 + (best if best < left else left)
            diagonal = above  # becomes dp[i-1][j-1] for cell j+1
    return dp[n]


def min_distance_memo(word1: str, word2: str) -> int:
    """Top-down with a memo: O(mn) worst case, but only reachable states are visited.

    ``dist(i, j)`` = fewest edits turning word1[i:] into word2[j:]. On a match it
    follows only the diagonal (keeping a matching pair is never worse), so identical
    words cost m + 1 states. Depth reaches m + n, so the call runs on a big stack.
    """
    m, n = len(word1), len(word2)
    width = n + 1
    memo: dict[int, int] = {}  # key i * (n + 1) + j: only visited states take memory

    def dist(i: int, j: int) -> int:
        if i == m:
            return n - j  # insert the rest of word2
        if j == n:
            return m - i  # delete the rest of word1
        key = i * width + j
        known = memo.get(key)
        if known is not None:
            return known
        if word1[i] == word2[j]:
            result = dist(i + 1, j + 1)
        else:
            result = 1 + min(dist(i + 1, j + 1), dist(i + 1, j), dist(i, j + 1))
        memo[key] = result
        return result

    return call_with_deep_stack(dist, 0, 0)


@jit
def _edit_kernel(a, b):
    """1-D rolling row over uint8 arrays; same recurrence and fill order as the 1d form."""
    n = b.size
    dp = np.arange(n + 1, dtype=np.int64)
    for i in range(1, a.size + 1):
        ai = a[i - 1]
        diagonal = dp[0]
        dp[0] = i
        for j in range(1, n + 1):
            above = dp[j]
            if ai == b[j - 1]:
                dp[j] = diagonal
            else:
                dp[j] = 1 + min(diagonal, above, dp[j - 1])
            diagonal = above
    return dp[n]


def min_distance_numba(word1: str, word2: str) -> int:
    """Compiled 1-D form: O(mn) time, O(min(m, n)) memory. The distance is at most
    max(m, n), so the int64 cells cannot overflow."""
    a, b = as_bytes("word1", word1), as_bytes("word2", word2)
    if b.size > a.size:
        a, b = b, a
    return int(_edit_kernel(a, b))


def min_distance_bitset(word1: str, word2: str) -> int:
    """Myers' bit-vector algorithm over Python ints of m = |word1| bits: O(n * m/w).

    Column j of the table is kept as its vertical steps dp[i][j] - dp[i-1][j], each -1,
    0 or +1: bit i-1 of ``pv`` is set for +1, of ``mv`` for -1. Each character of word2
    turns column j into column j+1 with a dozen whole-integer operations, and ``score``
    follows the bottom cell dp[m][j] through the horizontal step at bit m-1. The README
    derives it.
    """
    m = len(word1)
    if m == 0:
        return len(word2)
    full = (1 << m) - 1
    top = 1 << (m - 1)
    eq: dict[str, int] = {}
    for i, c in enumerate(word1):
        eq[c] = eq.get(c, 0) | (1 << i)
    pv, mv, score = full, 0, m  # column 0: dp[i][0] = i, every step +1
    for c in word2:
        e = eq.get(c, 0)
        # x: the cells with dp[i][j] == dp[i-1][j-1]. A match, a -1 step from the left, or
        # a -1 step from below, which chains up through +1 steps: one addition finds it.
        x = (((e & pv) + pv) ^ pv) | e | mv
        ph = mv | (~(x | pv) & full)  # horizontal steps dp[i][j] - dp[i][j-1] = +1
        mh = pv & x  # ... and = -1
        if ph & top:
            score += 1
        elif mh & top:
            score -= 1
        ph = ((ph << 1) | 1) & full  # row 0 steps +1 per column: dp[0][j] = j
        mh = (mh << 1) & full
        pv = mh | (~(x | ph) & full)
        mv = ph & x
    return score


@jit
def _myers_kernel(a, b):
    """Myers' algorithm over uint64 words, least significant word first.

    Three carries pass from word to word: the addition's, and the bit each of the two
    shifts moves into the next word. Every value is uint64: numba turns uint64 mixed
    with an int64 value into float64 or int64, which would break the wrap tests and the
    shifts without a word.
    """
    m = a.size
    words = (m + 63) // 64
    zero = np.uint64(0)
    one = np.uint64(1)
    ones = ~zero
    high = np.uint64(63)
    eq = np.zeros((256, words), dtype=np.uint64)
    for i in range(m):
        eq[a[i], i // 64] |= one << np.uint64(i % 64)
    tail = m % 64
    top_mask = ones if tail == 0 else (one << np.uint64(tail)) - one  # live bits, last word
    top_bit = np.uint64((m - 1) % 64)  # bit of dp[m][j]'s step in the last word
    pv = np.full(words, ones, dtype=np.uint64)
    pv[words - 1] = top_mask
    mv = np.zeros(words, dtype=np.uint64)
    score = m
    for j in range(b.size):
        row = eq[b[j]]
        add_carry = zero
        ph_in = one  # row 0 steps +1 per column: dp[0][j] = j
        mh_in = zero
        for w in range(words):
            e = row[w]
            p = pv[w]
            s = (e & p) + p
            c1 = one if s < p else zero
            s2 = s + add_carry
            c2 = one if s2 < s else zero
            add_carry = c1 | c2
            x = (s2 ^ p) | e | mv[w]
            ph = mv[w] | ~(x | p)
            mh = p & x
            if w == words - 1:
                if (ph >> top_bit) & one:
                    score += 1
                elif (mh >> top_bit) & one:
                    score -= 1
            ph_out = ph >> high
            mh_out = mh >> high
            ph = (ph << one) | ph_in
            mh = (mh << one) | mh_in
            ph_in = ph_out
            mh_in = mh_out
            pv[w] = mh | ~(x | ph)
            mv[w] = ph & x
        pv[words - 1] &= top_mask
        mv[words - 1] &= top_mask
    return score


def min_distance_bitset_numba(word1: str, word2: str) -> int:
    """Compiled Myers' algorithm over ceil(|word1| / 64) uint64 words: O(n * m/64)."""
    a, b = as_bytes("word1", word1), as_bytes("word2", word2)
    if a.size == 0:
        return int(b.size)
    return int(_myers_kernel(a, b))


FORMS = {
    "2d": min_distance_2d,
    "1d": min_distance_1d,
    "memo": min_distance_memo,
    "numba": min_distance_numba,
    "bitset": min_distance_bitset,
    "bitset-numba": min_distance_bitset_numba,
}

NOT_APPLICABLE: dict[str, str] = {}
