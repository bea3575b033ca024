# expect: WA — the subset-sum row with j ascending: dp[j - x] already includes x, so x is reused.
def find_target_sum_ways(nums, target):
    total = sum(nums)
    if abs(target) > total or (total + target) % 2:
        return 0
    want = (total + target) // 2
    dp = [1] + [0] * want
    for x in nums:
        for j in range(x, want + 1):
            dp[j] += dp[j - x]
    return dp[want]
