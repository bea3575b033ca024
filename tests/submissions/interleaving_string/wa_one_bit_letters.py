# expect: WA — packs each letter into one bit (ord & 1) to compare whole rows at once: right for any two letters of different parity, so right on every input over "ab", wrong once "a" and "c" (both odd) meet. s1 = "a", s2 = "b", s3 = "cb" shows it.
def is_interleave(s1, s2, s3):
    if len(s1) + len(s2) != len(s3):
        return False
    bits1 = [ord(c) & 1 for c in s1]
    bits2 = [ord(c) & 1 for c in s2]
    bits3 = [ord(c) & 1 for c in s3]
    m, n = len(s1), len(s2)
    dp = [[False] * (n + 1) for _ in range(m + 1)]
    dp[0][0] = True
    for i in range(m + 1):
        for j in range(n + 1):
            if i > 0 and dp[i - 1][j] and bits1[i - 1] == bits3[i + j - 1]:
                dp[i][j] = True
            if j > 0 and dp[i][j - 1] and bits2[j - 1] == bits3[i + j - 1]:
                dp[i][j] = True
    return dp[m][n]
