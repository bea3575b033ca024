# expect: TLE — exponential brute force, right on small inputs; the killer cases stop it.
def is_interleave(s1, s2, s3):
    if len(s1) + len(s2) != len(s3):
        return False
    if not s3:
        return True
    return (bool(s1) and s1[0] == s3[0] and is_interleave(s1[1:], s2, s3[1:])) or (
        bool(s2) and s2[0] == s3[0] and is_interleave(s1, s2[1:], s3[1:])
    )
