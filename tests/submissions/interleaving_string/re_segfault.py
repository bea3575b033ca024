# expect: RE — writes through a null pointer: the worker dies with SIGSEGV.
import ctypes


def is_interleave(s1, s2, s3):
    ctypes.memset(0, 1, 1)
    return True
