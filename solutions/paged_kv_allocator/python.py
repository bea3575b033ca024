"""The ``python`` form of the paged KV-cache block allocator: the teaching text.

State, in the words of the spec:

- ``_free``: the free queue, a deque. It starts as 0, 1, ..., num_blocks - 1; taking a
  block pops the head (``popleft``). With ``reuse="fifo"`` (the default) a freed block
  goes to the tail (``append``); with ``reuse="lifo"`` the blocks one ``free`` releases go
  to the front, in the order they were released (``extendleft`` of the reversed list),
  as vLLM's ``prepend_n`` puts them.
  Nothing is ever removed from the middle here, so a deque is all it needs (the
  prefix cache, where a cache hit leaves the middle of the queue, needs a linked list).
- ``_refs[b]``: how many sequences' tables hold block b; 0 exactly when b is queued.
- ``_tables[s]``: sequence s's block table, logical order; ``_tokens[s]`` its token count.
  A table always has ceil(tokens / block_size) entries.

Every operation costs O(1) plus O(blocks it touches): allocate and append O(new
blocks), fork, free and block_table O(table length), num_free O(1).
"""

from __future__ import annotations

from collections import deque


def _blocks_for(num_tokens: int, block_size: int) -> int:
    """ceil(num_tokens / block_size) in integers: the number of blocks num_tokens fill."""
    return -(-num_tokens // block_size)


class BlockAllocator:
    """num_blocks physical blocks of block_size tokens each, shared by many sequences."""

    def __init__(self, num_blocks: int, block_size: int, reuse: str = "fifo") -> None:
        if reuse not in ("fifo", "lifo"):
            raise ValueError(f"reuse is {reuse!r}; pass 'fifo' (freed blocks to the tail) or 'lifo' (to the front)")
        if num_blocks < 0:
            raise ValueError(f"num_blocks is {num_blocks}; pass 0 or more")
        if block_size < 1:
            raise ValueError(f"block_size is {block_size}; pass 1 or more")
        self.block_size = block_size
        self.reuse = reuse
        self._free: deque[int] = deque(range(num_blocks))
        self._refs = [0] * num_blocks
        self._tables: dict[int, list[int]] = {}
        self._tokens: dict[int, int] = {}

    # -- helpers ------------------------------------------------------------------------------

    def _table(self, seq_id: int) -> list[int]:
        try:
            return self._tables[seq_id]
        except KeyError:
            raise KeyError(f"unknown sequence {seq_id!r}; allocate it first") from None

    def _take(self) -> int:
        block = self._free.popleft()
        self._refs[block] = 1
        return block

    # -- the API ------------------------------------------------------------------------------

    def allocate(self, seq_id: int, num_tokens: int) -> list[int] | None:
        """Start seq_id with num_tokens tokens: ceil(num_tokens / block_size) blocks from the head."""
        if seq_id in self._tables:
            raise ValueError(f"sequence {seq_id!r} already exists; free it first or pick a new id")
        if num_tokens < 0:
            raise ValueError(f"num_tokens is {num_tokens}; pass 0 or more")
        need = _blocks_for(num_tokens, self.block_size)
        if need > len(self._free):
            return None
        table = [self._take() for _ in range(need)]
        self._tables[seq_id] = table
        self._tokens[seq_id] = num_tokens
        return list(table)

    def append(self, seq_id: int, num_tokens: int = 1) -> tuple[list[int], list[tuple[int, int]]] | None:
        """Grow seq_id by num_tokens; copy-on-write its last block first if it is partly filled and shared."""
        table = self._table(seq_id)  # KeyError comes before any ValueError
        if num_tokens < 0:
            raise ValueError(f"num_tokens is {num_tokens}; pass 0 or more")
        if num_tokens == 0:
            return [], []
        tokens = self._tokens[seq_id]
        grow = _blocks_for(tokens + num_tokens, self.block_size) - len(table)
        # The next token lands in the last block when it is partly filled; if another
        # sequence shares that block, writing into it would change the other's cache.
        cow = tokens % self.block_size != 0 and self._refs[table[-1]] > 1
        if grow + cow > len(self._free):
            return None  # all or nothing: nothing has changed yet
        new_ids: list[int] = []
        copies: list[tuple[int, int]] = []
        if cow:
            src, dst = table[-1], self._take()  # the copy's dst is taken first
            self._refs[src] -= 1  # was > 1, so it stays in use by the other sequences
            table[-1] = dst
            new_ids.append(dst)
            copies.append((src, dst))
        for _ in range(grow):
            block = self._take()
            table.append(block)
            new_ids.append(block)
        self._tokens[seq_id] = tokens + num_tokens
        return new_ids, copies

    def fork(self, parent_id: int, child_id: int) -> None:
        """child_id shares every block of parent_id; no block is taken."""
        table = self._table(parent_id)
        if child_id == parent_id or child_id in self._tables:
            raise ValueError(f"sequence {child_id!r} already exists; fork into a new id")
        for block in table:
            self._refs[block] += 1
        self._tables[child_id] = list(table)
        self._tokens[child_id] = self._tokens[parent_id]

    def free(self, seq_id: int) -> None:
        """Release seq_id's blocks in reverse logical order; unreferenced ones rejoin the queue."""
        table = self._table(seq_id)
        released = []
        for block in reversed(table):
            self._refs[block] -= 1
            if self._refs[block] == 0:
                released.append(block)
        if self.reuse == "fifo":
            self._free.extend(released)  # to the tail: reused after every block already waiting
        else:
            self._free.extendleft(reversed(released))  # to the front, the last block at the head
        del self._tables[seq_id], self._tokens[seq_id]

    def block_table(self, seq_id: int) -> list[int]:
        return list(self._table(seq_id))

    def num_free(self) -> int:
        return len(self._free)
