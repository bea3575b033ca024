# expect: WA — right logic, but returns 1/0 instead of True/False.
def is_interleave(s1, s2, s3):
    if len(s1) + len(s2) != len(s3):
        return 0
    dp = [1] + [0] * len(s2)
    for j in range(1, len(s2) + 1):
        dp[j] = int(dp[j - 1] and s2[j - 1] == s3[j - 1])
    for i in range(1, len(s1) + 1):
        dp[0] = int(dp[0] and s1[i - 1] == s3[i - 1])
        for j in range(1, len(s2) + 1):
            c = s3[i + j - 1]
            dp[j] = int((dp[j] and s1[i - 1] == c) or (dp[j - 1] and s2[j - 1] == c))
    return dp[-1]
