"""The limits a case runs under, and the policy that sets them. Stated up front, shown in the report."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    cpu_s: float
    wall_s: float
    memory_bytes: int | None  # resident bytes above the worker's baseline; None = unwatched


TIME_FLOOR_S = 1.0
TIME_FACTOR = 10.0
WALL_FACTOR = 3.0
WALL_GRACE_S = 1.0
DEFAULT_MEMORY_MIB = 256

#: Starting the worker and answering a ping: generous, it imports numpy and numba.
PROTOCOL_LIMITS = Limits(cpu_s=120.0, wall_s=180.0, memory_bytes=None)
#: Loading a submission and a JIT submission's first-call compilation, which never counts.
LOAD_LIMITS = PROTOCOL_LIMITS


def time_rule(time_limit_s: float | None) -> str:
    if time_limit_s is not None:
        return f"{time_limit_s:g} s of CPU per case (--time-limit)"
    return (
        f"max({TIME_FLOOR_S:g} s, {TIME_FACTOR:g} × the fastest pure-Python reference on the same case) "
        f"of CPU per case; wall-clock kill at {WALL_FACTOR:g} × that + {WALL_GRACE_S:g} s"
    )


def case_limits(reference_s: float, time_limit_s: float | None, memory_mib: int) -> Limits:
    """The limits of one case whose fastest pure-Python reference took ``reference_s``."""
    cpu = time_limit_s if time_limit_s is not None else max(TIME_FLOOR_S, TIME_FACTOR * reference_s)
    return Limits(cpu_s=cpu, wall_s=cpu * WALL_FACTOR + WALL_GRACE_S, memory_bytes=memory_mib * 2**20)


def backstop(limits: Limits) -> Limits:
    """The judge's kill, from outside, for a case the worker's own timers could not stop
    (code that never returns to the interpreter). Looser than the case's limits, so the
    worker's timer, which costs no restart, fires first whenever it can."""
    return Limits(cpu_s=limits.cpu_s * 1.25 + 0.25, wall_s=limits.wall_s * 1.25 + 0.5,
                  memory_bytes=limits.memory_bytes)


def floor_s(time_limit_s: float | None) -> float:
    """The least CPU limit any case gets: what the report shows before a case is known."""
    return time_limit_s if time_limit_s is not None else TIME_FLOOR_S
