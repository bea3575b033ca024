"""The prefix_cache oracle in vLLM's current free order (uncached freed blocks to the front)."""

from functools import partial

from tests.naive.prefix_cache import ORACLE_LEAST_CASES, NaivePrefixCache, affordable  # noqa: F401

# Re-exported for the conformance suite, as the FIFO problem has them.
ORACLE = partial(NaivePrefixCache, reuse="lifo")
