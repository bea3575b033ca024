# expect: AC — both styles present: class Solution wins (and is right), the function is wrong.
def is_interleave(s1, s2, s3):
    return True


class Solution:
    def isInterleave(self, s1, s2, s3):
        if len(s1) + len(s2) != len(s3):
            return False
        reach = {(0, 0)}
        for k, c in enumerate(s3):
            reach = {(i + 1, j) for i, j in reach if i < len(s1) and s1[i] == c} | {
                (i, j + 1) for i, j in reach if j < len(s2) and s2[j] == c
            }
        return bool(reach)
