"""``judge lab plan``: the default search (Llama-2-70B, 100 requests/s of ShareGPT, P99 TTFT 2 s,
P99 TPOT 100 ms, $200/hour, every GPU, TP, dtype and scheduler setting), timed end to end.

    pytest benchmarks/test_lab_plan_speed.py                       the default search, timed
    pytest benchmarks/test_lab_plan_speed.py --benchmark-disable   a reduced search: a check that it runs

Issue 7's figure, under 60 s on this 2-core machine, is an absolute time and so orientation
for this machine class: extra_info reports it (``under_60s``), and nothing asserts it. The
workload (10,000 requests) is drawn once, outside the timing, and the kernel is compiled or
loaded from the cache before the timed round. ``extra_info`` also carries the number of
designs simulated and the answer's cost.
"""

from __future__ import annotations

import pytest

from judge.labs.serving import plan

PROBLEMS = ()  # a lab, not a problem: --problem leaves it out
TARGET_S = 60.0  # issue 7's figure for this machine class: orientation, reported, not asserted
QUICK = plan.Space(gpus=("h100-sxm",), tps=(4, 8), max_num_seqs=(256,), max_num_batched_tokens=(8192,),
                   chunked_prefill=(True,), weight_dtypes=("fp16",), kv_dtypes=("fp16",))


def _quick(config: pytest.Config) -> bool:
    return bool(config.getoption("benchmark_disable", default=False))


def test_default_search(benchmark, request):
    quick = _quick(request.config)
    question = plan.Question() if not quick else plan.Question(space=QUICK)
    work = plan.make_workload("sharegpt", 1000 if quick else plan.DEFAULT_REQUESTS, 4096, 0)
    plan._warm_up()
    result = benchmark.pedantic(plan.search, args=(question, work), rounds=1 if quick else 3, iterations=1)
    assert result.best is not None and result.best.meets
    benchmark.extra_info.update(simulations=result.simulations, best_cost_per_hour=result.best.cost_per_hour,
                                best=result.best.design.label(), requests_per_simulation=work.prompt.size)
    stats = getattr(benchmark, "stats", None)
    if stats:
        benchmark.extra_info[f"under_{TARGET_S:g}s"] = stats.stats.max < TARGET_S
