# expect: WA — the rolling row swept with j ascending: dp[j-1] already counts this same character of s, so one letter is matched twice ("a" holds "aa" once).
def num_distinct(s, t):
    dp = [1] + [0] * len(t)
    for ch in s:
        for j in range(1, len(t) + 1):
            if t[j - 1] == ch:
                dp[j] += dp[j - 1]
    return dp[-1]
