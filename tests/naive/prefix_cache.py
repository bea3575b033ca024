"""A slow, obvious model of the prefix cache, written apart from the reference forms.

Everything is recomputed from the plainest state there is: the free queue is a list
(``list.remove`` from the middle), a cache key is the *whole* token prefix up to a
block's end (a tuple, so no chaining and no interning), and a refcount is counted
afresh from the block tables every time it is needed.
"""

from __future__ import annotations


class NaivePrefixCache:
    def __init__(self, num_blocks: int, block_size: int, reuse: str = "fifo") -> None:
        if num_blocks < 0 or block_size < 1 or reuse not in ("fifo", "lifo"):
            raise ValueError("num_blocks >= 0, block_size >= 1, reuse 'fifo' or 'lifo'")
        self.bs = block_size
        self.reuse = reuse
        self.queue = list(range(num_blocks))
        self.cache: dict[tuple[int, ...], int] = {}  # whole prefix -> block
        self.tokens: dict[int, list[int]] = {}
        self.tables: dict[int, list[int]] = {}

    def refcount(self, block: int) -> int:
        return sum(table.count(block) for table in self.tables.values())

    def _take(self) -> int:
        block = self.queue.pop(0)
        for prefix in [p for p, b in self.cache.items() if b == block]:
            del self.cache[prefix]
        return block

    def _enter_full_blocks(self, seq: int, first: int) -> None:
        tokens, table = self.tokens[seq], self.tables[seq]
        for i in range(first, len(tokens) // self.bs):
            prefix = tuple(tokens[:(i + 1) * self.bs])
            if prefix not in self.cache:
                self.cache[prefix] = table[i]

    def allocate(self, seq: int, tokens: list[int]):
        if seq in self.tables:
            raise ValueError(seq)
        n, bs = len(tokens), self.bs
        hits = []
        for i in range(max(n - 1, 0) // bs):
            prefix = tuple(tokens[:(i + 1) * bs])
            if prefix not in self.cache:
                break
            hits.append(self.cache[prefix])
        blocks = (n + bs - 1) // bs
        idle = [b for b in hits if self.refcount(b) == 0]
        if blocks - len(hits) + len(idle) > len(self.queue):
            return None
        for b in idle:
            self.queue.remove(b)
        table = hits + [self._take() for _ in range(blocks - len(hits))]
        self.tokens[seq], self.tables[seq] = list(tokens), table
        self._enter_full_blocks(seq, len(hits))
        return list(table), len(hits) * bs

    def append(self, seq: int, tokens: list[int]):
        if seq not in self.tables:
            raise KeyError(seq)
        old = len(self.tokens[seq])
        new_blocks = (old + len(tokens) + self.bs - 1) // self.bs - len(self.tables[seq])
        if new_blocks > len(self.queue):
            return None
        fresh = [self._take() for _ in range(new_blocks)]
        self.tables[seq] += fresh
        self.tokens[seq] += tokens
        self._enter_full_blocks(seq, old // self.bs)
        return fresh

    def free(self, seq: int) -> None:
        if seq not in self.tables:
            raise KeyError(seq)
        table = self.tables.pop(seq)
        del self.tokens[seq]
        held = list(table)
        released = []
        for b in reversed(table):
            held.remove(b)
            if self.refcount(b) == 0 and b not in held:
                released.append(b)
        cached = [b for b in released if b in self.cache.values()]
        if self.reuse == "fifo":
            self.queue = self.queue + released
        else:
            self.queue = [b for b in released if b not in cached] + self.queue + cached

    def block_table(self, seq: int) -> list[int]:
        if seq not in self.tables:
            raise KeyError(seq)
        return list(self.tables[seq])

    def num_free(self) -> int:
        return len(self.queue)

    def cached_blocks(self) -> int:
        return len(self.cache)


# -- for the conformance suite: cases.json checked against this oracle where it is fast enough --
ORACLE = NaivePrefixCache
ORACLE_LEAST_CASES = 5  # canonical cases it must check, at the least


def affordable(inp: dict) -> bool:
    return len(inp["ops"]) <= 400
