# expect: RE — right, except that it never reaches a base case when s1 is empty: RecursionError.
def is_interleave(s1, s2, s3):
    if s1 == "":
        return is_interleave(s1, s2, s3)
    if len(s1) + len(s2) != len(s3):
        return False
    reach = {(0, 0)}
    for c in s3:
        reach = {(i + 1, j) for i, j in reach if i < len(s1) and s1[i] == c} | {
            (i, j + 1) for i, j in reach if j < len(s2) and s2[j] == c
        }
    return bool(reach)
