"""``judge lab prune``: the Numba CSR kernel against scipy.sparse, and the default lab end to end.

    pytest benchmarks/test_lab_prune_speed.py                       the lab's layer and defaults
    pytest benchmarks/test_lab_prune_speed.py --benchmark-disable   a small layer: a check that it runs

The bar, issue 14's: at 90% unstructured sparsity on the lab's default layer (4096 x 4096
float32 times 32 activations), the Numba CSR kernel takes at most 1.5x scipy.sparse's time,
as the median ratio of interleaved pairs (both on one thread). The default lab's wall time
is orientation for this machine class (issue 14: under 60 s): extra_info reports it
(``under_60s``), and nothing asserts it.
"""

from __future__ import annotations

import statistics
import time

import numpy as np
import scipy.sparse

from judge.labs.compression import prune
from solutions import _spmm
from solutions.nm_sparsity import prune_numpy

PROBLEMS = ()  # a lab, not a problem: --problem leaves it out
BAR = 1.5
TARGET_S = 60.0


def _seconds(call) -> float:
    start = time.perf_counter()
    call()
    return time.perf_counter() - start


def test_numba_csr_within_one_and_a_half_times_scipy_at_90_percent(benchmark, pytestconfig):
    from threadpoolctl import threadpool_limits

    quick = pytestconfig.getoption("benchmark_disable")
    side, batch = (256, 8) if quick else (4096, 32)
    w = prune.realistic_weight(side, side, 0)
    xt = prune.activations(side, batch, 0)
    indptr, indices, data = _spmm.csr_from_mask(w, prune_numpy(w, "unstructured:0.9"))
    matrix = scipy.sparse.csr_array((data, indices, indptr), shape=w.shape)

    def numba() -> np.ndarray:
        return _spmm.csr_matmul(indptr, indices, data, xt, side)

    def scipy_product() -> np.ndarray:
        return matrix @ xt

    with threadpool_limits(limits=1, user_api="blas"):
        assert np.allclose(numba(), scipy_product(), rtol=1e-4, atol=1e-4)  # and both warmed up
        pairs = [(_seconds(numba), _seconds(scipy_product)) for _ in range(3 if quick else 15)]
        ratio = statistics.median(n / s for n, s in pairs)
        benchmark.extra_info.update(numba_over_scipy=ratio, numba_ms=statistics.median(n for n, _ in pairs) * 1e3,
                                    scipy_ms=statistics.median(s for _, s in pairs) * 1e3, side=side, batch=batch)
        benchmark.pedantic(numba, rounds=5, iterations=1, warmup_rounds=1)
    if not quick:
        assert ratio <= BAR, f"the Numba CSR kernel takes {ratio:.2f}x scipy.sparse's time at 90%; the bar is {BAR}x"


def test_the_default_lab(benchmark, pytestconfig):
    quick = pytestconfig.getoption("benchmark_disable")
    setup = prune.Setup(256, 256, 8, (0.5, 0.9), rounds=3) if quick else prune.Setup()
    result = benchmark.pedantic(prune.run, args=(setup,), rounds=1, iterations=1)
    evens = result.break_even
    benchmark.extra_info.update(break_even={k: v["sparsity"] for k, v in evens.items()},
                                speedups={f"{r.format}@{r.sparsity:g}": r.speedup for r in result.rows})
    stats = getattr(benchmark, "stats", None)
    if stats:
        benchmark.extra_info[f"under_{TARGET_S:g}s"] = stats.stats.max < TARGET_S
