"""vLLM-sized serving streams for the block allocators, and the floors they are timed against.

A stream is what a vLLM-like scheduler asks of its block pool: up to ``max_running``
sequences run at once; every step admits waiting requests while a slot and their prompt's
blocks are free (``allocate``), then decodes one token for every running sequence, in
admission order (``append``); a request that has its output is freed, and when an append
finds no free block the newest request is preempted (freed, and later admitted again with
the tokens it had, as vLLM recomputes a preempted request). Sequence ids are the smallest
free ones, so they stay in ``0 .. max_running - 1`` and come back.

Request lengths are ShareGPT-like: ``judge.labs.serving.workloads.sample("sharegpt", ...)``, a
lognormal with the means the vLLM paper reports for ShareGPT (Kwon et al., SOSP 2023,
Fig. 11a: 161.31 prompt and 337.99 output tokens; the shape, sigma = 1, is an
assumption, as that module says), each pair capped at ``max_model_len``.

The floors replay the same encoded stream with nothing but a FIFO ring of free block ids
and a per-block ``prev`` link, the least state that can say which block every call takes
and give a freed sequence's blocks back, last block first: no validation, no refcounts,
no result rows. Each returns a checksum over every block id taken, so a benchmark can
assert that the floor and the allocator it bounds handed out the same ids.
"""

from __future__ import annotations

import heapq
import random

import numpy as np

from judge.labs.serving.workloads import sample
from solutions._jit import jit
from solutions.paged_kv_allocator import numba as paged
from solutions.prefix_cache import numba as prefix

NUM_BLOCKS = 100_000
BLOCK_SIZE = 16
MAX_RUNNING = 1024
MAX_MODEL_LEN = 4096
SYSTEM_PROMPTS = 8  # the prefix-cache stream's shared system prompts
VOCAB = 32000


def _blocks(tokens: int, block_size: int) -> int:
    return -(-tokens // block_size)


def _schedule(n: int, seed: int, num_blocks: int, block_size: int, max_running: int, max_model_len: int,
              prompt_of, emit) -> None:
    """The scheduler loop of the module doc. ``prompt_of(index, prompt_len)`` makes request
    ``index``'s prompt (a length or a token list); ``emit(kind, seq, payload)`` records a
    call: ``("allocate", seq, prompt)``, ``("append", seq, 1)`` or ``("free", seq, None)``.
    Stops after n calls."""
    rng = random.Random(seed)
    pairs = _lengths(seed, max_model_len)
    free_ids = list(range(max_running))
    free = num_blocks
    running: list[list] = []  # [seq, tokens held, outputs left, prompt], in admission order
    waiting: list[list] = []  # preempted requests come back first: [prompt, outputs left]
    made = count = 0
    while count < n:
        while len(running) < max_running:
            if not waiting:
                prompt_len, output = next(pairs)
                waiting.append([prompt_of(made, prompt_len), output])
                made += 1
            prompt, output = waiting[0]
            length = prompt if isinstance(prompt, int) else len(prompt)
            if _blocks(length, block_size) > free:
                break
            waiting.pop(0)
            seq = heapq.heappop(free_ids)
            emit("allocate", seq, prompt)
            count += 1
            free -= _blocks(length, block_size)
            running.append([seq, length, output, prompt])
        still = []
        for entry in running:
            if count >= n:
                return
            seq, tokens, left, prompt = entry
            if entry[2] < 0:  # preempted earlier in this step
                continue
            needs = tokens % block_size == 0
            if needs and free == 0:
                victim = running[-1] if running[-1][2] >= 0 and running[-1] is not entry else entry
                emit("free", victim[0], None)
                count += 1
                free += _blocks(victim[1], block_size)
                heapq.heappush(free_ids, victim[0])
                waiting.insert(0, [_grown(victim[3], victim[1], rng), victim[2]])
                victim[2] = -1
                if victim is entry:
                    continue
            emit("append", seq, 1)
            count += 1
            free -= needs
            entry[1], entry[2] = tokens + 1, left - 1
            if entry[2] == 0:
                if count >= n:
                    return
                emit("free", seq, None)
                count += 1
                free += _blocks(entry[1], block_size)
                heapq.heappush(free_ids, seq)
            else:
                still.append(entry)
        running = [entry for entry in still if entry[2] >= 0]


def _lengths(seed: int, max_model_len: int):
    """Endless ShareGPT-like (prompt, output) pairs, drawn a thousand at a time."""
    chunk = 0
    while True:
        yield from sample("sharegpt", 1000, max_model_len, seed * 7919 + chunk)
        chunk += 1


def _grown(prompt, tokens: int, rng: random.Random):
    """A preempted request's new prompt: everything it held, recomputed on readmission."""
    if isinstance(prompt, int):
        return tokens
    return list(prompt) + [rng.randrange(VOCAB) for _ in range(tokens - len(prompt))]


def paged_case(n: int, seed: int, num_blocks: int = NUM_BLOCKS, block_size: int = BLOCK_SIZE,
               max_running: int = MAX_RUNNING, max_model_len: int = MAX_MODEL_LEN) -> dict:
    """n calls for the paged allocator: ``{"init": [...], "ops": [...]}`` and its encoding."""
    ops: list[list] = []

    def emit(kind, seq, payload):
        ops.append([kind, [seq] if kind == "free" else [seq, payload]])

    _schedule(n, seed, num_blocks, block_size, max_running, max_model_len, lambda i, length: length, emit)
    return {"init": [num_blocks, block_size], "ops": ops, "encoded": paged.encode(ops)}


def prefix_case(n: int, seed: int, num_blocks: int = NUM_BLOCKS, block_size: int = BLOCK_SIZE,
                max_running: int = MAX_RUNNING, max_model_len: int = MAX_MODEL_LEN) -> dict:
    """n calls for the prefix cache: every prompt is one of SYSTEM_PROMPTS shared system
    prompts (4 to 32 blocks each) followed by a ShareGPT-length user turn of fresh tokens;
    every decode step appends one fresh token."""
    rng = random.Random(seed ^ 0xC0FFEE)
    systems = [[rng.randrange(VOCAB) for _ in range(rng.randrange(4, 33) * block_size)]
               for _ in range(SYSTEM_PROMPTS)]
    ops: list[list] = []

    def prompt_of(index: int, length: int) -> list[int]:
        return systems[index % SYSTEM_PROMPTS] + [rng.randrange(VOCAB) for _ in range(length)]

    def emit(kind, seq, payload):
        if kind == "allocate":
            ops.append(["allocate", [seq, payload]])
        elif kind == "append":
            ops.append(["append", [seq, [rng.randrange(VOCAB)]]])
        else:
            ops.append(["free", [seq]])

    _schedule(n, seed, num_blocks, block_size, max_running, max_model_len + 32 * block_size, prompt_of, emit)
    encoded, _ = prefix.encode(ops)
    return {"init": [num_blocks, block_size], "ops": ops, "encoded": encoded}


# -- the floors ---------------------------------------------------------------------------------


@jit
def paged_floor(ops, num_blocks, block_size, max_seqs):
    """Replay paged-allocator rows [opcode, a, b] (allocate, append, free only) on a bare
    FIFO ring. Returns sum over calls i of (i + 1) * (the call's ids checksum), the same
    total as ``ids_total`` of run_stream's rows."""
    ring = np.arange(num_blocks, dtype=np.int32)
    prev = np.empty(num_blocks, dtype=np.int32)
    last = np.full(max_seqs, -1, dtype=np.int32)
    ntok = np.zeros(max_seqs, dtype=np.int64)
    nblk = np.zeros(max_seqs, dtype=np.int32)
    head = 0
    size = num_blocks
    total = 0
    for i in range(ops.shape[0]):
        op, seq, count = ops[i, 0], ops[i, 1], ops[i, 2]
        ids = 0
        if op == paged.APPEND:
            if ntok[seq] == nblk[seq] * block_size:  # one token past a full block
                block = ring[head]
                head = head + 1 if head + 1 < num_blocks else 0
                size -= 1
                prev[block] = last[seq]
                last[seq] = block
                nblk[seq] += 1
                ids = np.int64(block) + 1
            ntok[seq] += 1
        elif op == paged.ALLOCATE:
            need = (count + block_size - 1) // block_size
            end = -1
            for j in range(need):
                block = ring[head]
                head = head + 1 if head + 1 < num_blocks else 0
                prev[block] = end
                end = block
                ids += (j + 1) * (np.int64(block) + 1)
            size -= need
            last[seq] = end
            nblk[seq] = need
            ntok[seq] = count
        elif op == paged.FREE:
            block = last[seq]
            j = 0
            while block >= 0:
                tail = head + size
                ring[tail - num_blocks if tail >= num_blocks else tail] = block
                size += 1
                j += 1
                ids += j * (np.int64(block) + 1)
                block = prev[block]
            last[seq] = -1
            nblk[seq] = 0
            ntok[seq] = 0
        total += (i + 1) * np.int64(np.int32(ids))  # run_stream's rows hold ids wrapped to int32
    return total


@jit
def ids_total(ids):
    """sum over i of (i + 1) * ids[i], wrapping like the kernels' int64 arithmetic."""
    total = 0
    for i in range(ids.shape[0]):
        total += (i + 1) * np.int64(ids[i])
    return total


@jit
def prefix_floor(enc, num_blocks, block_size, max_seqs):
    """Replay prefix-cache rows (opcode, seq, n, n tokens) on a bare FIFO ring by token
    counts alone: no keys, no hits, no cache. Returns the number of blocks taken (the
    prefix cache takes fewer: its hits)."""
    ring = np.arange(num_blocks, dtype=np.int32)
    prev = np.empty(num_blocks, dtype=np.int32)
    last = np.full(max_seqs, -1, dtype=np.int32)
    ntok = np.zeros(max_seqs, dtype=np.int64)
    head = 0
    size = num_blocks
    taken = 0
    pos = 0
    while pos < enc.shape[0]:
        op, seq, count = enc[pos], enc[pos + 1], enc[pos + 2]
        pos += 3 + count
        if op == prefix.ALLOCATE or op == prefix.APPEND:
            have = (ntok[seq] + block_size - 1) // block_size
            need = (ntok[seq] + count + block_size - 1) // block_size - have
            end = last[seq]
            for _ in range(need):
                block = ring[head]
                head = head + 1 if head + 1 < num_blocks else 0
                prev[block] = end
                end = block
            size -= need
            taken += need
            last[seq] = end
            ntok[seq] += count
        elif op == prefix.FREE:
            block = last[seq]
            while block >= 0:
                tail = head + size
                ring[tail - num_blocks if tail >= num_blocks else tail] = block
                size += 1
                block = prev[block]
            last[seq] = -1
            ntok[seq] = 0
    return taken
