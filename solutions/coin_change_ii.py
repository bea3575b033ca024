"""Coin Change II (LeetCode 518): the reference forms side by side.

Every form counts with the same state,

    dp[i][a] = number of multisets of coins[:i] (each coin any number of times) summing to a

and differs only in how much of the table it keeps and which cells it visits:

- ``2d``    the whole (k+1) x (amount+1) table, filled coin by coin;
- ``1d``    one row of amount+1 cells, coins outer and amounts inner, ascending;
- ``memo``  recursion from (0, amount) that visits only the states it can reach;
- ``numba`` the 1-D form compiled, with saturating int64 additions.

Python ints are unbounded, so the Python forms are exact at any size. The numba form
saturates at 2**63 - 1 instead of wrapping: it is exact whenever the answer is below
that, even if cells on the way are not, and raises OverflowError otherwise.
"""

import numpy as np

from solutions._convert import as_int64
from solutions._deep import call_with_deep_stack
from solutions._jit import jit

INT64_MAX = 2**63 - 1


def change_2d(amount: int, coins: list[int]) -> int:
    """Bottom-up over the full (k+1) x (amount+1) table: O(k * amount) time and memory."""
    k = len(coins)
    dp = [[0] * (amount + 1) for _ in range(k + 1)]
    dp[0][0] = 1  # no coins: only the amount 0, by the empty multiset
    for i in range(1, k + 1):
        c, above, row = coins[i - 1], dp[i - 1], dp[i]
        for a in range(amount + 1):
            # skip coin i entirely (the row above), or use it at least once (this row, a - c)
            row[a] = above[a] + (row[a - c] if a >= c else 0)
    return dp[k][amount]


def change_1d(amount: int, coins: list[int]) -> int:
    """Bottom-up over one rolling row: O(k * amount) time, O(amount) memory."""
    dp = [0] * (amount + 1)
    dp[0] = 1
    # Coins outer: each multiset is built in one order, coin by coin, so it is counted once.
    # With amounts outer, every ordering of a multiset would count: permutations, not change.
    for c in coins:
        # a ascends: dp[a - c] already holds this coin's row, so coin c may be used again.
        for a in range(c, amount + 1):
            dp[a] += dp[a - c]
    return dp[amount]


def change_memo(amount: int, coins: list[int]) -> int:
    """Top-down with a memo dict: O(k * amount) worst case, only reachable states visited.

    ``ways(i, rem)`` counts the multisets of coins[i:] summing to rem: skip coin i, or use
    it once more. Depth reaches k + amount / min(coins), so the call runs on a thread
    with a big stack (see solutions._deep).
    """
    k, width = len(coins), amount + 1
    memo: dict[int, int] = {}  # key i * (amount + 1) + rem: one int per state

    def ways(i: int, rem: int) -> int:
        if rem == 0:
            return 1
        if i == k:
            return 0
        key = i * width + rem
        known = memo.get(key)
        if known is not None:
            return known
        c = coins[i]
        result = ways(i + 1, rem) + (ways(i, rem - c) if c <= rem else 0)
        memo[key] = result
        return result

    return call_with_deep_stack(ways, 0, amount)


@jit
def _change_kernel(amount, coins):
    """1-D rolling row over int64 with saturating additions: a cell holds min(count, INT64_MAX).

    min(x + y, M) == min(min(x, M) + min(y, M), M) for counts x, y >= 0, so saturating at
    every step gives exactly min(answer, M) at the end, however big the cells on the way.
    """
    top = np.int64(INT64_MAX)
    dp = np.zeros(amount + 1, dtype=np.int64)
    dp[0] = 1
    for c in coins:
        for a in range(c, amount + 1):  # ascending: coin c may be used again
            x = dp[a]
            y = dp[a - c]
            dp[a] = top if x > top - y else x + y
    return dp[amount]


def change_numba(amount: int, coins: list[int]) -> int:
    """Compiled 1-D form: exact while the answer is below 2**63 - 1, else OverflowError."""
    if type(amount) is not int or amount < 0:
        raise ValueError(f"amount={amount!r} is not an int >= 0; pass a non-negative amount")
    if any(type(c) is not int or c < 1 for c in coins):
        bad = next(c for c in coins if type(c) is not int or c < 1)
        raise ValueError(f"coin {bad!r} is not an int >= 1; every coin must be a positive int")
    answer = int(_change_kernel(amount, as_int64("coins", coins)))
    if answer == INT64_MAX:
        raise OverflowError(
            f"amount={amount} with {len(coins)} coins has at least 2**63-1 ways, which the "
            "numba form cannot hold exactly; use a Python form (unbounded ints) for this size"
        )
    return answer


FORMS = {
    "2d": change_2d,
    "1d": change_1d,
    "memo": change_memo,
    "numba": change_numba,
}

NOT_APPLICABLE: dict[str, str] = {}
