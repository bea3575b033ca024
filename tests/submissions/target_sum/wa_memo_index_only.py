# expect: WA — the memo is keyed by the index alone, so different running sums share one answer.
def find_target_sum_ways(nums, target):
    memo = {}

    def count(i, total):
        if i == len(nums):
            return int(total == target)
        if i not in memo:
            memo[i] = count(i + 1, total + nums[i]) + count(i + 1, total - nums[i])
        return memo[i]

    return count(0, 0)
