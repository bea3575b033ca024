# expect: WA — forgets that the empty prefix of s matches 'a*': row 0 stays False, so even 'a' against 'a*' gives False.
def is_match(s, p):
    m, n = len(s), len(p)
    dp = [[False] * (n + 1) for _ in range(m + 1)]
    dp[0][0] = True  # ...and nothing else in row 0: 'a*', 'a*b*' never match the empty prefix
    for i in range(1, m + 1):
        for j in range(1, n + 1):
            if p[j - 1] == "*":
                dp[i][j] = dp[i][j - 2] or (dp[i - 1][j] and p[j - 2] in (s[i - 1], "."))
            else:
                dp[i][j] = dp[i - 1][j - 1] and p[j - 1] in (s[i - 1], ".")
    return dp[m][n]
