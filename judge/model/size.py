"""The size of an input: what "smallest failing input" means.

One definition for every DP problem: the characters of all strings, plus the
elements of all lists (a nested list counts its inner elements, not its rows), plus
the absolute values of all integers. ``{"amount": 1, "coins": [2, 1]}`` has size
1 + 2 + 3 = 6. Floats add nothing; a bool counts as its integer.

Problems whose inputs are float arrays count the floats too (``measure(value,
floats=True)``), by :func:`float_cost`: the simpler the binary number, the smaller.
0.0 costs 0 and -0.0 costs 1; otherwise ±f·2^e with 1 <= f < 2 costs
1 + |e| + (the significant bits of f - 1). So ±1 costs 1; ±2, ±0.5 and ±1.5 cost 2;
±3, ±4, ±0.25, ±0.75, ±1.25 and ±1.75 cost 3; 100 = 1.5625·2^6 costs 11.

A design case is measured as (number of calls, the same measure over the
constructor's and the calls' arguments): fewer calls is smaller, whatever the
arguments. A problem may define its own ``size(inp)`` (simulations do); a size is
always a tuple, compared lexicographically.
"""

from __future__ import annotations

import math
from typing import Any

Size = tuple[int, ...]


def float_cost(value: float) -> int:
    """0 for 0.0, 1 for -0.0; else 1 + |e| + (significant bits of f - 1) for ±f·2^e, 1 <= f < 2.
    Infinities and NaN cost more than any finite float."""
    if value == 0:
        return 1 if math.copysign(1.0, value) < 0 else 0
    if not math.isfinite(value):
        return 2200
    mantissa, exponent = math.frexp(abs(value))  # mantissa in [0.5, 1): value = (2·mantissa)·2^(exponent-1)
    numerator, _ = mantissa.as_integer_ratio()  # odd: its bit length is the significant bits
    return 1 + abs(exponent - 1) + numerator.bit_length() - 1


def measure(value: Any, floats: bool = False) -> int:
    if isinstance(value, str):
        return len(value)
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return abs(value)
    if isinstance(value, float):
        return float_cost(value) if floats else 0
    if value is None:
        return 0
    if isinstance(value, dict):
        return sum(measure(v, floats) for v in value.values())
    if isinstance(value, (list, tuple)):
        return sum(measure(v, floats) + (not isinstance(v, (list, tuple))) for v in value)
    raise TypeError(f"cannot measure a {type(value).__name__}; inputs are JSON-like data")


def design_size(case: dict[str, Any]) -> Size:
    ops = case["ops"]
    return (len(ops), measure(case["init"]) + sum(measure(args) for _, args in ops))


def show(size: Size) -> str:
    """'size 6'; a design case: '3 calls, arguments of size 5'."""
    if len(size) == 1:
        return f"size {size[0]}"
    if len(size) == 2:
        return f"{size[0]} call{'s' if size[0] != 1 else ''}, arguments of size {size[1]}"
    return "size " + " · ".join(map(str, size))
