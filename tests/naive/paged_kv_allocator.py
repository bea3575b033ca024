"""A slow, obvious paged KV-cache allocator, written from the spec alone.

No refcount is stored: a block's refcount is recomputed each time by counting the tables
that hold it, and the free queue is a plain list (pop(0) at the head, append at the tail).
"""


class NaiveBlockAllocator:
    def __init__(self, num_blocks, block_size, reuse="fifo"):
        if num_blocks < 0 or block_size < 1 or reuse not in ("fifo", "lifo"):
            raise ValueError("num_blocks >= 0, block_size >= 1, reuse 'fifo' or 'lifo'")
        self.block_size = block_size
        self.reuse = reuse
        self.queue = list(range(num_blocks))
        self.tables = {}
        self.tokens = {}

    def refcount(self, block):
        return sum(table.count(block) for table in self.tables.values())

    def _need(self, tokens):
        blocks = 0
        while blocks * self.block_size < tokens:
            blocks += 1
        return blocks

    def allocate(self, seq_id, num_tokens):
        if seq_id in self.tables or num_tokens < 0:
            raise ValueError(seq_id)
        need = self._need(num_tokens)
        if need > len(self.queue):
            return None
        taken, self.queue = self.queue[:need], self.queue[need:]
        self.tables[seq_id], self.tokens[seq_id] = list(taken), num_tokens
        return list(taken)

    def append(self, seq_id, num_tokens=1):
        if seq_id not in self.tables:
            raise KeyError(seq_id)
        if num_tokens < 0:
            raise ValueError(num_tokens)
        if num_tokens == 0:
            return [], []
        table, tokens = self.tables[seq_id], self.tokens[seq_id]
        partly_filled = len(table) * self.block_size > tokens
        copy = partly_filled and self.refcount(table[-1]) > 1
        fresh = self._need(tokens + num_tokens) - len(table)
        if copy + fresh > len(self.queue):
            return None
        taken, self.queue = self.queue[: copy + fresh], self.queue[copy + fresh:]
        copies = []
        if copy:
            copies.append((table[-1], taken[0]))
            table[-1] = taken[0]  # the old block's refcount falls by itself: one table fewer holds it
        table.extend(taken[copy:])
        self.tokens[seq_id] = tokens + num_tokens
        return list(taken), copies

    def fork(self, parent_id, child_id):
        if parent_id not in self.tables:
            raise KeyError(parent_id)
        if child_id in self.tables:  # includes fork(x, x)
            raise ValueError(child_id)
        self.tables[child_id] = list(self.tables[parent_id])
        self.tokens[child_id] = self.tokens[parent_id]

    def free(self, seq_id):
        if seq_id not in self.tables:
            raise KeyError(seq_id)
        table = self.tables.pop(seq_id)
        del self.tokens[seq_id]
        released = [block for block in reversed(table) if self.refcount(block) == 0]
        if self.reuse == "fifo":
            self.queue = self.queue + released
        else:
            self.queue = released + self.queue

    def block_table(self, seq_id):
        if seq_id not in self.tables:
            raise KeyError(seq_id)
        return list(self.tables[seq_id])

    def num_free(self):
        return len(self.queue)


# -- for the conformance suite: cases.json checked against this oracle where it is fast enough --
ORACLE = NaiveBlockAllocator
ORACLE_LEAST_CASES = 5  # canonical cases it must check, at the least


def affordable(inp: dict) -> bool:
    return len(inp["ops"]) <= 400
