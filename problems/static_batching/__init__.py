"""Static batching: what the data files can't express.

- ``inputs``: Hypothesis workloads (bursts, ties, tight memory, exact costs);
- ``FAMILIES``: sized workloads for profiling;
- ``validate``, ``describe`` and ``check`` (times compared with a tolerance).

The shared parts live in ``problems/_request_batching.py``; static batching adds no
config key of its own.
"""

import random
from typing import Callable

from hypothesis import strategies as st

from problems import _request_batching as shared

SOURCE = "static-batching"
EXAMPLE = {"requests": [[0.0, 3, 2], [0.5, 1, 1]],
           "config": {"num_blocks": 4, "block_size": 2, "c0": 0.25, "c1": 0.0625, "c2": 0.015625,
                      "max_batch_size": 2}}

check = shared.check
describe = shared.describe


def _no_keys(draw) -> dict:
    return {}


def inputs() -> st.SearchStrategy[dict]:
    """Valid workloads: 0-12 requests three times in four, else up to 40."""
    return shared.workloads(_no_keys)


def _sharegpt(n: int, rng: random.Random) -> dict:
    """ShareGPT-like lengths (lognormal, mean prompt 161, output 338) at 20 requests/s,
    far beyond what batches of 32 can serve: the queue grows and every batch is full.
    Work per request is constant, so every form should grow linearly in n."""
    return shared.sharegpt(n, rng, {})


def _alpaca(n: int, rng: random.Random) -> dict:
    """Alpaca-like short requests (mean prompt 19, output 58) at 200 requests/s: many
    short batches, so the per-batch overhead of the event loop dominates."""
    return shared.alpaca(n, rng, {})



#: Tiny engines: 1-3 blocks of 1-2 tokens, batches of 1-2, exact binary costs.
SCOPE_CONFIGS = [{"num_blocks": b, "block_size": s, **shared.TINY_COSTS, "max_batch_size": m}
                 for b in (1, 2, 3) for s in (1, 2) for m in (1, 2)]
SMALL_SCOPE = shared.small_scope(SCOPE_CONFIGS, bound=20, within="on 12 tiny engines")
size = shared.size

FAMILIES: dict[str, Callable[[int, random.Random], dict]] = {"sharegpt": _sharegpt, "alpaca": _alpaca}


def validate(inp: dict) -> None:
    """Raise InvalidInput, with a one-line message, if ``inp`` breaks the spec's limits."""
    shared.validate(inp, SOURCE, (), EXAMPLE)
