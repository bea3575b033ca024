# expect: WA — the memo is keyed by the running sum alone, so the same sum at different indexes collides.
def find_target_sum_ways(nums, target):
    memo = {}

    def count(i, total):
        if i == len(nums):
            return int(total == target)
        if total not in memo:
            memo[total] = count(i + 1, total + nums[i]) + count(i + 1, total - nums[i])
        return memo[total]

    return count(0, 0)
