# expect: WA — the last-burst interval DP, but without the virtual 1s: the ends are treated as walls worth 0.
def max_coins(nums):
    vals = [0] + nums + [0]
    size = len(vals)
    dp = [[0] * size for _ in range(size)]
    for length in range(2, size):
        for left in range(size - length):
            right = left + length
            dp[left][right] = max(
                dp[left][k] + vals[left] * vals[k] * vals[right] + dp[k][right] for k in range(left + 1, right)
            )
    return dp[0][size - 1]
