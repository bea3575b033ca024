"""Interleaving String (LeetCode 97): the reference forms side by side.

Every form answers the same question with the same state,

    dp[i][j] = s1[:i] and s2[:j] interleave to s3[:i+j]

and differs only in how much of the table it keeps and which cells it visits:

- ``2d``           the whole (m+1) x (n+1) table, filled row by row;
- ``1d``           one row of n+1 cells, rolled forward over i;
- ``memo``         recursion from (0, 0) that visits only the states it can reach;
- ``numba``        the 1-D form compiled, over uint8 arrays;
- ``bitset``       a whole row as one Python int (bit j = column j), advanced by one
                   addition: the carry chain of the adder is the row's left-to-right
                   propagation;
- ``bitset-numba`` the same over uint64 words, with the carry passed word to word.
"""

import numpy as np

from solutions._convert import as_bytes
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
    reaches m + n, so a deep call moves to a thread with a big stack (see solutions._deep).
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


def is_interleave_numba(s1: str, s2: str, s3: str) -> bool:
    """Compiled 1-D form: O(mn) time, O(n) memory. Compiles on first call, then cached."""
    a, b, c = as_bytes("s1", s1), as_bytes("s2", s2), as_bytes("s3", s3)
    if a.size + b.size != c.size:
        return False
    return bool(_interleave_kernel(a, b, c))


def _bits(s: str, chosen: set[str]) -> int:
    """The int with bit k+1 set exactly where s[k] is in ``chosen``; bit 0 stays clear.

    Built through a '0'/'1' string, so it costs O(|s|), not one big-int op per character.
    """
    table = {ord(c): "1" if c in chosen else "0" for c in set(s)}
    return int(s.translate(table)[::-1] + "0", 2)


def is_interleave_bitset(s1: str, s2: str, s3: str) -> bool:
    """A row of dp as one Python int: min(m, n) + 1 rows of O(log(letters)) big-int
    operations on at most m + n + 1 bits; ten operations a row over two letters.

    Bit j of ``row`` is dp[i][j]. For row i, with A the columns j where s1[i-1] equals
    s3[i+j-1] and B the columns j >= 1 where s2[j-1] equals s3[i+j-1]:

        seeds = row & A                      # dp[i-1][j] and the last char from s1
        reach = seeds | B                    # every cell a chain of s2-steps may cross
        row   = seeds | (reach & ~(reach + seeds))

    Adding ``seeds`` into ``reach`` starts a carry at the lowest seed of each run of
    ``reach`` and the carry runs to the top of the run, clearing it: the cleared bits
    are the cells reached by dp[i][j] = dp[i][j-1] and s2[j-1] == s3[i+j-1]. The
    README derives it. The strings are swapped so the row is the longer one.

    s3[k] is kept at bit k+1 of its masks, so bit j of ``mask >> i`` is s3[i+j-1], the
    character cell (i, j) places. B compares s2 with that window one bit plane of the
    letter codes at a time: ceil(log2(letters)) planes, one for a two-letter alphabet.
    """
    m, n = len(s1), len(s2)
    if m + n != len(s3):
        return False
    if m > n:  # interleaving is symmetric in s1, s2: few wide rows beat many narrow ones
        s1, s2, m, n = s2, s1, n, m
    letters = sorted(set(s1).union(s2, s3))
    cols = (1 << (n + 1)) - 2  # columns 1..n, the cells that can take a character of s2
    # at[c]: where s3 holds c. Row 0 places no character of s1; its key None lets every
    # column seed (-1 >> 0 == -1), so the only seed is the dp[0][0] carried in ``row``.
    at: dict[str | None, int] = {c: _bits(s3, {c}) for c in set(s1)}
    at[None] = -1
    planes = []
    for b in range(max(1, (len(letters) - 1).bit_length())):
        chosen = {c for k, c in enumerate(letters) if k >> b & 1}
        # bit j of (plane >> i) ^ flip is set where s3[i+j-1] and s2[j-1] agree on bit b
        planes.append((_bits(s3, chosen), cols ^ _bits(s2, chosen)))
    row = 1  # carried into row 0 as its seed: dp[0][0], empty interleaves to empty
    for i, c in enumerate([None, *s1]):
        seeds = row & (at[c] >> i)
        steps = cols
        for plane, flip in planes:
            steps &= (plane >> i) ^ flip
        reach = seeds | steps
        row = seeds | (reach & ~(reach + seeds))
        if not row:  # no prefix of s3 survives; every later row is empty too
            return False
    return bool(row >> n & 1)


@jit
def _interleave_bitset_kernel(a, b, c):
    """The bitset form over uint64 words, least significant word first. The wrapper
    passes |a| <= |b|, so the row (b) is the longer string; any order is correct.

    Every word value and shift amount is uint64: numba turns uint64 mixed with an int64
    into float64 or int64, which would silently break bit 63, the carry and the shifts.
    Plain ints are used only to index arrays.
    """
    m = a.size
    n = b.size
    if m + n != c.size:
        return False
    zero = np.uint64(0)
    one = np.uint64(1)
    full = ~zero
    bits = np.uint64(64)
    top = np.uint64(63)
    # dense letter codes 0..letters-1, so B needs only ceil(log2(letters)) bit planes
    present = np.zeros(256, dtype=np.bool_)
    for text in (a, b, c):
        for x in text:
            present[x] = True
    code = np.zeros(256, dtype=np.int64)
    letters = 0
    for x in range(256):
        if present[x]:
            code[x] = letters
            letters += 1
    planes = 1
    while (1 << planes) < letters:
        planes += 1
    words = (n >> 6) + 1  # the row: columns 0..n
    # s3[k] at bit k+1, plus a zero word so a window read at word q + k + 1 stays in range
    swords = ((m + n) >> 6) + 2
    at = np.zeros((letters + 1, swords), dtype=np.uint64)
    at[letters, :] = full  # row 0 places no character of s1: every column may seed
    plane = np.zeros((planes, swords), dtype=np.uint64)
    for k in range(m + n):
        w = (k + 1) >> 6
        bit = one << np.uint64((k + 1) & 63)
        letter = code[c[k]]
        at[letter, w] |= bit
        for p in range(planes):
            if (letter >> p) & 1:
                plane[p, w] |= bit
    cols = np.full(words, full, dtype=np.uint64)  # columns 1..n
    cols[0] &= ~one
    tail = np.uint64((n + 1) & 63)
    if tail != zero:
        cols[words - 1] &= (one << tail) - one
    flip = np.empty((planes, words), dtype=np.uint64)  # cols where s2's plane bit is 0
    for p in range(planes):
        flip[p, :] = cols
    for j in range(1, n + 1):
        letter = code[b[j - 1]]
        for p in range(planes):
            if (letter >> p) & 1:
                flip[p, j >> 6] &= ~(one << np.uint64(j & 63))
    row = np.zeros(words, dtype=np.uint64)
    row[0] = one  # carried into row 0 as its seed: dp[0][0]
    for i in range(m + 1):
        letter = letters if i == 0 else code[a[i - 1]]
        q = i >> 6  # the window s3[i-1 : i+n] starts at bit i: word q, bit shift
        shift = np.uint64(i & 63)
        back = bits - shift
        carry = zero
        alive = zero
        for k in range(words):
            if shift == zero:  # a shift by 64 is undefined, so the aligned case reads one word
                seeds = row[k] & at[letter, q + k]
            else:
                seeds = row[k] & ((at[letter, q + k] >> shift) | (at[letter, q + k + 1] << back))
            # plane 0 always exists and is peeled: two letters need no inner loop
            if shift == zero:
                window = plane[0, q + k]
            else:
                window = (plane[0, q + k] >> shift) | (plane[0, q + k + 1] << back)
            steps = cols[k] & (window ^ flip[0, k])
            for p in range(1, planes):
                if shift == zero:
                    window = plane[p, q + k]
                else:
                    window = (plane[p, q + k] >> shift) | (plane[p, q + k + 1] << back)
                steps &= window ^ flip[p, k]
            reach = seeds | steps
            total = reach + seeds + carry  # mod 2^64; the carry out is read off below
            word = seeds | (reach & ~total)
            # The carry out of bit 63 is seeds | (reach & ~total) at bit 63 (a full adder's
            # carry, as seeds lie inside reach): the word's top bit, dp[i][64k + 63].
            # The chain runs on into the next word exactly when that cell is true.
            carry = word >> top
            row[k] = word
            alive |= word
        if alive == zero:  # no prefix of s3 survives; every later row is empty too
            return False
    return (row[n >> 6] >> np.uint64(n & 63)) & one == one


def is_interleave_bitset_numba(s1: str, s2: str, s3: str) -> bool:
    """Compiled bitset form: O(min(m, n) * max(m, n)/64) word operations, O((m+n)/64)
    words of memory. Compiles on first call, then cached."""
    a, b, c = as_bytes("s1", s1), as_bytes("s2", s2), as_bytes("s3", s3)
    if a.size + b.size != c.size:
        return False
    if a.size > b.size:  # symmetric in s1, s2: the row is the longer string
        a, b = b, a
    return bool(_interleave_bitset_kernel(a, b, c))


FORMS = {
    "2d": is_interleave_2d,
    "1d": is_interleave_1d,
    "memo": is_interleave_memo,
    "numba": is_interleave_numba,
    "bitset": is_interleave_bitset,
    "bitset-numba": is_interleave_bitset_numba,
}

NOT_APPLICABLE: dict[str, str] = {}
