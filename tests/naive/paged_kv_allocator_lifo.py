"""The paged_kv_allocator oracle in vLLM's current free order (uncached freed blocks to the front)."""

from functools import partial

from tests.naive.paged_kv_allocator import ORACLE_LEAST_CASES, NaiveBlockAllocator, affordable  # noqa: F401

# Re-exported for the conformance suite, as the FIFO problem has them.
ORACLE = partial(NaiveBlockAllocator, reuse="lifo")
