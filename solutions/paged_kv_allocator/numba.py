"""The ``numba`` form: the same allocator over flat arrays, in jitted kernels.

State (all numpy arrays, so one kernel call can run a whole operation stream):

- ``meta``    int64[2]: the free queue's head position and its length;
- ``ring``    int32[num_blocks]: the free queue as a ring buffer. Block ids enter at
  ``(head + length) % num_blocks`` and leave at ``head``. The queue never holds more than
  num_blocks ids, so the ring never overflows. (The prefix cache removes hits from the
  middle of its queue and needs a linked list; this problem only pops the head and
  pushes the tail, so a ring is the whole story.)
- ``refs``    int32[num_blocks]: the refcount of each block;
- ``tables``  int32[max_seqs, num_blocks]: row s is sequence s's block table. A table
  holds distinct blocks, so num_blocks columns always suffice;
- ``nblk``    int32[max_seqs]: table lengths; ``ntok`` int64[max_seqs]: token counts,
  -1 for a sequence that is not live.

The kernel returns status codes (``NONE``, ``KEY_ERROR``, ``VALUE_ERROR``, ``CAPACITY``);
only the public class builds messages and raises. Sequence ids index the arrays
directly, so they must lie in ``0 .. max_seqs - 1``: that is this form's one capacity
limit, and it is checked (ids and counts must also fit in int32).

The batch entry ``run_stream(init, encode(ops))`` runs a whole stream in one kernel call.
Encoding, one int32 row ``[opcode, a, b]`` per operation:

    0 allocate(a=seq, b=num_tokens)  ->  [blocks taken, last block id or -1]
    1 append(a=seq, b=num_tokens)    ->  [blocks taken incl. the CoW dst, CoW src or -1]
    2 fork(a=parent, b=child)        ->  [0, the child's table length]
    3 free(a=seq)                    ->  [blocks returned to the free queue, -1]
    4 block_table(a=seq)             ->  [table length, last block id or -1]
    5 num_free()                     ->  [free blocks, -1]

and one int32 row ``[code, aux]`` per result, where a negative code is ``NONE`` (-1,
not enough free blocks, nothing changed), ``KEY_ERROR`` (-2), ``VALUE_ERROR`` (-3),
``CAPACITY`` (-4, a new sequence id outside the tables) or ``BAD_OPCODE`` (-5), with
aux -1. A call that fails changes nothing.
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

DEFAULT_MAX_SEQS = 1024  # the problem's constraints allow seq ids 0..1023
MAX_TABLE_CELLS = 1 << 28  # max_seqs * num_blocks int32 cells: 1 GiB
INT32_MAX = 2**31 - 1
INT32_MIN = -(2**31)


class CapacityError(OverflowError):
    """The numba form's fixed arrays cannot hold this: a sequence id beyond max_seqs."""


# -- the kernel: status codes in, status codes out -----------------------------------------------
#
# One kernel, ``_run``, holds every operation's semantics; the class calls it with a
# one-row stream, the batch entry with the whole stream. The operations are branches of
# one loop rather than functions of their own on purpose: a jitted helper with a loop
# that takes the state arrays is not inlined, and each call then pays an atomic
# incref/decref per array (about 70 ns for six arrays, more than the operation itself).
# The tiny helpers below have no loop; they inline and cost nothing.


@jit
def _take(meta, ring, refs):
    """Pop the head of the free queue; the block now has one reference."""
    head = meta[0]
    block = ring[head]
    meta[0] = head + 1 if head + 1 < ring.shape[0] else 0
    meta[1] -= 1
    refs[block] = 1
    return block


@jit
def _give_back(meta, ring, block):
    """Push a block with no references to the tail of the free queue."""
    tail = meta[0] + meta[1]
    if tail >= ring.shape[0]:
        tail -= ring.shape[0]
    ring[tail] = block
    meta[1] += 1


@jit
def _live(ntok, seq):
    return 0 <= seq < ntok.shape[0] and ntok[seq] >= 0


@jit
def _run(meta, ring, refs, tables, nblk, ntok, block_size, ops, results):
    """Replay an encoded stream; results[i] = [code, aux] as documented in the module.
    Returns the index of the first unknown opcode, or -1.

    Every index is checked before use: ids outside 0..max_seqs - 1 are unknown (KEY_ERROR),
    or CAPACITY for a new sequence, so a bad stream can never write out of bounds.
    """
    max_seqs = ntok.shape[0]
    first_bad = -1
    for i in range(ops.shape[0]):
        op, a, b = ops[i, 0], ops[i, 1], ops[i, 2]
        code = 0
        aux = -1
        if op == ALLOCATE:  # a = seq, b = num_tokens
            if b < 0 or _live(ntok, a):
                code = VALUE_ERROR
            elif not 0 <= a < max_seqs:
                code = CAPACITY
            else:
                need = (b + block_size - 1) // block_size
                if need > meta[1]:
                    code = NONE
                else:
                    for j in range(need):
                        tables[a, j] = _take(meta, ring, refs)
                    nblk[a] = need
                    ntok[a] = b
                    code = need
                    if need > 0:
                        aux = tables[a, need - 1]
        elif op == APPEND:  # a = seq, b = num_tokens
            if not _live(ntok, a):
                code = KEY_ERROR
            elif b < 0:
                code = VALUE_ERROR
            elif b > 0:
                tokens = ntok[a]
                length = nblk[a]
                # ceil((tokens + b) / block_size) - length, and tokens % block_size != 0, without
                # dividing in the common case: a decode step rarely crosses a block boundary,
                # and an integer division costs more than the rest of the step.
                capacity = length * block_size
                over = tokens + b - capacity
                grow = 0
                if over > 0:
                    grow = 1 if over <= block_size else (over + block_size - 1) // block_size
                cow = 1 if tokens < capacity and refs[tables[a, length - 1]] > 1 else 0
                if grow + cow > meta[1]:
                    code = NONE
                else:
                    if cow:  # the copy's dst is taken first, and replaces the shared last block
                        src = tables[a, length - 1]
                        refs[src] -= 1
                        tables[a, length - 1] = _take(meta, ring, refs)
                        aux = src
                    for j in range(grow):
                        tables[a, length + j] = _take(meta, ring, refs)
                    nblk[a] = length + grow
                    ntok[a] = tokens + b
                    code = grow + cow
        elif op == FORK:  # a = parent, b = child
            if not _live(ntok, a):
                code = KEY_ERROR
            elif b == a or _live(ntok, b):
                code = VALUE_ERROR
            elif not 0 <= b < max_seqs:
                code = CAPACITY
            else:
                length = nblk[a]
                for j in range(length):
                    block = tables[a, j]
                    tables[b, j] = block
                    refs[block] += 1
                nblk[b] = length
                ntok[b] = ntok[a]
                aux = length
        elif op == FREE:  # a = seq
            if not _live(ntok, a):
                code = KEY_ERROR
            else:
                for j in range(nblk[a] - 1, -1, -1):  # reverse logical order: the tail is reused first
                    block = tables[a, j]
                    refs[block] -= 1
                    if refs[block] == 0:
                        _give_back(meta, ring, block)
                        code += 1
                nblk[a] = 0
                ntok[a] = -1
        elif op == BLOCK_TABLE:  # a = seq
            if not _live(ntok, a):
                code = KEY_ERROR
            else:
                code = nblk[a]
                if code > 0:
                    aux = tables[a, code - 1]
        elif op == NUM_FREE:
            code = meta[1]
        else:
            code = BAD_OPCODE
            if first_bad < 0:
                first_bad = i
        results[i, 0] = code
        results[i, 1] = aux
    return first_bad


# -- the public class ---------------------------------------------------------------------------


def _count(name: str, value: object) -> int:
    if type(value) is not int:
        raise TypeError(f"{name} is {type(value).__name__} {value!r}, not int; pass a whole number")
    return value


class NumbaBlockAllocator:
    """``BlockAllocator`` with the spec's Python API, its state in arrays and its work in ``_run``.

    Each method writes its call into a one-row op buffer, runs the kernel on it and turns
    the status code into the spec's value or exception. ``max_seqs`` bounds the sequence
    ids (0 .. max_seqs - 1): a new sequence outside it raises CapacityError, and an id
    outside it is simply unknown (KeyError) everywhere else.
    """

    def __init__(self, num_blocks: int, block_size: int, *, max_seqs: int = DEFAULT_MAX_SEQS) -> None:
        num_blocks, block_size = _count("num_blocks", num_blocks), _count("block_size", block_size)
        if num_blocks < 0:
            raise ValueError(f"num_blocks is {num_blocks}; pass 0 or more")
        if block_size < 1:
            raise ValueError(f"block_size is {block_size}; pass 1 or more")
        if num_blocks > INT32_MAX or block_size > INT32_MAX:
            raise CapacityError(f"num_blocks={num_blocks}, block_size={block_size}: the numba form stores "
                                f"them as int32, so pass at most {INT32_MAX}")
        if max_seqs < 1 or max_seqs * max(num_blocks, 1) > MAX_TABLE_CELLS:
            raise CapacityError(
                f"max_seqs={max_seqs} x num_blocks={num_blocks} block-table cells is outside "
                f"1..{MAX_TABLE_CELLS}; lower max_seqs or num_blocks"
            )
        self.block_size = block_size
        self.max_seqs = max_seqs
        self._meta, self._ring, self._refs, self._tables, self._nblk, self._ntok = _fresh_state(
            num_blocks, max_seqs)
        self._op = np.zeros((1, 3), dtype=np.int32)
        self._result = np.zeros((1, 2), dtype=np.int32)
        self._kernel_args = self._state() + (block_size, self._op, self._result)

    def _state(self):
        return self._meta, self._ring, self._refs, self._tables, self._nblk, self._ntok

    def _call(self, opcode: int, a: int = 0, b: int = 0) -> tuple[int, int]:
        if not (INT32_MIN <= a <= INT32_MAX and INT32_MIN <= b <= INT32_MAX):
            raise CapacityError(f"argument {a if not INT32_MIN <= a <= INT32_MAX else b} is outside int32; "
                                "the numba form cannot hold it")
        self._op[0] = (opcode, a, b)
        _run(*self._kernel_args)
        code, aux = self._result[0].tolist()
        return code, aux

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

    def allocate(self, seq_id: int, num_tokens: int) -> list[int] | None:
        seq_id, num_tokens = _count("seq_id", seq_id), _count("num_tokens", num_tokens)
        code, _ = self._call(ALLOCATE, seq_id, num_tokens)
        if code == NONE:
            return None
        self._raise(code, "allocate", seq_id, num_tokens)
        return self._tables[seq_id, :code].tolist()

    def append(self, seq_id: int, num_tokens: int = 1) -> tuple[list[int], list[tuple[int, int]]] | None:
        seq_id, num_tokens = _count("seq_id", seq_id), _count("num_tokens", num_tokens)
        before = int(self._nblk[seq_id]) if 0 <= seq_id < self.max_seqs else 0
        code, src = self._call(APPEND, seq_id, num_tokens)
        if code == NONE:
            return None
        self._raise(code, "append", seq_id, num_tokens)
        if src < 0:
            return self._tables[seq_id, before:before + code].tolist(), []
        dst = int(self._tables[seq_id, before - 1])
        return [dst] + self._tables[seq_id, before:before + code - 1].tolist(), [(src, dst)]

    def fork(self, parent_id: int, child_id: int) -> None:
        parent_id, child_id = _count("parent_id", parent_id), _count("child_id", child_id)
        code, _ = self._call(FORK, parent_id, child_id)
        self._raise(code, "fork", parent_id, child_id)

    def free(self, seq_id: int) -> None:
        seq_id = _count("seq_id", seq_id)
        code, _ = self._call(FREE, seq_id)
        self._raise(code, "free", seq_id, 0)

    def block_table(self, seq_id: int) -> list[int]:
        seq_id = _count("seq_id", seq_id)
        code, _ = self._call(BLOCK_TABLE, seq_id)
        self._raise(code, "block_table", seq_id, 0)
        return self._tables[seq_id, :code].tolist()

    def num_free(self) -> int:
        return int(self._meta[1])


def _fresh_state(num_blocks: int, max_seqs: int):
    meta = np.array([0, num_blocks], dtype=np.int64)
    ring = np.arange(num_blocks, dtype=np.int32)  # the queue starts in ascending id order
    refs = np.zeros(num_blocks, dtype=np.int32)
    tables = np.zeros((max_seqs, max(num_blocks, 1)), dtype=np.int32)
    nblk = np.zeros(max_seqs, dtype=np.int32)
    ntok = np.full(max_seqs, -1, dtype=np.int64)
    return meta, ring, refs, tables, nblk, ntok


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


@jit
def _id_range(ops):
    """(smallest, largest) sequence id named in an encoded stream; (INT32_MAX, -1) if none."""
    low, high = INT32_MAX, -1
    for i in range(ops.shape[0]):
        op = ops[i, 0]
        if op != NUM_FREE:
            low, high = min(low, ops[i, 1]), max(high, ops[i, 1])
        if op == FORK:
            low, high = min(low, ops[i, 2]), max(high, ops[i, 2])
    return low, high


def run_stream(init: list, encoded_ops: np.ndarray) -> np.ndarray:
    """Run a whole encoded stream on a fresh ``BlockAllocator(*init)`` in one kernel call.

    Returns an int32 array of [code, aux] rows, one per operation (see the module doc).
    Sequence ids must be 0 or more; the tables get max(seq id) + 1 rows, so no call can
    hit the capacity limit. An unknown opcode raises ValueError after the run.
    """
    num_blocks, block_size = init
    ops = np.ascontiguousarray(encoded_ops, dtype=np.int32)
    if ops.ndim != 2 or ops.shape[1] != 3:
        raise ValueError(f"encoded_ops has shape {ops.shape}; pass encode(ops), an (m, 3) int32 array")
    low, high = _id_range(ops)
    if low < 0:
        raise CapacityError(f"encoded_ops names negative sequence id {low}; the batch entry indexes its tables "
                            "by id, so renumber the sequences from 0")
    state = NumbaBlockAllocator(num_blocks, block_size, max_seqs=max(high + 1, 1))  # checks init, capacity
    results = np.empty((ops.shape[0], 2), dtype=np.int32)
    bad = _run(*state._state(), state.block_size, ops, results)
    if bad >= 0:
        raise ValueError(f"encoded_ops[{bad}] has opcode {ops[bad, 0]}, outside {ALLOCATE}..{NUM_FREE}; "
                         "build the stream with encode(ops)")
    return results
