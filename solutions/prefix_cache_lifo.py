"""Prefix cache in vLLM's current free order: the reference forms.

They are ``prefix-cache``'s forms with ``reuse="lifo"``: of the blocks one ``free``
releases, those that hold no cache entry go to the front of the free queue (the
sequence's last block at the head), and the cached ones to the tail, as before. The spec
(problems/prefix_cache_lifo) says which vLLM versions do this and why.
"""

import numpy as np

from solutions.prefix_cache import PrefixCachingAllocator as _FifoAllocator
from solutions.prefix_cache import PrefixCachingAllocatorNumba as _FifoNumbaAllocator
from solutions.prefix_cache import encode
from solutions.prefix_cache import run_stream as _run_stream

__all__ = ["PrefixCachingAllocator", "PrefixCachingAllocatorNumba", "encode", "run_stream", "FORMS", "NOT_APPLICABLE"]


class PrefixCachingAllocator(_FifoAllocator):
    """The ``python`` form, uncached freed blocks to the front."""

    def __init__(self, num_blocks: int, block_size: int) -> None:
        super().__init__(num_blocks, block_size, reuse="lifo")


class PrefixCachingAllocatorNumba(_FifoNumbaAllocator):
    """The ``numba`` form, uncached freed blocks to the front."""

    def __init__(self, num_blocks: int, block_size: int) -> None:
        super().__init__(num_blocks, block_size, reuse="lifo")


def run_stream(init: list[int], encoded: np.ndarray) -> np.ndarray:
    """The batch entry: a whole ``encode(ops)[0]`` stream in one kernel call, rows as in
    solutions/prefix_cache/numba.py."""
    return _run_stream([*init, "lifo"], encoded)


FORMS = {"python": PrefixCachingAllocator, "numba": PrefixCachingAllocatorNumba}
NOT_APPLICABLE: dict[str, str] = {}
