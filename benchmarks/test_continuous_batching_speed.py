"""Continuous batching: the python event loop against the numba kernel on one ShareGPT-like
slice, plus the orientation run of 10^6 requests through the kernel alone.

    pytest benchmarks/test_continuous_batching_speed.py                       20k slice + 10^6 run
    pytest benchmarks/test_continuous_batching_speed.py --benchmark-disable   a quick check
    pytest benchmarks/test_continuous_batching_speed.py --sizes 5000          another slice

The bar (issue 6, §5), which the slice test asserts: numba >= 50x the python form on the
same 20k-request slice, measured in one run. For orientation only (an absolute time, reported
in extra_info), 10^6 ShareGPT-like requests at a saturating rate with max_num_seqs = 256 in
under 10 s. Workloads are generated once (module-scoped fixtures) and the kernel is
compiled, or loaded from the cache, before any timed round. ``extra_info`` carries
requests/s and sequence-steps/s (sequences scheduled, summed over iterations, counted from
the trace outside the timing), and the numba row its ratio to the python row.
"""

from __future__ import annotations

import random

import pytest

from problems import continuous_batching as problem
from solutions.continuous_batching import FORMS, simulate_numba_with_trace

SEED = 20261127
SLICE_N = 20_000
MILLION = 10**6
QUICK_N = 500  # with --benchmark-disable or --sizes smoke: a check that it runs, not a timing
PROBLEMS = ("continuous-batching",)
TARGET_RATIO = 50
MILLION_TARGET_S = 10.0


def _quick(config: pytest.Config) -> bool:
    return bool(config.getoption("benchmark_disable", default=False)) or config.getoption("--sizes") == "smoke"


def _slice_length(config: pytest.Config) -> int:
    sizes = config.getoption("--sizes", default="default")
    if _quick(config):
        return QUICK_N
    if sizes in ("default", "full"):
        return SLICE_N
    try:
        return max(int(s) for s in sizes.split(","))
    except ValueError:
        raise pytest.UsageError(f"--sizes {sizes!r}: give smoke, default, full or a number of requests") from None


def _workload(n: int) -> dict:
    inp = problem.FAMILIES["sharegpt"](n, random.Random(SEED))
    _, trace = simulate_numba_with_trace(inp["requests"], inp["config"])  # also compiles the kernel
    return {"n": n, "input": inp, "steps": int(trace["seqs"].sum()), "iterations": len(trace["seqs"])}


@pytest.fixture(scope="module")
def slice_(request):
    return _workload(_slice_length(request.config))


@pytest.fixture(scope="module")
def python_seconds() -> dict[str, float]:
    return {}


def _record(benchmark, work: dict, form: str) -> float | None:
    benchmark.extra_info.update(problem="continuous-batching", family="sharegpt", n=work["n"], form=form,
                                sequence_steps=work["steps"], iterations=work["iterations"])
    stats = getattr(benchmark, "stats", None)
    if not stats:
        return None  # --benchmark-disable: nothing was timed
    median = stats.stats.median
    benchmark.extra_info["requests_per_s"] = round(work["n"] / median)
    benchmark.extra_info["sequence_steps_per_s"] = round(work["steps"] / median)
    return median


@pytest.mark.parametrize("form", ["python", "numba"])
def test_slice(benchmark, slice_, form, python_seconds):
    simulate = FORMS[form]
    requests, config = slice_["input"]["requests"], slice_["input"]["config"]
    benchmark.group = f"continuous-batching sharegpt n={slice_['n']}"
    rounds = 1 if form == "python" else 5
    results = benchmark.pedantic(simulate, args=(requests, config), rounds=rounds, iterations=1)
    assert len(results) == slice_["n"]
    median = _record(benchmark, slice_, form)
    if form == "python" and median:
        python_seconds["python"] = median
    elif median and "python" in python_seconds:
        ratio = python_seconds["python"] / median
        benchmark.extra_info["speedup_over_python"] = round(ratio, 1)
        benchmark.extra_info[f"meets_{TARGET_RATIO}x"] = ratio >= TARGET_RATIO
        assert ratio >= TARGET_RATIO, f"the kernel is only {ratio:.1f}x the python form; the bar is {TARGET_RATIO}x"


def test_million_requests(benchmark, request):
    """The orientation run: 10^6 requests (QUICK_N when quick) through the kernel, one round."""
    work = _workload(QUICK_N if _quick(request.config) else MILLION)
    requests, config = work["input"]["requests"], work["input"]["config"]
    benchmark.group = f"continuous-batching sharegpt n={work['n']} (kernel only)"
    results = benchmark.pedantic(FORMS["numba"], args=(requests, config), rounds=1, iterations=1)
    assert len(results) == work["n"]
    median = _record(benchmark, work, "numba")
    if median:
        benchmark.extra_info[f"under_{MILLION_TARGET_S:g}s"] = median < MILLION_TARGET_S
