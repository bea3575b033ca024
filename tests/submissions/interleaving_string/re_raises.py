# expect: RE — right, except that it divides by zero whenever s1 is empty.
def is_interleave(s1, s2, s3):
    share = len(s2) / len(s1)
    if len(s1) + len(s2) != len(s3):
        return False
    reach = {(0, 0)}
    for c in s3:
        reach = {(i + 1, j) for i, j in reach if i < len(s1) and s1[i] == c} | {
            (i, j + 1) for i, j in reach if j < len(s2) and s2[j] == c
        }
    return bool(reach) and share >= 0
