"""Paged KV-cache block allocator (vLLM's PagedAttention block manager): the reference forms.

- ``python``  (python.py) a deque for the free queue, a dict of block tables, a list of
  refcounts: the readable form, the teaching text;
- ``numba``   (numba.py) the same semantics over O(num_blocks + max_seqs) arrays (a
  ring-buffer free queue, and the tables as a forest of per-block ``prev`` links with
  per-sequence ends), in jitted kernels behind a class with the same API, plus
  ``run_stream``, a batch entry that replays a whole encoded stream in one kernel call.

Both take the free order as a constructor option: ``reuse="fifo"`` (freed blocks to the
tail, this problem) or ``reuse="lifo"`` (to the front, vLLM 0.24+; the problem
``paged-kv-allocator-lifo``).
"""

from solutions.paged_kv_allocator.numba import CapacityError, NumbaBlockAllocator, encode, run_stream
from solutions.paged_kv_allocator.python import BlockAllocator

__all__ = ["BlockAllocator", "NumbaBlockAllocator", "CapacityError", "encode", "run_stream", "FORMS",
           "NOT_APPLICABLE"]

FORMS = {"python": BlockAllocator, "numba": NumbaBlockAllocator}
NOT_APPLICABLE: dict[str, str] = {}
