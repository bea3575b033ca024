"""Burst Balloons (LeetCode 312): the reference forms side by side.

Pad the row with a virtual balloon worth 1 at each end: ``vals = [1] + nums + [1]``.
Every form computes the same interval table,

    dp[l][r] = the most coins from bursting every balloon strictly between l and r,
               with l and r themselves still standing

choosing the balloon k that bursts LAST in (l, r). Its neighbours at that moment are
l and r, so it earns vals[l] * vals[k] * vals[r], and the two sides never touch.

- ``2d``    the whole (n+2) x (n+2) table, filled by increasing interval length;
- ``memo``  recursion from (0, n+1) over (l, r) with a memo dict;
- ``numba`` the 2-D form compiled, over int64.

There is no ``1d`` form: see NOT_APPLICABLE.
"""

import numpy as np

from solutions._deep import call_with_deep_stack
from solutions._jit import jit

#: The numba form keeps coins in int64. The answer is below n * max(vals)^3, so the
#: wrapper accepts an input only when that bound fits; LeetCode's is 300 * 100^3.
INT64_SAFE = 2**62


def max_coins_2d(nums: list[int]) -> int:
    """Bottom-up over the interval table: O(n^3) time, O(n^2) memory."""
    vals = [1, *nums, 1]
    size = len(vals)
    dp = [[0] * size for _ in range(size)]  # intervals with nothing inside are worth 0
    for length in range(2, size):  # r - l; every shorter interval is already filled
        for left in range(size - length):
            right = left + length
            edge = vals[left] * vals[right]
            row = dp[left]
            best = 0
            for last in range(left + 1, right):  # the balloon burst last inside (left, right)
                coins = row[last] + edge * vals[last] + dp[last][right]
                if coins > best:
                    best = coins
            row[right] = best
    return dp[0][size - 1]


def max_coins_memo(nums: list[int]) -> int:
    """Top-down over (left, right) with a memo dict: O(n^3) time, O(n^2) memory.

    ``best(l, r)`` is dp[l][r], asked for from the whole row (0, n+1) downwards. Every
    interval with l < r is reached, whatever the values, so the memo does the same work
    as the table plus a dict entry and a call per interval. Depth is at most n + 1.
    """
    vals = [1, *nums, 1]
    size = len(vals)
    memo: dict[int, int] = {}  # key left * (n + 2) + right: one int per interval

    def best(left: int, right: int) -> int:
        if right - left < 2:
            return 0  # no balloon inside
        key = left * size + right
        known = memo.get(key)
        if known is not None:
            return known
        edge = vals[left] * vals[right]
        result = 0
        for last in range(left + 1, right):
            # Most sub-intervals are known by now: look them up here rather than pay a
            # Python call for each (that alone makes the form about twice as fast).
            coins = memo.get(left * size + last)
            if coins is None:
                coins = best(left, last)
            after = memo.get(last * size + right)
            coins += edge * vals[last] + (best(last, right) if after is None else after)
            if coins > result:
                result = coins
        memo[key] = result
        return result

    return call_with_deep_stack(best, 0, size - 1)


@jit
def _interval_kernel(vals):
    """The 2-D form over an int64 array that already has the two virtual 1s."""
    size = vals.size
    dp = np.zeros((size, size), dtype=np.int64)
    for length in range(2, size):
        for left in range(size - length):
            right = left + length
            edge = vals[left] * vals[right]
            best = 0
            for last in range(left + 1, right):
                coins = dp[left, last] + edge * vals[last] + dp[last, right]
                if coins > best:
                    best = coins
            dp[left, right] = best
    return dp[0, size - 1]


def max_coins_numba(nums: list[int]) -> int:
    """Compiled 2-D form: O(n^3) time, O(n^2) memory. Compiles on first call, then cached."""
    if not isinstance(nums, (list, tuple)):
        raise TypeError(f"nums is {type(nums).__name__}, not list; pass nums as a list of ints")
    for index, x in enumerate(nums):
        if type(x) is not int or x < 0:
            raise ValueError(f"nums[{index}] is {x!r}; the numba form takes ints >= 0 (LeetCode 312: 0..100)")
    top = max([1, *nums])
    if len(nums) * top**3 > INT64_SAFE:
        raise OverflowError(
            f"{len(nums)} balloons worth up to {top} could score past 2**62, the numba form's "
            "int64 bound; use the 2d form (LeetCode's are at most 300 worth 100)"
        )
    return int(_interval_kernel(np.array([1, *nums, 1], dtype=np.int64)))


FORMS = {
    "2d": max_coins_2d,
    "memo": max_coins_memo,
    "numba": max_coins_numba,
}

NOT_APPLICABLE: dict[str, str] = {
    "1d": (
        "interval DP: dp[l][r] reads dp[l][k] and dp[k][r] for every k between them, i.e. "
        "intervals of every shorter length across the whole table, so no single row or "
        "diagonal can be rolled and the n^2 table must stay"
    ),
}
