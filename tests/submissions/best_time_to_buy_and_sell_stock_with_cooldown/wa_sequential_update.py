# expect: WA — the rolling states updated one at a time: rest reads today's sale, so the cooldown vanishes.
def max_profit(prices):
    hold, sold, rest = -prices[0], 0, 0
    for p in prices[1:]:
        hold = max(hold, rest - p)
        sold = hold + p
        rest = max(rest, sold)
    return max(sold, rest)
