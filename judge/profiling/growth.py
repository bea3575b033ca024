"""Fitting growth: t ≈ c·n^k over one size, and t ≈ c·m^a·n^b over two."""

from __future__ import annotations

import math
import statistics

MIN_FIT_SECONDS = 2e-4  # points faster than this measure call overhead (~1-3 µs a call), not growth


def fit_exponent(sizes: list[int], seconds: list[float]) -> float | None:
    """Least-squares slope of log(time) over log(size), on the points that measure growth."""
    points = [(n, t) for n, t in zip(sizes, seconds) if t >= MIN_FIT_SECONDS]
    if len(points) < 2:
        points = list(zip(sizes, seconds))[-2:]
    if len(points) < 2 or points[0][0] == points[-1][0]:
        return None
    xs = [math.log(n) for n, _ in points]
    ys = [math.log(max(t, 1e-9)) for _, t in points]
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    sxx = sum((x - mx) ** 2 for x in xs)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sxx


def fit_two(points: list[tuple[int, int, float]]) -> tuple[float, float] | None:
    """Least squares of log t = log c + a·log m + b·log n; returns (a, b).

    Needs points where m and n vary separately: with m = n throughout, a and b
    cannot be told apart, and None is returned.
    """
    import numpy as np

    usable = [(m, n, t) for m, n, t in points if t >= MIN_FIT_SECONDS and m > 0 and n > 0]
    if len(usable) < 3:
        return None
    design = np.array([[1.0, math.log(m), math.log(n)] for m, n, _ in usable])
    target = np.array([math.log(t) for _, _, t in usable])
    if np.linalg.matrix_rank(design) < 3:
        return None
    coefficients, *_ = np.linalg.lstsq(design, target, rcond=None)
    return float(coefficients[1]), float(coefficients[2])


def relative_spread(samples: list[float]) -> float:
    """Standard deviation over the median: pyperf warns above 10%."""
    if len(samples) < 2:
        return 0.0
    return statistics.stdev(samples) / statistics.median(samples)
