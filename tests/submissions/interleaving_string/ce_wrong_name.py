# expect: CE — the entry is misnamed.
def interleave(s1, s2, s3):
    return True
