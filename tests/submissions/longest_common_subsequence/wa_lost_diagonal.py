# expect: WA — rolling row that reads the diagonal after overwriting it: "a" vs "aa" gives 2.
def longest_common_subsequence(text1, text2):
    dp = [0] * (len(text2) + 1)
    for a in text1:
        for j in range(1, len(text2) + 1):
            if a == text2[j - 1]:
                dp[j] = dp[j - 1] + 1  # dp[j-1] already holds this row, not the diagonal
            else:
                dp[j] = max(dp[j], dp[j - 1])
    return dp[-1]
