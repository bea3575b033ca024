# expect: WA — forgets the cooldown: buys back the day after a sale (LeetCode 122's answer).
def max_profit(prices):
    hold, cash = float("-inf"), 0
    for p in prices:
        hold, cash = max(hold, cash - p), max(cash, hold + p)
    return int(cash)
