# expect: WA — every freed block goes to the front, cached ones too, so common prefixes are evicted first.
class PrefixCachingAllocator:
    def __init__(self, num_blocks, block_size):
        if num_blocks < 0 or block_size < 1:
            raise ValueError("num_blocks >= 0 and block_size >= 1")
        self.bs = block_size
        self.prev = {b: b - 1 for b in range(num_blocks)}
        self.next = {b: b + 1 for b in range(num_blocks)}
        self.head = 0 if num_blocks else -1
        self.tail = num_blocks - 1
        if num_blocks:
            self.next[num_blocks - 1] = -1
        self.size = num_blocks
        self.ref = [0] * num_blocks
        self.holds = {}  # block -> key id
        self.cache = {}  # key id -> block
        self.ids = {}  # (parent id, tokens) -> key id
        self.seqs = {}  # seq id -> [length, table, keys, tail tokens]

    def _unlink(self, b):
        p, n = self.prev.pop(b), self.next.pop(b)
        if p == -1:
            self.head = n
        else:
            self.next[p] = n
        if n == -1:
            self.tail = p
        else:
            self.prev[n] = p
        self.size -= 1

    def _push(self, b):
        self.prev[b], self.next[b] = self.tail, -1
        if self.tail == -1:
            self.head = b
        else:
            self.next[self.tail] = b
        self.tail = b
        self.size += 1

    def _push_front(self, b):
        self.prev[b], self.next[b] = -1, self.head
        if self.head == -1:
            self.tail = b
        else:
            self.prev[self.head] = b
        self.head = b
        self.size += 1

    def _pop(self):
        b = self.head
        self._unlink(b)
        if b in self.holds:
            del self.cache[self.holds.pop(b)]
        self.ref[b] = 1
        return b

    def _id(self, parent, toks):
        return self.ids.setdefault((parent, tuple(toks)), len(self.ids))

    def _enter(self, key, b):
        if key not in self.cache:
            self.cache[key] = b
            self.holds[b] = key

    def allocate(self, seq_id, tokens):
        if seq_id in self.seqs:
            raise ValueError(seq_id)
        bs, n = self.bs, len(tokens)
        keys, parent = [], -1
        for i in range(n // bs):
            parent = self._id(parent, tokens[i * bs:(i + 1) * bs])
            keys.append(parent)
        hits = []
        for i in range((n - 1) // bs if n else 0):
            if keys[i] not in self.cache:
                break
            hits.append(self.cache[keys[i]])
        blocks = (n + bs - 1) // bs
        if blocks - len(hits) + sum(self.ref[b] == 0 for b in hits) > self.size:
            return None
        for b in hits:
            if self.ref[b] == 0:
                self._unlink(b)
            self.ref[b] += 1
        table = hits + [self._pop() for _ in range(blocks - len(hits))]
        for i in range(len(hits), len(keys)):
            self._enter(keys[i], table[i])
        self.seqs[seq_id] = [n, table, keys, list(tokens[len(keys) * bs:])]
        return table[:], len(hits) * bs

    def append(self, seq_id, tokens):
        if seq_id not in self.seqs:
            raise KeyError(seq_id)
        seq = self.seqs[seq_id]
        n, table, keys, tail = seq
        new = (n + len(tokens) + self.bs - 1) // self.bs - len(table)
        if new > self.size:
            return None
        fresh = [self._pop() for _ in range(new)]
        table += fresh
        for t in tokens:
            tail.append(t)
            if len(tail) == self.bs:
                key = self._id(keys[-1] if keys else -1, tail)
                self._enter(key, table[len(keys)])
                keys.append(key)
                tail.clear()
        seq[0] = n + len(tokens)
        return fresh

    def free(self, seq_id):
        if seq_id not in self.seqs:
            raise KeyError(seq_id)
        table = self.seqs.pop(seq_id)[1]
        front = []
        for b in reversed(table):
            self.ref[b] -= 1
            if self.ref[b] == 0:
                front.append(b)
        for b in reversed(front):
            self._push_front(b)  # cached blocks too: they are reused, and evicted, first

    def block_table(self, seq_id):
        if seq_id not in self.seqs:
            raise KeyError(seq_id)
        return self.seqs[seq_id][1][:]

    def num_free(self):
        return self.size

    def cached_blocks(self):
        return len(self.cache)
