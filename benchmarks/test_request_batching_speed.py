"""Request-level batching (static and dynamic): the python event loop against the numba
kernel on the same ShareGPT-like slice, one pytest-benchmark group per problem.

    pytest benchmarks/test_request_batching_speed.py                       a 20k-request slice
    pytest benchmarks/test_request_batching_speed.py --benchmark-disable   a quick check (2k)

``extra_info`` carries requests/s and sequence-steps/s (a sequence-step is one sequence in
one iteration, padding included: the sum of the trace's ``seqs`` column), and the numba
row carries its speed-up over the python form. Section 5 of the batching issue sets the
bar for the continuous-batching kernel at 50x the python form on a 20k slice; the same
ratio is reported here for the request-level kernels. The kernel is compiled (or loaded
from the cache) before any timed round.
"""

from __future__ import annotations

import random

import pytest

from problems import dynamic_batching as dynamic_problem
from problems import static_batching as static_problem
from solutions import dynamic_batching, static_batching

SEED = 20261127
SLICE_N = 20_000
QUICK_N = 2_000  # with --benchmark-disable: a check that it runs, not a timing
TARGET_RATIO = 50

PROBLEMS = {
    "static-batching": (static_problem, static_batching),
    "dynamic-batching": (dynamic_problem, dynamic_batching),
}


@pytest.fixture(scope="module", params=sorted(PROBLEMS))
def workload(request):
    quick = request.config.getoption("benchmark_disable", default=False)
    n = QUICK_N if quick else SLICE_N
    problem, solutions = PROBLEMS[request.param]
    inp = problem.FAMILIES["sharegpt"](n, random.Random(SEED))
    _, trace = solutions.simulate_with_trace(inp["requests"], inp["config"], "numba")
    return {"slug": request.param, "n": n, "input": inp, "solutions": solutions,
            "sequence_steps": int(trace["seqs"].sum()), "iterations": len(trace["seqs"])}


@pytest.fixture(scope="module")
def python_seconds() -> dict[str, float]:
    """slug -> the python form's median, for the numba row's speed-up."""
    return {}


@pytest.mark.parametrize("form", ["python", "numba"])
def test_speed(benchmark, workload, form, python_seconds):
    simulate = workload["solutions"].FORMS[form]
    inp = workload["input"]
    simulate(inp["requests"][:50], inp["config"])  # compile or load the kernel; warm up
    benchmark.group = f"{workload['slug']} sharegpt n={workload['n']}"
    results = benchmark.pedantic(simulate, args=(inp["requests"], inp["config"]), rounds=3, iterations=1)
    assert len(results) == workload["n"]
    benchmark.extra_info.update(problem=workload["slug"], family="sharegpt", n=workload["n"], form=form,
                                iterations=workload["iterations"], sequence_steps=workload["sequence_steps"])
    stats = getattr(benchmark, "stats", None)
    if not stats:
        return  # --benchmark-disable: nothing was timed
    median = stats.stats.median
    benchmark.extra_info["requests_per_s"] = round(workload["n"] / median)
    benchmark.extra_info["sequence_steps_per_s"] = round(workload["sequence_steps"] / median)
    if form == "python":
        python_seconds[workload["slug"]] = median
    elif workload["slug"] in python_seconds:
        benchmark.extra_info["speedup_over_python"] = round(python_seconds[workload["slug"]] / median, 1)
        benchmark.extra_info["target_ratio"] = TARGET_RATIO
