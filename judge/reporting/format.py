"""The kit's formatters: every number a person reads is written by one of these."""

from __future__ import annotations


def human_bytes(n: float | None) -> str:
    """'412 B', '4.7 KB', '2.1 MB' (powers of 1000, as tracemalloc's peaks are read)."""
    if n is None:
        return "–"
    for unit in ("B", "KB", "MB", "GB"):
        if abs(n) < 1000 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1000
    return f"{n:.1f} GB"


def human_seconds(s: float | None) -> str:
    """A measured time, to its precision: '2.31 s', '14.2 ms', '87 µs'."""
    if s is None:
        return "–"
    if s >= 1:
        return f"{s:.2f} s"
    if s >= 1e-3:
        return f"{s * 1e3:.1f} ms"
    return f"{s * 1e6:.0f} µs"


def latency(s: float | None) -> str:
    """A serving latency, as SLOs are written: '180 ms', '2.40 s'."""
    if s is None:
        return "–"
    return f"{s * 1e3:.0f} ms" if s < 1 else f"{s:.2f} s"
