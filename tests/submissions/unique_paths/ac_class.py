# expect: AC — LeetCode's class form, pasted as is: lru_cache comes from LeetCode's prelude.
class Solution:
    def uniquePaths(self, m: int, n: int) -> int:
        @lru_cache(maxsize=None)
        def go(i: int, j: int) -> int:
            if i == 0 or j == 0:
                return 1
            return go(i - 1, j) + go(i, j - 1)

        return go(m - 1, n - 1)
