# expect: RE — dereferences a null pointer: the worker dies with SIGSEGV.
import ctypes


def is_interleave(s1, s2, s3):
    return ctypes.string_at(0, 1) == b""
