"""Paged KV-cache block allocator (a design problem): what the data files can't express.

- ``inputs``: a Hypothesis strategy over cases {"init": [num_blocks, block_size], "ops": [...]}
  that reach the interesting corners: exhaustion and ``None``, copy-on-write after a fork,
  re-used sequence ids, error calls in every checking order, zero counts;
- ``FAMILIES``: serving-like streams of n operations for profiling;
- ``validate``, ``describe`` and ``observations`` (what the judge looks at after each step).
"""

from __future__ import annotations

import heapq
import random
from typing import Any, Callable

from hypothesis import strategies as st

from judge.model.scope import ID, SmallScope, call_sequences, integers, tuples
from problems._inputs import check_block_pool, check_calls, check_int, check_keys, live_sequences

SOURCE = "paged-kv-allocator"
MAX_BLOCKS = 4096
MAX_BLOCK_SIZE = 256
MAX_SEQ_ID = 1023
MAX_COUNT = 10**6
MAX_OPS = 10**6
EXAMPLE = {"init": [4, 2], "ops": [["allocate", [1, 3]], ["fork", [1, 2]], ["append", [2, 1]], ["free", [1]]]}
#: Each method and its parameters; append's num_tokens may be left out (default 1).
API = {
    "allocate": ("seq_id", "num_tokens"),
    "append": ("seq_id", "num_tokens"),
    "fork": ("parent_id", "child_id"),
    "free": ("seq_id",),
    "block_table": ("seq_id",),
    "num_free": (),
}
SEQ_PARAMS = {"seq_id", "parent_id", "child_id"}
#: Hypothesis draws sequence ids from 0..POOL-1: small enough that ids clash, come back
#: after a free, and name unknown sequences often.
POOL = 4


# -- Hypothesis ---------------------------------------------------------------------------------


def _op(ids: st.SearchStrategy[int], counts: st.SearchStrategy[int]) -> st.SearchStrategy[list]:
    """One call, as a list of one. The branches are listed so that shrinking goes towards
    allocate with small counts and low ids; negatives appear as a rare second branch."""
    maybe_negative = st.one_of(counts, st.just(-1))
    return st.one_of(
        st.tuples(ids, maybe_negative).map(lambda a: [["allocate", list(a)]]),
        st.tuples(ids, maybe_negative).map(lambda a: [["append", list(a)]]),
        ids.map(lambda s: [["append", [s]]]),  # the default num_tokens=1
        st.tuples(ids, ids).map(lambda a: [["fork", list(a)]]),
        ids.map(lambda s: [["free", [s]]]),
        ids.map(lambda s: [["block_table", [s]]]),
        st.just([["num_free", []]]),
    )


def _shared(ids: st.SearchStrategy[int], block_size: int) -> st.SearchStrategy[list]:
    """allocate, fork, append: the three calls that reach copy-on-write, drawn as one chunk
    (random calls meet them rarely). The fork never names the parent twice, so a shrunk
    failure that needs the chunk shows a real fork, not a rejected fork(x, x)."""
    def chunk(a: tuple) -> list[list]:
        parent, step, tokens, on_child, more = a
        child = (parent + step) % POOL  # never the parent: a fork(x, x) here would only add noise
        return [["allocate", [parent, tokens]], ["fork", [parent, child]],
                ["append", [child if on_child else parent, more]]]

    return st.tuples(ids, st.integers(1, POOL - 1), st.integers(1, 3 * block_size), st.booleans(),
                     st.integers(1, 2 * block_size)).map(chunk)


def _reuse(ids: st.SearchStrategy[int], block_size: int) -> st.SearchStrategy[list]:
    """allocate, allocate, free the first, allocate again: the calls that show where the free
    queue puts a freed block (its tail, or vLLM 0.24+'s front) and in what order a
    sequence's blocks go back, drawn as one chunk so they come up often and shrink together."""
    def chunk(a: tuple) -> list[list]:
        first, step, tokens, other, again = a
        second, third = (first + step) % POOL, (first + 2 * step) % POOL
        return [["allocate", [first, tokens]], ["allocate", [second, other]], ["free", [first]],
                ["allocate", [third, again]]]
    return st.tuples(ids, st.integers(1, POOL - 1), st.integers(1, 3 * block_size), st.integers(1, 2 * block_size),
                     st.integers(1, 3 * block_size)).map(chunk)


@st.composite
def _cases(draw, max_blocks: int, max_ops: int) -> dict:
    """A small pool of sequence ids (0..POOL-1) makes clashes, unknown ids and re-use common;
    about one chunk in nine is allocate + fork + append, so copy-on-write comes up within a
    few steps, and one in nine frees a sequence between allocations, so the free order
    shows; few blocks make exhaustion, and so None and all-or-nothing, routine."""
    num_blocks = draw(st.integers(0, min(8, max_blocks)) | st.integers(0, max_blocks))
    block_size = draw(st.integers(1, 4))
    ids = st.integers(0, POOL - 1)
    counts = st.integers(0, 3 * block_size + 1)
    chunks = draw(st.lists(_op(ids, counts) | _shared(ids, block_size) | _reuse(ids, block_size),
                           max_size=max_ops // 2))
    return {"init": [num_blocks, block_size], "ops": [op for chunk in chunks for op in chunk][:max_ops]}


def inputs(max_blocks: int = 64, max_ops: int = 40) -> st.SearchStrategy[dict]:
    """Valid cases: mostly at most 8 blocks and 40 calls, so failures shrink small."""
    if not 0 <= max_blocks <= MAX_BLOCKS:
        raise ValueError(f"max_blocks={max_blocks} is outside 0..{MAX_BLOCKS}; pass a value in that range")
    return _cases(max_blocks, max_ops)


# -- families: serving-like streams -------------------------------------------------------------


class _Shadow:
    """Just enough of the allocator to know whether a call will succeed: block identities
    are fresh integers, no queue order. Written apart from the reference forms on purpose."""

    def __init__(self, num_blocks: int, block_size: int) -> None:
        self.free, self.block_size, self.next = num_blocks, block_size, 0
        self.refs: dict[int, int] = {}
        self.tables: dict[int, list[int]] = {}
        self.tokens: dict[int, int] = {}

    def _new(self) -> int:
        self.next += 1
        self.refs[self.next] = 1
        self.free -= 1
        return self.next

    def append_need(self, seq: int, n: int) -> int:
        t, table = self.tokens[seq], self.tables[seq]
        cow = n > 0 and t % self.block_size != 0 and self.refs[table[-1]] > 1
        return -(-(t + n) // self.block_size) - len(table) + cow

    def allocate(self, seq: int, n: int) -> bool:
        need = -(-n // self.block_size)
        if need > self.free:
            return False
        self.tables[seq] = [self._new() for _ in range(need)]
        self.tokens[seq] = n
        return True

    def append(self, seq: int, n: int) -> bool:
        need = self.append_need(seq, n)
        if n == 0:
            return True
        if need > self.free:
            return False
        table, t = self.tables[seq], self.tokens[seq]
        if t % self.block_size and self.refs[table[-1]] > 1:
            self.refs[table[-1]] -= 1
            table[-1] = self._new()
            need -= 1
        table += [self._new() for _ in range(need)]
        self.tokens[seq] = t + n
        return True

    def fork(self, parent: int, child: int) -> None:
        for block in self.tables[parent]:
            self.refs[block] += 1
        self.tables[child] = list(self.tables[parent])
        self.tokens[child] = self.tokens[parent]

    def free_seq(self, seq: int) -> None:
        for block in self.tables.pop(seq):
            self.refs[block] -= 1
            if not self.refs[block]:
                del self.refs[block]
                self.free += 1
        del self.tokens[seq]


def _serving(n: int, rng: random.Random, *, num_blocks: int, block_size: int, prompt: tuple[int, int],
             output: tuple[int, int], fork_p: float, width: tuple[int, int], max_running: int,
             check_admission: bool) -> dict:
    """A scheduler loop: admit prompts (allocate), decode one token per step on a running
    sequence (append), fork some requests into parallel samples, free a request when it has
    its output, and preempt (free) the newest request when an append finds no block. Ids are
    the smallest free ones, so freed ids come back. With check_admission False, the scheduler
    tries allocate blindly and some calls return None."""
    shadow = _Shadow(num_blocks, block_size)
    ops: list[list] = []
    free_ids = list(range(MAX_SEQ_ID + 1))  # a heap of unused ids
    running: list[int] = []  # in admission order
    remaining: dict[int, int] = {}
    while len(ops) < n:
        if len(running) < max_running and (not running or rng.random() < 0.08):
            seq, tokens = heapq.heappop(free_ids), rng.randint(*prompt)
            fits = -(-tokens // block_size) <= shadow.free
            if fits or not check_admission:
                ops.append(["allocate", [seq, tokens]])
            if fits:
                shadow.allocate(seq, tokens)
                running.append(seq)
                remaining[seq] = rng.randint(*output)
                samples = rng.randint(*width) - 1 if rng.random() < fork_p else 0
                for _ in range(min(samples, max_running - len(running))):
                    child = heapq.heappop(free_ids)
                    ops.append(["fork", [seq, child]])
                    shadow.fork(seq, child)
                    running.append(child)
                    remaining[child] = rng.randint(*output)
            else:
                heapq.heappush(free_ids, seq)
            continue
        seq = running[rng.randrange(len(running))]
        ops.append(["append", [seq, 1]])
        if shadow.append(seq, 1):
            remaining[seq] -= 1
            if remaining[seq] > 0:
                continue
            victim = seq  # finished
        else:
            victim = running[-1]  # preempted: recomputed later, as vLLM does
        ops.append(["free", [victim]])
        shadow.free_seq(victim)
        running.remove(victim)
        del remaining[victim]
        heapq.heappush(free_ids, victim)
    return {"init": [num_blocks, block_size], "ops": ops[:n]}


def _decode_family(n: int, rng: random.Random) -> dict:
    """Chat serving: 1024 blocks of 16, prompts of 16..512 tokens, 16..256 output tokens,
    one request in ten sampled 2..4 ways with fork. Mostly one-token appends."""
    return _serving(n, rng, num_blocks=1024, block_size=16, prompt=(16, 512), output=(16, 256),
                    fork_p=0.1, width=(2, 4), max_running=40, check_admission=True)


def _sampling_family(n: int, rng: random.Random) -> dict:
    """Parallel sampling: every request forks into 4..8 samples, so the first append of
    each sample copies the shared partly filled prompt block (copy-on-write)."""
    return _serving(n, rng, num_blocks=2048, block_size=16, prompt=(8, 256), output=(8, 64),
                    fork_p=1.0, width=(4, 8), max_running=256, check_admission=True)


def _pressure_family(n: int, rng: random.Random) -> dict:
    """Memory pressure: 64 blocks of 4 tokens and a scheduler that admits blindly, so
    allocate returns None, appends run out of blocks and requests get preempted."""
    return _serving(n, rng, num_blocks=64, block_size=4, prompt=(1, 40), output=(1, 40),
                    fork_p=0.2, width=(2, 3), max_running=32, check_admission=False)


FAMILIES: dict[str, Callable[[int, random.Random], dict]] = {
    "decode": _decode_family,
    "sampling": _sampling_family,
    "pressure": _pressure_family,
}


# -- validation, labels, observations -----------------------------------------------------------


def validate(inp: Any, source: str = SOURCE) -> None:
    """Raise InvalidInput, with a one-line message, if ``inp`` is not a valid case.
    ``source`` names the problem in the messages (the LIFO variant shares these rules)."""
    check_keys(inp, ("init", "ops"), source, EXAMPLE)
    check_block_pool(inp["init"], MAX_BLOCKS, MAX_BLOCK_SIZE, source)
    for i, name, args in check_calls(inp["ops"], API, MAX_OPS, source, optional_last=frozenset({"append"})):
        for param, value in zip(API[name], args):
            if param in SEQ_PARAMS:
                check_int(f"ops[{i}] {param}", value, 0, MAX_SEQ_ID, source)
            else:
                check_int(f"ops[{i}] {param}", value, -MAX_COUNT, MAX_COUNT, source)


def describe(inp: dict) -> str:
    """A short size label, e.g. '8 blocks of 2, 12 ops'."""
    num_blocks, block_size = inp["init"]
    return f"{num_blocks} blocks of {block_size}, {len(inp['ops'])} ops"


def observations(history: list) -> list[list]:
    """After each call: num_free(), then block_table(s) of every live sequence, by id."""
    return [["num_free", []]] + [["block_table", [s]] for s in sorted(live_sequences(history))]


# -- the small scope ------------------------------------------------------------------------------

#: Every call sequence of up to 2 calls on a pool of up to 3 blocks of up to 2 tokens, with
#: arguments of total size up to 12 (3 calls would be some 29,000 cases). Sequence ids are
#: renamed in order of first use (the first id a case names is 0, the next new one 1), so
#: each case is enumerated once. num_free() is left out of the calls: the judge observes it
#: after every call anyway.
SCOPE_ARGUMENTS = 12
SMALL_SCOPE = SmallScope(
    call_sequences(
        tuples(integers(0, 3), integers(1, 2)),
        [("allocate", (ID, integers(-1, 4))), ("append", (ID, integers(-1, 4))), ("append", (ID,)),
         ("fork", (ID, ID)), ("free", (ID,)), ("block_table", (ID,))],
        max_arguments=SCOPE_ARGUMENTS,
    ),
    bound=2,
    unit="calls",
    within=f"arguments of size <= {SCOPE_ARGUMENTS}",
    rule="size = (the number of calls, then the size of all arguments: each argument counts one plus "
         "its absolute value, the constructor's included); of one size, calls in the order allocate, "
         "append, append with the default, fork, free, block_table, smaller arguments first",
    up_to="renaming the sequence ids",
)
