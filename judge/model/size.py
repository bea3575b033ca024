"""The size of an input: what "smallest failing input" means.

One definition for every DP problem: the characters of all strings, plus the
elements of all lists (a nested list counts its inner elements, not its rows), plus
the absolute values of all integers. ``{"amount": 1, "coins": [2, 1]}`` has size
1 + 2 + 3 = 6. Floats add nothing; a bool counts as its integer.

A design case is measured as (number of calls, the same measure over the
constructor's and the calls' arguments): fewer calls is smaller, whatever the
arguments. A problem may define its own ``size(inp)`` (simulations do); a size is
always a tuple, compared lexicographically.
"""

from __future__ import annotations

from typing import Any

Size = tuple[int, ...]


def measure(value: Any) -> int:
    if isinstance(value, str):
        return len(value)
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return abs(value)
    if isinstance(value, float) or value is None:
        return 0
    if isinstance(value, dict):
        return sum(measure(v) for v in value.values())
    if isinstance(value, (list, tuple)):
        return sum(measure(v) + (not isinstance(v, (list, tuple))) for v in value)
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
