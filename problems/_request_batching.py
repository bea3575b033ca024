"""What static and dynamic batching share: workload strategies, profiling families,
validation, the tolerant checker and the size label. Each problem package adds its own
config keys (``max_wait`` for dynamic batching) and passes them in here.
"""

from __future__ import annotations

import math
import random
from typing import Any, Callable

from hypothesis import strategies as st

from judge.errors import InvalidInput
from judge.model.scope import SmallScope, choice, integers, lists, record, tuples
from problems._inputs import check_int, check_keys, show

MAX_REQUESTS = 100_000
MAX_LEN = 1 << 20  # prompt_len and output_len
MAX_BLOCKS = 1 << 30
MAX_BLOCK_SIZE = 1 << 16
MAX_BATCH = 1 << 16
MAX_TIME = 1e9  # arrivals, max_wait
MAX_COST = 1e3  # c0, c1, c2
REL_TOL = 1e-9
ABS_TOL = 1e-12

BASE_KEYS = ("num_blocks", "block_size", "c0", "c1", "c2", "max_batch_size")

# -- Hypothesis workloads ---------------------------------------------------------------------

# Multiples of 1/64 are exact in binary, so every sum of them is reproducible by hand.
_sixty_fourths = st.integers(0, 64).map(lambda k: k / 64)


@st.composite
def _arrivals(draw, count: int) -> list[float]:
    """Arrival times in multiples of 1/8, in a drawn pattern: all at once (ties), bursts
    separated by gaps, or a steady trickle. Input order is shuffled so FIFO order must
    come from (arrival, index), not from the list."""
    pattern = draw(st.sampled_from(("burst", "bursts", "trickle")))
    if pattern == "burst":
        times = [0.0] * count
    elif pattern == "bursts":
        times = [draw(st.integers(0, 3)) * 2.0 for _ in range(count)]
    else:
        times = [draw(st.integers(0, 40)) / 8 for _ in range(count)]
    if draw(st.booleans()):
        times.sort()
    return times


@st.composite
def workloads(draw, policy_keys: Callable[[Any], dict[str, Any]], max_requests: int = 40) -> dict:
    """{"requests", "config"}: 0-12 requests three times in four, else up to max_requests,
    with short or mixed lengths and a memory of a few blocks, so reservations stop batches
    and some requests are rejected. ``policy_keys(draw)`` draws the policy's own config
    keys beyond max_batch_size."""
    cap = min(max_requests, draw(st.sampled_from((12, 12, 12, max_requests))))  # shrinks to 12
    count = draw(st.integers(0, cap))
    times = draw(_arrivals(count))
    mix = draw(st.sampled_from(("short", "mixed")))
    longest = 4 if mix == "short" else 24
    requests = [[t, draw(st.integers(1, longest)), draw(st.integers(1, longest))] for t in times]
    block_size = draw(st.sampled_from((1, 2, 4, 16)))
    num_blocks = draw(st.integers(1, 12))
    config = {
        "num_blocks": num_blocks,
        "block_size": block_size,
        "c0": draw(_sixty_fourths),
        "c1": draw(_sixty_fourths),
        "c2": draw(_sixty_fourths),
        "max_batch_size": draw(st.integers(1, 5)),
    }
    config.update(policy_keys(draw))
    return {"requests": requests, "config": config}


# -- profiling families -------------------------------------------------------------------------


def _lognormal_len(rng: random.Random, mean: float, sigma: float, cap: int) -> int:
    """A length with the given mean from a lognormal of shape sigma, clipped to 1..cap."""
    mu = math.log(mean) - sigma * sigma / 2
    return max(1, min(cap, int(round(rng.lognormvariate(mu, sigma)))))


def poisson_workload(n: int, rng: random.Random, rate: float, prompt_mean: float, output_mean: float,
                     extra: dict[str, Any]) -> dict:
    """n requests, Poisson arrivals at ``rate``/s, lognormal lengths; an engine of 13B-model
    scale: c0 = 10 ms per step, c1 = 0.25 ms per token, c2 = 1 µs per context token
    (2^-7, 2^-12, 2^-20 s, exact in binary)."""
    t = 0.0
    requests = []
    for _ in range(n):
        t += rng.expovariate(rate)
        requests.append([t, _lognormal_len(rng, prompt_mean, 1.0, 2048),
                         _lognormal_len(rng, output_mean, 1.0, 2048)])
    config = {"num_blocks": 2048, "block_size": 16, "c0": 2.0**-7, "c1": 2.0**-12, "c2": 2.0**-20,
              "max_batch_size": 32}
    config.update(extra)
    return {"requests": requests, "config": config}


def sharegpt(n: int, rng: random.Random, extra: dict[str, Any]) -> dict:
    return poisson_workload(n, rng, 20.0, 161.0, 338.0, extra)


def alpaca(n: int, rng: random.Random, extra: dict[str, Any]) -> dict:
    return poisson_workload(n, rng, 200.0, 19.0, 58.0, extra)


# -- validation ---------------------------------------------------------------------------------


def _check_real(name: str, value: Any, low: float, high: float, source: str) -> float:
    if type(value) not in (float, int):
        raise InvalidInput(f"{name} is {type(value).__name__} {show(value)}, not a number; pass a float")
    if not (math.isfinite(value) and low <= value <= high):
        raise InvalidInput(f"{name} is {value}; {source} allows {low:g}..{high:g} — bring it into range")
    return float(value)


def validate(inp: dict, source: str, policy_keys: tuple[str, ...], example: dict) -> None:
    check_keys(inp, ("requests", "config"), source, example)
    config = inp["config"]
    check_keys(config, BASE_KEYS + policy_keys, f"{source}'s config", example["config"])
    check_int("config.num_blocks", config["num_blocks"], 1, MAX_BLOCKS, source)
    check_int("config.block_size", config["block_size"], 1, MAX_BLOCK_SIZE, source)
    check_int("config.max_batch_size", config["max_batch_size"], 1, MAX_BATCH, source)
    for key in ("c0", "c1", "c2"):
        _check_real(f"config.{key}", config[key], 0.0, MAX_COST, source)
    if "max_wait" in policy_keys:
        _check_real("config.max_wait", config["max_wait"], 0.0, MAX_TIME, source)
    requests = inp["requests"]
    if not isinstance(requests, list):
        raise InvalidInput(f"requests is {type(requests).__name__}, not a list; pass [[arrival, prompt_len, "
                           "output_len], ...]")
    if len(requests) > MAX_REQUESTS:
        raise InvalidInput(f"requests has {len(requests)} entries; {source} allows at most {MAX_REQUESTS} — "
                           "use fewer requests")
    for i, request in enumerate(requests):
        if not isinstance(request, (list, tuple)) or len(request) != 3:
            raise InvalidInput(f"requests[{i}] is {show(request)}; each request is [arrival, prompt_len, "
                               "output_len]")
        _check_real(f"requests[{i}] arrival", request[0], 0.0, MAX_TIME, source)
        check_int(f"requests[{i}] prompt_len", request[1], 1, MAX_LEN, source)
        check_int(f"requests[{i}] output_len", request[2], 1, MAX_LEN, source)


def describe(inp: dict) -> str:
    config = inp["config"]
    label = f"{len(inp['requests'])} requests, {config['num_blocks']}×{config['block_size']} KV, " \
            f"batch ≤ {config['max_batch_size']}"
    if "max_wait" in config:
        label += f", max_wait {config['max_wait']:g}"
    return label


# -- the checker ----------------------------------------------------------------------------------


def _close(expected: float, got: Any) -> bool:
    if type(got) not in (float, int) or type(got) is bool:
        return False
    return math.isfinite(got) and abs(got - expected) <= ABS_TOL + REL_TOL * abs(expected)


def _shown(value: Any) -> str:
    return "null" if value is None else show(value)


def check(inp: dict, expected: list, got: Any) -> str | None:
    """None if ``got`` matches ``expected`` (times within 1e-9 relative + 1e-12 absolute,
    None exactly where expected has None, preemptions as exact ints); else one line naming
    the first request whose entry differs."""
    requests = inp["requests"]
    if type(got) is not list:
        return f"returned {type(got).__name__} {show(got)}, expected a list of {len(expected)} " \
               "[first_token_time, finish_time, num_preemptions]"
    if len(got) != len(expected):
        return f"returned {len(got)} entries, expected {len(expected)} (one per request, in input order)"
    names = ("first_token_time", "finish_time", "num_preemptions")
    for i, (want, have) in enumerate(zip(expected, got)):
        arrival, prompt, output = requests[i]
        who = f"request {i} (arrival {arrival:g}, prompt {prompt}, output {output})"
        if type(have) is not list or len(have) != 3:
            return f"{who}: entry is {show(have)}, expected [first_token_time, finish_time, num_preemptions]"
        for name, w, h in zip(names, want, have):
            if w is None or name == "num_preemptions":
                ok = h is None if w is None else (type(h) is int and h == w)
            else:
                ok = _close(w, h)
            if not ok:
                return f"{who}: {name} {_shown(h)}, expected {_shown(w)}"
    return None


# -- the small scope: every tiny workload, on tiny engines --------------------------------------

#: Arrivals on a quarter-second grid up to 1 s: ties (two requests at one instant) are common.
ARRIVALS = (0.0, 0.25, 0.5, 0.75, 1.0)
#: Binary fractions, so every simulated time is exact.
TINY_COSTS = {"c0": 1.0, "c1": 0.25, "c2": 0.125}


def _arrival_size(arrival: float) -> int:
    return math.ceil(4 * arrival)


def size(inp: dict) -> tuple[int]:
    """The size of a workload (a simulation's own rule): each request counts 3 (its fields),
    plus prompt_len + output_len + its arrival in quarter seconds (rounded up); plus the
    config's integers (a true flag counts 1). The costs c0, c1, c2 add nothing."""
    requests = sum(3 + _arrival_size(a) + p + o for a, p, o in inp["requests"])
    config = sum(int(v) for v in inp["config"].values() if isinstance(v, (bool, int)))
    return (requests + config,)


def small_scope(configs: list[dict], bound: int, within: str) -> SmallScope:
    """Every list of requests (prompt and output of 1-3 tokens, arrivals on the quarter-second
    grid up to 1 s) under each of the tiny ``configs``, in increasing :func:`size`."""
    request = tuples(choice(ARRIVALS, _arrival_size), integers(1, 3), integers(1, 3))
    config_size = lambda config: size({"requests": [], "config": config})[0]  # noqa: E731
    return SmallScope(
        record({"requests": lists(request, counts=False, item_min=5, max_len=8),
                "config": choice(configs, config_size)}),
        bound=bound,
        rule="size = each request's 3 fields, plus its prompt_len + output_len + arrival in quarter seconds, "
             "plus the config's integers; of one size, fewer requests first, then by the requests' sizes "
             "from the first, then the configs in their listed order",
        within=within,
    )
