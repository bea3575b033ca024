# expect: CE — takes two parameters, the problem passes three.
def is_interleave(s1, s2):
    return True
