# expect: WA — takes the count modulo 10**9 + 7 out of habit; LeetCode 62 wants the exact count, up to 2 * 10^9.
def unique_paths(m, n):
    mod = 10**9 + 7
    dp = [1] * n
    for _ in range(1, m):
        for j in range(1, n):
            dp[j] = (dp[j] + dp[j - 1]) % mod
    return dp[-1]
