# expect: WA — a shortcut for s1 == s2 that is right on random data: when the halves are equal, it takes the only merge to be s1 + s1. s1 = s2 = "ab", s3 = "aabb" shows it (8 characters in all).
def is_interleave(s1, s2, s3):
    if len(s1) + len(s2) != len(s3):
        return False
    if s1 == s2:
        return s3 == s1 + s2
    m, n = len(s1), len(s2)
    dp = [False] * (n + 1)
    for i in range(m + 1):
        for j in range(n + 1):
            if i == 0 and j == 0:
                dp[j] = True
            elif i == 0:
                dp[j] = dp[j - 1] and s2[j - 1] == s3[j - 1]
            else:
                up = dp[j] and s1[i - 1] == s3[i + j - 1]
                left = j > 0 and dp[j - 1] and s2[j - 1] == s3[i + j - 1]
                dp[j] = up or left
    return dp[n]
