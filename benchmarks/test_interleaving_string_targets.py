"""Issue 3's speed-limit bars for Interleaving String, as ratios measured in one run.

At n = 3000: bitset-numba >= 10x the per-cell numba form and >= 1000x the 2-D table;
the pure-Python bitset >= 200x the 2-D table. Every form is timed here, in this
process, on the same input, so the ratios hold on any machine; the absolute figures
go into extra_info for orientation.
"""

from __future__ import annotations

import random
import statistics
import time

import pytest

from judge.model import registry

PROBLEMS = ("interleaving-string",)
N = 3000
BARS = {("bitset-numba", "numba"): 10, ("bitset-numba", "2d"): 1000, ("bitset", "2d"): 200}


def _median_seconds(fn, inp, rounds):
    fn(inp)  # warm-up: a JIT form compiles here, never in a timing
    samples = []
    for _ in range(rounds):
        start = time.perf_counter()
        fn(inp)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


@pytest.mark.parametrize("family", ["random", "dense"])
def test_bitset_forms_clear_their_bars(benchmark, family, pytestconfig):
    problem = registry.get("interleaving-string")
    disabled = pytestconfig.getoption("benchmark_disable")
    n = 200 if disabled else N  # the smoke run checks the wiring, not the speed
    inp = problem.families[family](n, random.Random(20261127))
    forms = {name: problem.runner(problem.forms[name]) for name in ("2d", "numba", "bitset", "bitset-numba")}
    seconds = {name: _median_seconds(fn, inp, 1 if name == "2d" else 5) for name, fn in forms.items()}
    ratios = {f"{fast} vs {slow}": seconds[slow] / seconds[fast] for fast, slow in BARS}
    cells = (n + 1) ** 2
    benchmark.group = f"interleaving-string targets {family} n={n}"
    benchmark.extra_info.update(family=family, n=n, ratios=ratios,
                                ns_per_cell={name: s / cells * 1e9 for name, s in seconds.items()})
    benchmark.pedantic(forms["bitset-numba"], args=(inp,), rounds=20, iterations=1, warmup_rounds=1)
    if not disabled:
        for (fast, slow), bar in BARS.items():
            assert seconds[slow] / seconds[fast] >= bar, f"{fast} is only {seconds[slow] / seconds[fast]:.0f}x {slow}"
