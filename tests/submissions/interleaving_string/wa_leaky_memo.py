# expect: WA — a class-level memo keyed by (i, j) only, so answers leak from one case to the next.
class Solution:
    memo = {}

    def isInterleave(self, s1, s2, s3):
        if len(s1) + len(s2) != len(s3):
            return False

        def go(i, j):
            if (i, j) in Solution.memo:
                return Solution.memo[(i, j)]
            if i == len(s1) and j == len(s2):
                return True
            k = i + j
            r = (i < len(s1) and s1[i] == s3[k] and go(i + 1, j)) or (
                j < len(s2) and s2[j] == s3[k] and go(i, j + 1)
            )
            Solution.memo[(i, j)] = r
            return r

        return go(0, 0)
