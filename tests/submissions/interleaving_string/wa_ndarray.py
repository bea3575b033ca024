# expect: WA — returns a numpy array, which is not a bool.
import numpy as np


def is_interleave(s1, s2, s3):
    return np.array([len(s1) + len(s2) == len(s3)])
