"""The ``numba`` form: the same semantics over arrays, in private jitted kernels.

The state is nine arrays; every kernel takes the ones it needs, always in this order:

``st``        int64[5]: head and tail of the free queue, free blocks, cache entries, keys.
``blk``       int64[num_blocks, 4]: per block NXT and PRV (the free queue as an
              array-backed doubly linked list, -1 at the ends, so a touched block
              leaves the middle in O(1)), REF (refcount; in the queue iff 0) and
              BKEY (the key id of the cache entry it holds, or -1).
``key_meta``  int64[K, 3]: per interned key its PARENT key id, HASH (the uint64 hash,
              stored as int64 bits) and BLOCK (the cached block, or -1: this column
              *is* the cache).
``key_tok``   int32[K, block_size]: the key's block tokens.
``slots``     int64[2^k]: an open-addressing hash table (linear probing, at most half
              full) from (parent key id, block tokens) to key id. A probe compares the
              hash, the parent and every token, so colliding hashes cost time, never a
              wrong answer. Keys are never deleted, so there are no tombstones.
``seq_meta``  int64[S, 2]: per sequence slot LEN (tokens; -1 when the slot is not
              live) and NBLK (blocks in its table).
``table``     int64[S, C]: the block tables.
``seq_keys``  int64[S, C]: the key id of each full block, to chain the next key.
``tail``      int32[S, block_size]: the tokens of the partly filled last block.

The arrays are few and grouped by row (a block's four fields share a cache line)
because every array argument of a kernel call costs numba an NRT incref and decref
(calls through a pointer) plus seven words of struct: with the fifteen arrays of a
first version, one call measured ~150 ns, ten times the work of a decode step, and a
tuple of arrays was worse (~250 ns).

Kernels return status codes and never raise; :class:`PrefixCachingAllocatorNumba`
validates arguments, raises the spec's exceptions and grows the arrays (slots,
columns, keys) before a kernel could run out of room. :func:`run_stream` runs a
whole encoded stream in one kernel call.

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

from solutions._jit import jit

ALLOCATE, APPEND, FREE, NUM_FREE, BLOCK_TABLE, CACHED_BLOCKS = range(6)
OPCODES = {"allocate": ALLOCATE, "append": APPEND, "free": FREE, "num_free": NUM_FREE,
           "block_table": BLOCK_TABLE, "cached_blocks": CACHED_BLOCKS}
NONE, KEY_ERROR, VALUE_ERROR = -1, -2, -3
HEAD, TAIL, NFREE, NCACHED, NKEYS = range(5)  # st
NXT, PRV, REF, BKEY = range(4)  # blk columns
PARENT, HASH, BLOCK = range(3)  # key_meta columns
LEN, NBLK = range(2)  # seq_meta columns
ROOT = -1  # the parent key of a sequence's first block
TOKEN_MAX = 2**31 - 1
#: run_stream refuses a stream whose per-sequence tables would pass this size.
MAX_TABLE_BYTES = 2**31

_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_FNV = np.uint64(0x100000001B3)
_SHIFT = np.uint64(31)


# -- the free queue: an array-backed doubly linked list -----------------------------------

@jit
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


@jit
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


@jit
def _take_fresh(st, blk, key_meta):
    """Pop the head block, evict the cache entry it still holds, give it refcount 1."""
    b = st[HEAD]
    _q_remove(st, blk, b)
    k = blk[b, BKEY]
    if k >= 0:
        key_meta[k, BLOCK] = -1
        blk[b, BKEY] = -1
        st[NCACHED] -= 1
    blk[b, REF] = 1
    return b


@jit
def _enter(st, blk, key_meta, k, b):
    """Cache block b under key k unless k is cached already: the first writer wins."""
    if key_meta[k, BLOCK] < 0:
        key_meta[k, BLOCK] = b
        blk[b, BKEY] = k
        st[NCACHED] += 1


# -- the intern table: (parent key id, block tokens) -> key id ----------------------------

@jit
def _hash(parent, toks, start, bs):
    h = np.uint64(parent + 1) * _GOLDEN
    for j in range(bs):
        h = (h ^ np.uint64(toks[start + j])) * _FNV
    return h ^ (h >> _SHIFT)


@jit
def _intern(st, key_meta, key_tok, slots, parent, toks, start, bs):
    """The key id of (parent, toks[start:start+bs]), made if new. The caller guarantees room."""
    h = _hash(parent, toks, start, bs)
    bits = np.int64(h)
    mask = slots.shape[0] - 1
    i = np.int64(h & np.uint64(mask))
    while True:
        k = slots[i]
        if k < 0:
            k = st[NKEYS]
            st[NKEYS] = k + 1
            key_meta[k, PARENT] = parent
            key_meta[k, HASH] = bits
            key_meta[k, BLOCK] = -1
            for j in range(bs):
                key_tok[k, j] = toks[start + j]
            slots[i] = k
            return k
        if key_meta[k, HASH] == bits and key_meta[k, PARENT] == parent:
            same = True
            for j in range(bs):
                if key_tok[k, j] != toks[start + j]:
                    same = False
                    break
            if same:
                return k
        i = (i + 1) & mask


@jit
def _rehash(key_meta, slots, count):
    slots[:] = -1
    mask = slots.shape[0] - 1
    for k in range(count):
        i = np.int64(np.uint64(key_meta[k, HASH]) & np.uint64(mask))
        while slots[i] >= 0:
            i = (i + 1) & mask
        slots[i] = k


# -- the operations -------------------------------------------------------------------------

@jit
def _allocate(st, blk, key_meta, key_tok, slots, seq_meta, table, seq_keys, tail, s, toks, start, n):
    """Code: cached tokens, or -1 (None, nothing changed). Slot s must not be live."""
    bs = tail.shape[1]
    full = n // bs
    total = (n + bs - 1) // bs
    if total > blk.shape[0]:  # a table holds distinct blocks: this can never fit
        return NONE
    parent = ROOT
    for i in range(full):
        parent = _intern(st, key_meta, key_tok, slots, parent, toks, start + i * bs, bs)
        seq_keys[s, i] = parent
    cap = (n - 1) // bs if n > 0 else 0  # the block holding the last token is never a hit
    hits = 0
    idle_hits = 0  # hits with refcount 0: they sit in the free queue
    for i in range(cap):
        b = key_meta[seq_keys[s, i], BLOCK]
        if b < 0:
            break
        if blk[b, REF] == 0:
            idle_hits += 1
        hits += 1
    if total - hits + idle_hits > st[NFREE]:
        return NONE
    for i in range(hits):  # touch every hit before any fresh block is popped
        b = key_meta[seq_keys[s, i], BLOCK]
        if blk[b, REF] == 0:
            _q_remove(st, blk, b)
        blk[b, REF] += 1
        table[s, i] = b
    for i in range(hits, total):
        table[s, i] = _take_fresh(st, blk, key_meta)
    for i in range(hits, full):  # then enter the newly full blocks, in block order
        _enter(st, blk, key_meta, seq_keys[s, i], table[s, i])
    for j in range(n - full * bs):
        tail[s, j] = toks[start + full * bs + j]
    seq_meta[s, LEN] = n
    seq_meta[s, NBLK] = total
    return hits * bs


@jit
def _append(st, blk, key_meta, key_tok, slots, seq_meta, table, seq_keys, tail, s, toks, start, m):
    """Code: the number of new blocks, or -1 (None, nothing changed). Slot s must be live."""
    bs = tail.shape[1]
    if m == 0:
        return 0
    old_len = seq_meta[s, LEN]
    old_nblk = seq_meta[s, NBLK]
    new_len = old_len + m
    new_nblk = (new_len + bs - 1) // bs
    fresh = new_nblk - old_nblk
    if fresh > st[NFREE]:
        return NONE
    for i in range(old_nblk, new_nblk):
        table[s, i] = _take_fresh(st, blk, key_meta)
    i = old_len // bs  # the block being filled
    fill = old_len - i * bs
    parent = seq_keys[s, i - 1] if i > 0 else ROOT
    for j in range(m):  # a plain loop: a min()-bounded copy loop measured ~20x slower
        tail[s, fill] = toks[start + j]
        fill += 1
        if fill == bs:  # the block became full: enter it, after all the pops above
            parent = _intern(st, key_meta, key_tok, slots, parent, tail[s], 0, bs)
            seq_keys[s, i] = parent
            _enter(st, blk, key_meta, parent, table[s, i])
            i += 1
            fill = 0
    seq_meta[s, LEN] = new_len
    seq_meta[s, NBLK] = new_nblk
    return fresh


@jit
def _free(st, blk, seq_meta, table, s):
    """Release the blocks tail first; a block whose refcount reaches 0 joins the tail of the queue."""
    for i in range(seq_meta[s, NBLK] - 1, -1, -1):
        b = table[s, i]
        blk[b, REF] -= 1
        if blk[b, REF] == 0:
            _q_push(st, blk, b)
    seq_meta[s, LEN] = -1
    seq_meta[s, NBLK] = 0


@jit
def _checksum(table, s, lo, hi):
    total = 0
    for i in range(lo, hi):
        total += (i - lo + 1) * (table[s, i] + 1)
    return total


@jit
def _run_stream(st, blk, key_meta, key_tok, slots, seq_meta, table, seq_keys, tail, enc, results):
    bs = tail.shape[1]
    pos = 0
    op = 0
    while pos < enc.shape[0]:
        code, s, n = enc[pos], enc[pos + 1], enc[pos + 2]
        start = pos + 3
        pos = start + n
        value, check = 0, 0
        if code == APPEND:
            length = seq_meta[s, LEN]
            nblk = seq_meta[s, NBLK]
            fill = length - (nblk - 1) * bs  # tokens in the last block, 1..bs (bs + 1 if empty)
            if length < 0:
                value = KEY_ERROR
            elif n == 1 and fill < bs - 1:
                # The decode step, inline: one token into the partial last block, which
                # neither needs a new block nor becomes full. (The two decode steps below
                # are _append written out: a kernel call costs an NRT incref and decref per
                # array argument; a _take_fresh + _q_push pair measured ~75 ns by calls and
                # ~3 ns written out.)
                tail[s, fill] = enc[start]
                seq_meta[s, LEN] = length + 1
            elif n == 1 and fill == bs - 1:
                # the decode step that fills the last block: enter it, first writer wins
                tail[s, fill] = enc[start]
                parent = seq_keys[s, nblk - 2] if nblk > 1 else ROOT
                k = _intern(st, key_meta, key_tok, slots, parent, tail[s], 0, bs)
                seq_keys[s, nblk - 1] = k
                if key_meta[k, BLOCK] < 0:
                    b = table[s, nblk - 1]
                    key_meta[k, BLOCK] = b
                    blk[b, BKEY] = k
                    st[NCACHED] += 1
                seq_meta[s, LEN] = length + 1
            elif n == 1 and fill == bs and st[NFREE] > 0 and bs > 1:
                # the decode step that opens a new block (which cannot become full):
                # pop the head, evicting the cache entry it still holds
                b = st[HEAD]
                nb = blk[b, NXT]
                st[HEAD] = nb
                if nb < 0:
                    st[TAIL] = -1
                else:
                    blk[nb, PRV] = -1
                st[NFREE] -= 1
                k = blk[b, BKEY]
                if k >= 0:
                    key_meta[k, BLOCK] = -1
                    blk[b, BKEY] = -1
                    st[NCACHED] -= 1
                blk[b, REF] = 1
                table[s, nblk] = b
                tail[s, 0] = enc[start]
                seq_meta[s, LEN] = length + 1
                seq_meta[s, NBLK] = nblk + 1
                value = 1
                check = b + 1
            else:
                value = _append(st, blk, key_meta, key_tok, slots, seq_meta, table, seq_keys, tail, s, enc, start, n)
                if value > 0:
                    check = _checksum(table, s, nblk, nblk + value)
        elif code == ALLOCATE:
            if seq_meta[s, LEN] >= 0:
                value = VALUE_ERROR
            else:
                value = _allocate(st, blk, key_meta, key_tok, slots, seq_meta, table, seq_keys, tail, s, enc, start, n)
                if value >= 0:
                    check = _checksum(table, s, 0, seq_meta[s, NBLK])
        elif code == FREE:
            if seq_meta[s, LEN] < 0:
                value = KEY_ERROR
            else:
                _free(st, blk, seq_meta, table, s)
        elif code == NUM_FREE:
            value = st[NFREE]
        elif code == BLOCK_TABLE:
            if seq_meta[s, LEN] < 0:
                value = KEY_ERROR
            else:
                value = seq_meta[s, NBLK]
                check = _checksum(table, s, 0, value)
        else:
            value = st[NCACHED]
        results[op, 0] = value
        results[op, 1] = check
        op += 1


@jit
def _scan(enc, block_size):
    """(bad position or -1, operations, seq indices, the most tokens any table can
    reach, a bound on the keys interned), in two passes over the stream.

    A sequence's length here is an upper bound of the real one: a failed allocate
    still counts, and a repeated one keeps the larger length. Between an allocate and
    a free here lies at most one real lifetime, whose appends enter at most
    (tokens appended) // block_size + 1 new full blocks."""
    pos, ops, num_seqs = 0, 0, 0
    while pos < enc.shape[0]:
        if pos + 3 > enc.shape[0] or enc[pos] < 0 or enc[pos] > 5 or enc[pos + 1] < 0 or enc[pos + 2] < 0 \
                or pos + 3 + enc[pos + 2] > enc.shape[0]:
            return pos, 0, 0, 0, 0
        num_seqs = max(num_seqs, enc[pos + 1] + 1)
        pos += 3 + enc[pos + 2]
        ops += 1
    length = np.full(max(num_seqs, 1), -1, dtype=np.int64)
    appended = np.zeros(max(num_seqs, 1), dtype=np.int64)
    pos, most, key_bound = 0, 0, 0
    while pos < enc.shape[0]:
        code, s, n = enc[pos], enc[pos + 1], enc[pos + 2]
        pos += 3 + n
        if code == ALLOCATE:
            if length[s] < 0:  # a lifetime starts: its appends make at most appended // bs + 1 keys
                key_bound += 1
            length[s] = max(length[s], n)
            key_bound += n // block_size
        elif code == APPEND:
            if length[s] >= 0:
                length[s] += n
                appended[s] += n
        elif code == FREE:
            length[s] = -1
            key_bound += appended[s] // block_size
            appended[s] = 0
        if length[s] > most:
            most = length[s]
    for s in range(num_seqs):
        key_bound += appended[s] // block_size
    return -1, ops, num_seqs, most, key_bound


# -- the arrays -----------------------------------------------------------------------------

def _new_blocks(num_blocks: int) -> tuple[np.ndarray, np.ndarray]:
    """(st, blk): every block free, the queue in ascending id order, nothing cached."""
    st = np.zeros(5, dtype=np.int64)
    blk = np.zeros((num_blocks, 4), dtype=np.int64)
    blk[:, NXT] = np.arange(1, num_blocks + 1)
    blk[:, PRV] = np.arange(-1, num_blocks - 1)
    blk[:, BKEY] = -1
    if num_blocks:
        blk[-1, NXT] = -1
    st[HEAD], st[TAIL], st[NFREE] = (0, num_blocks - 1, num_blocks) if num_blocks else (-1, -1, 0)
    return st, blk


def _new_keys(capacity: int, block_size: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(key_meta, key_tok, slots) with room for ``capacity`` keys."""
    size = 1 << max(4, (2 * capacity - 1).bit_length())  # at most half full
    return (np.zeros((capacity, 3), dtype=np.int64), np.zeros((capacity, block_size), dtype=np.int32),
            np.full(size, -1, dtype=np.int64))


def _new_seqs(rows: int, columns: int, block_size: int) -> tuple[np.ndarray, ...]:
    """(seq_meta, table, seq_keys, tail): ``rows`` sequence slots, none live."""
    seq_meta = np.zeros((rows, 2), dtype=np.int64)
    seq_meta[:, LEN] = -1
    return (seq_meta, np.zeros((rows, columns), dtype=np.int64), np.zeros((rows, columns), dtype=np.int64),
            np.zeros((rows, block_size), dtype=np.int32))


def _check_sizes(num_blocks: object, block_size: object) -> None:
    for name, value in (("num_blocks", num_blocks), ("block_size", block_size)):
        if type(value) is not int:
            raise TypeError(f"{name} is {type(value).__name__} {value!r}, not int; pass a whole number")
    if num_blocks < 0:
        raise ValueError(f"num_blocks is {num_blocks}; pass 0 or more")
    if block_size < 1:
        raise ValueError(f"block_size is {block_size}; pass 1 or more")


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

    def __init__(self, num_blocks: int, block_size: int) -> None:
        _check_sizes(num_blocks, block_size)
        self._num_blocks, self._block_size = num_blocks, block_size
        self._st, self._blk = _new_blocks(num_blocks)
        self._keys = _new_keys(64, block_size)
        self._seqs = _new_seqs(8, min(8, max(num_blocks, 1)), block_size)
        self._slot: dict[int, int] = {}  # the user's seq id -> row of the seq arrays
        self._spare = list(range(7, -1, -1))  # unused rows, popped from the end

    def allocate(self, seq_id: int, tokens: list[int]) -> tuple[list[int], int] | None:
        if seq_id in self._slot:
            raise ValueError(f"seq_id {seq_id} is already allocated; free it first or pick a new id")
        toks = _as_tokens(tokens)
        n = len(toks)
        self._reserve_keys(n // self._block_size)
        self._reserve_columns(min(-(-n // self._block_size), self._num_blocks))
        if not self._spare:
            self._grow_rows()
        s = self._spare[-1]
        code = _allocate(self._st, self._blk, *self._keys, *self._seqs, s, toks, 0, n)
        if code < 0:
            return None
        self._spare.pop()
        self._slot[seq_id] = s
        return self._seqs[1][s, :self._seqs[0][s, NBLK]].tolist(), int(code)

    def append(self, seq_id: int, tokens: list[int]) -> list[int] | None:
        s = self._row(seq_id)
        toks = _as_tokens(tokens)
        m = len(toks)
        length, nblk = int(self._seqs[0][s, LEN]), int(self._seqs[0][s, NBLK])
        self._reserve_keys(m // self._block_size + 1)
        self._reserve_columns(min(-(-(length + m) // self._block_size), self._num_blocks))
        code = _append(self._st, self._blk, *self._keys, *self._seqs, s, toks, 0, m)
        if code < 0:
            return None
        return self._seqs[1][s, nblk:nblk + code].tolist()

    def free(self, seq_id: int) -> None:
        s = self._row(seq_id)
        _free(self._st, self._blk, self._seqs[0], self._seqs[1], s)
        del self._slot[seq_id]
        self._spare.append(s)

    def block_table(self, seq_id: int) -> list[int]:
        s = self._row(seq_id)
        return self._seqs[1][s, :self._seqs[0][s, NBLK]].tolist()

    def num_free(self) -> int:
        return int(self._st[NFREE])

    def cached_blocks(self) -> int:
        return int(self._st[NCACHED])

    # -- room for the kernels -------------------------------------------------------------

    def _row(self, seq_id: int) -> int:
        try:
            return self._slot[seq_id]
        except (KeyError, TypeError):
            raise KeyError(f"unknown seq_id {seq_id!r}; allocate it first") from None

    def _reserve_keys(self, extra: int) -> None:
        count, capacity = int(self._st[NKEYS]), len(self._keys[0])
        if count + extra <= capacity:
            return
        while capacity < count + extra:
            capacity *= 2
        (old_meta, old_tok, _), self._keys = self._keys, _new_keys(capacity, self._block_size)
        self._keys[0][:count], self._keys[1][:count] = old_meta[:count], old_tok[:count]
        _rehash(self._keys[0], self._keys[2], count)

    def _reserve_columns(self, columns: int) -> None:
        seq_meta, table, seq_keys, tail = self._seqs
        have = table.shape[1]
        if columns <= have:
            return
        wider = min(max(2 * have, columns), max(self._num_blocks, 1))
        grown = _new_seqs(len(seq_meta), wider, self._block_size)
        grown[0][:], grown[3][:] = seq_meta, tail
        grown[1][:, :have], grown[2][:, :have] = table, seq_keys
        self._seqs = grown

    def _grow_rows(self) -> None:
        rows = len(self._seqs[0])
        grown = _new_seqs(2 * rows, self._seqs[1].shape[1], self._block_size)
        for new_array, old_array in zip(grown, self._seqs):
            new_array[:rows] = old_array
        self._seqs = grown
        self._spare.extend(range(2 * rows - 1, rows - 1, -1))


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
    """Run a whole encoded stream in one kernel call; return its (operations, 2) results.

    A jitted pre-pass checks the framing and sizes the per-sequence tables and the key
    table from the stream; a stream whose tables would need more than MAX_TABLE_BYTES
    is refused with ValueError, never overflowed."""
    num_blocks, block_size = init
    _check_sizes(num_blocks, block_size)
    enc = np.ascontiguousarray(encoded, dtype=np.int32)
    bad, ops, num_seqs, most, key_bound = (int(x) for x in _scan(enc, block_size))
    if bad >= 0:
        raise ValueError(f"the stream is malformed at position {bad}; build it with encode()")
    columns = max(1, min(num_blocks, -(-most // block_size)))
    table_bytes = max(num_seqs, 1) * columns * 16
    if table_bytes > MAX_TABLE_BYTES:
        raise ValueError(f"the stream needs {num_seqs} seqs x {columns} blocks = {table_bytes} bytes of tables, "
                         f"above {MAX_TABLE_BYTES}; reuse freed seq ids or split the stream")
    results = np.zeros((ops, 2), dtype=np.int64)
    _run_stream(*_new_blocks(num_blocks), *_new_keys(max(key_bound, 1), block_size),
                *_new_seqs(max(num_seqs, 1), columns, block_size), enc, results)
    return results
