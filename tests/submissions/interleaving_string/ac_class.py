# expect: AC — LeetCode's class form, pasted as is: List and lru_cache come from LeetCode's prelude.
class Solution:
    def _lengths(self, parts: List[str]) -> List[int]:
        return [len(p) for p in parts]

    def isInterleave(self, s1: str, s2: str, s3: str) -> bool:
        if sum(self._lengths([s1, s2])) != len(s3):
            return False

        @lru_cache(maxsize=None)
        def go(i: int, j: int) -> bool:
            if i == len(s1) and j == len(s2):
                return True
            k = i + j
            return (i < len(s1) and s1[i] == s3[k] and go(i + 1, j)) or (
                j < len(s2) and s2[j] == s3[k] and go(i, j + 1)
            )

        return go(0, 0)
