# expect: AC — LeetCode's class form, pasted as is: lru_cache over (left, right) from LeetCode's prelude.
class Solution:
    def maxCoins(self, nums: List[int]) -> int:
        vals = [1] + nums + [1]

        @lru_cache(maxsize=None)
        def best(left: int, right: int) -> int:
            top = 0
            for k in range(left + 1, right):  # k is the last balloon to burst between left and right
                top = max(top, best(left, k) + vals[left] * vals[k] * vals[right] + best(k, right))
            return top

        return best(0, len(vals) - 1)
