# expect: RE — exits the process with status 0 mid-call; an exit is never an answer.
import os


def is_interleave(s1, s2, s3):
    os._exit(0)
