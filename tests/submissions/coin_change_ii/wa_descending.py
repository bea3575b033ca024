# expect: WA — amounts swept downwards, as in 0/1 knapsack: each coin is used at most once.
def change(amount, coins):
    dp = [1] + [0] * amount
    for c in coins:
        for a in range(amount, c - 1, -1):
            dp[a] += dp[a - c]
    return dp[amount]
