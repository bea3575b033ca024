# expect: RE — never reaches a base case when s1 is empty: RecursionError.
def is_interleave(s1, s2, s3):
    if s1 == "":
        return is_interleave(s1, s2, s3)
    return len(s1) + len(s2) == len(s3) and sorted(s1 + s2) == sorted(s3)
