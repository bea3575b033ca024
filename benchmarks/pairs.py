"""Timing in interleaved pairs, for the bars that compare two forms in one run.

A neighbour's load that comes and goes moves both sides of a pair alike, so the median of
the pairs' ratios is steadier on a shared machine than a ratio of two separate medians.
"""

from __future__ import annotations

import statistics
import time


def seconds(fn, inp) -> float:
    start = time.perf_counter()
    fn(inp)
    return time.perf_counter() - start


def paired(fast, slow, inp, rounds: int) -> tuple[float, float, float]:
    """(median ratio slow/fast over interleaved pairs, median fast s, median slow s)."""
    fast(inp), slow(inp)  # warm-up: a JIT form compiles here, never in a timing
    pairs = [(seconds(slow, inp), seconds(fast, inp)) for _ in range(rounds)]
    return (statistics.median(s / f for s, f in pairs), statistics.median(f for _, f in pairs),
            statistics.median(s for s, _ in pairs))
