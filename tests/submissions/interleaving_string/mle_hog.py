# expect: MLE — allocates without bound.
def is_interleave(s1, s2, s3):
    hoard = []
    while True:
        hoard.append(bytearray(8 * 1024 * 1024))
