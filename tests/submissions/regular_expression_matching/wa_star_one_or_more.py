# expect: WA — treats 'c*' as one or more copies, never zero: 'a' against 'ab*' gives False, not True.
def is_match(s, p):
    m, n = len(s), len(p)
    dp = [[False] * (n + 1) for _ in range(m + 1)]
    dp[0][0] = True
    for i in range(1, m + 1):
        for j in range(1, n + 1):
            if p[j - 1] == "*":
                same = p[j - 2] in (s[i - 1], ".")
                # one copy (coming from before the group) or one more copy; zero is missing
                dp[i][j] = same and (dp[i - 1][j - 2] or dp[i - 1][j])
            else:
                dp[i][j] = dp[i - 1][j - 1] and p[j - 1] in (s[i - 1], ".")
    return dp[m][n]
