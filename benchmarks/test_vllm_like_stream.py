"""vLLM-sized streams: the serving kernels against their python forms and a bare floor.

    pytest benchmarks/test_vllm_like_stream.py                       10^6 calls, 100,000 blocks
    pytest benchmarks/test_vllm_like_stream.py --benchmark-disable   a 20,000-call smoke run

The streams (benchmarks/vllm_streams.py) are what a vLLM-like scheduler asks of its block
pool: 100,000 blocks of 16 tokens, at most 1,024 running sequences, ShareGPT-like lengths,
one decode token per running sequence per step. They are generated once, outside any
timing. For each allocator the file times its ``python`` form and ``numba`` class (one
call at a time, as the judge replays), ``run_stream`` (the whole stream in one kernel
call) and the floor: a bare Numba FIFO-ring replay of the same stream with no API.

Bars, asserted when timed (each ratio in one run):
- paged allocator: ``run_stream`` <= 1.5x the floor's time, and >= 30x the python form;
- prefix cache: ``run_stream`` >= 30x its python form; its time over the floor's is reported.
The floor and run_stream are also checked to hand out the same block ids (a checksum over
every call). The floor bar is asserted on ``run_stream`` and the floor timed in
interleaved pairs, in thread CPU time (the median of the pairs' ratios), so that a
neighbour's load drifting between two tests, or taking the core in the middle of one,
does not decide it; the ratio of the two tests' wall-clock medians is in extra_info too.

The last test runs 10^6 ShareGPT-like requests through the continuous-batching kernel and
reports requests/s.
"""

from __future__ import annotations

import random
import statistics
import time

import pytest
import vllm_streams as streams

from problems import continuous_batching
from solutions import paged_kv_allocator as paged
from solutions import prefix_cache as prefix
from solutions.continuous_batching import FORMS as BATCHING_FORMS

SEED = 20261201
FULL_N = 10**6
QUICK_N = 20_000
PROBLEMS = ("paged-kv-allocator", "prefix-cache", "continuous-batching")
FLOOR_BAR = 1.5  # run_stream's time over the floor's, at most
PYTHON_BAR = 30  # run_stream's speed over the python form's, at least
PAIRS = 21


def _quick(config: pytest.Config) -> bool:
    return bool(config.getoption("benchmark_disable", default=False)) or config.getoption("--sizes") == "smoke"


@pytest.fixture(scope="module")
def paged_stream(request) -> dict:
    n = QUICK_N if _quick(request.config) else FULL_N
    case = streams.paged_case(n, SEED)
    warm = streams.paged_case(2000, SEED + 1, num_blocks=4096, max_running=64)
    paged.run_stream(warm["init"], warm["encoded"])  # compile, or load from the cache
    streams.paged_floor(warm["encoded"], 4096, streams.BLOCK_SIZE, 64)
    _replay(paged.FORMS["numba"], {"init": warm["init"], "ops": warm["ops"][:200]})
    return {**case, "n": n, "seconds": {}}


@pytest.fixture(scope="module")
def prefix_stream(request) -> dict:
    n = QUICK_N if _quick(request.config) else FULL_N
    case = streams.prefix_case(n, SEED)
    case["seqs"] = 1 + max(args[0] for name, args in case["ops"] if name == "allocate")
    warm = streams.prefix_case(2000, SEED + 1, num_blocks=4096, max_running=64)
    prefix.run_stream(warm["init"], warm["encoded"])
    streams.prefix_floor(warm["encoded"], 4096, streams.BLOCK_SIZE, 64)
    _replay(prefix.FORMS["numba"], {"init": warm["init"], "ops": warm["ops"][:200]})
    return {**case, "n": n, "seconds": {}}


def _replay(cls, case: dict) -> None:
    obj = cls(*case["init"])
    methods = {name: getattr(obj, name) for name in ("allocate", "append", "free")}
    for name, args in case["ops"]:
        methods[name](*args)


def _time(benchmark, stream: dict, problem: str, label: str, fn, rounds: int) -> float | None:
    benchmark.group = f"{problem} vLLM-like stream n={stream['n']}"
    benchmark.extra_info.update(problem=problem, n=stream["n"], form=label, num_blocks=stream["init"][0])
    result = benchmark.pedantic(fn, rounds=rounds, iterations=1, warmup_rounds=1 if rounds > 3 else 0)
    stats = getattr(benchmark, "stats", None)
    if stats is None:  # --benchmark-disable: the call ran once, untimed
        return None
    median = stats.stats.median
    stream["seconds"][label] = median
    benchmark.extra_info["ops_per_s"] = round(stream["n"] / median)
    benchmark.extra_info["result"] = result if isinstance(result, int) else None
    return median


def _interleaved_ratio(fast, floor) -> float:
    """The median over PAIRS back-to-back pairs of time(fast) / time(floor), in this thread's
    CPU time: both kernels run in the calling thread, and a neighbour that takes the core
    for a while then stretches neither side of a pair."""
    ratios = []
    for _ in range(PAIRS):
        started = time.thread_time()
        fast()
        middle = time.thread_time()
        floor()
        ratios.append((middle - started) / (time.thread_time() - middle))
    return statistics.median(ratios)


# -- the paged allocator ------------------------------------------------------------------------


PAGED = pytest.mark.problems("paged-kv-allocator")
PREFIX = pytest.mark.problems("prefix-cache")


@PAGED
@pytest.mark.parametrize("form", ["python", "numba"])
def test_paged_class(benchmark, paged_stream, form):
    _time(benchmark, paged_stream, "paged-kv-allocator", form,
          lambda: _replay(paged.FORMS[form], paged_stream), rounds=3)


def _paged_floor(stream: dict) -> int:
    return streams.paged_floor(stream["encoded"], stream["init"][0], stream["init"][1], streams.MAX_RUNNING)


@PAGED
def test_paged_floor(benchmark, paged_stream):
    _time(benchmark, paged_stream, "paged-kv-allocator", "floor", lambda: _paged_floor(paged_stream), rounds=31)


@PAGED
def test_paged_run_stream(benchmark, paged_stream):
    init, encoded = paged_stream["init"], paged_stream["encoded"]
    rows = paged.run_stream(init, encoded)
    assert (rows[:, 0] >= 0).all(), "a vLLM-like stream makes no failing call"
    assert streams.ids_total(rows[:, 1]) == _paged_floor(paged_stream), "the floor took other block ids"
    benchmark.extra_info["state_bytes"] = paged.NumbaBlockAllocator(*init).state_bytes()
    median = _time(benchmark, paged_stream, "paged-kv-allocator", "run_stream",
                   lambda: paged.run_stream(init, encoded), rounds=31)
    seconds = paged_stream["seconds"]
    if median is None or "floor" not in seconds or "python" not in seconds:
        return
    paired = _interleaved_ratio(lambda: paged.run_stream(init, encoded), lambda: _paged_floor(paged_stream))
    over_python = seconds["python"] / median
    benchmark.extra_info.update(x_floor=round(median / seconds["floor"], 2), x_floor_paired=round(paired, 2),
                                x_python=round(over_python, 1))
    assert paired <= FLOOR_BAR, f"run_stream takes {paired:.2f}x the floor's time; the bar is {FLOOR_BAR}x"
    assert over_python >= PYTHON_BAR, f"run_stream is only {over_python:.1f}x the python form; the bar is {PYTHON_BAR}x"


# -- the prefix cache ---------------------------------------------------------------------------


@PREFIX
@pytest.mark.parametrize("form", ["python", "numba"])
def test_prefix_class(benchmark, prefix_stream, form):
    _time(benchmark, prefix_stream, "prefix-cache", form, lambda: _replay(prefix.FORMS[form], prefix_stream),
          rounds=1 if form == "python" else 3)


def _prefix_floor(stream: dict) -> int:
    return streams.prefix_floor(stream["encoded"], stream["init"][0], stream["init"][1], stream["seqs"])


@PREFIX
def test_prefix_floor(benchmark, prefix_stream):
    _time(benchmark, prefix_stream, "prefix-cache", "floor", lambda: _prefix_floor(prefix_stream), rounds=15)


@PREFIX
def test_prefix_run_stream(benchmark, prefix_stream):
    init, encoded = prefix_stream["init"], prefix_stream["encoded"]
    rows = prefix.run_stream(init, encoded)
    assert (rows[:, 0] >= 0).all(), "a vLLM-like stream makes no failing call"
    median = _time(benchmark, prefix_stream, "prefix-cache", "run_stream",
                   lambda: prefix.run_stream(init, encoded), rounds=15)
    seconds = prefix_stream["seconds"]
    if median is None or "floor" not in seconds or "python" not in seconds:
        return
    paired = _interleaved_ratio(lambda: prefix.run_stream(init, encoded), lambda: _prefix_floor(prefix_stream))
    over_python = seconds["python"] / median
    benchmark.extra_info.update(x_floor=round(median / seconds["floor"], 2), x_floor_paired=round(paired, 2),
                                x_python=round(over_python, 1))
    assert over_python >= PYTHON_BAR, f"run_stream is only {over_python:.1f}x the python form; the bar is {PYTHON_BAR}x"


# -- continuous batching ------------------------------------------------------------------------


@pytest.mark.problems("continuous-batching")
def test_continuous_batching_million_requests(benchmark, request):
    """10^6 ShareGPT-like requests (QUICK_N when quick) through the kernel, one round:
    requests/s for orientation, nothing asserted on the time."""
    n = QUICK_N if _quick(request.config) else FULL_N
    inp = continuous_batching.FAMILIES["sharegpt"](n, random.Random(SEED))
    simulate = BATCHING_FORMS["numba"]
    simulate(inp["requests"][:500], inp["config"])  # compile, or load from the cache
    benchmark.group = f"continuous-batching sharegpt n={n} (vLLM-like file)"
    results = benchmark.pedantic(simulate, args=(inp["requests"], inp["config"]), rounds=1, iterations=1)
    assert len(results) == n
    stats = getattr(benchmark, "stats", None)
    benchmark.extra_info.update(problem="continuous-batching", n=n, form="numba")
    if stats is not None:
        benchmark.extra_info["requests_per_s"] = round(n / stats.stats.median)


@pytest.mark.problems("paged-kv-allocator", "prefix-cache")
def test_a_tight_pool_preempts_and_every_call_still_succeeds():
    """Not timed: the scheduler's preemption path, on a pool that runs dry."""
    case = streams.paged_case(20_000, SEED, num_blocks=300, max_running=64)
    allocator = paged.BlockAllocator(*case["init"])
    dry = 0
    for name, args in case["ops"]:
        assert getattr(allocator, name)(*args) is not None or name == "free", (name, args)
        dry += allocator.num_free() == 0
    assert dry > 0
    cache_case = streams.prefix_case(5_000, SEED, num_blocks=400, max_running=16)
    rows = prefix.run_stream(cache_case["init"], cache_case["encoded"])
    assert (rows[:, 0] >= 0).all()
