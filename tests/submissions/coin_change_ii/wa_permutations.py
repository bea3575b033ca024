# expect: WA — the loops swapped: amounts outer, coins inner counts ordered sequences (1+2 and 2+1 twice), not combinations.
def change(amount, coins):
    dp = [1] + [0] * amount
    for a in range(1, amount + 1):
        for c in coins:
            if c <= a:
                dp[a] += dp[a - c]
    return dp[amount]
