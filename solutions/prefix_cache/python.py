"""The ``python`` form: vLLM v1's automatic prefix caching in plain, readable Python.

Three structures carry the whole design:

- ``_free``: the free queue, an ``OrderedDict`` used as a doubly linked list over block
  ids. The head is the least recently used free block and is evicted first; the tail
  is where freed blocks go (with ``reuse="lifo"``, only the cached ones: a freed block
  with no cache entry goes to the front, ``move_to_end(last=False)``). Touching a cached
  free block removes it from the middle, in O(1), which a ``deque`` cannot do.
- ``_cache``: key id -> block, the blocks whose full contents can be reused, and
  ``_block_key``: block -> key id, the other direction, so that taking a block from
  the queue can drop its old entry in O(1).
- ``_key_ids``: (parent key id, block tokens) -> key id. A key names a whole prefix:
  it chains the previous block's key with this block's tokens, so two blocks share
  a key exactly when every token up to their ends is the same. The tokens
  themselves are part of the dictionary key, so a hash collision can never make
  two different prefixes look alike.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field

ROOT = -1  # the parent key of a sequence's first block


@dataclass
class _Seq:
    num_tokens: int = 0
    table: list[int] = field(default_factory=list)  # block ids in logical order
    keys: list[int] = field(default_factory=list)  # key id of each full block
    tail: list[int] = field(default_factory=list)  # tokens of the partly filled last block


class PrefixCachingAllocator:
    """``num_blocks`` blocks of ``block_size`` tokens, with automatic prefix caching."""

    def __init__(self, num_blocks: int, block_size: int, reuse: str = "fifo") -> None:
        if reuse not in ("fifo", "lifo"):
            raise ValueError(f"reuse is {reuse!r}; pass 'fifo' (freed blocks to the tail) or 'lifo' (blocks with "
                             "no cache entry to the front)")
        if num_blocks < 0:
            raise ValueError(f"num_blocks is {num_blocks}; pass 0 or more")
        if block_size < 1:
            raise ValueError(f"block_size is {block_size}; pass 1 or more")
        self._block_size = block_size
        self._reuse = reuse
        self._free: OrderedDict[int, None] = OrderedDict.fromkeys(range(num_blocks))
        self._refcount = [0] * num_blocks
        self._block_key: list[int | None] = [None] * num_blocks
        self._cache: dict[int, int] = {}
        self._key_ids: dict[tuple[int, tuple[int, ...]], int] = {}
        self._seqs: dict[int, _Seq] = {}

    # -- the public API ----------------------------------------------------------------

    def allocate(self, seq_id: int, tokens: list[int]) -> tuple[list[int], int] | None:
        if seq_id in self._seqs:
            raise ValueError(f"seq_id {seq_id} is already allocated; free it first or pick a new id")
        bs, n = self._block_size, len(tokens)
        full, total = n // bs, -(-n // bs)
        keys, parent = [], ROOT
        for i in range(full):
            parent = self._key(parent, tokens[i * bs:(i + 1) * bs])
            keys.append(parent)
        # Hits: leading full blocks already cached, but never the block holding the last
        # token, which the model must compute to produce the next one.
        hits: list[int] = []
        for key in keys[:max(n - 1, 0) // bs]:
            block = self._cache.get(key)
            if block is None:
                break
            hits.append(block)
        need = (total - len(hits)) + sum(1 for b in hits if self._refcount[b] == 0)
        if need > len(self._free):
            return None
        for block in hits:  # touch the hits first: none of them can be evicted below
            if self._refcount[block] == 0:
                del self._free[block]
            self._refcount[block] += 1
        table = hits + [self._pop() for _ in range(total - len(hits))]
        for i in range(len(hits), full):  # then enter the newly full blocks, in order
            self._enter(keys[i], table[i])
        self._seqs[seq_id] = _Seq(n, table, keys, list(tokens[full * bs:]))
        return list(table), len(hits) * bs

    def append(self, seq_id: int, tokens: list[int]) -> list[int] | None:
        seq = self._seq(seq_id)
        if not tokens:
            return []
        bs = self._block_size
        new_total = seq.num_tokens + len(tokens)
        fresh = -(-new_total // bs) - len(seq.table)
        if fresh > len(self._free):
            return None
        new_blocks = [self._pop() for _ in range(fresh)]
        seq.table.extend(new_blocks)
        pending = seq.tail + list(tokens)
        start = 0
        while len(pending) - start >= bs:  # each block that became full, in block order
            parent = seq.keys[-1] if seq.keys else ROOT
            key = self._key(parent, pending[start:start + bs])
            self._enter(key, seq.table[len(seq.keys)])
            seq.keys.append(key)
            start += bs
        seq.tail = pending[start:]
        seq.num_tokens = new_total
        return new_blocks

    def free(self, seq_id: int) -> None:
        seq = self._seq(seq_id)
        del self._seqs[seq_id]
        released = []
        for block in reversed(seq.table):  # the tail block first: it is the least shared
            self._refcount[block] -= 1
            if self._refcount[block] == 0:
                released.append(block)
        if self._reuse == "lifo":  # vLLM >= 0.24: what no prefix can hit is reused first
            fresh = [block for block in released if self._block_key[block] is None]
            for block in reversed(fresh):  # to the front, the last block at the head
                self._free[block] = None
                self._free.move_to_end(block, last=False)
            released = [block for block in released if self._block_key[block] is not None]
        for block in released:
            self._free[block] = None  # keeps its cache entry: reusable until evicted

    def block_table(self, seq_id: int) -> list[int]:
        return list(self._seq(seq_id).table)

    def num_free(self) -> int:
        return len(self._free)

    def cached_blocks(self) -> int:
        return len(self._cache)

    # -- helpers -------------------------------------------------------------------------

    def _seq(self, seq_id: int) -> _Seq:
        try:
            return self._seqs[seq_id]
        except KeyError:
            raise KeyError(f"unknown seq_id {seq_id}; allocate it first") from None

    def _key(self, parent: int, block_tokens: list[int]) -> int:
        """The interned id of (parent key, tokens): equal ids <=> equal whole prefixes."""
        return self._key_ids.setdefault((parent, tuple(block_tokens)), len(self._key_ids))

    def _pop(self) -> int:
        """Take the head of the free queue, evicting the cache entry it still holds."""
        block, _ = self._free.popitem(last=False)
        key = self._block_key[block]
        if key is not None:
            del self._cache[key]
            self._block_key[block] = None
        self._refcount[block] = 1
        return block

    def _enter(self, key: int, block: int) -> None:
        """Cache ``block`` under ``key`` unless another block holds it: the first writer wins."""
        if key not in self._cache:
            self._cache[key] = block
            self._block_key[block] = key
