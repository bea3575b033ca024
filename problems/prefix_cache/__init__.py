"""Prefix Cache (vLLM v1 automatic prefix caching): what the data files can't express.

- ``inputs``: a Hypothesis strategy over valid cases that reach the interesting states;
- ``FAMILIES``: serving-like streams of n operations for profiling;
- ``validate``, ``describe`` and ``observations``: the constraints check, a size label,
  and the calls the judge makes after every step to compare what the object shows.
"""

from __future__ import annotations

import random
from typing import Any, Callable

from hypothesis import strategies as st

from judge.errors import InvalidInput
from judge.model.scope import ID, SmallScope, call_sequences, integers, lists, tuples
from problems._inputs import check_block_pool, check_calls, check_int, check_keys, check_length, live_sequences, show

SOURCE = "prefix-cache"
MAX_BLOCKS = 4096
MAX_BLOCK_SIZE = 256
MAX_SEQ_ID = 1023
MAX_TOKEN = 2**31 - 1
MAX_TOKENS = 10**6  # tokens in one call
MAX_OPS = 10**6
API = {  # method -> parameters
    "allocate": ("seq_id", "tokens"),
    "append": ("seq_id", "tokens"),
    "free": ("seq_id",),
    "block_table": ("seq_id",),
    "num_free": (),
    "cached_blocks": (),
}
EXAMPLE = {"init": [4, 2], "ops": [["allocate", [1, [7, 7, 8]]], ["allocate", [2, [7, 7, 9]]]]}


# -- Hypothesis: short cases over a tiny vocabulary, so prefixes collide on purpose -------

@st.composite
def _prompt(draw, bases: list[list[int]], block_size: int) -> list[int]:
    """One of the shared bases cut at a block edge (or anywhere), half the time with a
    few more tokens: repeats, block-aligned repeats (the len - 1 cap) and near misses."""
    base = draw(st.sampled_from(bases))
    edges = [k * block_size for k in range(len(base) // block_size, -1, -1)]
    cut = draw(st.one_of(st.sampled_from(edges), st.integers(0, len(base))))
    extra = draw(st.one_of(st.just([]), st.lists(st.integers(0, 2), min_size=1, max_size=block_size + 1)))
    return base[:cut] + extra


@st.composite
def _cases(draw) -> dict:
    """Few blocks (0..10, so the queue runs dry and evicts), blocks of 1..4 tokens, and
    prompts cut from one to three shared bases over the tokens 0..2, so hits, the
    len - 1 cap, touches from the middle of the queue, LRU eviction of cached blocks and
    first-writer-wins duplicates all happen within a dozen calls.

    The draw follows which seq ids it believes live (as if every allocate succeeded):
    allocate mostly picks an id that is not live, free and append mostly one that is,
    so sequences live, grow and die instead of tripping over their own ids; the rest
    of the time any id in 0..5, which makes the ValueError and KeyError cases."""
    block_size = draw(st.integers(1, 4))
    num_blocks = draw(st.one_of(st.integers(2, 5), st.integers(0, 10)))  # mostly tight
    bases = draw(st.lists(st.lists(st.integers(0, 2), min_size=block_size, max_size=3 * block_size),
                          min_size=1, max_size=2))
    any_id = st.integers(0, 5)
    live: list[int] = []
    ops: list[list] = []
    for _ in range(draw(st.integers(0, 24))):
        kind = draw(st.sampled_from(["allocate", "allocate", "free", "free", "append", "append", "query"]))
        if kind == "allocate":
            idle = [s for s in range(6) if s not in live]
            seq = draw(st.sampled_from(idle) if idle and draw(st.integers(0, 9)) else any_id)
            ops.append(["allocate", [seq, draw(_prompt(bases, block_size))]])
            if seq not in live:
                live.append(seq)
            continue
        seq = draw(st.sampled_from(live) if live and draw(st.integers(0, 9)) else any_id)
        if kind == "free":
            ops.append(["free", [seq]])
            if seq in live:
                live.remove(seq)
        elif kind == "append":
            size = draw(st.sampled_from([1, 1, 0, 2, block_size, 2 * block_size + 1]))
            ops.append(["append", [seq, draw(st.lists(st.integers(0, 2), min_size=size, max_size=size))]])
        else:
            ops.append(draw(st.sampled_from([["block_table", [seq]], ["num_free", []], ["cached_blocks", []]])))
    return {"init": [num_blocks, block_size], "ops": ops}


@st.composite
def _follow_ups(draw) -> dict:
    """Multi-turn chat in miniature: up to three conversations start, maybe grow, and are
    freed in a drawn order (so their cached blocks sit in the free queue in every order,
    sometimes with an unrelated prompt popped in between); then follow-ups extend some of
    them. Whether a follow-up's hits lie ahead of its fresh blocks in the queue, or at
    its head, or were evicted, is what the order of touches and pops decides."""
    block_size = draw(st.integers(1, 3))
    num_blocks = draw(st.integers(1, 8))
    token = st.integers(0, 2)
    starts = draw(st.lists(st.lists(token, min_size=1, max_size=3 * block_size), min_size=1, max_size=3))
    texts = [list(t) for t in starts]
    ops: list[list] = [["allocate", [i, t]] for i, t in enumerate(starts)]
    for i in draw(st.lists(st.integers(0, len(starts) - 1), max_size=3)):
        more = draw(st.lists(token, min_size=1, max_size=block_size + 1))
        ops.append(["append", [i, more]])
        texts[i] += more
    for i in draw(st.permutations(range(len(starts)))):
        ops.append(["free", [i]])
        if draw(st.integers(0, 3)) == 3:  # shrinks (towards 0) to no filler
            ops.append(["allocate", [5, draw(st.lists(token, max_size=block_size + 1))]])
            ops.append(["free", [5]])
    for j, i in enumerate(draw(st.lists(st.integers(0, len(starts) - 1), min_size=1, max_size=3))):
        ops.append(["allocate", [3 + j, texts[i] + draw(st.lists(token, max_size=block_size + 1))]])
    return {"init": [num_blocks, block_size], "ops": ops}


def inputs() -> st.SearchStrategy[dict]:
    """Valid {"init", "ops"} cases: mostly short, shrinking to a few calls. Random streams
    over shared prompts, and follow-ups to freed conversations (where a touch from the
    middle of the queue, or its head, happens most)."""
    return st.one_of(_cases(), _follow_ups())


# -- families: serving-like streams ---------------------------------------------------------

VOCAB = 32000


USER_TURN = 160  # a prompt adds 1..159 new tokens
OUTPUT = 512  # a request decodes 1..511 tokens (a chunk may overshoot by up to 7)


def _worst_blocks(block_size: int, history_cap: int) -> int:
    """The most blocks one request can hold: the longest prompt plus its whole output."""
    longest = max(history_cap, 6 * block_size) + USER_TURN - 1 + OUTPUT - 1 + 7
    return -(-longest // block_size)


def _serving(n: int, rng: random.Random, block_size: int, concurrency: int, follow_up: float,
             history_cap: int) -> dict:
    """n calls of a serving loop. Requests arrive while fewer than ``concurrency`` run; a
    prompt is one of four system prompts plus a user turn, or (with probability
    ``follow_up``) a finished conversation (up to ``history_cap`` tokens) plus a new
    turn, which is where prefix caching pays. Each step decodes one token for a random
    running request (sometimes a chunk of 2..8), and a request that has produced its
    output is freed. Seq ids are the smallest free ids, so they are reused.

    ``num_blocks`` is ``concurrency`` times the most blocks one request can hold, so no
    call ever returns None or raises (a profile times calls, not errors), while the
    free queue still cycles and evicts cached blocks as any cache must."""
    num_blocks = concurrency * _worst_blocks(block_size, history_cap)
    systems = [[rng.randrange(VOCAB) for _ in range(rng.randrange(2, 7) * block_size)] for _ in range(4)]
    finished: list[list[int]] = []
    running: dict[int, list] = {}  # seq id -> [tokens so far, decode steps left]
    spare: list[int] = []
    next_id = 0
    ops: list[list] = []
    while len(ops) < n:
        if not running or (len(running) < concurrency and rng.random() < 0.08):
            if finished and rng.random() < follow_up:
                prompt = list(rng.choice(finished))
            else:
                prompt = list(rng.choice(systems))
            prompt += [rng.randrange(VOCAB) for _ in range(rng.randrange(1, USER_TURN))]
            if spare:
                seq = min(spare)
                spare.remove(seq)
            else:
                seq, next_id = next_id, next_id + 1
            ops.append(["allocate", [seq, prompt]])
            running[seq] = [prompt, rng.randrange(1, OUTPUT)]
            continue
        seq = rng.choice(list(running))
        tokens, left = running[seq]
        if left == 0:
            ops.append(["free", [seq]])
            del running[seq]
            spare.append(seq)
            if len(tokens) <= history_cap:
                finished = (finished + [tokens])[-16:]
            continue
        chunk = [rng.randrange(VOCAB) for _ in range(1 if rng.random() < 0.95 else rng.randrange(2, 9))]
        ops.append(["append", [seq, chunk]])
        tokens.extend(chunk)  # the request's own list: finished ones are never extended
        running[seq][1] = max(left - len(chunk), 0)
    return {"init": [num_blocks, block_size], "ops": ops[:n]}


def _shared_prompts_family(n: int, rng: random.Random) -> dict:
    """32 concurrent requests in 3424 blocks of 16, half of the prompts follow-ups to
    conversations of up to 1024 tokens: long cache hits, and the queue rarely reaches
    the cached blocks of the common prefixes before they are touched again."""
    return _serving(n, rng, 16, 32, 0.5, 1024)


def _memory_pressure_family(n: int, rng: random.Random) -> dict:
    """8 concurrent requests in 600 blocks of 16, 30% follow-ups to conversations of up
    to 512 tokens: about half the blocks sit free but cached, and the LRU queue evicts
    them steadily, so follow-ups often find only the leading part of their prefix."""
    return _serving(n, rng, 16, 8, 0.3, 512)


FAMILIES: dict[str, Callable[[int, random.Random], dict]] = {
    "shared-prompts": _shared_prompts_family,
    "memory-pressure": _memory_pressure_family,
}


# -- validation, description, observations ------------------------------------------------

def _check_tokens(name: str, value: Any, source: str) -> None:
    if not isinstance(value, list):
        raise InvalidInput(f"{name} is {type(value).__name__} {show(value)}, not list; pass tokens as a list of ints")
    check_length(name, len(value), 0, MAX_TOKENS, source, "tokens")
    for index, token in enumerate(value):
        if type(token) is not int or not 0 <= token <= MAX_TOKEN:
            check_int(f"{name}[{index}]", token, 0, MAX_TOKEN, source)


def validate(inp: Any, source: str = SOURCE) -> None:
    """Raise InvalidInput, with a one-line message, if ``inp`` is not a valid case.
    ``source`` names the problem in the messages (the LIFO variant shares these rules)."""
    check_keys(inp, ("init", "ops"), source, EXAMPLE)
    check_block_pool(inp["init"], MAX_BLOCKS, MAX_BLOCK_SIZE, source)
    for i, name, args in check_calls(inp["ops"], API, MAX_OPS, source):
        for param, value in zip(API[name], args):
            if param == "seq_id":
                check_int(f"ops[{i}] seq_id", value, 0, MAX_SEQ_ID, source)
            else:
                _check_tokens(f"ops[{i}] tokens", value, source)


def describe(inp: dict) -> str:
    """A short size label, e.g. '8 blocks of 2, 12 ops, 40 tokens'."""
    num_blocks, block_size = inp["init"]
    tokens = sum(len(args[1]) for name, args in inp["ops"] if name in ("allocate", "append"))
    return f"{num_blocks} blocks of {block_size}, {len(inp['ops'])} ops, {tokens} tokens"


def observations(history: list) -> list[list]:
    """After each call: num_free(), cached_blocks(), then block_table(s) of every live seq, by id."""
    return [["num_free", []], ["cached_blocks", []]] + [["block_table", [s]] for s in sorted(live_sequences(history))]


# -- the small scope ------------------------------------------------------------------------------

#: Every call sequence of up to 2 calls on a pool of up to 3 blocks of up to 2 tokens, with
#: token ids 0..2 and arguments of total size up to 9. Sequence ids are renamed in order of
#: first use, so each case is enumerated once. num_free() and cached_blocks() are left out of
#: the calls: the judge observes them after every call anyway.
SCOPE_ARGUMENTS = 9
SMALL_SCOPE = SmallScope(
    call_sequences(
        tuples(integers(0, 3), integers(1, 2)),
        [("allocate", (ID, lists(integers(0, 2)))), ("append", (ID, lists(integers(0, 2)))),
         ("free", (ID,)), ("block_table", (ID,))],
        max_arguments=SCOPE_ARGUMENTS,
    ),
    bound=2,
    unit="calls",
    within=f"arguments of size <= {SCOPE_ARGUMENTS}",
    rule="size = (the number of calls, then the size of all arguments: each argument counts one plus "
         "its absolute value, a token list one per token plus the tokens, the constructor's included); "
         "of one size, calls in the order allocate, append, free, block_table, smaller arguments first",
    up_to="renaming the sequence ids",
)
