# expect: CE — a syntax error on line 3.
def is_interleave(s1, s2, s3):
    return s1 +
