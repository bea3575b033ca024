"""The ``numba`` form: the same allocator over flat arrays, in jitted kernels.

State: O(num_blocks + max_seqs) cells, whatever the tables hold (all numpy arrays, so
one kernel call can run a whole operation stream):

- ``meta``    int64[2]: the free queue's head position and its length;
- ``ring``    int32[num_blocks]: the free queue as a ring buffer. ``fifo`` pushes a freed
  block at ``(head + length) % num_blocks`` (the tail), ``lifo`` just before ``head``;
  both take at ``head``. The queue never holds more than num_blocks ids, so the ring
  never overflows;
- ``prev``    int32[num_blocks]: the block before this one in its table, -1 for a first
  block. The tables form a forest: a table is the path from its last block back to a
  root. This is well defined because every table that holds a block agrees on what
  comes before it: a block enters tables only by being taken (one table) or by
  ``fork`` (a copy of a whole table), and a table only ever changes at its end;
- ``refs``    int32[num_blocks]: a block's references *in the forest*: the live
  sequences that end at it plus the blocks whose ``prev`` it is. It is 0 exactly when
  the block is free, and above 1 exactly when more than one table holds it, so it
  decides copy-on-write and freeing just as the spec's refcount does;
- ``last``    int32[max_seqs]: each sequence's last block (-1 if it has none);
  ``nblk`` int32[max_seqs]: table lengths; ``ntok`` int64[max_seqs]: token counts, -1
  for a sequence that is not live;
- ``room``    int64[max_seqs]: the tokens the sequence can hold without any block
  moving, ``nblk * block_size``, when it is live and known to be the only table that
  holds its last block; -1 otherwise. A decode step then asks one question, ``ntok <
  room``. Copy-on-write asks "is the last block shared?" on almost every decode step,
  and ``refs[last]`` is a random read into a num_blocks-long array (a cache miss on a
  vLLM-sized pool), while ``room`` is one of max_seqs cells. It is never wrongly set: a
  fresh block is held by one table, and only a ``fork`` from a sequence makes its last
  block shared, which resets both (``free`` resets it too). A -1 on a live sequence is
  only a hint: ``append`` then reads ``refs`` and sets ``room`` if the block turns out
  to be unshared.

So ``fork`` is O(1) (the child ends where the parent ends: one more reference), ``free``
walks back from the last block and stops at the first block still referenced
(O(blocks freed + 1)), and ``block_table`` walks the path, O(its length). The previous
form kept a dense ``max_seqs x num_blocks`` table, 391 MiB for 1,024 sequences over
100,000 blocks, that ``run_stream`` had to build and fault in on every call.

The kernel returns status codes (``NONE``, ``KEY_ERROR``, ``VALUE_ERROR``, ``CAPACITY``);
only the public class builds messages and raises. Sequence ids index the arrays
directly, so they must lie in ``0 .. max_seqs - 1``: that is this form's one capacity
limit, and it is checked (ids and counts must also fit in int32).

The batch entry ``run_stream(init, encode(ops))`` runs a whole stream in one kernel call.
Encoding, one int32 row ``[opcode, a, b]`` per operation; results, one int32 row
``[code, ids]`` per operation (the shape of the prefix cache's rows), where ``ids`` is
the checksum of the block ids the call hands out or gives back, in order,
``sum over j of (j + 1) * (id_j + 1)``, wrapped to int32 (mod 2**32):

    0 allocate(a=seq, b=num_tokens)  ->  [blocks taken, the table]
    1 append(a=seq, b=num_tokens)    ->  [blocks taken incl. the CoW dst,
                                          new_block_ids (dst first), then the CoW src]
    2 fork(a=parent, b=child)        ->  [0, 0]
    3 free(a=seq)                    ->  [blocks returned to the free queue,
                                          those blocks in the order they were returned]
    4 block_table(a=seq)             ->  [table length, the table]
    5 num_free()                     ->  [free blocks, 0]

A one-block append without a copy has ``ids`` = that block's id + 1, so a stream is
checked id by id. A negative code is ``NONE`` (-1, not enough free blocks, nothing
changed), ``KEY_ERROR`` (-2), ``VALUE_ERROR`` (-3), ``CAPACITY`` (-4, a new sequence id
outside the arrays) or ``BAD_OPCODE`` (-5), with ids 0. A call that fails changes
nothing. Rows are two int32s because writing them is a real part of the cost: on a
10^6-call decode stream, three int64 columns took 1 ms more than three int32 ones, and
those 0.4 ms more than two, against 4 ms for a bare replay of the stream.
"""

from __future__ import annotations

import numpy as np

from solutions._jit import jit

NONE = -1
KEY_ERROR = -2
VALUE_ERROR = -3
CAPACITY = -4
BAD_OPCODE = -5

ALLOCATE, APPEND, FORK, FREE, BLOCK_TABLE, NUM_FREE = range(6)
OPCODES = {"allocate": ALLOCATE, "append": APPEND, "fork": FORK, "free": FREE,
           "block_table": BLOCK_TABLE, "num_free": NUM_FREE}
#: Where a freed block goes: ``fifo`` to the tail (reused after every block already
#: waiting), ``lifo`` to the front (reused first). See the spec for which vLLM does which.
REUSE_ORDERS = ("fifo", "lifo")

DEFAULT_MAX_SEQS = 1024  # the problem's constraints allow seq ids 0..1023
INT32_MAX = 2**31 - 1
INT32_MIN = -(2**31)
#: Bytes of state per block (ring, prev, refs: int32 each) and per sequence id (last,
#: nblk: int32; ntok, room: int64), for the memory check and the spec's figures.
BYTES_PER_BLOCK = 12
BYTES_PER_SEQ = 24


class CapacityError(OverflowError):
    """The numba form's fixed arrays cannot hold this: a sequence id beyond max_seqs."""


# -- the kernel: status codes in, status codes out -----------------------------------------------
#
# One kernel, ``_run``, holds every operation's semantics; the class calls it with a
# one-row stream, the batch entry with the whole stream. The operations are branches of
# one loop rather than functions of their own on purpose: a jitted helper with a loop
# that takes the state arrays is not inlined, and each call then pays an atomic
# incref/decref per array (about 70 ns for six arrays, more than the operation itself).
# The free queue's head and length live in locals for the whole run and go back to
# ``meta`` at the end: kept in the array, every take and push was a load and a store
# that the compiler cannot keep in a register (any array may alias any other), about 1
# of the 9 ms that a 10^6-call stream took.


@jit
def _live(ntok, seq):
    return 0 <= seq < ntok.shape[0] and ntok[seq] >= 0


@jit
def _run(meta, ring, refs, prev, last, nblk, ntok, room, block_size, lifo, grow_rows, ops, results, start):
    """Replay an encoded stream from row ``start``; results[i] = [code, ids] as documented
    in the module (``ids`` is summed in int64 and wraps to int32 when stored). meta[2] gets
    the index of the first unknown opcode, if it is still -1.

    Every index is checked before use: ids outside 0..max_seqs - 1 are unknown (KEY_ERROR).
    A new sequence outside them is CAPACITY, or, with ``grow_rows``, stops the run before
    that row changes anything: it returns the row's index (-1 at the end of the stream), so
    the caller can grow the per-sequence arrays and resume there.
    """
    max_seqs = ntok.shape[0]
    capacity_blocks = ring.shape[0]
    stop = -1
    head = meta[0]
    size = meta[1]
    end_row = ops.shape[0]
    i = start
    while i < end_row:
        # Decode steps into the sequence's own partly filled last block (``room`` is -1
        # unless the sequence is live and the sole holder of it): no block moves. That is
        # 15 of 16 steps at block size 16, so they get a loop of their own, whose few
        # values stay in registers; the general path below decides the same. On the
        # vLLM-like 10^6-call stream, taking them apart first took the kernel from 8.7 to
        # 6.1 ms, the separate loop and one ``ntok < room`` test from 1.6x to 1.25x the
        # bare floor's time.
        while i < end_row:
            a = ops[i, 1]
            if ops[i, 0] != APPEND or ops[i, 2] != 1 or not 0 <= a < max_seqs:
                break
            tokens = ntok[a]
            if tokens >= room[a]:
                break
            ntok[a] = tokens + 1
            results[i, 0] = 0
            results[i, 1] = 0
            i += 1
        if i == end_row:
            break
        op, a, b = ops[i, 0], ops[i, 1], ops[i, 2]
        code = 0
        ids = 0
        if op == APPEND:  # a = seq, b = num_tokens; first: it is most of a decode stream
            if not _live(ntok, a):
                code = KEY_ERROR
            elif b < 0:
                code = VALUE_ERROR
            elif b > 0:
                tokens = ntok[a]
                length = nblk[a]
                end = last[a]
                # ceil((tokens + b) / block_size) - length, and tokens % block_size != 0, without
                # dividing in the common case: a decode step rarely crosses a block boundary,
                # and an integer division costs more than the rest of the step.
                capacity = length * block_size
                over = tokens + b - capacity
                grow = 0
                if over > 0:
                    grow = 1 if over <= block_size else (over + block_size - 1) // block_size
                cow = 0
                if tokens < capacity and room[a] < 0:
                    if refs[end] > 1:
                        cow = 1
                    else:
                        room[a] = capacity  # the other holders have gone
                if grow + cow > size:
                    code = NONE  # all or nothing: not even the token count moves
                else:
                    ntok[a] = tokens + b
                if code == 0 and grow + cow > 0:
                    j = 0
                    src = end
                    if cow:  # the copy's dst is taken first, and replaces the shared last block
                        refs[end] -= 1  # was > 1: the other tables still hold it
                        dst = ring[head]
                        head = head + 1 if head + 1 < capacity_blocks else 0
                        size -= 1
                        refs[dst] = 1
                        before = prev[end]
                        prev[dst] = before
                        if before >= 0:
                            refs[before] += 1  # a second block now follows it
                        end = dst
                        j = 1
                        ids = np.int64(dst) + 1
                    for _ in range(grow):  # each new block follows the last; its count moves on
                        block = ring[head]
                        head = head + 1 if head + 1 < capacity_blocks else 0
                        size -= 1
                        refs[block] = 1
                        prev[block] = end
                        end = block
                        j += 1
                        ids += j * (np.int64(block) + 1)
                    if cow:  # the checksum covers the copy too: its src follows the new blocks
                        ids += (j + 1) * (np.int64(src) + 1)
                    last[a] = end
                    nblk[a] = length + grow
                    room[a] = (length + grow) * block_size  # its last block is fresh
                    code = grow + cow
        elif op == ALLOCATE:  # a = seq, b = num_tokens
            if b < 0 or _live(ntok, a):
                code = VALUE_ERROR
            elif not 0 <= a < max_seqs:
                if grow_rows:
                    stop = i
                    break
                code = CAPACITY
            else:
                need = (b + block_size - 1) // block_size
                if need > size:
                    code = NONE
                else:
                    end = -1
                    for j in range(need):
                        block = ring[head]
                        head = head + 1 if head + 1 < capacity_blocks else 0
                        size -= 1
                        refs[block] = 1
                        prev[block] = end
                        end = block
                        ids += (j + 1) * (np.int64(block) + 1)
                    last[a] = end
                    nblk[a] = need
                    ntok[a] = b
                    room[a] = need * block_size
                    code = need
        elif op == FREE:  # a = seq
            if not _live(ntok, a):
                code = KEY_ERROR
            else:
                # Walk back from the last block: each block loses the reference of the one
                # after it (or of the sequence); the walk stops at a block still referenced.
                # The blocks freed are a suffix of the table, returned last block first.
                block = last[a]
                while block >= 0:
                    refs[block] -= 1
                    if refs[block] > 0:
                        break
                    if lifo:
                        head = head - 1 if head > 0 else capacity_blocks - 1
                        ring[head] = block
                    else:
                        tail = head + size
                        ring[tail - capacity_blocks if tail >= capacity_blocks else tail] = block
                    size += 1
                    code += 1
                    ids += code * (np.int64(block) + 1)
                    block = prev[block]
                if lifo and code > 1:
                    # Pushed one by one, the freed blocks sit at the front in reverse; vLLM's
                    # prepend_n keeps them in the order given (last block at the head).
                    lo, hi = head, head + code - 1
                    while lo < hi:
                        x, y = lo % capacity_blocks, hi % capacity_blocks
                        ring[x], ring[y] = ring[y], ring[x]
                        lo += 1
                        hi -= 1
                last[a] = -1
                nblk[a] = 0
                ntok[a] = -1
                room[a] = -1
        elif op == FORK:  # a = parent, b = child
            if not _live(ntok, a):
                code = KEY_ERROR
            elif b == a or _live(ntok, b):
                code = VALUE_ERROR
            elif not 0 <= b < max_seqs:
                if grow_rows:
                    stop = i
                    break
                code = CAPACITY
            else:
                end = last[a]
                if end >= 0:
                    refs[end] += 1  # the child ends where the parent ends
                room[a] = -1
                room[b] = -1
                last[b] = end
                nblk[b] = nblk[a]
                ntok[b] = ntok[a]
        elif op == BLOCK_TABLE:  # a = seq
            if not _live(ntok, a):
                code = KEY_ERROR
            else:
                code = nblk[a]
                block = last[a]
                for position in range(code, 0, -1):
                    ids += position * (np.int64(block) + 1)
                    block = prev[block]
        elif op == NUM_FREE:
            code = size
        else:
            code = BAD_OPCODE
            if meta[2] < 0:
                meta[2] = i
        results[i, 0] = code
        results[i, 1] = ids
        i += 1
    meta[0] = head
    meta[1] = size
    return stop


@jit
def _walk(prev, end, count, out):
    """out[:count] = the ``count`` blocks that end at ``end``, in logical order."""
    block = end
    for position in range(count - 1, -1, -1):
        out[position] = block
        block = prev[block]


# -- the public class ---------------------------------------------------------------------------


def _count(name: str, value: object) -> int:
    if type(value) is not int:
        raise TypeError(f"{name} is {type(value).__name__} {value!r}, not int; pass a whole number")
    return value


def check_reuse(reuse: object) -> bool:
    """True for ``lifo``; ValueError names the choices for anything but the two orders."""
    if reuse not in REUSE_ORDERS:
        raise ValueError(f"reuse is {reuse!r}; pass 'fifo' (freed blocks to the tail) or 'lifo' (to the front)")
    return reuse == "lifo"


class NumbaBlockAllocator:
    """``BlockAllocator`` with the spec's Python API, its state in arrays and its work in ``_run``.

    Each method writes its call into a one-row op buffer, runs the kernel on it and turns
    the status code into the spec's value or exception. ``max_seqs`` bounds the sequence
    ids (0 .. max_seqs - 1): a new sequence outside it raises CapacityError, and an id
    outside it is simply unknown (KeyError) everywhere else.
    """

    def __init__(self, num_blocks: int, block_size: int, reuse: str = "fifo", *,
                 max_seqs: int = DEFAULT_MAX_SEQS) -> None:
        num_blocks, block_size = _count("num_blocks", num_blocks), _count("block_size", block_size)
        lifo = check_reuse(reuse)
        if num_blocks < 0:
            raise ValueError(f"num_blocks is {num_blocks}; pass 0 or more")
        if block_size < 1:
            raise ValueError(f"block_size is {block_size}; pass 1 or more")
        if num_blocks > INT32_MAX or block_size > INT32_MAX:
            raise CapacityError(f"num_blocks={num_blocks}, block_size={block_size}: the numba form stores "
                                f"them as int32, so pass at most {INT32_MAX}")
        if not 1 <= max_seqs <= INT32_MAX:
            raise CapacityError(f"max_seqs={max_seqs} is outside 1..{INT32_MAX}; the numba form indexes "
                                "int32 arrays by sequence id")
        self.block_size = block_size
        self.max_seqs = max_seqs
        self.reuse = reuse
        try:
            (self._meta, self._ring, self._refs, self._prev, self._last, self._nblk, self._ntok,
             self._room) = _fresh_state(num_blocks, max_seqs)
            self._out = np.empty(num_blocks, dtype=np.int32)  # block_table's answer, written by _walk
        except MemoryError:
            need = num_blocks * (BYTES_PER_BLOCK + 4) + max_seqs * BYTES_PER_SEQ
            raise MemoryError(f"num_blocks={num_blocks} and max_seqs={max_seqs} need {need:,} bytes of arrays, "
                              "more than this machine can give; lower num_blocks or max_seqs") from None
        self._op = np.zeros((1, 3), dtype=np.int32)
        self._result = np.zeros((1, 2), dtype=np.int32)
        self._lifo = lifo
        self._kernel_args = self._state() + (block_size, lifo, False, self._op, self._result, 0)

    def _state(self):
        return self._meta, self._ring, self._refs, self._prev, self._last, self._nblk, self._ntok, self._room

    def _call(self, opcode: int, a: int = 0, b: int = 0) -> int:
        if not (INT32_MIN <= a <= INT32_MAX and INT32_MIN <= b <= INT32_MAX):
            raise CapacityError(f"argument {a if not INT32_MIN <= a <= INT32_MAX else b} is outside int32; "
                                "the numba form cannot hold it")
        self._op[0] = (opcode, a, b)
        _run(*self._kernel_args)
        return int(self._result[0, 0])

    def _raise(self, code: int, name: str, seq_id: int, other: int) -> None:
        """Turn a kernel's error code into the spec's exception, with a message."""
        if code == KEY_ERROR:
            raise KeyError(f"unknown sequence {seq_id!r}; allocate it first")
        if code == VALUE_ERROR:
            if name != "fork" and other < 0:
                raise ValueError(f"num_tokens is {other}; pass 0 or more")
            raise ValueError(f"sequence {other if name == 'fork' else seq_id!r} already exists; "
                             "free it first or pick a new id")
        if code == CAPACITY:
            raise CapacityError(f"sequence id {other if name == 'fork' else seq_id} is outside this form's "
                                f"0..{self.max_seqs - 1}; use a smaller id or raise max_seqs")

    def _tail_of(self, seq_id: int, count: int) -> list[int]:
        """The last ``count`` blocks of the sequence's table, in logical order."""
        _walk(self._prev, self._last[seq_id], count, self._out)
        return self._out[:count].tolist()

    def allocate(self, seq_id: int, num_tokens: int) -> list[int] | None:
        seq_id, num_tokens = _count("seq_id", seq_id), _count("num_tokens", num_tokens)
        code = self._call(ALLOCATE, seq_id, num_tokens)
        if code == NONE:
            return None
        self._raise(code, "allocate", seq_id, num_tokens)
        return self._tail_of(seq_id, code)

    def append(self, seq_id: int, num_tokens: int = 1) -> tuple[list[int], list[tuple[int, int]]] | None:
        seq_id, num_tokens = _count("seq_id", seq_id), _count("num_tokens", num_tokens)
        live = 0 <= seq_id < self.max_seqs and self._ntok[seq_id] >= 0
        length, end = (int(self._nblk[seq_id]), int(self._last[seq_id])) if live else (0, -1)
        code = self._call(APPEND, seq_id, num_tokens)
        if code == NONE:
            return None
        self._raise(code, "append", seq_id, num_tokens)
        new_ids = self._tail_of(seq_id, code) if code else []  # the dst, if any, comes first
        copied = code > int(self._nblk[seq_id]) - length  # one block taken beyond the growth: the copy's dst
        return new_ids, ([(end, new_ids[0])] if copied else [])

    def fork(self, parent_id: int, child_id: int) -> None:
        parent_id, child_id = _count("parent_id", parent_id), _count("child_id", child_id)
        code = self._call(FORK, parent_id, child_id)
        self._raise(code, "fork", parent_id, child_id)

    def free(self, seq_id: int) -> None:
        seq_id = _count("seq_id", seq_id)
        code = self._call(FREE, seq_id)
        self._raise(code, "free", seq_id, 0)

    def block_table(self, seq_id: int) -> list[int]:
        seq_id = _count("seq_id", seq_id)
        if not (0 <= seq_id < self.max_seqs and self._ntok[seq_id] >= 0):
            raise KeyError(f"unknown sequence {seq_id!r}; allocate it first")
        return self._tail_of(seq_id, int(self._nblk[seq_id]))

    def num_free(self) -> int:
        return int(self._meta[1])

    def _grow_seqs(self, rows: int) -> None:
        """Give the per-sequence arrays ``rows`` rows, keeping what they hold."""
        if rows > INT32_MAX:
            raise CapacityError(f"sequence id {rows - 1} is beyond the numba form's int32 ids; renumber the "
                                f"sequences below {INT32_MAX}")
        grown = _fresh_state(0, rows)[4:]
        for old, new in zip((self._last, self._nblk, self._ntok, self._room), grown):
            new[:len(old)] = old
        self._last, self._nblk, self._ntok, self._room = grown
        self.max_seqs = rows
        self._kernel_args = self._state() + self._kernel_args[8:]

    def state_bytes(self) -> int:
        """Bytes held by the state arrays (the block_table scratch included)."""
        return sum(array.nbytes for array in self._state()) + self._out.nbytes


def _fresh_state(num_blocks: int, max_seqs: int):
    meta = np.array([0, num_blocks, -1], dtype=np.int64)  # head, length, first bad opcode
    ring = np.arange(num_blocks, dtype=np.int32)  # the queue starts in ascending id order
    refs = np.zeros(num_blocks, dtype=np.int32)
    prev = np.empty(num_blocks, dtype=np.int32)  # written when a block is taken
    last = np.full(max_seqs, -1, dtype=np.int32)
    nblk = np.zeros(max_seqs, dtype=np.int32)
    ntok = np.full(max_seqs, -1, dtype=np.int64)
    room = np.full(max_seqs, -1, dtype=np.int64)
    return meta, ring, refs, prev, last, nblk, ntok, room


# -- the batch entry ----------------------------------------------------------------------------


def encode(ops: list) -> np.ndarray:
    """[[name, [args...]], ...] -> an int32 array of [opcode, a, b] rows (see the module doc)."""
    rows = np.zeros((len(ops), 3), dtype=np.int32)
    for i, (name, args) in enumerate(ops):
        if name not in OPCODES:
            raise ValueError(f"ops[{i}] calls {name!r}; encode only {', '.join(OPCODES)}")
        args = list(args)
        if name == "append" and len(args) == 1:
            args.append(1)  # append's default num_tokens
        if len(args) != (2 if name in ("allocate", "append", "fork") else 1 if name != "num_free" else 0):
            raise ValueError(f"ops[{i}] passes {len(args)} arguments to {name}; see the spec for its API")
        for value in args:
            if type(value) is not int or not INT32_MIN <= value <= INT32_MAX:
                raise ValueError(f"ops[{i}] argument {value!r} is not an int32; pass small whole numbers")
        rows[i, 0] = OPCODES[name]
        rows[i, 1 : 1 + len(args)] = args
    return rows


def run_stream(init: list, encoded_ops: np.ndarray) -> np.ndarray:
    """Run a whole encoded stream on a fresh ``BlockAllocator(*init)`` in one kernel call.

    ``init`` is ``[num_blocks, block_size]`` or ``[num_blocks, block_size, reuse]``.
    Returns an int32 array of [code, ids] rows, one per operation (see the module
    doc). The per-sequence arrays start at DEFAULT_MAX_SEQS rows and double when a new
    sequence's id is beyond them (the kernel stops there and resumes), so no call hits the
    capacity limit; a new sequence with a negative id raises CapacityError. An unknown
    opcode raises ValueError after the run.
    """
    ops = np.ascontiguousarray(encoded_ops, dtype=np.int32)
    if ops.ndim != 2 or ops.shape[1] != 3:
        raise ValueError(f"encoded_ops has shape {ops.shape}; pass encode(ops), an (m, 3) int32 array")
    state = NumbaBlockAllocator(*init)  # checks init
    results = np.empty((ops.shape[0], 2), dtype=np.int32)
    start = 0
    while True:
        stop = _run(*state._state(), state.block_size, state._lifo, True, ops, results, start)
        if stop < 0:
            break
        new_id = int(ops[stop, 1] if ops[stop, 0] == ALLOCATE else ops[stop, 2])
        if new_id < 0:
            raise CapacityError(f"encoded_ops[{stop}] starts a sequence with negative sequence id {new_id}; "
                                "the batch entry indexes its "
                                "arrays by id, so renumber the sequences from 0")
        state._grow_seqs(max(new_id + 1, 2 * state.max_seqs))
        start = stop
    bad = int(state._meta[2])
    if bad >= 0:
        raise ValueError(f"encoded_ops[{bad}] has opcode {ops[bad, 0]}, outside {ALLOCATE}..{NUM_FREE}; "
                         "build the stream with encode(ops)")
    return results
