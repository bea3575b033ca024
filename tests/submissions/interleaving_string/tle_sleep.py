# expect: TLE — sleeps forever, using no CPU: the wall-clock limit catches it.
import time


def is_interleave(s1, s2, s3):
    time.sleep(10_000)
