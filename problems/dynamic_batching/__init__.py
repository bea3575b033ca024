"""Dynamic batching: what the data files can't express.

- ``inputs``: Hypothesis workloads (bursts, ties, tight memory, exact costs) with a
  ``max_wait`` that is zero, shorter than the gaps, or longer than them;
- ``FAMILIES``: sized workloads for profiling;
- ``validate``, ``describe`` and ``check`` (times compared with a tolerance).

The shared parts live in ``problems/_request_batching.py``; dynamic batching adds
``config["max_wait"]``.
"""

import random
from typing import Callable

from hypothesis import strategies as st

from problems import _request_batching as shared

SOURCE = "dynamic-batching"
EXAMPLE = {"requests": [[0.0, 3, 2], [0.5, 1, 1]],
           "config": {"num_blocks": 4, "block_size": 2, "c0": 0.25, "c1": 0.0625, "c2": 0.015625,
                      "max_batch_size": 2, "max_wait": 1.0}}

check = shared.check
describe = shared.describe


def _max_wait(draw) -> dict:
    """0 (static batching), a fraction of the arrival gaps (1/8 steps), or longer than them."""
    return {"max_wait": draw(st.sampled_from((0.0, 0.125, 0.5, 1.0, 1.5, 3.0, 8.0)))}


def inputs() -> st.SearchStrategy[dict]:
    """Valid workloads: 0-12 requests three times in four, else up to 40."""
    return shared.workloads(_max_wait)


def _sharegpt(n: int, rng: random.Random) -> dict:
    """ShareGPT-like lengths (lognormal, mean prompt 161, output 338) at 20 requests/s
    with max_wait = 50 ms: saturating, so batches fill before the timer; work per request
    is constant and every form should grow linearly in n."""
    return shared.sharegpt(n, rng, {"max_wait": 0.05})


def _alpaca(n: int, rng: random.Random) -> dict:
    """Alpaca-like short requests (mean prompt 19, output 58) at 200 requests/s with
    max_wait = 50 ms: short batches, the timer and the size trigger both fire."""
    return shared.alpaca(n, rng, {"max_wait": 0.05})



#: Tiny engines: 1-3 blocks of 1-2 tokens, batches of 1-2, max_wait 0 or 0.5 s, exact costs.
SCOPE_CONFIGS = [{"num_blocks": b, "block_size": s, **shared.TINY_COSTS, "max_batch_size": m, "max_wait": w}
                 for b in (1, 2, 3) for s in (1, 2) for m in (1, 2) for w in (0.0, 0.5)]
SMALL_SCOPE = shared.small_scope(SCOPE_CONFIGS, bound=19, within="on 24 tiny engines")
size = shared.size

FAMILIES: dict[str, Callable[[int, random.Random], dict]] = {"sharegpt": _sharegpt, "alpaca": _alpaca}


def validate(inp: dict) -> None:
    """Raise InvalidInput, with a one-line message, if ``inp`` breaks the spec's limits."""
    shared.validate(inp, SOURCE, ("max_wait",), EXAMPLE)
