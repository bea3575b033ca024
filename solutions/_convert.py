"""Typed conversions at the wrappers of jitted kernels: Python data in, numpy arrays out.

Kernels see only arrays of fixed dtypes; the wrappers call these and so reject what a
kernel could only mishandle, with a one-line message that names the value and the fix.
"""

from __future__ import annotations

import numpy as np

INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1


def as_bytes(name: str, text: object) -> np.ndarray:
    """A str as a uint8 array: kernels compare bytes, about 20x faster than str in numba."""
    if not isinstance(text, str):
        raise TypeError(f"{name} is {type(text).__name__}, not str; pass {name} as a string")
    try:
        raw = text.encode("ascii")
    except UnicodeEncodeError as exc:
        raise ValueError(
            f"{name} has non-ASCII character {text[exc.start]!r} at index {exc.start}; "
            "the numba forms compare bytes, so pass ASCII text"
        ) from None
    return np.frombuffer(raw, dtype=np.uint8)


def as_int64(name: str, values: object) -> np.ndarray:
    """A list of ints as an int64 array; floats, bools and values outside int64 are refused."""
    if not isinstance(values, (list, tuple)):
        raise TypeError(f"{name} is {type(values).__name__}, not list; pass {name} as a list of ints")
    for index, value in enumerate(values):
        if type(value) is not int:
            raise TypeError(f"{name}[{index}] is {type(value).__name__} {value!r}, not int; pass whole numbers")
        if not INT64_MIN <= value <= INT64_MAX:
            raise OverflowError(f"{name}[{index}] = {value} is outside int64; the numba forms need |value| < 2**63")
    return np.array(values, dtype=np.int64)
