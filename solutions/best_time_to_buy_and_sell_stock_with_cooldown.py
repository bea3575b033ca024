"""Best Time to Buy and Sell Stock with Cooldown (LeetCode 309): the reference forms side by side.

Every form runs the same state machine over the days. At the end of day i you are in
one of three states:

    hold[i]  you own a share
    sold[i]  you sold today, so tomorrow is a cooldown
    rest[i]  you own nothing and may buy tomorrow

and each value is the best cash balance that ends in that state. The forms differ only
in how much of the table they keep and how they walk it:

- ``2d``    the whole n x 3 table, dp[day][state], filled day by day;
- ``1d``    three rolling variables, updated together from yesterday's values;
- ``memo``  recursion over (day, holding) from day 0, selling jumps two days ahead;
- ``numba`` the 1-D form compiled, over an int64 array.
"""

from solutions._convert import as_int64
from solutions._deep import call_with_deep_stack
from solutions._jit import jit

HOLD, SOLD, REST = 0, 1, 2

#: The numba form keeps cash in int64. |cash| never exceeds (n + 1) * max|price|, so the
#: wrapper accepts an input only when that bound fits; LeetCode's is 5001 * 1000.
INT64_SAFE = 2**62


def max_profit_2d(prices: list[int]) -> int:
    """Bottom-up over the n x 3 table: O(n) time, O(n) memory."""
    n = len(prices)
    if n == 0:
        return 0
    dp = [[0, 0, 0] for _ in range(n)]
    # Day 0: buying costs prices[0]; "sold" is a buy and sell on the same day, worth 0 and
    # then a cooldown, so it is never better than resting and does no harm as a start.
    dp[0][HOLD], dp[0][SOLD], dp[0][REST] = -prices[0], 0, 0
    for i in range(1, n):
        p = prices[i]
        yesterday, today = dp[i - 1], dp[i]
        today[HOLD] = max(yesterday[HOLD], yesterday[REST] - p)  # keep, or buy after a free day
        today[SOLD] = yesterday[HOLD] + p  # sell what we held
        today[REST] = max(yesterday[REST], yesterday[SOLD])  # stay out, or sit out the cooldown
    return max(dp[n - 1][SOLD], dp[n - 1][REST])


def max_profit_1d(prices: list[int]) -> int:
    """Three rolling states: O(n) time, O(1) memory."""
    days = iter(prices)  # not prices[1:], which would copy the list: O(n) memory
    first = next(days, None)
    if first is None:
        return 0
    hold, sold, rest = -first, 0, 0
    for p in days:
        # One simultaneous assignment: every right-hand side reads yesterday's values.
        # Written as three statements in this order, `sold = hold + p` would read today's
        # hold and `rest = max(rest, sold)` today's sale, so a share sold today could be
        # bought back tomorrow: the cooldown would silently disappear.
        hold, sold, rest = max(hold, rest - p), hold + p, max(rest, sold)
    return max(sold, rest)


def max_profit_memo(prices: list[int]) -> int:
    """Top-down over (day, holding) with a memo dict: O(n) time and memory, depth n.

    ``best(i, holding)`` is the most cash still to be made from day i on. Selling on day
    i jumps to day i + 2 with no share, which is the cooldown. Every one of the 2n states
    is reached from day 0, whatever the prices. The recursion goes n calls deep, so it
    moves to a thread with a big stack when it is deep (see solutions._deep).
    """
    n = len(prices)
    memo: dict[int, int] = {}  # key 2 * day + holding: one int per state, not a tuple

    def best(i: int, holding: int) -> int:
        if i >= n:
            return 0
        key = 2 * i + holding
        known = memo.get(key)
        if known is not None:
            return known
        if holding:
            result = max(best(i + 1, 1), prices[i] + best(i + 2, 0))  # keep, or sell and cool down
        else:
            result = max(best(i + 1, 0), best(i + 1, 1) - prices[i])  # wait, or buy
        memo[key] = result
        return result

    return call_with_deep_stack(best, 0, 0)


@jit
def _cooldown_kernel(prices):
    """The 1-D form over an int64 array; the wrapper has checked the int64 bound."""
    n = prices.size
    if n == 0:
        return 0
    hold = -prices[0]
    sold = 0
    rest = 0
    for i in range(1, n):
        p = prices[i]
        new_hold = max(hold, rest - p)  # all three read yesterday's values
        new_sold = hold + p
        new_rest = max(rest, sold)
        hold, sold, rest = new_hold, new_sold, new_rest
    return max(sold, rest)


def max_profit_numba(prices: list[int]) -> int:
    """Compiled 1-D form: O(n) time, O(1) extra memory. Compiles on first call, then cached."""
    values = as_int64("prices", prices)
    if not values.size:
        return 0
    top = max(abs(p) for p in prices)
    if top * (len(prices) + 1) > INT64_SAFE:
        raise OverflowError(
            f"max |price| {top} times {len(prices) + 1} exceeds 2**62, the numba form's int64 "
            "bound; use the 1d form for such inputs (LeetCode's are at most 1000 x 5001)"
        )
    return int(_cooldown_kernel(values))


FORMS = {
    "2d": max_profit_2d,
    "1d": max_profit_1d,
    "memo": max_profit_memo,
    "numba": max_profit_numba,
}

NOT_APPLICABLE: dict[str, str] = {}
