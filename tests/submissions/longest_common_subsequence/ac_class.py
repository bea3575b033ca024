# expect: AC — LeetCode's class form, pasted as is: List comes from LeetCode's prelude.
class Solution:
    def longestCommonSubsequence(self, text1: str, text2: str) -> int:
        rows: List[List[int]] = [[0] * (len(text2) + 1) for _ in range(len(text1) + 1)]
        for i, a in enumerate(text1, 1):
            for j, b in enumerate(text2, 1):
                if a == b:
                    rows[i][j] = rows[i - 1][j - 1] + 1
                else:
                    rows[i][j] = max(rows[i - 1][j], rows[i][j - 1])
        return rows[-1][-1]
