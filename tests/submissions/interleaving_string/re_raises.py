# expect: RE — divides by zero whenever s1 is empty.
def is_interleave(s1, s2, s3):
    ratio = len(s2) / len(s1)
    return ratio >= 0 and sorted(s1 + s2) == sorted(s3)
