# expect: AC — LeetCode's class form, pasted as is: List and lru_cache come from LeetCode's prelude.
class Solution:
    def maxProfit(self, prices: List[int]) -> int:
        hold, sold, rest = float("-inf"), float("-inf"), 0
        for p in prices:
            hold, sold, rest = max(hold, rest - p), hold + p, max(rest, sold)
        return int(max(sold, rest))
