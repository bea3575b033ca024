"""Every problem x family x size x form, timed by pytest-benchmark.

Compilation never counts: each point makes untimed calls first (a JIT compiles on
the first), then ``benchmark.pedantic`` adds a warm-up round of its own. Peak memory
is taken with tracemalloc in a separate call, never while timing. A Numba form whose
exact answer outgrows int64 raises OverflowError by design (each spec says where), and
its point is skipped with that message, as the profile ends the sweep.
"""

from __future__ import annotations

import random
import time
import tracemalloc

import pytest

from judge.model.forms import SUBMISSION, is_jitted
from judge.profiling.benchsave import group

SEED = 20261127
MAX_CALL_S = 1.0  # a point predicted slower than this is skipped, with the reason
TRACE_SLOWDOWN = 100  # tracemalloc slows pure Python up to ~90x: only trace calls that stay cheap
TARGET_S = 0.5


def _callable(point, submission_entry):
    """The form as ``run(input)``; a design problem's class is replayed, without observing."""
    if point.form == SUBMISSION:
        if point.problem.is_design:
            return point.problem.runner(submission_entry, observe=False)
        return submission_entry
    return point.problem.runner(point.problem.forms[point.form], observe=False)


def _peak_bytes(fn, inp) -> int:
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        fn(inp)
        return max(tracemalloc.get_traced_memory()[1] - before, 0)
    finally:
        tracemalloc.stop()


def test_form(benchmark, point, last_timing, submission_entry):
    key = (point.problem.slug, point.family, point.form)
    if key in last_timing:
        n0, t0 = last_timing[key]
        predicted = t0 * (point.n / n0) ** 2
        if predicted > MAX_CALL_S:
            pytest.skip(f"{point.form} would take about {predicted:.1f} s a call at n={point.n}")
    fn = _callable(point, submission_entry)
    inp = point.problem.families[point.family](point.n, random.Random(SEED))
    warm_calls = 2 if is_jitted(point.form) else 1
    for _ in range(warm_calls):
        start = time.perf_counter()
        try:
            fn(inp)
        except OverflowError as exc:  # an int64 form's guard: the profile ends its sweep here too
            pytest.skip(f"{point.form} is outside its exact domain at n={point.n}: {exc}")
        first = time.perf_counter() - start
    last_timing[key] = (point.n, first)
    cheap_to_trace = first * (1 if is_jitted(point.form) else TRACE_SLOWDOWN) < 1.0
    benchmark.group = group(point.problem.slug, point.family, point.n)
    benchmark.extra_info.update(
        problem=point.problem.slug, family=point.family, n=point.n, form=point.form,
        peak_bytes=_peak_bytes(fn, inp) if cheap_to_trace else None,
    )
    rounds = max(3, min(50, int(TARGET_S / max(first, 1e-6))))
    benchmark.pedantic(fn, args=(inp,), rounds=rounds, iterations=1, warmup_rounds=1)
