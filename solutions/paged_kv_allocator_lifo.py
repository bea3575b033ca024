"""Paged KV-cache block allocator in vLLM's current free order: the reference forms.

They are ``paged-kv-allocator``'s forms with ``reuse="lifo"``: the blocks one ``free``
releases go to the front of the free queue, the sequence's last block at the head, so
the next allocation takes them first. The spec (problems/paged_kv_allocator_lifo)
says which vLLM versions do this and why.
"""

import numpy as np

from solutions.paged_kv_allocator import BlockAllocator as _FifoAllocator
from solutions.paged_kv_allocator import NumbaBlockAllocator as _FifoNumbaAllocator
from solutions.paged_kv_allocator import encode
from solutions.paged_kv_allocator import run_stream as _run_stream

__all__ = ["BlockAllocator", "NumbaBlockAllocator", "encode", "run_stream", "FORMS", "NOT_APPLICABLE"]


class BlockAllocator(_FifoAllocator):
    """The ``python`` form, freed blocks to the front."""

    def __init__(self, num_blocks: int, block_size: int) -> None:
        super().__init__(num_blocks, block_size, reuse="lifo")


class NumbaBlockAllocator(_FifoNumbaAllocator):
    """The ``numba`` form, freed blocks to the front."""

    def __init__(self, num_blocks: int, block_size: int, **capacity: int) -> None:
        super().__init__(num_blocks, block_size, "lifo", **capacity)


def run_stream(init: list, encoded_ops: np.ndarray) -> np.ndarray:
    """The batch entry: a whole ``encode(ops)`` stream on a fresh ``BlockAllocator(*init)``
    in one kernel call, rows as in solutions/paged_kv_allocator/numba.py."""
    return _run_stream([*init, "lifo"], encoded_ops)


FORMS = {"python": BlockAllocator, "numba": NumbaBlockAllocator}
NOT_APPLICABLE: dict[str, str] = {}
