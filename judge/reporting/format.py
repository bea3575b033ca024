"""The kit's formatters: every number a person reads is written by one of these."""

from __future__ import annotations

import time


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


def clock(seconds: float) -> str:
    """A countdown or a time taken, as a clock reads: '7:05', '1:02:03'."""
    seconds = max(int(seconds), 0)
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def when(unix_s: float | None) -> str:
    """A moment of the practice history, in local time: '2026-01-10 14:02'."""
    if unix_s is None:
        return "–"
    return time.strftime("%Y-%m-%d %H:%M", time.localtime(unix_s))
