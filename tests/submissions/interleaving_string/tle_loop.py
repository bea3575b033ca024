# expect: TLE — spins forever.
def is_interleave(s1, s2, s3):
    while True:
        pass
