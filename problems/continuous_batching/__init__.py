"""Continuous batching (a scheduling simulation): what the data files can't express.

- ``inputs``: a Hypothesis strategy over {"requests", "config"} workloads with bursts and
  simultaneous arrivals, mixed lengths and tight memory, so rejection and preemption are routine;
- ``FAMILIES``: ShareGPT-like and Alpaca-like workloads of n requests at a saturating rate;
- ``validate``, ``describe`` and ``check`` (times within a tight tolerance, counts exact).
"""

from __future__ import annotations

import math
import random
from typing import Any, Callable

from hypothesis import strategies as st

from judge.errors import InvalidInput
from problems import _request_batching as _rb
from problems._inputs import check_int, check_keys, show

SOURCE = "continuous-batching"
MAX_REQUESTS = 10**6
MAX_LEN = 10**6  # prompt_len and output_len
MAX_BLOCKS = 10**8
MAX_BLOCK_SIZE = 10**4
MAX_SEQS = 10**6
MAX_BATCHED = 10**8
MAX_TIME = 1e9  # arrivals, seconds
MAX_COST = 1e3  # c0, c1, c2
KEYS = ("requests", "config")
CONFIG_KEYS = ("num_blocks", "block_size", "c0", "c1", "c2", "max_num_seqs", "max_num_batched_tokens",
               "chunked_prefill")
EXAMPLE = {"requests": [[0.0, 3, 2]], "config": {"num_blocks": 4, "block_size": 2, "c0": 1.0, "c1": 0.0,
                                                  "c2": 0.0, "max_num_seqs": 2, "max_num_batched_tokens": 8,
                                                  "chunked_prefill": False}}
REL_TOL = 1e-9
ABS_TOL = 1e-12


# -- Hypothesis ---------------------------------------------------------------------------------

#: Costs are multiples of 1/64 in [0, 1]: exactly representable, so every sum is reproducible.
_costs = st.integers(0, 64).map(lambda k: k / 64)


@st.composite
def _config(draw, requests: list) -> dict:
    """Tight memory and a small token budget. Usually just enough blocks (and, without
    chunking, budget) for the longest request plus a few, so nobody is rejected but several
    running requests fight over the last blocks and preempt; otherwise a small random
    amount, so requests are rejected too."""
    chunked = draw(st.booleans())
    block_size = draw(st.integers(1, 4))
    longest = max((p + o - 1 for _, p, o in requests), default=1)
    fit = draw(st.booleans())
    if fit:
        num_blocks = -(-longest // block_size) + draw(st.integers(0, 6))
        budget = longest + draw(st.integers(0, 8))
    else:
        num_blocks = draw(st.integers(1, 16))
        budget = draw(st.integers(1, 32))
    return {
        "num_blocks": num_blocks,
        "block_size": block_size,
        "c0": draw(_costs),
        "c1": draw(_costs),
        "c2": draw(_costs),
        "max_num_seqs": draw(st.integers(2, 5) | st.integers(1, 5)),
        "max_num_batched_tokens": budget,
        "chunked_prefill": chunked,
    }


@st.composite
def _requests(draw, max_requests: int) -> list:
    """Arrivals on a grid of quarter seconds (so ties are common), often as bursts that share
    one arrival time; prompt and output lengths small, with an occasional long one. Drawn as
    one list of (gap, prompt, output) so shrinking deletes whole requests."""
    lengths = st.one_of(st.integers(1, 6), st.integers(1, 6), st.integers(1, 24))
    gaps = st.sampled_from((0, 0, 0, 1, 2, 4, 12))  # 0: a burst, arriving with the previous one
    size = st.sampled_from((12, 12, 12, max_requests))
    cap = min(draw(size), max_requests)
    row = st.tuples(gaps, lengths, lengths)
    rows = draw(st.lists(row, min_size=min(2, cap), max_size=cap) | st.lists(row, max_size=cap))
    out, t = [], 0
    for gap, prompt, output in rows:
        t += gap
        out.append([t / 4, prompt, output])
    if out and draw(st.booleans()):  # out of order in the input: the scheduler must sort by (arrival, index)
        out = draw(st.permutations(out))
    return out


@st.composite
def _workloads(draw, max_requests: int) -> dict:
    requests = draw(_requests(max_requests))
    return {"requests": requests, "config": draw(_config(requests))}


def inputs(max_requests: int = 40) -> st.SearchStrategy[dict]:
    """Valid {"requests", "config"} workloads, mostly 0-12 requests.

    Measured over 2000 draws: about 44% have a rejected request, 35% a preemption and 45%
    use chunked prefill; 3% have more than 12 requests (tests/test_continuous_batching_forms.py
    checks the shares)."""
    return _workloads(max_requests)


# -- profiling families -------------------------------------------------------------------------

#: The engine of both families: 4096 blocks of 16 tokens (65,536 tokens of KV), up to 256
#: sequences and 8192 tokens per iteration with chunked prefill (vLLM v1's defaults are close);
#: 1/128 s per iteration + 1/32768 s per token + 1/4194304 s per token of context.
ENGINE = {"num_blocks": 4096, "block_size": 16, "c0": 2**-7, "c1": 2**-15, "c2": 2**-22,
          "max_num_seqs": 256, "max_num_batched_tokens": 8192, "chunked_prefill": True}


def _lognormal_lengths(mean: float, rng: random.Random, cap: int = 4096) -> int:
    """A lognormal length with sigma 1 and the given mean, rounded and clipped to 1..cap."""
    sigma = 1.0
    return min(cap, max(1, round(rng.lognormvariate(math.log(mean) - sigma * sigma / 2, sigma))))


def _workload(n: int, rng: random.Random, rate: float, prompt_mean: float, output_mean: float) -> dict:
    t, requests = 0.0, []
    for _ in range(n):
        t += rng.expovariate(rate)
        requests.append([t, _lognormal_lengths(prompt_mean, rng), _lognormal_lengths(output_mean, rng)])
    return {"requests": requests, "config": dict(ENGINE)}


def _sharegpt_family(n: int, rng: random.Random) -> dict:
    """ShareGPT-like conversations (lognormal, mean prompt ~161 and output ~338 tokens, the
    vLLM paper's statistics) arriving as a Poisson stream at 50 requests/s, about 2.5x what
    the engine serves: the queue grows, memory fills (it caps the batch at about 240
    sequences, below max_num_seqs = 256) and the newest are preempted over and over
    (~1.3 preemptions per request at n = 10^6). Work is ~n·338 sequence-steps for every form."""
    return _workload(n, rng, 50.0, 161.0, 338.0)


def _alpaca_family(n: int, rng: random.Random) -> dict:
    """Alpaca-like instructions (mean prompt ~19, output ~58 tokens) at 400 requests/s:
    short requests, so admission and finishing (the queue operations) dominate rather than
    decoding, and memory is rarely short."""
    return _workload(n, rng, 400.0, 19.0, 58.0)



#: Tiny engines: 1-3 blocks of 1-2 tokens, 1-2 sequences, a budget of 2 or 4 tokens, with and
#: without chunked prefill, exact binary costs.
SCOPE_CONFIGS = [{"num_blocks": b, "block_size": s, **_rb.TINY_COSTS, "max_num_seqs": n,
                  "max_num_batched_tokens": t, "chunked_prefill": c}
                 for b in (1, 2, 3) for s in (1, 2) for n in (1, 2) for t in (2, 4) for c in (False, True)]
SMALL_SCOPE = _rb.small_scope(SCOPE_CONFIGS, bound=20, within="on 48 tiny engines")
size = _rb.size

FAMILIES: dict[str, Callable[[int, random.Random], dict]] = {
    "sharegpt": _sharegpt_family,
    "alpaca": _alpaca_family,
}


# -- validation ---------------------------------------------------------------------------------


def _check_time(name: str, value: Any, high: float) -> float:
    if type(value) not in (int, float):
        raise InvalidInput(f"{name} is {type(value).__name__} {show(value)}, not float; pass a number of seconds")
    if not (math.isfinite(value) and 0 <= value <= high):
        raise InvalidInput(f"{name} is {value!r}; {SOURCE} allows 0..{high:g} — bring it into range")
    return value


def validate(inp: dict) -> None:
    """Raise InvalidInput, with a one-line message, if ``inp`` is not a valid workload."""
    check_keys(inp, KEYS, SOURCE, EXAMPLE)
    config = inp["config"]
    check_keys(config, CONFIG_KEYS, f"{SOURCE}'s config", EXAMPLE["config"])
    check_int("config.num_blocks", config["num_blocks"], 1, MAX_BLOCKS, SOURCE)
    check_int("config.block_size", config["block_size"], 1, MAX_BLOCK_SIZE, SOURCE)
    check_int("config.max_num_seqs", config["max_num_seqs"], 1, MAX_SEQS, SOURCE)
    check_int("config.max_num_batched_tokens", config["max_num_batched_tokens"], 1, MAX_BATCHED, SOURCE)
    for key in ("c0", "c1", "c2"):
        _check_time(f"config.{key}", config[key], MAX_COST)
    if type(config["chunked_prefill"]) is not bool:
        raise InvalidInput(f"config.chunked_prefill is {show(config['chunked_prefill'])}, not bool; pass true or false")
    requests = inp["requests"]
    if type(requests) is not list:
        raise InvalidInput(f"requests is {type(requests).__name__} {show(requests)}, not list; "
                           "pass a list of [arrival, prompt_len, output_len]")
    if len(requests) > MAX_REQUESTS:
        raise InvalidInput(f"requests has {len(requests)} entries; {SOURCE} allows at most {MAX_REQUESTS} — shorten it")
    for i, req in enumerate(requests):
        if type(req) not in (list, tuple) or len(req) != 3:
            raise InvalidInput(f"requests[{i}] is {show(req)}; write each request as [arrival, prompt_len, output_len]")
        _check_time(f"requests[{i}] arrival", req[0], MAX_TIME)
        check_int(f"requests[{i}] prompt_len", req[1], 1, MAX_LEN, SOURCE)
        check_int(f"requests[{i}] output_len", req[2], 1, MAX_LEN, SOURCE)


def describe(inp: dict) -> str:
    """A short size label, e.g. 'n=12 requests, 8 blocks x 2, 3 seqs, 16 tokens'."""
    c = inp["config"]
    chunked = ", chunked" if c["chunked_prefill"] else ""
    return (f"n={len(inp['requests'])} requests, {c['num_blocks']} blocks x {c['block_size']}, "
            f"{c['max_num_seqs']} seqs, {c['max_num_batched_tokens']} tokens{chunked}")


# -- checking -----------------------------------------------------------------------------------

_FIELDS = ("first_token_time", "finish_time", "num_preemptions")


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= ABS_TOL + REL_TOL * abs(b)


def check(inp: dict, expected: list, got: Any) -> str | None:
    """None if ``got`` matches ``expected``: a list of [first, finish, preemptions] per request,
    None exactly where expected has None, times within 1e-9 relative + 1e-12 absolute, counts
    exact ints. Otherwise one line naming the first request that differs."""
    requests = inp["requests"]
    if type(got) is not list:
        return (f"returned {type(got).__name__} {show(got)}, "
                f"expected a list of {len(expected)} [first, finish, preemptions]")
    if len(got) != len(expected):
        return f"returned {len(got)} entries, expected {len(expected)} (one per request, in input order)"
    for i, (want, have) in enumerate(zip(expected, got)):
        arrival, prompt, output = requests[i]
        where = f"request {i} (arrival {arrival}, prompt {prompt}, output {output})"
        if type(have) is not list or len(have) != 3:
            return f"{where}: returned {show(have)}, expected [first_token_time, finish_time, num_preemptions]"
        for field, w, h in zip(_FIELDS, want, have):
            if field == "num_preemptions":
                if type(h) is not int:
                    return f"{where}: {field} is {type(h).__name__} {show(h)}, expected int {w}"
                if h != w:
                    return f"{where}: {field} {h}, expected {w}"
            elif w is None:
                if h is not None:
                    return f"{where}: {field} {show(h)}, expected None (rejected at arrival)"
            elif type(h) not in (int, float) or not _close(float(h), w):
                shown = "None" if h is None else show(h)
                return f"{where}: {field} {shown}, expected {w!r}"
    return None
