# expect: WA — the paged-kv-allocator order (freed blocks to the tail), submitted to the LIFO problem.
from collections import deque


class BlockAllocator:
    def __init__(self, num_blocks, block_size):
        if num_blocks < 0 or block_size < 1:
            raise ValueError("need num_blocks >= 0 and block_size >= 1")
        self.size = block_size
        self.free_q = deque(range(num_blocks))
        self.ref = {}
        self.seqs = {}  # seq_id -> [tokens, table]

    def _pop(self):
        b = self.free_q.popleft()
        self.ref[b] = 1
        return b

    def allocate(self, seq_id, num_tokens):
        if seq_id in self.seqs or num_tokens < 0:
            raise ValueError(seq_id)
        need = (num_tokens + self.size - 1) // self.size
        if need > len(self.free_q):
            return None
        table = [self._pop() for _ in range(need)]
        self.seqs[seq_id] = [num_tokens, table]
        return list(table)

    def append(self, seq_id, num_tokens=1):
        tokens, table = self.seqs[seq_id]
        if num_tokens < 0:
            raise ValueError(num_tokens)
        if num_tokens == 0:
            return [], []
        fresh = (tokens + num_tokens + self.size - 1) // self.size - len(table)
        cow = tokens % self.size != 0 and self.ref[table[-1]] > 1
        if fresh + cow > len(self.free_q):
            return None
        new, copies = [], []
        if cow:
            dst = self._pop()
            self.ref[table[-1]] -= 1
            copies.append((table[-1], dst))
            table[-1] = dst
            new.append(dst)
        for _ in range(fresh):
            b = self._pop()
            table.append(b)
            new.append(b)
        self.seqs[seq_id][0] = tokens + num_tokens
        return new, copies

    def fork(self, parent_id, child_id):
        tokens, table = self.seqs[parent_id]
        if child_id in self.seqs:
            raise ValueError(child_id)
        for b in table:
            self.ref[b] += 1
        self.seqs[child_id] = [tokens, list(table)]

    def free(self, seq_id):
        _, table = self.seqs.pop(seq_id)
        for b in reversed(table):
            self.ref[b] -= 1
            if self.ref[b] == 0:
                del self.ref[b]
                self.free_q.append(b)

    def block_table(self, seq_id):
        return list(self.seqs[seq_id][1])

    def num_free(self):
        return len(self.free_q)
