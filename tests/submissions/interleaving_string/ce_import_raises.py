# expect: CE — raises while the module is imported.
TABLE = {"a": 1}["b"]


def is_interleave(s1, s2, s3):
    return True
