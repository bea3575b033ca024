# expect: AC — LeetCode's class form, pasted as is: lru_cache over (index, running sum) from LeetCode's prelude.
class Solution:
    def findTargetSumWays(self, nums: List[int], target: int) -> int:
        @lru_cache(maxsize=None)
        def count(i: int, total: int) -> int:
            if i == len(nums):
                return int(total == target)
            return count(i + 1, total + nums[i]) + count(i + 1, total - nums[i])

        return count(0, 0)
