# expect: WA — off by one: treats m and n as counts of moves, not of cells, so it answers for an (m+1) x (n+1) grid.
def unique_paths(m, n):
    dp = [1] * (n + 1)
    for _ in range(m):
        for j in range(1, n + 1):
            dp[j] += dp[j - 1]
    return dp[-1]
