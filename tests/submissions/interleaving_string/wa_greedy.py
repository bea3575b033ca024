# expect: WA — greedy: always take from s1 when it matches. Fails when s2 had to go first.
def is_interleave(s1, s2, s3):
    if len(s1) + len(s2) != len(s3):
        return False
    i = j = 0
    for c in s3:
        if i < len(s1) and s1[i] == c:
            i += 1
        elif j < len(s2) and s2[j] == c:
            j += 1
        else:
            return False
    return True
