"""Prefix Cache (vLLM v1 automatic prefix caching): the reference forms.

- ``python``: :class:`~solutions.prefix_cache.python.PrefixCachingAllocator`, the
  teaching text (an OrderedDict as the LRU free queue, dicts for the cache);
- ``numba``: :class:`~solutions.prefix_cache.numba.PrefixCachingAllocatorNumba`, the
  same API over jitted kernels (an array-backed doubly linked free list and an
  open-addressing hash table keyed by (parent key id, block tokens)).

The batch entry :func:`run_stream` runs a whole stream built by :func:`encode` in one
kernel call; its encoding is documented in ``solutions/prefix_cache/numba.py``.
"""

from solutions.prefix_cache.numba import PrefixCachingAllocatorNumba, encode, run_stream
from solutions.prefix_cache.python import PrefixCachingAllocator

__all__ = ["PrefixCachingAllocator", "PrefixCachingAllocatorNumba", "encode", "run_stream"]

FORMS = {"python": PrefixCachingAllocator, "numba": PrefixCachingAllocatorNumba}
NOT_APPLICABLE: dict[str, str] = {}
