# expect: AC — LeetCode's class form, pasted as is: List comes from LeetCode's prelude.
class Solution:
    def change(self, amount: int, coins: List[int]) -> int:
        ways = [1] + [0] * amount
        for coin in sorted(coins):
            for total in range(coin, amount + 1):
                ways[total] += ways[total - coin]
        return ways[amount]
