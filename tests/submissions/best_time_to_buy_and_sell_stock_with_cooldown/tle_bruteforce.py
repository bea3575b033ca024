# expect: TLE — tries every wait/buy/sell choice with no memo: right, but Fibonacci-many calls at 64+ days.
def max_profit(prices):
    def best(i, holding):
        if i >= len(prices):
            return 0
        if holding:
            return max(best(i + 1, True), prices[i] + best(i + 2, False))
        return max(best(i + 1, False), best(i + 1, True) - prices[i])

    return best(0, False)
