"""Target Sum (LeetCode 494): the reference forms side by side.

Put a + or a - in front of every number and count the ways to make ``target``. With
S = sum(nums), every form counts the same thing,

    dp[i][s] = the number of ways to sign nums[:i] so they add up to s,  -S <= s <= S

and differs in how it stores that table and which cells it visits:

- ``2d``    the whole (n+1) x (2S+1) table, offset by S, filled row by row;
- ``1d``    the subset-sum reformulation: count subsets adding up to (S + target) / 2
            in one row, with the inner loop descending;
- ``memo``  recursion over (i, running sum) that visits only the sums it can reach;
- ``numba`` the 1-D form compiled, over int64 counts, refusing rather than wrapping.
"""

import numpy as np

from solutions._convert import as_int64
from solutions._deep import call_with_deep_stack
from solutions._jit import jit

INT64_MAX = 2**63 - 1
OVERFLOW = -1  # the numba kernel's status code: a count passed INT64_MAX


def find_target_sum_ways_2d(nums: list[int], target: int) -> int:
    """Bottom-up over the (n+1) x (2S+1) table: O(n S) time, O(n S) memory."""
    total = sum(nums)
    if abs(target) > total:
        return 0  # even all + (or all -) can't reach it; also keeps target inside the table
    width = 2 * total + 1  # column s + total holds the running sum s
    dp = [[0] * width for _ in range(len(nums) + 1)]
    dp[0][total] = 1  # no numbers signed yet: one way to make 0
    for i, x in enumerate(nums, start=1):
        above, row = dp[i - 1], dp[i]
        for col in range(width):
            # The last number was +x (came from s - x) or -x (came from s + x). With
            # x = 0 both terms are the same cell: a zero doubles every count.
            ways = above[col - x] if col >= x else 0
            if col + x < width:
                ways += above[col + x]
            row[col] = ways
    return dp[len(nums)][target + total]


def find_target_sum_ways_1d(nums: list[int], target: int) -> int:
    """Count subsets adding up to (S + target) / 2 in one row: O(n S) time, O(S) memory.

    Split the numbers into the + group P and the - group M. Then sum(P) - sum(M) = target
    and sum(P) + sum(M) = S, so sum(P) = (S + target) / 2. That is a whole number at
    least 0 only if S + target is even and |target| <= S; otherwise there are 0 ways.
    """
    total = sum(nums)
    if abs(target) > total or (total + target) % 2:
        return 0
    want = (total + target) // 2
    dp = [0] * (want + 1)  # dp[j] = subsets of the numbers seen so far adding up to j
    dp[0] = 1
    for x in nums:
        # j descends: dp[j - x] is read before this x has touched it, so it still counts
        # subsets without x, and each number joins a subset at most once. Ascending, dp[j - x]
        # would already include x, and x could be used again and again (unbounded knapsack).
        # For x = 0 the loop reads dp[j] itself and doubles it, which is right either way.
        for j in range(want, x - 1, -1):
            dp[j] += dp[j - x]
    return dp[want]


def find_target_sum_ways_memo(nums: list[int], target: int) -> int:
    """Top-down over (i, running sum) with a memo dict: O(min(2^n, n S)) states.

    ``ways(i, s)`` counts the ways to sign nums[i:] so that s plus them equals target.
    Only running sums that some signing of nums[:i] produces are visited: at most 2^i of
    them on level i, and never more than 2S + 1. The key must hold both i and s; either
    one alone mixes up different states. Depth is n, which the profile takes into the
    thousands, so a deep call moves to a thread with a big stack (see solutions._deep).
    """
    n, total = len(nums), sum(nums)
    width = 2 * total + 1
    memo: dict[int, int] = {}  # key i * (2S + 1) + (s + S): one int per state

    def ways(i: int, s: int) -> int:
        if i == n:
            return 1 if s == target else 0
        key = i * width + s + total
        known = memo.get(key)
        if known is not None:
            return known
        x = nums[i]
        result = ways(i + 1, s + x) + ways(i + 1, s - x)
        memo[key] = result
        return result

    return call_with_deep_stack(ways, 0, 0)


@jit
def _subset_count_kernel(nums, want):
    """The 1-D form over int64 counts. Returns OVERFLOW instead of a wrapped count."""
    dp = np.zeros(want + 1, dtype=np.int64)
    dp[0] = 1
    limit = np.int64(INT64_MAX)
    for x in nums:
        for j in range(want, x - 1, -1):  # descending j: dp[j - x] still excludes x
            add = dp[j - x]
            if dp[j] > limit - add:
                return OVERFLOW
            dp[j] += add
    return dp[want]


def find_target_sum_ways_numba(nums: list[int], target: int) -> int:
    """Compiled 1-D form: O(n S) time, O(S) memory. Compiles on first call, then cached.

    Counts reach 2^n (twenty zeros give 2^20), so past about n = 62 a count can pass
    int64; the kernel reports that and this wrapper raises OverflowError.
    """
    if not isinstance(nums, (list, tuple)):
        raise TypeError(f"nums is {type(nums).__name__}, not list; pass nums as a list of ints")
    for index, x in enumerate(nums):
        if type(x) is not int or x < 0:
            raise ValueError(
                f"nums[{index}] is {x!r}; the subset-sum form needs ints >= 0 (LeetCode 494: 0..1000)"
            )
    if type(target) is not int:
        raise TypeError(f"target is {type(target).__name__} {target!r}, not int; pass an int")
    total = sum(nums)
    if abs(target) > total or (total + target) % 2:
        return 0
    want = (total + target) // 2
    if want > 2**31:
        raise OverflowError(
            f"(sum + target) / 2 = {want} would need a row of over 2**31 counts; "
            "the numba form stops there, so use smaller numbers"
        )
    count = _subset_count_kernel(as_int64("nums", nums), want)
    if count == OVERFLOW:
        raise OverflowError(
            f"a count passed 2**63 - 1 (int64) with n={len(nums)} numbers; the numba form refuses "
            "rather than wrap, so use a pure-Python form for more than about 62 numbers"
        )
    return int(count)


FORMS = {
    "2d": find_target_sum_ways_2d,
    "1d": find_target_sum_ways_1d,
    "memo": find_target_sum_ways_memo,
    "numba": find_target_sum_ways_numba,
}

NOT_APPLICABLE: dict[str, str] = {}
