"""The ``numba`` form: the same semantics over arrays, in private jitted kernels.

The state is nine arrays; every kernel takes the ones it needs, always in this order:

``st``        int64[7]: head and tail of the free queue, free blocks, cache entries,
              live keys, the head of the list of unused key ids, and the key ids
              handed out so far.
``blk``       int64[num_blocks, 4]: per block NXT and PRV (the free queue as an
              array-backed doubly linked list, -1 at the ends, so a touched block
              leaves the middle in O(1)), REF (refcount; in the queue iff 0) and
              BKEY (the key id of the cache entry it holds, or -1).
``key_meta``  int64[K, 4]: per key its PARENT key id, HASH (the uint64 hash, stored as
              int64 bits), BLOCK (the cached block, or -1: this column *is* the cache)
              and KREF (its references; -1 for an unused id, whose PARENT then links
              the list of unused ids).
``key_tok``   int32[K, block_size]: the key's block tokens.
``slots``     int64[2K]: an open-addressing hash table (linear probing, at most half
              full) from (parent key id, block tokens) to key id. A probe compares the
              hash, the parent and every token, so colliding hashes cost time, never a
              wrong answer.
``seq_meta``  int64[S, 2]: per sequence slot LEN (tokens; -1 when the slot is not
              live) and NBLK (blocks in its table).
``table``     int64[S, C]: the block tables.
``seq_keys``  int64[S, C]: the key id of each full block, to chain the next key.
``tail``      int32[S, block_size]: the tokens of the partly filled last block.

**Keys live while something refers to them.** A key names a whole prefix through its
parent's id, so an id may be reused only when nothing can reach it. KREF counts a
key's children, the live sequences that hold it, and its cache entry; a key whose
count falls to 0 leaves the table (backward-shift deletion, so no tombstones) and
releases its parent in turn. The table then holds about as many keys as there are
cached and live blocks, rather than every block ever written: at the end of the
10^6-call benchmark stream, 3,337 keys instead of 170,696, which keeps it in cache (a
lookup measured 150-440 ns in a 170,000-key table here, 36-45 ns in a 4,000-key one).
The python form keeps every key forever; no call can tell, and it is simpler to read.

Kernels are compiled with ``jit_inplace`` (no reference counting: see
``solutions/_jit.py``), return status codes and never raise. The helpers are inlined
into :func:`_run` (``inline="always"``), because a call that passes a dozen arrays
copies a dozen array structs: inlining took the benchmark stream from 30 to 25 ms.
The one interpreter, :func:`_run`, serves both the batch entry :func:`run_stream` and
the class :class:`PrefixCachingAllocatorNumba`, which runs each call as a
one-operation stream.
The arrays start small; before an operation changes anything, ``_run`` checks that it
has room (rows, table columns, keys) and otherwise stops with ``NEED_*`` and the size
it needs, and :class:`_State` grows the arrays and resumes at that operation.

Encoding (int32): every operation is ``opcode, seq, n`` followed by ``n`` tokens;
``n`` is 0 for the operations that take no tokens. ``seq`` is a dense index
0..S-1 (``encode`` maps the user's seq ids in order of first appearance) or 0 when
unused. Opcodes: 0 allocate, 1 append, 2 free, 3 num_free, 4 block_table,
5 cached_blocks.

Results (int64, one row per operation): column 0 is the answer's code, column 1 a
checksum of the block ids it returned, sum over j of (j + 1) * (id + 1), or 0.

==============  ===========================================  ==========
operation       column 0                                     column 1
==============  ===========================================  ==========
allocate        cached tokens, -1 for None, -3 ValueError    the table
append          new blocks, -1 for None, -2 KeyError         new blocks
free            0, or -2 KeyError                            0
num_free        the count                                    0
block_table     the table's length, or -2 KeyError           the table
cached_blocks   the count                                    0
==============  ===========================================  ==========
"""

from __future__ import annotations

import numpy as np

from solutions._jit import jit_inplace

ALLOCATE, APPEND, FREE, NUM_FREE, BLOCK_TABLE, CACHED_BLOCKS = range(6)
OPCODES = {"allocate": ALLOCATE, "append": APPEND, "free": FREE, "num_free": NUM_FREE,
           "block_table": BLOCK_TABLE, "cached_blocks": CACHED_BLOCKS}
NONE, KEY_ERROR, VALUE_ERROR = -1, -2, -3
DONE, MALFORMED, NEED_ROWS, NEED_COLUMNS, NEED_KEYS = range(5)  # what _run stopped on
HEAD, TAIL, NFREE, NCACHED, NKEYS, KFREE, KHIGH = range(7)  # st
NXT, PRV, REF, BKEY = range(4)  # blk columns
PARENT, HASH, BLOCK, KREF = range(4)  # key_meta columns
LEN, NBLK = range(2)  # seq_meta columns
ROOT = -1  # the parent key of a sequence's first block
TOKEN_MAX = 2**31 - 1
#: The sequence tables may grow to this size; past it, run_stream refuses the stream.
MAX_TABLE_BYTES = 2**31
FIRST_KEYS = 1024  # key capacity to start with; it doubles on demand
#: Where a freed block goes: ``fifo`` to the tail; ``lifo`` to the front when it holds no
#: cache entry (cached blocks still go to the tail). See the spec for which vLLM does which.
REUSE_ORDERS = ("fifo", "lifo")

_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_FNV = np.uint64(0x100000001B3)
_SHIFT = np.uint64(31)


# -- the free queue: an array-backed doubly linked list -----------------------------------

@jit_inplace(inline="always")
def _q_remove(st, blk, b):
    p, n = blk[b, PRV], blk[b, NXT]
    if p < 0:
        st[HEAD] = n
    else:
        blk[p, NXT] = n
    if n < 0:
        st[TAIL] = p
    else:
        blk[n, PRV] = p
    st[NFREE] -= 1


@jit_inplace(inline="always")
def _q_push_front(st, blk, b):
    h = st[HEAD]
    blk[b, NXT] = h
    blk[b, PRV] = -1
    if h < 0:
        st[TAIL] = b
    else:
        blk[h, PRV] = b
    st[HEAD] = b
    st[NFREE] += 1


@jit_inplace(inline="always")
def _q_push(st, blk, b):
    t = st[TAIL]
    blk[b, PRV] = t
    blk[b, NXT] = -1
    if t < 0:
        st[HEAD] = b
    else:
        blk[t, NXT] = b
    st[TAIL] = b
    st[NFREE] += 1


# -- the keys: (parent key id, block tokens) -> key id, reference counted ------------------

@jit_inplace(inline="always")
def _hash(parent, toks, start, bs):
    h = np.uint64(parent + 1) * _GOLDEN
    for j in range(bs):
        h = (h ^ np.uint64(toks[start + j])) * _FNV
    return h ^ (h >> _SHIFT)


@jit_inplace(inline="always")
def _probe(key_meta, key_tok, slots, parent, toks, start, bs, h):
    """The slot that holds the key (parent, toks[start:start+bs]), or the empty slot where it would go."""
    bits = np.int64(h)
    mask = slots.shape[0] - 1
    i = np.int64(h & np.uint64(mask))
    while True:
        k = slots[i]
        if k < 0:
            return i
        if key_meta[k, HASH] == bits and key_meta[k, PARENT] == parent:
            same = True
            for j in range(bs):
                if key_tok[k, j] != toks[start + j]:
                    same = False
                    break
            if same:
                return i
        i = (i + 1) & mask


@jit_inplace(inline="always")
def _find(key_meta, key_tok, slots, parent, toks, start, bs):
    """The key id of (parent, toks[start:start+bs]), or -1 if it is not in the table."""
    return slots[_probe(key_meta, key_tok, slots, parent, toks, start, bs, _hash(parent, toks, start, bs))]


@jit_inplace(inline="always")
def _intern(st, key_meta, key_tok, slots, parent, toks, start, bs):
    """The key id of (parent, toks[start:start+bs]), made if new, with one more reference.
    The caller has made room (NEED_KEYS) and holds a reference to ``parent``."""
    h = _hash(parent, toks, start, bs)
    i = _probe(key_meta, key_tok, slots, parent, toks, start, bs, h)
    k = slots[i]
    if k < 0:
        k = st[KFREE]
        if k >= 0:
            st[KFREE] = key_meta[k, PARENT]
        else:
            k = st[KHIGH]
            st[KHIGH] = k + 1
        key_meta[k, PARENT] = parent
        key_meta[k, HASH] = np.int64(h)
        key_meta[k, BLOCK] = -1
        key_meta[k, KREF] = 0
        for j in range(bs):
            key_tok[k, j] = toks[start + j]
        slots[i] = k
        st[NKEYS] += 1
        if parent >= 0:
            key_meta[parent, KREF] += 1
    key_meta[k, KREF] += 1
    return k


@jit_inplace(inline="always")
def _unlink(key_meta, slots, k):
    """Take key k out of the table. Backward-shift deletion: each later key of the run
    moves into the hole unless its home slot lies between the hole and itself."""
    mask = slots.shape[0] - 1
    i = np.int64(np.uint64(key_meta[k, HASH]) & np.uint64(mask))
    while slots[i] != k:
        i = (i + 1) & mask
    j = i
    while True:
        j = (j + 1) & mask
        m = slots[j]
        if m < 0:
            break
        home = np.int64(np.uint64(key_meta[m, HASH]) & np.uint64(mask))
        if ((j - home) & mask) >= ((j - i) & mask):
            slots[i] = m
            i = j
    slots[i] = -1


@jit_inplace(inline="always")
def _release(st, key_meta, slots, k):
    """Drop one reference to key k. A key left with none leaves the table, its id goes to
    the list of unused ids, and its parent loses a reference in turn."""
    while k >= 0:
        key_meta[k, KREF] -= 1
        if key_meta[k, KREF] > 0:
            return
        _unlink(key_meta, slots, k)
        parent = key_meta[k, PARENT]
        key_meta[k, PARENT] = st[KFREE]
        key_meta[k, KREF] = -1
        st[KFREE] = k
        st[NKEYS] -= 1
        k = parent


@jit_inplace
def _rehash(st, key_meta, slots):
    """Fill an empty ``slots`` with every live key: after the key arrays grow."""
    mask = slots.shape[0] - 1
    for k in range(st[KHIGH]):
        if key_meta[k, KREF] >= 0:
            i = np.int64(np.uint64(key_meta[k, HASH]) & np.uint64(mask))
            while slots[i] >= 0:
                i = (i + 1) & mask
            slots[i] = k


# -- the cache ------------------------------------------------------------------------------

@jit_inplace(inline="always")
def _pop_head(st, blk, key_meta, slots):
    """Take the head block with refcount 1, evicting the cache entry it still holds."""
    b = st[HEAD]
    _q_remove(st, blk, b)
    k = blk[b, BKEY]
    if k >= 0:
        blk[b, BKEY] = -1
        key_meta[k, BLOCK] = -1
        st[NCACHED] -= 1
        _release(st, key_meta, slots, k)
    blk[b, REF] = 1
    return b


@jit_inplace(inline="always")
def _enter(st, blk, key_meta, k, b):
    """Cache block b under key k unless k is cached already: the first writer wins."""
    if key_meta[k, BLOCK] < 0:
        key_meta[k, BLOCK] = b
        key_meta[k, KREF] += 1
        blk[b, BKEY] = k
        st[NCACHED] += 1


# -- the operations -------------------------------------------------------------------------

@jit_inplace(inline="always")
def _allocate(st, blk, key_meta, key_tok, slots, seq_meta, table, seq_keys, tail, s, toks, start, n):
    """Code: cached tokens, or -1 (None, nothing changed). Slot s is not live, and _run has
    made room for its table and keys."""
    bs = tail.shape[1]
    full = n // bs
    total = (n + bs - 1) // bs
    cap = (n - 1) // bs if n > 0 else 0  # the block holding the last token is never a hit
    # The hits, found without changing anything: seq_keys[s] is scratch until the call
    # succeeds. They end at the first key that is not in the table or not cached.
    parent = ROOT
    hits = 0
    idle_hits = 0  # hits with refcount 0: they sit in the free queue
    while hits < cap:
        k = _find(key_meta, key_tok, slots, parent, toks, start + hits * bs, bs)
        if k < 0 or key_meta[k, BLOCK] < 0:
            break
        if blk[key_meta[k, BLOCK], REF] == 0:
            idle_hits += 1
        seq_keys[s, hits] = k
        parent = k
        hits += 1
    if total - hits + idle_hits > st[NFREE]:
        return NONE
    for i in range(hits):  # touch every hit before any fresh block is popped
        k = seq_keys[s, i]
        key_meta[k, KREF] += 1
        b = key_meta[k, BLOCK]
        if blk[b, REF] == 0:
            _q_remove(st, blk, b)
        blk[b, REF] += 1
        table[s, i] = b
    for i in range(hits, full):
        parent = _intern(st, key_meta, key_tok, slots, parent, toks, start + i * bs, bs)
        seq_keys[s, i] = parent
    for i in range(hits, total):
        table[s, i] = _pop_head(st, blk, key_meta, slots)
    for i in range(hits, full):  # then enter the newly full blocks, in block order
        _enter(st, blk, key_meta, seq_keys[s, i], table[s, i])
    for j in range(n - full * bs):
        tail[s, j] = toks[start + full * bs + j]
    seq_meta[s, LEN] = n
    seq_meta[s, NBLK] = total
    return hits * bs


@jit_inplace(inline="always")
def _append(st, blk, key_meta, key_tok, slots, seq_meta, table, seq_keys, tail, s, toks, start, m):
    """Code: the number of new blocks. Slot s is live, the free blocks suffice, and _run
    has made room for its table and keys."""
    bs = tail.shape[1]
    old_len = seq_meta[s, LEN]
    old_nblk = seq_meta[s, NBLK]
    new_len = old_len + m
    new_nblk = (new_len + bs - 1) // bs
    for i in range(old_nblk, new_nblk):
        table[s, i] = _pop_head(st, blk, key_meta, slots)
    row = tail[s]
    i = old_len // bs  # the block being filled
    fill = old_len - i * bs
    for j in range(m):
        row[fill] = toks[start + j]
        fill += 1
        if fill == bs:  # the block became full: enter it, after all the pops above
            parent = seq_keys[s, i - 1] if i > 0 else ROOT
            k = _intern(st, key_meta, key_tok, slots, parent, row, 0, bs)
            seq_keys[s, i] = k
            _enter(st, blk, key_meta, k, table[s, i])
            i += 1
            fill = 0
    seq_meta[s, LEN] = new_len
    seq_meta[s, NBLK] = new_nblk
    return new_nblk - old_nblk


@jit_inplace(inline="always")
def _free(st, blk, key_meta, slots, seq_meta, table, seq_keys, bs, s, lifo):
    """Release the blocks tail first (a block whose refcount reaches 0 joins the tail of
    the queue, keeping its cache entry), then the sequence's keys. With ``lifo``, the
    released blocks that hold no cache entry go to the front instead, last block at the
    head: pushed one by one to the front in logical order, after the tail pass."""
    for i in range(seq_meta[s, NBLK] - 1, -1, -1):
        b = table[s, i]
        blk[b, REF] -= 1
        if blk[b, REF] == 0 and (not lifo or blk[b, BKEY] >= 0):
            _q_push(st, blk, b)
    if lifo:
        for i in range(seq_meta[s, NBLK]):
            b = table[s, i]
            if blk[b, REF] == 0 and blk[b, BKEY] < 0:  # released just now: it was in this table
                _q_push_front(st, blk, b)
    for i in range(seq_meta[s, LEN] // bs):
        _release(st, key_meta, slots, seq_keys[s, i])
    seq_meta[s, LEN] = -1
    seq_meta[s, NBLK] = 0


@jit_inplace(inline="always")
def _checksum(table, s, lo, hi):
    total = 0
    for i in range(lo, hi):
        total += (i - lo + 1) * (table[s, i] + 1)
    return total


@jit_inplace
def _run(st, blk, key_meta, key_tok, slots, seq_meta, table, seq_keys, tail, lifo, enc, pos, op, results):
    """Run enc's operations from ``pos``, writing their results from row ``op``.

    Returns (status, pos, op, need): DONE at the end of the stream; MALFORMED at an
    operation whose framing is wrong; or NEED_ROWS / NEED_COLUMNS / NEED_KEYS at an
    operation that needs bigger arrays (``need`` rows, columns or keys), with nothing
    of that operation done, so the caller can grow the arrays and resume there."""
    bs = tail.shape[1]
    rows, columns, key_room = seq_meta.shape[0], table.shape[1], key_meta.shape[0]
    end = enc.shape[0]
    while pos < end:
        if pos + 3 > end:
            return MALFORMED, pos, op, 0
        code, s, n = enc[pos], enc[pos + 1], enc[pos + 2]
        start = pos + 3
        if code < ALLOCATE or code > CACHED_BLOCKS or s < 0 or n < 0 or n > end - start:
            return MALFORMED, pos, op, 0
        live = s < rows and seq_meta[s, LEN] >= 0
        value, check = 0, 0
        if code == APPEND:
            if not live:
                value = KEY_ERROR
            elif 0 < seq_meta[s, LEN] % bs and seq_meta[s, LEN] % bs + n < bs:
                # The tokens fit in the partly filled last block without filling it: no
                # block moves and no key is made. That is most decode steps, and taking
                # them here, before _append's general path, saved 6 of the stream's 32 ms.
                fill = seq_meta[s, LEN] % bs
                for j in range(n):
                    tail[s, fill + j] = enc[start + j]
                seq_meta[s, LEN] += n
            else:
                length, nblk = seq_meta[s, LEN], seq_meta[s, NBLK]
                new_nblk = (length + n + bs - 1) // bs
                if new_nblk - nblk > st[NFREE]:
                    value = NONE
                else:
                    if new_nblk > columns:
                        return NEED_COLUMNS, pos, op, new_nblk
                    keys = st[NKEYS] + (length % bs + n) // bs  # the blocks that become full
                    if keys > key_room:
                        return NEED_KEYS, pos, op, keys
                    value = _append(st, blk, key_meta, key_tok, slots, seq_meta, table, seq_keys, tail,
                                    s, enc, start, n)
                    check = _checksum(table, s, nblk, new_nblk)
        elif code == ALLOCATE:
            total = (n + bs - 1) // bs
            if s >= rows:
                return NEED_ROWS, pos, op, s + 1
            if live:
                value = VALUE_ERROR
            elif total > blk.shape[0]:  # a table holds distinct blocks: this can never fit
                value = NONE
            else:
                if total > columns:
                    return NEED_COLUMNS, pos, op, total
                keys = st[NKEYS] + n // bs
                if keys > key_room:
                    return NEED_KEYS, pos, op, keys
                value = _allocate(st, blk, key_meta, key_tok, slots, seq_meta, table, seq_keys, tail,
                                  s, enc, start, n)
                if value >= 0:
                    check = _checksum(table, s, 0, total)
        elif code == FREE:
            if live:
                _free(st, blk, key_meta, slots, seq_meta, table, seq_keys, bs, s, lifo)
            else:
                value = KEY_ERROR
        elif code == NUM_FREE:
            value = st[NFREE]
        elif code == BLOCK_TABLE:
            if live:
                value = seq_meta[s, NBLK]
                check = _checksum(table, s, 0, value)
            else:
                value = KEY_ERROR
        else:
            value = st[NCACHED]
        results[op, 0] = value
        results[op, 1] = check
        op += 1
        pos = start + n
    return DONE, pos, op, 0


# -- the arrays, and how they grow ----------------------------------------------------------

def _check_sizes(num_blocks: object, block_size: object, reuse: object = "fifo") -> None:
    if reuse not in REUSE_ORDERS:
        raise ValueError(f"reuse is {reuse!r}; pass 'fifo' (freed blocks to the tail) or 'lifo' (blocks with "
                         "no cache entry to the front)")
    for name, value in (("num_blocks", num_blocks), ("block_size", block_size)):
        if type(value) is not int:
            raise TypeError(f"{name} is {type(value).__name__} {value!r}, not int; pass a whole number")
    if num_blocks < 0:
        raise ValueError(f"num_blocks is {num_blocks}; pass 0 or more")
    if block_size < 1:
        raise ValueError(f"block_size is {block_size}; pass 1 or more")


class _State:
    """The nine arrays, grown when :func:`_run` asks for room: rows and columns double
    (columns never past num_blocks), and so does the key capacity, with a rehash."""

    def __init__(self, num_blocks: int, block_size: int, rows: int, columns: int, lifo: bool = False) -> None:
        self.num_blocks, self.block_size, self.lifo = num_blocks, block_size, lifo
        self.st = np.zeros(7, dtype=np.int64)
        self.blk = np.zeros((num_blocks, 4), dtype=np.int64)
        self.blk[:, NXT] = np.arange(1, num_blocks + 1)
        self.blk[:, PRV] = np.arange(-1, num_blocks - 1)
        self.blk[:, BKEY] = -1
        if num_blocks:
            self.blk[-1, NXT] = -1
        self.st[HEAD], self.st[TAIL], self.st[NFREE] = (0, num_blocks - 1, num_blocks) if num_blocks else (-1, -1, 0)
        self.st[KFREE] = -1
        self.key_meta = np.zeros((0, 4), dtype=np.int64)
        self.key_tok = np.zeros((0, block_size), dtype=np.int32)
        self.slots = np.full(0, -1, dtype=np.int64)
        self._resize_keys(FIRST_KEYS)
        self.seq_meta = np.full((0, 2), -1, dtype=np.int64)
        self.table = self.seq_keys = np.zeros((0, 0), dtype=np.int64)
        self.tail = np.zeros((0, block_size), dtype=np.int32)
        self._resize_seqs(rows, columns)

    def run(self, enc: np.ndarray, results: np.ndarray) -> int:
        """Run the whole stream, growing the arrays as asked; return the number of operations."""
        pos = op = 0
        while True:
            status, pos, op, need = _run(self.st, self.blk, self.key_meta, self.key_tok, self.slots,
                                         self.seq_meta, self.table, self.seq_keys, self.tail, self.lifo, enc, pos, op,
                                         results)
            if status == DONE:
                return op
            if status == MALFORMED:
                raise ValueError(f"the stream is malformed at position {pos}; build it with encode()")
            if status == NEED_ROWS:
                self._resize_seqs(max(need, 2 * len(self.seq_meta)), self.table.shape[1])
            elif status == NEED_COLUMNS:
                wider = min(max(need, 2 * self.table.shape[1]), self.num_blocks)
                self._resize_seqs(len(self.seq_meta), wider)
            else:
                capacity = len(self.key_meta)
                while capacity < need:
                    capacity *= 2
                self._resize_keys(capacity)

    def _resize_seqs(self, rows: int, columns: int) -> None:
        table_bytes = rows * columns * 16  # table and seq_keys, int64 each
        if table_bytes > MAX_TABLE_BYTES:
            raise ValueError(f"the tables need {rows} seqs x {columns} blocks = {table_bytes} bytes, above "
                             f"{MAX_TABLE_BYTES}; reuse freed seq ids or split the stream")
        have_rows, have_columns = self.table.shape
        seq_meta = np.full((rows, 2), -1, dtype=np.int64)
        seq_meta[:have_rows] = self.seq_meta
        seq_meta[have_rows:, NBLK] = 0
        table, seq_keys = np.zeros((rows, columns), dtype=np.int64), np.zeros((rows, columns), dtype=np.int64)
        table[:have_rows, :have_columns], seq_keys[:have_rows, :have_columns] = self.table, self.seq_keys
        tail = np.zeros((rows, self.block_size), dtype=np.int32)
        tail[:have_rows] = self.tail
        self.seq_meta, self.table, self.seq_keys, self.tail = seq_meta, table, seq_keys, tail

    def _resize_keys(self, capacity: int) -> None:
        used = int(self.st[KHIGH])  # ids past this were never handed out
        key_meta = np.zeros((capacity, 4), dtype=np.int64)
        key_tok = np.zeros((capacity, self.block_size), dtype=np.int32)
        key_meta[:used], key_tok[:used] = self.key_meta[:used], self.key_tok[:used]
        self.key_meta, self.key_tok = key_meta, key_tok
        self.slots = np.full(2 * capacity, -1, dtype=np.int64)  # at most half full
        _rehash(self.st, self.key_meta, self.slots)


# -- the class: each call is a one-operation stream ------------------------------------------

def _as_tokens(tokens: object) -> np.ndarray:
    if not isinstance(tokens, (list, tuple)):
        raise TypeError(f"tokens is {type(tokens).__name__}, not list; pass a list of ints")
    for index, token in enumerate(tokens):
        if type(token) is not int or not 0 <= token <= TOKEN_MAX:
            raise ValueError(f"tokens[{index}] is {token!r}; the numba form stores tokens as int32, "
                             f"so pass ints in 0..{TOKEN_MAX}")
    return np.array(tokens, dtype=np.int32)


class PrefixCachingAllocatorNumba:
    """The spec's API over the jitted kernels. Arrays grow on demand (doubling), so the
    only limit beyond the spec's is the token range, 0..2**31-1 (int32)."""

    def __init__(self, num_blocks: int, block_size: int, reuse: str = "fifo") -> None:
        _check_sizes(num_blocks, block_size, reuse)
        self.reuse = reuse
        self._state = _State(num_blocks, block_size, rows=8, columns=min(8, max(num_blocks, 1)),
                             lifo=reuse == "lifo")
        self._result = np.zeros((1, 2), dtype=np.int64)
        self._slot: dict[int, int] = {}  # the user's seq id -> row of the seq arrays
        self._spare: list[int] = []  # rows freed, reused before new ones
        self._rows_used = 0

    def allocate(self, seq_id: int, tokens: list[int]) -> tuple[list[int], int] | None:
        if seq_id in self._slot:
            raise ValueError(f"seq_id {seq_id} is already allocated; free it first or pick a new id")
        toks = _as_tokens(tokens)
        s = self._spare[-1] if self._spare else self._rows_used
        code = self._call(ALLOCATE, s, toks)
        if code < 0:
            return None
        if self._spare:
            self._spare.pop()
        else:
            self._rows_used += 1
        self._slot[seq_id] = s
        return self._table(s, 0), code

    def append(self, seq_id: int, tokens: list[int]) -> list[int] | None:
        s = self._row(seq_id)
        toks = _as_tokens(tokens)
        before = int(self._state.seq_meta[s, NBLK])
        code = self._call(APPEND, s, toks)
        return None if code < 0 else self._table(s, before)

    def free(self, seq_id: int) -> None:
        s = self._row(seq_id)
        self._call(FREE, s, np.zeros(0, dtype=np.int32))
        del self._slot[seq_id]
        self._spare.append(s)

    def block_table(self, seq_id: int) -> list[int]:
        return self._table(self._row(seq_id), 0)

    def num_free(self) -> int:
        return int(self._state.st[NFREE])

    def cached_blocks(self) -> int:
        return int(self._state.st[NCACHED])

    def _row(self, seq_id: int) -> int:
        try:
            return self._slot[seq_id]
        except (KeyError, TypeError):
            raise KeyError(f"unknown seq_id {seq_id!r}; allocate it first") from None

    def _call(self, code: int, s: int, toks: np.ndarray) -> int:
        enc = np.empty(3 + len(toks), dtype=np.int32)
        enc[0], enc[1], enc[2] = code, s, len(toks)
        enc[3:] = toks
        self._state.run(enc, self._result)
        return int(self._result[0, 0])

    def _table(self, s: int, start: int) -> list[int]:
        return self._state.table[s, start:self._state.seq_meta[s, NBLK]].tolist()


# -- the batch entry ------------------------------------------------------------------------

def encode(ops: list) -> tuple[np.ndarray, int]:
    """(the int32 stream, the number of distinct seq ids) for a list of ``[name, args]``.

    Seq ids become dense indices in order of first appearance; tokens must be ints in
    0..2**31-1. An unknown operation or an out-of-range token raises ValueError."""
    dense: dict[int, int] = {}
    out: list[int] = []
    for index, (name, args) in enumerate(ops):
        code = OPCODES.get(name)
        if code is None:
            raise ValueError(f"ops[{index}] is {name!r}; run_stream knows {', '.join(OPCODES)}")
        seq = dense.setdefault(args[0], len(dense)) if args else 0
        tokens = args[1] if code in (ALLOCATE, APPEND) else []
        out += (code, seq, len(tokens))
        out += tokens
    array = np.array(out, dtype=np.int64)
    if array.size and (array.min() < 0 or array.max() > TOKEN_MAX):
        raise ValueError(f"a token is outside 0..{TOKEN_MAX}; run_stream stores tokens as int32")
    return array.astype(np.int32), len(dense)


def run_stream(init: list[int], encoded: np.ndarray) -> np.ndarray:
    """Run a whole encoded stream in one kernel call (plus one per growth of the arrays,
    a few dozen at most); return its (operations, 2) results.

    A malformed stream raises ValueError with the position of the bad operation; one
    whose sequence tables would pass MAX_TABLE_BYTES is refused with ValueError, never
    overflowed."""
    num_blocks, block_size, *order = init
    reuse = order[0] if order else "fifo"
    _check_sizes(num_blocks, block_size, reuse)
    enc = np.ascontiguousarray(encoded, dtype=np.int32)
    # Every operation takes at least 3 ints, so this many rows always suffice; the rows
    # past the last operation are never written, so the OS never backs them with memory.
    results = np.empty((enc.shape[0] // 3, 2), dtype=np.int64)
    ops = _State(num_blocks, block_size, rows=1, columns=1, lifo=reuse == "lifo").run(enc, results)
    return results[:ops]
